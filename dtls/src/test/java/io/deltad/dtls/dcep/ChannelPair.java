package io.deltad.dtls.dcep;

import io.deltad.dtls.dtls.DtlsRole;
import io.deltad.dtls.sctp.SctpAssociationConfig;
import io.deltad.dtls.sctp.SctpCloseReason;
import io.deltad.dtls.sctp.SctpPair;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/** Two DataChannels tables over a real association pair: A is the DTLS client (even ids), B the server (odd). */
final class ChannelPair implements AutoCloseable {
    final SctpPair sctp;
    final DataChannels client;
    final DataChannels server;
    final Recorder atClient = new Recorder();
    final Recorder atServer = new Recorder();

    ChannelPair(final DataChannelsConfig clientConfig, final DataChannelsConfig serverConfig,
        final SctpAssociationConfig clientSctp, final SctpAssociationConfig serverSctp) {
        client = new DataChannels(DtlsRole.CLIENT, clientConfig, atClient);
        server = new DataChannels(DtlsRole.SERVER, serverConfig, atServer);
        sctp = SctpPair.unconnected(clientSctp, serverSctp, client, server);
        client.bind(sctp.a.association);
        server.bind(sctp.b.association);
        sctp.pumpUntil(() -> atClient.up && atServer.up, 5_000);
    }

    ChannelPair() {
        this(new DataChannelsConfig(), new DataChannelsConfig(), new SctpAssociationConfig(), new SctpAssociationConfig());
    }

    static MemorySegment text(final String value) {
        return MemorySegment.ofArray(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        sctp.close();
    }

    record Opened(int streamId, String label, String protocol, int type) {
    }

    record Received(int streamId, int ppid, byte[] data) {
        String text() {
            return new String(data, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    static final class Recorder implements DataChannelListener {
        final List<Opened> opened = new ArrayList<>();
        final List<Received> received = new ArrayList<>();
        final List<Integer> closed = new ArrayList<>();
        boolean up;
        SctpCloseReason associationClosed;

        @Override
        public void onChannelOpen(final int streamId, final String label, final String protocol, final int channelType) {
            opened.add(new Opened(streamId, label, protocol, channelType));
        }

        @Override
        public void onChannelMessage(final int streamId, final int ppid, final MemorySegment segment, final long offset,
            final int lengthBytes) {
            received.add(new Received(streamId, ppid, segment.asSlice(offset, lengthBytes).toArray(ValueLayout.JAVA_BYTE)));
        }

        @Override
        public void onChannelClosed(final int streamId) {
            closed.add(streamId);
        }

        @Override
        public void onAssociationUp() {
            up = true;
        }

        @Override
        public void onAssociationClosed(final SctpCloseReason reason) {
            associationClosed = reason;
        }
    }
}
