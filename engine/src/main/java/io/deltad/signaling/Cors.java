package io.deltad.signaling;

import com.sun.net.httpserver.Headers;

/**
 * Cross-origin access (the Fetch standard's CORS protocol) for a page served elsewhere than this endpoint, e.g. an
 * application on {@code https://app.example.com} calling signaling on another host or port.
 *
 * <p>{@code signaling.allow_origin}: {@code ""} sends no CORS headers (only the pages this endpoint serves itself
 * may call it from a browser); {@code "*"} lets any origin call it, which is safe here because the credential is
 * an {@code Authorization} header a page must set itself, never a cookie a browser would attach on its own; or one
 * origin. The {@code Location} of a new session and the {@code Retry-After} of a 429 or 503 are exposed so the page
 * can read them.
 */
final class Cors {
    /** How long a browser may cache a preflight answer, in seconds. */
    static final int MAX_AGE_SECONDS = 600;
    private final String allowOrigin;

    Cors(final String allowOrigin) {
        this.allowOrigin = allowOrigin;
    }

    /** Adds the headers every response carries when cross-origin access is on. */
    void onResponse(final Headers headers) {
        if (allowOrigin.isEmpty()) {
            return;
        }
        headers.set("Access-Control-Allow-Origin", allowOrigin);
        headers.set("Access-Control-Expose-Headers", "Location, Retry-After");
        if (!"*".equals(allowOrigin)) {
            headers.set("Vary", "Origin"); // the answer depends on who asks: caches must not share it
        }
    }

    /** Adds the preflight headers ({@code OPTIONS}) for a path that allows {@code methods}. */
    void onPreflight(final Headers headers, final String methods) {
        headers.set("Allow", methods);
        if (allowOrigin.isEmpty()) {
            return;
        }
        headers.set("Access-Control-Allow-Methods", methods);
        headers.set("Access-Control-Allow-Headers", "Authorization, Content-Type");
        headers.set("Access-Control-Max-Age", Integer.toString(MAX_AGE_SECONDS));
    }
}
