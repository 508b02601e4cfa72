package io.deltad.config;

import io.deltad.agent.IdleMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.deltad.config.ConfigFiles.CORES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeltadConfigTest {
    @TempDir
    Path dir;

    @Test
    void shouldApplyEveryDefaultWhenOnlyCoreMapIsGiven() {
        final DeltadConfig config = ConfigFiles.load(dir, CORES);

        assertEquals("deltad", config.node().name());
        assertArrayEquals(new int[]{0}, config.cores().ioCpus());
        assertArrayEquals(new int[]{1}, config.cores().docCpus());
        assertArrayEquals(new int[]{2}, config.cores().elasticCpus());
        assertEquals(3, config.cores().conductorCpu());
        assertFalse(config.cores().shared());
        assertEquals(0, config.cores().numaNode());
        assertEquals(IdleMode.BACKOFF, config.cores().idle());

        assertEquals(256L << 20, config.store().sizeBytes());
        assertEquals(1L << 20, config.store().chunkSizeBytes());
        assertEquals(256, config.store().chunkCount());
        assertEquals(StoreBacking.ANONYMOUS, config.store().backing());
        assertTrue(config.store().path().isEmpty());

        assertEquals(TimeUnit.SECONDS.toNanos(60), config.retention().timeNs());
        assertEquals(65_536, config.retention().maxDeltasPerDoc());

        assertEquals(100_000, config.elastic().promotionThresholdPerSec());
        assertEquals(10_000, config.elastic().demotionThresholdPerSec());
        assertEquals(TimeUnit.SECONDS.toNanos(5), config.elastic().idleTimeoutNs());
        assertEquals(1, config.elastic().maxElastic(), "defaults to the number of elastic CPUs");
        assertEquals(TimeUnit.MILLISECONDS.toNanos(100), config.elastic().rateWindowNs());

        assertEquals(4 << 20, config.rings().ioToDocBytes());
        assertEquals(4 << 20, config.rings().docToIoBytes());
        assertEquals(1 << 20, config.rings().commandBytes());

        assertEquals(10_000, config.limits().maxSessions());
        assertEquals(0, config.limits().sessionRatePerSec());
        assertFalse(config.limits().isRateLimited());
        assertEquals(1_000, config.limits().sessionBurst());
        assertEquals(RateLimitAction.NACK, config.limits().onRateLimit());

        assertEquals(dir.resolve("schemas").toAbsolutePath(), config.schemas().dir());
        assertEquals(Path.of("/dev/shm/deltad-deltad/counters.dat"), config.counters().file());
    }

    @Test
    void shouldParseDurationsAndSizesWhenGivenWithUnits() {
        final DeltadConfig config = ConfigFiles.load(dir, CORES + """
            [store]
            size = "1GiB"
            chunk_size = "64KiB"
            [retention]
            time = "2m"
            [elastic]
            rate_window = "50ms"
            idle_timeout = "100ms"
            [rings]
            io_to_doc = 65536
            doc_to_io = "256MiB"
            """);

        assertEquals(1L << 30, config.store().sizeBytes());
        assertEquals(64 << 10, config.store().chunkSizeBytes());
        assertEquals(TimeUnit.MINUTES.toNanos(2), config.retention().timeNs());
        assertEquals(50_000_000, config.elastic().rateWindowNs());
        assertEquals(100_000_000, config.elastic().idleTimeoutNs());
        assertEquals(65_536, config.rings().ioToDocBytes());
        assertEquals(256 << 20, config.rings().docToIoBytes());
    }

    @Test
    void shouldComposeRolesOnOneCpuWhenSharedIsTrue() {
        final DeltadConfig config = ConfigFiles.load(dir, """
            [cores]
            io = [0]
            doc = [0, 1]
            elastic = [1]
            conductor = 0
            shared = true
            """);

        assertTrue(config.cores().shared());
        assertArrayEquals(new int[]{0, 1}, config.cores().docCpus());
        assertEquals(0, config.cores().conductorCpu());
    }

    @Test
    void shouldAssignElasticAgentsRoundRobinOverElasticCpus() {
        final CoreMapConfig cores = ConfigFiles.load(dir, """
            [cores]
            io = [0]
            doc = [1]
            elastic = [2, 3]
            conductor = 0
            shared = true
            """).cores();

        assertEquals(2, cores.elasticCpu(0));
        assertEquals(3, cores.elasticCpu(1));
        assertEquals(2, cores.elasticCpu(2));
    }

    @Test
    void shouldResolveRelativePathsAgainstConfigFileDirectory() throws Exception {
        Files.createDirectories(dir.resolve("more/schemas2"));
        final DeltadConfig config = ConfigFiles.load(dir, CORES + """
            [node]
            name = "edge-7"
            [schemas]
            dir = "more/schemas2"
            [store]
            backing = "file"
            path = "data"
            """);

        assertEquals(dir.resolve("more/schemas2").toAbsolutePath(), config.schemas().dir());
        assertEquals(dir.resolve("data").toAbsolutePath(), config.store().path().orElseThrow());
        assertEquals(Path.of("/dev/shm/deltad-edge-7/counters.dat"), config.counters().file(), "default follows node.name");
    }

    @Test
    void shouldAcceptHugetlbfsBackingWhenPathIsOnHugetlbfsMount() {
        final DeltadConfig config = ConfigFiles.load(dir, CORES + """
            [store]
            backing = "hugetlbfs"
            path = "/mnt/huge/deltad"
            """);

        assertEquals(StoreBacking.HUGETLBFS, config.store().backing());
        assertEquals(Path.of("/mnt/huge/deltad"), config.store().path().orElseThrow());
    }

    @Test
    void shouldBuildValidatedConfigWithoutFile() {
        Path schemas = dir.resolve("schemas");
        final DeltadConfig defaults = DeltadConfig.defaults(createDir(schemas));
        assertEquals(schemas.toAbsolutePath(), defaults.schemas().dir());
        assertEquals("<builder>", defaults.source());
        assertTrue(defaults.cores().shared());

        final DeltadConfig config = DeltadConfig.builder(dir)
            .set("store.size", "64MiB")
            .set("elastic.max_elastic", 0)
            .set("cores.io", List.of(0, 1))
            .build();
        assertEquals(64L << 20, config.store().sizeBytes());
        assertEquals(0, config.elastic().maxElastic());
        assertArrayEquals(new int[]{0, 1}, config.cores().ioCpus());
    }

    @Test
    void shouldValidateBuilderValuesLikeFileValues() {
        createDir(dir.resolve("schemas"));
        final ConfigException ex = assertThrows(
            ConfigException.class, () -> DeltadConfig.builder(dir).set("elastic.max_elastic", 99).build());
        assertEquals("<builder>: elastic.max_elastic: must be between 0 and 64, got 99", ex.getMessage());
    }

    @Test
    void shouldListEffectiveValuesWhenPrinted() {
        final String text = ConfigFiles.load(dir, CORES).toString();
        assertTrue(text.contains("[store] size=256MiB chunk_size=1MiB backing=anonymous"), text);
        assertTrue(text.contains("[cores] io=[0] doc=[1] elastic=[2] conductor=3 shared=false"), text);
    }

    private static Path createDir(final Path path) {
        try {
            return Files.createDirectories(path);
        } catch (final java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
