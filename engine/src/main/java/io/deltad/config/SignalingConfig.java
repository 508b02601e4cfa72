package io.deltad.config;

import io.deltad.io.DocPatterns;
import io.deltad.schema.SchemaRegistry;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code [signaling]}: the HTTP endpoint browsers set sessions up through ({@code POST /v1/sessions} with an SDP
 * offer, see docs/SIGNALING.md), the demo page it serves, and the demo tokens it may hand out.
 *
 * <p>Like {@code [metrics]}, it runs only when {@code listen} is set ({@code enabled} defaults to true then): a
 * default port would make two appliances on one host collide. It needs the {@code [tokens]} key, since every offer
 * is authenticated with a session token; a config that enables signaling without one is refused at load rather than
 * starting an endpoint that answers 401 to everyone.
 */
public final class SignalingConfig {
    static final String SECTION = "signaling";
    static final String LISTEN = "listen";
    static final String ENABLED = "enabled";
    static final String ALLOW_ORIGIN = "allow_origin";
    static final String RATE_LIMIT_PER_SEC = "rate_limit_per_sec";
    static final String RATE_LIMIT_BURST = "rate_limit_burst";
    static final String MAX_OFFER_BYTES = "max_offer_bytes";
    static final String DEMO_TOKENS = "demo_tokens";
    static final String DEMO_TOKEN_READ = "demo_token_read";
    static final String DEMO_TOKEN_WRITE = "demo_token_write";
    static final String DEMO_TOKEN_TTL = "demo_token_ttl";
    private static final List<String> KEYS = List.of(LISTEN, ENABLED, ALLOW_ORIGIN, RATE_LIMIT_PER_SEC, RATE_LIMIT_BURST,
        MAX_OFFER_BYTES, DEMO_TOKENS, DEMO_TOKEN_READ, DEMO_TOKEN_WRITE, DEMO_TOKEN_TTL);

