package io.deltad.control;

/**
 * A request the control socket refuses: malformed, unknown verb, bad argument or value. Its message goes back to
 * the client as {@code {"ok":false,"error":"..."}}; the connection and the appliance carry on.
 */
public final class ControlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ControlException(final String message) {
        super(message, null, false, false);
    }
}
