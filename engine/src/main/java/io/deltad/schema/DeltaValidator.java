package io.deltad.schema;

import io.deltad.wire.FrameHeader;
import io.deltad.wire.NackCode;
import io.deltad.wire.OpKind;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Checks the ops of a delta payload against its {@link DocType} without decoding them into objects: one pass over
 * the segment, one lookup per property in the type's compiled {@link FieldTable} arrays. The op encoding is the one
 * in {@link OpKind}.
 *
 * <p>All or nothing: the whole payload is checked before the caller applies anything, so a delta with one bad op
 * is refused whole and {@link DocState} is never partially updated. Checks per op, in order, and the code each
 * produces:
 *
 * <pre>
 *   payload longer than max_delta_bytes           TOO_LARGE       (before reading anything)
 *   empty payload on a schema'd type              MALFORMED
 *   op header or value runs past payload end      MALFORMED
 *   field not declared                            UNKNOWN_FIELD
 *   op kind unknown or not allowed on the field   TYPE_MISMATCH
 *   writer has none of the field's write roles    NOT_PERMITTED
 *   i64/counter/f64 outside min..max, NaN on a
 *   bounded f64, bool not 0/1, enum ordinal
 *   >= value count, increment result outside
 *   bounds or overflowing i64                     OUT_OF_BOUNDS
 *   string/bytes longer than max_length           TOO_LARGE
 *   string not well-formed UTF-8                  INVALID_UTF8
 * </pre>
 *
 * <p>Increments are checked against the value the field will have when the op runs: the current state, or an
 * earlier SET/DELETE/INCREMENT of the same field in the same delta. Those in-delta values live in two preallocated
 * arrays stamped with a per-call generation, so nothing is cleared or allocated per call.
 *
 * <p>Not thread safe: one instance per agent thread. Allocates nothing after construction.
 */
public final class DeltaValidator {
    private final long[] pendingValue = new long[FieldTable.SLOTS];
    private final int[] pendingGeneration = new int[FieldTable.SLOTS];
    private int generation;
    private int lastFieldIndex = -1;

    /**
     * Validates a delta for a document that has no state yet (every field absent, so increments start from 0).
     * The owner of a document with state must use {@link #validate(DocType, DocState, MemorySegment, long, int, int)}.
     *
     * @see #validate(DocType, DocState, MemorySegment, long, int, int)
     */
    public int validate(final DocType type, final MemorySegment segment, final long payloadOffset,
                        final int payloadLength, final int writerRoleMask) {
        return validate(type, null, segment, payloadOffset, payloadLength, writerRoleMask);
    }

    /**
     * Validates the delta payload of {@code payloadLength} bytes at {@code payloadOffset}.
     *
     * @param type           the document's type; null (no schema for the docId's type) gives UNKNOWN_DOC_TYPE
     * @param state          the document's current state, or null when it has none yet (fields absent = 0)
     * @param writerRoleMask the writer's roles from {@link SchemaRegistry#roleMask}
     * @return {@link NackCode#NONE} or the code to NACK with; {@link #lastFieldIndex()} names the field
     */
    public int validate(final DocType type, final DocState state, final MemorySegment segment,
                        final long payloadOffset, final int payloadLength, final int writerRoleMask) {
        lastFieldIndex = -1;
        if (type == null) {
            return NackCode.UNKNOWN_DOC_TYPE;
        }
        if (payloadLength > type.maxDeltaBytes()) {
            return NackCode.TOO_LARGE;
        }
        if (payloadLength < 0) {
            return NackCode.MALFORMED;
        }
        if (type.opaque()) {
            return NackCode.NONE;
        }
        if (payloadLength == 0) {
            return NackCode.MALFORMED;
        }
        if (state != null && state.type() != type) {
            throw new IllegalArgumentException("state of " + state.type() + " validated as " + type);
        }
        final int code = validateOps(type.table(), state, segment, payloadOffset, payloadOffset + payloadLength,
            (writerRoleMask & 0xFFFF_FFFFL) | FieldTable.ANY_WRITER);
        if (code == NackCode.NONE) {
            lastFieldIndex = -1;
        }
        return code;
    }

    /** The field of the op refused by the last {@code validate}, or -1 (accepted, or not about one field). */
    public int lastFieldIndex() {
        return lastFieldIndex;
    }

