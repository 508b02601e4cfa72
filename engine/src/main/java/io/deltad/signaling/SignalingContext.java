package io.deltad.signaling;

import io.deltad.counters.DeltadCounters;
import io.deltad.schema.SchemaRegistry;
import io.deltad.token.SessionTokens;

import java.time.InstantSource;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What {@link SignalingServer#start} needs from the appliance, Aeron-style: set what you have, {@link #conclude()}
 * checks the rest before a request is served.
 *
 * <pre>{@code
 * server.start(new SignalingContext()
 *     .tokens(new SessionTokens(key, keyId, maxTtlSeconds))
 *     .schemas(engine::schemas)
 *     .draining(() -> !engine.isAdmitting())
 *     .counters(engine.counters()));
 * }</pre>
 */
public final class SignalingContext {
    private SessionTokens tokens;
    private Supplier<SchemaRegistry> schemas;
    private DeltadCounters counters;
    private SessionBroker broker = new TransportNotEnabledBroker();
    private BooleanSupplier draining = () -> false;
    private InstantSource clock = InstantSource.system();
    private ClassLoader webResources = SignalingContext.class.getClassLoader();

    /** Required: verifies bearer tokens and signs demo tokens (the {@code [tokens]} key). */
    public SignalingContext tokens(final SessionTokens tokens) {
        this.tokens = tokens;
        return this;
    }

    /** Required: the current schemas (they are hot-reloaded), to resolve document patterns and names. */
    public SignalingContext schemas(final Supplier<SchemaRegistry> schemas) {
        this.schemas = schemas;
        return this;
    }

    /** Required: where the signaling counters are allocated (the appliance's counters file). */
    public SignalingContext counters(final DeltadCounters counters) {
        this.counters = counters;
        return this;
    }

    /** The session layer; default {@link TransportNotEnabledBroker} (every offer 503). */
    public SignalingContext broker(final SessionBroker broker) {
        this.broker = broker;
        return this;
    }

    /** True once the appliance drains ({@code deltactl drain}): offers get 503, {@code /healthz} 503. Default never. */
    public SignalingContext draining(final BooleanSupplier draining) {
        this.draining = draining;
        return this;
    }

    /** Time for token expiry and the rate limiter; default the system clock. Tests pass one they move. */
    public SignalingContext clock(final InstantSource clock) {
        this.clock = clock;
        return this;
    }

    /** Class loader the static files are read from; default this class's. */
    public SignalingContext webResources(final ClassLoader webResources) {
        this.webResources = webResources;
        return this;
    }

    /** @throws NullPointerException naming the first thing missing. */
    public SignalingContext conclude() {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(schemas, "schemas");
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(draining, "draining");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(webResources, "webResources");
        return this;
    }

    SessionTokens tokens() { return tokens; }
    Supplier<SchemaRegistry> schemas() { return schemas; }
    DeltadCounters counters() { return counters; }
    SessionBroker broker() { return broker; }
    BooleanSupplier draining() { return draining; }
    InstantSource clock() { return clock; }
    ClassLoader webResources() { return webResources; }
}
