package io.deltad.dtls.dtls;

import static io.deltad.dtls.dtls.CraftedRecords.DTLS_1_0;
import static io.deltad.dtls.dtls.CraftedRecords.DTLS_1_2;
import static io.deltad.dtls.dtls.CraftedRecords.clientHelloBody;
import static io.deltad.dtls.dtls.CraftedRecords.concat;
import static io.deltad.dtls.dtls.CraftedRecords.handshake;
import static io.deltad.dtls.dtls.CraftedRecords.record;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * BAD_INPUTS 8-13 against real JDK endpoints: every record here is written by hand, header field by header field.
 * Each test ends by showing that the real handshake, or the real data, still goes through.
 */
class DtlsBadInputTest {
    private static final byte[] NO_COOKIE = new byte[0];
    private static final int AES_128_GCM = 0xC02B;
    private static final int HANDSHAKE = DtlsRecord.HANDSHAKE;

    private static void inject(final DtlsPair pair, final DtlsEndpoint to, final byte[]... records) {
        to.onDatagram(ByteBuffer.wrap(concat(records)), pair.nowNs);
    }

    private static void assertHandshakeAndDataStillWork(final DtlsPair pair) {
        assertTrue(pair.handshake(), () -> "server " + pair.server.failure() + " " + pair.server.failureDetail()
            + ", client " + pair.client.failure() + " " + pair.client.failureDetail());
        assertDataStillFlows(pair, 64);
    }

    private static void assertDataStillFlows(final DtlsPair pair, final int seed) {
        final int serverHad = pair.serverListener.data.size();
        final int clientHad = pair.clientListener.data.size();
        assertTrue(pair.client.send(DtlsPair.payload(64, seed)));
        assertTrue(pair.server.send(DtlsPair.payload(1100, seed)));
        pair.flush();
        assertEquals(serverHad + 1, pair.serverListener.data.size());
        assertArrayEquals(DtlsPair.payload(64, seed).array(), pair.serverListener.data.getLast());
        assertEquals(clientHad + 1, pair.clientListener.data.size());
        assertArrayEquals(DtlsPair.payload(1100, seed).array(), pair.clientListener.data.getLast());
    }

    /** BAD_INPUTS 8 (endpoint part): nothing in common means no answer at all, and the real hello still works. */
    @Test
    void shouldDropClientHelloOfferingOnlyNullOrAnonymousCiphers() {
        final DtlsPair pair = new DtlsPair();
        pair.server.start(pair.nowNs);
        // TLS_NULL_WITH_NULL_NULL, RSA_WITH_NULL_MD5, RSA_WITH_NULL_SHA, RSA_WITH_NULL_SHA256, ECDHE_ECDSA_WITH_NULL_SHA
        inject(pair, pair.server, record(HANDSHAKE, DTLS_1_0, 0, 0,
            handshake(DtlsRecord.CLIENT_HELLO, 0, clientHelloBody(NO_COOKIE, 0x0000, 0x0001, 0x0002, 0x003B, 0xC006))));
        // DH_anon_WITH_AES_128_GCM_SHA256, ECDH_anon_WITH_AES_128_CBC_SHA
        inject(pair, pair.server, record(HANDSHAKE, DTLS_1_2, 0, 1,
            handshake(DtlsRecord.CLIENT_HELLO, 0, clientHelloBody(NO_COOKIE, 0x00A6, 0xC018))));

        assertEquals(2, pair.server.dropCount(DtlsDrop.NO_COMMON_CIPHER));
        assertTrue(pair.serverListener.datagrams.isEmpty(), "not even a HelloVerifyRequest");
        assertEquals(DtlsState.HANDSHAKING, pair.server.state());
        assertHandshakeAndDataStillWork(pair);
    }

