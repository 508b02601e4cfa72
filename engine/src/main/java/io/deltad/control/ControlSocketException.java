package io.deltad.control;

/**
 * The control socket cannot be set up: another appliance answers on it, the path is taken by something that is
 * not a socket, or the directory cannot be created. The start stops; the message says what to do.
 */
public final class ControlSocketException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ControlSocketException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
