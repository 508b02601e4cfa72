package io.deltad.counters;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The appliance's counters in a memory-mapped file (Aeron's CnC idea), so {@code deltactl stat} reads them from
 * another process even when the appliance is wedged, and after it died (the file is kept until a clean shutdown).
 *
 * <pre>
 *   0                               4                               8
 *   +---------------------------------------------------------------+
 *   |                 magic "DLTDCNT1" (8 ASCII bytes)              |   0
 *   +-------------------------------+-------------------------------+
 *   |      layoutVersion (i32)      |        reserved (i32)         |   8
 *   +-------------------------------+-------------------------------+
 *   |                          pid (i64)                            |  16
 *   +---------------------------------------------------------------+
 *   |                 startTimeMs (i64, epoch ms)                   |  24
 *   +-------------------------------+-------------------------------+
 *   |     metaDataLength (i32)      |      valuesLength (i32)       |  32
 *   +-------------------------------+-------------------------------+
 *   |                     reserved (to 64)                          |  40
 *   +---------------------------------------------------------------+
 *   |      heartbeatMs (i64, epoch ms), alone on its cache line     |  64
 *   +---------------------------------------------------------------+
 *   |                     reserved (to 128)                         |  72
 *   +---------------------------------------------------------------+
 *   |   Agrona CountersManager metadata (metaDataLength bytes)      | 128
 *   +---------------------------------------------------------------+
 *   |   Agrona CountersManager values (valuesLength bytes)          | 128 + metaDataLength
 *   +---------------------------------------------------------------+
 * </pre>
 *
 * Header fields are little-endian; the metadata and values regions are in Agrona's layout (native byte order),
 * which is fine because the reader runs on the same host. The magic is written last with release semantics, so a
 * reader that sees it also sees the rest of the header.
 *
 * <p>Threading: created and closed by the main thread; {@link #manager()} allocates counters at start-up (main or
 * Conductor thread, never concurrently); {@link #heartbeat(long)} is called by the Conductor only.
 */
public final class CountersFile implements AutoCloseable {
    /** The file's first 8 bytes. */
    public static final String MAGIC = "DLTDCNT1";
    /** Bumped whenever this layout (not the counters in it) changes incompatibly. */
    public static final int LAYOUT_VERSION = 1;
    public static final int DEFAULT_MAX_COUNTERS = 4096;

    public static final int MAGIC_OFFSET = 0;
    public static final int LAYOUT_VERSION_OFFSET = 8;
    public static final int PID_OFFSET = 16;
    public static final int START_TIME_MS_OFFSET = 24;
    public static final int META_DATA_LENGTH_OFFSET = 32;
    public static final int VALUES_LENGTH_OFFSET = 36;
    public static final int HEARTBEAT_MS_OFFSET = 64;
    /** Header length; a multiple of the cache line (and of 8) so the Agrona regions stay aligned. */
    public static final int HEADER_LENGTH = 128;

    static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Aligned i64 access with memory ordering; coordinates (segment, offset). */
    static final VarHandle I64_HANDLE = I64.varHandle();
    /** The magic as the i64 stored at offset 0 (byte arrays are not 8-aligned, hence the unaligned read). */
    static final long MAGIC_VALUE = MemorySegment.ofArray(MAGIC.getBytes(StandardCharsets.US_ASCII))
        .get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);

    /** Largest count whose metadata region still fits an int length. */
    static final int MAX_COUNTERS_LIMIT = Integer.MAX_VALUE / CountersReader.METADATA_LENGTH;

    private final Path path;
    private final Arena arena;
    private final MemorySegment segment;
    private final CountersManager manager;
    private boolean closed;

    private CountersFile(final Path path, final Arena arena, final MemorySegment segment, final CountersManager manager) {
        this.path = path;
        this.arena = arena;
        this.segment = segment;
        this.manager = manager;
    }

    /** {@link #create(Path, int)} with {@link #DEFAULT_MAX_COUNTERS}. */
    public static CountersFile create(final Path path) {
        return create(path, DEFAULT_MAX_COUNTERS);
    }

    /**
     * Creates the file at {@code path} (creating parent directories), replacing any file already there, and maps it.
     * A previous file is unlinked rather than truncated so a tool still reading it keeps a valid mapping.
     *
     * @param maxCounters counters the file can hold at once.
     */
    public static CountersFile create(final Path path, final int maxCounters) {
        if (maxCounters < 1 || maxCounters > MAX_COUNTERS_LIMIT) {
            throw new IllegalArgumentException("maxCounters must be in [1, " + MAX_COUNTERS_LIMIT + "]: " + maxCounters);
        }
        final int metaDataLength = maxCounters * CountersReader.METADATA_LENGTH;
        final int valuesLength = maxCounters * CountersReader.COUNTER_LENGTH;
        final long fileLength = (long) HEADER_LENGTH + metaDataLength + valuesLength;

        final Arena arena = Arena.ofShared();
        try {
            final Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.deleteIfExists(path);
            final MemorySegment segment;
            try (FileChannel channel = FileChannel.open(
                path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                // Mapping read-write past the end grows the file; the new pages read as zero.
                segment = channel.map(FileChannel.MapMode.READ_WRITE, 0, fileLength, arena);
            }

            segment.set(I32, LAYOUT_VERSION_OFFSET, LAYOUT_VERSION);
            segment.set(I64, PID_OFFSET, ProcessHandle.current().pid());
            segment.set(I64, START_TIME_MS_OFFSET, System.currentTimeMillis());
            segment.set(I32, META_DATA_LENGTH_OFFSET, metaDataLength);
            segment.set(I32, VALUES_LENGTH_OFFSET, valuesLength);

            final UnsafeBuffer metaDataBuffer = new UnsafeBuffer(segment.address() + HEADER_LENGTH, metaDataLength);
            final UnsafeBuffer valuesBuffer =
                new UnsafeBuffer(segment.address() + HEADER_LENGTH + metaDataLength, valuesLength);
            final CountersManager manager =
                new CountersManager(metaDataBuffer, valuesBuffer, StandardCharsets.US_ASCII);

            // Last, with release: a reader that sees the magic sees a complete header.
            I64_HANDLE.setRelease(segment, (long) MAGIC_OFFSET, MAGIC_VALUE);
            return new CountersFile(path, arena, segment, manager);
        } catch (final IOException ex) {
            arena.close();
            throw new UncheckedIOException("cannot create counters file " + path, ex);
        } catch (final RuntimeException ex) {
            arena.close();
            throw ex;
        }
    }

    /** Path of the file. */
    public Path path() {
        return path;
    }

    /** The counters manager over the mapped regions; valid until {@link #close()}. */
    public CountersManager manager() {
        return manager;
    }

    /**
     * Publishes that the appliance is alive; called by the Conductor once per duty cycle with its cached clock.
     * Release store so a reader that sees the new time also sees counter updates made before it.
     */
    public void heartbeat(final long epochMs) {
        I64_HANDLE.setRelease(segment, (long) HEARTBEAT_MS_OFFSET, epochMs);
    }

    /** Last heartbeat written, epoch ms (0 before the first). */
    public long heartbeatMs() {
        return (long) I64_HANDLE.getAcquire(segment, (long) HEARTBEAT_MS_OFFSET);
    }

    /**
     * Unmaps the file and keeps it, so it can still be read post mortem. Every counter of {@link #manager()} is
     * invalid afterwards: close only once the agents that write them have stopped. Idempotent.
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            arena.close();
        }
    }

    /** Closes and removes the file: what the owner does at a clean shutdown. */
    public void delete() {
        close();
        try {
            Files.deleteIfExists(path);
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot delete counters file " + path, ex);
        }
    }
}
