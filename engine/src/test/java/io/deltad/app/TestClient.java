package io.deltad.app;

import io.deltad.io.local.LocalClient;
import io.deltad.schema.OpWriter;
import io.deltad.wire.FrameHeader;
import io.deltad.wire.FrameType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Test-side wrapper over an in-process session: builds frames, collects what comes back. */
final class TestClient {
    private final LocalClient client;
    private final MemorySegment buffer = Arena.ofAuto().allocate(4096, 8);
    private final FrameHeader header = new FrameHeader();
    private final FrameHeader readHeader = new FrameHeader();
    private final OpWriter ops = new OpWriter();
    final List<ReceivedFrame> received = new ArrayList<>();

    TestClient(final LocalClient client) {
        this.client = client;
    }

    LocalClient local() {
        return client;
    }

    boolean delta(final long docId, final long clientSeq, final Consumer<OpWriter> writeOps) {
        ops.wrap(buffer, FrameHeader.LENGTH);
        writeOps.accept(ops);
        header.wrap(buffer, 0).write(FrameType.DELTA, 0, docId, clientSeq, ops.length());
        return client.send(buffer, 0, FrameHeader.LENGTH + ops.length());
    }

    boolean opaque(final long docId, final long clientSeq, final byte[] payload) {
        MemorySegment.copy(payload, 0, buffer, ValueLayout.JAVA_BYTE, FrameHeader.LENGTH, payload.length);
        header.wrap(buffer, 0).write(FrameType.DELTA, 0, docId, clientSeq, payload.length);
        return client.send(buffer, 0, FrameHeader.LENGTH + payload.length);
    }

    boolean subscribe(final long docId, final long fromSeq) {
        header.wrap(buffer, 0).write(FrameType.SUBSCRIBE, 0, docId, fromSeq, 0);
        return client.send(buffer, 0, FrameHeader.LENGTH);
    }

    boolean subscribeSnapshot(final long docId) {
        header.wrap(buffer, 0).write(FrameType.SUBSCRIBE, FrameType.FLAG_SNAPSHOT, docId, 0, 0);
        return client.send(buffer, 0, FrameHeader.LENGTH);
    }

    boolean unsubscribe(final long docId) {
        header.wrap(buffer, 0).write(FrameType.UNSUBSCRIBE, 0, docId, 0, 0);
        return client.send(buffer, 0, FrameHeader.LENGTH);
    }

    boolean raw(final byte[] message) {
        MemorySegment.copy(message, 0, buffer, ValueLayout.JAVA_BYTE, 0, message.length);
        return client.send(buffer, 0, message.length);
    }

    /** Drains received messages into {@link #received}; returns frames added. */
    int poll() {
        final int before = received.size();
        client.poll((segment, offset, length) -> {
            long position = offset;
            while (position < offset + length) {
                readHeader.wrap(segment, position);
                received.add(ReceivedFrame.copy(readHeader));
                position += readHeader.frameLength();
            }
        }, Integer.MAX_VALUE);
        return received.size() - before;
    }

    List<ReceivedFrame> ofType(final int type) {
        return received.stream().filter(f -> f.type() == type).toList();
    }
}
