package io.deltad.token;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.deltad.io.SessionSpec;

import java.time.Instant;
import java.util.List;

/**
 * Session tokens: HMAC-SHA256 JWTs (java-jwt) carrying what a session may do.
 *
 * <pre>
 *   header  {"alg":"HS256","typ":"JWT","kid":"&lt;key_id&gt;"}
 *   claims  sub    client name (string, required)
 *           exp    expiry, seconds since the epoch (required)
 *           iat    issued at
 *           read   document patterns the session may subscribe to (array of strings: "*", "board/*", "board/42")
 *           write  document patterns it may send deltas to (array of strings)
 *           roles  roles for per-field write permissions (array of strings, optional)
 * </pre>
 *
 * Verification accepts only HS256 with the configured key and key id ({@code alg: none}, another algorithm, another
 * kid, a bad signature or an expired token are refused with the reason); it is what signaling will call for each
 * {@code POST /v1/sessions}. Thread safe.
 */
public final class SessionTokens {
    static final String READ = "read";
    static final String WRITE = "write";
    static final String ROLES = "roles";

    private final Algorithm algorithm;
    private final String keyId;
    private final long maxTtlSeconds;
    private final JWTVerifier verifier;

    public SessionTokens(final byte[] key, final String keyId, final long maxTtlSeconds) {
        this.algorithm = Algorithm.HMAC256(key);
        this.keyId = keyId;
        this.maxTtlSeconds = maxTtlSeconds;
        this.verifier = JWT.require(algorithm).withClaimPresence("sub").withClaimPresence("exp").build();
    }

    /** Issues a token; throws IllegalArgumentException for a ttl over the configured maximum or a blank subject. */
    public String issue(final SessionSpec spec, final long ttlSeconds, final Instant now) {
        if (spec.name() == null || spec.name().isBlank()) {
            throw new IllegalArgumentException("a token needs a subject (--sub)");
        }
        if (ttlSeconds <= 0 || ttlSeconds > maxTtlSeconds) {
            throw new IllegalArgumentException("ttl must be between 1 and " + maxTtlSeconds + " seconds (tokens.max_ttl), got " + ttlSeconds);
        }
        return JWT.create()
            .withKeyId(keyId)
            .withSubject(spec.name())
            .withIssuedAt(now)
            .withExpiresAt(now.plusSeconds(ttlSeconds))
            .withClaim(READ, spec.read())
            .withClaim(WRITE, spec.write())
            .withClaim(ROLES, spec.roles())
            .sign(algorithm);
    }

    /** Checks a token and returns what the session may do; throws {@link InvalidTokenException} with the reason. */
    public SessionSpec verify(final String token, final Instant now) {
        final DecodedJWT decoded;
        try {
            decoded = JWT.decode(token);
        } catch (final JWTVerificationException ex) {
            throw new InvalidTokenException("malformed token: " + ex.getMessage());
        }
        if (!"HS256".equals(decoded.getAlgorithm())) {
            throw new InvalidTokenException("algorithm " + decoded.getAlgorithm() + " not accepted (HS256 only)");
        }
        if (!keyId.equals(decoded.getKeyId())) {
            throw new InvalidTokenException("unknown key id " + decoded.getKeyId());
        }
        try {
            verifier.verify(decoded);
        } catch (final JWTVerificationException ex) {
            throw new InvalidTokenException(ex.getMessage());
        }
        if (decoded.getExpiresAtAsInstant().isBefore(now)) {
            throw new InvalidTokenException("token expired at " + decoded.getExpiresAtAsInstant());
        }
        return new SessionSpec(decoded.getSubject(), list(decoded, READ), list(decoded, WRITE), list(decoded, ROLES));
    }

    private static List<String> list(final DecodedJWT decoded, final String claim) {
        final List<String> values = decoded.getClaim(claim).asList(String.class);
        return values == null ? List.of() : values;
    }

    /** A token refused, with the reason (for the 401 and the log). */
    public static final class InvalidTokenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public InvalidTokenException(final String reason) {
            super(reason);
        }
    }
}
