package io.deltad.signaling;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.deltad.io.SessionSpec;
import io.deltad.token.SessionTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.deltad.signaling.Offers.CHROMIUM_HOST;
import static io.deltad.signaling.Offers.CHROMIUM_LOOPBACK;
import static io.deltad.signaling.Offers.FIREFOX_STYLE;
import static io.deltad.signaling.Offers.chromiumWith;
import static io.deltad.signaling.Offers.chromiumWithout;
import static io.deltad.signaling.Offers.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /v1/sessions} and {@code DELETE /v1/sessions/{id}} over real sockets: the 201 path with what the
 * broker receives, and every refusal of BAD_INPUTS.md 30 to 33 with the status it gets and the counter it bumps.
 */
class SignalingServerTest {
    @TempDir
    Path dir;

    private SignalingHarness harness;

    private SignalingHarness start(final Map<String, Object> settings) {
        harness = new SignalingHarness(dir, settings);
        return harness;
    }

    private SignalingHarness start() {
        return start(Map.of());
    }

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    private static void assertStatus(final int status, final HttpResponse<String> response, final String... fragments) {
        assertEquals(status, response.statusCode(), response.body());
        for (final String fragment : fragments) {
            assertTrue(response.body().contains(fragment), () -> "expected '" + fragment + "' in: " + response.body());
        }
    }

    @Test
    void shouldAnswerAChromiumOfferWith201LocationAndAnAnswerTheParserReadsBack() {
        final SignalingHarness h = start();
        final HttpResponse<String> response = h.send(h.offer("", text(CHROMIUM_LOOPBACK), h.boardToken()));

        assertStatus(201, response);
        assertEquals("application/sdp", response.headers().firstValue("Content-Type").orElseThrow());
        final RecordingSessionBroker.Opened opened = h.broker.opened.getFirst();
        assertEquals("/v1/sessions/" + opened.sessionId(), response.headers().firstValue("Location").orElseThrow());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElseThrow());

        assertEquals(SdpOffer.parse(Offers.bytes(text(CHROMIUM_LOOPBACK)), 65536).params(), opened.offer());
        assertEquals(new SessionSpec("alice", List.of("board/*"), List.of("board/*"), List.of()), opened.claims());
        assertTrue(opened.remote().getAddress().isLoopbackAddress(), opened.remote().toString());

