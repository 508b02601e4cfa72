package io.deltad.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deltad.io.SessionSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.deltad.signaling.Offers.CHROMIUM_LOOPBACK;
import static io.deltad.signaling.Offers.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Everything around the offers: healthz, CORS, the static client files and demo tokens, over real sockets. */
class SignalingEdgesTest {
    @TempDir
    Path dir;

    private SignalingHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void shouldAnswerHealthz() {
        harness = new SignalingHarness(dir, Map.of());
        final HttpResponse<String> response = harness.send(harness.request("/healthz"));
        assertEquals(200, response.statusCode());
        assertEquals("ok\n", response.body());
        assertEquals(405, harness.send(harness.request("/healthz").POST(HttpRequest.BodyPublishers.noBody())).statusCode());
    }

    @Test
    void shouldAnswerAPreflightFromAnotherOriginAndExposeLocation() {
        harness = new SignalingHarness(dir, Map.of("signaling.allow_origin", "*"));
        final HttpResponse<String> preflight = harness.send(harness.request("/v1/sessions")
            .header("Origin", "https://app.example.com")
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "authorization, content-type")
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertEquals(204, preflight.statusCode());
        assertEquals("*", preflight.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertEquals("POST, OPTIONS", preflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow());
        assertEquals("Authorization, Content-Type", preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow());
        assertEquals("600", preflight.headers().firstValue("Access-Control-Max-Age").orElseThrow());

        final HttpResponse<String> created = harness.send(harness.offer("", text(CHROMIUM_LOOPBACK), harness.boardToken())
            .header("Origin", "https://app.example.com"));
        assertEquals(201, created.statusCode());
        assertEquals("*", created.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertTrue(created.headers().firstValue("Access-Control-Expose-Headers").orElseThrow().contains("Location"));
        final HttpResponse<String> refused = harness.send(harness.offer("", text(CHROMIUM_LOOPBACK), null));
        assertEquals(401, refused.statusCode());
        assertEquals("*", refused.headers().firstValue("Access-Control-Allow-Origin").orElseThrow(),
            "errors carry CORS headers too, or the page cannot read why it was refused");
        assertEquals(0, harness.counter("signaling offers refused: other"), "a preflight is not an offer");
    }

    @Test
    void shouldNameOneOriginAndVaryOnIt() {
        harness = new SignalingHarness(dir, Map.of("signaling.allow_origin", "https://app.example.com"));
        final HttpResponse<String> response = harness.send(harness.request("/healthz"));
        assertEquals("https://app.example.com", response.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertEquals("Origin", response.headers().firstValue("Vary").orElseThrow());
    }

    @Test
    void shouldSendNoCorsHeadersByDefault() {
        harness = new SignalingHarness(dir, Map.of());
        final HttpResponse<String> preflight = harness.send(harness.request("/v1/sessions")
            .header("Origin", "https://elsewhere.example").method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertEquals(204, preflight.statusCode());
        assertEquals("POST, OPTIONS", preflight.headers().firstValue("Allow").orElseThrow());
        assertFalse(preflight.headers().firstValue("Access-Control-Allow-Origin").isPresent());
    }

    /** The real client library, once tools/client/deltad-client.js exists (its owner writes it). */
    @Test
    void shouldServeTheClientLibraryFromTheClasspathAsJavaScript() throws IOException {
        final Path source = Path.of("../tools/client/deltad-client.js");
        assumeTrue(Files.isRegularFile(source), "tools/client/deltad-client.js is not there yet");
        harness = new SignalingHarness(dir, Map.of());
        final HttpResponse<byte[]> response = sendBytes(harness.request("/client/deltad-client.js"));
        assertEquals(200, response.statusCode());
        assertEquals("text/javascript", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertArrayEquals(Files.readAllBytes(source), response.body());
    }

    @Test
    void shouldServeWebFilesWithTheirContentTypes() throws IOException {
        final Path web = webFolder();
        harness = new SignalingHarness(dir, Map.of(), context -> context.webResources(loaderOver(web)));
        assertFile("/", "text/html; charset=utf-8", "<html>index</html>");
        assertFile("/client/index.html", "text/html; charset=utf-8", "<html>index</html>");
        assertFile("/demo.js", "text/javascript", "demo();");
        assertFile("/client/demo.js", "text/javascript", "demo();");
        assertFile("/client/lib/module.mjs", "text/javascript", "export {};");
        assertFile("/client/style.css", "text/css", "body {}");
        assertEquals(404, harness.send(harness.request("/client/missing.js")).statusCode());
        assertEquals(404, harness.send(harness.request("/client/notes.unknownext")).statusCode());
        assertEquals(404, harness.send(harness.request("/client/lib")).statusCode());
        assertEquals(404, harness.send(harness.request("/client/folder.js")).statusCode(), "a folder named like a file");
        assertEquals(405, harness.send(harness.request("/client/demo.js").POST(HttpRequest.BodyPublishers.noBody())).statusCode());
    }

    @Test
    void shouldNotClimbOutOfTheWebFolder() throws IOException {
        final Path web = webFolder();
        Files.writeString(web.resolve("io/deltad/signaling/secret.txt"), "secret");
        Files.writeString(web.resolve("io/deltad/signaling/web/.hidden.js"), "hidden");
        harness = new SignalingHarness(dir, Map.of(), context -> context.webResources(loaderOver(web)));
        for (final String path : List.of(
            "/client/../secret.txt", "/client/..%2fsecret.txt", "/client/%2e%2e/secret.txt", "/client/%2E%2E%2Fsecret.txt",
            "/client/.%2e/secret.txt", "/client/lib/../../secret.txt", "/client/....//secret.txt", "/../secret.txt",
            "/client/.hidden.js", "/client//demo.js", "/client/demo.js%00.html", "/client/%64emo.js",
            "/client/..\\\\secret.txt", "/%2e%2e/%2e%2e/etc/passwd", "/client/" + "a/".repeat(100) + "x.js",
            "/client/io/deltad/signaling/web/demo.js", "/secret.txt")) {
            final int status = harness.raw("GET " + path + " HTTP/1.1");
            assertTrue(status == 404 || status == 400, path + " answered " + status);
        }
        assertEquals(200, harness.raw("GET /client/demo.js HTTP/1.1"), "the control case");
    }

    @Test
    void shouldHandOutDemoTokensWithTheConfiguredClaimsWhenOn() throws IOException {
        harness = new SignalingHarness(dir, Map.of("signaling.demo_tokens", true,
            "signaling.demo_token_read", List.of("board/*", "note/*"), "signaling.demo_token_write", List.of("note/*"),
            "signaling.demo_token_ttl", "2m"));
        final HttpResponse<String> response = harness.send(harness.request("/v1/demo-token"));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElseThrow());
        final JsonNode body = new ObjectMapper().readTree(response.body());
        final String token = body.get("token").asText();
        final SessionSpec spec = harness.tokens.verify(token, Instant.now());
        assertTrue(spec.name().matches("demo-[0-9a-f]{8}"), spec.name());
        assertEquals(spec.name(), body.get("sub").asText());
        assertEquals(List.of("board/*", "note/*"), spec.read());
        assertEquals(List.of("note/*"), spec.write());
        assertEquals(120, body.get("ttl").asLong());
        assertEquals(harness.clock.instant().getEpochSecond() + 120, body.get("expires_at").asLong());
        assertEquals(201, harness.send(harness.offer("?doc=board/1", text(CHROMIUM_LOOPBACK), token)).statusCode());
    }

    @Test
    void shouldAnswer404ForDemoTokensWhenOff() {
        harness = new SignalingHarness(dir, Map.of());
        assertEquals(404, harness.send(harness.request("/v1/demo-token")).statusCode());
    }

    @Test
    void shouldRateLimitDemoTokens() {
        harness = new SignalingHarness(dir, Map.of("signaling.demo_tokens", true, "signaling.demo_token_read", List.of("*"),
            "signaling.rate_limit_per_sec", 1, "signaling.rate_limit_burst", 1));
        assertEquals(200, harness.send(harness.request("/v1/demo-token")).statusCode());
        final HttpResponse<String> limited = harness.send(harness.request("/v1/demo-token"));
        assertEquals(429, limited.statusCode());
        assertEquals("1", limited.headers().firstValue("Retry-After").orElseThrow());
        assertEquals(1, harness.counter("signaling rate limited"));
    }

    private HttpResponse<byte[]> sendBytes(final HttpRequest.Builder request) throws IOException {
        try {
            return harness.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private void assertFile(final String path, final String contentType, final String body) {
        final HttpResponse<String> response = harness.send(harness.request(path));
        assertEquals(200, response.statusCode(), path);
        assertEquals(contentType, response.headers().firstValue("Content-Type").orElseThrow(), path);
        assertEquals(body, response.body(), path);
    }

    /** A classpath root with a web folder of a few files, a sub-folder and a folder named like a file. */
    private Path webFolder() throws IOException {
        final Path root = dir.resolve("classpath");
        final Path web = Files.createDirectories(root.resolve(StaticFiles.ROOT));
        Files.writeString(web.resolve("index.html"), "<html>index</html>");
        Files.writeString(web.resolve("demo.js"), "demo();");
        Files.writeString(web.resolve("style.css"), "body {}");
        Files.writeString(web.resolve("notes.unknownext"), "?");
        Files.writeString(Files.createDirectories(web.resolve("lib")).resolve("module.mjs"), "export {};");
        Files.createDirectories(web.resolve("folder.js"));
        return root;
    }

    private static ClassLoader loaderOver(final Path root) {
        try {
            return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
        } catch (final java.net.MalformedURLException ex) {
            throw new IllegalArgumentException(ex);
        }
    }
}
