package io.deltad.dtls.dcep;

import io.deltad.dtls.sctp.SctpAssociationConfig;

/** Per-session DataChannel limits. Fluent setters, then {@link #conclude()}. */
public final class DataChannelsConfig {
    public static final int MAX_CHANNELS_DEFAULT = 64;

    private int maxChannels = MAX_CHANNELS_DEFAULT;
    private int maxMessageBytes = SctpAssociationConfig.MAX_MESSAGE_BYTES_DEFAULT;
    private int streams = io.deltad.dtls.sctp.SctpTuning.STREAMS_DEFAULT;

    /** Channels open at once (either side opened them); an OPEN over it is refused. */
    public DataChannelsConfig maxChannels(final int value) {
        maxChannels = value;
        return this;
    }

    /** Incoming messages longer than this are dropped; set it to our {@code a=max-message-size}. */
    public DataChannelsConfig maxMessageBytes(final int value) {
        maxMessageBytes = value;
        return this;
    }

    /** Size of the per-stream table: the association's stream count. */
    public DataChannelsConfig streams(final int value) {
        streams = value;
        return this;
    }

    public int maxChannels() {
        return maxChannels;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    public int streams() {
        return streams;
    }

    /**
     * @throws IllegalArgumentException naming the first value out of range
     */
    public DataChannelsConfig conclude() {
        if (maxChannels < 1 || maxChannels > 65_535) {
            throw new IllegalArgumentException("DataChannels maxChannels = " + maxChannels + " is outside [1, 65535]");
        }
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("DataChannels maxMessageBytes = " + maxMessageBytes + " must be positive");
        }
        if (streams < 1 || streams > 65_535) {
            throw new IllegalArgumentException("DataChannels streams = " + streams + " is outside [1, 65535]");
        }
        return this;
    }
}
