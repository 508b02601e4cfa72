package io.deltad.schema;

/**
 * Field types a schema may declare. {@link #code()} is the byte stored in the compiled per-type tables
 * ({@code 0} there means "no field at this index").
 */
public enum FieldType {
    I64("i64", FieldTable.KIND_I64),
    F64("f64", FieldTable.KIND_F64),
    BOOL("bool", FieldTable.KIND_BOOL),
    STRING("string", FieldTable.KIND_STRING),
    BYTES("bytes", FieldTable.KIND_BYTES),
    COUNTER("counter", FieldTable.KIND_COUNTER),
    ENUM("enum", FieldTable.KIND_ENUM);

    private final String schemaName;
    private final byte code;

    FieldType(final String schemaName, final int code) {
        this.schemaName = schemaName;
        this.code = (byte) code;
    }

    /** The spelling used in schema files. */
    public String schemaName() {
        return schemaName;
    }

    public byte code() {
        return code;
    }

    /** Whether INCREMENT is meaningful for this type (and so may appear in {@code ops}). */
    public boolean isIncrementable() {
        return this == I64 || this == COUNTER;
    }

    /** Whether {@code min}/{@code max} may be declared. */
    public boolean isBoundable() {
        return this == I64 || this == COUNTER || this == F64;
    }

    /** Whether the value is length-prefixed and needs {@code max_length}. */
    public boolean isVariableLength() {
        return this == STRING || this == BYTES;
    }

    /** The type spelled {@code schemaName}, or null. */
    public static FieldType fromSchemaName(final String schemaName) {
        for (final FieldType type : values()) {
            if (type.schemaName.equals(schemaName)) {
                return type;
            }
        }
        return null;
    }
}
