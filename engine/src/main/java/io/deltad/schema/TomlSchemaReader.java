package io.deltad.schema;

import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a {@code .toml} schema file into a {@link SourceTable}, keeping the line of every key. */
final class TomlSchemaReader {
    private TomlSchemaReader() {
    }

    static SourceTable read(final Path file) {
        final TomlParseResult result;
        try {
            result = Toml.parse(file);
        } catch (final IOException e) {
            throw new SchemaException(file, -1, null, "cannot read: " + e.getMessage(), e);
        }
        if (result.hasErrors()) {
            final TomlParseError first = result.errors().getFirst();
            throw new SchemaException(file, first.position().line(), null, "invalid TOML: " + first.getMessage());
        }
        return convert(file, "", result);
    }

    private static SourceTable convert(final Path file, final String path, final TomlTable toml) {
        final SourceTable table = new SourceTable(file, path);
        for (final String key : toml.keySet()) {
            // List form: the String overloads would parse a quoted key containing '.' as a dotted path.
            final List<String> keyPath = List.of(key);
            final String childPath = path.isEmpty() ? key : path + "." + key;
            final TomlPosition position = toml.inputPositionOf(keyPath);
            final int line = position == null ? -1 : position.line();
            table.put(key, convertValue(file, childPath, line, toml.get(keyPath)), line);
        }
        return table;
    }

    private static Object convertValue(final Path file, final String path, final int line, final Object value) {
        return switch (value) {
            case TomlTable nested -> convert(file, path, nested);
            case TomlArray array -> {
                final List<Object> list = new ArrayList<>(array.size());
                for (int i = 0; i < array.size(); i++) {
                    final TomlPosition position = array.inputPositionOf(i);
                    list.add(convertValue(file, path + "[" + i + "]", position == null ? line : position.line(),
                        array.get(i)));
                }
                yield list;
            }
            case Long l -> l;
            case Double d -> d;
            case Boolean b -> b;
            case String s -> s;
            default -> throw new SchemaException(file, line, path,
                "unsupported value type " + value.getClass().getSimpleName());
        };
    }
}
