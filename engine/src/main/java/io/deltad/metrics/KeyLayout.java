package io.deltad.metrics;

import io.deltad.counters.DeltadCounters;
import io.deltad.wire.NackCode;
import org.agrona.DirectBuffer;

import java.util.List;

/**
 * What a counter's Agrona key holds (as written by {@link DeltadCounters}), and so which Prometheus labels it gives.
 * Labels come from the key rather than from the human-readable label string, so a change of wording in a label
 * can never change a series.
 */
public enum KeyLayout {
    /** A global counter: no key, no labels. */
    NONE(List.of()) {
        @Override
        String[] labelValues(final DirectBuffer key) {
            return NO_VALUES;
        }
    },
    /** One agent's name, length-prefixed ASCII: label {@code agent}. */
    AGENT(List.of("agent")) {
        @Override
        String[] labelValues(final DirectBuffer key) {
            return new String[] {key.getStringAscii(0)};
        }
    },
    /** A ring's producer then consumer name, each length-prefixed ASCII: labels {@code from}, {@code to}. */
    RING(List.of("from", "to")) {
        @Override
        String[] labelValues(final DirectBuffer key) {
            final String from = key.getStringAscii(0);
            final String to = key.getStringAscii(Integer.BYTES + from.length());
            return new String[] {from, to};
        }
    },
    /** A reason or direction name, length-prefixed ASCII ({@link DeltadCounters#newKeyed}): label {@code reason}. */
    REASON(List.of("reason")) {
        @Override
        String[] labelValues(final DirectBuffer key) {
            return new String[] {key.getStringAscii(0)};
        }
    },
    /** An i32 {@link NackCode}: label {@code code} with the code's wire name, e.g. {@code out_of_bounds}. */
    NACK_CODE(List.of("code")) {
        @Override
        String[] labelValues(final DirectBuffer key) {
            return new String[] {NackCode.name(key.getInt(0))};
        }
    },
    /** An i32 HTTP status: label {@code status}, e.g. {@code 401}, or {@code other}. */
    HTTP_STATUS(List.of("status")) {
        @Override
        String[] labelValues(final DirectBuffer key) {
            return new String[] {DeltadCounters.statusName(key.getInt(0))};
        }
    };

    private static final String[] NO_VALUES = new String[0];

    private final List<String> labelNames;

    KeyLayout(final List<String> labelNames) {
        this.labelNames = labelNames;
    }

    /** Label names, in the order of {@link #labelValues(DirectBuffer)}. */
    public List<String> labelNames() {
        return labelNames;
    }

    /** Label values decoded from a counter's key buffer. */
    abstract String[] labelValues(DirectBuffer key);
}
