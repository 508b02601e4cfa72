import io.deltad.dtls.demux.PacketClass;
import io.deltad.dtls.dtls.DtlsCertificate;
import io.deltad.dtls.dtls.DtlsDrop;
import io.deltad.dtls.dtls.DtlsEndpoint;
import io.deltad.dtls.dtls.DtlsFailure;
import io.deltad.dtls.dtls.DtlsFingerprint;
import io.deltad.dtls.dtls.DtlsListener;
import io.deltad.dtls.dtls.DtlsRole;
import io.deltad.dtls.stun.IceCredentials;
import io.deltad.dtls.stun.StunAddress;
import io.deltad.dtls.stun.StunResponder;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Java half of the Chromium interop probe (run by probe.mjs, see README.md): an ICE-lite + DTLS server on
 * 127.0.0.1 with a SERVER DtlsEndpoint. Prints one JSON line with its port, ICE credentials and fingerprint, then logs
 * every DTLS datagram Chromium sends (records, handshake fragments, the ClientHello's offers) and exits 0 once the
 * first application-data record decrypts to an SCTP INIT from port 5000 to port 5000.
 *
 * <p>Arguments: remote ufrag, remote fingerprint ("sha-256 AB:..."), optional timeout in seconds, optional loss:
 * {@code none}, {@code random:<percent>:<seed>} (handshake datagrams both ways, until the INIT arrives) or
 * {@code final-flight} (our first two datagrams holding a ChangeCipherSpec, i.e. both copies of our final flight).
 * A probe, not product code: allocation and blocking are fine here.
 */
public final class ChromiumProbe {
    private static final String ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final SecureRandom RANDOM = new SecureRandom();

    private static DatagramChannel channel;
    private static SocketAddress peer;
    private static volatile int exitCode = -1;
    private static final long START_NS = System.nanoTime();
    private static String loss = "none";
    private static java.util.Random lossRandom;
    private static int lossPercent;
    private static int finalFlightsDropped;
    private static boolean initSeen;
    private static int droppedIn;
    private static int droppedOut;

    public static void main(final String[] args) throws Exception {
        final String remoteUfrag = args[0];
        final DtlsFingerprint remoteFingerprint = DtlsFingerprint.parse(args[1]);
        final long timeoutNs = TimeUnit.SECONDS.toNanos(args.length > 2 ? Long.parseLong(args[2]) : 20);
        if (args.length > 3) {
            loss = args[3];
            if (loss.startsWith("random:")) {
                final String[] parts = loss.split(":");
                lossPercent = Integer.parseInt(parts[1]);
                lossRandom = new java.util.Random(Long.parseLong(parts[2]));
            }
        }
        final String localUfrag = randomIceString(8);
        final String localPassword = randomIceString(24);
        final DtlsCertificate certificate = DtlsCertificate.generate();

        channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress("127.0.0.1", 0));
        channel.configureBlocking(false);
        final int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        System.out.printf("{\"port\":%d,\"ufrag\":\"%s\",\"pwd\":\"%s\",\"fingerprint\":\"%s\"}%n",
            port, localUfrag, localPassword, certificate.sdpFingerprint());
        System.out.flush();

        final IceCredentials credentials = new IceCredentials(localUfrag, localPassword, remoteUfrag, 1);
        final StunResponder responder = new StunResponder(
            (segment, offset, length) -> credentials, (session, source, useCandidate, nowNs) -> { }, 100, 50,
            System.nanoTime());
        final StunAddress source = new StunAddress();
        final MemorySegment stunOut = MemorySegment.ofArray(new byte[1500]);

        final DtlsEndpoint endpoint = new DtlsEndpoint(DtlsRole.SERVER, certificate, remoteFingerprint, new Listener());
        final ByteBuffer in = ByteBuffer.allocateDirect(65536);
        final long deadline = System.nanoTime() + timeoutNs;
        final ClientHelloLog helloLog = new ClientHelloLog();
        while (exitCode < 0 && System.nanoTime() < deadline) {
            in.clear();
            final SocketAddress from = channel.receive(in);
            final long nowNs = System.nanoTime();
            if (from == null) {
                endpoint.onTimer(nowNs);
                Thread.sleep(1);
                continue;
            }
            in.flip();
            final PacketClass packetClass = PacketClass.classify(in.get(0));
            if (packetClass == PacketClass.STUN) {
                source.set((InetSocketAddress) from);
                final int length = responder.onDatagram(MemorySegment.ofBuffer(in), 0, in.remaining(), source,
                    true, nowNs, stunOut, 0, (int) stunOut.byteSize());
                if (length > 0) {
                    channel.send(stunOut.asSlice(0, length).asByteBuffer(), from);
                }
                if (peer == null) {
                    System.out.println("STUN binding request from " + from + " answered=" + (length > 0));
                }
                peer = from;
            } else if (packetClass == PacketClass.DTLS) {
                peer = from;
                if (lose(in, true)) {
                    System.out.println("<-  LOST " + describeRecords(in));
                    continue;
                }
                helloLog.log(in);
                endpoint.start(nowNs);
                endpoint.onDatagram(in, nowNs);
            } else {
                System.out.println("other datagram " + packetClass + " " + in.remaining() + " B");
            }
        }
        System.out.println("endpoint state=" + endpoint.state() + " failure=" + endpoint.failure() + " detail="
            + endpoint.failureDetail() + " suite=" + endpoint.cipherSuite() + " retransmittedFlights="
            + endpoint.retransmittedFlights() + " finalFlightReplays=" + endpoint.finalFlightReplays()
            + " lost in/out=" + droppedIn + "/" + droppedOut);
        for (final DtlsDrop drop : DtlsDrop.values()) {
            if (endpoint.dropCount(drop) > 0) {
                System.out.println("drop " + drop + " = " + endpoint.dropCount(drop));
            }
        }
        System.out.println(exitCode == 0 ? "RESULT OK" : "RESULT FAIL");
        System.exit(exitCode == 0 ? 0 : 1);
    }

    /** The loss the arguments asked for; handshake records only, never after the SCTP INIT arrived. */
    private static boolean lose(final ByteBuffer datagram, final boolean inbound) {
        final int type = datagram.get(datagram.position()) & 0xFF;
        final boolean handshake = type == 22 || type == 20;
        boolean lose = false;
        if (loss.equals("final-flight") && !inbound && containsChangeCipherSpec(datagram) && finalFlightsDropped < 2) {
            finalFlightsDropped++;
            lose = true;
        } else if (lossRandom != null && handshake && !initSeen) {
            lose = lossRandom.nextInt(100) < lossPercent;
        }
        if (lose && inbound) {
            droppedIn++;
        } else if (lose) {
            droppedOut++;
        }
        return lose;
    }

    private static boolean containsChangeCipherSpec(final ByteBuffer datagram) {
        for (int at = datagram.position(); datagram.limit() - at >= 13;
            at += 13 + (((datagram.get(at + 11) & 0xFF) << 8) | (datagram.get(at + 12) & 0xFF))) {
            if ((datagram.get(at) & 0xFF) == 20) {
                return true;
            }
        }
        return false;
    }

    private static String randomIceString(final int length) {
        final StringBuilder builder = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            builder.append(ICE_CHARS.charAt(RANDOM.nextInt(ICE_CHARS.length())));
        }
        return builder.toString();
    }

    private static final class Listener implements DtlsListener {
        @Override
        public void onDatagram(final ByteBuffer datagram) {
            if (lose(datagram, false)) {
                System.out.println("  -> LOST " + describeRecords(datagram));
                return;
            }
            System.out.println("  -> " + describeRecords(datagram));
            try {
                channel.send(datagram, peer);
            } catch (final java.io.IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        }

        @Override
        public void onApplicationData(final ByteBuffer data) {
            final int srcPort = ((data.get(0) & 0xFF) << 8) | (data.get(1) & 0xFF);
            final int dstPort = ((data.get(2) & 0xFF) << 8) | (data.get(3) & 0xFF);
            final int chunkType = data.remaining() > 12 ? data.get(12) & 0xFF : -1;
            System.out.printf("APPDATA %d B: SCTP src=%d dst=%d first chunk type=%d%n", data.remaining(), srcPort,
                dstPort, chunkType);
            if (srcPort == 5000 && dstPort == 5000 && chunkType == 1) {
                initSeen = true;
                System.out.println("SCTP INIT decrypted");
                exitCode = 0;
            }
        }

        @Override
        public void onConnected() {
            System.out.println("CONNECTED: Chromium's certificate matches its a=fingerprint");
        }

        @Override
        public void onClosed(final DtlsFailure reason) {
            System.out.println("CLOSED " + reason);
            exitCode = 1;
        }
    }

    static String describeRecords(final ByteBuffer datagram) {
        final StringBuilder out = new StringBuilder()
            .append(String.format("%6d ms ", (System.nanoTime() - START_NS) / 1_000_000))
            .append(datagram.remaining()).append(" B:");
        int at = datagram.position();
        while (datagram.limit() - at >= 13) {
            final int type = datagram.get(at) & 0xFF;
            final int version = ((datagram.get(at + 1) & 0xFF) << 8) | (datagram.get(at + 2) & 0xFF);
            final int epoch = ((datagram.get(at + 3) & 0xFF) << 8) | (datagram.get(at + 4) & 0xFF);
            long seq = 0;
            for (int i = 0; i < 6; i++) {
                seq = (seq << 8) | (datagram.get(at + 5 + i) & 0xFF);
            }
            final int length = ((datagram.get(at + 11) & 0xFF) << 8) | (datagram.get(at + 12) & 0xFF);
            out.append(String.format(" [type=%d v=%04X epoch=%d seq=%d len=%d", type, version, epoch, seq, length));
            if (type == 22 && epoch == 0) {
                int f = at + 13;
                while (f + 12 <= at + 13 + length && f + 12 <= datagram.limit()) {
                    final int msgType = datagram.get(f) & 0xFF;
                    final int msgLength = u24(datagram, f + 1);
                    final int msgSeq = ((datagram.get(f + 4) & 0xFF) << 8) | (datagram.get(f + 5) & 0xFF);
                    final int fragOffset = u24(datagram, f + 6);
                    final int fragLength = u24(datagram, f + 9);
                    out.append(String.format(" hs(type=%d len=%d seq=%d off=%d flen=%d)", msgType, msgLength, msgSeq,
                        fragOffset, fragLength));
                    f += 12 + fragLength;
                }
            }
            out.append(']');
            at += 13 + length;
        }
        return out.toString();
    }

    static int u24(final ByteBuffer b, final int i) {
        return ((b.get(i) & 0xFF) << 16) | ((b.get(i + 1) & 0xFF) << 8) | (b.get(i + 2) & 0xFF);
    }

    /** Reassembles ClientHellos (epoch 0, msg_type 1) and prints what they offer. */
    static final class ClientHelloLog {
        private byte[] message;
        private int messageSeq = -1;
        private int received;

        void log(final ByteBuffer datagram) {
            System.out.println("<-  " + describeRecords(datagram));
            int at = datagram.position();
            while (datagram.limit() - at >= 13) {
                final int type = datagram.get(at) & 0xFF;
                final int epoch = ((datagram.get(at + 3) & 0xFF) << 8) | (datagram.get(at + 4) & 0xFF);
                final int length = ((datagram.get(at + 11) & 0xFF) << 8) | (datagram.get(at + 12) & 0xFF);
                if (type == 22 && epoch == 0) {
                    int f = at + 13;
                    while (f + 12 <= at + 13 + length) {
                        final int msgType = datagram.get(f) & 0xFF;
                        final int msgLength = u24(datagram, f + 1);
                        final int msgSeq = ((datagram.get(f + 4) & 0xFF) << 8) | (datagram.get(f + 5) & 0xFF);
                        final int fragOffset = u24(datagram, f + 6);
                        final int fragLength = u24(datagram, f + 9);
                        if (msgType == 1) {
                            if (msgSeq != messageSeq) {
                                message = new byte[msgLength];
                                messageSeq = msgSeq;
                                received = 0;
                            }
                            datagram.get(f + 12, message, fragOffset, fragLength);
                            received += fragLength;
                            if (received == msgLength) {
                                describeClientHello(message, msgSeq);
                            }
                        }
                        f += 12 + fragLength;
                    }
                }
                at += 13 + length;
            }
        }

        private static void describeClientHello(final byte[] m, final int msgSeq) {
            int at = 0;
            final StringBuilder out = new StringBuilder("ClientHello message_seq=" + msgSeq + " length=" + m.length);
            out.append(String.format(" client_version=%02X%02X", m[0], m[1]));
            at += 2 + 32;
            final int sessionIdLength = m[at] & 0xFF;
            at += 1 + sessionIdLength;
            final int cookieLength = m[at] & 0xFF;
            out.append(" session_id=").append(sessionIdLength).append("B cookie=").append(cookieLength).append('B');
            at += 1 + cookieLength;
            final int suitesLength = ((m[at] & 0xFF) << 8) | (m[at + 1] & 0xFF);
            at += 2;
            final List<String> suites = new ArrayList<>();
            for (int i = 0; i < suitesLength; i += 2) {
                suites.add(String.format("%02X%02X", m[at + i], m[at + i + 1]));
            }
            out.append("\n  cipher_suites=").append(suites);
            at += suitesLength;
            at += 1 + (m[at] & 0xFF);
            if (at + 2 <= m.length) {
                final int extensionsEnd = at + 2 + (((m[at] & 0xFF) << 8) | (m[at + 1] & 0xFF));
                at += 2;
                while (at + 4 <= extensionsEnd) {
                    final int type = ((m[at] & 0xFF) << 8) | (m[at + 1] & 0xFF);
                    final int length = ((m[at + 2] & 0xFF) << 8) | (m[at + 3] & 0xFF);
                    final byte[] body = java.util.Arrays.copyOfRange(m, at + 4, at + 4 + length);
                    out.append("\n  extension ").append(type).append(" (").append(extensionName(type)).append(") ")
                        .append(length).append("B");
                    if (length <= 64) {
                        out.append(' ').append(HexFormat.of().formatHex(body));
                    }
                    at += 4 + length;
                }
            }
            System.out.println(out);
        }

        private static String extensionName(final int type) {
            return switch (type) {
                case 0 -> "server_name";
                case 10 -> "supported_groups";
                case 11 -> "ec_point_formats";
                case 13 -> "signature_algorithms";
                case 14 -> "use_srtp";
                case 16 -> "alpn";
                case 23 -> "extended_master_secret";
                case 35 -> "session_ticket";
                case 43 -> "supported_versions";
                case 45 -> "psk_key_exchange_modes";
                case 51 -> "key_share";
                case 65281 -> "renegotiation_info";
                default -> "?";
            };
        }
    }
}
