package io.deltad.config;

import java.util.concurrent.TimeUnit;

/**
 * Durations as written in the configuration: an integer and a unit, e.g. {@code 250us}, {@code 100ms}, {@code 5s},
 * {@code 2m}. A bare number is refused: whether {@code 100} means ms or s is exactly the mistake to catch.
 */
public final class DurationFormat {
    private DurationFormat() {
    }

    /**
     * @param text e.g. {@code "250us"}; units {@code ns}, {@code us}, {@code ms}, {@code s}, {@code m}, {@code h}.
     * @return the duration in nanoseconds.
     * @throws IllegalArgumentException with a message fit for an operator.
     */
    public static long parseNs(final String text) {
        final String s = text.strip();
        int unitStart = 0;
        while (unitStart < s.length() && Character.isDigit(s.charAt(unitStart))) {
            unitStart++;
        }
        if (unitStart == 0 || unitStart == s.length()) {
            throw new IllegalArgumentException(
                "expected a duration like \"250us\", \"100ms\", \"5s\" or \"2m\", got \"" + text + '"');
        }
        final long amount;
        try {
            amount = Long.parseLong(s.substring(0, unitStart));
        } catch (final NumberFormatException ex) {
            throw new IllegalArgumentException("duration too large: \"" + text + '"', ex);
        }
        final TimeUnit unit = switch (s.substring(unitStart).strip()) {
            case "ns" -> TimeUnit.NANOSECONDS;
            case "us", "µs" -> TimeUnit.MICROSECONDS;
            case "ms" -> TimeUnit.MILLISECONDS;
            case "s" -> TimeUnit.SECONDS;
            case "m" -> TimeUnit.MINUTES;
            case "h" -> TimeUnit.HOURS;
            default -> throw new IllegalArgumentException(
                "unknown duration unit in \"" + text + "\" (use ns, us, ms, s, m or h)");
        };
        final long ns = unit.toNanos(amount);
        if (ns == Long.MAX_VALUE) {
            throw new IllegalArgumentException("duration too large: \"" + text + '"');
        }
        return ns;
    }

    /** @return the shortest exact rendering of a duration, e.g. {@code 100ms}, for messages. */
    public static String format(final long ns) {
        if (ns != 0) {
            if (ns % TimeUnit.HOURS.toNanos(1) == 0) {
                return ns / TimeUnit.HOURS.toNanos(1) + "h";
            }
            if (ns % TimeUnit.MINUTES.toNanos(1) == 0) {
                return ns / TimeUnit.MINUTES.toNanos(1) + "m";
            }
            if (ns % TimeUnit.SECONDS.toNanos(1) == 0) {
                return ns / TimeUnit.SECONDS.toNanos(1) + "s";
            }
            if (ns % TimeUnit.MILLISECONDS.toNanos(1) == 0) {
                return ns / TimeUnit.MILLISECONDS.toNanos(1) + "ms";
            }
            if (ns % TimeUnit.MICROSECONDS.toNanos(1) == 0) {
                return ns / TimeUnit.MICROSECONDS.toNanos(1) + "us";
            }
        }
        return ns + "ns";
    }
}
