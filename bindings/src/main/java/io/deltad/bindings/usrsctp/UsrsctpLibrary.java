package io.deltad.bindings.usrsctp;

import io.deltad.bindings.NativeLibraries;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;

/**
 * Loads {@code libusrsctp.so.2} (Debian package {@code libusrsctp2}) once and links its functions.
 *
 * <p>The library is looked up by its SONAME through {@link SymbolLookup#libraryLookup(String, Arena)}, so the dynamic
 * loader's search path applies ({@code LD_LIBRARY_PATH}, then {@code /etc/ld.so.cache}). A missing library fails the
 * first use of any binding with an {@link UnsatisfiedLinkError} that names the package to install, not a bare
 * {@code dlopen} message.
 *
 * <p>Functions that report failures through {@code errno} (usrsctp sets it like a socket call would) are linked with
 * {@link Linker.Option#captureCallState(String...) captureCallState("errno")}: their wrappers take a
 * {@linkplain #allocateCallState(Arena) call-state segment} as first argument, and {@link #errno(MemorySegment)} reads
 * it after the call. One call-state segment per calling thread (or per owner object) is enough; it is overwritten on
 * every call.
 */
public final class UsrsctpLibrary {
    /** The SONAME of usrsctp 0.9.x as shipped by Debian and Ubuntu. */
    public static final String SONAME = "libusrsctp.so.2";
    /** Overrides the library path or name (for a locally built usrsctp). */
    public static final String LIBRARY_PROP_NAME = "deltad.usrsctp.library";

    static final Linker LINKER = Linker.nativeLinker();
    static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private static final StructLayout CALL_STATE_LAYOUT = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET = CALL_STATE_LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("errno"));

    private UsrsctpLibrary() {
    }

    private static final class Holder {
        static final SymbolLookup LOOKUP = load();

        private static SymbolLookup load() {
            final String name = System.getProperty(LIBRARY_PROP_NAME, SONAME);
            return NativeLibraries.load(name, "cannot load usrsctp: '" + name
                + "' not found by the dynamic loader. Install the Debian package libusrsctp2 (runtime) or "
                + "libusrsctp-dev (build and test): apt-get install libusrsctp2; or set -D" + LIBRARY_PROP_NAME
                + "=/path/to/libusrsctp.so.2");
        }
    }

    /** True if the library can be loaded (for tests and start-up checks that want a message, not an error). */
    public static boolean isAvailable() {
        try {
            return Holder.LOOKUP != null;
        } catch (final LinkageError ex) {
            return false;
        }
    }

    /** The address of {@code name} in usrsctp; fails with the symbol's name if the library lacks it (a version mismatch). */
    static MemorySegment find(final String name) {
        return Holder.LOOKUP.find(name).orElseThrow(() -> new UnsatisfiedLinkError(
            "usrsctp symbol not found: " + name + " (" + SONAME + " too old or built without it?)"));
    }

    /** A segment for the {@code errno} captured by the functions whose wrappers take a {@code callState}. */
    public static MemorySegment allocateCallState(final Arena arena) {
        return arena.allocate(CALL_STATE_LAYOUT);
    }

    /** The {@code errno} the last call using {@code callState} left. */
    public static int errno(final MemorySegment callState) {
        return callState.get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
    }
}
