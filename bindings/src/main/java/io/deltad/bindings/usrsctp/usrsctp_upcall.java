package io.deltad.bindings.usrsctp;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The socket upcall of {@code usrsctp_set_upcall}: {@code void (*)(struct socket *so, void *arg, int flags)}. usrsctp
 * calls it when the socket becomes readable or writable or gets an error, on the thread that caused the event
 * (inside {@code usrsctp_conninput}, {@code usrsctp_sendv}, {@code usrsctp_handle_timers}, ...).
 *
 * <p>{@code so} and {@code arg} arrive as {@code long}s: {@code arg} is the integer id given to
 * {@link usrsctp_h#usrsctp_set_upcall}. The implementation must not throw and must not call back into usrsctp:
 * it notes the event and returns.
 */
public final class usrsctp_upcall {
    private usrsctp_upcall() {
    }

    /** The Java side of the callback. */
    @FunctionalInterface
    public interface Function {
        void apply(long socket, long arg, int flags);
    }

    public static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG, JAVA_INT);

    private static final MethodHandle UP$MH;

    static {
        try {
            UP$MH = MethodHandles.lookup().findVirtual(Function.class, "apply",
                MethodType.methodType(void.class, long.class, long.class, int.class));
        } catch (final ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /** An upcall stub for {@code fi}, alive as long as {@code arena}. */
    public static MemorySegment allocate(final Function fi, final Arena arena) {
        return UsrsctpLibrary.LINKER.upcallStub(UP$MH.bindTo(fi), DESC, arena);
    }
}
