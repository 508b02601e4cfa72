package io.deltad.wire;

/**
 * Ops inside the payload of a DELTA (or SNAPSHOT) frame for a schema'd document. The payload is a sequence of
 * ops until its end; each op:
 *
 * <pre>
 *   +--------+--------+---------------------------+
 *   | kind u8|field u8| value (by kind and type)  |
 *   +--------+--------+---------------------------+
 *
 *   SET       i64, counter: i64 (8)   f64: IEEE-754 (8)   bool: u8 0|1   enum: u8 ordinal
 *             string, bytes: u16 length + that many bytes (string: UTF-8)
 *   INCREMENT i64, counter: i64 amount (8)
 *   DELETE    no value: the field returns to "absent"
 * </pre>
 *
 * Opaque documents carry an uninterpreted payload instead.
 */
public final class OpKind {
    public static final int SET = 1;
    public static final int INCREMENT = 2;
    public static final int DELETE = 3;
    /** Bytes of kind + field. */
    public static final int OP_HEADER_LENGTH = 2;

    private OpKind() {
    }
}
