package io.deltad.dtls.sctp;

import static io.deltad.dtls.sctp.SctpPackets.dataChunkValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltad.bindings.usrsctp.sctpstat;
import io.deltad.dtls.sctp.SctpPackets.Builder;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * BAD_INPUTS 14-19: raw SCTP packets, crafted with a valid CRC32c and (unless the case is about it) the right
 * verification tag, fed to a live association's {@code input} as if DTLS had decrypted them. In every case: input
 * returns at once, nothing is thrown, the association's observable outcome is the one asserted, and a bystander pair
 * keeps working.
 *
 * <p>A crafted packet arriving through DTLS can only come from the authenticated peer, so the worst it may do is end
 * its own association.
 */
class SctpBadInputsTest {
    private static final int PPID_BINARY = 53;
    private static final long INPUT_BUDGET_NS = 1_000_000_000L;

    private SctpPair pair;
    private SctpPair bystander;

    @BeforeEach
    void connect() {
        pair = SctpPair.connected();
        bystander = SctpPair.connected();
        // Some traffic both ways so that both sides have sent DATA (TSNs known) and SACKs.
        send(pair.a, 1, 10);
        send(pair.b, 1, 10);
        pair.pumpUntil(() -> pair.a.messages.size() == 1 && pair.b.messages.size() == 1, 2_000);
        pair.pumpFor(30); // delayed SACKs out of the way
    }

    @AfterEach
    void close() {
        pair.close();
        bystander.close();
        assertEquals(0, SctpStack.get().upcallErrors(), "no exception in a callback from usrsctp");
    }

    // ---- 14: chunk length < 4 or beyond the packet ----

    @Test
    void shouldDiscardAPacketWithAChunkLengthBelowFour() {
        final List<byte[]> replies = inject(Builder.toPeerOf(pair.a).chunkWithLength(SctpPackets.HEARTBEAT, 0, 2, new byte[0])
            .raw(new byte[4]).build());
        assertNoAbort(replies);
        assertStillPassesMessagesBothWays();
    }

    @Test
    void shouldDiscardAPacketWithAChunkLengthPastItsEnd() {
        final List<byte[]> replies = inject(Builder.toPeerOf(pair.a)
            .chunkWithLength(SctpPackets.DATA, 0x03, 400, dataChunkValue(nextTsnFromA() + 5, 1, 0, PPID_BINARY, new byte[8]))
            .build());
        assertNoAbort(replies);
        assertStillPassesMessagesBothWays();
    }

    // ---- 15: INIT whose last parameter has length < 4 ----

    @Test
    void shouldDiscardOrAbortAnInitWhoseLastParameterIsShorterThanFour() {
        // Supported Address Types (0x000C) claiming length 2: a parameter header cannot be shorter than 4.
        final byte[] parameters = {0x00, 0x0C, 0x00, 0x02};
        final List<byte[]> replies = inject(new Builder(5000, 5000, 0)
            .chunk(SctpPackets.INIT, 0, SctpPackets.initValue(0x1234_5678, parameters)).build());
        assertFalse(replies.stream().anyMatch(p -> SctpPackets.hasChunk(p, SctpPackets.INIT_ACK)), "no INIT-ACK for it");
        // usrsctp answers with an ABORT (protocol violation) addressed to the would-be new association: it carries the
        // INIT's initiate tag, so the established association survives.
        assertEquals(1, replies.size());
        assertEquals(SctpPackets.CAUSE_PROTOCOL_VIOLATION, SctpPackets.firstCause(replies.getFirst(), SctpPackets.ABORT));
        assertEquals(0x1234_5678, SctpPackets.verificationTag(replies.getFirst()));
        assertStillPassesMessagesBothWays();
    }

    // ---- 16: DATA chunk without user data ----

    @Test
    void shouldAbortWithNoUserDataOnAnEmptyDataChunk() {
        final long tsn = interceptNextDataFromA();
        final List<byte[]> replies = inject(Builder.toPeerOf(pair.a)
            .chunk(SctpPackets.DATA, 0x03, dataChunkValue(tsn, 1, 1, PPID_BINARY, new byte[0])).build());
        final byte[] abort = replies.stream().filter(p -> SctpPackets.hasChunk(p, SctpPackets.ABORT)).findFirst()
            .orElseThrow(() -> new AssertionError("no ABORT"));
        assertEquals(SctpPackets.CAUSE_NO_USER_DATA, SctpPackets.firstCause(abort, SctpPackets.ABORT));
        assertEquals(SctpCloseReason.COMM_LOST, pair.b.closed);
        pair.pumpUntil(() -> pair.a.closed != null, 2_000);
        assertEquals(SctpCloseReason.COMM_LOST, pair.a.closed, "the peer hears the ABORT");
        assertBystanderUnaffected();
    }

    // ---- 17: wrong verification tag; INIT bundled with other chunks ----

