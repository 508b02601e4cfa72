package io.deltad.schema;

import io.deltad.wire.DocIds;
import io.deltad.wire.OpKind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the {@link SourceTable} of one schema file into a {@link TypeDefinition}, checking everything that can be
 * checked within the file. Every problem is a {@link SchemaException} naming the key.
 */
final class SchemaFileParser {
    /** Type and field names: short, lower case, safe in metric labels and the {@code type/number} docId text. */
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    /** Role names as they appear in token claims. */
    static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    static final int DEFAULT_MAX_DELTA_BYTES = 4096;
    /** Far above any sensible delta; keeps a typo from sizing buffers in gigabytes. */
    static final int MAX_MAX_DELTA_BYTES = 16 * 1024 * 1024;
    /** 255 is kept free so a u8 field byte of 0xFF is always unknown. */
    static final int MAX_FIELD_INDEX = 254;
    static final int MAX_VALUE_LENGTH = 0xFFFF;
    static final int MAX_ENUM_VALUES = 255;

    private static final Set<String> ROOT_KEYS = ordered("type", "field");
    private static final Set<String> TYPE_KEYS = ordered("name", "id", "max_delta_bytes", "opaque");
    private static final Set<String> FIELD_KEYS =
        ordered("name", "index", "type", "max_length", "min", "max", "values", "ops", "write");

    private SchemaFileParser() {
    }

    static TypeDefinition parse(final SourceTable root) {
        root.allowOnly(ROOT_KEYS);
        final SourceTable type = root.requireTable("type");
        type.allowOnly(TYPE_KEYS);
        final String name = requireName(type, "name");
        final int id = (int) type.requireLong("id", 1, DocIds.MAX_TYPE_ID);
        final int maxDeltaBytes =
            (int) type.optionalLong("max_delta_bytes", 1, MAX_MAX_DELTA_BYTES, DEFAULT_MAX_DELTA_BYTES);
        final boolean opaque = type.optionalBoolean("opaque", false);

        final List<SourceTable> fieldTables = root.tableArray("field");
        if (opaque && !fieldTables.isEmpty()) {
            throw root.error("field", "an opaque type has no fields");
        }
        if (!opaque && fieldTables.isEmpty()) {
            throw root.error("type", "a non-opaque type needs at least one [[field]] (or opaque = true)");
        }

        final List<FieldSpec> fields = new ArrayList<>();
        final Map<String, SourceTable> byName = new HashMap<>();
        final Map<Integer, SourceTable> byIndex = new HashMap<>();
        for (final SourceTable fieldTable : fieldTables) {
            final FieldSpec field = parseField(fieldTable);
            final SourceTable sameName = byName.putIfAbsent(field.name(), fieldTable);
            if (sameName != null) {
                throw fieldTable.error("name", "duplicate field name '" + field.name() + "' (also at line "
                    + sameName.line("name") + ")");
            }
            final SourceTable sameIndex = byIndex.putIfAbsent(field.index(), fieldTable);
            if (sameIndex != null) {
                throw fieldTable.error("index", "duplicate field index " + field.index() + " (also at line "
                    + sameIndex.line("index") + ")");
            }
            fields.add(field);
        }
        fields.sort(Comparator.comparingInt(FieldSpec::index));
        return new TypeDefinition(root.file(), name, id, maxDeltaBytes, opaque, fields);
    }

