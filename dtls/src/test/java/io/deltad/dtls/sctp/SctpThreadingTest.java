package io.deltad.dtls.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The threading rule with real usrsctp: timers run on a thread that owns nothing, so every packet they emit for the
 * pair is parked in the deferred queue and sent by the owner in drainDeferred().
 */
class SctpThreadingTest {
    @Test
    void shouldParkPacketsFromAnotherThreadsTimersUntilTheOwnerDrainsThem() throws InterruptedException {
        try (SctpPair pair = SctpPair.connected()) {
            final Thread owner = Thread.currentThread();
            final List<Thread> sinkThreads = new ArrayList<>();
            final AtomicBoolean dropNextData = new AtomicBoolean(true);
            pair.a.dropOutgoing = packet -> {
                sinkThreads.add(Thread.currentThread());
                return SctpPackets.hasChunk(packet, SctpPackets.DATA) && dropNextData.compareAndSet(true, false);
            };
            pair.b.dropOutgoing = packet -> {
                sinkThreads.add(Thread.currentThread());
                return false;
            };
            // The DATA is lost: only A's T3-rtx timer, fired on the other thread, can bring it to B.
            assertEquals(SctpSendStatus.SENT, pair.a.association.send(4, 53, false, -1, SctpPair.bytes(300, 4), 0, 300));
            assertTrue(pair.a.outbox.isEmpty());

            final AtomicBoolean stop = new AtomicBoolean();
            final Thread timers = new Thread(() -> {
                long last = System.nanoTime();
                while (!stop.get()) {
                    try {
                        Thread.sleep(2);
                    } catch (final InterruptedException ex) {
                        return;
                    }
                    final long now = System.nanoTime();
                    final int elapsedMs = (int) ((now - last) / 1_000_000);
                    last += elapsedMs * 1_000_000L;
                    SctpStack.get().handleTimers(elapsedMs);
                }
            }, "sctp-timers");
            timers.start();
            int deferredWork = 0;
            final long deadline = System.nanoTime() + 5_000_000_000L;
            try {
                while (pair.b.messages.isEmpty() && System.nanoTime() < deadline) {
                    deferredWork += pair.a.association.drainDeferred();
                    deferredWork += pair.b.association.drainDeferred();
                    pair.pump();
                    Thread.sleep(1);
                }
                // B's SACK for the retransmission may itself be a delayed one, emitted on the timer thread.
                final long settle = System.nanoTime() + 100_000_000L;
                while (System.nanoTime() < settle) {
                    deferredWork += pair.a.association.drainDeferred() + pair.b.association.drainDeferred();
                    pair.pump();
                    Thread.sleep(1);
                }
            } finally {
                stop.set(true);
                timers.join();
            }
            assertEquals(1, pair.b.messages.size(), "the retransmission arrived");
            assertTrue(deferredWork > 0, "it came through the deferred queue");
            assertTrue(sinkThreads.stream().allMatch(t -> t == owner), "the sink only ever ran on the owner thread");
            assertEquals(0, pair.a.association.drops(SctpDrop.DEFERRED_QUEUE_FULL));
            assertEquals(0, SctpStack.get().upcallErrors());
            // And the association still works normally afterwards.
            pair.a.association.send(4, 53, false, -1, MemorySegment.ofArray(new byte[] {1}), 0, 1);
            pair.pumpUntil(() -> pair.b.messages.size() == 2, 2_000);
        }
    }
}
