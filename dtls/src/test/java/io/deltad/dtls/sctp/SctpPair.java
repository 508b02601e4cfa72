package io.deltad.dtls.sctp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Two real associations in this JVM wired back to back through memory: what one emits is queued and fed to the other's
 * {@code input} by {@link #pump()} (a queue, so that no sink calls into usrsctp), and usrsctp's timers run with the real
 * elapsed time. Test support, allocates freely.
 */
public final class SctpPair implements AutoCloseable {
    /** Ids unique across test classes in the same JVM (the stack is process-wide). */
    private static final AtomicInteger NEXT_ID = new AtomicInteger(1000);

    public final Endpoint a;
    public final Endpoint b;
    private long lastTimersNs = System.nanoTime();

    private SctpPair(final SctpAssociationConfig configA, final SctpAssociationConfig configB, final SctpListener extraA,
        final SctpListener extraB) {
        a = new Endpoint("A", extraA);
        b = new Endpoint("B", extraB);
        a.peer = b;
        b.peer = a;
        a.association = SctpAssociation.create(NEXT_ID.getAndIncrement(), a, a, configA);
        b.association = SctpAssociation.create(NEXT_ID.getAndIncrement(), b, b, configB);
    }

    public static int nextId() {
        return NEXT_ID.getAndIncrement();
    }

    /** A pair with default configs, connected. */
    public static SctpPair connected() {
        return connected(new SctpAssociationConfig(), new SctpAssociationConfig());
    }

    public static SctpPair connected(final SctpAssociationConfig configA, final SctpAssociationConfig configB) {
        final SctpPair pair = new SctpPair(configA, configB, null, null);
        pair.pumpUntil(() -> pair.a.connected && pair.b.connected, 5_000);
        return pair;
    }

    /** A pair whose listeners also forward to {@code extraA} / {@code extraB} (e.g. DataChannels); not pumped yet. */
    public static SctpPair unconnected(final SctpAssociationConfig configA, final SctpAssociationConfig configB,
        final SctpListener extraA, final SctpListener extraB) {
        return new SctpPair(configA, configB, extraA, extraB);
    }

    /** Moves queued packets both ways until none are left; returns how many moved. */
    public int pump() {
        int moved = 0;
        boolean progress = true;
        while (progress) {
            progress = false;
            for (final Endpoint from : new Endpoint[] {a, b}) {
                final byte[] packet = from.outbox.poll();
                if (packet != null) {
                    progress = true;
                    moved++;
                    final Endpoint to = from.peer;
                    if (!to.association.isClosed() || to.acceptAfterClose) {
                        to.association.input(MemorySegment.ofArray(packet), 0, packet.length);
                    }
                }
            }
        }
        return moved;
    }

    /** Runs usrsctp's timers with the real time elapsed since the last run (see SctpStack#handleTimers). */
    public void runTimers() {
        final long nowNs = System.nanoTime();
        final int elapsedMs = (int) ((nowNs - lastTimersNs) / 1_000_000);
        if (elapsedMs > 0) {
            lastTimersNs += elapsedMs * 1_000_000L;
            SctpStack.get().handleTimers(elapsedMs);
        }
    }

    /** Pumps and runs timers until {@code condition} holds; fails after {@code timeoutMs}. */
    public void pumpUntil(final BooleanSupplier condition, final long timeoutMs) {
        final long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within " + timeoutMs + " ms");
            if (pump() == 0) {
                runTimers();
                if (pump() == 0 && !condition.getAsBoolean()) {
                    Thread.onSpinWait();
                    sleepBriefly();
                }
            }
        }
    }

    /** Pumps and runs timers for {@code durationMs}, whatever happens. */
    public void pumpFor(final long durationMs) {
        final long deadline = System.nanoTime() + durationMs * 1_000_000L;
        while (System.nanoTime() < deadline) {
            if (pump() == 0) {
                runTimers();
                sleepBriefly();
            }
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(1);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        a.association.close();
        b.association.close();
        pump();
    }

    public static MemorySegment bytes(final int length, final int seed) {
        final byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (seed * 31 + i);
        }
        return MemorySegment.ofArray(data);
    }

    /** One side: sink and listener, recording everything. */
    public static final class Endpoint implements SctpPacketSink, SctpListener {
        public final String name;
        public final SctpListener extra;
        public Endpoint peer;
        public SctpAssociation association;
        public final ArrayDeque<byte[]> outbox = new ArrayDeque<>();
        /** Every packet this side emitted, in order (also the ones dropped by {@link #dropOutgoing}). */
        public final List<byte[]> sent = new ArrayList<>();
        public final List<Message> messages = new ArrayList<>();
        public final List<Integer> resets = new ArrayList<>();
        public Predicate<byte[]> dropOutgoing = packet -> false;
        public boolean acceptAfterClose;
        public boolean connected;
        public SctpCloseReason closed;
        public int maxPacketLength;

        Endpoint(final String name, final SctpListener extra) {
            this.name = name;
            this.extra = extra;
        }

        @Override
        public void onSctpPacket(final MemorySegment packet, final int lengthBytes) {
            final byte[] copy = packet.asSlice(0, lengthBytes).toArray(ValueLayout.JAVA_BYTE);
            sent.add(copy);
            maxPacketLength = Math.max(maxPacketLength, lengthBytes);
            if (!dropOutgoing.test(copy)) {
                outbox.add(copy);
            }
        }

        @Override
        public void onConnected() {
            connected = true;
            if (extra != null) {
                extra.onConnected();
            }
        }

        @Override
        public void onMessage(final int streamId, final int ppid, final MemorySegment segment, final long offset,
            final int lengthBytes) {
            messages.add(new Message(streamId, ppid, segment.asSlice(offset, lengthBytes).toArray(ValueLayout.JAVA_BYTE)));
            if (extra != null) {
                extra.onMessage(streamId, ppid, segment, offset, lengthBytes);
            }
        }

        @Override
        public void onStreamReset(final int streamId) {
            resets.add(streamId);
            if (extra != null) {
                extra.onStreamReset(streamId);
            }
        }

        @Override
        public void onClosed(final SctpCloseReason reason) {
            closed = reason;
            if (extra != null) {
                extra.onClosed(reason);
            }
        }

        /** Packets this side emitted that contain a chunk of {@code type}. */
        public long sentWithChunk(final int type) {
            return sent.stream().filter(p -> SctpPackets.hasChunk(p, type)).count();
        }

        /** The verification tag this side puts on its packets: the tag its peer expects. */
        public int peerVerificationTag() {
            for (int i = sent.size() - 1; i >= 0; i--) {
                final byte[] packet = sent.get(i);
                if (!SctpPackets.hasChunk(packet, SctpPackets.INIT)) {
                    return SctpPackets.verificationTag(packet);
                }
            }
            throw new AssertionError(name + " has sent nothing but INITs");
        }
    }

    public record Message(int streamId, int ppid, byte[] data) {
    }
}
