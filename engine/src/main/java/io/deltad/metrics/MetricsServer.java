package io.deltad.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The admin HTTP port: {@code GET /metrics} (Prometheus text format) and {@code GET /healthz}. Control plane, not an
 * agent: it runs on the JDK's HTTP server with a small executor of its own, so a slow or hostile scraper costs those
 * threads and never an agent's duty cycle. Other paths get 404, other methods 405.
 *
 * <p>Two steps, like the control socket: {@link #bind} (at the very start, so a port in use fails before anything
 * is mapped) then {@link #start} once the counters exist. {@link #close()} waits for in-flight scrapes, because they
 * read the counters' mapped memory, which the appliance unmaps right after.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    /** Scrapes are small and rare (one per scrape interval per Prometheus): two threads cover overlap. */
    private static final int THREADS = 2;
    private static final int BACKLOG = 16;
    private static final long CLOSE_WAIT_SECONDS = 5;
    private static final byte[] OK = "ok\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NOT_FOUND = "not found: try /metrics or /healthz\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NOT_ALLOWED = "method not allowed: only GET\n".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService executor;
    private volatile CountersExposition exposition;
    private boolean started;
    private boolean closed;

    private MetricsServer(final HttpServer server, final ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds the port (port 0: an ephemeral one, see {@link #address()}); requests are not served until
     * {@link #start}.
     *
     * @throws UncheckedIOException when the address cannot be bound (in use, not local, unresolved).
     */
    public static MetricsServer bind(final InetSocketAddress address) {
        if (address.isUnresolved()) {
            throw new UncheckedIOException(new IOException("cannot bind metrics.listen: unknown host " + address.getHostString()));
        }
        final HttpServer server;
        try {
            server = HttpServer.create(address, BACKLOG);
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot bind metrics.listen " + address + ": " + ex.getMessage(), ex);
        }
        final AtomicInteger threadId = new AtomicInteger();
        final ExecutorService executor = Executors.newFixedThreadPool(THREADS, runnable -> {
            final Thread thread = new Thread(runnable, "deltad-metrics-" + threadId.getAndIncrement());
            thread.setDaemon(true); // never the reason a JVM stays up
            return thread;
        });
        server.setExecutor(executor);
        final MetricsServer metrics = new MetricsServer(server, executor);
        server.createContext("/", metrics::handle);
        return metrics;
    }

    /** Starts serving {@code exposition}. */
    public synchronized void start(final CountersExposition exposition) {
        if (started || closed) {
            throw new IllegalStateException(closed ? "closed" : "already started");
        }
        this.exposition = exposition;
        server.start();
        started = true;
        LOG.info("metrics at http://{}/metrics", hostPort(address()));
    }

    /** The bound address, with the actual port when 0 was asked for. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            final String path = exchange.getRequestURI().getPath();
            if (!"/metrics".equals(path) && !"/healthz".equals(path)) {
                respond(exchange, 404, "text/plain; charset=utf-8", NOT_FOUND);
            } else if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                respond(exchange, 405, "text/plain; charset=utf-8", NOT_ALLOWED);
            } else if ("/healthz".equals(path)) {
                respond(exchange, 200, "text/plain; charset=utf-8", OK);
            } else {
                // Rendered in full before the headers go out, so a failure is a clean 500, not a truncated 200.
                final ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
                try {
                    exposition.write(body);
                } catch (final RuntimeException ex) {
                    LOG.warn("metrics scrape failed", ex);
                    respond(exchange, 500, "text/plain; charset=utf-8",
                        ("scrape failed: " + ex + '\n').getBytes(StandardCharsets.UTF_8));
                    return;
                }
                respond(exchange, 200, CountersExposition.CONTENT_TYPE, body.toByteArray());
            }
        }
    }

    private static void respond(final HttpExchange exchange, final int status, final String contentType,
        final byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * Stops listening and waits (up to 5s) for scrapes in flight, which read the counters' memory. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("a metrics scrape still runs after {}s", CLOSE_WAIT_SECONDS);
            }
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code host:port}, with an IPv6 literal in brackets: how an operator would write it in a URL. */
    public static String hostPort(final InetSocketAddress address) {
        final String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return (host.indexOf(':') >= 0 ? '[' + host + ']' : host) + ':' + address.getPort();
    }
}
