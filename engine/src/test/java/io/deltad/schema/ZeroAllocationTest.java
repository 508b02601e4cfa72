package io.deltad.schema;

import io.deltad.wire.NackCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;

import static io.deltad.schema.TestSchemas.COLOR;
import static io.deltad.schema.TestSchemas.FLAG;
import static io.deltad.schema.TestSchemas.LOCKED;
import static io.deltad.schema.TestSchemas.RATIO;
import static io.deltad.schema.TestSchemas.TITLE;
import static io.deltad.schema.TestSchemas.VOTES;
import static io.deltad.schema.TestSchemas.X;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hot path (validate, apply, snapshot) must not allocate once warm: the DocAgent runs it per delta. */
class ZeroAllocationTest {
    private static final int WARM_UP = 200_000;
    private static final int ITERATIONS = 1_000_000;
    private static final long BOUND_BYTES = 64 * 1024;

    @TempDir
    Path dir;

    @Test
    void shouldNotAllocateWhenValidatingApplyingAndSnapshottingInALoop() {
        final SchemaRegistry registry = TestSchemas.tomlRegistry(dir);
        final DocType item = registry.byName("item");
        final int roles = registry.roleMask(List.of("owner"));
        final DocState state = item.newState();
        final MemorySegment delta = Arena.ofAuto().allocate(256);
        final MemorySegment rejected = Arena.ofAuto().allocate(256);
        final MemorySegment snapshot = Arena.ofAuto().allocate(1024);
        final int deltaLength = new OpWriter().wrap(delta, 0).setString(TITLE, "title ✓ ok").setI64(X, 5)
            .setF64(RATIO, 0.5).setBool(FLAG, true).setEnum(COLOR, 1).increment(VOTES, 1).increment(VOTES, -1)
            .setBool(LOCKED, false).length();
        final int rejectedLength = new OpWriter().wrap(rejected, 0).setI64(X, 1).setI64(X, 1000).length();
        final DeltaValidator validator = new DeltaValidator();

        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().threadId();

        long sink = run(WARM_UP, validator, item, state, delta, deltaLength, rejected, rejectedLength, snapshot, roles);
        final long before = threads.getThreadAllocatedBytes(threadId);
        sink += run(ITERATIONS, validator, item, state, delta, deltaLength, rejected, rejectedLength, snapshot, roles);
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        assertEquals((long) (WARM_UP + ITERATIONS) * (NackCode.OUT_OF_BOUNDS + state.snapshotLength()), sink);
        assertTrue(allocated < BOUND_BYTES, "allocated " + allocated + " bytes over " + ITERATIONS + " iterations");
    }

    private static long run(final int iterations, final DeltaValidator validator, final DocType type,
                            final DocState state, final MemorySegment delta, final int deltaLength,
                            final MemorySegment rejected, final int rejectedLength, final MemorySegment snapshot,
                            final int roles) {
        long sink = 0;
        for (int i = 0; i < iterations; i++) {
            if (validator.validate(type, state, delta, 0, deltaLength, roles) == NackCode.NONE) {
                state.apply(delta, 0, deltaLength);
            }
            sink += validator.validate(type, state, rejected, 0, rejectedLength, roles);
            final int length = state.snapshotLength();
            state.writeSnapshot(snapshot, 0);
            sink += length;
        }
        return sink;
    }
}
