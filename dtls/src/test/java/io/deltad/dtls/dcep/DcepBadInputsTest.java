package io.deltad.dtls.dcep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltad.dtls.sctp.SctpAssociation;
import io.deltad.dtls.sctp.SctpAssociationConfig;
import io.deltad.dtls.sctp.SctpSendStatus;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * BAD_INPUTS 20-22: a misbehaving client sends raw DCEP and user messages on its association (bypassing its own
 * DataChannels); the server's table refuses or drops each, counts it, and the control channel keeps working.
 */
class DcepBadInputsTest {
    private static final int SERVER_MAX_CHANNELS = 4;
    private static final int SERVER_MAX_MESSAGE_BYTES = 1000;
    private static final int SERVER_SCTP_MAX_MESSAGE_BYTES = 4000;

    private ChannelPair pair;
    private SctpAssociation rawClient;
    private int control;

    @BeforeEach
    void open() {
        pair = new ChannelPair(new DataChannelsConfig(),
            new DataChannelsConfig().maxChannels(SERVER_MAX_CHANNELS).maxMessageBytes(SERVER_MAX_MESSAGE_BYTES),
            new SctpAssociationConfig(), new SctpAssociationConfig().maxReceiveMessageBytes(SERVER_SCTP_MAX_MESSAGE_BYTES));
        rawClient = pair.sctp.a.association;
        control = pair.client.open("control", "", true, -1);
        pair.sctp.pumpUntil(() -> pair.atClient.opened.size() == 1, 2_000);
    }

    @AfterEach
    void close() {
        pair.close();
    }

    // ---- 20: OPEN shorter than 12 bytes, or label/protocol lengths past the message → stream reset ----

    @Test
    void shouldResetTheStreamOfAnOpenShorterThanTwelveBytes() {
        sendDcep(4, new byte[] {0x03, 0x00, 0x00, 0x00, 0x00});
        assertRefusedWithReset(4, DataChannelDrop.OPEN_MALFORMED);
    }

    @Test
    void shouldResetTheStreamOfAnOpenWhoseLengthsRunPastTheMessage() {
        sendDcep(4, open(DataChannelType.RELIABLE, 40, 0, "short"));
        assertRefusedWithReset(4, DataChannelDrop.OPEN_MALFORMED);
        sendDcep(6, open(DataChannelType.RELIABLE, 5, 0xFFFF, "short"));
        assertRefusedWithReset(6, DataChannelDrop.OPEN_MALFORMED, 2);
    }

    // ---- 21: wrong parity, OPEN on an open stream, unknown channel type, over the cap → rejected ----

    @Test
    void shouldResetAnOpenOnTheServersParity() {
        sendDcep(3, open(DataChannelType.RELIABLE, 3, 0, "odd"));
        assertRefusedWithReset(3, DataChannelDrop.OPEN_WRONG_PARITY);
    }

    @Test
    void shouldIgnoreAnOpenOnAStreamThatAlreadyHasAChannel() {
        sendDcep(control, open(DataChannelType.RELIABLE_UNORDERED, 6, 0, "hijack"));
        pair.sctp.pumpFor(20);
        assertEquals(1, pair.server.drops(DataChannelDrop.OPEN_ON_OPEN_STREAM));
        assertFalse(pair.sctp.a.resets.contains(control), "the existing channel is not reset");
        assertEquals("control", pair.server.label(control));
        assertEquals(DataChannelType.RELIABLE, pair.server.channelType(control));
        assertControlChannelWorks();
    }

    @Test
    void shouldResetAnOpenWithAnUnknownChannelType() {
        sendDcep(4, open(0x05, 3, 0, "bad"));
        assertRefusedWithReset(4, DataChannelDrop.OPEN_UNKNOWN_CHANNEL_TYPE);
    }

    @Test
    void shouldResetAnOpenOverTheChannelCap() {
        for (int i = 1; i < SERVER_MAX_CHANNELS; i++) {
            assertTrue(pair.client.open("c" + i, "", true, -1) >= 0);
        }
        pair.sctp.pumpUntil(() -> pair.atServer.opened.size() == SERVER_MAX_CHANNELS, 2_000);
        sendDcep(100, open(DataChannelType.RELIABLE, 4, 0, "over"));
        assertRefusedWithReset(100, DataChannelDrop.OPEN_OVER_CHANNEL_CAP);
        assertEquals(SERVER_MAX_CHANNELS, pair.server.channelCount());
    }

    // ---- 22: message larger than max-message-size, unknown or deprecated PPID → rejected, counted ----

