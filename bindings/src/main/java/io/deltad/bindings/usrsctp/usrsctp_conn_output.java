package io.deltad.bindings.usrsctp;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The {@code conn_output} callback of {@code usrsctp_init_nothreads}:
 * {@code int (*)(void *addr, void *buffer, size_t length, uint8_t tos, uint8_t set_df)}. usrsctp calls it, on whatever
 * thread is inside usrsctp at the time, for every SCTP packet an AF_CONN association sends; the packet is only valid
 * during the call.
 *
 * <p>{@code addr} and {@code buffer} arrive as {@code long}s (see {@link usrsctp_h}): {@code addr} is the integer id the
 * peer address was created with, {@code buffer} a native address to read {@code length} bytes from. No
 * {@link MemorySegment} is built per packet.
 *
 * <p>The implementation must not throw (an exception escaping an upcall ends the JVM) and must not call back into
 * usrsctp. Return 0 when the packet was taken, -1 otherwise (usrsctp treats it like a lost packet).
 */
public final class usrsctp_conn_output {
    private usrsctp_conn_output() {
    }

    /** The Java side of the callback. */
    @FunctionalInterface
    public interface Function {
        int apply(long address, long buffer, long length, byte tos, byte setDf);
    }

    public static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_BYTE, JAVA_BYTE);

    private static final MethodHandle UP$MH;

    static {
        try {
            UP$MH = MethodHandles.lookup().findVirtual(Function.class, "apply",
                MethodType.methodType(int.class, long.class, long.class, long.class, byte.class, byte.class));
        } catch (final ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /** An upcall stub for {@code fi}, alive as long as {@code arena}. */
    public static MemorySegment allocate(final Function fi, final Arena arena) {
        return UsrsctpLibrary.LINKER.upcallStub(UP$MH.bindTo(fi), DESC, arena);
    }
}
