package io.deltad.io.packet;

import io.deltad.bindings.libc.Libc;
import io.deltad.bindings.libc.Mmsghdr;
import io.deltad.bindings.libc.SockaddrIn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Kernel UDP: one non-blocking IPv4 socket, {@code recvmmsg} for a whole RX burst and {@code sendmmsg} for a whole
 * TX burst, through FFM (one downcall per burst, not per datagram; the JDK's DatagramChannel makes one per datagram).
 * The message headers, address buffers and iovecs are laid out once, pointing at the bursts' slots.
 *
 * <p>Owned by one IoAgent thread. {@code SO_REUSEPORT} is set so several appliances' agents could share a port,
 * but deltad gives each IoAgent its own port so that a session's datagrams always reach the agent that owns it.
 */
public final class UdpPacketIo implements PacketIo {
    private final Arena arena = Arena.ofShared();
    private final MemorySegment errno;
    private final int fd;
    private final InetSocketAddress localAddress;
    private final DatagramBurst rx;
    private final DatagramBurst tx;
    private final MemorySegment rxMessages;
    private final MemorySegment rxNames;
    private final MemorySegment rxIovecs;
    private final MemorySegment txMessages;
    private final MemorySegment txNames;
    private final MemorySegment txIovecs;
    /** {@code txMessages} from message i on: sendmmsg resumes after a partial send without slicing per call. */
    private final MemorySegment[] txFrom;
    private long sendDrops;
    private long receiveErrors;
    private boolean closed;

    /**
     * Opens and binds the socket.
     *
     * @param bindAddress an IPv4 address ({@code 0.0.0.0} for all)
     * @param port        0 for one the kernel picks
     * @param burst       datagrams per burst (RX and TX), e.g. 32
     * @param socketBufferBytes SO_RCVBUF / SO_SNDBUF (the kernel doubles it and caps it at net.core.*mem_max)
     */
    public UdpPacketIo(final InetAddress bindAddress, final int port, final int burst, final int socketBufferBytes) {
        if (!(bindAddress instanceof Inet4Address)) {
            throw new IllegalArgumentException("UDP bind address must be IPv4: " + bindAddress);
        }
        this.errno = Libc.errnoSegment(arena);
        this.rx = new DatagramBurst(arena, burst, SLOT_BYTES);
        this.tx = new DatagramBurst(arena, burst, SLOT_BYTES);
        this.rxMessages = arena.allocate((long) burst * Mmsghdr.SIZE, 8);
        this.rxNames = arena.allocate((long) burst * SockaddrIn.SIZE, 8);
        this.rxIovecs = arena.allocate((long) burst * Mmsghdr.IOVEC_SIZE, 8);
        this.txMessages = arena.allocate((long) burst * Mmsghdr.SIZE, 8);
        this.txNames = arena.allocate((long) burst * SockaddrIn.SIZE, 8);
        this.txIovecs = arena.allocate((long) burst * Mmsghdr.IOVEC_SIZE, 8);
        this.txFrom = new MemorySegment[burst];
        for (int i = 0; i < burst; i++) {
            txFrom[i] = txMessages.asSlice((long) i * Mmsghdr.SIZE);
            Mmsghdr.iovec(rxIovecs, i, rx.segment().asSlice(rx.slotOffset(i), SLOT_BYTES), SLOT_BYTES);
            Mmsghdr.init(rxMessages, i, rxNames.asSlice((long) i * SockaddrIn.SIZE, SockaddrIn.SIZE), SockaddrIn.SIZE,
                rxIovecs.asSlice((long) i * Mmsghdr.IOVEC_SIZE, Mmsghdr.IOVEC_SIZE));
            Mmsghdr.iovec(txIovecs, i, tx.segment().asSlice(tx.slotOffset(i), SLOT_BYTES), 0);
            Mmsghdr.init(txMessages, i, txNames.asSlice((long) i * SockaddrIn.SIZE, SockaddrIn.SIZE), SockaddrIn.SIZE,
                txIovecs.asSlice((long) i * Mmsghdr.IOVEC_SIZE, Mmsghdr.IOVEC_SIZE));
        }
        final int socket = Libc.socket(errno, Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC,
            Libc.IPPROTO_UDP);
        if (socket < 0) {
            final int error = Libc.errno(errno);
            arena.close();
            throw failure("socket", error);
        }
        this.fd = socket;
        try {
            setIntOption(Libc.SO_REUSEADDR, 1);
            setIntOption(Libc.SO_REUSEPORT, 1);
            if (socketBufferBytes > 0) {
                setIntOption(Libc.SO_RCVBUF, socketBufferBytes);
                setIntOption(Libc.SO_SNDBUF, socketBufferBytes);
            }
            final MemorySegment address = arena.allocate(SockaddrIn.LAYOUT);
            SockaddrIn.set(address, 0, ipv4(bindAddress), port);
            if (Libc.bind(errno, fd, address, SockaddrIn.SIZE) != 0) {
                throw failure("bind " + bindAddress.getHostAddress() + ":" + port, Libc.errno(errno));
            }
            final MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
            length.set(ValueLayout.JAVA_INT, 0, SockaddrIn.SIZE);
            if (Libc.getsockname(errno, fd, address, length) != 0) {
                throw failure("getsockname", Libc.errno(errno));
            }
            this.localAddress = new InetSocketAddress(bindAddress, SockaddrIn.port(address, 0));
        } catch (final RuntimeException ex) {
            Libc.close(errno, fd);
            arena.close();
            throw ex;
        }
    }

    /** Bytes per datagram slot: more than any DTLS record we or a browser send (MTU ~1200-1500). */
    public static final int SLOT_BYTES = 2048;

    private void setIntOption(final int option, final int value) {
        final MemorySegment v = arena.allocate(ValueLayout.JAVA_INT);
        v.set(ValueLayout.JAVA_INT, 0, value);
        if (Libc.setsockopt(errno, fd, Libc.SOL_SOCKET, option, v, 4) != 0) {
            throw failure("setsockopt " + option, Libc.errno(errno));
        }
    }

    private static UncheckedIOException failure(final String call, final int error) {
        return new UncheckedIOException(new IOException(call + " failed: " + Libc.strerror(error) + " (errno " + error + ")"));
    }

    /** An IPv4 address as the host-order int {@link DatagramBurst} uses ({@code 127.0.0.1} is {@code 0x7F000001}). */
    public static int ipv4(final InetAddress address) {
        final byte[] b = address.getAddress();
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    /** An IPv4 address from its host-order int. */
    public static InetAddress address(final int ipv4) {
        try {
            return InetAddress.getByAddress(new byte[] {
                (byte) (ipv4 >>> 24), (byte) (ipv4 >>> 16), (byte) (ipv4 >>> 8), (byte) ipv4});
        } catch (final UnknownHostException ex) {
            throw new AssertionError(ex);
        }
    }

    @Override
    public DatagramBurst rx() { return rx; }

    @Override
    public DatagramBurst tx() { return tx; }

    @Override
    public int receive() {
        final int capacity = rx.capacity();
        for (int i = 0; i < capacity; i++) {
            Mmsghdr.nameLength(rxMessages, i, SockaddrIn.SIZE);
        }
        // -1 is nearly always EAGAIN (nothing there); an ICMP-reported error (ECONNREFUSED) is cleared by the call.
        final int received = Libc.recvmmsg(fd, rxMessages, capacity, Libc.MSG_DONTWAIT);
        if (received <= 0) {
            rx.count(0);
            return 0;
        }
        int kept = 0;
        for (int i = 0; i < received; i++) {
            final int length = Mmsghdr.length(rxMessages, i);
            if ((Mmsghdr.flags(rxMessages, i) & Mmsghdr.MSG_TRUNC) != 0
                || SockaddrIn.family(rxNames, (long) i * SockaddrIn.SIZE) != Libc.AF_INET) {
                receiveErrors++; // larger than any datagram of ours: not for us
                continue;
            }
            if (kept != i) {
                MemorySegment.copy(rx.segment(), rx.slotOffset(i), rx.segment(), rx.slotOffset(kept), length);
            }
            rx.set(kept++, length, SockaddrIn.address(rxNames, (long) i * SockaddrIn.SIZE),
                SockaddrIn.port(rxNames, (long) i * SockaddrIn.SIZE));
        }
        rx.count(kept);
        return kept;
    }

    @Override
    public int send() {
        final int count = tx.count();
        if (count == 0) {
            return 0;
        }
        for (int i = 0; i < count; i++) {
            SockaddrIn.set(txNames, (long) i * SockaddrIn.SIZE, tx.remoteIp(i), tx.remotePort(i));
            Mmsghdr.iovecLength(txIovecs, i, tx.length(i));
        }
        int sent = 0;
        while (sent < count) {
            final int n = Libc.sendmmsg(fd, txFrom[sent], count - sent, Libc.MSG_DONTWAIT);
            if (n > 0) {
                sent += n;
                continue;
            }
            // EAGAIN (socket buffer full) or a per-destination error (ECONNREFUSED, EPERM): drop the head datagram.
            sendDrops++;
            sent++;
        }
        tx.clear();
        return count;
    }

    @Override
    public InetSocketAddress localAddress() { return localAddress; }

    @Override
    public long sendDrops() { return sendDrops; }

    /** recvmmsg failures other than "nothing there", and oversized datagrams. */
    public long receiveErrors() { return receiveErrors; }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Libc.close(errno, fd);
            arena.close();
        }
    }
}
