package io.deltad.schema;

import io.deltad.wire.OpKind;

import java.util.List;

/**
 * One declared field, as loaded from the schema file. Metadata for tools, docs and tests; the hot path never
 * touches these objects, it reads the compiled {@link FieldTable} arrays instead.
 *
 * @param name       field name
 * @param index      the byte that names the field in the op encoding, 0..254
 * @param type       value type
 * @param maxLength  string/bytes cap in bytes; 0 for other types
 * @param bounded    whether {@code min} or {@code max} was declared
 * @param minLong    i64/counter lower bound ({@link Long#MIN_VALUE} when absent)
 * @param maxLong    i64/counter upper bound ({@link Long#MAX_VALUE} when absent)
 * @param minDouble  f64 lower bound ({@code -Infinity} when absent)
 * @param maxDouble  f64 upper bound ({@code +Infinity} when absent)
 * @param values     enum values; the ordinal is the position. Empty for other types
 * @param opsMask    allowed op kinds as bits {@code 1 << OpKind.X}
 * @param writeRoles roles allowed to write the field; empty = any writer of the document
 */
public record FieldSpec(
    String name,
    int index,
    FieldType type,
    int maxLength,
    boolean bounded,
    long minLong,
    long maxLong,
    double minDouble,
    double maxDouble,
    List<String> values,
    int opsMask,
    List<String> writeRoles) {

    public FieldSpec {
        values = List.copyOf(values);
        writeRoles = List.copyOf(writeRoles);
    }

    /** Whether ops of kind {@code opKind} ({@link OpKind}) are allowed on this field. */
    public boolean allows(final int opKind) {
        return opKind >= OpKind.SET && opKind <= OpKind.DELETE && (opsMask & (1 << opKind)) != 0;
    }

    /** The ops mask a field gets when its schema does not narrow it. */
    static int defaultOpsMask(final FieldType type) {
        final int setAndDelete = (1 << OpKind.SET) | (1 << OpKind.DELETE);
        return type.isIncrementable() ? setAndDelete | (1 << OpKind.INCREMENT) : setAndDelete;
    }
}
