package io.deltad.tools.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deltad.app.Appliance;
import io.deltad.config.DeltadConfig;
import io.deltad.io.SessionSpec;
import io.deltad.io.local.LocalClient;
import io.deltad.wire.DocIds;
import io.deltad.wire.FrameHeader;
import io.deltad.wire.FrameType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldPrintLiveCountersOfARunningAppliance() throws Exception {
        final Path schemas = Files.createDirectories(dir.resolve("schemas"));
        Files.writeString(schemas.resolve("blob.toml"), "[type]\nname = \"blob\"\nid = 3\nopaque = true\n");
        final Path countersFile = dir.resolve("counters.dat");
        final DeltadConfig config = DeltadConfig.builder(dir)
            .set("schemas.dir", schemas.toString())
            .set("counters.file", countersFile.toString())
            .set("control.socket", dir.resolve("control.sock").toString())
            .set("store.size", "16MiB")
            .build();
        try (Appliance appliance = Appliance.start(config)) {
            final LocalClient client = appliance.engine().connect(SessionSpec.trusted("ctl-test"));
            final MemorySegment frame = Arena.ofAuto().allocate(64, 8);
            for (int i = 1; i <= 5; i++) {
                new FrameHeader().wrap(frame, 0).write(FrameType.DELTA, 0, DocIds.of(3, 1), i, 8);
                while (!client.send(frame, 0, FrameHeader.LENGTH + 8)) {
                    Thread.onSpinWait();
                }
            }
            final long deadline = System.nanoTime() + 10_000_000_000L;
            JsonNode root;
            do {
                Thread.sleep(20);
                final StringWriter out = new StringWriter();
                assertEquals(0, DeltaCtl.run(new PrintWriter(out), new PrintWriter(new StringWriter()),
                    "stat", "--counters", countersFile.toString(), "--json"));
                root = new ObjectMapper().readTree(out.toString());
            } while (root.get("counters").get("deltas accepted").asLong() < 5 && System.nanoTime() < deadline);
            assertEquals(5, root.get("counters").get("deltas accepted").asLong());
            assertEquals(ProcessHandle.current().pid(), root.get("pid").asLong());
            assertEquals("running", root.get("state").asText());

            final StringWriter table = new StringWriter();
            assertEquals(0, DeltaCtl.run(new PrintWriter(table), new PrintWriter(new StringWriter()),
                "stat", "--counters", countersFile.toString()));
            assertTrue(table.toString().contains("deltas accepted"), table.toString());
            assertTrue(table.toString().contains("agent work: doc-0"), table.toString());
        }
    }

    @Test
    void shouldExitOneWhenNoCountersFile() {
        final StringWriter err = new StringWriter();
        assertEquals(1, DeltaCtl.run(new PrintWriter(new StringWriter()), new PrintWriter(err),
            "stat", "--counters", dir.resolve("missing.dat").toString()));
        assertTrue(err.toString().contains("no counters file"), err.toString());
    }

    @Test
    void shouldExitTwoOnUnknownCommand() {
        assertEquals(2, DeltaCtl.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "frobnicate"));
    }
}
