package io.deltad.schema;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One document type from a schema file: its id (the top 16 bits of its docIds), limits, and fields. The compiled
 * tables the validator and {@link DocState} run on are package-private; the {@link FieldSpec} accessors are for
 * tools, docs and tests.
 *
 * <p>Immutable; shared by all threads.
 */
public final class DocType {
    private final Path source;
    private final String name;
    private final int id;
    private final int maxDeltaBytes;
    private final boolean opaque;
    private final List<FieldSpec> fields;
    private final FieldSpec[] fieldsByIndex = new FieldSpec[FieldTable.SLOTS];
    private final Map<String, FieldSpec> fieldsByName = new HashMap<>();
    private final FieldTable table;

    DocType(final Path source, final String name, final int id, final int maxDeltaBytes, final boolean opaque,
            final List<FieldSpec> fields, final FieldTable table) {
        this.source = source;
        this.name = name;
        this.id = id;
        this.maxDeltaBytes = maxDeltaBytes;
        this.opaque = opaque;
        this.fields = List.copyOf(fields);
        this.table = table;
        for (final FieldSpec field : fields) {
            fieldsByIndex[field.index()] = field;
            fieldsByName.put(field.name(), field);
        }
    }

    /** Type id, 1..65535: the top 16 bits of the docIds of this type. */
    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** Opaque types carry an uninterpreted payload (e.g. Yjs updates) that is only size-capped. */
    public boolean opaque() {
        return opaque;
    }

    /** Largest delta payload accepted, in bytes. */
    public int maxDeltaBytes() {
        return maxDeltaBytes;
    }

    /** Number of declared fields (0 for opaque types). */
    public int fieldCount() {
        return fields.size();
    }

    /** Declared fields in ascending index order. */
    public List<FieldSpec> fields() {
        return fields;
    }

    /** The field with wire index {@code index}, or null. */
    public FieldSpec field(final int index) {
        return index >= 0 && index < FieldTable.SLOTS ? fieldsByIndex[index] : null;
    }

    /** The field named {@code fieldName}, or null. */
    public FieldSpec field(final String fieldName) {
        return fieldsByName.get(fieldName);
    }

    /** The file this type was loaded from (null for types built in code). */
    public Path source() {
        return source;
    }

    /** Bytes of one {@link DocState} of this type; 0 for opaque types, which keep no state. */
    public int stateBytes() {
        return opaque ? 0 : table.stateBytes;
    }

    /** A fresh state with every field absent, or null for opaque types. Allocates: call once per document. */
    public DocState newState() {
        return opaque ? null : new DocState(this);
    }

    FieldTable table() {
        return table;
    }

    @Override
    public String toString() {
        return name + "(" + id + ")";
    }
}
