package io.deltad.signaling;

import com.sun.net.httpserver.HttpExchange;
import io.deltad.config.SignalingConfig;
import io.deltad.http.HttpEndpoint;
import io.deltad.http.HttpReplies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;

/**
 * The signaling endpoint: how a browser gets a session (docs/SIGNALING.md is the contract).
 *
 * <pre>
 * POST    /v1/sessions          SDP offer + bearer token  → 201, Location, SDP answer   (WHIP-like, RFC 9725)
 * DELETE  /v1/sessions/{id}     → 204 | 404
 * GET     /v1/demo-token        → a short-lived token       (only with demo_tokens = true, else 404)
 * GET     /healthz              → 200 "ok" | 503 "draining"
 * GET     /, /{file}, /client/{path}   → the browser client and demo page (classpath io/deltad/signaling/web/)
 * OPTIONS any of them           → 204 with Allow (and the CORS preflight headers when allow_origin is set)
 * </pre>
 *
 * Control plane, on an {@link HttpEndpoint} of its own: requests run on virtual threads, at most
 * {@link #MAX_IN_FLIGHT} at once, so a burst of offers or a slow client never costs an agent's duty cycle.
 * {@code POST /v1/sessions} and {@code GET /v1/demo-token} are rate limited per source address (429 with
 * {@code Retry-After}).
 *
 * <p>Two steps, like the metrics port: {@link #bind} at the very start (a port in use fails the start before memory
 * is mapped), {@link #start} once the engine and its counters exist. The session layer plugs in through
 * {@link #broker(SessionBroker)} whenever it is ready; until then offers get 503 from
 * {@link TransportNotEnabledBroker}.
 */
