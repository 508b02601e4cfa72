package io.deltad.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The small parsers behind config values: durations, sizes, sysfs CPU lists, /proc/mounts, key suggestions. */
class FormatsTest {
    @Test
    void shouldParseDurationsWhenUnitIsGiven() {
        assertEquals(250_000L, DurationFormat.parseNs("250us"));
        assertEquals(100_000_000L, DurationFormat.parseNs("100ms"));
        assertEquals(5_000_000_000L, DurationFormat.parseNs("5s"));
        assertEquals(120_000_000_000L, DurationFormat.parseNs("2m"));
        assertEquals(3_600_000_000_000L, DurationFormat.parseNs("1h"));
        assertEquals(7L, DurationFormat.parseNs("7ns"));
    }

    @Test
    void shouldRejectDurationsWhenUnitIsMissingOrFractional() {
        assertThrows(IllegalArgumentException.class, () -> DurationFormat.parseNs("100"));
        assertThrows(IllegalArgumentException.class, () -> DurationFormat.parseNs("1.5s"));
        assertThrows(IllegalArgumentException.class, () -> DurationFormat.parseNs("-5s"));
        assertThrows(IllegalArgumentException.class, () -> DurationFormat.parseNs("5 parsecs"));
        assertThrows(IllegalArgumentException.class, () -> DurationFormat.parseNs("99999999999999999999h"));
    }

    @Test
    void shouldFormatDurationsInLargestExactUnit() {
        assertEquals("100ms", DurationFormat.format(100_000_000L));
        assertEquals("2m", DurationFormat.format(120_000_000_000L));
        assertEquals("1500us", DurationFormat.format(1_500_000L));
        assertEquals("0ns", DurationFormat.format(0));
    }

    @Test
    void shouldParseSizesWhenGivenWithBinaryUnitsOrBytes() {
        assertEquals(64L << 10, SizeFormat.parseBytes("64KiB"));
        assertEquals(256L << 20, SizeFormat.parseBytes("256MiB"));
        assertEquals(1L << 30, SizeFormat.parseBytes("1GiB"));
        assertEquals(4096, SizeFormat.parseBytes("4096"));
        assertEquals(4096, SizeFormat.parseBytes("4096B"));
    }

    @Test
    void shouldRejectSizesWhenUnitIsDecimalOrValueOverflows() {
        assertThrows(IllegalArgumentException.class, () -> SizeFormat.parseBytes("64KB"));
        assertThrows(IllegalArgumentException.class, () -> SizeFormat.parseBytes("1.5GiB"));
        assertThrows(IllegalArgumentException.class, () -> SizeFormat.parseBytes("MiB"));
        assertThrows(IllegalArgumentException.class, () -> SizeFormat.parseBytes("99999999TiB"));
    }

    @Test
    void shouldFormatSizesInLargestExactUnit() {
        assertEquals("4MiB", SizeFormat.format(4L << 20));
        assertEquals("96KiB", SizeFormat.format(96L << 10));
        assertEquals("1000B", SizeFormat.format(1000));
    }

    @Test
    void shouldParseSysfsCpuListWhenItHasRangesAndSingles() {
        final CpuTopology topology = CpuTopology.parse("0-3,6,8-9\n", "0");
        assertEquals(7, topology.cpuCount());
        assertTrue(topology.hasCpu(6));
        assertFalse(topology.hasCpu(5));
        assertFalse(topology.hasCpu(-1));
        assertEquals("0-3,6,8-9", topology.describeCpus());
    }

    @Test
    void shouldSeeAtLeastOneCpuOnThisHost() {
        assertTrue(CpuTopology.current().cpuCount() >= 1);
        assertTrue(CpuTopology.current().hasCpu(0));
        assertTrue(CpuTopology.current().hasNumaNode(0));
    }

    @Test
    void shouldFindFileSystemOfPathByLongestMountPoint() {
        final MountTable mounts = MountTable.parse("""
            /dev/root / ext4 rw 0 0
            nodev /dev/hugepages hugetlbfs rw,pagesize=2M 0 0
            tmpfs /dev/hugepages/not\\040huge tmpfs rw 0 0
            """);

        assertEquals("hugetlbfs", mounts.fileSystemTypeOf(Path.of("/dev/hugepages/deltad")));
        assertEquals("tmpfs", mounts.fileSystemTypeOf(Path.of("/dev/hugepages/not huge/x")));
        assertEquals("ext4", mounts.fileSystemTypeOf(Path.of("/dev/hugepagesX")));
        assertEquals(List.of(Path.of("/dev/hugepages")), mounts.mountPointsOfType("hugetlbfs"));
        assertNull(MountTable.parse("").fileSystemTypeOf(Path.of("/x")));
    }

    @Test
    void shouldSuggestCloseKeysOnly() {
        final List<String> keys = List.of("promotion_threshold", "demotion_threshold", "max_elastic");
        assertEquals("; did you mean 'max_elastic'?", KeySuggestions.didYouMean("max_elastics", keys));
        assertEquals("; did you mean 'demotion_threshold'?", KeySuggestions.didYouMean("demotoin_threshold", keys));
        assertEquals("", KeySuggestions.didYouMean("colour", keys));
        assertEquals("; did you mean 'io'?", KeySuggestions.didYouMean("IO", List.of("io", "doc")));
    }
}