    /** BAD_INPUTS 9, before the real ClientHello: each inconsistency the bare engine would accept or die on. */
    @Test
    void shouldDiscardInconsistentClientHelloFragments() {
        final DtlsPair pair = new DtlsPair();
        pair.server.start(pair.nowNs);
        final byte[] body = clientHelloBody(NO_COOKIE, AES_128_GCM);
        final byte[][] bad = {
            handshake(DtlsRecord.CLIENT_HELLO, 10, 0, 0, body.length, body),              // offset + length > length
            handshake(DtlsRecord.CLIENT_HELLO, 200, 0, 150, 100, new byte[100]),           // ... at a later offset
            handshake(DtlsRecord.CLIENT_HELLO, 0, 0, 0, 0, new byte[0]),                    // message length 0
            handshake(DtlsRecord.CLIENT_HELLO, 100, 0, 0, 0, new byte[0]),                  // empty fragment
            handshake(DtlsRecord.CLIENT_HELLO, 100_000, 0, 0, 10, new byte[10]),            // over the size cap
            handshake(DtlsRecord.CLIENT_HELLO, 50, 0, 0, 50, new byte[10]),                 // fragment past the record
            new byte[] {DtlsRecord.CLIENT_HELLO, 0, 0, 5, 0},                                // header cut short
            handshake(DtlsRecord.CLIENT_HELLO, 0, zeroVersion(body)),                       // client_version 0x0000
        };
        long sequence = 0;
        for (final byte[] fragment : bad) {
            inject(pair, pair.server, record(HANDSHAKE, DTLS_1_2, 0, sequence++, fragment));
        }
        // A good fragment in the same record does not save a bad one: the whole record goes.
        inject(pair, pair.server, record(HANDSHAKE, DTLS_1_2, 0, sequence,
            concat(handshake(DtlsRecord.CLIENT_HELLO, 0, body), bad[0])));

        assertEquals(bad.length + 1, pair.server.dropCount(DtlsDrop.BAD_HANDSHAKE_FRAGMENT));
        assertTrue(pair.serverListener.datagrams.isEmpty());
        assertHandshakeAndDataStillWork(pair);
    }

    private static byte[] zeroVersion(final byte[] clientHelloBody) {
        final byte[] copy = clientHelloBody.clone();
        copy[0] = 0;
        copy[1] = 0;
        return copy;
    }

    /**
     * BAD_INPUTS 9, in the middle of the handshake: forged fragments of the client's Certificate and
     * ClientKeyExchange arrive at the server just before the real flight. The bare engine would abort on the wrong
     * message_seq ("Unexpected handshake message"); here they are dropped and the real flight completes.
     */
    @Test
    void shouldDiscardForgedFragmentsArrivingJustBeforeTheRealFlight() {
        final DtlsPair pair = new DtlsPair();
        final boolean[] injected = {false};
        pair.lossToServer = datagram -> {
            if (!injected[0] && CraftedRecords.containsType(datagram, DtlsRecord.CHANGE_CIPHER_SPEC)) {
                injected[0] = true;
                // The client's hello with the cookie was message_seq 1: Certificate must be 2, ClientKeyExchange 3.
                inject(pair, pair.server,
                    record(HANDSHAKE, DTLS_1_2, 0, 100, handshake(DtlsRecord.CERTIFICATE, 7, new byte[40])),
                    record(HANDSHAKE, DTLS_1_2, 0, 101, handshake(DtlsRecord.CERTIFICATE, 30, 2, 20, 20, new byte[20])),
                    record(HANDSHAKE, DTLS_1_2, 0, 102, handshake(DtlsRecord.CLIENT_KEY_EXCHANGE, 0, 3, 0, 0, new byte[0])),
                    record(HANDSHAKE, DTLS_1_2, 0, 103, handshake(DtlsRecord.SERVER_HELLO, 1, new byte[38])));
            }
            return false;
        };
        assertHandshakeAndDataStillWork(pair);
        assertTrue(injected[0]);
        assertEquals(1, pair.server.dropCount(DtlsDrop.INCONSISTENT_HANDSHAKE_FRAGMENT));
        assertEquals(2, pair.server.dropCount(DtlsDrop.BAD_HANDSHAKE_FRAGMENT));
        assertEquals(1, pair.server.dropCount(DtlsDrop.UNEXPECTED_HANDSHAKE_TYPE));
    }

