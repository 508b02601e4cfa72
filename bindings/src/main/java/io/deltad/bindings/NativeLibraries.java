package io.deltad.bindings;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;

/** Loading a native library for the bindings: once per process, for the process's life, with a message that helps. */
public final class NativeLibraries {
    private NativeLibraries() {
    }

    /**
     * {@code libraryLookup(pathOrName)} in the global arena; a library the dynamic loader cannot open fails with an
     * {@link UnsatisfiedLinkError} whose message is {@code howToFix} (what to install or set), the loader's own
     * reason as its cause.
     */
    public static SymbolLookup load(final String pathOrName, final String howToFix) {
        try {
            return SymbolLookup.libraryLookup(pathOrName, Arena.global());
        } catch (final IllegalArgumentException ex) {
            final UnsatisfiedLinkError error = new UnsatisfiedLinkError(howToFix);
            error.initCause(ex);
            throw error;
        }
    }
}
