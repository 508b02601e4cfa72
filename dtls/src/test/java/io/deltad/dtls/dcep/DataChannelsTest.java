package io.deltad.dtls.dcep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltad.dtls.dcep.ChannelPair.Opened;
import io.deltad.dtls.sctp.SctpCloseReason;
import io.deltad.dtls.sctp.SctpSendStatus;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DCEP and channel life cycle over two real associations. */
class DataChannelsTest {
    @Test
    void shouldOpenChannelsFromBothSidesOnTheirOwnParityWithOpenAndAck() {
        try (ChannelPair pair = new ChannelPair()) {
            final int control = pair.client.open("control", "deltad/1", true, -1);
            assertEquals(0, control, "the DTLS client opens on even ids");
            pair.sctp.pumpUntil(() -> pair.atClient.opened.size() == 1, 2_000);
            assertEquals(List.of(new Opened(0, "control", "deltad/1", DataChannelType.RELIABLE)), pair.atServer.opened,
                "the server accepted the OPEN");
            assertEquals(List.of(new Opened(0, "control", "deltad/1", DataChannelType.RELIABLE)), pair.atClient.opened,
                "and the client heard the ACK");

            final int second = pair.client.open("second", "", false, 3);
            assertEquals(2, second);
            final int serverFirst = pair.server.open("from-server", "", true, -1);
            assertEquals(1, serverFirst, "the DTLS server opens on odd ids");
            pair.sctp.pumpUntil(() -> pair.atClient.opened.size() == 3 && pair.atServer.opened.size() == 3, 2_000);
            assertEquals(new Opened(2, "second", "", DataChannelType.PARTIAL_RELIABLE_REXMIT_UNORDERED),
                pair.atServer.opened.get(1));
            assertEquals(new Opened(1, "from-server", "", DataChannelType.RELIABLE), pair.atClient.opened.get(1));
            assertEquals(3, pair.client.channelCount());
            assertEquals(3, pair.server.channelCount());
            assertEquals("from-server", pair.client.label(1));
        }
    }

    @Test
    void shouldCarryStringBinaryAndEmptyMessagesWithTheirPpids() {
        try (ChannelPair pair = new ChannelPair()) {
            final int channel = pair.client.open("control", "", true, -1);
            pair.sctp.pumpUntil(() -> pair.atServer.opened.size() == 1, 2_000);
            assertEquals(SctpSendStatus.SENT, pair.client.send(channel, false, ChannelPair.text("héllo"), 0, 6));
            assertEquals(SctpSendStatus.SENT, pair.client.send(channel, true, ChannelPair.text("\u0001\u0002"), 0, 2));
            assertEquals(SctpSendStatus.SENT, pair.client.send(channel, false, MemorySegment.NULL, 0, 0));
            assertEquals(SctpSendStatus.SENT, pair.client.send(channel, true, MemorySegment.NULL, 0, 0));
            pair.sctp.pumpUntil(() -> pair.atServer.received.size() == 4, 2_000);
            final List<ChannelPair.Received> got = pair.atServer.received;
            assertEquals(Ppid.STRING, got.get(0).ppid());
            assertEquals("héllo", got.get(0).text());
            assertEquals(Ppid.BINARY, got.get(1).ppid());
            assertEquals(2, got.get(1).data().length);
            assertEquals(Ppid.STRING, got.get(2).ppid(), "empty string: PPID 56 on the wire, delivered as 51");
            assertEquals(0, got.get(2).data().length);
            assertEquals(Ppid.BINARY, got.get(3).ppid(), "empty binary: PPID 57 on the wire, delivered as 53");
            assertEquals(0, got.get(3).data().length);
            assertEquals(List.of(56L, 57L), pair.sctp.b.messages.stream().skip(3).map(m -> (long) m.ppid()).toList(),
                "the wire PPIDs");

            // And back on the same channel.
            assertEquals(SctpSendStatus.SENT, pair.server.send(channel, true, ChannelPair.text("ack"), 0, 3));
            pair.sctp.pumpUntil(() -> pair.atClient.received.size() == 1, 2_000);
            assertEquals("ack", pair.atClient.received.getFirst().text());
        }
    }

