package io.deltad.tools.bench;

import java.util.Locale;

/** The one-line JSON object a benchmark prints last with {@code --json}: flat, numbers and strings, in call order. */
final class JsonLine {
    private final StringBuilder sb = new StringBuilder(1024).append('{');

    JsonLine number(final String name, final long value) {
        return raw(name, Long.toString(value));
    }

    /** A double with {@code decimals} decimals (plain notation, no exponent). */
    JsonLine number(final String name, final double value, final int decimals) {
        return raw(name, String.format(Locale.ROOT, "%." + decimals + "f", value));
    }

    JsonLine bool(final String name, final boolean value) {
        return raw(name, Boolean.toString(value));
    }

    JsonLine text(final String name, final String value) {
        final StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return raw(name, quoted.append('"').toString());
    }

    private JsonLine raw(final String name, final String value) {
        if (sb.length() > 1) {
            sb.append(',');
        }
        sb.append('"').append(name).append("\":").append(value);
        return this;
    }

    @Override
    public String toString() {
        return sb + "}";
    }
}