    @Test
    void shouldDropAMessageOverMaxMessageSize() {
        assertEquals(SctpSendStatus.SENT, pair.client.send(control, true, MemorySegment.ofArray(new byte[SERVER_MAX_MESSAGE_BYTES + 1]),
            0, SERVER_MAX_MESSAGE_BYTES + 1));
        // Over the association's own limit too: usrsctp delivers it, the association drops it while reading.
        assertEquals(SctpSendStatus.SENT, pair.client.send(control, true,
            MemorySegment.ofArray(new byte[SERVER_SCTP_MAX_MESSAGE_BYTES + 1]), 0, SERVER_SCTP_MAX_MESSAGE_BYTES + 1));
        pair.sctp.pumpFor(30);
        assertEquals(2, pair.server.drops(DataChannelDrop.MESSAGE_TOO_BIG));
        assertTrue(pair.atServer.received.isEmpty());
        assertControlChannelWorks();
    }

    @Test
    void shouldDropUnknownAndDeprecatedPpids() {
        for (final int ppid : new int[] {0, 49, 52, 54, 55, 58, 0x7fffffff, -1}) {
            assertEquals(SctpSendStatus.SENT, rawClient.send(control, ppid, false, -1, ChannelPair.text("x"), 0, 1));
        }
        pair.sctp.pumpFor(30);
        assertEquals(2, pair.server.drops(DataChannelDrop.DEPRECATED_PPID));
        assertEquals(6, pair.server.drops(DataChannelDrop.UNKNOWN_PPID));
        assertTrue(pair.atServer.received.isEmpty());
        assertControlChannelWorks();
    }

    @Test
    void shouldDropDataWithoutAChannelAndStrayDcep() {
        rawClient.send(8, Ppid.BINARY, false, -1, ChannelPair.text("orphan"), 0, 6);
        sendDcep(8, new byte[] {DcepMessage.DATA_CHANNEL_ACK});
        sendDcep(8, new byte[] {0x7f, 1, 2});
        pair.sctp.pumpFor(30);
        assertEquals(1, pair.server.drops(DataChannelDrop.NO_CHANNEL));
        assertEquals(1, pair.server.drops(DataChannelDrop.ACK_UNEXPECTED));
        assertEquals(1, pair.server.drops(DataChannelDrop.DCEP_UNKNOWN_MESSAGE));
        assertControlChannelWorks();
    }

    // ---- helpers ----

    private void sendDcep(final int streamId, final byte[] message) {
        assertEquals(SctpSendStatus.SENT, rawClient.send(streamId, Ppid.DCEP, false, -1, MemorySegment.ofArray(message), 0,
            message.length));
    }

    /** An OPEN with arbitrary length fields, followed by {@code payload}. */
    private static byte[] open(final int channelType, final int labelLength, final int protocolLength, final String payload) {
        final byte[] text = payload.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return ByteBuffer.allocate(12 + text.length).put((byte) DcepMessage.DATA_CHANNEL_OPEN).put((byte) channelType)
            .putShort((short) 0).putInt(0).putShort((short) labelLength).putShort((short) protocolLength).put(text).array();
    }

    private void assertRefusedWithReset(final int streamId, final DataChannelDrop reason) {
        assertRefusedWithReset(streamId, reason, 1);
    }

    private void assertRefusedWithReset(final int streamId, final DataChannelDrop reason, final long expectedCount) {
        pair.sctp.pumpUntil(() -> pair.sctp.a.resets.contains(streamId), 2_000);
        assertEquals(expectedCount, pair.server.drops(reason), reason.name());
        assertFalse(pair.server.isOpen(streamId));
        assertTrue(pair.atServer.opened.stream().noneMatch(o -> o.streamId() == streamId), "no channel was created");
        assertControlChannelWorks();
    }

    private void assertControlChannelWorks() {
        final int before = pair.atServer.received.size();
        assertEquals(SctpSendStatus.SENT, pair.client.send(control, false, ChannelPair.text("ping"), 0, 4));
        pair.sctp.pumpUntil(() -> pair.atServer.received.size() == before + 1, 2_000);
        assertEquals("ping", pair.atServer.received.getLast().text());
        assertEquals(SctpSendStatus.SENT, pair.server.send(control, false, ChannelPair.text("pong"), 0, 4));
        pair.sctp.pumpUntil(() -> pair.atClient.received.stream().anyMatch(r -> r.text().equals("pong")), 2_000);
        assertTrue(pair.server.isOpen(control));
    }
}
