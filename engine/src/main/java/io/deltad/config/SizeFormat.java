package io.deltad.config;

/**
 * Byte sizes as written in the configuration: an integer number of bytes, or an integer with a binary unit
 * ({@code 64KiB}, {@code 256MiB}, {@code 1GiB}). Decimal units ({@code MB}) are refused rather than guessed, since
 * ring and chunk sizes must be exact powers of two.
 */
public final class SizeFormat {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private SizeFormat() {
    }

    /**
     * @param text e.g. {@code "256MiB"} or {@code "4096"}.
     * @return the size in bytes.
     * @throws IllegalArgumentException with a message fit for an operator.
     */
    public static long parseBytes(final String text) {
        final String s = text.strip();
        int unitStart = 0;
        while (unitStart < s.length() && Character.isDigit(s.charAt(unitStart))) {
            unitStart++;
        }
        if (unitStart == 0) {
            throw new IllegalArgumentException("expected a size like \"64KiB\", \"256MiB\", \"1GiB\" or a byte count, got \"" + text + '"');
        }
        final long amount;
        try {
            amount = Long.parseLong(s.substring(0, unitStart));
        } catch (final NumberFormatException ex) {
            throw new IllegalArgumentException("size too large: \"" + text + '"', ex);
        }
        final String unit = s.substring(unitStart).strip();
        final int shift = switch (unit) {
            case "", "B" -> 0;
            case "KiB" -> 10;
            case "MiB" -> 20;
            case "GiB" -> 30;
            case "TiB" -> 40;
            default -> throw new IllegalArgumentException(
                "unknown size unit in \"" + text + "\" (use B, KiB, MiB, GiB or TiB: powers of 1024)");
        };
        if (amount > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("size too large: \"" + text + '"');
        }
        return amount << shift;
    }

    /** @return the largest exact binary unit rendering, e.g. {@code 256MiB} or {@code 1000B}, for messages. */
    public static String format(final long bytes) {
        int unit = 0;
        long value = bytes;
        while (unit < UNITS.length - 1 && value != 0 && (value & 1023) == 0) {
            value >>= 10;
            unit++;
        }
        return value + UNITS[unit];
    }
}
