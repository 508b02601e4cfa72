package io.deltad.dtls.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Steady-state send and receive do not allocate: 10,000 messages each way after warm-up, measured with the thread's
 * allocation counter. The harness itself is allocation-free (packets move through native rings).
 */
class SctpAllocationTest {
    /** Bytes per 10,000 messages allowed for JIT and bookkeeping noise: well under one byte per message. */
    private static final long ALLOWANCE_BYTES = 4 * 1024;
    private static final int WARMUP = 20_000;

    @Test
    void shouldNotAllocateWhenSendingAndReceiving64ByteMessages() {
        measure(64, true);
    }

    @Test
    void shouldNotAllocateWhenSendingAndReceiving1KiBMessagesFromTheHeap() {
        measure(1024, false);
    }

    private static void measure(final int messageBytes, final boolean nativePayload) {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Arena arena = Arena.ofConfined()) {
            final NativeLink aToB = new NativeLink(arena);
            final NativeLink bToA = new NativeLink(arena);
            final Counter atA = new Counter();
            final Counter atB = new Counter();
            final SctpAssociation a = SctpAssociation.create(SctpPair.nextId(), aToB, atA, new SctpAssociationConfig());
            final SctpAssociation b = SctpAssociation.create(SctpPair.nextId(), bToA, atB, new SctpAssociationConfig());
            try {
                final MemorySegment payload = nativePayload ? arena.allocate(messageBytes) : MemorySegment.ofArray(new byte[messageBytes]);
                final Loop loop = new Loop(a, b, aToB, bToA);
                loop.pumpUntilConnected(atA, atB);

                loop.exchange(payload, messageBytes, WARMUP, atA, atB);
                final long threadId = Thread.currentThread().threadId();
                final long before = threads.getThreadAllocatedBytes(threadId);
                loop.exchange(payload, messageBytes, 10_000, atA, atB);
                final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
                assertTrue(allocated < ALLOWANCE_BYTES, "allocated " + allocated + " bytes over 10,000 messages each way of "
                    + messageBytes + " bytes");
                assertEquals(WARMUP + 10_000, atB.messages);
                assertEquals(WARMUP + 10_000, atA.messages);
                assertEquals((WARMUP + 10_000L) * messageBytes, atB.bytes);
            } finally {
                a.close();
                b.close();
            }
        }
    }

    /** Sends and pumps with no allocation. */
    private static final class Loop {
        private final SctpAssociation a;
        private final SctpAssociation b;
        private final NativeLink aToB;
        private final NativeLink bToA;
        private long lastTimersNs = System.nanoTime();

        Loop(final SctpAssociation a, final SctpAssociation b, final NativeLink aToB, final NativeLink bToA) {
            this.a = a;
            this.b = b;
            this.aToB = aToB;
            this.bToA = bToA;
        }

        void pumpUntilConnected(final Counter atA, final Counter atB) {
            final long deadline = System.nanoTime() + 5_000_000_000L;
            while (!(atA.connected && atB.connected)) {
                assertTrue(System.nanoTime() < deadline, "not connected");
                pump();
                timers();
            }
        }

        void exchange(final MemorySegment payload, final int length, final int count, final Counter atA, final Counter atB) {
            final long targetB = atB.messages + count;
            final long targetA = atA.messages + count;
            int sentAb = 0;
            int sentBa = 0;
            final long deadline = System.nanoTime() + 30_000_000_000L;
            while (atB.messages < targetB || atA.messages < targetA) {
                for (int burst = 0; burst < 32 && sentAb < count; burst++) {
                    if (a.send(1, 53, false, -1, payload, 0, length) != SctpSendStatus.SENT) {
                        break;
                    }
                    sentAb++;
                }
                for (int burst = 0; burst < 32 && sentBa < count; burst++) {
                    if (b.send(2, 53, true, -1, payload, 0, length) != SctpSendStatus.SENT) {
                        break;
                    }
                    sentBa++;
                }
                pump();
                timers();
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("stalled at " + atB.messages + "/" + targetB + " and " + atA.messages + "/" + targetA);
                }
            }
        }

        private void pump() {
            while (aToB.drainTo(b) + bToA.drainTo(a) > 0) {
                // until both directions are quiet
            }
        }

        private void timers() {
            final long now = System.nanoTime();
            final int elapsedMs = (int) ((now - lastTimersNs) / 1_000_000);
            if (elapsedMs > 0) {
                lastTimersNs += elapsedMs * 1_000_000L;
                SctpStack.get().handleTimers(elapsedMs);
            }
        }
    }


    private static final class Counter implements SctpListener {
        boolean connected;
        long messages;
        long bytes;

        @Override
        public void onConnected() {
            connected = true;
        }

        @Override
        public void onMessage(final int streamId, final int ppid, final MemorySegment segment, final long offset,
            final int lengthBytes) {
            messages++;
            bytes += lengthBytes;
        }

        @Override
        public void onStreamReset(final int streamId) {
        }

        @Override
        public void onClosed(final SctpCloseReason reason) {
        }
    }
}