    private int validateOps(final FieldTable table, final DocState state, final MemorySegment segment,
                            final long start, final long end, final long writerMask) {
        final int gen = nextGeneration();
        final byte[] kinds = table.kind;
        long position = start;
        while (position < end) {
            if (end - position < OpKind.OP_HEADER_LENGTH) {
                lastFieldIndex = -1; // the field byte is missing
                return NackCode.MALFORMED;
            }
            final int opKind = segment.get(FrameHeader.U8, position) & 0xFF;
            final int field = segment.get(FrameHeader.U8, position + 1) & 0xFF;
            position += OpKind.OP_HEADER_LENGTH;
            lastFieldIndex = field;

            final int kind = kinds[field];
            if (kind == FieldTable.KIND_NONE) {
                return NackCode.UNKNOWN_FIELD;
            }
            // opKind > DELETE first: a shift by a large opKind would wrap around and test the wrong bit.
            if (opKind > OpKind.DELETE || (table.opsMask[field] & (1 << opKind)) == 0) {
                return NackCode.TYPE_MISMATCH;
            }
            if ((table.writeMask[field] & writerMask) == 0) {
                return NackCode.NOT_PERMITTED;
            }

            if (opKind == OpKind.DELETE) {
                pendingValue[field] = 0; // absent reads as 0 for a later increment in this delta
                pendingGeneration[field] = gen;
                continue;
            }
            if (opKind == OpKind.INCREMENT) {
                if (end - position < Long.BYTES) {
                    return NackCode.MALFORMED;
                }
                final long amount = segment.get(FrameHeader.U64, position);
                position += Long.BYTES;
                final long current = pendingGeneration[field] == gen
                    ? pendingValue[field]
                    : state == null ? 0 : state.rawLong(field);
                final long result = current + amount;
                // Overflow iff both operands have the sign the result lacks (Hacker's Delight 2-12).
                if (((current ^ result) & (amount ^ result)) < 0
                    || result < table.minLong[field] || result > table.maxLong[field]) {
                    return NackCode.OUT_OF_BOUNDS;
                }
                pendingValue[field] = result;
                pendingGeneration[field] = gen;
                continue;
            }

            // Only SET is left (its bit was checked above): what follows is its value.
            switch (kind) {
                case FieldTable.KIND_I64, FieldTable.KIND_COUNTER -> {
                    if (end - position < Long.BYTES) {
                        return NackCode.MALFORMED;
                    }
                    final long value = segment.get(FrameHeader.U64, position);
                    position += Long.BYTES;
                    if (value < table.minLong[field] || value > table.maxLong[field]) {
                        return NackCode.OUT_OF_BOUNDS;
                    }
                    pendingValue[field] = value;
                    pendingGeneration[field] = gen;
                }
                case FieldTable.KIND_F64 -> {
                    if (end - position < Double.BYTES) {
                        return NackCode.MALFORMED;
                    }
                    final double value = segment.get(FrameHeader.F64, position);
                    position += Double.BYTES;
                    // Written so that NaN fails: every comparison with NaN is false.
                    if (table.bounded[field] && !(value >= table.minDouble[field] && value <= table.maxDouble[field])) {
                        return NackCode.OUT_OF_BOUNDS;
                    }
                }
                case FieldTable.KIND_BOOL -> {
                    if (end - position < 1) {
                        return NackCode.MALFORMED;
                    }
                    final int value = segment.get(FrameHeader.U8, position) & 0xFF;
                    position++;
                    if (value > 1) {
                        return NackCode.OUT_OF_BOUNDS;
                    }
                }
                case FieldTable.KIND_ENUM -> {
                    if (end - position < 1) {
                        return NackCode.MALFORMED;
                    }
                    final int ordinal = segment.get(FrameHeader.U8, position) & 0xFF;
                    position++;
                    if (ordinal >= table.maxLength[field]) {
                        return NackCode.OUT_OF_BOUNDS;
                    }
                }
                case FieldTable.KIND_STRING, FieldTable.KIND_BYTES -> {
                    if (end - position < Short.BYTES) {
                        return NackCode.MALFORMED;
                    }
                    final int length = segment.get(FrameHeader.U16, position) & 0xFFFF;
                    position += Short.BYTES;
                    if (length > end - position) {
                        return NackCode.MALFORMED;
                    }
                    if (length > table.maxLength[field]) {
                        return NackCode.TOO_LARGE;
                    }
                    if (kind == FieldTable.KIND_STRING && !Utf8Validator.isValid(segment, position, length)) {
                        return NackCode.INVALID_UTF8;
                    }
                    position += length;
                }
                default -> throw new IllegalStateException("field kind " + kind); // compiler-checked tables
            }
        }
        return NackCode.NONE;
    }

    private int nextGeneration() {
        if (++generation == 0) {
            // After 2^32 calls a stale stamp could match again: clear once and start over.
            Arrays.fill(pendingGeneration, 0);
            generation = 1;
        }
        return generation;
    }
}
