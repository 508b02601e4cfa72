package io.deltad.app;

import io.deltad.io.SessionSpec;
import io.deltad.schema.SchemaRegistry;
import io.deltad.store.ChunkStore;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** An engine driven by the test thread: every agent's doWork() called in turn, time advanced by hand. */
final class EngineHarness implements AutoCloseable {
    static final SchemaRegistry SCHEMAS = SchemaRegistry.load(testSchemaDir());

    final CachedNanoClock clock = new CachedNanoClock();
    final ChunkStore store;
    final CountersManager countersManager;
    final Engine engine;

    EngineHarness(final Consumer<EngineContext> configure) {
        this(1 << 16, 64L << 20, configure);
    }

    EngineHarness(final int chunkSize, final long storeBytes, final Consumer<EngineContext> configure) {
        clock.update(1_000_000_000L);
        store = ChunkStore.anonymous(storeBytes, chunkSize);
        countersManager = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 20)), new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 18)));
        final EngineContext ctx = new EngineContext()
            .store(store).schemas(SCHEMAS).countersManager(countersManager).clock(clock)
            .ioToDocRingBytes(1 << 16).docToIoRingBytes(1 << 16).commandRingBytes(1 << 16)
            .sessionInboundBytes(1 << 16).sessionOutboundBytes(1 << 20);
        configure.accept(ctx);
        engine = new Engine(ctx);
    }

    static Path testSchemaDir() {
        try {
            return Path.of(EngineHarness.class.getResource("/test-schemas").toURI());
        } catch (final URISyntaxException ex) {
            throw new IllegalStateException(ex);
        }
    }

    TestClient connect(final SessionSpec spec) {
        final TestClient client = new TestClient(engine.connect(spec));
        engine.doWorkAll(); // attach
        return client;
    }

    TestClient connect() {
        return connect(SessionSpec.trusted("test", "owner"));
    }

    /** Runs duty cycles until nothing moves (or a bound), then polls the clients. */
    void settle(final TestClient... clients) {
        for (int i = 0; i < 10_000; i++) {
            if (engine.doWorkAll() == 0) {
                break;
            }
        }
        for (final TestClient client : clients) {
            client.poll();
        }
    }

    void advanceNs(final long ns) {
        clock.update(clock.nanoTime() + ns);
    }

    void until(final BooleanSupplier condition, final TestClient... clients) {
        for (int i = 0; i < 100_000 && !condition.getAsBoolean(); i++) {
            engine.doWorkAll();
            for (final TestClient client : clients) {
                client.poll();
            }
        }
        if (!condition.getAsBoolean()) {
            throw new AssertionError("condition not reached");
        }
    }

    long counter(final String label) {
        final long[] value = {-1};
        final CountersReader reader = countersManager;
        reader.forEach((counterId, typeId, keyBuffer, l) -> {
            if (l.equals(label)) {
                value[0] = reader.getCounterValue(counterId);
            }
        });
        return value[0];
    }

    @Override
    public void close() {
        engine.close();
        store.close();
    }
}
