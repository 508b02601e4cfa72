package io.deltad.app;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Under systemd with its output going to the journal ({@code JOURNAL_STREAM} set), starts every line of the
 * appliance's stderr with the {@code sd-daemon} priority prefix of its log level ({@code <3>} ERROR, {@code <4>}
 * WARN, {@code <6>} INFO, {@code <7>} DEBUG/TRACE), which journald strips and records as the entry's priority
 * ({@code SyslogLevelPrefix=yes}, systemd's default), so {@code journalctl -p warning -u deltad} shows the warnings
 * and errors. The level is read from slf4j-simple's line format, {@code [thread] LEVEL logger - message}; lines that
 * follow a log line without one of their own (a stack trace) get its level; anything else is info.
 *
 * <p>Not on the hot path: agents log only notable events, and a line is prefixed once.
 */
final class JournalPriorities extends OutputStream {
    private static volatile boolean installed;
    private final OutputStream out;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private String lastPrefix = "<6>";

    JournalPriorities(final OutputStream out) {
        this.out = out;
    }

    /** Wraps {@code System.err} when the journal reads it; does nothing otherwise. */
    static void installIfJournal() {
        final String stream = System.getenv("JOURNAL_STREAM");
        if (stream != null && !stream.isEmpty()) {
            System.setErr(new PrintStream(new JournalPriorities(System.err), true, StandardCharsets.UTF_8));
            installed = true;
        }
    }

    /** Prints a line that ends the appliance (a refused config) to stderr, at error priority under the journal. */
    static void fatal(final String message) {
        System.err.println(installed ? "<3>" + message : message);
    }

    /** The prefix for one line (without its newline); {@code previous}: that of the line before. */
    static String prefix(final String text, final String previous) {
        if (text.length() >= 3 && text.charAt(0) == '<' && text.charAt(2) == '>' && Character.isDigit(text.charAt(1))) {
            return ""; // has its own
        }
        if (text.startsWith("[")) {
            final int close = text.indexOf("] ");
            if (close > 0) {
                final String rest = text.substring(close + 2);
                if (rest.startsWith("ERROR ")) {
                    return "<3>";
                }
                if (rest.startsWith("WARN ")) {
                    return "<4>";
                }
                if (rest.startsWith("INFO ")) {
                    return "<6>";
                }
                if (rest.startsWith("DEBUG ") || rest.startsWith("TRACE ")) {
                    return "<7>";
                }
            }
        }
        return text.startsWith("\tat ") || text.startsWith("Caused by: ") || text.startsWith("\t... ") ? previous : "<6>";
    }

    @Override
    public synchronized void write(final int b) throws java.io.IOException {
        if (b == '\n') {
            final String text = line.toString(StandardCharsets.UTF_8);
            final String prefix = prefix(text, lastPrefix);
            lastPrefix = prefix.isEmpty() ? text.substring(0, 3) : prefix;
            out.write(prefix.getBytes(StandardCharsets.US_ASCII));
            line.writeTo(out);
            out.write('\n');
            line.reset();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void write(final byte[] bytes, final int offset, final int length) throws java.io.IOException {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    @Override
    public synchronized void flush() throws java.io.IOException {
        out.flush();
    }
}
