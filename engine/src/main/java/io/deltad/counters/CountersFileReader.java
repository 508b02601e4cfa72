package io.deltad.counters;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.deltad.counters.CountersFile.HEADER_LENGTH;
import static io.deltad.counters.CountersFile.I32;
import static io.deltad.counters.CountersFile.I64;
import static io.deltad.counters.CountersFile.I64_HANDLE;

/**
 * Read-only view of a {@link CountersFile} from another process (or the same one, through a separate mapping):
 * what {@code deltactl stat} uses. It never writes, so it cannot disturb the appliance, and it works on the file of
 * a dead appliance too (check {@link #pid()} and {@link #heartbeatMs()} to tell).
 *
 * <p>Not thread safe; one reader per thread. Values are read with acquire semantics, each counter on its own:
 * a snapshot is not atomic across counters.
 */
public final class CountersFileReader implements AutoCloseable {
    /** Receives one allocated counter. */
    @FunctionalInterface
    public interface CounterConsumer {
        /**
         * @param counterId id of the counter in the file.
         * @param typeId    {@link CounterType#id()} of the counter ({@link CounterType#get(int)} maps it back).
         * @param label     full label, e.g. {@code "agent work: io-0"}.
         * @param value     value at the time of the read.
         */
        void accept(int counterId, int typeId, String label, long value);
    }

    private final Path path;
    private final Arena arena;
    private final MemorySegment segment;
    private final CountersReader counters;

    private CountersFileReader(final Path path, final Arena arena, final MemorySegment segment, final CountersReader counters) {
        this.path = path;
        this.arena = arena;
        this.segment = segment;
        this.counters = counters;
    }

    /**
     * Maps the file at {@code path} read-only and validates its header.
     *
     * @throws IllegalStateException when the file is not a deltad counters file, has another layout version, or is
     *                               shorter than its header says.
     * @throws UncheckedIOException  when the file cannot be opened or mapped.
     */
    public static CountersFileReader open(final Path path) {
        final Arena arena = Arena.ofShared();
        try {
            final MemorySegment segment;
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
                final long fileLength = channel.size();
                if (fileLength < HEADER_LENGTH) {
                    throw new IllegalStateException("not a deltad counters file: " + path + " is " + fileLength +
                        " bytes, shorter than the " + HEADER_LENGTH + "-byte header");
                }
                segment = channel.map(FileChannel.MapMode.READ_ONLY, 0, fileLength, arena);
            }

            final long magic = (long) I64_HANDLE.getAcquire(segment, (long) CountersFile.MAGIC_OFFSET);
            if (magic != CountersFile.MAGIC_VALUE) {
                throw new IllegalStateException("not a deltad counters file: " + path + " starts with \"" +
                    printable(segment.asSlice(0, 8)) + "\", expected magic \"" + CountersFile.MAGIC +
                    "\" (or the appliance is still creating it)");
            }
            final int layoutVersion = segment.get(I32, CountersFile.LAYOUT_VERSION_OFFSET);
            if (layoutVersion != CountersFile.LAYOUT_VERSION) {
                throw new IllegalStateException("unsupported counters file layout version " + layoutVersion + " in " +
                    path + ", this reader supports " + CountersFile.LAYOUT_VERSION);
            }
            final int metaDataLength = segment.get(I32, CountersFile.META_DATA_LENGTH_OFFSET);
            final int valuesLength = segment.get(I32, CountersFile.VALUES_LENGTH_OFFSET);
            if (metaDataLength < 0 || valuesLength < 0 ||
                (long) HEADER_LENGTH + metaDataLength + valuesLength > segment.byteSize()) {
                throw new IllegalStateException("corrupt counters file " + path + ": metadata " + metaDataLength +
                    " + values " + valuesLength + " bytes do not fit its " + segment.byteSize() + " bytes");
            }

            final CountersReader counters = new CountersReader(
                new UnsafeBuffer(segment.address() + HEADER_LENGTH, metaDataLength),
                new UnsafeBuffer(segment.address() + HEADER_LENGTH + metaDataLength, valuesLength),
                StandardCharsets.US_ASCII);
            return new CountersFileReader(path, arena, segment, counters);
        } catch (final IOException ex) {
            arena.close();
            throw new UncheckedIOException("cannot open counters file " + path, ex);
        } catch (final RuntimeException ex) {
            arena.close();
            throw ex;
        }
    }

    /** Path of the file. */
    public Path path() {
        return path;
    }

    /** Process id of the appliance that created the file; it may no longer run. */
    public long pid() {
        return segment.get(I64, CountersFile.PID_OFFSET);
    }

    /** When the appliance created the file, epoch ms. */
    public long startTimeMs() {
        return segment.get(I64, CountersFile.START_TIME_MS_OFFSET);
    }

    /** Last heartbeat of the appliance, epoch ms; 0 before the first. A stale value means wedged or dead. */
    public long heartbeatMs() {
        return (long) I64_HANDLE.getAcquire(segment, (long) CountersFile.HEARTBEAT_MS_OFFSET);
    }

    /** Agrona view of the counters, for tools that want keys or registration ids; valid until {@link #close()}. */
    public CountersReader counters() {
        return counters;
    }

    /** Calls {@code consumer} for each allocated counter in id order. */
    public void forEach(final CounterConsumer consumer) {
        counters.forEach((CountersReader.MetaData)(counterId, typeId, keyBuffer, label) ->
            consumer.accept(counterId, typeId, label, counters.getCounterValue(counterId)));
    }

    /** Label to value of each allocated counter, in id order. */
    public Map<String, Long> snapshot() {
        final Map<String, Long> snapshot = new LinkedHashMap<>();
        forEach((counterId, typeId, label, value) -> snapshot.put(label, value));
        return snapshot;
    }

    /** Unmaps the file. Idempotent. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }

    private static String printable(final MemorySegment bytes) {
        final StringBuilder sb = new StringBuilder();
        for (final byte b : bytes.toArray(ValueLayout.JAVA_BYTE)) {
            if (b >= 0x20 && b < 0x7F) {
                sb.append((char) b);
            } else {
                sb.append(String.format("\\x%02x", b & 0xFF));
            }
        }
        return sb.toString();
    }
}
