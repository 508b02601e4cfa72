package io.deltad.dtls.dtls;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * What one application-data record costs through {@link DtlsEndpoint} (the JDK engine underneath), in records per
 * second and heap bytes allocated per record, for 64-byte and 1 KiB payloads, next to a raw AES-128-GCM encryption
 * of the same payload with {@link Cipher} measured in the same run. Not a test and not a JMH benchmark: a quick
 * measurement for docs/DTLS.md, single-threaded, after warm-up. Run from the repository root after
 * {@code mvn -pl dtls -am test-compile}:
 *
 * <pre>
 * java -cp dtls/target/classes:dtls/target/test-classes:$(ls ~/.m2/repository/org/bouncycastle/*&#47;1.87/*.jar | tr '\n' :) \
 *     io.deltad.dtls.dtls.DtlsRecordCost
 * </pre>
 */
public final class DtlsRecordCost {
    private static final int WARMUP = 200_000;
    private static final int RECORDS = 1_000_000;
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Queues handshake datagrams; once measuring, counts bytes or hands each datagram straight to the peer. */
    private static final class CostListener implements DtlsListener {
        final ArrayDeque<byte[]> queue = new ArrayDeque<>();
        boolean measuring;
        DtlsEndpoint forwardTo;
        long bytesOut;
        long bytesIn;

        @Override
        public void onDatagram(final ByteBuffer datagram) {
            if (!measuring) {
                queue.add(RecordingListener.copy(datagram));
            } else if (forwardTo != null) {
                forwardTo.onDatagram(datagram, 0);
            } else {
                bytesOut += datagram.remaining();
            }
        }

        @Override
        public void onApplicationData(final ByteBuffer data) {
            bytesIn += data.remaining();
        }

        @Override
        public void onConnected() {
        }

        @Override
        public void onClosed(final DtlsFailure reason) {
            throw new IllegalStateException("closed: " + reason);
        }
    }

    private record Result(double recordsPerSec, double bytesPerRecord) {
        @Override
        public String toString() {
            return String.format("%,10.0f records/s  %7.1f B allocated/record", recordsPerSec, bytesPerRecord);
        }
    }

    public static void main(final String[] args) throws Exception {
        System.out.println(System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", "
            + Runtime.getRuntime().availableProcessors() + " CPUs, " + System.getProperty("os.arch"));
        final boolean heap = args.length > 0 && args[0].equals("heap");
        System.out.println("payload buffers: " + (heap ? "heap" : "direct") + " (argument 'heap' for heap)");
        for (final int size : new int[] {64, 1024}) {
            final ByteBuffer payload = heap ? ByteBuffer.allocate(size) : ByteBuffer.allocateDirect(size);
            System.out.printf("payload %4d B  raw AES-128-GCM (Cipher, heap arrays) %s%n", size, rawGcm(size));
            System.out.printf("payload %4d B  DtlsEndpoint.send                     %s%n", size, send(payload, false));
            System.out.printf("payload %4d B  send + peer onDatagram (decrypt)      %s%n", size, send(payload, true));
        }
    }

    private static Result send(final ByteBuffer payload, final boolean deliver) {
        final CostListener serverListener = new CostListener();
        final CostListener clientListener = new CostListener();
        final DtlsEndpoint server = new DtlsEndpoint(DtlsRole.SERVER, DtlsPair.SERVER_CERTIFICATE,
            DtlsPair.CLIENT_CERTIFICATE.fingerprint(), serverListener);
        final DtlsEndpoint client = new DtlsEndpoint(DtlsRole.CLIENT, DtlsPair.CLIENT_CERTIFICATE,
            DtlsPair.SERVER_CERTIFICATE.fingerprint(), clientListener);
        server.start(0);
        client.start(0);
        for (int i = 0; i < 100 && (!clientListener.queue.isEmpty() || !serverListener.queue.isEmpty()); i++) {
            while (!clientListener.queue.isEmpty()) {
                server.onDatagram(ByteBuffer.wrap(clientListener.queue.poll()), 0);
            }
            while (!serverListener.queue.isEmpty()) {
                client.onDatagram(ByteBuffer.wrap(serverListener.queue.poll()), 0);
            }
        }
        if (client.state() != DtlsState.CONNECTED || server.state() != DtlsState.CONNECTED) {
            throw new IllegalStateException("no handshake");
        }
        clientListener.measuring = true;
        serverListener.measuring = true;
        clientListener.forwardTo = deliver ? server : null;
        for (int i = 0; i < WARMUP; i++) {
            payload.clear();
            client.send(payload);
        }
        final long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
        final long startNs = System.nanoTime();
        for (int i = 0; i < RECORDS; i++) {
            payload.clear();
            if (!client.send(payload)) {
                throw new IllegalStateException("send refused");
            }
        }
        final long elapsedNs = System.nanoTime() - startNs;
        final long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
        if (deliver && server.recordsDelivered() != WARMUP + RECORDS) {
            throw new IllegalStateException("delivered " + server.recordsDelivered());
        }
        return new Result(RECORDS * 1e9 / elapsedNs, (double) allocated / RECORDS);
    }

    private static Result rawGcm(final int size) throws Exception {
        final Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        final SecretKeySpec key = new SecretKeySpec(new byte[16], "AES");
        final byte[] plaintext = new byte[size];
        final byte[] ciphertext = new byte[size + 16];
        final byte[] aad = new byte[13];
        final byte[] iv = new byte[12];
        long counter = 0;
        for (int i = 0; i < WARMUP; i++) {
            counter = gcm(cipher, key, iv, counter, aad, plaintext, ciphertext);
        }
        final long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
        final long startNs = System.nanoTime();
        for (int i = 0; i < RECORDS; i++) {
            counter = gcm(cipher, key, iv, counter, aad, plaintext, ciphertext);
        }
        final long elapsedNs = System.nanoTime() - startNs;
        final long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
        return new Result(RECORDS * 1e9 / elapsedNs, (double) allocated / RECORDS);
    }

    private static long gcm(final Cipher cipher, final SecretKeySpec key, final byte[] iv, final long counter,
        final byte[] aad, final byte[] plaintext, final byte[] ciphertext) throws Exception {
        // A fresh nonce per record, as the record layer uses (GCM refuses to reuse one with the same key).
        for (int i = 0; i < 8; i++) {
            iv[4 + i] = (byte) (counter >>> (56 - 8 * i));
        }
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        cipher.updateAAD(aad);
        cipher.doFinal(plaintext, 0, plaintext.length, ciphertext, 0);
        return counter + 1;
    }
}
