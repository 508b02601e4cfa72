package io.deltad.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The file systems mounted on a host, from {@code /proc/mounts}: used to check that a hugetlbfs-backed store
 * really sits on hugetlbfs (on tmpfs it would silently run on 4 KiB pages).
 */
public final class MountTable {
    private static final Path PROC_MOUNTS = Path.of("/proc/mounts");

    /** One mounted file system. */
    public record Mount(Path mountPoint, String type) {
    }

    private final List<Mount> mounts;

    private MountTable(final List<Mount> mounts) {
        this.mounts = List.copyOf(mounts);
    }

    /** @return the mounts of this host, or an empty table when {@code /proc/mounts} cannot be read. */
    public static MountTable current() {
        try {
            return parse(Files.readString(PROC_MOUNTS));
        } catch (final IOException ex) {
            return new MountTable(List.of());
        }
    }

    /**
     * @param procMounts text in {@code /proc/mounts} format: {@code device mountpoint type options dump pass}.
     * @return the table it describes.
     */
    public static MountTable parse(final String procMounts) {
        final List<Mount> mounts = new ArrayList<>();
        for (final String line : procMounts.split("\n")) {
            final String[] fields = line.strip().split("\\s+");
            if (fields.length >= 3) {
                mounts.add(new Mount(Path.of(unescape(fields[1])), fields[2]));
            }
        }
        return new MountTable(mounts);
    }

    /**
     * The type of the file system a path lives on: the mount with the longest mount point that contains it (the
     * last such mount wins, as the kernel stacks later mounts on top).
     *
     * @param path an absolute path; it need not exist yet.
     * @return the file system type, or {@code null} when no mount contains it.
     */
    public String fileSystemTypeOf(final Path path) {
        final Path normalised = path.toAbsolutePath().normalize();
        Mount best = null;
        for (final Mount mount : mounts) {
            if (normalised.startsWith(mount.mountPoint()) &&
                (null == best || mount.mountPoint().getNameCount() >= best.mountPoint().getNameCount())) {
                best = mount;
            }
        }
        return null == best ? null : best.type();
    }

    /** @return the mount points of a given file system type, for messages. */
    public List<Path> mountPointsOfType(final String type) {
        return mounts.stream().filter(m -> m.type().equals(type)).map(Mount::mountPoint).toList();
    }

    // /proc/mounts escapes space, tab, newline and backslash in paths as 3-digit octal.
    private static String unescape(final String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        final StringBuilder sb = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            final char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isOctal(final String s, final int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
