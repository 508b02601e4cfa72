package io.deltad.config;

/**
 * A configuration the appliance refuses to start with. The message always reads
 * {@code <file>:<line>: <dotted.key>: <what is wrong>} so an operator can jump straight to the line; the parts
 * are also available separately for tools and tests.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Line number used when a value has no position, e.g. one set through {@link DeltadConfig.Builder}. */
    public static final int UNKNOWN_LINE = 0;

    private final String file;
    private final int line;
    private final String key;

    ConfigException(final String file, final int line, final String key, final String problem, final Throwable cause) {
        super(format(file, line, key, problem), cause);
        this.file = file;
        this.line = line;
        this.key = key;
    }

    ConfigException(final String file, final int line, final String key, final String problem) {
        this(file, line, key, problem, null);
    }

    /** @return the configuration file as named to {@link DeltadConfig#load}, or {@code <builder>}. */
    public String file() {
        return file;
    }

    /** @return the 1-based line of the offending key, or {@link #UNKNOWN_LINE}. */
    public int line() {
        return line;
    }

    /** @return the dotted key (e.g. {@code elastic.max_elastic}), or {@code null} for a syntax error outside any key. */
    public String key() {
        return key;
    }

    private static String format(final String file, final int line, final String key, final String problem) {
        final StringBuilder sb = new StringBuilder(file);
        if (line != UNKNOWN_LINE) {
            sb.append(':').append(line);
        }
        sb.append(": ");
        if (null != key) {
            sb.append(key).append(": ");
        }
        return sb.append(problem).toString();
    }
}
