import io.deltad.tools.client.WebRtcClient;
import io.deltad.wire.DocIds;
import io.deltad.wire.FrameHeader;
import io.deltad.wire.FrameType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.URI;
import java.time.Duration;

/**
 * Load through the appliance's front door for the walkthrough in docs/OPERATIONS.md: one WebRTC session (signaling
 * POST /v1/sessions, ICE, DTLS, SCTP, the deltad/1 control channel, as a browser opens it) writes the opaque type yjs
 * (id 3) at fixed rates, yjs/7 ~2,000/s, yjs/8 ~500/s, yjs/9 ~100/s, and a second session subscribes to yjs/7.
 * Not a benchmark: pacing is a sleep loop on one thread.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED --add-opens java.base/jdk.internal.misc=ALL-UNNAMED \
 *   --add-opens java.base/java.nio=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
 *   -cp '/opt/deltad/lib/app/*:/opt/deltad/lib/app/lib/*' deploy/walkthrough/WebRtcLoad.java \
 *   http://127.0.0.1:8080 "$(deltactl token --sub load --read 'yjs/*' --write 'yjs/*')" 60
 * </pre>
 * Needs a JDK 25 (the source launcher; the packaged runtime has no compiler). Arguments: signaling base URL, a token
 * that may read and write yjs/*, seconds to run.
 */
public final class WebRtcLoad {
    private static final long[] DOCS = {DocIds.of(3, 7), DocIds.of(3, 8), DocIds.of(3, 9)};
    private static final int[] RATES = {2_000, 500, 100};

    public static void main(final String[] args) throws Exception {
        final URI signaling = URI.create(args[0]);
        final String token = args[1];
        final long seconds = Long.parseLong(args[2]);
        final long[] received = new long[1];
        final FrameHeader in = new FrameHeader();
        final WebRtcClient subscriber = WebRtcClient.connect(signaling, token, Duration.ofSeconds(10),
            (segment, offset, length) -> {
                for (long p = offset; p < offset + length; p += in.frameLength()) {
                    if (in.wrap(segment, p).type() == FrameType.DELTA) {
                        received[0]++;
                    }
                }
            });
        final long[] acked = new long[1]; // ACKs and NACKs: answered deltas, for a window of 512 unanswered
        final FrameHeader ack = new FrameHeader();
        final WebRtcClient publisher = WebRtcClient.connect(signaling, token, Duration.ofSeconds(10),
            (segment, offset, length) -> {
                for (long p = offset; p < offset + length; p += ack.frameLength()) {
                    if (ack.wrap(segment, p).type() == FrameType.ACK || ack.type() == FrameType.NACK) {
                        acked[0]++;
                    }
                }
            });
        System.out.println("connected: publisher " + publisher.location() + ", subscriber " + subscriber.location());

        final MemorySegment buffer = Arena.ofAuto().allocate(64, 8);
        final FrameHeader out = new FrameHeader();
        out.wrap(buffer, 0).write(FrameType.SUBSCRIBE, 0, DOCS[0], 1, 0);
        send(subscriber, buffer, FrameHeader.LENGTH);

        final long startNs = System.nanoTime();
        final long endNs = startNs + seconds * 1_000_000_000L;
        final long[] sent = new long[DOCS.length];
        long total = 0;
        long nextReportNs = startNs + 10_000_000_000L;
        while (System.nanoTime() < endNs && !publisher.isClosed()) {
            final long elapsedNs = System.nanoTime() - startNs;
            boolean wrote = false;
            for (int d = 0; d < DOCS.length; d++) {
                if (sent[d] < elapsedNs * RATES[d] / 1_000_000_000L && acked[0] > total - 512) {
                    sent[d]++;
                    total++;
                    // seq is the clientSeq, one sequence per session across its documents (PROTOCOL.md §5).
                    out.wrap(buffer, 0).write(FrameType.DELTA, 0, DOCS[d], total, 8);
                    buffer.set(ValueLayout.JAVA_LONG_UNALIGNED, FrameHeader.LENGTH, total);
                    send(publisher, buffer, FrameHeader.LENGTH + 8);
                    wrote = true;
                }
            }
            if (publisher.poll() + subscriber.poll() == 0 && !wrote) {
                Thread.sleep(0, 200_000);
            }
            if (System.nanoTime() >= nextReportNs) {
                System.out.printf("%ds: sent %,d, answered %,d, subscriber received %,d%n",
                    (System.nanoTime() - startNs) / 1_000_000_000L, total, acked[0], received[0]);
                nextReportNs += 10_000_000_000L;
            }
        }
        System.out.printf("done: sent %,d, answered %,d, subscriber received %,d%n", total, acked[0], received[0]);
        publisher.close();
        subscriber.close();
    }

    private static void send(final WebRtcClient client, final MemorySegment buffer, final int length) {
        final long deadlineNs = System.nanoTime() + 5_000_000_000L;
        while (client.send(buffer, 0, length) != 0) {
            if (System.nanoTime() > deadlineNs) {
                throw new IllegalStateException("SCTP send buffer stayed full for 5 s");
            }
            client.poll();
        }
    }
}
