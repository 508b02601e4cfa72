package io.deltad.bindings.usrsctp;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The {@code usrsctp_sysctl_set_*} / {@code usrsctp_sysctl_get_*} pairs deltad tunes (usrsctp.h,
 * {@code USRSCTP_SYSCTL_DECL}), one holder class per function as jextract would write them. Generated mechanically
 * from the list of names; the values and their sources are in {@code docs/SCTP.md}.
 *
 * <p>Setters return 0, or -1 (errno {@code EINVAL}) when the value is outside the sysctl's range (usrsctp keeps the old
 * value). Sysctls are process-wide and apply to sockets and associations created afterwards. usrsctp resets them in
 * {@code usrsctp_init*}, so set them after initialising.
 */
public final class usrsctp_sysctl {
    private usrsctp_sysctl() {
    }

    private static final FunctionDescriptor SET_DESC = FunctionDescriptor.of(JAVA_INT, JAVA_INT);
    private static final FunctionDescriptor GET_DESC = FunctionDescriptor.of(JAVA_INT);

    private static AssertionError unexpected(final Throwable ex) {
        return new AssertionError("usrsctp sysctl downcall failed unexpectedly", ex);
    }

    // int usrsctp_sysctl_set_sctp_sendspace(uint32_t value)
    private static final class usrsctp_sysctl_set_sctp_sendspace {
        static final FunctionDescriptor DESC = SET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_set_sctp_sendspace");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_set_sctp_sendspace(final int value) {
        try {
            return (int) usrsctp_sysctl_set_sctp_sendspace.HANDLE.invokeExact(value);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // uint32_t usrsctp_sysctl_get_sctp_sendspace(void)
    private static final class usrsctp_sysctl_get_sctp_sendspace {
        static final FunctionDescriptor DESC = GET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_get_sctp_sendspace");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_get_sctp_sendspace() {
        try {
            return (int) usrsctp_sysctl_get_sctp_sendspace.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int usrsctp_sysctl_set_sctp_recvspace(uint32_t value)
    private static final class usrsctp_sysctl_set_sctp_recvspace {
        static final FunctionDescriptor DESC = SET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_set_sctp_recvspace");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_set_sctp_recvspace(final int value) {
        try {
            return (int) usrsctp_sysctl_set_sctp_recvspace.HANDLE.invokeExact(value);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // uint32_t usrsctp_sysctl_get_sctp_recvspace(void)
    private static final class usrsctp_sysctl_get_sctp_recvspace {
        static final FunctionDescriptor DESC = GET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_get_sctp_recvspace");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_get_sctp_recvspace() {
        try {
            return (int) usrsctp_sysctl_get_sctp_recvspace.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int usrsctp_sysctl_set_sctp_auto_asconf(uint32_t value)
    private static final class usrsctp_sysctl_set_sctp_auto_asconf {
        static final FunctionDescriptor DESC = SET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_set_sctp_auto_asconf");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_set_sctp_auto_asconf(final int value) {
        try {
            return (int) usrsctp_sysctl_set_sctp_auto_asconf.HANDLE.invokeExact(value);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // uint32_t usrsctp_sysctl_get_sctp_auto_asconf(void)
    private static final class usrsctp_sysctl_get_sctp_auto_asconf {
        static final FunctionDescriptor DESC = GET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_get_sctp_auto_asconf");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_get_sctp_auto_asconf() {
        try {
            return (int) usrsctp_sysctl_get_sctp_auto_asconf.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int usrsctp_sysctl_set_sctp_asconf_enable(uint32_t value)
    private static final class usrsctp_sysctl_set_sctp_asconf_enable {
        static final FunctionDescriptor DESC = SET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_set_sctp_asconf_enable");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_set_sctp_asconf_enable(final int value) {
        try {
            return (int) usrsctp_sysctl_set_sctp_asconf_enable.HANDLE.invokeExact(value);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // uint32_t usrsctp_sysctl_get_sctp_asconf_enable(void)
    private static final class usrsctp_sysctl_get_sctp_asconf_enable {
        static final FunctionDescriptor DESC = GET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_get_sctp_asconf_enable");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_get_sctp_asconf_enable() {
        try {
            return (int) usrsctp_sysctl_get_sctp_asconf_enable.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int usrsctp_sysctl_set_sctp_auth_enable(uint32_t value)
    private static final class usrsctp_sysctl_set_sctp_auth_enable {
        static final FunctionDescriptor DESC = SET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_set_sctp_auth_enable");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_set_sctp_auth_enable(final int value) {
        try {
            return (int) usrsctp_sysctl_set_sctp_auth_enable.HANDLE.invokeExact(value);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // uint32_t usrsctp_sysctl_get_sctp_auth_enable(void)
    private static final class usrsctp_sysctl_get_sctp_auth_enable {
        static final FunctionDescriptor DESC = GET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_get_sctp_auth_enable");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_get_sctp_auth_enable() {
        try {
            return (int) usrsctp_sysctl_get_sctp_auth_enable.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int usrsctp_sysctl_set_sctp_ecn_enable(uint32_t value)
    private static final class usrsctp_sysctl_set_sctp_ecn_enable {
        static final FunctionDescriptor DESC = SET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_set_sctp_ecn_enable");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_set_sctp_ecn_enable(final int value) {
        try {
            return (int) usrsctp_sysctl_set_sctp_ecn_enable.HANDLE.invokeExact(value);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // uint32_t usrsctp_sysctl_get_sctp_ecn_enable(void)
    private static final class usrsctp_sysctl_get_sctp_ecn_enable {
        static final FunctionDescriptor DESC = GET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_get_sctp_ecn_enable");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_get_sctp_ecn_enable() {
        try {
            return (int) usrsctp_sysctl_get_sctp_ecn_enable.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int usrsctp_sysctl_set_sctp_pr_enable(uint32_t value)
    private static final class usrsctp_sysctl_set_sctp_pr_enable {
        static final FunctionDescriptor DESC = SET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_set_sctp_pr_enable");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_set_sctp_pr_enable(final int value) {
        try {
            return (int) usrsctp_sysctl_set_sctp_pr_enable.HANDLE.invokeExact(value);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // uint32_t usrsctp_sysctl_get_sctp_pr_enable(void)
    private static final class usrsctp_sysctl_get_sctp_pr_enable {
        static final FunctionDescriptor DESC = GET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_get_sctp_pr_enable");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_get_sctp_pr_enable() {
        try {
            return (int) usrsctp_sysctl_get_sctp_pr_enable.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int usrsctp_sysctl_set_sctp_reconfig_enable(uint32_t value)
    private static final class usrsctp_sysctl_set_sctp_reconfig_enable {
        static final FunctionDescriptor DESC = SET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_set_sctp_reconfig_enable");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_set_sctp_reconfig_enable(final int value) {
        try {
            return (int) usrsctp_sysctl_set_sctp_reconfig_enable.HANDLE.invokeExact(value);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // uint32_t usrsctp_sysctl_get_sctp_reconfig_enable(void)
    private static final class usrsctp_sysctl_get_sctp_reconfig_enable {
        static final FunctionDescriptor DESC = GET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_get_sctp_reconfig_enable");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_get_sctp_reconfig_enable() {
        try {
            return (int) usrsctp_sysctl_get_sctp_reconfig_enable.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int usrsctp_sysctl_set_sctp_nrsack_enable(uint32_t value)
    private static final class usrsctp_sysctl_set_sctp_nrsack_enable {
        static final FunctionDescriptor DESC = SET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_set_sctp_nrsack_enable");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_set_sctp_nrsack_enable(final int value) {
        try {
            return (int) usrsctp_sysctl_set_sctp_nrsack_enable.HANDLE.invokeExact(value);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // uint32_t usrsctp_sysctl_get_sctp_nrsack_enable(void)
    private static final class usrsctp_sysctl_get_sctp_nrsack_enable {
        static final FunctionDescriptor DESC = GET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_get_sctp_nrsack_enable");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_get_sctp_nrsack_enable() {
        try {
            return (int) usrsctp_sysctl_get_sctp_nrsack_enable.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int usrsctp_sysctl_set_sctp_pktdrop_enable(uint32_t value)
    private static final class usrsctp_sysctl_set_sctp_pktdrop_enable {
        static final FunctionDescriptor DESC = SET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_set_sctp_pktdrop_enable");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_set_sctp_pktdrop_enable(final int value) {
        try {
            return (int) usrsctp_sysctl_set_sctp_pktdrop_enable.HANDLE.invokeExact(value);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // uint32_t usrsctp_sysctl_get_sctp_pktdrop_enable(void)
    private static final class usrsctp_sysctl_get_sctp_pktdrop_enable {
        static final FunctionDescriptor DESC = GET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_get_sctp_pktdrop_enable");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_get_sctp_pktdrop_enable() {
        try {
            return (int) usrsctp_sysctl_get_sctp_pktdrop_enable.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int usrsctp_sysctl_set_sctp_max_chunks_on_queue(uint32_t value)
    private static final class usrsctp_sysctl_set_sctp_max_chunks_on_queue {
        static final FunctionDescriptor DESC = SET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_set_sctp_max_chunks_on_queue");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_set_sctp_max_chunks_on_queue(final int value) {
        try {
            return (int) usrsctp_sysctl_set_sctp_max_chunks_on_queue.HANDLE.invokeExact(value);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // uint32_t usrsctp_sysctl_get_sctp_max_chunks_on_queue(void)
    private static final class usrsctp_sysctl_get_sctp_max_chunks_on_queue {
        static final FunctionDescriptor DESC = GET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_get_sctp_max_chunks_on_queue");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_get_sctp_max_chunks_on_queue() {
        try {
            return (int) usrsctp_sysctl_get_sctp_max_chunks_on_queue.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int usrsctp_sysctl_set_sctp_initial_cwnd(uint32_t value)
    private static final class usrsctp_sysctl_set_sctp_initial_cwnd {
        static final FunctionDescriptor DESC = SET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_set_sctp_initial_cwnd");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_set_sctp_initial_cwnd(final int value) {
        try {
            return (int) usrsctp_sysctl_set_sctp_initial_cwnd.HANDLE.invokeExact(value);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // uint32_t usrsctp_sysctl_get_sctp_initial_cwnd(void)
    private static final class usrsctp_sysctl_get_sctp_initial_cwnd {
        static final FunctionDescriptor DESC = GET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_get_sctp_initial_cwnd");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_get_sctp_initial_cwnd() {
        try {
            return (int) usrsctp_sysctl_get_sctp_initial_cwnd.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int usrsctp_sysctl_set_sctp_max_burst_default(uint32_t value)
    private static final class usrsctp_sysctl_set_sctp_max_burst_default {
        static final FunctionDescriptor DESC = SET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_set_sctp_max_burst_default");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_set_sctp_max_burst_default(final int value) {
        try {
            return (int) usrsctp_sysctl_set_sctp_max_burst_default.HANDLE.invokeExact(value);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // uint32_t usrsctp_sysctl_get_sctp_max_burst_default(void)
    private static final class usrsctp_sysctl_get_sctp_max_burst_default {
        static final FunctionDescriptor DESC = GET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_get_sctp_max_burst_default");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_get_sctp_max_burst_default() {
        try {
            return (int) usrsctp_sysctl_get_sctp_max_burst_default.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int usrsctp_sysctl_set_sctp_default_cc_module(uint32_t value)
    private static final class usrsctp_sysctl_set_sctp_default_cc_module {
        static final FunctionDescriptor DESC = SET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_set_sctp_default_cc_module");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_set_sctp_default_cc_module(final int value) {
        try {
            return (int) usrsctp_sysctl_set_sctp_default_cc_module.HANDLE.invokeExact(value);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // uint32_t usrsctp_sysctl_get_sctp_default_cc_module(void)
    private static final class usrsctp_sysctl_get_sctp_default_cc_module {
        static final FunctionDescriptor DESC = GET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_get_sctp_default_cc_module");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_get_sctp_default_cc_module() {
        try {
            return (int) usrsctp_sysctl_get_sctp_default_cc_module.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int usrsctp_sysctl_set_sctp_delayed_sack_time_default(uint32_t value)
    private static final class usrsctp_sysctl_set_sctp_delayed_sack_time_default {
        static final FunctionDescriptor DESC = SET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_set_sctp_delayed_sack_time_default");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_set_sctp_delayed_sack_time_default(final int value) {
        try {
            return (int) usrsctp_sysctl_set_sctp_delayed_sack_time_default.HANDLE.invokeExact(value);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // uint32_t usrsctp_sysctl_get_sctp_delayed_sack_time_default(void)
    private static final class usrsctp_sysctl_get_sctp_delayed_sack_time_default {
        static final FunctionDescriptor DESC = GET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_get_sctp_delayed_sack_time_default");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_get_sctp_delayed_sack_time_default() {
        try {
            return (int) usrsctp_sysctl_get_sctp_delayed_sack_time_default.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int usrsctp_sysctl_set_sctp_rto_min_default(uint32_t value)
    private static final class usrsctp_sysctl_set_sctp_rto_min_default {
        static final FunctionDescriptor DESC = SET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_set_sctp_rto_min_default");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_set_sctp_rto_min_default(final int value) {
        try {
            return (int) usrsctp_sysctl_set_sctp_rto_min_default.HANDLE.invokeExact(value);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // uint32_t usrsctp_sysctl_get_sctp_rto_min_default(void)
    private static final class usrsctp_sysctl_get_sctp_rto_min_default {
        static final FunctionDescriptor DESC = GET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_get_sctp_rto_min_default");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_get_sctp_rto_min_default() {
        try {
            return (int) usrsctp_sysctl_get_sctp_rto_min_default.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int usrsctp_sysctl_set_sctp_rto_max_default(uint32_t value)
    private static final class usrsctp_sysctl_set_sctp_rto_max_default {
        static final FunctionDescriptor DESC = SET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_set_sctp_rto_max_default");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_set_sctp_rto_max_default(final int value) {
        try {
            return (int) usrsctp_sysctl_set_sctp_rto_max_default.HANDLE.invokeExact(value);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // uint32_t usrsctp_sysctl_get_sctp_rto_max_default(void)
    private static final class usrsctp_sysctl_get_sctp_rto_max_default {
        static final FunctionDescriptor DESC = GET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_get_sctp_rto_max_default");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_get_sctp_rto_max_default() {
        try {
            return (int) usrsctp_sysctl_get_sctp_rto_max_default.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int usrsctp_sysctl_set_sctp_rto_initial_default(uint32_t value)
    private static final class usrsctp_sysctl_set_sctp_rto_initial_default {
        static final FunctionDescriptor DESC = SET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_set_sctp_rto_initial_default");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_set_sctp_rto_initial_default(final int value) {
        try {
            return (int) usrsctp_sysctl_set_sctp_rto_initial_default.HANDLE.invokeExact(value);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // uint32_t usrsctp_sysctl_get_sctp_rto_initial_default(void)
    private static final class usrsctp_sysctl_get_sctp_rto_initial_default {
        static final FunctionDescriptor DESC = GET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_get_sctp_rto_initial_default");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_get_sctp_rto_initial_default() {
        try {
            return (int) usrsctp_sysctl_get_sctp_rto_initial_default.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int usrsctp_sysctl_set_sctp_init_rto_max_default(uint32_t value)
    private static final class usrsctp_sysctl_set_sctp_init_rto_max_default {
        static final FunctionDescriptor DESC = SET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_set_sctp_init_rto_max_default");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_set_sctp_init_rto_max_default(final int value) {
        try {
            return (int) usrsctp_sysctl_set_sctp_init_rto_max_default.HANDLE.invokeExact(value);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // uint32_t usrsctp_sysctl_get_sctp_init_rto_max_default(void)
    private static final class usrsctp_sysctl_get_sctp_init_rto_max_default {
        static final FunctionDescriptor DESC = GET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_get_sctp_init_rto_max_default");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_get_sctp_init_rto_max_default() {
        try {
            return (int) usrsctp_sysctl_get_sctp_init_rto_max_default.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int usrsctp_sysctl_set_sctp_init_rtx_max_default(uint32_t value)
    private static final class usrsctp_sysctl_set_sctp_init_rtx_max_default {
        static final FunctionDescriptor DESC = SET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_set_sctp_init_rtx_max_default");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_set_sctp_init_rtx_max_default(final int value) {
        try {
            return (int) usrsctp_sysctl_set_sctp_init_rtx_max_default.HANDLE.invokeExact(value);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // uint32_t usrsctp_sysctl_get_sctp_init_rtx_max_default(void)
    private static final class usrsctp_sysctl_get_sctp_init_rtx_max_default {
        static final FunctionDescriptor DESC = GET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_get_sctp_init_rtx_max_default");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_get_sctp_init_rtx_max_default() {
        try {
            return (int) usrsctp_sysctl_get_sctp_init_rtx_max_default.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int usrsctp_sysctl_set_sctp_assoc_rtx_max_default(uint32_t value)
    private static final class usrsctp_sysctl_set_sctp_assoc_rtx_max_default {
        static final FunctionDescriptor DESC = SET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_set_sctp_assoc_rtx_max_default");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_set_sctp_assoc_rtx_max_default(final int value) {
        try {
            return (int) usrsctp_sysctl_set_sctp_assoc_rtx_max_default.HANDLE.invokeExact(value);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // uint32_t usrsctp_sysctl_get_sctp_assoc_rtx_max_default(void)
    private static final class usrsctp_sysctl_get_sctp_assoc_rtx_max_default {
        static final FunctionDescriptor DESC = GET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_get_sctp_assoc_rtx_max_default");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_get_sctp_assoc_rtx_max_default() {
        try {
            return (int) usrsctp_sysctl_get_sctp_assoc_rtx_max_default.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int usrsctp_sysctl_set_sctp_path_rtx_max_default(uint32_t value)
    private static final class usrsctp_sysctl_set_sctp_path_rtx_max_default {
        static final FunctionDescriptor DESC = SET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_set_sctp_path_rtx_max_default");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_set_sctp_path_rtx_max_default(final int value) {
        try {
            return (int) usrsctp_sysctl_set_sctp_path_rtx_max_default.HANDLE.invokeExact(value);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // uint32_t usrsctp_sysctl_get_sctp_path_rtx_max_default(void)
    private static final class usrsctp_sysctl_get_sctp_path_rtx_max_default {
        static final FunctionDescriptor DESC = GET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_get_sctp_path_rtx_max_default");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_get_sctp_path_rtx_max_default() {
        try {
            return (int) usrsctp_sysctl_get_sctp_path_rtx_max_default.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int usrsctp_sysctl_set_sctp_heartbeat_interval_default(uint32_t value)
    private static final class usrsctp_sysctl_set_sctp_heartbeat_interval_default {
        static final FunctionDescriptor DESC = SET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_set_sctp_heartbeat_interval_default");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_set_sctp_heartbeat_interval_default(final int value) {
        try {
            return (int) usrsctp_sysctl_set_sctp_heartbeat_interval_default.HANDLE.invokeExact(value);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // uint32_t usrsctp_sysctl_get_sctp_heartbeat_interval_default(void)
    private static final class usrsctp_sysctl_get_sctp_heartbeat_interval_default {
        static final FunctionDescriptor DESC = GET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_get_sctp_heartbeat_interval_default");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_get_sctp_heartbeat_interval_default() {
        try {
            return (int) usrsctp_sysctl_get_sctp_heartbeat_interval_default.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int usrsctp_sysctl_set_sctp_nr_incoming_streams_default(uint32_t value)
    private static final class usrsctp_sysctl_set_sctp_nr_incoming_streams_default {
        static final FunctionDescriptor DESC = SET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_set_sctp_nr_incoming_streams_default");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_set_sctp_nr_incoming_streams_default(final int value) {
        try {
            return (int) usrsctp_sysctl_set_sctp_nr_incoming_streams_default.HANDLE.invokeExact(value);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // uint32_t usrsctp_sysctl_get_sctp_nr_incoming_streams_default(void)
    private static final class usrsctp_sysctl_get_sctp_nr_incoming_streams_default {
        static final FunctionDescriptor DESC = GET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_get_sctp_nr_incoming_streams_default");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_get_sctp_nr_incoming_streams_default() {
        try {
            return (int) usrsctp_sysctl_get_sctp_nr_incoming_streams_default.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int usrsctp_sysctl_set_sctp_nr_outgoing_streams_default(uint32_t value)
    private static final class usrsctp_sysctl_set_sctp_nr_outgoing_streams_default {
        static final FunctionDescriptor DESC = SET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_set_sctp_nr_outgoing_streams_default");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_set_sctp_nr_outgoing_streams_default(final int value) {
        try {
            return (int) usrsctp_sysctl_set_sctp_nr_outgoing_streams_default.HANDLE.invokeExact(value);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // uint32_t usrsctp_sysctl_get_sctp_nr_outgoing_streams_default(void)
    private static final class usrsctp_sysctl_get_sctp_nr_outgoing_streams_default {
        static final FunctionDescriptor DESC = GET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_get_sctp_nr_outgoing_streams_default");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_get_sctp_nr_outgoing_streams_default() {
        try {
            return (int) usrsctp_sysctl_get_sctp_nr_outgoing_streams_default.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // int usrsctp_sysctl_set_sctp_debug_on(uint32_t value)
    private static final class usrsctp_sysctl_set_sctp_debug_on {
        static final FunctionDescriptor DESC = SET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_set_sctp_debug_on");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_set_sctp_debug_on(final int value) {
        try {
            return (int) usrsctp_sysctl_set_sctp_debug_on.HANDLE.invokeExact(value);
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }

    // uint32_t usrsctp_sysctl_get_sctp_debug_on(void)
    private static final class usrsctp_sysctl_get_sctp_debug_on {
        static final FunctionDescriptor DESC = GET_DESC;
        static final MemorySegment ADDR = UsrsctpLibrary.find("usrsctp_sysctl_get_sctp_debug_on");
        static final MethodHandle HANDLE = UsrsctpLibrary.LINKER.downcallHandle(ADDR, DESC);
    }

    public static int usrsctp_sysctl_get_sctp_debug_on() {
        try {
            return (int) usrsctp_sysctl_get_sctp_debug_on.HANDLE.invokeExact();
        } catch (final Throwable ex) {
            throw unexpected(ex);
        }
    }
}
