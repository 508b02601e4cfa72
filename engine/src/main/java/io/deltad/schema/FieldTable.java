package io.deltad.schema;

import java.util.List;
import java.util.Map;

/**
 * The compiled form of one document type: parallel arrays indexed directly by the field byte of an op, so the
 * validator and {@link DocState} do one array load per property and never touch a per-field object.
 *
 * <p>Every array has {@link #SLOTS} entries so that any u8 read from the wire is a valid index (field 255 is
 * simply never declared): no range check is needed before the lookup, and {@code kind[f] == KIND_NONE} is the
 * "unknown field" test.
 *
 * <p>Also holds the {@link DocState} layout (presence and slot offsets), because it is derived from the same
 * declarations and both the validator (increments read the current value) and the state need it.
 *
 * <p>Immutable after construction; shared read-only by every thread.
 */
final class FieldTable {
    /** Entries per array: one per possible u8 field byte. */
    static final int SLOTS = 256;

    static final int KIND_NONE = 0;
    static final int KIND_I64 = 1;
    static final int KIND_F64 = 2;
    static final int KIND_BOOL = 3;
    static final int KIND_STRING = 4;
    static final int KIND_BYTES = 5;
    static final int KIND_COUNTER = 6;
    static final int KIND_ENUM = 7;

    /**
     * Bit 32 of {@link #writeMask}: set on fields without a {@code write} list. The validator ORs it into the
     * writer's mask, so "any writer" holds even for a writer with no schema role (mask 0) while all 32 role bits
     * remain usable. This is why the mask is a long, not an int.
     */
    static final long ANY_WRITER = 1L << 32;

    /** Bytes before the slots: one presence byte per declared field, rounded up to 8 so slots stay aligned. */
    final int presenceBytes;
    final int stateBytes;

    final byte[] kind = new byte[SLOTS];
    /** Allowed op kinds as bits {@code 1 << OpKind.X}. */
    final byte[] opsMask = new byte[SLOTS];
    /** Whether {@code min}/{@code max} was declared (f64 then also rejects NaN). */
    final boolean[] bounded = new boolean[SLOTS];
    final long[] minLong = new long[SLOTS];
    final long[] maxLong = new long[SLOTS];
    final double[] minDouble = new double[SLOTS];
    final double[] maxDouble = new double[SLOTS];
    /** string/bytes: cap in bytes. enum: number of values (ordinals must be below it). */
    final int[] maxLength = new int[SLOTS];
    /** Role bits that may write the field, plus {@link #ANY_WRITER} when unrestricted. */
    final long[] writeMask = new long[SLOTS];
    /** Offset of the field's presence byte in the state. */
    final int[] presenceOffset = new int[SLOTS];
    /** Offset of the field's value slot in the state. */
    final int[] slotOffset = new int[SLOTS];
    /** Declared field indices in ascending order: the snapshot walks these. */
    final int[] fieldIndices;

    private FieldTable(final List<FieldSpec> fields, final Map<String, Integer> roleBits) {
        fieldIndices = new int[fields.size()];
        presenceBytes = align8(fields.size());
        int offset = presenceBytes;
        for (int i = 0; i < fields.size(); i++) {
            final FieldSpec field = fields.get(i);
            final int f = field.index();
            fieldIndices[i] = f;
            kind[f] = field.type().code();
            opsMask[f] = (byte) field.opsMask();
            bounded[f] = field.bounded();
            minLong[f] = field.minLong();
            maxLong[f] = field.maxLong();
            minDouble[f] = field.minDouble();
            maxDouble[f] = field.maxDouble();
            maxLength[f] = field.type() == FieldType.ENUM ? field.values().size() : field.maxLength();
            writeMask[f] = writeMaskOf(field, roleBits);
            presenceOffset[f] = i;
            slotOffset[f] = offset;
            offset += field.type().isVariableLength() ? align8(Short.BYTES + field.maxLength()) : Long.BYTES;
        }
        stateBytes = offset;
    }

    /** Compiles {@code fields}, which must be sorted by index and already checked by the loader. */
    static FieldTable compile(final List<FieldSpec> fields, final Map<String, Integer> roleBits) {
        return new FieldTable(fields, roleBits);
    }

    static boolean isVariableLength(final int kind) {
        return kind == KIND_STRING || kind == KIND_BYTES;
    }

    private static long writeMaskOf(final FieldSpec field, final Map<String, Integer> roleBits) {
        if (field.writeRoles().isEmpty()) {
            return ANY_WRITER;
        }
        long mask = 0;
        for (final String role : field.writeRoles()) {
            mask |= 1L << roleBits.get(role);
        }
        return mask;
    }

    private static int align8(final int bytes) {
        return (bytes + 7) & ~7;
    }
}
