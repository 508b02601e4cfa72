package io.deltad.tools.jmh;

import io.deltad.schema.DeltaValidator;
import io.deltad.schema.DocState;
import io.deltad.schema.DocType;
import io.deltad.schema.OpWriter;
import io.deltad.schema.SchemaRegistry;
import io.deltad.wire.FrameHeader;
import io.deltad.wire.FrameType;
import io.deltad.wire.NackCode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a DocAgent does per board delta: {@link DeltaValidator#validate} of a 64-byte DELTA frame (24-byte header,
 * 40 bytes of ops: x, y, width, color, title) against the document's state, then {@link DocState#apply}. Everything
 * is preallocated; {@code -prof gc} must show ~0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ValidationBenchmark {
    static final int FRAME_BYTES = 64;

    private final DeltaValidator validator = new DeltaValidator();
    private final MemorySegment frame = Arena.ofAuto().allocate(FRAME_BYTES, 8);
    private DocType board;
    private DocState state;
    private int roles;
    private int payloadLength;

    @Setup
    public void setUp() {
        final SchemaRegistry registry = SchemaRegistry.load(schemaDir());
        board = registry.byName("board");
        state = board.newState();
        roles = registry.roleMask(List.of("owner"));
        final OpWriter ops = new OpWriter();
        final int target = FRAME_BYTES - FrameHeader.LENGTH;
        for (int titleLength = 0; titleLength <= target; titleLength++) {
            ops.wrap(frame, FrameHeader.LENGTH).setI64(1, 120).setI64(2, -40).setI64(3, 300).setEnum(5, 2)
                .setString(0, "t".repeat(titleLength));
            if (ops.length() == target) {
                break;
            }
        }
        if (ops.length() != target) {
            throw new IllegalStateException("cannot build a " + FRAME_BYTES + "-byte board delta, ops are " + ops.length());
        }
        payloadLength = ops.length();
        new FrameHeader().wrap(frame, 0).write(FrameType.DELTA, 0, 1L << 48 | 1, 1, payloadLength);
        if (validator.validate(board, state, frame, FrameHeader.LENGTH, payloadLength, roles) != NackCode.NONE) {
            throw new IllegalStateException("benchmark delta is not valid for the board schema");
        }
    }

    @Benchmark
    public int validateAndApply() {
        final int code = validator.validate(board, state, frame, FrameHeader.LENGTH, payloadLength, roles);
        if (code == NackCode.NONE) {
            state.apply(frame, FrameHeader.LENGTH, payloadLength);
        }
        return code;
    }

    /** deploy/schemas of the checkout: {@code -Ddeltad.schemas=DIR}, else searched from the working directory up. */
    static Path schemaDir() {
        final String configured = System.getProperty("deltad.schemas");
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            final Path candidate = dir.resolve("deploy/schemas");
            if (Files.isRegularFile(candidate.resolve("board.toml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("deploy/schemas not found from " + Path.of("").toAbsolutePath()
            + "; run from the checkout or pass -Ddeltad.schemas=DIR");
    }
}
