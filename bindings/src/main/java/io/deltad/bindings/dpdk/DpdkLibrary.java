package io.deltad.bindings.dpdk;

import io.deltad.bindings.NativeLibraries;

import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * Loads {@code libdeltad_dpdk.so} once, on the first use of a binding: a process that never selects
 * {@code io.mode = "dpdk"} never loads DPDK.
 *
 * <p>Where it is looked for, first match wins:
 * <ol>
 *   <li>{@code -Ddeltad.dpdk.library=/path/to/libdeltad_dpdk.so} (the test runs set it to {@code native/target});</li>
 *   <li>next to the jar this class was loaded from: the build copies the library into {@code engine/target/lib/}
 *       beside {@code deltad-bindings.jar}, and the Debian package into {@code /opt/deltad/lib/app/lib/};</li>
 *   <li>the dynamic loader's search path ({@code LD_LIBRARY_PATH}, {@code ld.so.cache}).</li>
 * </ol>
 * The shim links DPDK's own shared libraries ({@code librte_*.so.23}, Debian package {@code dpdk}); DPDK's EAL then
 * loads the poll-mode drivers from its plugin directory.
 */
public final class DpdkLibrary {
    public static final String FILE_NAME = "libdeltad_dpdk.so";
    public static final String LIBRARY_PROP_NAME = "deltad.dpdk.library";

    static final Linker LINKER = Linker.nativeLinker();

    private DpdkLibrary() {
    }

    private static final class Holder {
        static final String PATH = locate();
        static final SymbolLookup LOOKUP = load(PATH);

        private static String locate() {
            final String property = System.getProperty(LIBRARY_PROP_NAME);
            if (property != null && !property.isBlank()) {
                return property;
            }
            final Path besideJar = besideJar();
            if (besideJar != null && Files.isRegularFile(besideJar)) {
                return besideJar.toString();
            }
            return FILE_NAME;
        }

        private static Path besideJar() {
            final CodeSource source = DpdkLibrary.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return null;
            }
            try {
                final Path location = Path.of(source.getLocation().toURI());
                final Path dir = Files.isDirectory(location) ? location : location.getParent();
                return dir == null ? null : dir.resolve(FILE_NAME);
            } catch (final URISyntaxException | IllegalArgumentException ex) {
                return null;
            }
        }

        private static SymbolLookup load(final String path) {
            return NativeLibraries.load(path, "cannot load the DPDK shim '" + path
                + "': build it (mvn install builds native/target/" + FILE_NAME + "; bin/lib.sh ensure_dpdk installs "
                + "DPDK 22.11: apt-get install dpdk libdpdk-dev pkg-config gcc make), or set -D" + LIBRARY_PROP_NAME
                + "=/path/to/" + FILE_NAME + ". The shim needs DPDK's runtime libraries (Debian package dpdk).");
        }
    }

    /** True if the shim and DPDK's libraries load (tests and start-up checks that want a message, not an error). */
    public static boolean isAvailable() {
        try {
            return Holder.LOOKUP != null;
        } catch (final LinkageError ex) {
            return false;
        }
    }

    /** Why {@link #isAvailable()} is false: the loader's message, or null when it loads. */
    public static String unavailableReason() {
        try {
            return Holder.LOOKUP != null ? null : "not loaded";
        } catch (final LinkageError ex) {
            return ex.getMessage();
        }
    }

    /** The path or name the library was loaded from. */
    public static String path() {
        return Holder.PATH;
    }

    static MemorySegment find(final String name) {
        return Holder.LOOKUP.find(name).orElseThrow(() -> new UnsatisfiedLinkError(
            "DPDK shim symbol not found: " + name + " (" + Holder.PATH + " is stale: rebuild native/)"));
    }
}
