package io.deltad.control;

/**
 * One response line, and what to do once it has been written to the client. {@code shutdown} needs the latter:
 * the operator must see the reply before the appliance goes away.
 *
 * @param line      the JSON response, without the newline.
 * @param afterSent run on the control thread once the whole line is written (or the client is gone); may be null.
 */
public record ControlReply(String line, Runnable afterSent) {
    public static ControlReply of(final String line) {
        return new ControlReply(line, null);
    }
}
