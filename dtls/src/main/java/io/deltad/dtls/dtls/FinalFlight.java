package io.deltad.dtls.dtls;

import java.nio.ByteBuffer;

/**
 * A copy of the datagrams of the flight that completed our handshake, kept so it can be sent again.
 *
 * <p>Why: in a full DTLS 1.2 handshake the server speaks last (ChangeCipherSpec, Finished). If that flight is lost
 * the client retransmits its own last flight, and RFC 6347 §4.2.4 requires the server to answer with its last flight
 * again. The JDK engine considers itself done once it has sent that flight (twice, to make loss less likely) and
 * ignores the client's retransmission, so the browser would time out while we think we are connected. The endpoint
 * replays these bytes instead: they are the same records with the same sequence numbers, which the peer has not seen
 * (it would not retransmit otherwise). Bounded: a final flight is ChangeCipherSpec + Finished, under 100 bytes.
 *
 * <p>Owner thread only.
 */
final class FinalFlight {
    static final int CAPACITY_BYTES = 2048;
    static final int MAX_DATAGRAMS = 8;

    private final ByteBuffer bytes = ByteBuffer.allocateDirect(CAPACITY_BYTES);
    private final ByteBuffer view = bytes.duplicate();
    private final int[] lengths = new int[MAX_DATAGRAMS];
    private int count;
    private boolean overflowed;
    private boolean sealed;

    /** Forgets the previous flight: a new one starts. Ignored once sealed. */
    void reset() {
        if (!sealed) {
            bytes.clear();
            count = 0;
            overflowed = false;
        }
    }

    /** Copies one datagram of the current flight (position to limit, untouched). Ignored once sealed. */
    void append(final ByteBuffer datagram) {
        if (sealed || overflowed) {
            return;
        }
        final int length = datagram.remaining();
        if (count == MAX_DATAGRAMS || length > bytes.remaining()) {
            overflowed = true;
            return;
        }
        bytes.put(bytes.position(), datagram, datagram.position(), length);
        bytes.position(bytes.position() + length);
        lengths[count++] = length;
    }

    /** The current flight is the one that completed the handshake. */
    void seal() {
        sealed = true;
    }

    boolean isReplayable() {
        return sealed && !overflowed && count > 0;
    }

    /** Sends every stored datagram again, in order; returns how many. */
    int replay(final DtlsListener listener) {
        if (!isReplayable()) {
            return 0;
        }
        int offset = 0;
        for (int i = 0; i < count; i++) {
            view.limit(offset + lengths[i]).position(offset);
            listener.onDatagram(view);
            offset += lengths[i];
        }
        return count;
    }
}