public final class SignalingServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SignalingServer.class);
    /** Requests handled at once; more get 503 with Retry-After straight away. */
    static final int MAX_IN_FLIGHT = 256;
    /** Source addresses whose rate-limit buckets are kept. */
    static final int MAX_RATE_LIMITED_ADDRESSES = 100_000;
    static final String DEMO_TOKEN_PATH = "/v1/demo-token";
    static final String HEALTH_PATH = "/healthz";
    static final String CLIENT_PREFIX = "/client/";
    private static final String JSON = "application/json";

    private final SignalingConfig config;
    private final HttpEndpoint endpoint;
    private final AddressRateLimiter rateLimiter;
    private final Cors cors;
    private volatile Routes routes;

    /** What {@link #start} builds from the context; null before. */
    private record Routes(SignalingContext context, SessionsResource sessions, SignalingCounters counters,
        DemoTokens demoTokens, StaticFiles files) {
    }

    private SignalingServer(final SignalingConfig config) {
        this.config = config;
        this.rateLimiter = new AddressRateLimiter(config.rateLimitPerSec(), config.rateLimitBurst(), MAX_RATE_LIMITED_ADDRESSES);
        this.cors = new Cors(config.allowOrigin());
        // The handler runs only after start(), by which time this object is fully built.
        this.endpoint = HttpEndpoint.bind("signaling.listen", config.listen().orElseThrow(
            () -> new IllegalArgumentException("signaling is disabled: no signaling.listen")), MAX_IN_FLIGHT, this::handle);
    }

    /**
     * Binds {@code signaling.listen} (port 0: an ephemeral one, see {@link #address()}); nothing is served until
     * {@link #start}.
     *
     * @throws UncheckedIOException    when the address cannot be bound.
     * @throws IllegalArgumentException when signaling is disabled in {@code config}.
     */
    public static SignalingServer bind(final SignalingConfig config) {
        return new SignalingServer(config);
    }

    /** Starts serving with what {@code context} provides. */
    public void start(final SignalingContext context) {
        context.conclude();
        final SignalingCounters counters = new SignalingCounters(context.counters());
        final OfferAccess access = new OfferAccess(context.tokens(), context.schemas(), context.clock());
        routes = new Routes(context,
            new SessionsResource(access, context.draining(), counters, config.maxOfferBytes(), context.broker()),
            counters,
            config.demoTokens() ? new DemoTokens(context.tokens(), config, context.clock()) : null,
            new StaticFiles(context.webResources()));
        endpoint.start();
        LOG.info("signaling at http://{}{}", HttpEndpoint.hostPort(address()), SessionsResource.PATH);
        if (config.demoTokens()) {
            LOG.warn("demo tokens on: anyone who reaches http://{}{} gets a token that may read {} and write {}",
                HttpEndpoint.hostPort(address()), DEMO_TOKEN_PATH, config.demoTokenRead(), config.demoTokenWrite());
        }
    }

    /** Replaces the session layer offers go to (the appliance plugs the WebRTC transport in here). */
    public void broker(final SessionBroker broker) {
        final Routes current = routes;
        if (current == null) {
            throw new IllegalStateException("not started");
        }
        current.sessions().broker(Objects.requireNonNull(broker, "broker"));
    }

    /** The bound address, with the actual port when 0 was asked for. */
    public InetSocketAddress address() {
        return endpoint.address();
    }

    private void handle(final HttpExchange exchange) throws IOException {
        final Routes r = routes;
        final String path = Objects.requireNonNullElse(exchange.getRequestURI().getRawPath(), "");
        final String method = exchange.getRequestMethod();
        cors.onResponse(exchange.getResponseHeaders());
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        final boolean offer = SessionsResource.PATH.equals(path) && "POST".equals(method);
        try {
            if (SessionsResource.PATH.equals(path)) {
                if (!preflight(exchange, method, "POST, OPTIONS")) {
                    rateLimit(exchange, r);
                    r.sessions().offer(exchange);
                }
            } else if (path.startsWith(SessionsResource.PATH + '/')) {
                // PATCH (trickle ICE, ICE restart) is WHIP's too; an ICE-lite endpoint with all its candidates in the
                // answer has no use for it: 405, as RFC 9725 allows.
                if (!preflight(exchange, method, "DELETE, OPTIONS")) {
                    r.sessions().delete(exchange, path.substring(SessionsResource.PATH.length() + 1));
                }
            } else if (DEMO_TOKEN_PATH.equals(path) && r.demoTokens() != null) {
                if (!preflight(exchange, method, "GET, OPTIONS")) {
                    rateLimit(exchange, r);
                    exchange.getResponseHeaders().set("Cache-Control", "no-store");
                    HttpReplies.send(exchange, 200, JSON, r.demoTokens().issue());
                }
            } else if (HEALTH_PATH.equals(path)) {
                if (!preflight(exchange, method, "GET, OPTIONS")) {
                    final boolean draining = r.context().draining().getAsBoolean();
                    HttpReplies.text(exchange, draining ? 503 : 200, draining ? "draining" : "ok");
                }
            } else {
                staticFile(exchange, r, path, method);
            }
        } catch (final Refusal refusal) {
            if (offer) {
                r.counters().refused(refusal.httpStatus());
            }
            refusal.headers().forEach(exchange.getResponseHeaders()::set);
            HttpReplies.text(exchange, refusal.httpStatus(), refusal.getMessage());
        } catch (final RuntimeException ex) {
            LOG.warn("signaling {} {} failed", method, path, ex);
            if (offer) {
                r.counters().refused(500);
            }
            HttpReplies.text(exchange, 500, "internal error (logged by the appliance)");
        }
    }

    /**
     * Answers an {@code OPTIONS} request (a CORS preflight, or a WHIP client asking what is allowed) with 204 and
     * returns true; refuses a method {@code allowed} does not list with 405; returns false for one it lists.
     */
    private boolean preflight(final HttpExchange exchange, final String method, final String allowed) throws IOException {
        if ("OPTIONS".equals(method)) {
            cors.onPreflight(exchange.getResponseHeaders(), allowed);
            HttpReplies.empty(exchange, 204);
            return true;
        }
        if (!(", " + allowed + ",").contains(", " + method + ',')) {
            throw new Refusal(405, "method " + method + " not allowed here: " + allowed, Map.of("Allow", allowed));
        }
        return false;
    }

    private void rateLimit(final HttpExchange exchange, final Routes r) {
        final long retryAfterSeconds = rateLimiter.acquire(exchange.getRemoteAddress().getAddress(), r.context().clock().millis());
        if (retryAfterSeconds > 0) {
            r.counters().rateLimited();
            throw new Refusal(429, "too many requests from your address: retry in " + retryAfterSeconds + " s",
                Map.of("Retry-After", Long.toString(retryAfterSeconds)));
        }
    }

    private void staticFile(final HttpExchange exchange, final Routes r, final String path, final String method)
        throws IOException {
        final String name;
        if ("/".equals(path)) {
            name = "index.html";
        } else if (path.startsWith(CLIENT_PREFIX)) {
            name = path.substring(CLIENT_PREFIX.length());
        } else if (path.lastIndexOf('/') == 0) {
            name = path.substring(1); // a page at / referring to its scripts relatively ("demo.js")
        } else {
            name = null;
        }
        final StaticFiles.File file = name == null ? null : r.files().find(name);
        if (file == null) {
            HttpReplies.text(exchange, 404, "not found");
        } else if (!preflight(exchange, method, "GET, OPTIONS")) {
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            HttpReplies.send(exchange, 200, file.contentType(), file.body());
        }
    }

    /** Stops listening and waits (up to 5s) for requests in flight. Idempotent. */
    @Override
    public void close() {
        endpoint.close();
    }
}
