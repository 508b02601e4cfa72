package io.deltad.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writes test configs next to a {@code schemas/} directory and checks the errors they produce. */
final class ConfigFiles {
    /** A 4-CPU, one-node host with a hugetlbfs mount at /mnt/huge, so tests do not depend on the machine. */
    static final Host FOUR_CPUS = new Host(
        CpuTopology.ofCpuCount(4),
        MountTable.parse("""
            /dev/root / ext4 rw,relatime 0 0
            nodev /mnt/huge hugetlbfs rw,relatime,pagesize=2M 0 0
            """));

    /** The smallest valid core map on {@link #FOUR_CPUS}. */
    static final String CORES = """
        [cores]
        io = [0]
        doc = [1]
        elastic = [2]
        conductor = 3
        """;

    private ConfigFiles() {
    }

    static Path write(final Path dir, final String toml) {
        try {
            Files.createDirectories(dir.resolve("schemas"));
            return Files.writeString(dir.resolve("deltad.toml"), toml);
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static DeltadConfig load(final Path dir, final String toml) {
        return DeltadConfig.load(write(dir, toml), FOUR_CPUS);
    }

    /**
     * Loads a config that must fail and checks the message reads {@code file:line: key: ...problem...}.
     *
     * @param line 1-based line expected, or {@link ConfigException#UNKNOWN_LINE}.
     * @param key  dotted key expected, or {@code null} for a syntax error.
     */
    static ConfigException assertFails(
        final Path dir, final String toml, final int line, final String key, final String problem) {
        final Path file = write(dir, toml);
        final ConfigException ex = assertThrows(ConfigException.class, () -> DeltadConfig.load(file, FOUR_CPUS));
        assertEquals(file.toString(), ex.file(), ex.getMessage());
        assertEquals(line, ex.line(), ex.getMessage());
        assertEquals(key, ex.key(), ex.getMessage());
        final String prefix = file + (line == ConfigException.UNKNOWN_LINE ? "" : ":" + line) + ": " +
            (null == key ? "" : key + ": ");
        assertTrue(ex.getMessage().startsWith(prefix), () -> "expected prefix '" + prefix + "' in: " + ex.getMessage());
        assertTrue(ex.getMessage().contains(problem), () -> "expected '" + problem + "' in: " + ex.getMessage());
        return ex;
    }
}
