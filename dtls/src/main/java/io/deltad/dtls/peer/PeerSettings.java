package io.deltad.dtls.peer;

import io.deltad.dtls.dtls.DtlsCertificate;
import io.deltad.dtls.dtls.DtlsFingerprint;
import io.deltad.dtls.dtls.DtlsRole;

/**
 * How one {@link PeerConnection} is set up, from the SDP exchange and the appliance's limits.
 *
 * @param role                 DTLS role: {@link DtlsRole#SERVER} for the appliance ({@code a=setup:passive}), CLIENT for
 *                             deltad's own client role
 * @param certificate          ours
 * @param remoteFingerprint    the peer's {@code a=fingerprint}: the only certificate accepted
 * @param handshakeTimeoutNs   DTLS start to connected, else the connection closes
 * @param mtuBytes             largest UDP payload we send (DTLS records; SCTP packets are sized to fit)
 * @param localSctpPort        our {@code a=sctp-port}
 * @param remoteSctpPort       theirs
 * @param maxMessageBytes      what we accept in one message (our {@code a=max-message-size})
 * @param remoteMaxMessageSize what the peer accepts (its {@code a=max-message-size}; 0 = no limit stated)
 * @param maxChannels          DataChannels open at once on the session
 */
public record PeerSettings(DtlsRole role, DtlsCertificate certificate, DtlsFingerprint remoteFingerprint,
    long handshakeTimeoutNs, int mtuBytes, int localSctpPort, int remoteSctpPort, int maxMessageBytes,
    long remoteMaxMessageSize, int maxChannels) {
}
