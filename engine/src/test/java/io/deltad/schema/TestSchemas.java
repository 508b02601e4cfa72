package io.deltad.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The schema the tests run against, in TOML and JSON form (same content), with one field of every kind. */
final class TestSchemas {
    static final int TITLE = 0;
    static final int X = 1;
    static final int RATIO = 2;
    static final int FLAG = 3;
    static final int BLOB = 4;
    static final int VOTES = 5;
    static final int COLOR = 6;
    static final int FREE = 7;
    static final int LOCKED = 8;
    static final int SET_ONLY = 9;
    static final int BIG = 10;
    static final int UNDECLARED = 42;

    static final String ITEM_TOML = """
        [type]
        name = "item"
        id = 7
        max_delta_bytes = 256

        [[field]]
        name = "title"
        index = 0
        type = "string"
        max_length = 16
        [[field]]
        name = "x"
        index = 1
        type = "i64"
        min = -100
        max = 100
        [[field]]
        name = "ratio"
        index = 2
        type = "f64"
        min = 0
        max = 1.0
        [[field]]
        name = "flag"
        index = 3
        type = "bool"
        [[field]]
        name = "blob"
        index = 4
        type = "bytes"
        max_length = 8
        [[field]]
        name = "votes"
        index = 5
        type = "counter"
        min = 0
        max = 10
        [[field]]
        name = "color"
        index = 6
        type = "enum"
        values = ["red", "green", "blue"]
        [[field]]
        name = "free"
        index = 7
        type = "f64"
        [[field]]
        name = "locked"
        index = 8
        type = "bool"
        write = ["owner"]
        [[field]]
        name = "set_only"
        index = 9
        type = "i64"
        ops = ["set"]
        [[field]]
        name = "big"
        index = 10
        type = "i64"
        """;

    static final String ITEM_JSON = """
        {
          "type": { "name": "item", "id": 7, "max_delta_bytes": 256 },
          "field": [
            { "name": "title", "index": 0, "type": "string", "max_length": 16 },
            { "name": "x", "index": 1, "type": "i64", "min": -100, "max": 100 },
            { "name": "ratio", "index": 2, "type": "f64", "min": 0, "max": 1.0 },
            { "name": "flag", "index": 3, "type": "bool" },
            { "name": "blob", "index": 4, "type": "bytes", "max_length": 8 },
            { "name": "votes", "index": 5, "type": "counter", "min": 0, "max": 10 },
            { "name": "color", "index": 6, "type": "enum", "values": ["red", "green", "blue"] },
            { "name": "free", "index": 7, "type": "f64" },
            { "name": "locked", "index": 8, "type": "bool", "write": ["owner"] },
            { "name": "set_only", "index": 9, "type": "i64", "ops": ["set"] },
            { "name": "big", "index": 10, "type": "i64" }
          ]
        }
        """;

    static final String BLOB_TOML = """
        [type]
        name = "blob"
        id = 9
        max_delta_bytes = 64
        opaque = true
        """;

    private TestSchemas() {
    }

    static Path write(final Path dir, final String fileName, final String content) {
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve(fileName), content);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A registry with the item type (TOML) and an opaque blob type. */
    static SchemaRegistry tomlRegistry(final Path dir) {
        write(dir, "item.toml", ITEM_TOML);
        write(dir, "blob.toml", BLOB_TOML);
        return SchemaRegistry.load(dir);
    }
}
