package io.deltad.schema;

import io.deltad.wire.DocIds;
import io.deltad.wire.NackCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaLoaderTest {
    private static final String TYPE = """
        [type]
        name = "t"
        id = 5
        """;
    private static final String ONE_FIELD = """
        [[field]]
        name = "a"
        index = 0
        type = "i64"
        """;

    @TempDir
    Path dir;

    @Test
    void shouldLoadExampleSchemasWhenDeployDirectoryIsRead() {
        final SchemaRegistry registry = SchemaRegistry.load(
            Path.of(System.getProperty("basedir", ".")).resolve("../deploy/schemas").normalize());

        assertEquals(List.of("board", "note", "yjs"), registry.types().stream().map(DocType::name).toList());
        final DocType board = registry.byTypeId(1);
        assertSame(board, registry.byName("board"));
        assertSame(board, registry.byTypeId(DocIds.typeId(DocIds.of(1, 42))));
        assertEquals(1024, board.maxDeltaBytes());
        assertEquals(List.of("owner"), board.field("locked").writeRoles());
        assertTrue(registry.byName("yjs").opaque());
        assertEquals(65536, registry.byName("yjs").maxDeltaBytes());
        assertEquals(FieldType.F64, registry.byName("note").field("opacity").type());
        assertEquals(List.of("editor", "owner"), registry.roles());
    }

    @Test
    void shouldReturnNullWhenTypeIdIsUnknownOrOutOfRange() {
        final SchemaRegistry registry = TestSchemas.tomlRegistry(dir);
        assertNull(registry.byTypeId(0));
        assertNull(registry.byTypeId(8));
        assertNull(registry.byTypeId(65536));
        assertNull(registry.byTypeId(-1));
        assertNull(registry.byName("nope"));
        assertNull(SchemaRegistry.empty().byTypeId(7));
        assertTrue(SchemaRegistry.empty().types().isEmpty());
    }

    @Test
    void shouldInternRolesInSortedOrderWhenSeveralSchemasNameThem() {
        TestSchemas.write(dir, "a.toml", TYPE + field(0, "write = [\"zeta\", \"alpha\"]"));
        TestSchemas.write(dir, "b.toml", TYPE.replace("\"t\"", "\"u\"").replace("5", "6")
            + field(0, "write = [\"mid\"]"));
        final SchemaRegistry registry = SchemaRegistry.load(dir);

        assertEquals(List.of("alpha", "mid", "zeta"), registry.roles());
        assertEquals(0b101, registry.roleMask(List.of("zeta", "alpha", "unknown")));
        assertEquals(0, registry.roleMask(List.of()));
    }

    @Test
    void shouldIgnoreOtherFilesWhenDirectoryHasThem() {
        TestSchemas.write(dir, "README.md", "not a schema");
        TestSchemas.write(dir, ".hidden.toml", "garbage =");
        TestSchemas.write(dir, "t.toml.bak", "garbage =");
        TestSchemas.write(dir, "t.toml", TYPE + ONE_FIELD);
        assertEquals(1, SchemaRegistry.load(dir).types().size());
    }

    static Stream<Arguments> badTomlFiles() {
        return Stream.of(
            bad("unknown root key", TYPE + ONE_FIELD + "[extra]\na = 1\n", "extra", 8),
            bad("unknown type key", TYPE + "colour = 1\n" + ONE_FIELD, "type.colour", 4),
            bad("unknown field key", TYPE + field(0, "maxlen = 3"), "field[0].maxlen", 8),
            bad("missing type table", ONE_FIELD, null, 1),
            bad("bad type name", TYPE.replace("\"t\"", "\"Board\"") + ONE_FIELD, "type.name", 2),
            bad("type name too long", TYPE.replace("\"t\"", "\"" + "a".repeat(33) + "\"") + ONE_FIELD, "type.name", 2),
            bad("type id zero", TYPE.replace("id = 5", "id = 0") + ONE_FIELD, "type.id", 3),
            bad("type id too big", TYPE.replace("id = 5", "id = 65536") + ONE_FIELD, "type.id", 3),
            bad("type id a string", TYPE.replace("id = 5", "id = \"5\"") + ONE_FIELD, "type.id", 3),
            bad("missing type id", TYPE.replace("id = 5", "") + ONE_FIELD, "type", 2),
            bad("max_delta_bytes zero", TYPE + "max_delta_bytes = 0\n" + ONE_FIELD, "type.max_delta_bytes", 4),
            bad("opaque not boolean", TYPE + "opaque = 1\n" + ONE_FIELD, "type.opaque", 4),
            bad("opaque with fields", TYPE + "opaque = true\n" + ONE_FIELD, "field", 5),
            bad("no fields", TYPE, "type", 1),
            bad("bad field type", TYPE + ONE_FIELD.replace("i64", "int"), "field[0].type", 7),
            bad("bad field name", TYPE + ONE_FIELD.replace("\"a\"", "\"A b\""), "field[0].name", 5),
            bad("field index 255", TYPE + ONE_FIELD.replace("index = 0", "index = 255"), "field[0].index", 6),
            bad("field index negative", TYPE + ONE_FIELD.replace("index = 0", "index = -1"), "field[0].index", 6),
            bad("missing field index", TYPE + ONE_FIELD.replace("index = 0", ""), "field[0]", 5),
            bad("duplicate index", TYPE + ONE_FIELD + ONE_FIELD.replace("\"a\"", "\"b\""), "field[1].index", 10),
            bad("duplicate name", TYPE + ONE_FIELD + ONE_FIELD.replace("index = 0", "index = 1"), "field[1].name", 9),
            bad("string without max_length", TYPE + ONE_FIELD.replace("i64", "string"), "field[0]", 5),
            bad("bytes max_length zero", TYPE + field(0, "max_length = 0").replace("i64", "bytes"),
                "field[0].max_length", 8),
            bad("max_length too big", TYPE + field(0, "max_length = 65536").replace("i64", "string"),
                "field[0].max_length", 8),
            bad("max_length on i64", TYPE + field(0, "max_length = 5"), "field[0].max_length", 8),
            bad("min greater than max", TYPE + field(0, "min = 5\nmax = 4"), "field[0].min", 8),
            bad("f64 min greater than max", TYPE + field(0, "min = 0.5\nmax = 0.25").replace("i64", "f64"),
                "field[0].min", 8),
            bad("f64 bound NaN", TYPE + field(0, "max = nan").replace("i64", "f64"), "field[0].max", 8),
            bad("float bound on i64", TYPE + field(0, "min = 1.5"), "field[0].min", 8),
            bad("bounds on bool", TYPE + field(0, "min = 0").replace("i64", "bool"), "field[0].min", 8),
            bad("enum without values", TYPE + ONE_FIELD.replace("i64", "enum"), "field[0]", 5),
            bad("enum with no values", TYPE + field(0, "values = []").replace("i64", "enum"), "field[0].values", 8),
            bad("enum with 256 values", TYPE + field(0, "values = [" + manyValues(256) + "]").replace("i64", "enum"),
                "field[0].values", 8),
            bad("enum duplicate values", TYPE + field(0, "values = [\"a\", \"a\"]").replace("i64", "enum"),
                "field[0].values", 8),
            bad("values on i64", TYPE + field(0, "values = [\"a\"]"), "field[0].values", 8),
            bad("increment on string", TYPE + field(0, "max_length = 4\nops = [\"increment\"]")
                .replace("i64", "string"), "field[0].ops", 9),
            bad("unknown op", TYPE + field(0, "ops = [\"add\"]"), "field[0].ops", 8),
            bad("no ops", TYPE + field(0, "ops = []"), "field[0].ops", 8),
            bad("empty write list", TYPE + field(0, "write = []"), "field[0].write", 8),
            bad("bad role name", TYPE + field(0, "write = [\"has space\"]"), "field[0].write", 8),
            bad("toml syntax error", TYPE + "name = \n", null, 4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTomlFiles")
    void shouldNameFileLineAndKeyWhenTomlFileIsBad(final String description, final String content,
                                                   final String key, final int line) {
        final Path file = TestSchemas.write(dir, "bad.toml", content);
        final SchemaException e = assertThrows(SchemaException.class, () -> SchemaRegistry.load(dir));
        assertEquals(file, e.file(), e.getMessage());
        assertEquals(key, e.key(), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains("bad.toml"), e.getMessage());
    }

    @Test
    void shouldNameKeyAndLineWhenJsonFileHasUnknownKey() {
        TestSchemas.write(dir, "bad.json", """
            {
              "type": { "name": "t", "id": 5 },
              "field": [
                { "name": "a", "index": 0, "type": "i64" },
                { "name": "b", "index": 1, "type": "i64",
                  "minimum": 3 }
              ]
            }
            """);
        final SchemaException e = assertThrows(SchemaException.class, () -> SchemaRegistry.load(dir));
        assertEquals("field[1].minimum", e.key());
        assertEquals(6, e.line());
    }

    @Test
    void shouldRejectJsonWhenKeyIsDuplicated() {
        TestSchemas.write(dir, "bad.json", "{ \"type\": { \"name\": \"t\", \"id\": 5, \"id\": 6 } }");
        final SchemaException e = assertThrows(SchemaException.class, () -> SchemaRegistry.load(dir));
        assertTrue(e.getMessage().contains("bad.json:1"), e.getMessage());
        assertTrue(e.getMessage().contains("id"), e.getMessage());
    }

    @Test
    void shouldRejectJsonWhenSyntaxIsInvalid() {
        TestSchemas.write(dir, "bad.json", "{\n \"type\": {\n \"name\": \"t\",, } }");
        final SchemaException e = assertThrows(SchemaException.class, () -> SchemaRegistry.load(dir));
        assertEquals(3, e.line(), e.getMessage());
    }

    @Test
    void shouldNameBothFilesWhenTypeIdIsUsedTwice() {
        TestSchemas.write(dir, "a.toml", TYPE + ONE_FIELD);
        TestSchemas.write(dir, "b.json", """
            {"type": {"name": "other", "id": 5}, "field": [{"name": "a", "index": 0, "type": "i64"}]}
            """);
        final SchemaException e = assertThrows(SchemaException.class, () -> SchemaRegistry.load(dir));
        assertEquals("type.id", e.key());
        assertTrue(e.getMessage().contains("a.toml") && e.getMessage().contains("b.json"), e.getMessage());
    }

    @Test
    void shouldNameBothFilesWhenTypeNameIsUsedTwice() {
        TestSchemas.write(dir, "a.toml", TYPE + ONE_FIELD);
        TestSchemas.write(dir, "b.toml", TYPE.replace("id = 5", "id = 6") + ONE_FIELD);
        final SchemaException e = assertThrows(SchemaException.class, () -> SchemaRegistry.load(dir));
        assertEquals("type.name", e.key());
        assertTrue(e.getMessage().contains("a.toml") && e.getMessage().contains("b.toml"), e.getMessage());
    }

    @Test
    void shouldFailWhenMoreThan32RolesAreNamed() {
        final StringBuilder roles = new StringBuilder();
        for (int i = 0; i < 33; i++) {
            roles.append(i == 0 ? "" : ", ").append("\"role").append(i < 10 ? "0" : "").append(i).append('"');
        }
        TestSchemas.write(dir, "t.toml", TYPE + field(0, "write = [" + roles + "]"));
        final SchemaException e = assertThrows(SchemaException.class, () -> SchemaRegistry.load(dir));
        assertTrue(e.getMessage().contains("role32"), e.getMessage());

        TestSchemas.write(dir, "t.toml", TYPE + field(0, "write = [" + roles.substring(0, roles.lastIndexOf(",")) + "]"));
        assertEquals(32, SchemaRegistry.load(dir).roles().size());
    }

    @Test
    void shouldFailWhenDirectoryIsMissing() {
        final SchemaException e = assertThrows(SchemaException.class,
            () -> SchemaRegistry.load(dir.resolve("missing")));
        assertEquals(dir.resolve("missing"), e.file());
    }

    @Test
    void shouldBehaveIdenticallyWhenSameSchemaIsTomlOrJson() {
        final SchemaRegistry toml = SchemaRegistry.load(dirWith("toml", "item.toml", TestSchemas.ITEM_TOML));
        final SchemaRegistry json = SchemaRegistry.load(dirWith("json", "item.json", TestSchemas.ITEM_JSON));
        final DocType tomlItem = toml.byTypeId(7);
        final DocType jsonItem = json.byTypeId(7);

        assertEquals(tomlItem.fields(), jsonItem.fields());
        assertEquals(tomlItem.maxDeltaBytes(), jsonItem.maxDeltaBytes());
        assertEquals(tomlItem.stateBytes(), jsonItem.stateBytes());
        assertEquals(toml.roles(), json.roles());

        // Same random deltas, same verdicts, same resulting states.
        final MemorySegment buffer = Arena.ofAuto().allocate(512);
        final OpWriter writer = new OpWriter();
        final DeltaValidator validator = new DeltaValidator();
        final DocState tomlState = tomlItem.newState();
        final DocState jsonState = jsonItem.newState();
        final Random random = new Random(5);
        final List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            writer.wrap(buffer, 0);
            for (int op = 1 + random.nextInt(3); op > 0; op--) {
                final int field = random.nextInt(12);
                switch (random.nextInt(5)) {
                    case 0 -> writer.setI64(field, random.nextInt(300) - 150);
                    case 1 -> writer.increment(field, random.nextInt(7) - 3);
                    case 2 -> writer.delete(field);
                    case 3 -> writer.setEnum(field, random.nextInt(4));
                    default -> writer.setF64(field, random.nextDouble() * 2);
                }
            }
            final int roles = random.nextBoolean() ? 1 : 0;
            final int tomlCode = validator.validate(tomlItem, tomlState, buffer, 0, writer.length(), roles);
            final int tomlField = validator.lastFieldIndex();
            final int jsonCode = validator.validate(jsonItem, jsonState, buffer, 0, writer.length(), roles);
            assertEquals(tomlCode, jsonCode, "delta " + i);
            assertEquals(tomlField, validator.lastFieldIndex(), "delta " + i);
            if (tomlCode == NackCode.NONE) {
                tomlState.apply(buffer, 0, writer.length());
                jsonState.apply(buffer, 0, writer.length());
            }
            codes.add(tomlCode);
            assertArrayEquals(tomlState.memory().toArray(ValueLayout.JAVA_BYTE),
                jsonState.memory().toArray(ValueLayout.JAVA_BYTE));
        }
        assertTrue(codes.contains(NackCode.NONE) && codes.contains(NackCode.OUT_OF_BOUNDS)
            && codes.contains(NackCode.UNKNOWN_FIELD) && codes.contains(NackCode.TYPE_MISMATCH), codes::toString);
        assertNotNull(tomlItem.source());
    }

    private Path dirWith(final String sub, final String name, final String content) {
        TestSchemas.write(dir.resolve(sub), name, content);
        return dir.resolve(sub);
    }

    private static String field(final int index, final String extra) {
        return "[[field]]\nname = \"f" + index + "\"\nindex = " + index + "\ntype = \"i64\"\n" + extra + "\n";
    }

    private static String manyValues(final int count) {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            sb.append(i == 0 ? "" : ", ").append("\"v").append(i).append('"');
        }
        return sb.toString();
    }

    private static Arguments bad(final String description, final String content, final String key, final int line) {
        return Arguments.of(description, content, key, line);
    }
}
