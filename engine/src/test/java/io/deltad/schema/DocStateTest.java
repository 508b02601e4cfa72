package io.deltad.schema;

import io.deltad.wire.NackCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static io.deltad.schema.TestSchemas.BIG;
import static io.deltad.schema.TestSchemas.BLOB;
import static io.deltad.schema.TestSchemas.COLOR;
import static io.deltad.schema.TestSchemas.FLAG;
import static io.deltad.schema.TestSchemas.FREE;
import static io.deltad.schema.TestSchemas.LOCKED;
import static io.deltad.schema.TestSchemas.RATIO;
import static io.deltad.schema.TestSchemas.SET_ONLY;
import static io.deltad.schema.TestSchemas.TITLE;
import static io.deltad.schema.TestSchemas.VOTES;
import static io.deltad.schema.TestSchemas.X;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DocStateTest {
    @TempDir
    Path dir;

    private final MemorySegment buffer = Arena.ofAuto().allocate(1 << 16);
    private final OpWriter writer = new OpWriter();
    private final DeltaValidator validator = new DeltaValidator();
    private DocType item;
    private int ownerMask;

    @BeforeEach
    void setUp() {
        final SchemaRegistry registry = TestSchemas.tomlRegistry(dir);
        item = registry.byName("item");
        ownerMask = registry.roleMask(List.of("owner"));
    }

    @Test
    void shouldStartWithEveryFieldAbsentWhenNew() {
        final DocState state = item.newState();
        for (final FieldSpec field : item.fields()) {
            assertFalse(state.isPresent(field.index()), field.name());
        }
        assertEquals(0, state.snapshotLength());
        assertEquals(0, state.getLong(X));
        assertNull(state.getString(TITLE));
        assertEquals(item.stateBytes(), state.memory().byteSize());
    }

    @Test
    void shouldReproduceStateWhenSnapshotIsAppliedToFreshState() {
        final DocState state = item.newState();
        apply(state, writer.wrap(buffer, 0).setString(TITLE, "naïve 🙂").setI64(X, -42).setF64(RATIO, 0.25)
            .setBool(FLAG, true).setBytes(BLOB, new byte[] {1, 2, 3}).increment(VOTES, 4).setEnum(COLOR, 2)
            .setF64(FREE, -0.0).setBool(LOCKED, false).setI64(SET_ONLY, 9).setI64(BIG, Long.MIN_VALUE).length());
        apply(state, writer.wrap(buffer, 0).delete(FLAG).setString(TITLE, "short").length());

        final DocState copy = roundTrip(state);

        assertTrue(copy.contentEquals(state));
        assertEquals("short", copy.getString(TITLE));
        assertEquals(-42, copy.getLong(X));
        assertEquals(0.25, copy.getDouble(RATIO));
        assertFalse(copy.isPresent(FLAG));
        assertEquals(4, copy.getLong(VOTES));
        assertEquals(2, copy.getLong(COLOR));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(copy.getDouble(FREE)));
        assertTrue(copy.isPresent(LOCKED));
        assertEquals(9, copy.getLong(SET_ONLY));
        assertEquals(Long.MIN_VALUE, copy.getLong(BIG));
    }

    @Test
    void shouldWriteExactlySnapshotLengthBytesWhenSnapshotting() {
        final DocState state = item.newState();
        apply(state, writer.wrap(buffer, 0).setString(TITLE, "abc").setBool(FLAG, true).setI64(X, 1).length());
        // SET title: 2 + 2 + 3; SET x: 2 + 8; SET flag: 2 + 1
        assertEquals(7 + 10 + 3, state.snapshotLength());

        buffer.fill((byte) 0x5A);
        state.writeSnapshot(buffer, 100);
        assertEquals((byte) 0x5A, buffer.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 99));
        assertEquals((byte) 0x5A, buffer.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 100 + state.snapshotLength()));
    }

    @Test
    void shouldBeEqualWhenSameContentReachedThroughDifferentHistories() {
        final DocState a = item.newState();
        final DocState b = item.newState();
        apply(a, writer.wrap(buffer, 0).setString(TITLE, "a much longer").setString(TITLE, "ab").length());
        apply(b, writer.wrap(buffer, 0).setString(TITLE, "ab").setI64(X, 5).delete(X).length());

        assertTrue(a.contentEquals(b));

        apply(b, writer.wrap(buffer, 0).setI64(X, 0).length());
        assertFalse(a.contentEquals(b), "a present 0 differs from an absent field");
    }

    @Test
    void shouldMatchSourceWhenCopiedFrom() {
        final DocState source = item.newState();
        apply(source, writer.wrap(buffer, 0).setString(TITLE, "t").increment(VOTES, 2).length());
        final DocState target = item.newState();
        apply(target, writer.wrap(buffer, 0).setI64(X, 3).length());

        target.copyFrom(source);

        assertTrue(target.contentEquals(source));
        assertFalse(target.isPresent(X));
    }

    @Test
    void shouldBeAbsentAgainWhenCleared() {
        final DocState state = item.newState();
        apply(state, writer.wrap(buffer, 0).setI64(X, 3).length());
        state.clear();
        assertTrue(state.contentEquals(item.newState()));
    }

    @Test
    void shouldRefuseGetterWhenFieldHasOtherType() {
        final DocState state = item.newState();
        assertThrows(IllegalArgumentException.class, () -> state.getDouble(X));
        assertThrows(IllegalArgumentException.class, () -> state.getLong(TITLE));
        assertThrows(IllegalArgumentException.class, () -> state.getString(BLOB));
        assertThrows(IllegalArgumentException.class, () -> state.getLong(TestSchemas.UNDECLARED));
        assertFalse(state.isPresent(TestSchemas.UNDECLARED));
    }

    @Test
    void shouldRoundTripWhenRandomValidDeltasAreApplied() {
        final Random random = new Random(7);
        final DocState state = item.newState();
        int accepted = 0;
        for (int i = 0; i < 2_000; i++) {
            writer.wrap(buffer, 0);
            final int ops = 1 + random.nextInt(4);
            for (int op = 0; op < ops; op++) {
                randomOp(random);
            }
            final int code = validator.validate(item, state, buffer, 0, writer.length(), ownerMask);
            if (code == NackCode.NONE) {
                state.apply(buffer, 0, writer.length());
                accepted++;
            }
            assertTrue(roundTrip(state).contentEquals(state), "after delta " + i);
        }
        assertTrue(accepted > 500, "random deltas should mostly be valid, accepted " + accepted);
    }

    private void randomOp(final Random random) {
        final int field = item.fields().get(random.nextInt(item.fieldCount())).index();
        if (random.nextInt(8) == 0) {
            writer.delete(field);
            return;
        }
        switch (field) {
            case TITLE -> writer.setString(TITLE, "t".repeat(random.nextInt(17)));
            case BLOB -> {
                final byte[] bytes = new byte[random.nextInt(9)];
                random.nextBytes(bytes);
                writer.setBytes(BLOB, bytes);
            }
            case X -> writer.setI64(X, random.nextInt(201) - 100);
            case VOTES -> writer.increment(VOTES, random.nextInt(5) - 2);
            case BIG -> writer.increment(BIG, random.nextLong());
            case RATIO -> writer.setF64(RATIO, random.nextDouble());
            case FREE -> writer.setF64(FREE, random.nextGaussian());
            case COLOR -> writer.setEnum(COLOR, random.nextInt(3));
            case SET_ONLY -> writer.setI64(SET_ONLY, random.nextLong());
            default -> writer.setBool(field, random.nextBoolean());
        }
    }

    private DocState roundTrip(final DocState state) {
        final int length = state.snapshotLength();
        final MemorySegment snapshot = Arena.ofAuto().allocate(Math.max(1, length));
        state.writeSnapshot(snapshot, 0);
        final DocState copy = item.newState();
        copy.apply(snapshot, 0, length);
        return copy;
    }

    private void apply(final DocState state, final int length) {
        assertEquals(NackCode.NONE, validator.validate(item, state, buffer, 0, length, ownerMask));
        state.apply(buffer, 0, length);
    }
}
