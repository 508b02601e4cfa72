package io.deltad.schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Loads a schema directory: reads every {@code *.toml} / {@code *.json} file (in name order, so errors are
 * reproducible), parses each, checks the cross-file rules (unique type ids and names, at most 32 roles), interns
 * roles and compiles the per-type tables. Other files (README, editor backups, dot files) are ignored.
 */
final class SchemaLoader {
    /** Roles are bits of an int mask. */
    static final int MAX_ROLES = 32;

    private SchemaLoader() {
    }

    static SchemaRegistry load(final Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new SchemaException(dir, -1, null, "schema directory does not exist or is not a directory");
        }
        final List<TypeDefinition> definitions = new ArrayList<>();
        final Map<Integer, TypeDefinition> byId = new HashMap<>();
        final Map<String, TypeDefinition> byName = new HashMap<>();
        for (final Path file : schemaFiles(dir)) {
            final SourceTable root = file.getFileName().toString().endsWith(".toml")
                ? TomlSchemaReader.read(file)
                : JsonSchemaReader.read(file);
            final TypeDefinition definition = SchemaFileParser.parse(root);
            final SourceTable type = root.requireTable("type");
            final TypeDefinition sameId = byId.putIfAbsent(definition.id(), definition);
            if (sameId != null) {
                throw new SchemaException(file, type.line("id"), "type.id",
                    "type id " + definition.id() + " is also used by " + sameId.file());
            }
            final TypeDefinition sameName = byName.putIfAbsent(definition.name(), definition);
            if (sameName != null) {
                throw new SchemaException(file, type.line("name"), "type.name",
                    "type name '" + definition.name() + "' is also used by " + sameName.file());
            }
            definitions.add(definition);
        }

        final Map<String, Integer> roleBits = internRoles(dir, definitions);
        final List<DocType> types = new ArrayList<>(definitions.size());
        for (final TypeDefinition definition : definitions) {
            types.add(new DocType(definition.file(), definition.name(), definition.id(), definition.maxDeltaBytes(),
                definition.opaque(), definition.fields(), FieldTable.compile(definition.fields(), roleBits)));
        }
        return new SchemaRegistry(types, List.copyOf(roleBits.keySet()));
    }

    private static List<Path> schemaFiles(final Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries
                .filter(path -> {
                    final String name = path.getFileName().toString();
                    return !name.startsWith(".") && (name.endsWith(".toml") || name.endsWith(".json"));
                })
                .filter(Files::isRegularFile)
                .sorted()
                .toList();
        } catch (final IOException e) {
            throw new SchemaException(dir, -1, null, "cannot list: " + e.getMessage(), e);
        }
    }

    /** Role name to bit, bits assigned in sorted name order so the same set of files always gives the same bits. */
    private static Map<String, Integer> internRoles(final Path dir, final List<TypeDefinition> definitions) {
        final TreeMap<String, Path> firstUse = new TreeMap<>();
        for (final TypeDefinition definition : definitions) {
            for (final FieldSpec field : definition.fields()) {
                for (final String role : field.writeRoles()) {
                    firstUse.putIfAbsent(role, definition.file());
                }
            }
        }
        final Map<String, Integer> bits = new TreeMap<>();
        for (final Map.Entry<String, Path> role : firstUse.entrySet()) {
            if (bits.size() == MAX_ROLES) {
                throw new SchemaException(role.getValue(), -1, "write",
                    "role '" + role.getKey() + "' is the " + (MAX_ROLES + 1) + "th distinct role in " + dir
                        + "; at most " + MAX_ROLES + " are supported");
            }
            bits.put(role.getKey(), bits.size());
        }
        return bits;
    }
}
