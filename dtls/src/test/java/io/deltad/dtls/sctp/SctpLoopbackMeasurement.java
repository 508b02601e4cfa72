package io.deltad.dtls.sctp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A quick measurement, not a benchmark and not a test (no JMH, not run by surefire): messages per second from one
 * association to another in this process, packets moved through memory, no DTLS. One pair per thread; with several
 * threads it shows how usrsctp's process-wide locks let pairs scale.
 *
 * <pre>
 *   java --enable-native-access=ALL-UNNAMED -cp bindings/target/classes:dtls/target/classes:dtls/target/test-classes \
 *     io.deltad.dtls.sctp.SctpLoopbackMeasurement [messageBytes=64] [threads=1] [seconds=5]
 * </pre>
 */
public final class SctpLoopbackMeasurement {
    private SctpLoopbackMeasurement() {
    }

    public static void main(final String[] args) throws InterruptedException {
        final int messageBytes = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        final int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        final int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        SctpStack.get();
        final AtomicLong total = new AtomicLong();
        final CountDownLatch done = new CountDownLatch(threads);
        final long[] cpuNs = new long[threads];
        for (int t = 0; t < threads; t++) {
            final int index = t;
            final Thread thread = new Thread(() -> {
                final long[] result = run(messageBytes, seconds, index == 0);
                total.addAndGet(result[0]);
                cpuNs[index] = result[1];
                done.countDown();
            }, "pair-" + t);
            thread.start();
        }
        done.await();
        long cpu = 0;
        for (final long ns : cpuNs) {
            cpu += ns;
        }
        final double rate = total.get() / (double) seconds;
        System.out.printf("messageBytes=%d threads=%d: %.0f messages/s total (%.0f MB/s), %.0f ns CPU per message%n",
            messageBytes, threads, rate, rate * messageBytes / 1e6, cpu / (double) total.get());
    }

    /** Sends A to B for {@code seconds} after a 1 s warm-up; returns messages delivered and CPU ns in that window. */
    private static long[] run(final int messageBytes, final int seconds, final boolean runsTimers) {
        try (Arena arena = Arena.ofConfined()) {
            final NativeLink aToB = new NativeLink(arena);
            final NativeLink bToA = new NativeLink(arena);
            final long[] received = new long[1];
            final boolean[] up = new boolean[2];
            final SctpAssociation a = SctpAssociation.create(SctpPair.nextId(), aToB, listener(up, 0, null), new SctpAssociationConfig());
            final SctpAssociation b = SctpAssociation.create(SctpPair.nextId(), bToA, listener(up, 1, received), new SctpAssociationConfig());
            final MemorySegment payload = arena.allocate(messageBytes);
            long lastTimers = System.nanoTime();
            final long start = System.nanoTime();
            final long measureFrom = start + 1_000_000_000L;
            final long end = measureFrom + seconds * 1_000_000_000L;
            long atMeasureStart = -1;
            long cpuAtMeasureStart = 0;
            while (true) {
                final long now = System.nanoTime();
                if (atMeasureStart < 0 && now >= measureFrom) {
                    atMeasureStart = received[0];
                    cpuAtMeasureStart = threadCpuNs();
                }
                if (now >= end) {
                    break;
                }
                if (up[0] && up[1]) {
                    for (int i = 0; i < 64; i++) {
                        if (a.send(1, 53, false, -1, payload, 0, messageBytes) != SctpSendStatus.SENT) {
                            break;
                        }
                    }
                }
                while (aToB.drainTo(b) + bToA.drainTo(a) > 0) {
                    // until quiet
                }
                final int elapsedMs = (int) ((now - lastTimers) / 1_000_000);
                if (elapsedMs > 0) {
                    lastTimers += elapsedMs * 1_000_000L;
                    if (runsTimers) {
                        SctpStack.get().handleTimers(elapsedMs);
                    }
                    a.drainDeferred();
                    b.drainDeferred();
                }
            }
            final long[] measured = {received[0] - atMeasureStart, threadCpuNs() - cpuAtMeasureStart};
            a.close();
            b.close();
            return measured;
        }
    }

    private static long threadCpuNs() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static SctpListener listener(final boolean[] up, final int index, final long[] received) {
        return new SctpListener() {
            @Override
            public void onConnected() {
                up[index] = true;
            }

            @Override
            public void onMessage(final int streamId, final int ppid, final MemorySegment segment, final long offset,
                final int lengthBytes) {
                if (received != null) {
                    received[0]++;
                }
            }

            @Override
            public void onStreamReset(final int streamId) {
            }

            @Override
            public void onClosed(final SctpCloseReason reason) {
            }
        };
    }

}
