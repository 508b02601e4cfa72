package io.deltad.schema;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code .json} schema file into a {@link SourceTable}. The tree model carries no positions, so a first
 * streaming pass records the line of every key by its JSON pointer; the model is then built from the tree.
 * Duplicate keys are an error rather than "last one wins".
 */
final class JsonSchemaReader {
    private static final JsonMapper MAPPER = JsonMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();

    private JsonSchemaReader() {
    }

    static SourceTable read(final Path file) {
        final byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (final IOException e) {
            throw new SchemaException(file, -1, null, "cannot read: " + e.getMessage(), e);
        }
        try {
            final Map<String, Integer> lineByPointer = keyLines(content);
            final JsonNode root = MAPPER.readTree(content);
            if (root == null || !root.isObject()) {
                throw new SchemaException(file, 1, null, "must be a JSON object");
            }
            return convertObject(file, "", "", root, lineByPointer);
        } catch (final JsonProcessingException e) {
            final JsonLocation location = e.getLocation();
            throw new SchemaException(file, location == null ? -1 : location.getLineNr(), null,
                "invalid JSON: " + e.getOriginalMessage(), e);
        } catch (final IOException e) {
            throw new SchemaException(file, -1, null, "cannot read: " + e.getMessage(), e);
        }
    }

    private static Map<String, Integer> keyLines(final byte[] content) throws IOException {
        final Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = MAPPER.createParser(content)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME) {
                    lines.put(parser.getParsingContext().pathAsPointer().toString(),
                        parser.currentTokenLocation().getLineNr());
                }
            }
        }
        return lines;
    }

    private static SourceTable convertObject(final Path file, final String path, final String pointer,
                                             final JsonNode node, final Map<String, Integer> lineByPointer) {
        final SourceTable table = new SourceTable(file, path);
        for (final Map.Entry<String, JsonNode> entry : node.properties()) {
            final String key = entry.getKey();
            final String childPointer = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
            final int line = lineByPointer.getOrDefault(childPointer, -1);
            final String childPath = path.isEmpty() ? key : path + "." + key;
            table.put(key, convertValue(file, childPath, childPointer, line, entry.getValue(), lineByPointer), line);
        }
        return table;
    }

    private static Object convertValue(final Path file, final String path, final String pointer, final int line,
                                       final JsonNode node, final Map<String, Integer> lineByPointer) {
        if (node.isObject()) {
            return convertObject(file, path, pointer, node, lineByPointer);
        }
        if (node.isArray()) {
            final List<Object> list = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                list.add(convertValue(file, path + "[" + i + "]", pointer + "/" + i, line, node.get(i), lineByPointer));
            }
            return list;
        }
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) {
                throw new SchemaException(file, line, path, "integer out of the 64-bit range");
            }
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        throw new SchemaException(file, line, path, "unsupported value " + node.getNodeType());
    }
}
