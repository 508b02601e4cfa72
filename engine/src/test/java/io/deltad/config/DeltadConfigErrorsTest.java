package io.deltad.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.deltad.config.ConfigFiles.CORES;
import static io.deltad.config.ConfigFiles.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BAD_INPUTS 36: every way a config can be wrong fails fast, naming file, line and dotted key. */
class DeltadConfigErrorsTest {
    @TempDir
    Path dir;

    @Test
    void shouldReportSyntaxErrorWithLineWhenValueIsUnquoted() {
        assertFails(dir, "[node]\nname = deltad\n" + CORES, 2, null, "syntax error");
    }

    @Test
    void shouldReportDuplicateKeyWithItsDottedPathWhenKeyIsRepeated() {
        final ConfigException ex = assertFails(dir, CORES + "[elastic]\nmax_elastic = 1\nmax_elastic = 1\n",
            8, "elastic.max_elastic", "duplicate key");
        assertTrue(ex.getMessage().contains("first defined at line 7"), ex.getMessage());
    }

    @Test
    void shouldReportDuplicateSectionWhenTableIsRepeated() {
        assertFails(dir, CORES + "[store]\nsize = \"8MiB\"\n[store]\nchunk_size = \"1MiB\"\n", 8, "store", "duplicate key");
    }

    @Test
    void shouldSuggestKnownKeyWhenKeyIsMisspelt() {
        assertFails(dir, CORES + "[elastic]\nmax_elastics = 1\n", 7, "elastic.max_elastics",
            "unknown key; did you mean 'max_elastic'?");
    }

    @Test
    void shouldRejectUnknownKeyWithoutHintWhenNothingIsClose() {
        final ConfigException ex = assertFails(dir, CORES + "[store]\nflavour = \"vanilla\"\n", 7, "store.flavour", "unknown key");
        assertTrue(!ex.getMessage().contains("did you mean"), ex.getMessage());
    }

    @Test
    void shouldRejectUnknownSectionWhenSectionIsNotYetSupported() {
        assertFails(dir, CORES + "[http]\nport = 8080\n", 6, "http", "unknown section [http]");
    }

    @Test
    void shouldRejectUnknownTopLevelKeyWhenKeyIsOutsideAnySection() {
        assertFails(dir, "name = \"x\"\n" + CORES, 1, "name", "unknown top-level key");
    }

    @Test
    void shouldRejectWrongTypeWhenDottedKeyMakesATable() {
        assertFails(dir, CORES + "[store]\nsize.bytes = 5\n", 7, "store.size", "must be a size");
    }

    @Test
    void shouldRejectSectionWhenItIsAValue() {
        assertFails(dir, "store = 5\n" + CORES, 1, "store", "must be a table");
    }

    @Test
    void shouldRejectWrongTypeWhenSizeIsBoolean() {
        assertFails(dir, CORES + "[store]\nsize = true\n", 7, "store.size", "got boolean true");
    }

    @Test
    void shouldRejectWrongTypeWhenIntegerIsQuoted() {
        assertFails(dir, CORES + "[limits]\nmax_sessions = \"10\"\n", 7, "limits.max_sessions", "must be an integer, got string \"10\"");
    }

    @Test
    void shouldRejectWrongTypeWhenIntegerIsFloat() {
        assertFails(dir, CORES + "[limits]\nsession_burst = 1.5\n", 7, "limits.session_burst", "must be an integer, got float 1.5");
    }

    @Test
    void shouldReportRangeExactlyWhenMaxElasticIsTooLarge() {
        final Path file = ConfigFiles.write(dir, CORES + "[elastic]\nmax_elastic = 99\n");
        final ConfigException ex = assertThrows(ConfigException.class, () -> DeltadConfig.load(file, ConfigFiles.FOUR_CPUS));
        assertEquals(file + ":7: elastic.max_elastic: must be between 0 and 64, got 99", ex.getMessage());
    }

    @Test
    void shouldRejectCpuWhenItDoesNotExistOnThisHost() {
        // The real host, not the fake one: no machine this runs on has 1000 CPUs.
        final Path file = ConfigFiles.write(dir, "[cores]\nio = [0, 999]\ndoc = [0]\nconductor = 0\nshared = true\n");
        final ConfigException ex = assertThrows(ConfigException.class, () -> DeltadConfig.load(file));
        assertEquals(2, ex.line());
        assertEquals("cores.io[1]", ex.key());
        assertTrue(ex.getMessage().contains("CPU 999 does not exist on this host (online CPUs: " +
            CpuTopology.current().describeCpus() + ")"), ex.getMessage());
    }