    @Test
    void shouldLetTheServerOpenADedicatedUnreliableChannelForABusyDocument() {
        try (ChannelPair pair = new ChannelPair()) {
            final int doc = pair.server.open("doc:42", "deltad/1", false, 0);
            assertEquals(1, doc);
            // Messages may follow the OPEN at once; until the ACK they go ordered (RFC 8832 §6).
            for (int i = 0; i < 100; i++) {
                assertEquals(SctpSendStatus.SENT, pair.server.send(doc, true, MemorySegment.ofArray(new byte[] {(byte) i}), 0, 1));
            }
            pair.sctp.pumpUntil(() -> pair.atClient.received.size() == 100, 2_000);
            assertEquals(new Opened(1, "doc:42", "deltad/1", DataChannelType.PARTIAL_RELIABLE_REXMIT_UNORDERED),
                pair.atClient.opened.getFirst());
            assertTrue(pair.server.isOpen(doc));
            assertEquals(0, pair.atClient.received.getFirst().data()[0], "the OPEN came first: nothing was dropped as NO_CHANNEL");
        }
    }

    @Test
    void shouldCloseAChannelByStreamResetAndLeaveTheOthersAlone() {
        try (ChannelPair pair = new ChannelPair()) {
            final int keep = pair.client.open("keep", "", true, -1);
            final int drop = pair.client.open("drop", "", true, -1);
            pair.sctp.pumpUntil(() -> pair.atClient.opened.size() == 2, 2_000);

            assertEquals(SctpSendStatus.SENT, pair.client.close(drop));
            assertFalse(pair.client.isOpen(drop));
            assertEquals(DataChannelStatus.NO_CHANNEL, pair.client.send(drop, true, ChannelPair.text("x"), 0, 1));
            pair.sctp.pumpUntil(() -> pair.atClient.closed.contains(drop) && pair.atServer.closed.contains(drop), 2_000);
            assertEquals(1, pair.client.channelCount());
            assertEquals(1, pair.server.channelCount());

            assertEquals(SctpSendStatus.SENT, pair.client.send(keep, true, ChannelPair.text("still here"), 0, 10));
            pair.sctp.pumpUntil(() -> pair.atServer.received.size() == 1, 2_000);
            assertEquals(keep, pair.atServer.received.getFirst().streamId());

            // The next channel does not reuse the just-closed id at once.
            final int next = pair.client.open("next", "", true, -1);
            assertEquals(drop + 2, next);
        }
    }

    @Test
    void shouldCloseEveryChannelWhenTheAssociationEnds() {
        final ChannelPair pair = new ChannelPair();
        pair.client.open("a", "", true, -1);
        pair.server.open("b", "", true, -1);
        pair.sctp.pumpUntil(() -> pair.atClient.opened.size() == 2 && pair.atServer.opened.size() == 2, 2_000);
        pair.sctp.a.association.close();
        pair.sctp.pumpUntil(() -> pair.atServer.associationClosed != null, 2_000);
        assertEquals(SctpCloseReason.COMM_LOST, pair.atServer.associationClosed);
        assertEquals(List.of(0, 1), pair.atServer.closed);
        assertEquals(List.of(0, 1), pair.atClient.closed);
        assertEquals(SctpCloseReason.LOCAL, pair.atClient.associationClosed);
        assertEquals(0, pair.server.channelCount());
        assertEquals(SctpSendStatus.CLOSED, pair.server.open("late", "", true, -1));
        pair.close();
    }

    @Test
    void shouldRefuseLocalOpensOverTheCapOrOnAnUnknownType() {
        try (ChannelPair pair = new ChannelPair(new DataChannelsConfig().maxChannels(2), new DataChannelsConfig(),
            new io.deltad.dtls.sctp.SctpAssociationConfig(), new io.deltad.dtls.sctp.SctpAssociationConfig())) {
            assertEquals(0, pair.client.open("1", "", true, -1));
            assertEquals(2, pair.client.open("2", "", true, -1));
            assertEquals(DataChannelStatus.OVER_CHANNEL_CAP, pair.client.open("3", "", true, -1));
            assertEquals(DataChannelStatus.NO_CHANNEL, pair.client.send(99, true, ChannelPair.text("x"), 0, 1));
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> pair.client.open("t", "", 0x07, 0, 0));
        }
    }
}
