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

    /** Sends datagrams of {@code lengths} (to {@code ports}, by index) and returns what b and c received, as "port:length:tag". */
    private static java.util.List<String> exchange(final UdpPacketIo sender, final int[] lengths, final int[] ports,
        final UdpPacketIo... receivers) {
        for (int i = 0; i < lengths.length; i++) {
            final int slot = sender.tx().claim();
            sender.tx().segment().asSlice(sender.tx().slotOffset(slot), lengths[i]).fill((byte) i);
            sender.tx().commit(slot, lengths[i], LOOPBACK_IP, ports[i]);
        }
        assertEquals(lengths.length, sender.send());
        final java.util.List<String> got = new java.util.ArrayList<>();
        final long deadline = System.nanoTime() + 2_000_000_000L;
        while (got.size() < lengths.length && System.nanoTime() < deadline) {
            for (final UdpPacketIo receiver : receivers) {
                final int n = receiver.receive();
                for (int i = 0; i < n; i++) {
                    final DatagramBurst rx = receiver.rx();
                    final byte tag = rx.segment().get(ValueLayout.JAVA_BYTE, rx.slotOffset(i));
                    for (int j = 1; j < rx.length(i); j++) {
                        assertEquals(tag, rx.segment().get(ValueLayout.JAVA_BYTE, rx.slotOffset(i) + j), "one datagram's bytes");
                    }
                    got.add(receiver.localAddress().getPort() + ":" + rx.length(i) + ":" + tag);
                }
            }
        }
        return got;
    }

    @Test
    void shouldSendRunsToOnePeerAsOneGsoMessageWithTheSameDatagramsArriving() {
        a = new UdpPacketIo(LOOPBACK, 0, 32, 1 << 20);
        b = new UdpPacketIo(LOOPBACK, 0, 32, 1 << 20);
        try (UdpPacketIo c = new UdpPacketIo(LOOPBACK, 0, 32, 1 << 20)) {
            assertTrue(a.gso(), "the kernel offers UDP_SEGMENT (Linux >= 4.18)");
            final int pb = b.localAddress().getPort();
            final int pc = c.localAddress().getPort();
            // b: 5 x 1200 then 700 (one run); c: 1200, 1200 (one run); b: 300 then 1200 (a longer one ends a run: two
            // messages); c: 1200 then 1100 then 1100 (the second shorter one starts a new run).
            final int[] lengths = {1200, 1200, 1200, 1200, 1200, 700, 1200, 1200, 300, 1200, 1200, 1100, 1100};
            final int[] ports = {pb, pb, pb, pb, pb, pb, pc, pc, pb, pb, pc, pc, pc};
            final java.util.List<String> got = exchange(a, lengths, ports, b, c);
            final java.util.List<String> expected = new java.util.ArrayList<>();
            for (int i = 0; i < lengths.length; i++) {
                expected.add(ports[i] + ":" + lengths[i] + ":" + i);
            }
            assertEquals(new java.util.TreeSet<>(expected), new java.util.TreeSet<>(got), "every datagram, its own length and bytes");
            assertEquals(expected.size(), got.size(), "nothing twice");
            assertEquals(expected.stream().filter(e -> e.startsWith(pb + ":")).toList(),
                got.stream().filter(e -> e.startsWith(pb + ":")).toList(), "in order per peer");
            assertEquals(3, a.gsoMessages(), "runs of several datagrams: b's first six, c's two, c's 1200+1100");
            assertEquals(0, a.sendDrops());
        }
    }

    @Test
    void shouldSendEachDatagramAloneWithGsoOff() {
        a = new UdpPacketIo(LOOPBACK, 0, 32, 1 << 20, false);
        b = new UdpPacketIo(LOOPBACK, 0, 32, 1 << 20);
        final int pb = b.localAddress().getPort();
        final java.util.List<String> got = exchange(a, new int[] {1200, 1200, 600}, new int[] {pb, pb, pb}, b);
        assertEquals(java.util.List.of(pb + ":1200:0", pb + ":1200:1", pb + ":600:2"), got);
        assertTrue(!a.gso());
        assertEquals(0, a.gsoMessages());
    }
}
