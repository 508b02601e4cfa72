package io.deltad.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.deltad.conductor.Tunables;
import io.deltad.config.DurationFormat;
import io.deltad.config.ElasticConfig;
import io.deltad.config.LimitsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code config get KEY} and {@code config set KEY VALUE} for the keys that may change while the appliance runs
 * (the {@link Tunables}). A value is checked by the rules the config file's is (same ranges, demotion below
 * promotion, idle timeout at least the rate window) and written as the file would spell it
 * ({@code "5s"}, {@code "nack"}). Other keys need a restart and are refused with that reason.
 *
 * <p>Runs on the control thread only, so a check and the write that follows it cannot interleave with another set.
 */
final class RuntimeConfig {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeConfig.class);
    static final String PROMOTION_THRESHOLD = "elastic.promotion_threshold";
    static final String DEMOTION_THRESHOLD = "elastic.demotion_threshold";
    static final String IDLE_TIMEOUT = "elastic.idle_timeout";
    static final String SESSION_RATE = "limits.session_rate";
    static final String SESSION_BURST = "limits.session_burst";
    static final String ON_RATE_LIMIT = "limits.on_rate_limit";
    static final List<String> KEYS =
        List.of(PROMOTION_THRESHOLD, DEMOTION_THRESHOLD, IDLE_TIMEOUT, SESSION_RATE, SESSION_BURST, ON_RATE_LIMIT);

    private final Tunables tunables;
    private final long rateWindowNs;

    RuntimeConfig(final ControlContext context) {
        this.tunables = context.engine().context().tunables();
        this.rateWindowNs = context.rateWindowNs();
    }

    /** {@code {"cmd":"config get","key":K}}; without a key, every runtime key. */
    CompletableFuture<ControlReply> get(final JsonNode request) {
        final JsonNode key = request.get("key");
        if (key == null || key.isNull()) {
            final var reply = CommandDispatcher.ok();
            final var values = reply.putObject("values");
            KEYS.forEach(k -> values.put(k, read(k)));
            return CommandDispatcher.reply(reply);
        }
        final String name = checkKey(key);
        return CommandDispatcher.reply(CommandDispatcher.ok().put("key", name).put("value", read(name)));
    }

    /** {@code {"cmd":"config set","key":K,"value":V}}: V as text or a JSON number. */
    CompletableFuture<ControlReply> set(final JsonNode request) {
        final String name = checkKey(request.get("key"));
        final JsonNode valueNode = request.get("value");
        if (valueNode == null || !(valueNode.isTextual() || valueNode.isIntegralNumber())) {
            throw new ControlException(name + ": missing \"value\"");
        }
        final String text = valueNode.asText().strip();
        final String previous = read(name);
        switch (name) {
            case PROMOTION_THRESHOLD -> {
                final long value = integer(name, text, 1, ElasticConfig.THRESHOLD_MAX);
                check(name, ElasticConfig.thresholdsProblem(value, tunables.demotionThresholdPerSec()));
                tunables.promotionThresholdPerSec(value);
            }
            case DEMOTION_THRESHOLD -> {
                final long value = integer(name, text, 0, ElasticConfig.THRESHOLD_MAX);
                check(name, ElasticConfig.thresholdsProblem(tunables.promotionThresholdPerSec(), value));
                tunables.demotionThresholdPerSec(value);
            }
            case IDLE_TIMEOUT -> {
                final long ns;
                try {
                    ns = DurationFormat.parseNs(text);
                } catch (final IllegalArgumentException ex) {
                    throw new ControlException(name + ": " + ex.getMessage());
                }
                if (ns < ElasticConfig.IDLE_TIMEOUT_MIN_NS || ns > ElasticConfig.IDLE_TIMEOUT_MAX_NS) {
                    throw new ControlException(name + ": must be between " +
                        DurationFormat.format(ElasticConfig.IDLE_TIMEOUT_MIN_NS) + " and " +
                        DurationFormat.format(ElasticConfig.IDLE_TIMEOUT_MAX_NS) + ", got " + DurationFormat.format(ns));
                }
                check(name, ElasticConfig.idleTimeoutProblem(ns, rateWindowNs));
                tunables.idleTimeoutNs(ns);
            }
            case SESSION_RATE -> tunables.sessionRatePerSec(integer(name, text, 0, LimitsConfig.RATE_MAX));
            case SESSION_BURST -> tunables.sessionBurst(integer(name, text, 1, LimitsConfig.RATE_MAX));
            case ON_RATE_LIMIT -> {
                switch (text) {
                    case "nack" -> tunables.closeOnRateLimit(false);
                    case "close" -> tunables.closeOnRateLimit(true);
                    default -> throw new ControlException(name + ": must be one of \"nack\", \"close\", got \"" +
                        CommandDispatcher.truncate(text) + '"');
                }
            }
            default -> throw new IllegalStateException("key listed but not handled: " + name);
        }
        final String now = read(name);
        LOG.info("config set {}: {} -> {} (control socket)", name, previous, now);
        return CommandDispatcher.reply(CommandDispatcher.ok().put("key", name).put("value", now).put("previous", previous));
    }

    private static void check(final String key, final String problem) {
        if (problem != null) {
            throw new ControlException(key + ": " + problem);
        }
    }

    private String read(final String key) {
        return switch (key) {
            case PROMOTION_THRESHOLD -> Long.toString(tunables.promotionThresholdPerSec());
            case DEMOTION_THRESHOLD -> Long.toString(tunables.demotionThresholdPerSec());
            case IDLE_TIMEOUT -> DurationFormat.format(tunables.idleTimeoutNs());
            case SESSION_RATE -> Long.toString(tunables.sessionRatePerSec());
            case SESSION_BURST -> Long.toString(tunables.sessionBurst());
            case ON_RATE_LIMIT -> tunables.closeOnRateLimit() ? "close" : "nack";
            default -> throw new IllegalStateException("not a runtime key: " + key);
        };
    }

    private static String checkKey(final JsonNode key) {
        if (key == null || !key.isTextual()) {
            throw new ControlException("missing \"key\" (one of: " + String.join(", ", KEYS) + ')');
        }
        final String name = key.asText();
        if (!KEYS.contains(name)) {
            throw new ControlException("\"" + CommandDispatcher.truncate(name) + "\" cannot be read or changed at run " +
                "time (restart with an edited config); runtime keys: " + String.join(", ", KEYS));
        }
        return name;
    }

    private static long integer(final String key, final String text, final long min, final long max) {
        final long value;
        try {
            value = Long.parseLong(text.replace("_", ""));
        } catch (final NumberFormatException ex) {
            throw new ControlException(key + ": must be an integer, got \"" + CommandDispatcher.truncate(text) + '"');
        }
        if (value < min || value > max) {
            throw new ControlException(key + ": must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }
}