    /**
     * BAD_INPUTS 10: thousands of fragments of a Certificate that never completes (the real client flight is lost
     * every time). The bare engine keeps every fragment (~200 B of heap each, without bound); the endpoint gives it
     * at most the handshake budget, and the session ends at the handshake timeout.
     */
    @Test
    void shouldBoundMemoryForNeverCompletingFragmentsAndCloseAtTheHandshakeTimeout() {
        final DtlsPair pair = new DtlsPair();
        pair.lossToServer = datagram -> CraftedRecords.containsType(datagram, DtlsRecord.CHANGE_CIPHER_SPEC);
        pair.start();
        pair.flush();
        assertEquals(DtlsState.HANDSHAKING, pair.server.state());

        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        final long heapBefore = usedHeapAfterGc(memory);
        final int fragments = 50_000;
        for (int i = 0; i < fragments; i++) {
            // One byte each, never overlapping, of a 16,000-byte Certificate with the right message_seq (2).
            inject(pair, pair.server, record(HANDSHAKE, DTLS_1_2, 0, 10 + i,
                handshake(DtlsRecord.CERTIFICATE, 16_000, 2, (i * 2) % 16_000, 1, new byte[] {(byte) i})));
        }
        final long retainedBytes = usedHeapAfterGc(memory) - heapBefore;

        final long exhausted = pair.server.dropCount(DtlsDrop.HANDSHAKE_BUDGET_EXHAUSTED);
        assertTrue(exhausted >= fragments - InboundFilter.HANDSHAKE_BUDGET_FRAGMENTS, "dropped " + exhausted);
        assertTrue(retainedBytes < 4L << 20, "retained " + retainedBytes + " B for " + fragments + " fragments");
        assertEquals(DtlsState.HANDSHAKING, pair.server.state());

        // Time passes; the server keeps retransmitting its flight, the client its own (lost), then both give up.
        final long deadline = DtlsPair.START_NS + DtlsEndpoint.DEFAULT_HANDSHAKE_TIMEOUT_NS;
        while (pair.server.state() == DtlsState.HANDSHAKING) {
            pair.advanceToNextDeadline();
            pair.flush();
        }
        assertEquals(deadline, pair.nowNs);
        assertEquals(DtlsFailure.HANDSHAKE_TIMEOUT, pair.server.failure());
        assertEquals(List.of(DtlsFailure.HANDSHAKE_TIMEOUT), pair.serverListener.closed);
    }