    @Test
    void shouldSilentlyDiscardAPacketWithTheWrongVerificationTag() {
        final long badTagsBefore = usrsctpStat(sctpstat::sctps_badvtag);
        final byte[] packet = new Builder(5000, 5000, pair.a.peerVerificationTag() ^ 0x5a5a)
            .chunk(SctpPackets.DATA, 0x03, dataChunkValue(nextTsnFromA(), 1, 1, PPID_BINARY, new byte[] {1, 2, 3})).build();
        final List<byte[]> replies = inject(packet);
        assertTrue(replies.isEmpty(), "nothing sent in reply");
        assertTrue(usrsctpStat(sctpstat::sctps_badvtag) > badTagsBefore, "usrsctp counted it as a bad verification tag");
        assertEquals(1, pair.b.messages.size(), "not delivered");
        assertStillPassesMessagesBothWays();
    }

    @Test
    void shouldDiscardAnInitBundledWithOtherChunks() {
        final List<byte[]> replies = inject(new Builder(5000, 5000, 0)
            .chunk(SctpPackets.INIT, 0, SctpPackets.initValue(0x0bad_cafe, new byte[0]))
            .chunk(SctpPackets.DATA, 0x03, dataChunkValue(1, 1, 0, PPID_BINARY, new byte[] {9})).build());
        assertFalse(replies.stream().anyMatch(p -> SctpPackets.hasChunk(p, SctpPackets.INIT_ACK)), "INIT not answered");
        assertEquals(1, pair.b.messages.size(), "the bundled DATA is not delivered");
        assertStillPassesMessagesBothWays();
    }

    // ---- 18: SACK with more gap blocks than it holds; FORWARD-TSN far ahead ----

    @Test
    void shouldRefuseASackClaimingMoreGapBlocksThanItHolds() {
        final long cumulative = lastDataTsn(pair.b.sent); // what A has acknowledged of B's data
        final List<byte[]> replies = inject(Builder.toPeerOf(pair.a)
            .chunk(SctpPackets.SACK, 0, SctpPackets.sackValue(cumulative, 200, 0, 1)).build());
        // BAD_INPUTS 18 asks for an ABORT; usrsctp 0.9.5.0 discards such a SACK silently instead (sctp_handle_sack
        // checks the length and returns). Either is safe; what matters is that nothing past the chunk is read and the
        // association carries on.
        assertTrue(replies.isEmpty(), "discarded without a reply");
        assertStillPassesMessagesBothWays();
    }

    @Test
    void shouldAbortOnAForwardTsnFarAhead() {
        final List<byte[]> replies = inject(Builder.toPeerOf(pair.a)
            .chunk(SctpPackets.FORWARD_TSN, 0, SctpPackets.u32(nextTsnFromA() + 0x4000_0000L)).build());
        final byte[] abort = replies.stream().filter(p -> SctpPackets.hasChunk(p, SctpPackets.ABORT)).findFirst()
            .orElseThrow(() -> new AssertionError("no ABORT"));
        assertEquals(SctpPackets.CAUSE_PROTOCOL_VIOLATION, SctpPackets.firstCause(abort, SctpPackets.ABORT));
        assertEquals(SctpCloseReason.COMM_LOST, pair.b.closed);
        assertBystanderUnaffected();
    }

    // ---- 19: stream id beyond the negotiated count; ASCONF / AUTH / PKTDROP ----

    @Test
    void shouldReportAnInvalidStreamAndCarryOn() {
        final long badSidBefore = usrsctpStat(sctpstat::sctps_badsid);
        final long tsn = interceptNextDataFromA();
        final List<byte[]> replies = inject(Builder.toPeerOf(pair.a)
            .chunk(SctpPackets.DATA, 0x03, dataChunkValue(tsn, 2000, 0, PPID_BINARY, new byte[] {7})).build());
        final byte[] error = replies.stream().filter(p -> SctpPackets.hasChunk(p, SctpPackets.ERROR)).findFirst()
            .orElseThrow(() -> new AssertionError("no ERROR chunk"));
        assertEquals(SctpPackets.CAUSE_INVALID_STREAM, SctpPackets.firstCause(error, SctpPackets.ERROR));
        assertTrue(usrsctpStat(sctpstat::sctps_badsid) > badSidBefore);
        assertEquals(1, pair.b.messages.size(), "nothing delivered for stream 2000");
        assertStillPassesMessagesBothWays();
    }

