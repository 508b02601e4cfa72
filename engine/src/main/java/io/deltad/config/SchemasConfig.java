package io.deltad.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code [schemas]}: where document schemas are loaded (and hot-reloaded) from. */
public final class SchemasConfig {
    static final String SECTION = "schemas";
    static final String DIR = "dir";
    static final String DIR_DEFAULT = "schemas";
    private static final List<String> KEYS = List.of(DIR);

    private final Path dir;

    private SchemasConfig(final Path dir) {
        this.dir = dir;
    }

    static SchemasConfig from(final ConfigSource source) {
        final SectionReader reader = new SectionReader(source, SECTION, KEYS);
        final Path dir = reader.path(DIR, DIR_DEFAULT);
        if (!Files.isDirectory(dir)) {
            throw reader.fail(DIR, (Files.exists(dir) ? "is not a directory: " : "directory does not exist: ") + dir);
        }
        return new SchemasConfig(dir);
    }

    /** @return the absolute schema directory, which exists. */
    public Path dir() {
        return dir;
    }

    @Override
    public String toString() {
        return "[schemas] dir=" + dir;
    }
}
