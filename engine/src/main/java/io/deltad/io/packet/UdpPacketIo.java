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
 * <p>UDP GSO ({@code UDP_SEGMENT}, Linux 4.18), on by default where the kernel has it: consecutive datagrams of a TX
 * burst to the same peer, all of one size but a shorter last one (what SCTP makes of a backlog: full packets, then the
 * rest), leave as one message of several iovecs with a {@code UDP_SEGMENT} control message, and the kernel cuts them
 * into the same datagrams after one trip down the stack instead of one per datagram. The receiver sees the same
 * datagrams either way. A device that cannot segment ({@code EIO}, {@code EINVAL}) turns GSO off for the socket.
 *
 * <p>Owned by one IoAgent thread. {@code SO_REUSEPORT} is set so several appliances' agents could share a port,
 * but deltad gives each IoAgent its own port so that a session's datagrams always reach the agent that owns it.
 */
public final class UdpPacketIo implements PacketIo {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UdpPacketIo.class);
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
    /** One {@code UDP_SEGMENT} control message per TX message. */
    private final MemorySegment txControl;
    private final long txNamesAddress;
    private final long txIovecsAddress;
    private final long txControlAddress;
    /** Datagrams in each TX message of the current burst (1 without GSO). */
    private final int[] messageDatagrams;
    private boolean gso;
    private int gsoOffErrno;
    private long gsoMessages;
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
        this(bindAddress, port, burst, socketBufferBytes, true);
    }

    /**
     * As {@link #UdpPacketIo(InetAddress, int, int, int)}; {@code gso} false sends every datagram as its own message
     * even where the kernel offers UDP GSO ({@code [webrtc] gso}).
     */
    public UdpPacketIo(final InetAddress bindAddress, final int port, final int burst, final int socketBufferBytes,
        final boolean gso) {
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
        this.txControl = arena.allocate((long) burst * Mmsghdr.UDP_SEGMENT_CMSG_SPACE, 8);
        this.txNamesAddress = txNames.address();
        this.txIovecsAddress = txIovecs.address();
        this.txControlAddress = txControl.address();
        this.messageDatagrams = new int[burst];
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
            // Segment size 0 as the socket's default: no change, but refused by a kernel without UDP GSO.
            final MemorySegment zero = arena.allocate(ValueLayout.JAVA_INT);
            this.gso = gso && Libc.setsockopt(errno, fd, Libc.SOL_UDP, Libc.UDP_SEGMENT, zero, 4) == 0;
            if (gso && !this.gso) {
                LOG.info("udp {}: the kernel has no UDP GSO ({}): one message per datagram", localAddress,
                    Libc.strerror(Libc.errno(errno)));
            }
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

    /** At most this many datagrams in one GSO message (the kernel's UDP_MAX_SEGMENTS is 64 or more). */
    static final int GSO_MAX_SEGMENTS = 64;
    /** At most this many payload bytes in one GSO message (one IPv4 datagram's worth, with room for headers). */
    static final int GSO_MAX_BYTES = 60_000;

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
        int messages = 0;
        for (int first = 0; first < count; ) {
            final int datagrams = gso ? segmentRun(first, count) : 1;
            final int control = datagrams > 1 ? Mmsghdr.UDP_SEGMENT_CMSG_SPACE : 0;
            if (datagrams > 1) {
                Mmsghdr.udpSegment(txControl, (long) messages * Mmsghdr.UDP_SEGMENT_CMSG_SPACE, tx.length(first));
                gsoMessages++;
            }
            Mmsghdr.point(txMessages, messages, txNamesAddress + (long) first * SockaddrIn.SIZE,
                txIovecsAddress + (long) first * Mmsghdr.IOVEC_SIZE, datagrams,
                txControlAddress + (long) messages * Mmsghdr.UDP_SEGMENT_CMSG_SPACE, control);
            messageDatagrams[messages++] = datagrams;
            first += datagrams;
        }
        int sent = 0;
        while (sent < messages) {
            final int n = Libc.sendmmsg(fd, txFrom[sent], messages - sent, Libc.MSG_DONTWAIT);
            if (n > 0) {
                sent += n;
                continue;
            }
            if (messageDatagrams[sent] > 1 && resendSegmented(sent)) {
                sent++;
                continue;
            }
            // EAGAIN (socket buffer full) or a per-destination error (ECONNREFUSED, EPERM): drop the head message.
            sendDrops += messageDatagrams[sent];
            sent++;
        }
        tx.clear();
        return count;
    }

    /**
     * How many datagrams from {@code first} can leave as one GSO message: same peer, the same length as the first
     * but for a shorter last one, within the kernel's limits.
     */
    private int segmentRun(final int first, final int count) {
        final int size = tx.length(first);
        final int ip = tx.remoteIp(first);
        final int port = tx.remotePort(first);
        int bytes = size;
        int run = 1;
        while (size > 0 && first + run < count && run < GSO_MAX_SEGMENTS) {
            final int next = first + run;
            final int length = tx.length(next);
            if (tx.remoteIp(next) != ip || tx.remotePort(next) != port || length > size || length == 0
                || bytes + length > GSO_MAX_BYTES) {
                break;
            }
            bytes += length;
            run++;
            if (length < size) {
                break; // only the last may be shorter
            }
        }
        return run;
    }

    /**
     * A GSO message was refused: tries it once more, learning why. Sent: true. A device that cannot segment (any
     * error but EAGAIN) turns GSO off for good, and the message is dropped like any refused one (false).
     */
    private boolean resendSegmented(final int message) {
        if (Libc.sendmmsg(errno, fd, txFrom[message], 1, Libc.MSG_DONTWAIT) == 1) {
            return true;
        }
        final int error = Libc.errno(errno);
        if (error != Libc.EAGAIN && error != Libc.EINTR) {
            gso = false;
            gsoOffErrno = error;
            LOG.warn("udp {}: UDP GSO refused ({}): turned off, one message per datagram from now on", localAddress,
                Libc.strerror(error));
        }
        return false;
    }

    /** True while TX bursts use UDP GSO (offered by the kernel, asked for, and never refused by the device). */
    public boolean gso() { return gso; }

    /** errno of the send that turned GSO off, 0 if none did. */
    public int gsoOffErrno() { return gsoOffErrno; }

    /** Messages sent with UDP GSO (each several datagrams). */
    public long gsoMessages() { return gsoMessages; }

    @Override
    public InetSocketAddress localAddress() { return localAddress; }

    /** {@code udp 127.0.0.1:50000, gso}: for logs and {@code deltactl status}. */
    @Override
    public String toString() {
        return "udp " + localAddress.getAddress().getHostAddress() + ':' + localAddress.getPort()
            + (gso ? ", gso" : gsoOffErrno != 0 ? ", gso off (" + Libc.strerror(gsoOffErrno) + ')' : ", no gso");
    }

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
