package io.deltad.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The configs shipped in {@code deploy/} load: an operator's first start must not fail on our own example. */
class DeployConfigsTest {
    private static final Path DEPLOY = findDeployDir();

    @Test
    void shouldLoadDevConfigOnThisHost() {
        final DeltadConfig config = DeltadConfig.load(DEPLOY.resolve("dev.toml"));

        assertEquals("deltad-dev", config.node().name());
        assertArrayEquals(new int[]{0}, config.cores().ioCpus());
        assertArrayEquals(new int[]{1}, config.cores().docCpus());
        assertArrayEquals(new int[]{1}, config.cores().elasticCpus());
        assertEquals(0, config.cores().conductorCpu());
        assertTrue(config.cores().shared());
        assertEquals(256L << 20, config.store().sizeBytes());
        assertEquals(StoreBacking.ANONYMOUS, config.store().backing());
        assertEquals(DEPLOY.resolve("schemas").toAbsolutePath().normalize(), config.schemas().dir());
    }

    /** The Debian package installs deploy/package/deltad.toml as /etc/deltad/deltad.toml, deploy/schemas beside it. */
    @Test
    void shouldLoadPackagedConfigLaidOutAsInstalled(@TempDir final Path etc) throws IOException {
        Files.copy(DEPLOY.resolve("package/deltad.toml"), etc.resolve("deltad.toml"));
        Files.createDirectory(etc.resolve("schemas"));
        try (Stream<Path> schemas = Files.list(DEPLOY.resolve("schemas"))) {
            for (final Path schema : schemas.toList()) {
                Files.copy(schema, etc.resolve("schemas").resolve(schema.getFileName()));
            }
        }

        final DeltadConfig config = DeltadConfig.load(etc.resolve("deltad.toml"));

        assertEquals("deltad", config.node().name());
        assertEquals(etc.resolve("schemas").toAbsolutePath().normalize(), config.schemas().dir());
        assertEquals(Path.of("/run/deltad/control.sock"), config.control().socket());
        assertEquals(Path.of("/dev/shm/deltad-deltad/counters.dat"), config.counters().file());
        assertEquals(StoreBacking.ANONYMOUS, config.store().backing());
    }

    @Test
    void shouldLoadProductionExampleOnSixteenCpuHostWithHugetlbfs() {
        final Host productionHost = new Host(
            CpuTopology.ofCpuCount(16),
            MountTable.parse("nodev /dev/hugepages hugetlbfs rw,relatime,pagesize=2M 0 0\n"));

        final DeltadConfig config = DeltadConfig.load(DEPLOY.resolve("example-production.toml"), productionHost);

        assertArrayEquals(new int[]{2, 3, 4, 5}, config.cores().ioCpus());
        assertArrayEquals(new int[]{6, 7, 8, 9}, config.cores().docCpus());
        assertArrayEquals(new int[]{10, 11, 12, 13, 14, 15}, config.cores().elasticCpus());
        assertEquals(1, config.cores().conductorCpu());
        assertEquals(StoreBacking.HUGETLBFS, config.store().backing());
        assertEquals(Path.of("/dev/hugepages/deltad"), config.store().path().orElseThrow());
        assertEquals(6, config.elastic().maxElastic());
    }

    @Test
    void shouldRejectProductionExampleOnThisSmallerHost() {
        assumeTrue(CpuTopology.current().cpuCount() < 16, "this host is big enough to run the production example");
        final ConfigException ex = assertThrows(
            ConfigException.class, () -> DeltadConfig.load(DEPLOY.resolve("example-production.toml"), CpuTopology.current()));
        assertTrue(ex.getMessage().contains("does not exist on this host"), ex.getMessage());
    }

    // Tests run from the module directory; the deploy/ directory is at the repository root.
    private static Path findDeployDir() {
        for (Path dir = Path.of("").toAbsolutePath(); null != dir; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy/dev.toml"))) {
                return dir.resolve("deploy");
            }
        }
        throw new IllegalStateException("no deploy/dev.toml above " + Path.of("").toAbsolutePath());
    }
}
