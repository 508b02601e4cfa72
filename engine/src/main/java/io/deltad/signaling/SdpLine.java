package io.deltad.signaling;

/**
 * One {@code <type>=<value>} line of a session description.
 *
 * @param number 1-based line number in the body, for error messages.
 * @param type   the type letter ({@code v}, {@code o}, {@code m}, {@code a}, ...).
 * @param value  everything after the {@code =}.
 */
record SdpLine(int number, char type, String value) {
    /** @return the line as it was written, without its line ending. */
    String text() {
        return type + "=" + value;
    }
}