    @Test
    void shouldIgnoreAsconfAuthAndPktdropChunksItDidNotNegotiate() {
        final byte[] asconf = SctpPackets.u32(0x0000_0001); // serial number only
        for (final byte[] packet : List.of(
            Builder.toPeerOf(pair.a).chunk(SctpPackets.ASCONF, 0, asconf).build(),
            Builder.toPeerOf(pair.a).chunk(SctpPackets.ASCONF_ACK, 0, asconf).build(),
            Builder.toPeerOf(pair.a).chunk(SctpPackets.AUTH, 0, new byte[] {0, 1, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8}).build(),
            Builder.toPeerOf(pair.a).chunk(SctpPackets.PKTDROP, 0, new byte[12]).build())) {
            final List<byte[]> replies = inject(packet);
            assertNoAbort(replies);
            assertTrue(pair.b.association.isConnected());
            if (SctpPackets.hasChunk(packet, SctpPackets.ASCONF)) {
                // Type 0xC1: its two high bits say "skip and report" (RFC 9260 §3.2), so usrsctp, with ASCONF off,
                // answers with ERROR "Unrecognized Chunk Type". ASCONF-ACK (0x80) and PKTDROP (0x81) say "skip";
                // AUTH (0x0F) without AUTH negotiated is dropped with its packet.
                assertEquals(SctpPackets.CAUSE_UNRECOGNIZED_CHUNK, SctpPackets.firstCause(replies.getFirst(), SctpPackets.ERROR));
            } else {
                assertTrue(replies.isEmpty(), "ignored silently");
            }
        }
        assertStillPassesMessagesBothWays();
    }

    // ---- also: a corrupt CRC32c, and garbage of every length ----

    @Test
    void shouldDropTruncatedAndGarbagePacketsOfEveryLength() {
        final java.util.Random random = new java.util.Random(14);
        for (int length = 0; length < 64; length++) {
            final byte[] garbage = new byte[length];
            random.nextBytes(garbage);
            if (length >= 12) {
                System.arraycopy(SctpPackets.u32(pair.a.peerVerificationTag()), 0, garbage, 4, 4);
                garbage[0] = 0x13;
                garbage[1] = (byte) 0x88;
                garbage[2] = 0x13;
                garbage[3] = (byte) 0x88;
                SctpPackets.seal(garbage);
            }
            inject(garbage);
        }
        assertTrue(pair.b.association.isConnected());
        assertStillPassesMessagesBothWays();
    }

    // ---- helpers ----

    /** Feeds {@code packet} to B; returns what B sent in reply (not yet delivered to A). */
    private List<byte[]> inject(final byte[] packet) {
        pair.pump();
        final int before = pair.b.sent.size();
        final long start = System.nanoTime();
        pair.b.association.input(MemorySegment.ofArray(packet), 0, packet.length);
        assertTrue(System.nanoTime() - start < INPUT_BUDGET_NS, "input returned in bounded time");
        return List.copyOf(pair.b.sent.subList(before, pair.b.sent.size()));
    }

    private static void send(final SctpPair.Endpoint from, final int stream, final int length) {
        assertEquals(SctpSendStatus.SENT, from.association.send(stream, PPID_BINARY, false, -1, SctpPair.bytes(length, stream),
            0, length));
    }

    private long nextTsnFromA() {
        return lastDataTsn(pair.a.sent) + 1;
    }

    /**
     * Makes A send a message and takes its DATA off the wire: A has sent that TSN, so a crafted DATA may use it
     * without B's acknowledgement confusing A (acknowledging a TSN A never sent is itself a violation).
     */
    private long interceptNextDataFromA() {
        pair.pump();
        final long tsn = nextTsnFromA();
        pair.a.dropOutgoing = packet -> SctpPackets.hasChunk(packet, SctpPackets.DATA);
        send(pair.a, 1, 20);
        pair.a.dropOutgoing = packet -> false;
        assertEquals(tsn, lastDataTsn(pair.a.sent));
        return tsn;
    }

    private static long lastDataTsn(final List<byte[]> packets) {
        long tsn = -1;
        for (final byte[] packet : packets) {
            tsn = Math.max(tsn, SctpPackets.lastDataTsn(packet));
        }
        assertTrue(tsn >= 0, "no DATA seen");
        return tsn;
    }

    private static void assertNoAbort(final List<byte[]> replies) {
        assertFalse(replies.stream().anyMatch(p -> SctpPackets.hasChunk(p, SctpPackets.ABORT)), "no ABORT");
    }

    private void assertStillPassesMessagesBothWays() {
        pair.pump();
        final int atB = pair.b.messages.size();
        final int atA = pair.a.messages.size();
        send(pair.a, 2, 33);
        send(pair.b, 2, 44);
        pair.pumpUntil(() -> pair.b.messages.size() > atB && pair.a.messages.size() > atA, 3_000);
        assertEquals(33, pair.b.messages.getLast().data().length);
        assertEquals(44, pair.a.messages.getLast().data().length);
        assertNull(pair.a.closed);
        assertNull(pair.b.closed);
        assertBystanderUnaffected();
    }

    private void assertBystanderUnaffected() {
        final int before = bystander.b.messages.size();
        send(bystander.a, 0, 5);
        bystander.pumpUntil(() -> bystander.b.messages.size() == before + 1, 2_000);
        assertTrue(bystander.a.association.isConnected() && bystander.b.association.isConnected());
    }

    private static long usrsctpStat(final ToIntFunction<MemorySegment> field) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment stat = sctpstat.allocate(arena);
            SctpStack.get().readStatistics(stat);
            return field.applyAsInt(stat) & 0xFFFFFFFFL;
        }
    }
}
