package io.deltad.schema;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A table of a schema file in a format-neutral form, so TOML and JSON share one parser and produce the same errors.
 * Values are {@code Long}, {@code Double}, {@code Boolean}, {@code String}, {@code List<Object>} or
 * {@code SourceTable}. The typed getters throw {@link SchemaException} naming file, line and key.
 *
 * <p>Load-time only.
 */
final class SourceTable {
    private final Path file;
    /** Display path of this table, e.g. {@code type} or {@code field[2]}; empty for the root. */
    private final String path;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, Integer> lines = new LinkedHashMap<>();

    SourceTable(final Path file, final String path) {
        this.file = file;
        this.path = path;
    }

    void put(final String key, final Object value, final int line) {
        values.put(key, value);
        lines.put(key, line);
    }

    Path file() {
        return file;
    }

    Set<String> keys() {
        return Collections.unmodifiableSet(values.keySet());
    }

    boolean has(final String key) {
        return values.containsKey(key);
    }

    int line(final String key) {
        return lines.getOrDefault(key, -1);
    }

    /** The display path of {@code key} in this table. */
    String keyPath(final String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    SchemaException error(final String key, final String problem) {
        // An error about the table itself (a missing key) points at the table's first key, the closest line known.
        final int line = key == null ? lines.values().stream().filter(l -> l > 0).findFirst().orElse(-1) : line(key);
        return new SchemaException(file, line, key == null ? (path.isEmpty() ? null : path) : keyPath(key), problem);
    }

    void allowOnly(final Set<String> allowed) {
        for (final String key : values.keySet()) {
            if (!allowed.contains(key)) {
                throw error(key, "unknown key (allowed: " + String.join(", ", allowed) + ")");
            }
        }
    }

    SourceTable requireTable(final String key) {
        final Object value = require(key);
        if (!(value instanceof SourceTable table)) {
            throw error(key, "must be a table");
        }
        return table;
    }

    /** An array of tables ({@code [[key]]} in TOML); empty when absent. */
    List<SourceTable> tableArray(final String key) {
        if (!has(key)) {
            return List.of();
        }
        final List<SourceTable> tables = new ArrayList<>();
        for (final Object element : list(key)) {
            if (!(element instanceof SourceTable table)) {
                throw error(key, "must be an array of tables");
            }
            tables.add(table);
        }
        return tables;
    }

    String requireString(final String key) {
        final Object value = require(key);
        if (!(value instanceof String string)) {
            throw error(key, "must be a string");
        }
        return string;
    }

    long requireLong(final String key, final long min, final long max) {
        require(key);
        return optionalLong(key, min, max, 0);
    }

    long optionalLong(final String key, final long min, final long max, final long defaultValue) {
        if (!has(key)) {
            return defaultValue;
        }
        if (!(values.get(key) instanceof Long value)) {
            throw error(key, "must be an integer");
        }
        if (value < min || value > max) {
            throw error(key, "must be " + min + ".." + max + ", got " + value);
        }
        return value;
    }

    /** A number (integer or float) that is not NaN. */
    double optionalDouble(final String key, final double defaultValue) {
        if (!has(key)) {
            return defaultValue;
        }
        final double value = switch (values.get(key)) {
            case Long l -> l.doubleValue();
            case Double d -> d;
            default -> throw error(key, "must be a number");
        };
        if (Double.isNaN(value)) {
            throw error(key, "must not be NaN");
        }
        return value;
    }

    boolean optionalBoolean(final String key, final boolean defaultValue) {
        if (!has(key)) {
            return defaultValue;
        }
        if (!(values.get(key) instanceof Boolean value)) {
            throw error(key, "must be true or false");
        }
        return value;
    }

    /** A list of strings; null when absent. */
    List<String> optionalStringList(final String key) {
        if (!has(key)) {
            return null;
        }
        final List<String> strings = new ArrayList<>();
        for (final Object element : list(key)) {
            if (!(element instanceof String string)) {
                throw error(key, "must be an array of strings");
            }
            strings.add(string);
        }
        return strings;
    }

    private List<?> list(final String key) {
        if (!(values.get(key) instanceof List<?> list)) {
            throw error(key, "must be an array");
        }
        return list;
    }

    private Object require(final String key) {
        final Object value = values.get(key);
        if (value == null) {
            throw error(null, "missing key '" + key + "'");
        }
        return value;
    }
}