    private static FieldSpec parseField(final SourceTable table) {
        table.allowOnly(FIELD_KEYS);
        final String name = requireName(table, "name");
        final int index = (int) table.requireLong("index", 0, MAX_FIELD_INDEX);
        final String typeName = table.requireString("type");
        final FieldType type = FieldType.fromSchemaName(typeName);
        if (type == null) {
            throw table.error("type", "unknown type '" + typeName + "' (one of i64, f64, bool, string, bytes, "
                + "counter, enum)");
        }

        int maxLength = 0;
        if (type.isVariableLength()) {
            if (!table.has("max_length")) {
                throw table.error(null, "missing key 'max_length' (required for " + typeName + ")");
            }
            maxLength = (int) table.requireLong("max_length", 1, MAX_VALUE_LENGTH);
        } else {
            rejectFor(table, "max_length", type);
        }

        final boolean bounded = table.has("min") || table.has("max");
        long minLong = Long.MIN_VALUE;
        long maxLong = Long.MAX_VALUE;
        double minDouble = Double.NEGATIVE_INFINITY;
        double maxDouble = Double.POSITIVE_INFINITY;
        if (type == FieldType.F64) {
            minDouble = table.optionalDouble("min", minDouble);
            maxDouble = table.optionalDouble("max", maxDouble);
            if (minDouble > maxDouble) {
                throw table.error("min", "min " + minDouble + " is greater than max " + maxDouble);
            }
        } else if (type.isBoundable()) {
            minLong = table.optionalLong("min", Long.MIN_VALUE, Long.MAX_VALUE, minLong);
            maxLong = table.optionalLong("max", Long.MIN_VALUE, Long.MAX_VALUE, maxLong);
            if (minLong > maxLong) {
                throw table.error("min", "min " + minLong + " is greater than max " + maxLong);
            }
        } else {
            rejectFor(table, "min", type);
            rejectFor(table, "max", type);
        }

        List<String> values = List.of();
        if (type == FieldType.ENUM) {
            values = table.optionalStringList("values");
            if (values == null) {
                throw table.error(null, "missing key 'values' (required for enum)");
            }
            if (values.isEmpty() || values.size() > MAX_ENUM_VALUES) {
                throw table.error("values", "must list 1.." + MAX_ENUM_VALUES + " values, got " + values.size());
            }
            if (new HashSet<>(values).size() != values.size() || values.contains("")) {
                throw table.error("values", "values must be distinct non-empty strings");
            }
        } else {
            rejectFor(table, "values", type);
        }

        return new FieldSpec(name, index, type, maxLength, bounded, minLong, maxLong, minDouble, maxDouble, values,
            parseOps(table, type), parseWriteRoles(table));
    }

    private static int parseOps(final SourceTable table, final FieldType type) {
        final List<String> ops = table.optionalStringList("ops");
        if (ops == null) {
            return FieldSpec.defaultOpsMask(type);
        }
        if (ops.isEmpty()) {
            throw table.error("ops", "must allow at least one op (set, increment, delete)");
        }
        int mask = 0;
        for (final String op : ops) {
            final int kind = switch (op) {
                case "set" -> OpKind.SET;
                case "increment" -> OpKind.INCREMENT;
                case "delete" -> OpKind.DELETE;
                default -> throw table.error("ops", "unknown op '" + op + "' (one of set, increment, delete)");
            };
            if ((FieldSpec.defaultOpsMask(type) & (1 << kind)) == 0) {
                throw table.error("ops", "'" + op + "' is not possible on a " + type.schemaName() + " field");
            }
            if ((mask & (1 << kind)) != 0) {
                throw table.error("ops", "'" + op + "' listed twice");
            }
            mask |= 1 << kind;
        }
        return mask;
    }

    private static List<String> parseWriteRoles(final SourceTable table) {
        final List<String> roles = table.optionalStringList("write");
        if (roles == null) {
            return List.of();
        }
        if (roles.isEmpty()) {
            // An empty list would make the field unwritable by anyone: almost certainly a mistake.
            throw table.error("write", "must name at least one role (omit the key to let any writer write)");
        }
        for (final String role : roles) {
            if (!ROLE.matcher(role).matches()) {
                throw table.error("write", "invalid role '" + role + "' (must match " + ROLE.pattern() + ")");
            }
        }
        if (new HashSet<>(roles).size() != roles.size()) {
            throw table.error("write", "role listed twice");
        }
        return roles;
    }

    private static String requireName(final SourceTable table, final String key) {
        final String name = table.requireString(key);
        if (!NAME.matcher(name).matches()) {
            throw table.error(key, "invalid name '" + name + "' (must match " + NAME.pattern() + ")");
        }
        return name;
    }

    private static void rejectFor(final SourceTable table, final String key, final FieldType type) {
        if (table.has(key)) {
            throw table.error(key, "not allowed on a " + type.schemaName() + " field");
        }
    }

    private static Set<String> ordered(final String... keys) {
        return new LinkedHashSet<>(List.of(keys));
    }
}
