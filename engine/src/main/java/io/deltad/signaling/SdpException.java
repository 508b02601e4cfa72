package io.deltad.signaling;

/**
 * An SDP offer refused, with the HTTP status signaling answers and a message that names the offending line, e.g.
 * {@code line 11 "a=ice-pwd:short": ice-pwd must be 22 to 256 ice-chars (RFC 8839), got 5}.
 *
 * <ul>
 *   <li>{@link #MALFORMED} (400): not SDP, or a line or attribute that breaks its grammar, or a required attribute
 *       missing;</li>
 *   <li>{@link #TOO_LARGE} (413): over the size or line limit;</li>
 *   <li>{@link #UNSUPPORTED} (422): well-formed, but asks for something this endpoint does not do (media other than
 *       one DataChannel section, a weak fingerprint only, DTLS passive).</li>
 * </ul>
 */
public final class SdpException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** 400 Bad Request. */
    public static final int MALFORMED = 400;
    /** 413 Content Too Large. */
    public static final int TOO_LARGE = 413;
    /** 422 Unprocessable Content. */
    public static final int UNSUPPORTED = 422;
    private static final int MAX_QUOTED_CHARS = 80;

    private final int httpStatus;

    SdpException(final int httpStatus, final String message) {
        super(message);
        this.httpStatus = httpStatus;
    }

    /** A problem with one line: the message starts with its number and (up to 80 characters of) its text. */
    static SdpException at(final int httpStatus, final SdpLine line, final String problem) {
        final String text = line.text();
        final String quoted = text.length() <= MAX_QUOTED_CHARS ? text : text.substring(0, MAX_QUOTED_CHARS) + "...";
        return new SdpException(httpStatus, "line " + line.number() + " \"" + quoted + "\": " + problem);
    }

    /** @return 400, 413 or 422. */
    public int httpStatus() {
        return httpStatus;
    }
}
