package io.deltad.schema;

import io.deltad.wire.FrameHeader;
import io.deltad.wire.NackCode;
import io.deltad.wire.OpKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static io.deltad.schema.TestSchemas.BIG;
import static io.deltad.schema.TestSchemas.BLOB;
import static io.deltad.schema.TestSchemas.COLOR;
import static io.deltad.schema.TestSchemas.FLAG;
import static io.deltad.schema.TestSchemas.FREE;
import static io.deltad.schema.TestSchemas.LOCKED;
import static io.deltad.schema.TestSchemas.RATIO;
import static io.deltad.schema.TestSchemas.SET_ONLY;
import static io.deltad.schema.TestSchemas.TITLE;
import static io.deltad.schema.TestSchemas.UNDECLARED;
import static io.deltad.schema.TestSchemas.VOTES;
import static io.deltad.schema.TestSchemas.X;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DeltaValidatorTest {
    private static final int NO_ROLES = 0;

    @TempDir
    Path dir;

    private final Arena arena = Arena.ofAuto();
    private final MemorySegment buffer = arena.allocate(4096);
    private final OpWriter writer = new OpWriter();
    private final DeltaValidator validator = new DeltaValidator();
    private SchemaRegistry registry;
    private DocType item;
    private DocState state;
    private int ownerMask;

    @BeforeEach
    void setUp() {
        registry = TestSchemas.tomlRegistry(dir);
        item = registry.byName("item");
        state = item.newState();
        ownerMask = registry.roleMask(List.of("owner"));
        // Start from a non-empty state so "unchanged" is a meaningful assertion.
        assertEquals(NackCode.NONE, submit(w -> w.setString(TITLE, "start").setI64(X, 7).increment(VOTES, 3)
            .setEnum(COLOR, 1), ownerMask));
    }

    @Test
    void shouldAcceptAndApplyWhenEveryOpIsValid() {
        final int code = submit(w -> w.setString(TITLE, "héllo ✓").setI64(X, -100).setF64(RATIO, 1.0)
            .setBool(FLAG, true).setBytes(BLOB, new byte[] {0, (byte) 0xFF}).increment(VOTES, 2).setEnum(COLOR, 2)
            .setF64(FREE, Double.NaN).setI64(SET_ONLY, 5).delete(X), NO_ROLES);

        assertEquals(NackCode.NONE, code);
        assertEquals(-1, validator.lastFieldIndex());
        assertEquals("héllo ✓", state.getString(TITLE));
        assertEquals(false, state.isPresent(X));
        assertEquals(5, state.getLong(VOTES));
        assertEquals(2, state.getLong(COLOR));
        assertEquals(1, state.getLong(FLAG));
        assertArrayEquals(new byte[] {0, (byte) 0xFF}, state.getBytes(BLOB));
        assertEquals(true, Double.isNaN(state.getDouble(FREE)));
    }

    @Test
    void shouldAcceptBoundsThemselvesWhenValueIsOnTheEdge() {
        assertEquals(NackCode.NONE, submit(w -> w.setI64(X, 100).setF64(RATIO, 0.0).increment(VOTES, 7), NO_ROLES));
        assertEquals(NackCode.NONE, submit(w -> w.setI64(X, -100).setF64(RATIO, 1.0).increment(VOTES, -10), NO_ROLES));
        assertEquals(0, state.getLong(VOTES));
    }

    @Test
    void shouldReturnUnknownDocTypeWhenTypeIsNull() {
        writer.wrap(buffer, 0).setI64(X, 1);
        assertEquals(NackCode.UNKNOWN_DOC_TYPE,
            validator.validate(registry.byTypeId(1234), buffer, 0, writer.length(), NO_ROLES));
    }

    @Test
    void shouldRejectTooLargeWhenPayloadExceedsMaxDeltaBytes() {
        assertRejected(NackCode.TOO_LARGE, -1, w -> {
            for (int i = 0; i < 26; i++) {
                w.setI64(X, i); // 26 * 10 = 260 > 256
            }
        });
    }

    @Test
    void shouldRejectMalformedWhenPayloadIsEmpty() {
        assertRejected(NackCode.MALFORMED, -1, w -> { });
    }

    @Test
    void shouldRejectMalformedWhenOpHeaderIsTruncated() {
        assertRejectedRaw(NackCode.MALFORMED, -1, good(), OpKind.SET);
    }

    @Test
    void shouldRejectMalformedWhenValueRunsPastPayloadEnd() {
        assertRejectedRaw(NackCode.MALFORMED, X, good(), OpKind.SET, X, 1, 0, 0, 0);
        assertRejectedRaw(NackCode.MALFORMED, VOTES, good(), OpKind.INCREMENT, VOTES, 1);
        assertRejectedRaw(NackCode.MALFORMED, FLAG, good(), OpKind.SET, FLAG);
        assertRejectedRaw(NackCode.MALFORMED, TITLE, good(), OpKind.SET, TITLE, 5, 0, 'a', 'b');
        assertRejectedRaw(NackCode.MALFORMED, TITLE, good(), OpKind.SET, TITLE, 5);
    }

    @Test
    void shouldRejectUnknownFieldWhenIndexIsNotDeclared() {
        assertRejected(NackCode.UNKNOWN_FIELD, UNDECLARED, w -> w.setI64(X, 1).setI64(UNDECLARED, 1));
        assertRejected(NackCode.UNKNOWN_FIELD, 255, w -> w.setI64(X, 1).delete(255));
    }

    @Test
    void shouldRejectTypeMismatchWhenOpKindIsUnknown() {
        assertRejectedRaw(NackCode.TYPE_MISMATCH, X, good(), 0, X);
        assertRejectedRaw(NackCode.TYPE_MISMATCH, X, good(), 4, X);
        assertRejectedRaw(NackCode.TYPE_MISMATCH, X, good(), 33, X); // 1 << 33 would wrap to bit 1 = SET
        assertRejectedRaw(NackCode.TYPE_MISMATCH, X, good(), 0xFF, X);
    }

    @Test
    void shouldRejectTypeMismatchWhenOpKindIsNotAllowedOnField() {
        assertRejected(NackCode.TYPE_MISMATCH, TITLE, w -> w.setI64(X, 1).increment(TITLE, 1));
        assertRejected(NackCode.TYPE_MISMATCH, RATIO, w -> w.setI64(X, 1).increment(RATIO, 1));
        assertRejected(NackCode.TYPE_MISMATCH, SET_ONLY, w -> w.setI64(X, 1).increment(SET_ONLY, 1));
        assertRejected(NackCode.TYPE_MISMATCH, SET_ONLY, w -> w.setI64(X, 1).delete(SET_ONLY));
    }

    @Test
    void shouldRejectOutOfBoundsWhenNumberIsOutsideBounds() {
        assertRejected(NackCode.OUT_OF_BOUNDS, X, w -> w.setBool(FLAG, true).setI64(X, 101));
        assertRejected(NackCode.OUT_OF_BOUNDS, X, w -> w.setBool(FLAG, true).setI64(X, -101));
        assertRejected(NackCode.OUT_OF_BOUNDS, X, w -> w.setBool(FLAG, true).setI64(X, Long.MIN_VALUE));
        assertRejected(NackCode.OUT_OF_BOUNDS, RATIO, w -> w.setBool(FLAG, true).setF64(RATIO, 1.0000001));
        assertRejected(NackCode.OUT_OF_BOUNDS, RATIO, w -> w.setBool(FLAG, true).setF64(RATIO, -0.5));
        assertRejected(NackCode.OUT_OF_BOUNDS, RATIO, w -> w.setBool(FLAG, true).setF64(RATIO, Double.POSITIVE_INFINITY));
        assertRejected(NackCode.OUT_OF_BOUNDS, VOTES, w -> w.setBool(FLAG, true).setI64(VOTES, 11));
    }

    @Test
    void shouldRejectOutOfBoundsWhenBoundedF64IsNaN() {
        assertRejected(NackCode.OUT_OF_BOUNDS, RATIO, w -> w.setBool(FLAG, true).setF64(RATIO, Double.NaN));
    }

    @Test
    void shouldRejectOutOfBoundsWhenBoolIsNeitherZeroNorOne() {
        assertRejectedRaw(NackCode.OUT_OF_BOUNDS, FLAG, good(), OpKind.SET, FLAG, 2);
    }

    @Test
    void shouldRejectOutOfBoundsWhenEnumOrdinalIsPastLastValue() {
        assertRejected(NackCode.OUT_OF_BOUNDS, COLOR, w -> w.setBool(FLAG, true).setEnum(COLOR, 3));
        assertRejected(NackCode.OUT_OF_BOUNDS, COLOR, w -> w.setBool(FLAG, true).setEnum(COLOR, 255));
    }

    @Test
    void shouldRejectOutOfBoundsWhenIncrementResultLeavesBounds() {
        // votes is 3 (setUp), bounds 0..10.
        assertRejected(NackCode.OUT_OF_BOUNDS, VOTES, w -> w.setBool(FLAG, true).increment(VOTES, 8));
        assertRejected(NackCode.OUT_OF_BOUNDS, VOTES, w -> w.setBool(FLAG, true).increment(VOTES, -4));
        assertRejected(NackCode.OUT_OF_BOUNDS, X, w -> w.setBool(FLAG, true).increment(X, 94));
    }

    @Test
    void shouldRejectOutOfBoundsWhenUnboundedIncrementOverflows() {
        assertEquals(NackCode.NONE, submit(w -> w.setI64(BIG, Long.MAX_VALUE - 1), NO_ROLES));
        assertRejected(NackCode.OUT_OF_BOUNDS, BIG, w -> w.setBool(FLAG, true).increment(BIG, 2));
        assertEquals(NackCode.NONE, submit(w -> w.increment(BIG, 1), NO_ROLES));
        assertEquals(Long.MAX_VALUE, state.getLong(BIG));
    }

    @Test
    void shouldCheckIncrementAgainstEarlierOpsOfSameDeltaWhenFieldIsTouchedTwice() {
        // State votes = 3: each op alone is fine, together they exceed 10.
        assertRejected(NackCode.OUT_OF_BOUNDS, VOTES, w -> w.increment(VOTES, 5).increment(VOTES, 5));
        assertRejected(NackCode.OUT_OF_BOUNDS, VOTES, w -> w.setI64(VOTES, 9).increment(VOTES, 2));
        // A delete makes the field absent, so the increment starts from 0 (3 - 2 would be fine; 0 - 2 is not).
        assertRejected(NackCode.OUT_OF_BOUNDS, VOTES, w -> w.delete(VOTES).increment(VOTES, -2));

        assertEquals(NackCode.NONE, submit(w -> w.delete(VOTES).increment(VOTES, 10), NO_ROLES));
        assertEquals(10, state.getLong(VOTES));
    }

    @Test
    void shouldCheckIncrementAgainstCurrentStateWhenStateAdvances() {
        assertEquals(NackCode.NONE, submit(w -> w.increment(VOTES, 7), NO_ROLES));
        assertEquals(10, state.getLong(VOTES));
        assertRejected(NackCode.OUT_OF_BOUNDS, VOTES, w -> w.increment(VOTES, 1));
        assertEquals(NackCode.NONE, submit(w -> w.increment(VOTES, -10), NO_ROLES));
    }

    @Test
    void shouldTreatFieldsAsZeroWhenThereIsNoStateYet() {
        writer.wrap(buffer, 0).increment(VOTES, -1);
        assertEquals(NackCode.OUT_OF_BOUNDS, validator.validate(item, buffer, 0, writer.length(), NO_ROLES));
        assertEquals(NackCode.OUT_OF_BOUNDS, validator.validate(item, null, buffer, 0, writer.length(), NO_ROLES));
        writer.wrap(buffer, 0).increment(VOTES, 10);
        assertEquals(NackCode.NONE, validator.validate(item, buffer, 0, writer.length(), NO_ROLES));
    }

    @Test
    void shouldRejectInvalidUtf8WhenStringIsNotWellFormed() {
        assertRejected(NackCode.INVALID_UTF8, TITLE, w -> w.setI64(X, 1).setBytes(TITLE, new byte[] {'a', (byte) 0xC0, (byte) 0xAF}));
        assertRejected(NackCode.INVALID_UTF8, TITLE, w -> w.setI64(X, 1).setBytes(TITLE, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}));
        assertRejected(NackCode.INVALID_UTF8, TITLE, w -> w.setI64(X, 1).setBytes(TITLE, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}));
    }

    @Test
    void shouldAcceptAnyBytesWhenFieldIsBytes() {
        assertEquals(NackCode.NONE, submit(w -> w.setBytes(BLOB, new byte[] {(byte) 0xC0, (byte) 0xAF, (byte) 0xFF}), NO_ROLES));
    }

    @Test
    void shouldRejectTooLargeWhenStringOrBytesExceedMaxLength() {
        assertRejected(NackCode.TOO_LARGE, TITLE, w -> w.setI64(X, 1).setString(TITLE, "x".repeat(17)));
        assertRejected(NackCode.TOO_LARGE, TITLE, w -> w.setI64(X, 1).setString(TITLE, "é".repeat(9))); // 18 bytes
        assertRejected(NackCode.TOO_LARGE, BLOB, w -> w.setI64(X, 1).setBytes(BLOB, new byte[9]));
        assertEquals(NackCode.NONE, submit(w -> w.setString(TITLE, "x".repeat(16)).setBytes(BLOB, new byte[8]), NO_ROLES));
    }

    @Test
    void shouldRejectNotPermittedWhenWriterLacksFieldRole() {
        final int otherRoles = registry.roleMask(List.of("viewer", "editor")); // not in any schema: ignored
        assertEquals(0, otherRoles);
        assertRejected(NackCode.NOT_PERMITTED, LOCKED, w -> w.setI64(X, 1).setBool(LOCKED, true));
        assertRejected(NackCode.NOT_PERMITTED, LOCKED, w -> w.setI64(X, 1).delete(LOCKED));
        assertEquals(NackCode.NONE, submit(w -> w.setBool(LOCKED, true), ownerMask));
        assertEquals(1, state.getLong(LOCKED));
    }

    @Test
    void shouldLetAnyWriterWriteWhenFieldHasNoWriteList() {
        assertEquals(NackCode.NONE, submit(w -> w.setI64(X, 1), NO_ROLES));
        assertEquals(NackCode.NONE, submit(w -> w.setI64(X, 2), -1));
    }

    @Test
    void shouldOnlyCapSizeWhenTypeIsOpaque() {
        final DocType blob = registry.byName("blob");
        assertNull(blob.newState());
        assertEquals(0, blob.stateBytes());
        buffer.asSlice(0, 64).fill((byte) 0xFF);
        assertEquals(NackCode.NONE, validator.validate(blob, buffer, 0, 64, NO_ROLES));
        assertEquals(NackCode.NONE, validator.validate(blob, buffer, 0, 0, NO_ROLES));
        assertEquals(NackCode.TOO_LARGE, validator.validate(blob, buffer, 0, 65, NO_ROLES));
    }

    @Test
    void shouldValidateAtAnyOffsetWhenPayloadFollowsAFrameHeader() {
        writer.wrap(buffer, FrameHeader.LENGTH).setI64(X, 1000);
        assertEquals(NackCode.OUT_OF_BOUNDS, validator.validate(item, state, buffer, FrameHeader.LENGTH,
            writer.length(), NO_ROLES));
        assertEquals(X, validator.lastFieldIndex());
        writer.wrap(buffer, FrameHeader.LENGTH).setI64(X, 10);
        assertEquals(NackCode.NONE, validator.validate(item, state, buffer, FrameHeader.LENGTH, writer.length(),
            NO_ROLES));
        assertEquals(-1, validator.lastFieldIndex());
    }

    /** A valid op to put in front of a bad one, to prove rejection is all or nothing. */
    private static int[] good() {
        return new int[] {OpKind.SET, X, 42, 0, 0, 0, 0, 0, 0, 0};
    }

    private int submit(final Consumer<OpWriter> ops, final int roleMask) {
        ops.accept(writer.wrap(buffer, 0));
        return validateThenApply(writer.length(), roleMask);
    }

    /** What the document owner does: validate, apply only on NONE. */
    private int validateThenApply(final int length, final int roleMask) {
        final int code = validator.validate(item, state, buffer, 0, length, roleMask);
        if (code == NackCode.NONE) {
            state.apply(buffer, 0, length);
        }
        return code;
    }

    private void assertRejected(final int expectedCode, final int expectedField, final Consumer<OpWriter> ops) {
        ops.accept(writer.wrap(buffer, 0));
        assertRejectedLength(expectedCode, expectedField, writer.length());
    }

    private void assertRejectedRaw(final int expectedCode, final int expectedField, final int[] prefix,
                                   final int... bytes) {
        int position = 0;
        for (final int b : prefix) {
            buffer.set(ValueLayout.JAVA_BYTE, position++, (byte) b);
        }
        for (final int b : bytes) {
            buffer.set(ValueLayout.JAVA_BYTE, position++, (byte) b);
        }
        assertRejectedLength(expectedCode, expectedField, position);
    }

    private void assertRejectedLength(final int expectedCode, final int expectedField, final int length) {
        final byte[] before = state.memory().toArray(ValueLayout.JAVA_BYTE);
        final int code = validateThenApply(length, NO_ROLES);
        assertEquals(NackCode.name(expectedCode), NackCode.name(code));
        assertEquals(expectedField, validator.lastFieldIndex());
        assertArrayEquals(before, state.memory().toArray(ValueLayout.JAVA_BYTE), "state must be unchanged");
    }
}
