package io.deltad.token;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.deltad.io.SessionSpec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionTokensTest {
    private static final byte[] KEY = "test-key-0123456789-0123456789-0123456789".getBytes(StandardCharsets.UTF_8);
    private final SessionTokens tokens = new SessionTokens(KEY, "k1", 86_400);
    private final SessionSpec spec = new SessionSpec("alice", List.of("board/*"), List.of("board/42"), List.of("owner"));

    @Test
    void shouldRoundTripWhatTheSessionMayDo() {
        final Instant now = Instant.now();
        final SessionSpec back = tokens.verify(tokens.issue(spec, 600, now), now);
        assertEquals(spec, back);
    }

    @Test
    void shouldRefuseExpiredToken() {
        final String token = tokens.issue(spec, 60, Instant.now().minusSeconds(3600));
        final var ex = assertThrows(SessionTokens.InvalidTokenException.class, () -> tokens.verify(token, Instant.now()));
        assertTrue(ex.getMessage().toLowerCase().contains("expired"), ex.getMessage());
    }

    @Test
    void shouldRefuseTamperedPayloadAndOtherKey() {
        final String token = tokens.issue(spec, 600, Instant.now());
        final String[] parts = token.split("\\.");
        final String widened = Base64.getUrlEncoder().withoutPadding().encodeToString(
            new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("board/42", "*").getBytes(StandardCharsets.UTF_8));
        assertThrows(SessionTokens.InvalidTokenException.class,
            () -> tokens.verify(parts[0] + "." + widened + "." + parts[2], Instant.now()));
        final SessionTokens other = new SessionTokens("another-key-0123456789-0123456789-012345".getBytes(StandardCharsets.UTF_8), "k1", 600);
        assertThrows(SessionTokens.InvalidTokenException.class, () -> tokens.verify(other.issue(spec, 600, Instant.now()), Instant.now()));
    }

    @Test
    void shouldRefuseAlgNoneOtherAlgorithmsAndUnknownKeyIds() {
        final String none = JWT.create().withKeyId("k1").withSubject("mallory")
            .withExpiresAt(Instant.now().plusSeconds(600)).withClaim("write", List.of("*")).sign(Algorithm.none());
        final var ex = assertThrows(SessionTokens.InvalidTokenException.class, () -> tokens.verify(none, Instant.now()));
        assertTrue(ex.getMessage().contains("none"), ex.getMessage());
        final String hs512 = JWT.create().withKeyId("k1").withSubject("mallory")
            .withExpiresAt(Instant.now().plusSeconds(600)).sign(Algorithm.HMAC512(KEY));
        assertThrows(SessionTokens.InvalidTokenException.class, () -> tokens.verify(hs512, Instant.now()));
        final SessionTokens otherKid = new SessionTokens(KEY, "k2", 600);
        final var kid = assertThrows(SessionTokens.InvalidTokenException.class,
            () -> tokens.verify(otherKid.issue(spec, 600, Instant.now()), Instant.now()));
        assertTrue(kid.getMessage().contains("key id"), kid.getMessage());
        assertThrows(SessionTokens.InvalidTokenException.class, () -> tokens.verify("not.a.jwt", Instant.now()));
    }

    @Test
    void shouldRefuseTtlOverTheMaximumAndBlankSubject() {
        assertThrows(IllegalArgumentException.class, () -> tokens.issue(spec, 86_401, Instant.now()));
        assertThrows(IllegalArgumentException.class,
            () -> tokens.issue(new SessionSpec(" ", List.of(), List.of(), List.of()), 60, Instant.now()));
    }
}
