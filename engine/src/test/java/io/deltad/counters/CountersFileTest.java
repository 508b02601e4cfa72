package io.deltad.counters;

import io.deltad.wire.NackCode;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CountersFileTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadBackValuesThroughSeparateMapping() {
        final Path path = dir.resolve("run/deltad/counters.dat");
        try (CountersFile file = CountersFile.create(path, 256)) {
            final DeltadCounters counters = new DeltadCounters(file.manager());
            counters.deltasAccepted().getAndAdd(41);
            counters.deltasAccepted().getAndAdd(1);
            counters.deltasIngested().getAndAdd(50);
            counters.elasticActive().setRelease(2);
            final AtomicCounter work = counters.newAgentWork("io-0");
            work.getAndAddRelease(1234);
            counters.newRingFull("io-0", "doc-1").incrementRelease();

            try (CountersFileReader reader = CountersFileReader.open(path)) {
                final Map<String, Long> snapshot = reader.snapshot();
                assertEquals(42L, snapshot.get("deltas accepted"));
                assertEquals(50L, snapshot.get("deltas ingested"));
                assertEquals(2L, snapshot.get("elastic active"));
                assertEquals(0L, snapshot.get("errors"));
                assertEquals(1234L, snapshot.get("agent work: io-0"));
                assertEquals(1L, snapshot.get("ring full: io-0->doc-1"));

                // Later writes show through the live mapping.
                work.incrementRelease();
                assertEquals(1235L, reader.snapshot().get("agent work: io-0"));
            }
        }
    }

    @Test
    void shouldLabelOneRejectionCounterPerNackCode() {
        final Path path = dir.resolve("counters.dat");
        try (CountersFile file = CountersFile.create(path, 128)) {
            final AtomicCounter[] rejected = new DeltadCounters(file.manager()).newRejectedByCode();
            assertNull(rejected[NackCode.NONE]);
            for (int code = 1; code < NackCode.COUNT; code++) {
                rejected[code].getAndAdd(100 + code);
            }

            try (CountersFileReader reader = CountersFileReader.open(path)) {
                final Map<String, Long> snapshot = reader.snapshot();
                for (int code = 1; code < NackCode.COUNT; code++) {
                    assertEquals(100L + code, snapshot.get("deltas rejected: " + NackCode.name(code)), NackCode.name(code));
                }
                assertEquals(100L + NackCode.DUPLICATE, snapshot.get("deltas rejected: duplicate"));
                assertFalse(snapshot.containsKey("deltas rejected: none"));

                final Map<Integer, Integer> codeByCounterId = new HashMap<>();
                reader.counters().forEach((CountersReader.MetaData)(id, typeId, key, label) -> {
                    if (typeId == CounterType.DELTAS_REJECTED.id()) {
                        codeByCounterId.put(id, key.getInt(0));
                    }
                });
                assertEquals(NackCode.COUNT - 1, codeByCounterId.size());
                for (int code = 1; code < NackCode.COUNT; code++) {
                    assertEquals(code, codeByCounterId.get(rejected[code].id()));
                }
            }
        }
    }

    @Test
    void shouldGiveTypeIdsAndAgentNameKeysForGrouping() {
        final Path path = dir.resolve("counters.dat");
        try (CountersFile file = CountersFile.create(path, 64)) {
            final DeltadCounters counters = new DeltadCounters(file.manager());
            counters.newAgentWork("io-0").getAndAddRelease(3);
            counters.newAgentWork("doc-7").getAndAddRelease(4);
            counters.newAgentDutyCycles("io-0").getAndAddRelease(9);

            try (CountersFileReader reader = CountersFileReader.open(path)) {
                final List<String> agentWork = new ArrayList<>();
                reader.counters().forEach((CountersReader.MetaData)(id, typeId, key, label) -> {
                    if (typeId == CounterType.AGENT_WORK.id()) {
                        agentWork.add(DeltadCounters.keyAgentName(key) + "=" + reader.counters().getCounterValue(id));
                    }
                });
                assertEquals(List.of("io-0=3", "doc-7=4"), agentWork);

                final List<CounterType> types = new ArrayList<>();
                reader.forEach((id, typeId, label, value) -> types.add(CounterType.get(typeId)));
                assertTrue(types.contains(CounterType.AGENT_DUTY_CYCLES));
                assertFalse(types.contains(null));
            }
        }
    }

    @Test
    void shouldFreeCounterOfAgentThatWentAway() {
        final Path path = dir.resolve("counters.dat");
        try (CountersFile file = CountersFile.create(path, 64)) {
            final AtomicCounter work = new DeltadCounters(file.manager()).newAgentWork("elastic-0");
            try (CountersFileReader reader = CountersFileReader.open(path)) {
                assertTrue(reader.snapshot().containsKey("agent work: elastic-0"));
                work.close();
                assertFalse(reader.snapshot().containsKey("agent work: elastic-0"));
            }
        }
    }

    @Test
    void shouldExposeHeaderAndHeartbeat() {
        final Path path = dir.resolve("counters.dat");
        final long beforeMs = System.currentTimeMillis();
        try (CountersFile file = CountersFile.create(path);
             CountersFileReader reader = CountersFileReader.open(path)) {
            assertEquals(ProcessHandle.current().pid(), reader.pid());
            assertTrue(reader.startTimeMs() >= beforeMs && reader.startTimeMs() <= System.currentTimeMillis());
            assertEquals(0L, reader.heartbeatMs());

            file.heartbeat(1_700_000_000_123L);
            assertEquals(1_700_000_000_123L, reader.heartbeatMs());
            file.heartbeat(1_700_000_001_000L);
            assertEquals(1_700_000_001_000L, reader.heartbeatMs());
            assertEquals(CountersFile.DEFAULT_MAX_COUNTERS - 1, reader.counters().maxCounterId());
        }
    }

    @Test
    void shouldKeepFileAfterCloseForPostMortemAndRemoveItOnDelete() {
        final Path path = dir.resolve("counters.dat");
        final CountersFile file = CountersFile.create(path, 32);
        new DeltadCounters(file.manager()).errors().getAndAdd(3);
        file.heartbeat(77L);
        file.close();
        file.close();

        try (CountersFileReader reader = CountersFileReader.open(path)) {
            assertEquals(3L, reader.snapshot().get("errors"));
            assertEquals(77L, reader.heartbeatMs());
        }

        file.delete();
        assertFalse(Files.exists(path));
    }

    @Test
    void shouldReplaceExistingFile() throws IOException {
        final Path path = dir.resolve("counters.dat");
        Files.writeString(path, "stale leftovers from a previous run");
        try (CountersFile file = CountersFile.create(path, 64)) {
            new DeltadCounters(file.manager()).sessions().getAndAdd(1);
            try (CountersFileReader reader = CountersFileReader.open(path)) {
                assertEquals(1L, reader.snapshot().get("sessions"));
            }
        }
    }

    @Test
    void shouldRefuseFileWithBadMagic() throws IOException {
        final Path path = dir.resolve("not-counters.dat");
        final byte[] bytes = new byte[4096];
        System.arraycopy("NOTDELTA".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 8);
        Files.write(path, bytes);

        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> CountersFileReader.open(path));
        assertTrue(ex.getMessage().contains("not a deltad counters file"), ex.getMessage());
        assertTrue(ex.getMessage().contains("NOTDELTA"), ex.getMessage());
        assertTrue(ex.getMessage().contains("DLTDCNT1"), ex.getMessage());
    }

    @Test
    void shouldRefuseFileShorterThanHeader() throws IOException {
        final Path path = dir.resolve("short.dat");
        Files.write(path, "DLTDCNT1".getBytes(StandardCharsets.US_ASCII));

        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> CountersFileReader.open(path));
        assertTrue(ex.getMessage().contains("shorter than the 128-byte header"), ex.getMessage());
    }

    @Test
    void shouldRefuseOtherLayoutVersion() throws IOException {
        final Path path = dir.resolve("counters.dat");
        CountersFile.create(path, 16).close();
        final byte[] bytes = Files.readAllBytes(path);
        bytes[CountersFile.LAYOUT_VERSION_OFFSET] = 99;
        Files.write(path, bytes);

        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> CountersFileReader.open(path));
        assertTrue(ex.getMessage().contains("layout version 99"), ex.getMessage());
    }

    @Test
    void shouldRefuseAgentNameThatDoesNotFitKey() {
        try (CountersFile file = CountersFile.create(dir.resolve("counters.dat"), 64)) {
            final DeltadCounters counters = new DeltadCounters(file.manager());
            assertThrows(IllegalArgumentException.class, () -> counters.newAgentWork("x".repeat(200)));
            assertThrows(IllegalArgumentException.class, () -> counters.newAgentWork(""));
        }
    }

    @Test
    void shouldBeReadableFromAnotherProcess() throws Exception {
        final Path path = dir.resolve("counters.dat");
        try (CountersFile file = CountersFile.create(path, 128)) {
            final DeltadCounters counters = new DeltadCounters(file.manager());
            counters.deltasDelivered().getAndAdd(987_654_321L);
            counters.newAgentWork("io-3").getAndAddRelease(55);
            counters.newRejectedByCode()[NackCode.TYPE_MISMATCH].getAndAdd(6);
            file.heartbeat(1_234_567L);

            final String java = ProcessHandle.current().info().command().orElseThrow();
            final Process process = new ProcessBuilder(
                java,
                "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"),
                CountersSnapshotPrinter.class.getName(),
                path.toString())
                .redirectErrorStream(true)
                .start();
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
            assertEquals(0, process.exitValue(), output);

            final List<String> lines = output.lines().toList();
            assertTrue(lines.contains("pid=" + ProcessHandle.current().pid()), output);
            assertTrue(lines.contains("heartbeatMs=1234567"), output);
            assertTrue(lines.contains("deltas delivered=987654321"), output);
            assertTrue(lines.contains("agent work: io-3=55"), output);
            assertTrue(lines.contains("deltas rejected: type_mismatch=6"), output);
            assertTrue(lines.contains("deltas rejected: duplicate=0"), output);
        }
    }
}
