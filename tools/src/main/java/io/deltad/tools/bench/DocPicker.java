package io.deltad.tools.bench;

/**
 * Picks document ranks {@code 0..n-1} with a Zipf distribution (weight of rank r is {@code 1/(r+1)^s}; s = 0 is
 * uniform) from a precomputed CDF, with its own xorshift generator: no allocation per pick. One per thread.
 */
final class DocPicker {
    private final double[] cdf;
    private final boolean uniform;
    private long state;

    DocPicker(final int documents, final double exponent, final long seed) {
        if (documents < 1) {
            throw new IllegalArgumentException("documents must be >= 1");
        }
        this.uniform = exponent == 0.0;
        this.cdf = new double[documents];
        double sum = 0;
        for (int r = 0; r < documents; r++) {
            sum += uniform ? 1.0 : 1.0 / Math.pow(r + 1, exponent);
            cdf[r] = sum;
        }
        for (int r = 0; r < documents; r++) {
            cdf[r] /= sum;
        }
        this.state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
    }

    /** Share of all picks that go to rank 0 (the hottest document). */
    double hottestShare() {
        return cdf[0];
    }

    int next() {
        long x = state;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        state = x;
        if (uniform) {
            return (int) Long.remainderUnsigned(x, cdf.length);
        }
        final double u = (x >>> 11) * 0x1.0p-53;
        int lo = 0;
        int hi = cdf.length - 1;
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            if (cdf[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
