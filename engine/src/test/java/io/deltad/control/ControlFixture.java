package io.deltad.control;

import io.deltad.app.Appliance;
import io.deltad.conductor.Conductor;
import io.deltad.config.DeltadConfig;
import io.deltad.io.local.LocalClient;
import io.deltad.wire.FrameHeader;
import io.deltad.wire.FrameType;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** A real appliance in this JVM with its control socket in a temporary directory, and helpers to poke at it. */
final class ControlFixture {
    /** The opaque test type: {@code blob}, type id 3. */
    static final int BLOB = 3;

    private ControlFixture() {
    }

    static DeltadConfig.Builder config(final Path dir) throws IOException {
        final Path schemas = Files.createDirectories(dir.resolve("schemas"));
        Files.writeString(schemas.resolve("blob.toml"), "[type]\nname = \"blob\"\nid = 3\nopaque = true\n");
        return DeltadConfig.builder(dir)
            .set("node.name", "ctl-test")
            .set("schemas.dir", schemas.toString())
            .set("counters.file", dir.resolve("counters.dat").toString())
            .set("control.socket", dir.resolve("run/control.sock").toString())
            .set("store.size", "16MiB");
    }

    static Appliance start(final Path dir) throws IOException {
        return Appliance.start(config(dir).build(), () -> { });
    }

    /** Runs {@code query} on the Conductor's thread and returns its answer. */
    static <T> T onConductor(final Appliance appliance, final Function<Conductor, T> query) throws Exception {
        final CompletableFuture<T> answer = new CompletableFuture<>();
        while (!appliance.engine().conductor().execute(c -> answer.complete(query.apply(c)))) {
            Thread.onSpinWait();
        }
        return answer.get(5, TimeUnit.SECONDS);
    }

    /** @return whether the Conductor has {@code docId} on an elastic agent now. */
    static boolean isElastic(final Appliance appliance, final long docId) throws Exception {
        return onConductor(appliance, c -> c.isElastic(docId));
    }

    /** Sends one 8-byte opaque delta; drains the client's replies so its outbound ring never fills. */
    static void sendDelta(final LocalClient client, final long docId, final long seq) {
        final MemorySegment frame = Arena.ofAuto().allocate(64, 8);
        new FrameHeader().wrap(frame, 0).write(FrameType.DELTA, 0, docId, seq, 8);
        while (!client.send(frame, 0, FrameHeader.LENGTH + 8)) {
            client.poll((segment, offset, length) -> { }, 1024);
            Thread.onSpinWait();
        }
        client.poll((segment, offset, length) -> { }, 1024);
    }

    /** Open file descriptors of this process. */
    static long openFds() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
