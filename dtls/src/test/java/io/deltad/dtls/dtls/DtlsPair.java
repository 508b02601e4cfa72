package io.deltad.dtls.dtls;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A client and a server endpoint joined by memory: datagrams move only when the test calls {@link #flush()}, time
 * moves only when it calls {@link #advanceToNextDeadline()}. Real JDK DTLS on both sides.
 */
final class DtlsPair {
    static final DtlsCertificate SERVER_CERTIFICATE = DtlsCertificate.generate();
    static final DtlsCertificate CLIENT_CERTIFICATE = DtlsCertificate.generate();
    static final long START_NS = TimeUnit.SECONDS.toNanos(1_000);

    final RecordingListener serverListener = new RecordingListener();
    final RecordingListener clientListener = new RecordingListener();
    final DtlsEndpoint server;
    final DtlsEndpoint client;
    final int serverMtuBytes;
    final int clientMtuBytes;
    long nowNs = START_NS;
    /** Returns true for a datagram that must be lost; sees the bytes before they are delivered. */
    Predicate<byte[]> lossToServer = datagram -> false;
    Predicate<byte[]> lossToClient = datagram -> false;
    long lost;

    DtlsPair() {
        this(DtlsEndpoint.DEFAULT_MTU_BYTES, DtlsEndpoint.DEFAULT_HANDSHAKE_TIMEOUT_NS,
            CLIENT_CERTIFICATE.fingerprint(), SERVER_CERTIFICATE.fingerprint());
    }

    DtlsPair(final int mtuBytes) {
        this(mtuBytes, DtlsEndpoint.DEFAULT_HANDSHAKE_TIMEOUT_NS,
            CLIENT_CERTIFICATE.fingerprint(), SERVER_CERTIFICATE.fingerprint());
    }

    /**
     * @param serverExpects the fingerprint the server was told the client has
     * @param clientExpects the fingerprint the client was told the server has
     */
    DtlsPair(final int mtuBytes, final long handshakeTimeoutNs, final DtlsFingerprint serverExpects,
        final DtlsFingerprint clientExpects) {
        this(mtuBytes, mtuBytes, handshakeTimeoutNs, serverExpects, clientExpects);
    }

    /** Each side with its own MTU, as two real stacks have (Chromium's records are up to 1228 bytes, ours 1200). */
    DtlsPair(final int serverMtuBytes, final int clientMtuBytes) {
        this(serverMtuBytes, clientMtuBytes, DtlsEndpoint.DEFAULT_HANDSHAKE_TIMEOUT_NS,
            CLIENT_CERTIFICATE.fingerprint(), SERVER_CERTIFICATE.fingerprint());
    }

    private DtlsPair(final int serverMtuBytes, final int clientMtuBytes, final long handshakeTimeoutNs,
        final DtlsFingerprint serverExpects, final DtlsFingerprint clientExpects) {
        this.serverMtuBytes = serverMtuBytes;
        this.clientMtuBytes = clientMtuBytes;
        server = new DtlsEndpoint(DtlsRole.SERVER, SERVER_CERTIFICATE, serverExpects, serverListener, serverMtuBytes,
            handshakeTimeoutNs);
        client = new DtlsEndpoint(DtlsRole.CLIENT, CLIENT_CERTIFICATE, clientExpects, clientListener, clientMtuBytes,
            handshakeTimeoutNs);
    }

    void start() {
        server.start(nowNs);
        client.start(nowNs);
    }

    /** Moves datagrams both ways, applying the loss predicates, until neither side has anything left to say. */
    int flush() {
        int moved = 0;
        for (int round = 0; round < 1_000; round++) {
            final List<byte[]> toServer = clientListener.takeDatagrams();
            final List<byte[]> toClient = serverListener.takeDatagrams();
            if (toServer.isEmpty() && toClient.isEmpty()) {
                return moved;
            }
            for (final byte[] datagram : toServer) {
                moved += deliver(server, datagram, clientMtuBytes, lossToServer);
            }
            for (final byte[] datagram : toClient) {
                moved += deliver(client, datagram, serverMtuBytes, lossToClient);
            }
        }
        throw new AssertionError("endpoints never stopped talking");
    }

    private int deliver(final DtlsEndpoint to, final byte[] datagram, final int senderMtuBytes,
        final Predicate<byte[]> loss) {
        if (datagram.length > senderMtuBytes) {
            throw new AssertionError("datagram of " + datagram.length + " B exceeds the sender's MTU of " + senderMtuBytes);
        }
        if (loss.test(datagram)) {
            lost++;
            return 0;
        }
        to.onDatagram(ByteBuffer.wrap(datagram), nowNs);
        return 1;
    }

    /** Moves the clock to the earlier of the two endpoints' deadlines and lets both act on it. */
    void advanceToNextDeadline() {
        final long deadline = Math.min(server.nextDeadlineNs(), client.nextDeadlineNs());
        if (deadline == DtlsEndpoint.NO_DEADLINE) {
            throw new AssertionError("nothing is timed: server " + server.state() + ", client " + client.state());
        }
        nowNs = Math.max(nowNs, deadline);
        server.onTimer(nowNs);
        client.onTimer(nowNs);
    }

    /** Starts both and runs flushes and timers until both are connected (or either closes). */
    boolean handshake() {
        start();
        for (int step = 0; step < 200; step++) {
            flush();
            if (bothConnected()) {
                return true;
            }
            if (server.state() == DtlsState.CLOSED || client.state() == DtlsState.CLOSED) {
                return false;
            }
            advanceToNextDeadline();
        }
        return bothConnected();
    }

    boolean bothConnected() {
        return server.state() == DtlsState.CONNECTED && client.state() == DtlsState.CONNECTED;
    }

    static ByteBuffer payload(final int length, final int seed) {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (seed + i * 31);
        }
        return ByteBuffer.wrap(bytes);
    }
}