    private static final int EXAMPLE_PORT = 8080;
    static final long RATE_LIMIT_PER_SEC_DEFAULT = 10;
    static final long RATE_LIMIT_BURST_DEFAULT = 20;
    static final long RATE_LIMIT_MAX = 1_000_000;
    /** RFC 8866 sets no limit; 64 KiB is 100 times what a browser's data-channel-only offer takes. */
    static final long MAX_OFFER_BYTES_DEFAULT = 64 * 1024;
    static final long MAX_OFFER_BYTES_MIN = 1024;
    static final long MAX_OFFER_BYTES_MAX = 1024 * 1024;
    static final long DEMO_TOKEN_TTL_DEFAULT_NS = 10L * 60 * 1_000_000_000L;
    /** An origin as a browser sends it: scheme, host, optional port; no path, no trailing slash. */
    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]+(:\\d{1,5})?|https?://\\[[0-9A-Fa-f:.]+\\](:\\d{1,5})?");

    private final ListenAddress listen;
    private final String allowOrigin;
    private final long rateLimitPerSec;
    private final long rateLimitBurst;
    private final int maxOfferBytes;
    private final boolean demoTokens;
    private final List<String> demoTokenRead;
    private final List<String> demoTokenWrite;
    private final long demoTokenTtlNs;

    private SignalingConfig(final ListenAddress listen, final String allowOrigin, final long rateLimitPerSec,
        final long rateLimitBurst, final int maxOfferBytes, final boolean demoTokens, final List<String> demoTokenRead,
        final List<String> demoTokenWrite, final long demoTokenTtlNs) {
        this.listen = listen;
        this.allowOrigin = allowOrigin;
        this.rateLimitPerSec = rateLimitPerSec;
        this.rateLimitBurst = rateLimitBurst;
        this.maxOfferBytes = maxOfferBytes;
        this.demoTokens = demoTokens;
        this.demoTokenRead = demoTokenRead;
        this.demoTokenWrite = demoTokenWrite;
        this.demoTokenTtlNs = demoTokenTtlNs;
    }

    static SignalingConfig from(final ConfigSource source, final TokensConfig tokens) {
        final SectionReader reader = new SectionReader(source, SECTION, KEYS);
        final String listenText = reader.string(LISTEN, "").strip();
        final boolean enabled = reader.bool(ENABLED, !listenText.isEmpty());
        final String allowOrigin = reader.string(ALLOW_ORIGIN, "").strip();
        final long ratePerSec = reader.integer(RATE_LIMIT_PER_SEC, RATE_LIMIT_PER_SEC_DEFAULT, 0, RATE_LIMIT_MAX);
        final long burst = reader.integer(RATE_LIMIT_BURST, RATE_LIMIT_BURST_DEFAULT, 1, RATE_LIMIT_MAX);
        final long maxOfferBytes = reader.sizeBytes(
            MAX_OFFER_BYTES, MAX_OFFER_BYTES_DEFAULT, MAX_OFFER_BYTES_MIN, MAX_OFFER_BYTES_MAX);
        final boolean demoTokens = reader.bool(DEMO_TOKENS, false);
        final List<String> demoRead = patterns(reader, DEMO_TOKEN_READ);
        final List<String> demoWrite = patterns(reader, DEMO_TOKEN_WRITE);
        final long demoTtlNs = reader.durationNs(DEMO_TOKEN_TTL, Math.min(DEMO_TOKEN_TTL_DEFAULT_NS, tokens.maxTtlNs()),
            1_000_000_000L, tokens.maxTtlNs());

        if (!allowOrigin.isEmpty() && !"*".equals(allowOrigin) && !ORIGIN.matcher(allowOrigin).matches()) {
            throw reader.fail(ALLOW_ORIGIN, "must be \"\" (no cross-origin access), \"*\" or one origin such as " +
                "\"https://app.example.com\" (scheme, host, optional port; no path), got \"" + allowOrigin + '"');
        }
        if (demoTokens && demoRead.isEmpty() && demoWrite.isEmpty()) {
            throw reader.fail(DEMO_TOKENS, "demo tokens that may read and write nothing would be refused (403) by " +
                "POST /v1/sessions: set signaling.demo_token_read and/or signaling.demo_token_write");
        }
        if (listenText.isEmpty()) {
            if (enabled) {
                throw reader.fail(ENABLED, "enabled = true needs signaling.listen = \"host:port\"");
            }
            return disabled();
        }
        // Checked even when disabled, so flipping enabled back on cannot surface a stale typo at the next start.
        final ListenAddress listen = ListenAddress.parse(reader, LISTEN, listenText, EXAMPLE_PORT);
        if (!enabled) {
            return disabled();
        }
        if (tokens.key().isEmpty()) {
            throw reader.fail(LISTEN, "signaling authenticates every offer with a session token: it needs " +
                "tokens.key_file (or tokens.key) in [tokens]");
        }
        return new SignalingConfig(listen, allowOrigin, ratePerSec, burst, (int) maxOfferBytes, demoTokens,
            demoRead, demoWrite, demoTtlNs);
    }

    private static SignalingConfig disabled() {
        return new SignalingConfig(null, "", 0, 1, (int) MAX_OFFER_BYTES_DEFAULT, false, List.of(), List.of(), 0);
    }

    /** Document patterns, checked for form now (whether a type name exists is the schemas' business, at runtime). */
    private static List<String> patterns(final SectionReader reader, final String key) {
        final List<String> patterns = reader.stringList(key, List.of());
        try {
            DocPatterns.compile(patterns, SchemaRegistry.empty());
        } catch (final IllegalArgumentException ex) {
            throw reader.fail(key, ex.getMessage());
        }
        return patterns;
    }

    /** @return whether the signaling endpoint runs. */
    public boolean enabled() {
        return listen != null;
    }

    /**
     * @return the address to bind, resolved now; empty when disabled. Port 0 asks for an ephemeral port; the
     *         appliance logs the one it got.
     */
    public Optional<InetSocketAddress> listen() {
        return enabled() ? Optional.of(listen.resolve()) : Optional.empty();
    }

    /**
     * @return the {@code Access-Control-Allow-Origin} value: {@code ""} sends no CORS headers (only pages served by
     *         the endpoint itself may call it), {@code "*"} any origin, else that one origin.
     */
    public String allowOrigin() {
        return allowOrigin;
    }

    /** @return requests per second sustained per source address on the rate-limited paths; 0: no limit. */
    public long rateLimitPerSec() {
        return rateLimitPerSec;
    }

    /** @return requests a source address may make in a burst above the rate (token bucket depth). */
    public long rateLimitBurst() {
        return rateLimitBurst;
    }

    /** @return largest SDP offer accepted, in bytes; larger gets 413. */
    public int maxOfferBytes() {
        return maxOfferBytes;
    }

    /** @return whether {@code GET /v1/demo-token} hands out tokens (development only). */
    public boolean demoTokens() {
        return demoTokens;
    }

    /** @return the {@code read} claim of demo tokens. */
    public List<String> demoTokenRead() {
        return demoTokenRead;
    }

    /** @return the {@code write} claim of demo tokens. */
    public List<String> demoTokenWrite() {
        return demoTokenWrite;
    }

    /** @return lifetime of a demo token, in ns (at most {@code tokens.max_ttl}). */
    public long demoTokenTtlNs() {
        return demoTokenTtlNs;
    }

    @Override
    public String toString() {
        if (!enabled()) {
            return "[signaling] disabled";
        }
        return "[signaling] listen=" + listen + " allow_origin=" + (allowOrigin.isEmpty() ? "\"\"" : allowOrigin) +
            " rate_limit_per_sec=" + rateLimitPerSec + " rate_limit_burst=" + rateLimitBurst +
            " max_offer_bytes=" + SizeFormat.format(maxOfferBytes) + " demo_tokens=" + demoTokens +
            (demoTokens ? " demo_token_read=" + demoTokenRead + " demo_token_write=" + demoTokenWrite +
                " demo_token_ttl=" + DurationFormat.format(demoTokenTtlNs) : "");
    }
}
