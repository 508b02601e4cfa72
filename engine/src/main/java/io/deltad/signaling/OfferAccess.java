package io.deltad.signaling;

import io.deltad.io.DocPatterns;
import io.deltad.io.SessionSpec;
import io.deltad.schema.DocNames;
import io.deltad.schema.SchemaRegistry;
import io.deltad.token.SessionTokens;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Who may open a session: the bearer token of {@code POST /v1/sessions} (RFC 6750), verified with
 * {@link SessionTokens}, and what it allows against what the request asks for.
 *
 * <ul>
 *   <li>401 with {@code WWW-Authenticate: Bearer}: no {@code Authorization: Bearer}, or a token refused (malformed,
 *       not HS256, {@code alg: none}, unknown {@code kid}, bad signature, expired, no {@code sub}/{@code exp});</li>
 *   <li>403 ({@code error="insufficient_scope"}): a valid token whose {@code read} and {@code write} claims match
 *       no document the schemas know (the session could do nothing), a claim that is not a document pattern, or a
 *       {@code ?doc=} the token may not read;</li>
 *   <li>400: a {@code ?doc=} that names no document (malformed, unknown type), or more than {@link #MAX_DOCS}.</li>
 * </ul>
 *
 * The {@code ?doc=} parameters (repeatable) let a client learn at signaling time, not at its first SUBSCRIBE, that
 * its token does not cover what it is about to open.
 */
final class OfferAccess {
    /** Most {@code doc} parameters in one request. */
    static final int MAX_DOCS = 64;
    private static final String REALM = "Bearer realm=\"deltad\"";
    private static final String BEARER = "bearer ";

    private final SessionTokens tokens;
    private final Supplier<SchemaRegistry> schemas;
    private final InstantSource clock;

    OfferAccess(final SessionTokens tokens, final Supplier<SchemaRegistry> schemas, final InstantSource clock) {
        this.tokens = tokens;
        this.schemas = schemas;
        this.clock = clock;
    }

    /**
     * @param authorization the {@code Authorization} header, or null.
     * @param rawQuery      the request's query, still percent-encoded, or null.
     * @return what the session may do.
     * @throws Refusal 400, 401 or 403.
     */
    SessionSpec authorize(final String authorization, final String rawQuery) {
        final SessionSpec spec = verify(authorization);
        final SchemaRegistry registry = schemas.get();
        final DocPatterns read;
        final DocPatterns write;
        try {
            read = DocPatterns.compile(spec.read(), registry);
            write = DocPatterns.compile(spec.write(), registry);
        } catch (final IllegalArgumentException ex) {
            throw forbidden("token claims are not document patterns: " + ex.getMessage());
        }
        if (read.matchesNothing() && write.matchesNothing()) {
            throw forbidden("token for \"" + spec.name() + "\" may read and write no document this appliance knows");
        }
        for (final String doc : docs(rawQuery)) {
            final long docId;
            try {
                docId = DocNames.parse(doc, registry);
            } catch (final IllegalArgumentException ex) {
                throw new Refusal(400, "doc=" + doc + ": " + ex.getMessage());
            }
            if (!read.matches(docId)) {
                throw forbidden("token for \"" + spec.name() + "\" may not read " + DocNames.name(docId, registry));
            }
        }
        return spec;
    }

    private SessionSpec verify(final String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length() ||
            !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            throw new Refusal(401, "missing token: send Authorization: Bearer <token>", Map.of("WWW-Authenticate", REALM));
        }
        final String token = authorization.substring(BEARER.length()).strip();
        try {
            return tokens.verify(token, clock.instant());
        } catch (final SessionTokens.InvalidTokenException ex) {
            throw new Refusal(401, "invalid token: " + ex.getMessage(), Map.of("WWW-Authenticate",
                REALM + ", error=\"invalid_token\", error_description=\"" + quotable(ex.getMessage()) + '"'));
        }
    }

    private static Refusal forbidden(final String message) {
        return new Refusal(403, message, Map.of("WWW-Authenticate",
            REALM + ", error=\"insufficient_scope\", error_description=\"" + quotable(message) + '"'));
    }

    /** The {@code doc} parameters of a query, decoded. */
    private static List<String> docs(final String rawQuery) {
        final List<String> docs = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return docs;
        }
        for (final String pair : rawQuery.split("&")) {
            final int eq = pair.indexOf('=');
            if (!"doc".equals(eq < 0 ? pair : pair.substring(0, eq))) {
                continue;
            }
            if (docs.size() == MAX_DOCS) {
                throw new Refusal(400, "at most " + MAX_DOCS + " doc parameters");
            }
            try {
                docs.add(URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (final IllegalArgumentException ex) {
                throw new Refusal(400, "doc parameter is not percent-encoded properly: " + ex.getMessage());
            }
        }
        return docs;
    }

    /** RFC 6750 §3: error_description holds printable ASCII without {@code "} and {@code \}. */
    private static String quotable(final String text) {
        final StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length() && sb.length() < 200; i++) {
            final char c = text.charAt(i);
            sb.append(c >= 0x20 && c <= 0x7E && c != '"' && c != '\\' ? c : '?');
        }
        return sb.toString();
    }
}
