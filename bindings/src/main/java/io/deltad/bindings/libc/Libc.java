package io.deltad.bindings.libc;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The libc calls the kernel UDP path and the systemd notification (an AF_UNIX datagram) need, in jextract's style:
 * one holder class per function with its {@code DESC}, {@code ADDR} and {@code HANDLE}, and a static method that calls
 * it with {@code invokeExact}.
 * Every call captures {@code errno} into a caller-owned segment ({@link #errnoSegment(Arena)}, read with
 * {@link #errno(MemorySegment)}) so that a failure is reported with its reason and nothing is thread-local.
 *
 * <p>Linux x86-64 / aarch64 only (LP64): the constants and struct layouts below are those of glibc there.
 */
public final class Libc {
    private Libc() {
    }

    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int IPPROTO_UDP = 17;
    public static final int SOL_SOCKET = 1;
    public static final int SO_REUSEADDR = 2;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_REUSEPORT = 15;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int EAGAIN = 11;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int EINVAL = 22;
    public static final int EMSGSIZE = 90;
    /** {@code SOL_UDP}: the level of UDP's own socket options and control messages. */
    public static final int SOL_UDP = 17;
    /** {@code UDP_SEGMENT} (linux/udp.h): UDP generic segmentation offload, as a socket option or a control message. */
    public static final int UDP_SEGMENT = 103;

    static final Linker LINKER = Linker.nativeLinker();
    static final SymbolLookup LOOKUP = LINKER.defaultLookup();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    /** A segment to pass as the first argument of every call here; holds errno after a failed call. */
    public static MemorySegment errnoSegment(final Arena arena) {
        return arena.allocate(CAPTURE_LAYOUT);
    }

    /** The errno captured by the last failed call that was given {@code capture}. */
    public static int errno(final MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    static MethodHandle downcall(final String name, final FunctionDescriptor desc) {
        final MemorySegment address = LOOKUP.find(name)
            .orElseThrow(() -> new UnsatisfiedLinkError("libc symbol not found: " + name));
        return LINKER.downcallHandle(address, desc, CAPTURE_ERRNO);
    }

    /** {@code int socket(int domain, int type, int protocol)} */
    private static final class socket {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
        static final MethodHandle HANDLE = downcall("socket", DESC);
    }

    public static int socket(final MemorySegment errno, final int domain, final int type, final int protocol) {
        try {
            return (int) socket.HANDLE.invokeExact(errno, domain, type, protocol);
        } catch (final Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    /** {@code int setsockopt(int fd, int level, int name, const void *value, socklen_t len)} */
    private static final class setsockopt {
        static final FunctionDescriptor DESC =
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = downcall("setsockopt", DESC);
    }

    public static int setsockopt(
        final MemorySegment errno, final int fd, final int level, final int name, final MemorySegment value,
        final int length) {
        try {
            return (int) setsockopt.HANDLE.invokeExact(errno, fd, level, name, value, length);
        } catch (final Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    /** {@code int bind(int fd, const struct sockaddr *addr, socklen_t len)} */
    private static final class bind {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = downcall("bind", DESC);
    }

    public static int bind(final MemorySegment errno, final int fd, final MemorySegment address, final int length) {
        try {
            return (int) bind.HANDLE.invokeExact(errno, fd, address, length);
        } catch (final Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    /** {@code int getsockname(int fd, struct sockaddr *addr, socklen_t *len)} */
    private static final class getsockname {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = downcall("getsockname", DESC);
    }

    public static int getsockname(
        final MemorySegment errno, final int fd, final MemorySegment address, final MemorySegment length) {
        try {
            return (int) getsockname.HANDLE.invokeExact(errno, fd, address, length);
        } catch (final Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    /**
     * A hot-path downcall: no errno capture (the JDK slices the capture segment on every call, an allocation that
     * escape analysis does not always remove) and {@code critical}: the call never blocks ({@code MSG_DONTWAIT}).
     */
    static MethodHandle hotDowncall(final String name, final FunctionDescriptor desc) {
        final MemorySegment address = LOOKUP.find(name)
            .orElseThrow(() -> new UnsatisfiedLinkError("libc symbol not found: " + name));
        return LINKER.downcallHandle(address, desc, Linker.Option.critical(false));
    }

    /** {@code int recvmmsg(int fd, struct mmsghdr *msgs, unsigned int vlen, int flags, struct timespec *timeout)} */
    private static final class recvmmsg {
        static final FunctionDescriptor DESC =
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = hotDowncall("recvmmsg", DESC);
    }

    /** Non-blocking only ({@code MSG_DONTWAIT} in {@code flags}); returns -1 for "nothing there" and for errors alike. */
    public static int recvmmsg(final int fd, final MemorySegment messages, final int count, final int flags) {
        try {
            return (int) recvmmsg.HANDLE.invokeExact(fd, messages, count, flags, MemorySegment.NULL);
        } catch (final Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    /** {@code int sendmmsg(int fd, struct mmsghdr *msgs, unsigned int vlen, int flags)} */
    private static final class sendmmsg {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
        static final MethodHandle HANDLE = hotDowncall("sendmmsg", DESC);
    }

    /** Non-blocking only ({@code MSG_DONTWAIT}); -1 when not even the first message was taken. */
    public static int sendmmsg(final int fd, final MemorySegment messages, final int count, final int flags) {
        try {
            return (int) sendmmsg.HANDLE.invokeExact(fd, messages, count, flags);
        } catch (final Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    /** {@code sendmmsg} capturing errno: for learning why a send failed (not the hot path). */
    private static final class sendmmsgErrno {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
        static final MethodHandle HANDLE = downcall("sendmmsg", DESC);
    }

    /** As {@link #sendmmsg}, with errno captured into {@code errno} when it fails. */
    public static int sendmmsg(final MemorySegment errno, final int fd, final MemorySegment messages, final int count,
        final int flags) {
        try {
            return (int) sendmmsgErrno.HANDLE.invokeExact(errno, fd, messages, count, flags);
        } catch (final Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    /** {@code ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *to, socklen_t tolen)} */
    private static final class sendto {
        static final FunctionDescriptor DESC =
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = downcall("sendto", DESC);
    }

    public static long sendto(
        final MemorySegment errno, final int fd, final MemorySegment buffer, final long length, final int flags,
        final MemorySegment address, final int addressLength) {
        try {
            return (long) sendto.HANDLE.invokeExact(errno, fd, buffer, length, flags, address, addressLength);
        } catch (final Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    /** {@code ssize_t recv(int fd, void *buf, size_t len, int flags)} */
    private static final class recv {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
        static final MethodHandle HANDLE = downcall("recv", DESC);
    }

    public static long recv(
        final MemorySegment errno, final int fd, final MemorySegment buffer, final long length, final int flags) {
        try {
            return (long) recv.HANDLE.invokeExact(errno, fd, buffer, length, flags);
        } catch (final Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    /** {@code int close(int fd)} */
    private static final class close {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, JAVA_INT);
        static final MethodHandle HANDLE = downcall("close", DESC);
    }

    public static int close(final MemorySegment errno, final int fd) {
        try {
            return (int) close.HANDLE.invokeExact(errno, fd);
        } catch (final Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    /** {@code char *strerror(int errnum)}: for messages only (not thread-safe in theory; fine for errors). */
    private static final class strerror {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = LINKER.downcallHandle(
            LOOKUP.find("strerror").orElseThrow(), DESC);
    }

    /** The C library's text for an errno value. */
    public static String strerror(final int errnum) {
        try {
            final MemorySegment text = (MemorySegment) strerror.HANDLE.invokeExact(errnum);
            return text.reinterpret(256).getString(0);
        } catch (final Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

}
