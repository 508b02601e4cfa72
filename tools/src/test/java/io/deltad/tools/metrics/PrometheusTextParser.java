package io.deltad.tools.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Parses a scrape with a real, independent Prometheus text-format parser, so the test checks what Prometheus would
 * read rather than what our own writer meant. No maintained JVM parser exists (the Prometheus Java client only
 * writes the format), so this runs the npm package {@code parse-prometheus-text-format} under {@code node}, from
 * {@code src/test/node} (installed there by {@code bin/test}, or {@code npm ci} in that directory).
 */
public final class PrometheusTextParser {
    /** Relative to the tools module, surefire's working directory (or to the repository root, for hand-run mains). */
    static final Path NODE_DIR = (Files.isDirectory(Path.of("src/test/node")) ? Path.of("src/test/node")
        : Path.of("tools/src/test/node")).toAbsolutePath();

    private PrometheusTextParser() {
    }

    /**
     * @return metric families by name; each {@code {name, help, type, metrics: [{labels, value}]}}, with the
     *         type upper case ({@code COUNTER}, {@code GAUGE}) and values as the text had them.
     */
    public static Map<String, JsonNode> parse(final String exposition) throws IOException, InterruptedException {
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules/parse-prometheus-text-format"))) {
            fail("the Prometheus text parser is not installed: run bin/test, or `npm ci` in " + NODE_DIR);
        }
        final Process node = new ProcessBuilder("node", NODE_DIR.resolve("parse.js").toString())
            .directory(NODE_DIR.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
        try (OutputStream in = node.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        final byte[] out = node.getInputStream().readAllBytes();
        if (!node.waitFor(30, TimeUnit.SECONDS) || node.exitValue() != 0) {
            node.destroyForcibly();
            fail("node could not parse the exposition (see stderr):\n" + exposition);
        }
        final Map<String, JsonNode> families = new LinkedHashMap<>();
        for (final JsonNode family : new ObjectMapper().readTree(out)) {
            families.put(family.get("name").asText(), family);
        }
        return families;
    }
}
