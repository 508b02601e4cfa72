package io.deltad.signaling;

import io.deltad.io.SessionSpec;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test seam until the WebRTC session layer lands: a {@link SessionBroker} that records every offer it is given and
 * admits it with fixed credentials, or refuses it with the status set in {@link #refuseWith}. It creates no
 * transport; the tests check what signaling hands over and how it answers.
 */
final class RecordingSessionBroker implements SessionBroker {
    static final String UFRAG = "srvU";
    static final String PWD = "serverpasswordserverpw";
    static final String FINGERPRINT = "3A:".repeat(31) + "3A";
    static final InetSocketAddress CANDIDATE = new InetSocketAddress("127.0.0.1", 40000);
    static final long MAX_MESSAGE_SIZE = 262144;

    /** What {@link #open} was called with. */
    record Opened(OfferParams offer, SessionSpec claims, InetSocketAddress remote, String sessionId) {
    }

    final List<Opened> opened = new CopyOnWriteArrayList<>();
    final Set<String> live = ConcurrentHashMap.newKeySet();
    private final SecureRandom random = new SecureRandom();
    volatile Admission.Refused refuseWith;

    @Override
    public Admission open(final OfferParams offer, final SessionSpec claims, final InetSocketAddress remote) {
        final Admission.Refused refusal = refuseWith;
        if (refusal != null) {
            opened.add(new Opened(offer, claims, remote, null));
            return refusal;
        }
        final byte[] id = new byte[16];
        random.nextBytes(id);
        final String sessionId = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        opened.add(new Opened(offer, claims, remote, sessionId));
        live.add(sessionId);
        return new Admission.Accepted(sessionId, UFRAG, PWD, FINGERPRINT, List.of(CANDIDATE), MAX_MESSAGE_SIZE);
    }

    @Override
    public boolean close(final String sessionId) {
        return live.remove(sessionId);
    }
}
