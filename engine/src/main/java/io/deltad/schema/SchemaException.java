package io.deltad.schema;

import java.nio.file.Path;

/**
 * A schema directory could not be loaded. Names the file, the line when the source format knows it, and the key
 * (for example {@code field[2].max_length}) so an operator can fix the file without guessing.
 *
 * <p>Unchecked on purpose: a bad schema is a configuration error that fails start-up or is reported by the reload
 * command; there is nothing a caller in between could do about it.
 */
public final class SchemaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final String key;

    public SchemaException(final Path file, final int line, final String key, final String problem) {
        this(file, line, key, problem, null);
    }

    public SchemaException(final Path file, final int line, final String key, final String problem,
                           final Throwable cause) {
        super(format(file, line, key, problem), cause);
        this.file = file;
        this.line = line;
        this.key = key;
    }

    /** The offending file (or the directory, for errors about the directory itself). */
    public Path file() {
        return file;
    }

    /** 1-based line of the offending key, or -1 when unknown. */
    public int line() {
        return line;
    }

    /** Dotted path of the offending key, or null when the error is about the whole file. */
    public String key() {
        return key;
    }

    private static String format(final Path file, final int line, final String key, final String problem) {
        final StringBuilder sb = new StringBuilder();
        sb.append(file);
        if (line > 0) {
            sb.append(':').append(line);
        }
        if (key != null) {
            sb.append(": ").append(key);
        }
        return sb.append(": ").append(problem).toString();
    }
}
