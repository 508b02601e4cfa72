package io.deltad.schema;

import io.deltad.wire.DocIds;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * All document types of a schema directory. Looked up by type id (the top 16 bits of a docId, {@link DocIds}) on
 * the hot path through a 65536-entry array: one load, no hashing.
 *
 * <p>Roles named in {@code write} lists are interned across all schemas into bits 0..31 in sorted name order;
 * {@link #roleMask} turns a session's token claims into the mask {@link DeltaValidator} checks against.
 *
 * <p>Immutable and safe to share. A reload builds a new registry with {@link #load} and swaps the reference;
 * readers keep using the old one until they next read it.
 */
public final class SchemaRegistry {
    private static final SchemaRegistry EMPTY = new SchemaRegistry(List.of(), List.of());

    private final DocType[] byTypeId = new DocType[DocIds.MAX_TYPE_ID + 1];
    private final Map<String, DocType> byName = new HashMap<>();
    private final List<DocType> types;
    private final List<String> roles;
    private final Map<String, Integer> roleBits = new HashMap<>();

    SchemaRegistry(final List<DocType> types, final List<String> roles) {
        this.types = types.stream().sorted(Comparator.comparingInt(DocType::id)).toList();
        this.roles = List.copyOf(roles);
        for (final DocType type : types) {
            byTypeId[type.id()] = type;
            byName.put(type.name(), type);
        }
        for (int bit = 0; bit < roles.size(); bit++) {
            roleBits.put(roles.get(bit), bit);
        }
    }

    /**
     * Loads every {@code *.toml} and {@code *.json} file of {@code dir}, one document type per file.
     *
     * @throws SchemaException naming file, line (when known) and key of the first problem
     */
    public static SchemaRegistry load(final Path dir) {
        return SchemaLoader.load(dir);
    }

    /** A registry without types: every docId is of an unknown type. */
    public static SchemaRegistry empty() {
        return EMPTY;
    }

    /** The type with id {@code typeId}, or null (also for ids outside 0..65535). */
    public DocType byTypeId(final int typeId) {
        return (typeId & ~DocIds.MAX_TYPE_ID) == 0 ? byTypeId[typeId] : null;
    }

    /** The type named {@code name}, or null. */
    public DocType byName(final String name) {
        return byName.get(name);
    }

    /** All types, ascending by id. */
    public List<DocType> types() {
        return types;
    }

    /** Interned roles; the position of a role is its bit. */
    public List<String> roles() {
        return roles;
    }

    /** The role bits of {@code roleNames}; names no schema mentions are ignored. Allocates nothing per name. */
    public int roleMask(final Collection<String> roleNames) {
        int mask = 0;
        for (final String role : roleNames) {
            final Integer bit = roleBits.get(role);
            if (bit != null) {
                mask |= 1 << bit;
            }
        }
        return mask;
    }
}
