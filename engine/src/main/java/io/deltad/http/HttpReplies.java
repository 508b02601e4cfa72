package io.deltad.http;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writing a whole response in one go: the bodies of the control-plane ports are small and rendered up front. */
public final class HttpReplies {
    /** Plain text, the content type of every error body. */
    public static final String TEXT = "text/plain; charset=utf-8";

    private HttpReplies() {
    }

    /** Sends {@code status} with {@code body} (headers set before this call go out with it). */
    public static void send(final HttpExchange exchange, final int status, final String contentType, final byte[] body)
        throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length != 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Sends {@code status} with a one-line plain-text body: {@code message} and a newline. */
    public static void text(final HttpExchange exchange, final int status, final String message) throws IOException {
        send(exchange, status, TEXT, (message + '\n').getBytes(StandardCharsets.UTF_8));
    }

    /** Sends {@code status} with no body (204, or a preflight). */
    public static void empty(final HttpExchange exchange, final int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
    }
}
