package io.deltad.metrics;

import com.sun.net.httpserver.HttpExchange;
import io.deltad.http.HttpEndpoint;
import io.deltad.http.HttpReplies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The admin HTTP port: {@code GET /metrics} (Prometheus text format) and {@code GET /healthz}. Control plane, not an
 * agent: it runs on an {@link HttpEndpoint} of its own, so a slow or hostile scraper costs that port's threads and
 * never an agent's duty cycle. Other paths get 404, other methods 405.
 *
 * <p>Two steps, like the control socket: {@link #bind} (at the very start, so a port in use fails before anything
 * is mapped) then {@link #start} once the counters exist. {@link #close()} waits for in-flight scrapes, because they
 * read the counters' mapped memory, which the appliance unmaps right after.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    /** Scrapes are small and rare (one per scrape interval per Prometheus): a few at once cover overlap. */
    private static final int MAX_IN_FLIGHT = 4;
    private static final byte[] OK = "ok\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NOT_FOUND = "not found: try /metrics or /healthz\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NOT_ALLOWED = "method not allowed: only GET\n".getBytes(StandardCharsets.UTF_8);

    private final HttpEndpoint endpoint;
    private volatile CountersExposition exposition;

    private MetricsServer(final InetSocketAddress address) {
        // The handler runs only after start(), by which time this object is fully built.
        this.endpoint = HttpEndpoint.bind("metrics.listen", address, MAX_IN_FLIGHT, this::handle);
    }

    /**
     * Binds the port (port 0: an ephemeral one, see {@link #address()}); requests are not served until
     * {@link #start}.
     *
     * @throws UncheckedIOException when the address cannot be bound (in use, not local, unresolved).
     */
    public static MetricsServer bind(final InetSocketAddress address) {
        return new MetricsServer(address);
    }

    /** Starts serving {@code exposition}. */
    public void start(final CountersExposition exposition) {
        this.exposition = exposition;
        endpoint.start();
        LOG.info("metrics at http://{}/metrics", HttpEndpoint.hostPort(address()));
    }

    /** The bound address, with the actual port when 0 was asked for. */
    public InetSocketAddress address() {
        return endpoint.address();
    }

    private void handle(final HttpExchange exchange) throws IOException {
        final String path = exchange.getRequestURI().getPath();
        if (!"/metrics".equals(path) && !"/healthz".equals(path)) {
            HttpReplies.send(exchange, 404, HttpReplies.TEXT, NOT_FOUND);
        } else if (!"GET".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "GET");
            HttpReplies.send(exchange, 405, HttpReplies.TEXT, NOT_ALLOWED);
        } else if ("/healthz".equals(path)) {
            HttpReplies.send(exchange, 200, HttpReplies.TEXT, OK);
        } else {
            // Rendered in full before the headers go out, so a failure is a clean 500, not a truncated 200.
            final ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
            try {
                exposition.write(body);
            } catch (final RuntimeException ex) {
                LOG.warn("metrics scrape failed", ex);
                HttpReplies.text(exchange, 500, "scrape failed: " + ex);
                return;
            }
            HttpReplies.send(exchange, 200, CountersExposition.CONTENT_TYPE, body.toByteArray());
        }
    }

    /**
     * Stops listening and waits (up to 5s) for scrapes in flight, which read the counters' memory. Idempotent.
     */
    @Override
    public void close() {
        endpoint.close();
    }
}