    private static long usedHeapAfterGc(final MemoryMXBean memory) {
        System.gc();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** BAD_INPUTS 11, during the handshake. */
    @Test
    void shouldIgnoreFutureEpochsHugeSequenceNumbersAndEarlyChangeCipherSpec() {
        final DtlsPair pair = new DtlsPair();
        pair.server.start(pair.nowNs);
        final byte[] hello = handshake(DtlsRecord.CLIENT_HELLO, 0, clientHelloBody(NO_COOKIE, AES_128_GCM));
        inject(pair, pair.server, record(DtlsRecord.CHANGE_CIPHER_SPEC, DTLS_1_2, 0, 0, new byte[] {1}));
        inject(pair, pair.server, record(HANDSHAKE, DTLS_1_2, 5, 0, new byte[48]));
        inject(pair, pair.server, record(HANDSHAKE, DTLS_1_2, 1, 0, new byte[48]));
        inject(pair, pair.server, record(DtlsRecord.APPLICATION_DATA, DTLS_1_2, 1, 3, new byte[40]));
        inject(pair, pair.server, record(DtlsRecord.APPLICATION_DATA, DTLS_1_2, 0, 3, new byte[40]));
        inject(pair, pair.server, record(HANDSHAKE, DTLS_1_2, 0, (1L << 48) - 1, hello));

        assertEquals(1, pair.server.dropCount(DtlsDrop.PREMATURE_CHANGE_CIPHER_SPEC));
        assertEquals(3, pair.server.dropCount(DtlsDrop.FUTURE_EPOCH));
        assertEquals(1, pair.server.dropCount(DtlsDrop.UNEXPECTED_CONTENT));
        assertEquals(1, pair.server.dropCount(DtlsDrop.HUGE_SEQUENCE));
        assertTrue(pair.serverListener.datagrams.isEmpty());
        assertHandshakeAndDataStillWork(pair);
    }

    /** BAD_INPUTS 11 and 13, once connected: replays, forged huge sequence numbers, stale and future epochs. */
    @Test
    void shouldKeepTheReplayWindowUnpoisonedAndDropReplays() {
        final DtlsPair pair = new DtlsPair();
        assertHandshakeAndDataStillWork(pair);

        assertTrue(pair.client.send(DtlsPair.payload(64, 7)));
        final byte[] captured = pair.clientListener.takeDatagrams().getFirst();
        inject(pair, pair.server, captured);
        inject(pair, pair.server, captured);
        assertEquals(1, pair.server.dropCount(DtlsDrop.REPLAYED));
        assertArrayEquals(DtlsPair.payload(64, 7).array(), pair.serverListener.data.getLast());

        // Forged: epoch 1, sequence number near 2^48, garbage where the ciphertext and tag should be.
        final long dataBefore = pair.serverListener.data.size();
        inject(pair, pair.server, record(DtlsRecord.APPLICATION_DATA, DTLS_1_2, 1, (1L << 48) - 2, new byte[64]));
        inject(pair, pair.server, record(DtlsRecord.ALERT, DTLS_1_2, 0, 9, new byte[] {2, 40}));
        inject(pair, pair.server, record(DtlsRecord.APPLICATION_DATA, DTLS_1_2, 3, 1, new byte[64]));
        assertEquals(1, pair.server.dropCount(DtlsDrop.UNAUTHENTICATED));
        assertEquals(1, pair.server.dropCount(DtlsDrop.STALE_EPOCH));
        assertEquals(1, pair.server.dropCount(DtlsDrop.FUTURE_EPOCH));
        assertEquals(dataBefore, pair.serverListener.data.size());

        // Were the window poisoned by the forged sequence number, every real record from here on would be "too old".
        assertDataStillFlows(pair, 8);
        assertDataStillFlows(pair, 9);
        assertEquals(DtlsState.CONNECTED, pair.server.state());
    }

    /** BAD_INPUTS 13: a flipped bit anywhere in the protected part of a record loses that record only. */
    @Test
    void shouldDiscardRecordsWithABadTagSilently() {
        final DtlsPair pair = new DtlsPair();
        assertHandshakeAndDataStillWork(pair);
        final int[] flipAt = {DtlsRecord.EPOCH_OFFSET + 1 + 2, DtlsRecord.LENGTH_OFFSET + 2 + 10, -1};
        for (final int offset : flipAt) {
            assertTrue(pair.client.send(DtlsPair.payload(200, offset)));
            final byte[] datagram = pair.clientListener.takeDatagrams().getFirst();
            final int at = offset < 0 ? datagram.length - 1 : offset;
            datagram[at] ^= 0x01;
            inject(pair, pair.server, datagram);
        }
        // The first flip moved the record's sequence number (authenticated data), the second hit the ciphertext,
        // the third the tag.
        assertEquals(3, pair.server.dropCount(DtlsDrop.UNAUTHENTICATED));
        assertEquals(1, pair.serverListener.data.size(), "only the handshake-time exchange");

        // A record cut short: its length field points past the datagram.
        assertTrue(pair.client.send(DtlsPair.payload(200, 1)));
        final byte[] whole = pair.clientListener.takeDatagrams().getFirst();
        inject(pair, pair.server, java.util.Arrays.copyOf(whole, whole.length - 5));
        assertEquals(1, pair.server.dropCount(DtlsDrop.MALFORMED_RECORD));

        assertDataStillFlows(pair, 5);
        assertEquals(DtlsState.CONNECTED, pair.server.state());
        assertEquals(DtlsState.CONNECTED, pair.client.state());
    }

    /** Handshake records a client never receives from a server (and renegotiation attempts once connected). */
    @Test
    void shouldDropHandshakeMessagesTheClientRoleNeverReceives() {
        final DtlsPair pair = new DtlsPair();
        pair.client.start(pair.nowNs);
        inject(pair, pair.client, record(HANDSHAKE, DTLS_1_2, 0, 0,
            handshake(DtlsRecord.CLIENT_HELLO, 0, clientHelloBody(NO_COOKIE, AES_128_GCM))));
        inject(pair, pair.client, record(HANDSHAKE, DTLS_1_2, 0, 1, handshake(DtlsRecord.CERTIFICATE_VERIFY, 0, new byte[8])));
        inject(pair, pair.client, record(HANDSHAKE, DTLS_1_2, 0, 2, handshake(DtlsRecord.HELLO_REQUEST, 0, 0, 0, 0, new byte[0])));
        assertEquals(3, pair.client.dropCount(DtlsDrop.UNEXPECTED_HANDSHAKE_TYPE));
        // A ServerHelloDone before any ServerHello has no place yet.
        inject(pair, pair.client, record(HANDSHAKE, DTLS_1_2, 0, 3, handshake(DtlsRecord.SERVER_HELLO_DONE, 0, 4, 0, 0, new byte[0])));
        assertEquals(1, pair.client.dropCount(DtlsDrop.INCONSISTENT_HANDSHAKE_FRAGMENT));
        assertHandshakeAndDataStillWork(pair);

        // Once connected, a new ClientHello (renegotiation) never reaches the engine.
        inject(pair, pair.server, record(HANDSHAKE, DTLS_1_2, 1, 50, new byte[80]));
        assertEquals(1, pair.server.dropCount(DtlsDrop.PEER_RETRANSMISSION));
        assertDataStillFlows(pair, 3);
    }

    /** No sequence of bytes escapes as an exception or ends a session: random datagrams, mid-handshake and after. */
    @Test
    void shouldSurviveRandomDatagrams() {
        final Random random = new Random(20_260_501);
        final DtlsPair pair = new DtlsPair();
        pair.server.start(pair.nowNs);
        spray(pair, pair.server, random, 3_000);
        assertEquals(DtlsState.HANDSHAKING, pair.server.state(), () -> pair.server.failure() + " " + pair.server.failureDetail());
        pair.serverListener.datagrams.clear();
        assertHandshakeAndDataStillWork(pair);

        spray(pair, pair.server, random, 3_000);
        spray(pair, pair.client, random, 3_000);
        pair.serverListener.datagrams.clear();
        pair.clientListener.datagrams.clear();
        assertEquals(DtlsState.CONNECTED, pair.server.state());
        assertEquals(DtlsState.CONNECTED, pair.client.state());
        assertDataStillFlows(pair, 4);
        assertTrue(pair.server.droppedRecords() > 3_000);
    }

    /** Half pure noise, half records with a plausible header and a random body. */
    private static void spray(final DtlsPair pair, final DtlsEndpoint to, final Random random, final int count) {
        for (int i = 0; i < count; i++) {
            final byte[] datagram;
            if (random.nextBoolean()) {
                datagram = new byte[random.nextInt(1300)];
                random.nextBytes(datagram);
                if (datagram.length > 0) {
                    datagram[0] = (byte) (20 + random.nextInt(44));
                }
            } else {
                final byte[] body = new byte[random.nextInt(300)];
                random.nextBytes(body);
                if (body.length > 12 && random.nextBoolean()) {
                    body[0] = (byte) (random.nextInt(17));
                    body[1] = 0;
                    body[2] = 0;
                }
                datagram = record(20 + random.nextInt(4), random.nextBoolean() ? DTLS_1_2 : DTLS_1_0,
                    random.nextInt(3), random.nextInt(100), body);
            }
            to.onDatagram(ByteBuffer.wrap(datagram), pair.nowNs);
        }
    }

    @Test
    void shouldTimeHandshakeWithoutAnyPeer() {
        final DtlsPair pair = new DtlsPair();
        pair.server.start(pair.nowNs);
        assertEquals(pair.nowNs + TimeUnit.SECONDS.toNanos(30), pair.server.onTimer(pair.nowNs));
    }
}