    @Test
    void shouldRejectConductorCpuWhenItDoesNotExist() {
        assertFails(dir, "[cores]\nio = [0]\ndoc = [1]\nconductor = 4\n", 4, "cores.conductor", "CPU 4 does not exist");
    }

    @Test
    void shouldRejectNegativeCpu() {
        assertFails(dir, "[cores]\nio = [0]\ndoc = [\n  1,\n  -1,\n]\nconductor = 3\n", 5, "cores.doc[1]", "CPU -1 does not exist");
    }

    @Test
    void shouldRejectCpuWhenListedTwiceInOneRole() {
        assertFails(dir, "[cores]\nio = [0]\ndoc = [1, 1]\nconductor = 3\nshared = true\n", 3, "cores.doc[1]",
            "CPU 1 is listed twice in cores.doc");
    }

    @Test
    void shouldRejectOverlappingRolesWhenNotShared() {
        assertFails(dir, "[cores]\nio = [0, 1]\ndoc = [2,\n 1]\nconductor = 3\n", 4, "cores.doc[1]",
            "CPU 1 is also in cores.io (overlapping roles; set cores.shared = true");
    }

    @Test
    void shouldRejectElasticCpuWhenItIsADocCpuAndNotShared() {
        assertFails(dir, "[cores]\nio = [0]\ndoc = [1]\nelastic = [2, 1]\nconductor = 3\n", 4, "cores.elastic[1]",
            "CPU 1 is also in cores.doc (overlapping roles");
    }

    @Test
    void shouldRejectConductorWhenItSharesAnIoCpuAndNotShared() {
        assertFails(dir, "[cores]\nio = [0]\ndoc = [1]\nconductor = 0\n", 4, "cores.conductor",
            "CPU 0 is also in cores.io (overlapping roles");
    }

    @Test
    void shouldRejectMissingRequiredKeyAtSectionLine() {
        assertFails(dir, "[node]\nname = \"a\"\n\n[cores]\nio = [0]\ndoc = [1]\n", 4, "cores.conductor",
            "required key missing (add it under [cores])");
    }

    @Test
    void shouldRejectMissingCoreMapWhenSectionIsAbsent() {
        assertFails(dir, "[node]\nname = \"a\"\n", ConfigException.UNKNOWN_LINE, "cores.io", "required key missing");
    }

    @Test
    void shouldRejectEmptyIoList() {
        assertFails(dir, "[cores]\nio = []\ndoc = [1]\nconductor = 3\n", 2, "cores.io", "must list at least 1 CPU");
    }

    @Test
    void shouldRejectNumaNodeWhenItDoesNotExist() {
        assertFails(dir, CORES + "numa_node = 3\n", 6, "cores.numa_node", "NUMA node 3 does not exist");
    }

    @Test
    void shouldRejectIdleModeWhenUnknown() {
        assertFails(dir, CORES + "idle = \"spin\"\n", 6, "cores.idle", "must be one of \"backoff\", \"sleep\", got \"spin\"");
    }

    @Test
    void shouldRejectDemotionThresholdWhenNotBelowPromotion() {
        assertFails(dir, CORES + "[elastic]\npromotion_threshold = 5000\ndemotion_threshold = 5000\n", 8,
            "elastic.demotion_threshold", "demotion_threshold (5000) must be below promotion_threshold (5000)");
    }

    @Test
    void shouldBlamePromotionWhenOnlyPromotionIsSetBelowDefaultDemotion() {
        assertFails(dir, CORES + "[elastic]\npromotion_threshold = 5000\n", 7,
            "elastic.promotion_threshold", "must be below promotion_threshold (5000)");
    }

    @Test
    void shouldRejectMaxElasticWhenThereAreNoElasticCpus() {
        assertFails(dir, "[cores]\nio = [0]\ndoc = [1]\nconductor = 3\n[elastic]\nmax_elastic = 2\n", 6,
            "elastic.max_elastic", "cores.elastic lists no CPUs");
    }

    @Test
    void shouldRejectIdleTimeoutWhenShorterThanRateWindow() {
        assertFails(dir, CORES + "[elastic]\nidle_timeout = \"10ms\"\n", 7, "elastic.idle_timeout",
            "must be at least rate_window (100ms), got 10ms");
    }

    @Test
    void shouldRejectDurationWhenUnitIsMissing() {
        assertFails(dir, CORES + "[retention]\ntime = 60\n", 7, "retention.time", "must be a duration string");
        assertFails(dir, CORES + "[retention]\ntime = \"60\"\n", 7, "retention.time", "expected a duration like");
    }

    @Test
    void shouldRejectDurationWhenUnitIsUnknown() {
        assertFails(dir, CORES + "[retention]\ntime = \"60sec\"\n", 7, "retention.time", "unknown duration unit");
    }

