package io.deltad.signaling;

import java.util.Map;

/**
 * A request answered with an error status: thrown by the checks a request goes through in turn (rate, content type,
 * token, permissions, offer), caught once where the response is written. Control plane, a few per request at most,
 * so an exception keeps each check a plain method; no stack trace is captured.
 */
final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final Map<String, String> headers;

    Refusal(final int httpStatus, final String message) {
        this(httpStatus, message, Map.of());
    }

    Refusal(final int httpStatus, final String message, final Map<String, String> headers) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.headers = Map.copyOf(headers);
    }

    int httpStatus() {
        return httpStatus;
    }

    /** Extra response headers: {@code Retry-After}, {@code WWW-Authenticate}, {@code Allow}. */
    Map<String, String> headers() {
        return headers;
    }
}
