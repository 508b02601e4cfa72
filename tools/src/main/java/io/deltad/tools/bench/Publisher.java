package io.deltad.tools.bench;

import io.deltad.io.local.LocalClient;
import io.deltad.wire.FrameHeader;
import io.deltad.wire.FrameType;
import io.deltad.wire.NackCode;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One publisher session as the load thread drives it: builds batches of DELTA frames (payload starts with the send
 * time, {@code System.nanoTime()}), keeps at most {@code window} deltas without an ACK/NACK in flight, and drains its
 * ACKs so the session's outbound ring never fills (the appliance would close the session as overloaded).
 *
 * <p>Thread: the load thread only. Counters are plain fields; the load thread publishes them with
 * {@link LoadCounters}.
 */
final class Publisher {
    private final LocalClient client;
    private final long[] docIds;
    private final DocPicker picker;
    private final int frameBytes;
    private final int payloadBytes;
    private final int batch;
    private final int window;
    private final long ratePerSec;
    private final MemorySegment buffer;
    private long startNs;
    private final FrameHeader header = new FrameHeader();
    private final FrameHeader readHeader = new FrameHeader();
    private final LocalClient.MessageHandler ackHandler = this::onMessage;

    private long clientSeq;
    long inFlight;
    long sent;
    long acked;
    long busyNacks;
    long otherNacks;
    long sendRefused;

    Publisher(final LocalClient client, final long[] docIds, final DocPicker picker, final int frameBytes,
              final int batch, final int window, final long ratePerSec) {
        this.client = client;
        this.docIds = docIds;
        this.picker = picker;
        this.frameBytes = frameBytes;
        this.payloadBytes = frameBytes - FrameHeader.LENGTH;
        this.batch = batch;
        this.window = window;
        this.ratePerSec = ratePerSec;
        this.buffer = Arena.ofAuto().allocate((long) frameBytes * batch, 8);
    }

    LocalClient client() {
        return client;
    }

    /** Drains ACK/NACKs; returns messages read. */
    int pollAcks(final int limit) {
        return client.poll(ackHandler, limit);
    }

    /** Sends one batch if the window allows; returns frames sent (0: window full or the session's ring full). */
    int publish() {
        int count = (int) Math.min(batch, window - inFlight);
        if (count <= 0) {
            return 0;
        }
        final long nowNs = System.nanoTime();
        if (ratePerSec > 0) { // open loop: no more than the offered rate since the first send
            if (startNs == 0) {
                startNs = nowNs;
            }
            final long allowed = (long) ((nowNs - startNs) * (ratePerSec / 1e9)) + 1 - sent;
            count = (int) Math.min(count, allowed);
            if (count <= 0) {
                return 0;
            }
        }
        long offset = 0;
        for (int i = 0; i < count; i++) {
            header.wrap(buffer, offset).write(FrameType.DELTA, 0, docIds[picker.next()], clientSeq + 1 + i, payloadBytes);
            buffer.set(FrameHeader.U64, offset + FrameHeader.LENGTH, nowNs);
            offset += frameBytes;
        }
        if (!client.send(buffer, 0, (int) offset)) {
            sendRefused++;
            return 0;
        }
        clientSeq += count;
        inFlight += count;
        sent += count;
        return count;
    }

    private void onMessage(final MemorySegment segment, final long offset, final int length) {
        final long end = offset + length;
        long position = offset;
        while (position < end) {
            readHeader.wrap(segment, position);
            final int type = readHeader.type();
            if (type == FrameType.ACK) {
                acked++;
                inFlight--;
            } else if (type == FrameType.NACK) {
                inFlight--;
                final int code = segment.get(FrameHeader.U16, readHeader.payloadOffset()) & 0xFFFF;
                if (code == NackCode.BUSY) {
                    busyNacks++;
                } else {
                    otherNacks++;
                }
            }
            position += readHeader.frameLength();
        }
    }
}