        final DataChannelDescription answer =
            DataChannelDescription.of(SessionDescription.parse(response.body().getBytes(StandardCharsets.UTF_8), 65536));
        assertTrue(answer.iceLite());
        assertEquals("passive", answer.setup());
        assertEquals(RecordingSessionBroker.UFRAG, answer.iceUfrag());
        assertEquals(RecordingSessionBroker.PWD, answer.icePwd());
        assertEquals("sha-256 " + RecordingSessionBroker.FINGERPRINT, answer.fingerprints().getFirst().toString());
        assertEquals("0", answer.mid());
        assertEquals(RecordingSessionBroker.MAX_MESSAGE_SIZE, answer.maxMessageSize());
        assertEquals(1, answer.candidates().size());
        assertEquals("127.0.0.1", answer.candidates().getFirst().address());
        assertEquals(40000, answer.candidates().getFirst().port());
        assertTrue(answer.endOfCandidates());
        assertEquals(1, h.counter("signaling offers accepted"));
    }

    @Test
    void shouldAcceptTheOtherRecordedOffersAndAContentTypeWithParameters() {
        final SignalingHarness h = start();
        assertStatus(201, h.send(h.offer("", text(CHROMIUM_HOST), h.boardToken())));
        assertStatus(201, h.send(h.offer("", text(FIREFOX_STYLE), h.boardToken())));
        assertStatus(201, h.send(h.offer("", text(CHROMIUM_LOOPBACK).replace("\r\n", "\n"), h.boardToken())
            .setHeader("Content-Type", "Application/SDP; charset=utf-8")));
        assertEquals(3, h.broker.opened.size());
    }

    @Test
    void shouldDeleteASessionOnceThenAnswer404() {
        final SignalingHarness h = start();
        final String location = h.send(h.offer("", text(CHROMIUM_LOOPBACK), h.boardToken()))
            .headers().firstValue("Location").orElseThrow();
        assertEquals(204, h.send(h.request(location).DELETE()).statusCode());
        assertTrue(h.broker.live.isEmpty());
        assertStatus(404, h.send(h.request(location).DELETE()), "no session");
        assertStatus(404, h.send(h.request("/v1/sessions/not%20an%20id").DELETE()));
        assertStatus(404, h.send(h.request("/v1/sessions/" + "a".repeat(200)).DELETE()));
    }

    @Test
    void shouldRefuseOtherMethodsWith405AndAllow() {
        final SignalingHarness h = start();
        final HttpResponse<String> get = h.send(h.request("/v1/sessions"));
        assertStatus(405, get);
        assertEquals("POST, OPTIONS", get.headers().firstValue("Allow").orElseThrow());
        final HttpResponse<String> patch = h.send(h.request("/v1/sessions/abc")
            .method("PATCH", HttpRequest.BodyPublishers.ofString("a=candidate:1 1 udp 1 192.0.2.1 9 typ host")));
        assertStatus(405, patch);
        assertEquals("DELETE, OPTIONS", patch.headers().firstValue("Allow").orElseThrow());
        assertEquals(0, h.counter("signaling offers refused: other"), "not an offer");
    }

    // BAD_INPUTS 30: size, lines, content type.

    @Test
    void shouldRefuseWrongOrMissingContentTypeWith415() {
        final SignalingHarness h = start();
        assertStatus(415, h.send(h.offer("", text(CHROMIUM_LOOPBACK), h.boardToken()).setHeader("Content-Type", "text/plain")),
            "Content-Type must be application/sdp");
        assertStatus(415, h.send(h.offer("", text(CHROMIUM_LOOPBACK), h.boardToken()).header("Content-Type", "text/plain")),
            "exactly one Content-Type");
        final HttpResponse<String> none = h.send(h.request("/v1/sessions").header("Authorization", "Bearer " + h.boardToken())
            .POST(HttpRequest.BodyPublishers.ofString(text(CHROMIUM_LOOPBACK))));
        assertStatus(415, none, "got none");
        assertEquals("application/sdp", none.headers().firstValue("Accept-Post").orElseThrow());
        assertEquals(3, h.counter("signaling offers refused: 415"));
        assertTrue(h.broker.opened.isEmpty());
    }

    @Test
    void shouldRefuseOfferOver64KiBAndOver10000LinesWith413() {
        final SignalingHarness h = start();
        assertStatus(413, h.send(h.offer("", text(CHROMIUM_LOOPBACK) + "a=x-pad:" + "p".repeat(65536) + "\r\n", h.boardToken())),
            "over the limit of 65536 bytes");
        assertStatus(413, h.send(h.offer("", text(CHROMIUM_LOOPBACK) + "a=x\r\n".repeat(10_000), h.boardToken())),
            "more than 10000 lines");
        assertEquals(2, h.counter("signaling offers refused: 413"));
    }

    @Test
    void shouldRefuseAnOfferOverTheConfiguredLimit() {
        final SignalingHarness h = start(Map.of("signaling.max_offer_bytes", "1KiB"));
        assertStatus(413, h.send(h.offer("", text(CHROMIUM_LOOPBACK) + "a=x-pad:" + "p".repeat(1024) + "\r\n", h.boardToken())),
            "limit of 1024 bytes");
        assertStatus(201, h.send(h.offer("", text(CHROMIUM_LOOPBACK), h.boardToken())));
    }

    // BAD_INPUTS 31: what the offer lacks or gets wrong, with the line named.

    @Test
    void shouldRefuseBadOffersWith400Or422NamingTheLine() {
        final SignalingHarness h = start();
        final String token = h.boardToken();
        assertStatus(400, h.send(h.offer("", chromiumWithout("a=fingerprint"), token)), "no a=fingerprint");
        assertStatus(400, h.send(h.offer("", chromiumWithout("a=ice-ufrag"), token)), "no a=ice-ufrag");
        assertStatus(400, h.send(h.offer("", chromiumWith("a=ice-pwd:4dFcOczcwnAEeTSGBXK8qSk2", "a=ice-pwd:tooShortPassword"), token)),
            "line 11 \"a=ice-pwd:", "22 to 256");
        assertStatus(400, h.send(h.offer("", chromiumWith("a=max-message-size:262144", "a=max-message-size:big"), token)),
            "line 17 \"a=max-message-size:big\"");
        final String offer = text(CHROMIUM_LOOPBACK);
        assertStatus(422, h.send(h.offer("", offer.substring(0, offer.indexOf("m=application")), token)), "no m=application");
        assertStatus(422, h.send(h.offer("", chromiumWith("a=setup:actpass", "a=setup:passive"), token)), "a=setup:passive");
        assertStatus(400, h.send(h.offer("", "not sdp", token)), "line 1");
        assertEquals(5, h.counter("signaling offers refused: 400"));
        assertEquals(2, h.counter("signaling offers refused: 422"));
        assertTrue(h.broker.opened.isEmpty());
    }

    // BAD_INPUTS 32: tokens.

    @Test
    void shouldRefuseMissingExpiredBadlySignedAlgNoneAndUnknownKidTokensWith401() {
        final SignalingHarness h = start();
        final String offer = text(CHROMIUM_LOOPBACK);
        final SessionSpec spec = new SessionSpec("mallory", List.of("*"), List.of("*"), List.of());

        final HttpResponse<String> missing = h.send(h.offer("", offer, null));
        assertStatus(401, missing, "missing token");
        assertEquals("Bearer realm=\"deltad\"", missing.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertStatus(401, h.send(h.offer("", offer, null).header("Authorization", "Basic YWxpY2U6c2VjcmV0")), "missing token");

        final String expired = h.tokens.issue(spec, 60, h.clock.instant().minusSeconds(120));
        final HttpResponse<String> expiredResponse = h.send(h.offer("", offer, expired));
        assertStatus(401, expiredResponse, "expired");
        assertTrue(expiredResponse.headers().firstValue("WWW-Authenticate").orElseThrow().contains("error=\"invalid_token\""));

        final SessionTokens otherKey = new SessionTokens(
            "another-key-0123456789-0123456789-0123".getBytes(StandardCharsets.UTF_8), SignalingHarness.KEY_ID, 600);
        assertStatus(401, h.send(h.offer("", offer, otherKey.issue(spec, 60, Instant.now()))), "invalid token");

        final String none = JWT.create().withKeyId(SignalingHarness.KEY_ID).withSubject("mallory")
            .withExpiresAt(Instant.now().plusSeconds(600)).withClaim("write", List.of("*")).sign(Algorithm.none());
        assertStatus(401, h.send(h.offer("", offer, none)), "none");

        final SessionTokens otherKid = new SessionTokens(SignalingHarness.KEY.getBytes(StandardCharsets.UTF_8), "k9", 600);
        assertStatus(401, h.send(h.offer("", offer, otherKid.issue(spec, 60, Instant.now()))), "unknown key id k9");

        assertStatus(401, h.send(h.offer("", offer, "not.a.token")), "malformed");
        assertEquals(7, h.counter("signaling offers refused: 401"));
        assertTrue(h.broker.opened.isEmpty());
    }

    @Test
    void shouldRefuseATokenThatMayDoNothingOrMayNotReadTheNamedDocumentsWith403() {
        final SignalingHarness h = start();
        final String offer = text(CHROMIUM_LOOPBACK);
        final HttpResponse<String> nothing = h.send(h.offer("", offer, h.token(List.of(), List.of())));
        assertStatus(403, nothing, "may read and write no document");
        assertTrue(nothing.headers().firstValue("WWW-Authenticate").orElseThrow().contains("insufficient_scope"));
        assertStatus(403, h.send(h.offer("", offer, h.token(List.of("chess/*"), List.of()))), "no document");
        assertStatus(403, h.send(h.offer("", offer, h.token(List.of("board"), List.of()))), "not document patterns");

        final String notesOnly = h.token(List.of("note/*"), List.of("note/*"));
        assertStatus(403, h.send(h.offer("?doc=note/1&doc=board/7", offer, notesOnly)), "may not read board/7");
        assertStatus(403, h.send(h.offer("?doc=1%2F7", offer, notesOnly)), "may not read board/7");
        assertStatus(400, h.send(h.offer("?doc=chess/1", offer, notesOnly)), "unknown document type \"chess\"");
        assertEquals(400, h.raw("POST /v1/sessions?doc=%zz HTTP/1.1\r\nContent-Type: application/sdp\r\n" +
            "Authorization: Bearer " + notesOnly + "\r\nContent-Length: 0"));
        assertStatus(400, h.send(h.offer("?" + "doc=note/1&".repeat(65), offer, notesOnly)), "at most 64");
        assertEquals(5, h.counter("signaling offers refused: 403"));
        // %zz: the JDK's HTTP server refuses a request line with a bad escape itself (400) before signaling sees it
        assertEquals(2, h.counter("signaling offers refused: 400"));

        assertStatus(201, h.send(h.offer("?doc=note/1&doc=note/2&other=x", offer, notesOnly)));
        final String writeOnly = h.token(List.of(), List.of("board/3")); // may only write: still a session
        assertStatus(201, h.send(h.offer("", offer, writeOnly)));
    }

    // BAD_INPUTS 33: many POSTs from one address.

    @Test
    void shouldRateLimitPostsFromOneAddressWith429AndRetryAfter() {
        final SignalingHarness h = start(Map.of("signaling.rate_limit_per_sec", 1, "signaling.rate_limit_burst", 3));
        final String token = h.boardToken();
        for (int i = 0; i < 3; i++) {
            assertStatus(201, h.send(h.offer("", text(CHROMIUM_LOOPBACK), token)));
        }
        final HttpResponse<String> limited = h.send(h.offer("", text(CHROMIUM_LOOPBACK), token));
        assertStatus(429, limited, "too many requests");
        assertEquals("1", limited.headers().firstValue("Retry-After").orElseThrow());
        assertStatus(429, h.send(h.offer("", "not even sdp", null)), "too many requests");
        h.clock.advance(Duration.ofMillis(999));
        assertStatus(429, h.send(h.offer("", text(CHROMIUM_LOOPBACK), token)));
        h.clock.advance(Duration.ofMillis(1));
        assertStatus(201, h.send(h.offer("", text(CHROMIUM_LOOPBACK), token)));
        assertEquals(3, h.counter("signaling rate limited"));
        assertEquals(3, h.counter("signaling offers refused: 429"));
        assertEquals(4, h.broker.opened.size());
    }

    @Test
    void shouldPassABrokerRefusalOnWithItsStatus() {
        final SignalingHarness h = start();
        h.broker.refuseWith = new Admission.Refused(503, "session limit reached");
        final HttpResponse<String> full = h.send(h.offer("", text(CHROMIUM_LOOPBACK), h.boardToken()));
        assertStatus(503, full, "session limit reached");
        assertEquals("5", full.headers().firstValue("Retry-After").orElseThrow());
        h.broker.refuseWith = new Admission.Refused(409, "conflict");
        assertStatus(409, h.send(h.offer("", text(CHROMIUM_LOOPBACK), h.boardToken())), "conflict");
        assertEquals(1, h.counter("signaling offers refused: 503"));
        assertEquals(1, h.counter("signaling offers refused: other"));
    }

    @Test
    void shouldAnswer503WhileDrainingAndSayItOnHealthz() {
        final SignalingHarness h = start();
        assertStatus(200, h.send(h.request("/healthz")), "ok");
        h.draining.set(true);
        assertStatus(503, h.send(h.request("/healthz")), "draining");
        assertStatus(503, h.send(h.offer("", text(CHROMIUM_LOOPBACK), h.boardToken())), "draining");
        assertTrue(h.broker.opened.isEmpty());
    }

    @Test
    void shouldRefuseEveryOfferWith503UntilATransportIsPluggedIn() {
        harness = new SignalingHarness(dir, Map.of(), context -> context.broker(new TransportNotEnabledBroker()));
        final HttpResponse<String> response = harness.send(harness.offer("", text(CHROMIUM_LOOPBACK), harness.boardToken()));
        assertStatus(503, response, "WebRTC transport not enabled");
        harness.server.broker(harness.broker);
        assertStatus(201, harness.send(harness.offer("", text(CHROMIUM_LOOPBACK), harness.boardToken())));
    }

    @Test
    void shouldAnswer500AndCloseTheSessionWhenTheBrokerGivesWhatCannotBeAnswered() {
        final java.util.Set<String> live = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final SessionBroker broken = new SessionBroker() {
            @Override
            public Admission open(final OfferParams offer, final SessionSpec claims, final java.net.InetSocketAddress remote) {
                live.add("s1");
                return new Admission.Accepted("s1", "srvU", "short", RecordingSessionBroker.FINGERPRINT, List.of(), 1);
            }

            @Override
            public boolean close(final String sessionId) {
                return live.remove(sessionId);
            }
        };
        harness = new SignalingHarness(dir, Map.of(), context -> context.broker(broken));
        assertStatus(500, harness.send(harness.offer("", text(CHROMIUM_LOOPBACK), harness.boardToken())), "internal error");
        assertTrue(live.isEmpty(), "the unusable session was closed");
        assertEquals(1, harness.counter("signaling offers refused: 500"));
    }
}
