package io.deltad.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** {@code [store]}: the chunk store every delta is written to once. */
public final class StoreConfig {
    static final String SECTION = "store";
    static final String SIZE = "size";
    static final String CHUNK_SIZE = "chunk_size";
    static final String BACKING = "backing";
    static final String PATH = "path";
    private static final List<String> KEYS = List.of(SIZE, CHUNK_SIZE, BACKING, PATH);

    static final long SIZE_DEFAULT = 256L << 20;
    static final long SIZE_MIN = 4L << 20;
    static final long SIZE_MAX = 1L << 40;
    static final long CHUNK_SIZE_DEFAULT = 1L << 20;
    static final long CHUNK_SIZE_MIN = 64L << 10;
    static final long CHUNK_SIZE_MAX = 64L << 20;
    private static final String HUGETLBFS = "hugetlbfs";

    private final long sizeBytes;
    private final long chunkSizeBytes;
    private final StoreBacking backing;
    private final Path path;

    private StoreConfig(final long sizeBytes, final long chunkSizeBytes, final StoreBacking backing, final Path path) {
        this.sizeBytes = sizeBytes;
        this.chunkSizeBytes = chunkSizeBytes;
        this.backing = backing;
        this.path = path;
    }

    static StoreConfig from(final ConfigSource source) {
        final SectionReader reader = new SectionReader(source, SECTION, KEYS);
        final long size = reader.sizeBytes(SIZE, SIZE_DEFAULT, SIZE_MIN, SIZE_MAX);
        final long chunkSize = reader.powerOfTwoSizeBytes(CHUNK_SIZE, CHUNK_SIZE_DEFAULT, CHUNK_SIZE_MIN, CHUNK_SIZE_MAX);
        if (size % chunkSize != 0) {
            throw reader.fail(SIZE, "must be a multiple of " + reader.dotted(CHUNK_SIZE) + " (" +
                SizeFormat.format(chunkSize) + "), got " + SizeFormat.format(size));
        }
        final StoreBacking backing = reader.choice(BACKING, StoreBacking.ANONYMOUS, StoreBacking.class);
        final Path path = switch (backing) {
            case ANONYMOUS -> {
                if (reader.has(PATH)) {
                    // A path with anonymous backing means the operator expects durability they would not get.
                    throw reader.fail(PATH, "is only used with backing = \"file\" or \"hugetlbfs\", backing is \"anonymous\"");
                }
                yield null;
            }
            case FILE -> checkDirectoryIfExists(reader, reader.path(PATH, null));
            case HUGETLBFS -> checkOnHugetlbfs(reader, checkDirectoryIfExists(reader, reader.path(PATH, null)));
        };
        return new StoreConfig(size, chunkSize, backing, path);
    }

    // The directory may not exist yet (the store creates it at start), but a regular file there is a mistake.
    private static Path checkDirectoryIfExists(final SectionReader reader, final Path path) {
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw reader.fail(PATH, "must be a directory: " + path);
        }
        return path;
    }

    private static Path checkOnHugetlbfs(final SectionReader reader, final Path path) {
        final MountTable mounts = reader.source().host().mounts();
        final String type = mounts.fileSystemTypeOf(path);
        if (!HUGETLBFS.equals(type)) {
            final List<Path> hugetlbfsMounts = mounts.mountPointsOfType(HUGETLBFS);
            throw reader.fail(PATH, path + " is on " + (null == type ? "no known mount" : type) +
                ", not on a hugetlbfs mount (hugetlbfs mounts on this host: " +
                (hugetlbfsMounts.isEmpty() ? "none; mount one, e.g. mount -t hugetlbfs nodev /dev/hugepages" : hugetlbfsMounts) + ')');
        }
        return path;
    }

    /** @return total bytes of the store. */
    public long sizeBytes() {
        return sizeBytes;
    }

    /** @return bytes per chunk, a power of two; {@link #sizeBytes()} is a multiple of it. */
    public long chunkSizeBytes() {
        return chunkSizeBytes;
    }

    /** @return number of chunks in the store. */
    public long chunkCount() {
        return sizeBytes / chunkSizeBytes;
    }

    /** @return what backs the store's memory. */
    public StoreBacking backing() {
        return backing;
    }

    /** @return the directory of the backing files; empty for anonymous backing. */
    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }

    @Override
    public String toString() {
        return "[store] size=" + SizeFormat.format(sizeBytes) + " chunk_size=" + SizeFormat.format(chunkSizeBytes) +
            " backing=" + SectionReader.configName(backing) + (null == path ? "" : " path=" + path);
    }
}
