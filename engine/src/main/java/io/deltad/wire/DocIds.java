package io.deltad.wire;

/**
 * A docId is a u64 whose top 16 bits name the document type (the schema's {@code id}) and whose low 48 bits
 * number the document within that type. Text form: {@code type/number}, e.g. {@code board/42}.
 */
public final class DocIds {
    public static final int TYPE_SHIFT = 48;
    public static final long NUMBER_MASK = (1L << TYPE_SHIFT) - 1;
    public static final int MAX_TYPE_ID = 0xFFFF;

    private DocIds() {
    }

    public static int typeId(final long docId) {
        return (int) (docId >>> TYPE_SHIFT);
    }

    public static long number(final long docId) {
        return docId & NUMBER_MASK;
    }

    public static long of(final int typeId, final long number) {
        if (typeId < 0 || typeId > MAX_TYPE_ID || (number & ~NUMBER_MASK) != 0) {
            throw new IllegalArgumentException("docId out of range: type " + typeId + " number " + number);
        }
        return ((long) typeId << TYPE_SHIFT) | number;
    }

    /** Numeric text form {@code typeId/number} (the schema name is not known here), for logs. */
    public static String text(final long docId) {
        return typeId(docId) + "/" + number(docId);
    }

    /** Mixes the docId so consecutive numbers spread over shards. */
    public static int hash(final long docId) {
        long h = docId * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        return (int) (h ^ (h >>> 32)) & 0x7FFF_FFFF;
    }
}
