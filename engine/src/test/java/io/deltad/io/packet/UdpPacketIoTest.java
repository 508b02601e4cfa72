package io.deltad.io.packet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UdpPacketIoTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int LOOPBACK_IP = 0x7F000001;
    private UdpPacketIo a;
    private UdpPacketIo b;

    @AfterEach
    void close() {
        if (a != null) a.close();
        if (b != null) b.close();
    }

    @Test
    void shouldCarryABurstBothWaysWithTheSendersAddress() {
        a = new UdpPacketIo(LOOPBACK, 0, 32, 1 << 20);
        b = new UdpPacketIo(LOOPBACK, 0, 32, 1 << 20);
        final int bPort = b.localAddress().getPort();
        for (int i = 0; i < 20; i++) {
            final int slot = a.tx().claim();
            a.tx().segment().set(ValueLayout.JAVA_INT, a.tx().slotOffset(slot), i);
            a.tx().commit(slot, 4 + i, LOOPBACK_IP, bPort);
        }
        assertEquals(20, a.send());
        assertEquals(0, a.tx().count());
        final int[] seen = new int[20];
        int got = 0;
        final long deadline = System.nanoTime() + 2_000_000_000L;
        while (got < 20 && System.nanoTime() < deadline) {
            final int n = b.receive();
            for (int i = 0; i < n; i++) {
                final int value = b.rx().segment().get(ValueLayout.JAVA_INT, b.rx().slotOffset(i));
                assertEquals(4 + value, b.rx().length(i));
                assertEquals(LOOPBACK_IP, b.rx().remoteIp(i));
                assertEquals(a.localAddress().getPort(), b.rx().remotePort(i));
                seen[value]++;
            }
            got += n;
        }
        assertEquals(20, got);
        for (final int count : seen) {
            assertEquals(1, count);
        }
    }

    @Test
    void shouldTalkToAnOrdinaryJdkSocket() throws IOException {
        a = new UdpPacketIo(LOOPBACK, 0, 8, 0);
        try (DatagramChannel peer = DatagramChannel.open()) {
            peer.bind(new InetSocketAddress(LOOPBACK, 0));
            peer.send(ByteBuffer.wrap(new byte[] {1, 2, 3}), a.localAddress());
            int n = 0;
            final long deadline = System.nanoTime() + 2_000_000_000L;
            while (n == 0 && System.nanoTime() < deadline) {
                n = a.receive();
            }
            assertEquals(1, n);
            assertEquals(3, a.rx().length(0));
            assertEquals(((InetSocketAddress) peer.getLocalAddress()).getPort(), a.rx().remotePort(0));
            final int slot = a.tx().claim();
            a.tx().segment().set(ValueLayout.JAVA_BYTE, a.tx().slotOffset(slot), (byte) 9);
            a.tx().commit(slot, 1, a.rx().remoteIp(0), a.rx().remotePort(0));
            a.send();
            final ByteBuffer in = ByteBuffer.allocate(16);
            peer.receive(in);
            assertEquals(1, in.position());
            assertEquals(9, in.get(0));
        }
    }

    @Test
    void shouldReturnNothingWhenNothingArrived() {
        a = new UdpPacketIo(LOOPBACK, 0, 8, 0);
        assertEquals(0, a.receive());
        assertEquals(0, a.rx().count());
    }

    @Test
    void shouldSayWhyBindFailed() {
        a = new UdpPacketIo(LOOPBACK, 0, 8, 0);
        final var ex = assertThrows(java.io.UncheckedIOException.class,
            () -> new UdpPacketIo(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1}), 0, 8, 0));
        assertTrue(ex.getMessage().contains("bind 192.0.2.1:0 failed"), ex.getMessage());
    }

    @Test
    void shouldNotAllocatePerBurstAfterWarmUp() {
        a = new UdpPacketIo(LOOPBACK, 0, 32, 1 << 20);
        b = new UdpPacketIo(LOOPBACK, 0, 32, 1 << 20);
        final int bPort = b.localAddress().getPort();
        final var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = 0;
        for (int round = 0; round < 30_000; round++) {
            if (round == 20_000) {
                before = threads.getCurrentThreadAllocatedBytes();
            }
            for (int i = 0; i < 8; i++) {
                a.tx().commit(a.tx().claim(), 64, LOOPBACK_IP, bPort);
            }
            a.send();
            b.receive();
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 4096, "allocated " + allocated + " bytes over 10,000 bursts");
    }
}
