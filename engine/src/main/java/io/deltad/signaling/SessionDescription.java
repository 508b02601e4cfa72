package io.deltad.signaling;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A session description (RFC 8866) split into its session-level attributes and its media sections, with nothing
 * interpreted beyond the line grammar and the {@code m=} line. {@link DataChannelDescription} reads the WebRTC
 * attributes out of it; {@link SdpOffer} applies what this endpoint accepts.
 *
 * <p>Bounded before anything is built: at most {@code maxBytes} (the caller's limit) and {@link #MAX_LINES} lines,
 * else {@link SdpException#TOO_LARGE}. Tolerant where browsers and tools differ harmlessly: LF or CRLF line endings,
 * blank lines skipped, any session-level line other than {@code v=} optional. Strict where a mistake would reach the
 * transport: UTF-8 only, no control characters, every line {@code <letter>=<value>}, {@code v=0} first.
 */
public final class SessionDescription {
    /** Most lines accepted: a DataChannel offer has about 20; 10,000 bounds the work a hostile body can cause. */
    public static final int MAX_LINES = 10_000;

    private final List<SdpAttribute> sessionAttributes;
    private final List<MediaSection> media;

    private SessionDescription(final List<SdpAttribute> sessionAttributes, final List<MediaSection> media) {
        this.sessionAttributes = sessionAttributes;
        this.media = media;
    }

    /**
     * One {@code a=} line: {@code a=<name>} or {@code a=<name>:<value>}.
     *
     * @param line  where it was.
     * @param name  the attribute name.
     * @param value what follows the first {@code :}; {@code null} for a flag attribute such as {@code a=ice-lite}.
     */
    record SdpAttribute(SdpLine line, String name, String value) {
    }

    /**
     * One media section: its {@code m=} line, parsed, and the attributes under it.
     *
     * @param line       the {@code m=} line.
     * @param media      {@code application}, {@code audio}, ...
     * @param port       the port; 0 marks a rejected or disabled section.
     * @param proto      the transport protocol, e.g. {@code UDP/DTLS/SCTP}.
     * @param formats    the format list, e.g. {@code [webrtc-datachannel]}.
     * @param attributes the section's {@code a=} lines, in order.
     */
    record MediaSection(SdpLine line, String media, int port, String proto, List<String> formats,
        List<SdpAttribute> attributes) {
    }

    /**
     * Parses a body as UTF-8 SDP.
     *
     * @param body     the bytes as received.
     * @param maxBytes the largest body accepted.
     * @throws SdpException 413 over {@code maxBytes} or {@link #MAX_LINES}; 400 when it is not SDP.
     */
    public static SessionDescription parse(final byte[] body, final int maxBytes) {
        if (body.length > maxBytes) {
            throw new SdpException(SdpException.TOO_LARGE,
                "offer of " + body.length + " bytes is over the limit of " + maxBytes + " bytes");
        }
        final String text = decode(body);
        final List<SdpAttribute> sessionAttributes = new ArrayList<>();
        final List<MediaSection> media = new ArrayList<>();
        List<SdpAttribute> current = sessionAttributes;
        boolean versionSeen = false;
        int lineNumber = 0;
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            lineNumber++;
            if (lineNumber > MAX_LINES) {
                throw new SdpException(SdpException.TOO_LARGE, "offer has more than " + MAX_LINES + " lines");
            }
            final int contentEnd = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
            final String raw = text.substring(start, contentEnd);
            start = end + 1;
            if (raw.isEmpty()) {
                continue;
            }
            final SdpLine line = line(lineNumber, raw);
            if (!versionSeen) {
                if (line.type() != 'v' || !"0".equals(line.value())) {
                    throw SdpException.at(SdpException.MALFORMED, line, "not SDP: the first line must be v=0");
                }
                versionSeen = true;
                continue;
            }
            switch (line.type()) {
                case 'm' -> {
                    final MediaSection section = mediaSection(line);
                    media.add(section);
                    current = section.attributes();
                }
                case 'a' -> current.add(attribute(line));
                default -> { } // o=, s=, t=, c=, b=, ...: nothing this endpoint uses
            }
        }
        if (!versionSeen) {
            throw new SdpException(SdpException.MALFORMED, "empty offer: expected an SDP body starting with v=0");
        }
        final List<MediaSection> frozen = new ArrayList<>(media.size());
        for (final MediaSection section : media) {
            frozen.add(new MediaSection(section.line(), section.media(), section.port(), section.proto(),
                section.formats(), List.copyOf(section.attributes())));
        }
        return new SessionDescription(List.copyOf(sessionAttributes), List.copyOf(frozen));
    }

    /** @return the attributes before the first {@code m=} line. */
    List<SdpAttribute> sessionAttributes() {
        return sessionAttributes;
    }

    /** @return the media sections, in order. */
    List<MediaSection> media() {
        return media;
    }

    /**
     * @return the one {@code a=<name>} of {@code attributes}, or {@code null}.
     * @throws SdpException 400 when it appears twice: which one was meant is anyone's guess.
     */
    static SdpAttribute single(final List<SdpAttribute> attributes, final String name) {
        SdpAttribute found = null;
        for (final SdpAttribute attribute : attributes) {
            if (attribute.name().equals(name)) {
                if (found != null) {
                    throw SdpException.at(SdpException.MALFORMED, attribute.line(),
                        "a=" + name + " appears twice in one section (first at line " + found.line().number() + ')');
                }
                found = attribute;
            }
        }
        return found;
    }

    /** @return the section's {@code a=<name>}, else the session-level one, else {@code null} (RFC 8839 §5). */
    SdpAttribute attribute(final MediaSection section, final String name) {
        final SdpAttribute own = single(section.attributes(), name);
        return own != null ? own : single(sessionAttributes, name);
    }

    /** @return every {@code a=<name>} of {@code attributes}, in order. */
    static List<SdpAttribute> all(final List<SdpAttribute> attributes, final String name) {
        final List<SdpAttribute> found = new ArrayList<>();
        for (final SdpAttribute attribute : attributes) {
            if (attribute.name().equals(name)) {
                found.add(attribute);
            }
        }
        return found;
    }

    private static String decode(final byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(body))
                .toString();
        } catch (final CharacterCodingException ex) {
            throw new SdpException(SdpException.MALFORMED, "offer is not UTF-8 text (RFC 8866 §5)");
        }
    }

    private static SdpLine line(final int number, final String raw) {
        for (int i = 0; i < raw.length(); i++) {
            final char c = raw.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                throw new SdpException(SdpException.MALFORMED,
                    "line " + number + ": control character 0x" + Integer.toHexString(c) + " at column " + (i + 1));
            }
        }
        if (raw.length() < 2 || raw.charAt(1) != '=' || raw.charAt(0) < 'a' || raw.charAt(0) > 'z') {
            throw SdpException.at(SdpException.MALFORMED, new SdpLine(number, '?', raw),
                "expected <type>=<value> with a lower-case type letter (RFC 8866 §5)");
        }
        return new SdpLine(number, raw.charAt(0), raw.substring(2));
    }

    private static SdpAttribute attribute(final SdpLine line) {
        final String value = line.value();
        final int colon = value.indexOf(':');
        final String name = colon < 0 ? value : value.substring(0, colon);
        if (name.isEmpty()) {
            throw SdpException.at(SdpException.MALFORMED, line, "attribute without a name");
        }
        return new SdpAttribute(line, name, colon < 0 ? null : value.substring(colon + 1));
    }

    private static MediaSection mediaSection(final SdpLine line) {
        final String[] fields = line.value().strip().split(" +");
        if (fields.length < 4) {
            throw SdpException.at(SdpException.MALFORMED, line, "m= needs <media> <port> <proto> <fmt> (RFC 8866 §5.14)");
        }
        final String portField = fields[1];
        final int slash = portField.indexOf('/');
        final int port = SdpNumbers.port(line, "m= port", slash < 0 ? portField : portField.substring(0, slash));
        final List<String> formats = List.of(fields).subList(3, fields.length);
        return new MediaSection(line, fields[0], port, fields[2], List.copyOf(formats), new ArrayList<>());
    }

    /** For tests and logs: the line counts, not the content (an offer carries an ICE password). */
    @Override
    public String toString() {
        return "SessionDescription[" + sessionAttributes.size() + " session attributes, " + media.size() + " media]";
    }
}
