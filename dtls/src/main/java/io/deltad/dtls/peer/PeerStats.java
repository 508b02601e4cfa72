package io.deltad.dtls.peer;

import io.deltad.dtls.dcep.DataChannelDrop;
import io.deltad.dtls.dtls.DtlsDrop;
import io.deltad.dtls.sctp.SctpDrop;

/**
 * Drops counted by the DTLS, SCTP and DCEP layers, summed over many connections: each {@link PeerConnection} adds
 * its counts when it closes ({@link PeerConnection#addDropsTo}), and a reader adds the live ones on top. Owned by one
 * thread.
 */
public final class PeerStats {
    public static final DtlsDrop[] DTLS = DtlsDrop.values();
    public static final SctpDrop[] SCTP = SctpDrop.values();
    public static final DataChannelDrop[] DCEP = DataChannelDrop.values();

    final long[] dtls = new long[DTLS.length];
    final long[] sctp = new long[SCTP.length];
    final long[] dcep = new long[DCEP.length];

    public long dtls(final DtlsDrop reason) { return dtls[reason.ordinal()]; }
    public long sctp(final SctpDrop reason) { return sctp[reason.ordinal()]; }
    public long dcep(final DataChannelDrop reason) { return dcep[reason.ordinal()]; }

    /** Sets this to {@code base}'s counts (then add the live connections' with {@link PeerConnection#addDropsTo}). */
    public void copyFrom(final PeerStats base) {
        System.arraycopy(base.dtls, 0, dtls, 0, dtls.length);
        System.arraycopy(base.sctp, 0, sctp, 0, sctp.length);
        System.arraycopy(base.dcep, 0, dcep, 0, dcep.length);
    }
}