    @Test
    void shouldRejectDurationWhenOutOfRange() {
        assertFails(dir, CORES + "[retention]\ntime = \"500us\"\n", 7, "retention.time", "must be between 1ms and 720h, got 500us");
    }

    @Test
    void shouldRejectMaxDeltasPerDocWhenNotPowerOfTwo() {
        assertFails(dir, CORES + "[retention]\nmax_deltas_per_doc = 1000\n", 7, "retention.max_deltas_per_doc",
            "must be a power of two, got 1000");
    }

    @Test
    void shouldRejectStoreSizeWhenBelowMinimum() {
        assertFails(dir, CORES + "[store]\nsize = \"1MiB\"\n", 7, "store.size", "must be between 4MiB and 1TiB, got 1MiB");
    }

    @Test
    void shouldRejectDecimalSizeUnits() {
        assertFails(dir, CORES + "[store]\nsize = \"64MB\"\n", 7, "store.size", "use B, KiB, MiB, GiB or TiB");
    }

    @Test
    void shouldRejectChunkSizeWhenNotPowerOfTwo() {
        assertFails(dir, CORES + "[store]\nchunk_size = \"96KiB\"\n", 7, "store.chunk_size", "must be a power of two, got 96KiB");
    }

    @Test
    void shouldRejectStoreSizeWhenNotMultipleOfChunkSize() {
        assertFails(dir, CORES + "[store]\nsize = \"5MiB\"\nchunk_size = \"2MiB\"\n", 7, "store.size",
            "must be a multiple of store.chunk_size (2MiB), got 5MiB");
    }

    @Test
    void shouldRejectFileBackingWhenPathIsMissing() {
        assertFails(dir, CORES + "[store]\nbacking = \"file\"\n", 6, "store.path", "required key missing");
    }

    @Test
    void shouldRejectPathWhenBackingIsAnonymous() {
        assertFails(dir, CORES + "[store]\npath = \"data\"\n", 7, "store.path", "only used with backing");
    }

    @Test
    void shouldRejectHugetlbfsBackingWhenPathIsNotOnHugetlbfs() {
        assertFails(dir, CORES + "[store]\nbacking = \"hugetlbfs\"\npath = \"huge\"\n", 8, "store.path",
            "not on a hugetlbfs mount (hugetlbfs mounts on this host: [/mnt/huge])");
    }

    @Test
    void shouldSayNoHugetlbfsIsMountedWhenHostHasNone() {
        final Path file = ConfigFiles.write(dir, CORES + "[store]\nbacking = \"hugetlbfs\"\npath = \"/mnt/huge/deltad\"\n");
        final Host noHugetlbfs = new Host(CpuTopology.ofCpuCount(4), MountTable.parse("/dev/root / ext4 rw 0 0\n"));
        final ConfigException ex = assertThrows(ConfigException.class, () -> DeltadConfig.load(file, noHugetlbfs));
        assertTrue(ex.getMessage().contains("store.path: /mnt/huge/deltad is on ext4, not on a hugetlbfs mount " +
            "(hugetlbfs mounts on this host: none; mount one"), ex.getMessage());
    }

    @Test
    void shouldRejectBackingWhenUnknownAndSuggestClosest() {
        assertFails(dir, CORES + "[store]\nbacking = \"hugetlb\"\n", 7, "store.backing", "did you mean 'hugetlbfs'?");
    }

    @Test
    void shouldRejectRingSizeWhenNotPowerOfTwo() {
        assertFails(dir, CORES + "[rings]\nio_to_doc = \"3MiB\"\n", 7, "rings.io_to_doc", "must be a power of two, got 3MiB");
    }

    @Test
    void shouldRejectRateLimitActionWhenUnknown() {
        assertFails(dir, CORES + "[limits]\non_rate_limit = \"drop\"\n", 7, "limits.on_rate_limit",
            "must be one of \"nack\", \"close\", got \"drop\"");
    }

    @Test
    void shouldRejectSchemasDirWhenItDoesNotExist() {
        assertFails(dir, CORES + "[schemas]\ndir = \"nope\"\n", 7, "schemas.dir",
            "directory does not exist: " + dir.resolve("nope").toAbsolutePath());
    }

    @Test
    void shouldRejectNodeNameWhenItIsNotPathSafe() {
        assertFails(dir, "[node]\nname = \"../etc\"\n" + CORES, 2, "node.name", "used in file paths");
    }

    @Test
    void shouldNameFileWhenItCannotBeRead() {
        final Path missing = dir.resolve("missing.toml");
        final ConfigException ex = assertThrows(ConfigException.class, () -> DeltadConfig.load(missing));
        assertTrue(ex.getMessage().startsWith(missing + ": cannot read"), ex.getMessage());
    }
}
