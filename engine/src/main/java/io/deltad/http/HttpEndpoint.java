package io.deltad.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP port of the appliance's control plane (metrics, signaling) on the JDK's {@link HttpServer}: bind, start,
 * close, and the limits every such port needs. Control plane, never an agent: a request costs a virtual thread of
 * this port, never an agent's duty cycle.
 *
 * <p>Why virtual threads with a cap on requests in flight, not a small fixed pool: a client that sends its request
 * slowly holds the thread that reads it, and with a pool of four, four slow clients would stall the port. A virtual
 * thread costs a few KiB while it waits; the cap ({@code maxInFlight}) bounds memory, and requests over it get an
 * immediate {@code 503} with {@code Retry-After} instead of queueing. A slow client is cut off after
 * {@link #MAX_REQUEST_SECONDS} (the JDK server's {@code sun.net.httpserver.maxReqTime}, set here unless the JVM was
 * started with another value: it is read once, when the first server of the JVM is created, and every server in
 * the appliance is made here).
 *
 * <p>Two steps, like the control socket: {@link #bind} (at the very start, so a port in use fails before anything is
 * mapped) then {@link #start}. {@link #close()} waits for requests in flight, because they may read memory the
 * appliance unmaps right after (the counters).
 */
public final class HttpEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoint.class);
    /** Longest time a client may take to send its request (line, headers and body), in seconds. */
    public static final long MAX_REQUEST_SECONDS = 30;
    private static final String MAX_REQUEST_PROPERTY = "sun.net.httpserver.maxReqTime";
    private static final String MAX_RESPONSE_PROPERTY = "sun.net.httpserver.maxRspTime";
    private static final int BACKLOG = 64;
    private static final long CLOSE_WAIT_SECONDS = 5;
    private static final byte[] BUSY = "busy: too many requests in flight, retry shortly\n".getBytes(StandardCharsets.UTF_8);

    static {
        if (System.getProperty(MAX_REQUEST_PROPERTY) == null) {
            System.setProperty(MAX_REQUEST_PROPERTY, Long.toString(MAX_REQUEST_SECONDS));
        }
        if (System.getProperty(MAX_RESPONSE_PROPERTY) == null) {
            System.setProperty(MAX_RESPONSE_PROPERTY, Long.toString(MAX_REQUEST_SECONDS));
        }
    }

    private final String name;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Semaphore inFlight;
    private boolean started;
    private boolean closed;

    private HttpEndpoint(final String name, final HttpServer server, final ExecutorService executor, final int maxInFlight) {
        this.name = name;
        this.server = server;
        this.executor = executor;
        this.inFlight = new Semaphore(maxInFlight);
    }

    /**
     * Binds the port (port 0: an ephemeral one, see {@link #address()}); requests are not served until
     * {@link #start}.
     *
     * @param name        the config key the address came from (e.g. {@code metrics.listen}), for messages, and the
     *                    prefix of the request threads' names.
     * @param address     where to listen.
     * @param maxInFlight most requests handled at once; more are answered 503 straight away.
     * @param handler     handles every request (route inside); the exchange is closed after it returns.
     * @throws UncheckedIOException when the address cannot be bound (in use, not local, unresolved).
     */
    public static HttpEndpoint bind(final String name, final InetSocketAddress address, final int maxInFlight,
        final HttpHandler handler) {
        if (address.isUnresolved()) {
            throw new UncheckedIOException(new IOException("cannot bind " + name + ": unknown host " + address.getHostString()));
        }
        final HttpServer server;
        try {
            server = HttpServer.create(address, BACKLOG);
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot bind " + name + " " + address + ": " + ex.getMessage(), ex);
        }
        final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("deltad-" + name.replace('.', '-') + "-", 0).factory());
        server.setExecutor(executor);
        final HttpEndpoint endpoint = new HttpEndpoint(name, server, executor, maxInFlight);
        server.createContext("/", exchange -> endpoint.serve(exchange, handler));
        return endpoint;
    }

    private void serve(final HttpExchange exchange, final HttpHandler handler) throws IOException {
        try (exchange) {
            if (!inFlight.tryAcquire()) {
                exchange.getResponseHeaders().set("Retry-After", "1");
                HttpReplies.send(exchange, 503, HttpReplies.TEXT, BUSY);
                return;
            }
            try {
                handler.handle(exchange);
            } finally {
                inFlight.release();
            }
        }
    }

    /** Starts serving. */
    public synchronized void start() {
        if (started || closed) {
            throw new IllegalStateException(closed ? "closed" : "already started");
        }
        server.start();
        started = true;
    }

    /** The bound address, with the actual port when 0 was asked for. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /**
     * Stops listening and waits (up to 5s) for requests in flight. Idempotent.
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
                LOG.warn("a {} request still runs after {}s", name, CLOSE_WAIT_SECONDS);
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
