package io.deltad.bindings.usrsctp;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The functions of {@code usrsctp.h} that deltad calls, in jextract's shape: one holder class per function with its
 * {@code DESC}, {@code ADDR} and {@code HANDLE}, and a static wrapper that calls {@code invokeExact}. Holders are
 * initialised on first use, so a process that never touches SCTP never loads the library.
 *
 * <p>Deviations from what jextract would generate, on purpose:
 * <ul>
 *   <li>Functions that fail through {@code errno} are linked with {@code captureCallState("errno")}; their wrappers
 *       take the call-state segment first ({@link UsrsctpLibrary#allocateCallState}). The per-message pair
 *       {@code usrsctp_sendv} / {@code usrsctp_recvv} also has an overload without it: capturing slices the call-state
 *       segment on every call, and C2 does not always remove that allocation.</li>
 *   <li>The AF_CONN address ({@code void *addr} of {@code usrsctp_conninput}, {@code usrsctp_register_address},
 *       {@code usrsctp_set_upcall}'s {@code arg}) is a {@code long}: deltad passes an integer id there, never a
 *       pointer to Java or native state (CVE-2020-6514: usrsctp once dereferenced it), and a {@code long} says so.</li>
 *   <li>The data pointers of the per-message calls ({@code usrsctp_sendv}'s {@code data}, {@code usrsctp_recvv}'s
 *       {@code dbuf}, {@code usrsctp_conninput}'s {@code buffer}) are raw addresses ({@code long}): they point at an
 *       offset inside a caller's segment, and building a slice per message would allocate. A pointer and a 64-bit
 *       integer travel in the same register class on the SysV x86-64 and AAPCS64 ABIs, so the call is identical.</li>
 * </ul>
 *
 * <p>Threading: usrsctp serialises itself with its own locks; any thread may call these. What deltad allows is in
 * {@code docs/SCTP.md}.
 */
public final class usrsctp_h {
    private usrsctp_h() {
    }

    private static AssertionError unexpected(final Throwable ex) {
        return new AssertionError("usrsctp downcall failed unexpectedly", ex);
    }

    // void usrsctp_init_nothreads(uint16_t port, int (*conn_output)(...), void (*debug_printf)(const char *, ...))
    private static final class usrsctp_init_nothreads {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(JAVA_SHORT, ADDRESS, ADDRESS);
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_init_nothreads");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    /**
     * Initialises usrsctp without its timer and receive threads: the caller drives timers with
     * {@link #usrsctp_handle_timers(int)}. {@code udpPort} 0 disables UDP encapsulation.
     */
    public static void usrsctp_init_nothreads(final short udpPort, final MemorySegment connOutput,
        final MemorySegment debugPrintf) {
        try {
            usrsctp_init_nothreads.HANDLE.invokeExact(udpPort, connOutput, debugPrintf);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int usrsctp_finish(void)
    private static final class usrsctp_finish {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT);
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_finish");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    /** Tears usrsctp down; returns non-zero (and does nothing) while sockets still exist. */
    public static int usrsctp_finish() {
        try {
            return (int) usrsctp_finish.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // uint32_t usrsctp_crc32c(void *buffer, size_t length)
    private static final class usrsctp_crc32c {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG);
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_crc32c");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    /**
     * usrsctp's own CRC32c of {@code length} bytes (what it computes per packet unless offload is on). deltad does not
     * call it on its path (SctpChecksum does the work); the JMH {@code ChecksumCostBenchmark} measures it.
     */
    public static int usrsctp_crc32c(final MemorySegment buffer, final long length) {
        try {
            return (int) usrsctp_crc32c.HANDLE.invokeExact(buffer, length);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // void usrsctp_enable_crc32c_offload(void)
    private static final class usrsctp_enable_crc32c_offload {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid();
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_enable_crc32c_offload");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    /**
     * Process-wide: usrsctp neither computes the CRC32c of the packets it emits (the field stays 0) nor checks that of
     * the packets it is given; the caller does both (its table-driven CRC32c costs ~0.9 us per 1,200-byte packet).
     */
    public static void usrsctp_enable_crc32c_offload() {
        try {
            usrsctp_enable_crc32c_offload.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // void usrsctp_register_address(void *addr)
    private static final class usrsctp_register_address {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(JAVA_LONG);
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_register_address");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    /** Makes {@code address} (an integer id, see the class comment) a local AF_CONN address sockets may bind. */
    public static void usrsctp_register_address(final long address) {
        try {
            usrsctp_register_address.HANDLE.invokeExact(address);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // void usrsctp_deregister_address(void *addr)
    private static final class usrsctp_deregister_address {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(JAVA_LONG);
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_deregister_address");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static void usrsctp_deregister_address(final long address) {
        try {
            usrsctp_deregister_address.HANDLE.invokeExact(address);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // struct socket *usrsctp_socket(int domain, int type, int protocol, int (*receive_cb)(...),
    //     int (*send_cb)(...), uint32_t sb_threshold, void *ulp_info)
    private static final class usrsctp_socket {
        static final FunctionDescriptor DESC =
            FunctionDescriptor.of(ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS);
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_socket");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC, UsrsctpLibrary.CAPTURE_ERRNO);
    }

    /** Creates a socket; {@link MemorySegment#NULL} on failure ({@code errno} in {@code callState}). */
    public static MemorySegment usrsctp_socket(final MemorySegment callState, final int domain, final int type,
        final int protocol, final MemorySegment receiveCb, final MemorySegment sendCb, final int sbThreshold,
        final MemorySegment ulpInfo) {
        try {
            return (MemorySegment) usrsctp_socket.HANDLE.invokeExact(callState, domain, type, protocol, receiveCb, sendCb,
                sbThreshold, ulpInfo);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int usrsctp_bind(struct socket *so, struct sockaddr *name, socklen_t namelen)
    private static final class usrsctp_bind {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_bind");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC, UsrsctpLibrary.CAPTURE_ERRNO);
    }

    public static int usrsctp_bind(final MemorySegment callState, final MemorySegment so, final MemorySegment name,
        final int nameLength) {
        try {
            return (int) usrsctp_bind.HANDLE.invokeExact(callState, so, name, nameLength);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int usrsctp_connect(struct socket *so, struct sockaddr *name, socklen_t namelen)
    private static final class usrsctp_connect {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_connect");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC, UsrsctpLibrary.CAPTURE_ERRNO);
    }

    /** Starts the association; on a non-blocking socket returns -1 with {@code EINPROGRESS}, which is success. */
    public static int usrsctp_connect(final MemorySegment callState, final MemorySegment so, final MemorySegment name,
        final int nameLength) {
        try {
            return (int) usrsctp_connect.HANDLE.invokeExact(callState, so, name, nameLength);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int usrsctp_setsockopt(struct socket *so, int level, int option_name, const void *option_value, socklen_t option_len)
    private static final class usrsctp_setsockopt {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_setsockopt");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC, UsrsctpLibrary.CAPTURE_ERRNO);
    }

    public static int usrsctp_setsockopt(final MemorySegment callState, final MemorySegment so, final int level,
        final int optionName, final MemorySegment optionValue, final int optionLength) {
        try {
            return (int) usrsctp_setsockopt.HANDLE.invokeExact(callState, so, level, optionName, optionValue, optionLength);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int usrsctp_getsockopt(struct socket *so, int level, int option_name, void *option_value, socklen_t *option_len)
    private static final class usrsctp_getsockopt {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_getsockopt");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC, UsrsctpLibrary.CAPTURE_ERRNO);
    }

    public static int usrsctp_getsockopt(final MemorySegment callState, final MemorySegment so, final int level,
        final int optionName, final MemorySegment optionValue, final MemorySegment optionLength) {
        try {
            return (int) usrsctp_getsockopt.HANDLE.invokeExact(callState, so, level, optionName, optionValue, optionLength);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int usrsctp_set_non_blocking(struct socket *so, int onoff)
    private static final class usrsctp_set_non_blocking {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT);
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_set_non_blocking");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC, UsrsctpLibrary.CAPTURE_ERRNO);
    }

    public static int usrsctp_set_non_blocking(final MemorySegment callState, final MemorySegment so, final int onoff) {
        try {
            return (int) usrsctp_set_non_blocking.HANDLE.invokeExact(callState, so, onoff);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int usrsctp_set_upcall(struct socket *so, void (*upcall)(struct socket *, void *, int), void *arg)
    private static final class usrsctp_set_upcall {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG);
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_set_upcall");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    /** Registers {@code upcall} ({@link usrsctp_upcall}) for socket events; {@code arg} is an integer id. */
    public static int usrsctp_set_upcall(final MemorySegment so, final MemorySegment upcall, final long arg) {
        try {
            return (int) usrsctp_set_upcall.HANDLE.invokeExact(so, upcall, arg);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // ssize_t usrsctp_sendv(struct socket *so, const void *data, size_t len, struct sockaddr *to, int addrcnt,
    //     void *info, socklen_t infolen, unsigned int infotype, int flags)
    private static final class usrsctp_sendv {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_LONG,
            ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT);
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sendv");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC, UsrsctpLibrary.CAPTURE_ERRNO);
    }

    // The same function linked without errno capture, for the per-message path: FFM's capture slices its segment
    // on every call, which C2 does not always scalar-replace (measured: ~40 bytes per call on JDK 25).
    private static final class usrsctp_sendv$fast {
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(usrsctp_sendv.ADDR, usrsctp_sendv.DESC);
    }

    /** {@link #usrsctp_sendv(MemorySegment, MemorySegment, long, long, MemorySegment, int, MemorySegment, int, int, int)} without errno: allocation-free. */
    public static long usrsctp_sendv(final MemorySegment so, final long data, final long length, final MemorySegment to,
        final int addressCount, final MemorySegment info, final int infoLength, final int infoType, final int flags) {
        try {
            return (long) usrsctp_sendv$fast.HANDLE.invokeExact(so, data, length, to, addressCount, info, infoLength, infoType,
                flags);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    /** Sends one message of {@code length} bytes at native address {@code data}; bytes queued, or -1 and errno. */
    public static long usrsctp_sendv(final MemorySegment callState, final MemorySegment so, final long data,
        final long length, final MemorySegment to, final int addressCount, final MemorySegment info, final int infoLength,
        final int infoType, final int flags) {
        try {
            return (long) usrsctp_sendv.HANDLE.invokeExact(callState, so, data, length, to, addressCount, info, infoLength,
                infoType, flags);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // ssize_t usrsctp_recvv(struct socket *so, void *dbuf, size_t len, struct sockaddr *from, socklen_t *fromlen,
    //     void *info, socklen_t *infolen, unsigned int *infotype, int *msg_flags)
    private static final class usrsctp_recvv {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_LONG,
            ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_recvv");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC, UsrsctpLibrary.CAPTURE_ERRNO);
    }

    // Linked without errno capture too (see usrsctp_sendv$fast).
    private static final class usrsctp_recvv$fast {
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(usrsctp_recvv.ADDR, usrsctp_recvv.DESC);
    }

    /** {@link #usrsctp_recvv(MemorySegment, MemorySegment, long, long, MemorySegment, MemorySegment, MemorySegment, MemorySegment, MemorySegment, MemorySegment)} without errno: allocation-free. */
    public static long usrsctp_recvv(final MemorySegment so, final long buffer, final long length, final MemorySegment from,
        final MemorySegment fromLength, final MemorySegment info, final MemorySegment infoLength,
        final MemorySegment infoType, final MemorySegment msgFlags) {
        try {
            return (long) usrsctp_recvv$fast.HANDLE.invokeExact(so, buffer, length, from, fromLength, info, infoLength, infoType,
                msgFlags);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    /** Reads at most {@code length} bytes into native address {@code buffer}; bytes read, or -1 and errno. */
    public static long usrsctp_recvv(final MemorySegment callState, final MemorySegment so, final long buffer,
        final long length, final MemorySegment from, final MemorySegment fromLength, final MemorySegment info,
        final MemorySegment infoLength, final MemorySegment infoType, final MemorySegment msgFlags) {
        try {
            return (long) usrsctp_recvv.HANDLE.invokeExact(callState, so, buffer, length, from, fromLength, info, infoLength,
                infoType, msgFlags);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int usrsctp_get_events(struct socket *so)
    private static final class usrsctp_get_events {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_get_events");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    /** SCTP_EVENT_READ | SCTP_EVENT_WRITE | SCTP_EVENT_ERROR as the socket stands now. */
    public static int usrsctp_get_events(final MemorySegment so) {
        try {
            return (int) usrsctp_get_events.HANDLE.invokeExact(so);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // void usrsctp_conninput(void *addr, const void *buffer, size_t length, uint8_t ecn_bits)
    private static final class usrsctp_conninput {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_BYTE);
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_conninput");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    /** Hands usrsctp one SCTP packet received for AF_CONN {@code address}; it is copied before this returns. */
    public static void usrsctp_conninput(final long address, final long buffer, final long length, final byte ecnBits) {
        try {
            usrsctp_conninput.HANDLE.invokeExact(address, buffer, length, ecnBits);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // void usrsctp_handle_timers(uint32_t elapsed_milliseconds)
    private static final class usrsctp_handle_timers {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(JAVA_INT);
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_handle_timers");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    /** Advances usrsctp's tick clock by {@code elapsedMs} and runs the timers that are due, on the calling thread. */
    public static void usrsctp_handle_timers(final int elapsedMs) {
        try {
            usrsctp_handle_timers.HANDLE.invokeExact(elapsedMs);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int usrsctp_shutdown(struct socket *so, int how)
    private static final class usrsctp_shutdown {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT);
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_shutdown");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC, UsrsctpLibrary.CAPTURE_ERRNO);
    }

    public static int usrsctp_shutdown(final MemorySegment callState, final MemorySegment so, final int how) {
        try {
            return (int) usrsctp_shutdown.HANDLE.invokeExact(callState, so, how);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // void usrsctp_close(struct socket *so)
    private static final class usrsctp_close {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(ADDRESS);
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_close");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static void usrsctp_close(final MemorySegment so) {
        try {
            usrsctp_close.HANDLE.invokeExact(so);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // void usrsctp_get_stat(struct sctpstat *)
    private static final class usrsctp_get_stat {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(ADDRESS);
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_get_stat");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    /** Copies usrsctp's process-wide statistics ({@link sctpstat}) into {@code stat}. */
    public static void usrsctp_get_stat(final MemorySegment stat) {
        try {
            usrsctp_get_stat.HANDLE.invokeExact(stat);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }
}
