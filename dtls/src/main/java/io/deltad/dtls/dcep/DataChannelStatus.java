package io.deltad.dtls.dcep;

import io.deltad.dtls.sctp.SctpSendStatus;

/**
 * Results of {@link DataChannels} operations beyond {@link SctpSendStatus}'s (which they also return): negative codes
 * from -20 down, so the two ranges never overlap.
 */
public final class DataChannelStatus {
    /** No open channel on that stream. */
    public static final int NO_CHANNEL = -20;
    /** The per-session channel cap is reached. */
    public static final int OVER_CHANNEL_CAP = -21;
    /** No stream id of our parity is free. */
    public static final int NO_FREE_STREAM = -22;

    private DataChannelStatus() {
    }

    public static String describe(final int status) {
        return switch (status) {
            case NO_CHANNEL -> "NO_CHANNEL";
            case OVER_CHANNEL_CAP -> "OVER_CHANNEL_CAP";
            case NO_FREE_STREAM -> "NO_FREE_STREAM";
            default -> status >= 0 ? "stream " + status : SctpSendStatus.describe(status);
        };
    }
}
