package io.deltad.schema;

import io.deltad.wire.FrameHeader;
import io.deltad.wire.OpKind;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The materialised state of one schema'd document: the latest value of every field, in a fixed per-type layout
 * allocated once by {@link DocType#newState()}. The document owner applies each accepted delta and serves
 * subscribers a snapshot (SET ops for every present field) followed by the deltas after it.
 *
 * <pre>
 *   0                          P = align8(fieldCount)
 *   +--------------------------+-------------------------------------------------------------+
 *   | presence u8 per field,   | one slot per field, ascending field index                   |
 *   | ascending field index;   |                                                             |
 *   | 1 = present, 0 = absent  |                                                             |
 *   +--------------------------+-------------------------------------------------------------+
 *
 *   i64, counter, f64, bool, enum slot (8 bytes, 8-aligned):
 *   +---------------------------------------------------------------+
 *   | value: i64 LE | f64 IEEE-754 LE | bool 0/1 | enum ordinal     |
 *   +---------------------------------------------------------------+
 *
 *   string, bytes slot (align8(2 + max_length) bytes):
 *   +-----------------+----------------------------------+---------+
 *   | length u16 LE   | value bytes (max_length)         | padding |
 *   +-----------------+----------------------------------+---------+
 * </pre>
 *
 * An absent field's value (and length) is zero, so an increment of an absent field starts from 0 without a branch
 * on presence. Bytes of a string beyond its length are stale and never read.
 *
 * <p>Single writer: owned by the document's agent thread. {@code apply}, {@code snapshotLength} and
 * {@code writeSnapshot} allocate nothing.
 */
public final class DocState {
    private static final int VALUE_OFFSET_IN_VARIABLE_SLOT = Short.BYTES;

    private final DocType type;
    private final FieldTable table;
    private final byte[] bytes;
    /** View over {@link #bytes} so values move to and from frames with {@link MemorySegment#copy}. */
    private final MemorySegment memory;

    DocState(final DocType type) {
        this.type = type;
        this.table = type.table();
        this.bytes = new byte[table.stateBytes];
        this.memory = MemorySegment.ofArray(bytes);
    }

    public DocType type() {
        return type;
    }

    /**
     * Applies the ops of a payload that {@link DeltaValidator} accepted for this state. Unvalidated input is a
     * programming error: it may throw or leave values outside their bounds.
     */
    public void apply(final MemorySegment segment, final long payloadOffset, final int payloadLength) {
        final byte[] kinds = table.kind;
        long position = payloadOffset;
        final long end = payloadOffset + payloadLength;
        while (position < end) {
            final int opKind = segment.get(FrameHeader.U8, position) & 0xFF;
            final int field = segment.get(FrameHeader.U8, position + 1) & 0xFF;
            position += OpKind.OP_HEADER_LENGTH;
            final int slot = table.slotOffset[field];
            final int kind = kinds[field];
            switch (opKind) {
                case OpKind.SET -> {
                    position = applySet(kind, slot, segment, position);
                    bytes[table.presenceOffset[field]] = 1;
                }
                case OpKind.INCREMENT -> {
                    final long amount = segment.get(FrameHeader.U64, position);
                    position += Long.BYTES;
                    memory.set(FrameHeader.U64, slot, memory.get(FrameHeader.U64, slot) + amount);
                    bytes[table.presenceOffset[field]] = 1;
                }
                case OpKind.DELETE -> {
                    bytes[table.presenceOffset[field]] = 0;
                    if (FieldTable.isVariableLength(kind)) {
                        memory.set(FrameHeader.U16, slot, (short) 0);
                    } else {
                        memory.set(FrameHeader.U64, slot, 0L);
                    }
                }
                default -> throw new IllegalArgumentException("op kind " + opKind + ": payload was not validated");
            }
        }
    }

    private long applySet(final int kind, final int slot, final MemorySegment segment, final long position) {
        switch (kind) {
            case FieldTable.KIND_I64, FieldTable.KIND_COUNTER, FieldTable.KIND_F64 -> {
                memory.set(FrameHeader.U64, slot, segment.get(FrameHeader.U64, position));
                return position + Long.BYTES;
            }
            case FieldTable.KIND_BOOL, FieldTable.KIND_ENUM -> {
                memory.set(FrameHeader.U64, slot, segment.get(FrameHeader.U8, position) & 0xFFL);
                return position + 1;
            }
            case FieldTable.KIND_STRING, FieldTable.KIND_BYTES -> {
                final short length = segment.get(FrameHeader.U16, position);
                memory.set(FrameHeader.U16, slot, length);
                MemorySegment.copy(segment, position + Short.BYTES, memory, slot + VALUE_OFFSET_IN_VARIABLE_SLOT,
                    length & 0xFFFF);
                return position + Short.BYTES + (length & 0xFFFF);
            }
            default -> throw new IllegalArgumentException("field kind " + kind + ": payload was not validated");
        }
    }

    public boolean isPresent(final int field) {
        return field >= 0 && field < FieldTable.SLOTS && table.kind[field] != FieldTable.KIND_NONE
            && bytes[table.presenceOffset[field]] != 0;
    }

    /** Value of an i64 or counter field (also bool as 0/1 and enum as its ordinal); 0 when absent. */
    public long getLong(final int field) {
        final int kind = kindOf(field);
        if (kind == FieldTable.KIND_F64 || FieldTable.isVariableLength(kind)) {
            throw new IllegalArgumentException("field " + field + " is not an integer field");
        }
        return rawLong(field);
    }

    /** Value of an f64 field; 0.0 when absent. */
    public double getDouble(final int field) {
        if (kindOf(field) != FieldTable.KIND_F64) {
            throw new IllegalArgumentException("field " + field + " is not an f64 field");
        }
        return memory.get(FrameHeader.F64, table.slotOffset[field]);
    }

    /** Value of a string field, or null when absent. Allocates: for tools and tests. */
    public String getString(final int field) {
        if (kindOf(field) != FieldTable.KIND_STRING) {
            throw new IllegalArgumentException("field " + field + " is not a string field");
        }
        if (!isPresent(field)) {
            return null;
        }
        final int slot = table.slotOffset[field];
        return new String(bytes, slot + VALUE_OFFSET_IN_VARIABLE_SLOT, variableLength(slot), StandardCharsets.UTF_8);
    }

    /** Value of a bytes (or string) field, or null when absent. Allocates: for tools and tests. */
    public byte[] getBytes(final int field) {
        if (!FieldTable.isVariableLength(kindOf(field))) {
            throw new IllegalArgumentException("field " + field + " is not a string or bytes field");
        }
        if (!isPresent(field)) {
            return null;
        }
        final int from = table.slotOffset[field] + VALUE_OFFSET_IN_VARIABLE_SLOT;
        return Arrays.copyOfRange(bytes, from, from + variableLength(table.slotOffset[field]));
    }

    /** Bytes {@link #writeSnapshot} will write: one SET op per present field. */
    public int snapshotLength() {
        int length = 0;
        for (final int field : table.fieldIndices) {
            if (bytes[table.presenceOffset[field]] != 0) {
                length += OpKind.OP_HEADER_LENGTH + valueLength(field);
            }
        }
        return length;
    }

    /**
     * Writes a SET op for every present field, ascending by field index, at {@code offset}; the caller reserves
     * {@link #snapshotLength()} bytes. The encoding is that of a delta, so a client applies a snapshot to an empty
     * state exactly like a delta.
     */
    public void writeSnapshot(final MemorySegment segment, final long offset) {
        long position = offset;
        for (final int field : table.fieldIndices) {
            if (bytes[table.presenceOffset[field]] == 0) {
                continue;
            }
            segment.set(FrameHeader.U8, position, (byte) OpKind.SET);
            segment.set(FrameHeader.U8, position + 1, (byte) field);
            position += OpKind.OP_HEADER_LENGTH;
            final int slot = table.slotOffset[field];
            switch (table.kind[field]) {
                case FieldTable.KIND_BOOL, FieldTable.KIND_ENUM -> {
                    segment.set(FrameHeader.U8, position, bytes[slot]); // low byte of the LE slot
                    position++;
                }
                case FieldTable.KIND_STRING, FieldTable.KIND_BYTES -> {
                    final int length = variableLength(slot);
                    segment.set(FrameHeader.U16, position, (short) length);
                    MemorySegment.copy(memory, slot + VALUE_OFFSET_IN_VARIABLE_SLOT, segment, position + Short.BYTES,
                        length);
                    position += Short.BYTES + length;
                }
                default -> {
                    segment.set(FrameHeader.U64, position, memory.get(FrameHeader.U64, slot));
                    position += Long.BYTES;
                }
            }
        }
    }

    /** Makes this state equal to {@code other}, which must be of the same type. */
    public void copyFrom(final DocState other) {
        requireSameType(other);
        System.arraycopy(other.bytes, 0, bytes, 0, bytes.length);
    }

    /** Whether both states have the same fields present with the same values (f64 compared bit for bit). */
    public boolean contentEquals(final DocState other) {
        if (other == null || other.type != type) {
            return false;
        }
        for (final int field : table.fieldIndices) {
            final int presence = table.presenceOffset[field];
            if (bytes[presence] != other.bytes[presence]) {
                return false;
            }
            final int slot = table.slotOffset[field];
            // Absent values are zero in both (the layout invariant), so comparing them is harmless.
            final int length = FieldTable.isVariableLength(table.kind[field])
                ? Short.BYTES + variableLength(slot)
                : Long.BYTES;
            if (!Arrays.equals(bytes, slot, slot + length, other.bytes, slot, slot + length)) {
                return false;
            }
        }
        return true;
    }

    /** Makes every field absent. */
    public void clear() {
        Arrays.fill(bytes, (byte) 0);
    }

    /** The raw slot as a long: what an increment starts from (0 when absent). */
    long rawLong(final int field) {
        return memory.get(FrameHeader.U64, table.slotOffset[field]);
    }

    /** The backing memory, for tests that compare states byte for byte. */
    MemorySegment memory() {
        return memory;
    }

    private int valueLength(final int field) {
        return switch (table.kind[field]) {
            case FieldTable.KIND_BOOL, FieldTable.KIND_ENUM -> 1;
            case FieldTable.KIND_STRING, FieldTable.KIND_BYTES -> Short.BYTES + variableLength(table.slotOffset[field]);
            default -> Long.BYTES;
        };
    }

    private int variableLength(final int slot) {
        return memory.get(FrameHeader.U16, slot) & 0xFFFF;
    }

    private int kindOf(final int field) {
        final int kind = field >= 0 && field < FieldTable.SLOTS ? table.kind[field] : FieldTable.KIND_NONE;
        if (kind == FieldTable.KIND_NONE) {
            throw new IllegalArgumentException("no field " + field + " in " + type);
        }
        return kind;
    }

    private void requireSameType(final DocState other) {
        if (other.type != type) {
            throw new IllegalArgumentException("state of " + other.type + " copied into " + type);
        }
    }
}
