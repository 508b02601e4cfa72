package io.deltad.config;

import java.util.Collection;

/** "Did you mean" hints for mistyped keys: the closest known key by edit distance, if it is close enough. */
final class KeySuggestions {
    private KeySuggestions() {
    }

    /**
     * @return {@code "; did you mean 'x'?"}, or an empty string when nothing known is close.
     */
    static String didYouMean(final String unknown, final Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (final String candidate : known) {
            final int distance = distance(unknown.toLowerCase(), candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        // Short keys tolerate fewer edits, or "io" would be suggested for any two-letter typo.
        final int tolerance = Math.max(1, Math.min(3, unknown.length() / 3));
        return null != best && bestDistance <= tolerance ? "; did you mean '" + best + "'?" : "";
    }

    // Optimal string alignment distance: Levenshtein plus adjacent transpositions ("shraed"), which are common typos.
    static int distance(final String a, final String b) {
        final int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                final int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
