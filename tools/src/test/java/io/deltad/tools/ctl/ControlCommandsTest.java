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
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code deltactl} commands that talk to the control socket of a real appliance started in this JVM. */
class ControlCommandsTest {
    @TempDir
    Path dir;

    /** Output, error output and exit code of one deltactl run. */
    private record Run(int exit, String out, String err) {
    }

    private Path configFile() throws Exception {
        final Path schemas = Files.createDirectories(dir.resolve("schemas"));
        Files.writeString(schemas.resolve("blob.toml"), "[type]\nname = \"blob\"\nid = 3\nopaque = true\n");
        return Files.writeString(dir.resolve("deltad.toml"), """
            [node]
            name = "ctl-cli"
            [cores]
            io = [0]
            doc = [0]
            elastic = [0]
            conductor = 0
            shared = true
            [store]
            size = "16MiB"
            [counters]
            file = "counters.dat"
            [control]
            socket = "run/control.sock"
            """);
    }

    private static Run deltactl(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exit = DeltaCtl.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static boolean isElastic(final Appliance appliance, final long docId) throws Exception {
        final CompletableFuture<Boolean> answer = new CompletableFuture<>();
        assertTrue(appliance.engine().conductor().execute(c -> answer.complete(c.isElastic(docId))));
        return answer.get(5, TimeUnit.SECONDS);
    }

    @Test
    void shouldPrintStatusTableAndJsonFindingSocketThroughConfig() throws Exception {
        final Path config = configFile();
        try (Appliance appliance = Appliance.start(DeltadConfig.load(config), () -> { })) {
            final Run table = deltactl("status", "--config", config.toString());
            assertEquals(0, table.exit(), table.err());
            assertTrue(table.out().startsWith("node ctl-cli  pid " + ProcessHandle.current().pid()), table.out());
            assertTrue(table.out().contains("deltas accepted"), table.out());
            assertTrue(table.out().contains("admitting"), table.out());

            final Run json = deltactl("status", "--socket", appliance.control().socketPath().toString(), "--json");
            assertEquals(0, json.exit(), json.err());
            final JsonNode reply = new ObjectMapper().readTree(json.out());
            assertEquals("ctl-cli", reply.get("node").asText());
            assertEquals(0, reply.get("packet_paths").size(), "no network transport configured");
            assertEquals(1, json.out().strip().lines().count(), "--json prints the one reply line");

            final Run workers = deltactl("workers", "--config", config.toString());
            assertEquals(0, workers.exit(), workers.err());
            assertTrue(workers.out().lines().anyMatch(l -> l.startsWith("elastic-0") && l.contains("elastic")), workers.out());
        }
    }

    @Test
    void shouldPromoteAndDemoteNamingTheAgent() throws Exception {
        final Path config = configFile();
        try (Appliance appliance = Appliance.start(DeltadConfig.load(config), () -> { })) {
            final long docId = DocIds.of(3, 42);
            final LocalClient client = appliance.engine().connect(SessionSpec.trusted("cli"));
            final MemorySegment frame = Arena.ofAuto().allocate(64, 8);
            new FrameHeader().wrap(frame, 0).write(FrameType.DELTA, 0, docId, 1, 8);
            while (!client.send(frame, 0, FrameHeader.LENGTH + 8)) {
                Thread.onSpinWait();
            }
            final Run promote = deltactl("promote", "blob/42", "--config", config.toString());
            assertEquals(0, promote.exit(), promote.err());
            assertEquals("document blob/42 now on elastic-0 (agent 1, elastic)", promote.out().strip());
            assertTrue(isElastic(appliance, docId));

            final Run again = deltactl("promote", "blob/42", "--config", config.toString());
            assertEquals(1, again.exit());
            assertTrue(again.err().contains("the appliance refused: cannot promote blob/42"), again.err());

            final Run demote = deltactl("demote", "3/42", "--config", config.toString());
            assertEquals(0, demote.exit(), demote.err());
            assertEquals("document blob/42 now on doc-0 (agent 0)", demote.out().strip());
            assertFalse(isElastic(appliance, docId));
        }
    }

    @Test
    void shouldGetAndSetRuntimeConfig() throws Exception {
        final Path config = configFile();
        try (Appliance appliance = Appliance.start(DeltadConfig.load(config), () -> { })) {
            final Run set = deltactl("config", "set", "elastic.promotion_threshold", "20000", "--config", config.toString());
            assertEquals(0, set.exit(), set.err());
            assertEquals("elastic.promotion_threshold = 20000 (was 100000)", set.out().strip());
            assertEquals(20_000, appliance.engine().context().tunables().promotionThresholdPerSec());

            final Run get = deltactl("config", "get", "elastic.promotion_threshold", "--config", config.toString());
            assertEquals("elastic.promotion_threshold = 20000", get.out().strip());
            final Run all = deltactl("config", "get", "--config", config.toString());
            assertTrue(all.out().contains("limits.on_rate_limit = nack"), all.out());

            final Run bad = deltactl("config", "set", "elastic.demotion_threshold", "20000", "--config", config.toString());
            assertEquals(1, bad.exit());
            assertTrue(bad.err().contains("must be below promotion_threshold (20000)"), bad.err());
            final Run json = deltactl("config", "set", "store.size", "1GiB", "--json", "--config", config.toString());
            assertEquals(1, json.exit());
            assertTrue(json.out().startsWith("{\"ok\":false,\"error\":"), json.out());
        }
    }

    @Test
    void shouldDrainThenShutdown() throws Exception {
        final Path config = configFile();
        final CountDownLatch stopped = new CountDownLatch(1);
        try (Appliance appliance = Appliance.start(DeltadConfig.load(config), stopped::countDown)) {
            final Run drain = deltactl("drain", "--config", config.toString());
            assertEquals(0, drain.exit(), drain.err());
            assertTrue(drain.out().startsWith("draining"), drain.out());
            assertThrows(IllegalStateException.class, () -> appliance.engine().connect(SessionSpec.trusted("late")));

            final Run shutdown = deltactl("shutdown", "--config", config.toString());
            assertEquals(0, shutdown.exit(), shutdown.err());
            assertTrue(stopped.await(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldExitOneWithTheRefusalWhenAllConnectionsAreTaken() throws Exception {
        final Path config = configFile();
        Files.writeString(config, Files.readString(config) + "max_connections = 1\n");
        try (Appliance appliance = Appliance.start(DeltadConfig.load(config), () -> { });
             SocketChannel holder = SocketChannel.open(UnixDomainSocketAddress.of(appliance.control().socketPath()))) {
            final long deadlineNs = System.nanoTime() + 5_000_000_000L;
            while (appliance.control().openConnections() < 1 && System.nanoTime() < deadlineNs) {
                Thread.sleep(5);
            }
            final Run run = deltactl("status", "--config", config.toString());
            assertEquals(1, run.exit());
            assertTrue(run.err().contains("the appliance refused: busy: 1 control connections open"), run.err());
        }
    }

    @Test
    void shouldExitOneWithMessageWhenNothingListens() {
        final Run run = deltactl("status", "--socket", dir.resolve("nothing.sock").toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("cannot reach the appliance on " + dir.resolve("nothing.sock")), run.err());
    }

    @Test
    void shouldExitTwoOnUsageErrors() {
        assertEquals(2, deltactl("promote").exit());
        assertEquals(2, deltactl("config", "set", "elastic.idle_timeout").exit());
        assertEquals(2, deltactl("config").exit());
    }

    private static void sendDelta(final LocalClient client, final long docId, final long seq) {
        final MemorySegment frame = Arena.ofAuto().allocate(64, 8);
        new FrameHeader().wrap(frame, 0).write(FrameType.DELTA, 0, docId, seq, 8);
        while (!client.send(frame, 0, FrameHeader.LENGTH + 8)) {
            client.poll((segment, offset, length) -> { }, 1024);
            Thread.onSpinWait();
        }
        client.poll((segment, offset, length) -> { }, 1024);
    }

    private static void awaitSessions(final Appliance appliance, final long count) throws InterruptedException {
        final long deadlineNs = System.nanoTime() + 2_000_000_000L;
        while (appliance.engine().counters().sessions().get() != count && System.nanoTime() < deadlineNs) {
            Thread.sleep(1);
        }
        assertEquals(count, appliance.engine().counters().sessions().get());
    }

    @Test
    void shouldListSessionsAndKickOne() throws Exception {
        final Path config = configFile();
        try (Appliance appliance = Appliance.start(DeltadConfig.load(config), () -> { })) {
            final LocalClient alice = appliance.engine().connect(SessionSpec.trusted("alice"));
            appliance.engine().connect(SessionSpec.trusted("bob"));
            awaitSessions(appliance, 2);
            final Run sessions = deltactl("sessions", "--config", config.toString());
            assertEquals(0, sessions.exit(), sessions.err());
            assertTrue(sessions.out().lines().anyMatch(l -> l.contains("alice") && l.contains("io-0")), sessions.out());
            assertTrue(sessions.out().contains("bob"), sessions.out());
            assertTrue(sessions.out().contains("2 session(s)"), sessions.out());

            final Run kick = deltactl("kick", Integer.toString(alice.sessionId()), "--config", config.toString());
            assertEquals(0, kick.exit(), kick.err());
            assertEquals("session " + alice.sessionId() + " closed", kick.out().strip());
            assertTrue(alice.isClosed());
            final Run again = deltactl("kick", Integer.toString(alice.sessionId()), "--config", config.toString());
            assertEquals(1, again.exit());
            assertTrue(again.err().contains("no such session"), again.err());
            assertTrue(deltactl("sessions", "--config", config.toString()).out().contains("1 session(s)"));
        }
    }

    @Test
    void shouldListAndReloadSchemas() throws Exception {
        final Path config = configFile();
        try (Appliance appliance = Appliance.start(DeltadConfig.load(config), () -> { })) {
            final Run list = deltactl("schemas", "list", "--config", config.toString());
            assertEquals(0, list.exit(), list.err());
            assertTrue(list.out().lines().anyMatch(l -> l.contains("blob") && l.contains("yes") && l.endsWith("blob.toml")),
                list.out());

            Files.writeString(dir.resolve("schemas/note.toml"), "[type]\nname = \"note\"\nid = 4\nopaque = true\n");
            final Run reload = deltactl("schemas", "reload", "--config", config.toString());
            assertEquals(0, reload.exit(), reload.err());
            assertTrue(reload.out().contains("reloaded 2 type(s)") && reload.out().contains("added note"), reload.out());

            Files.writeString(dir.resolve("schemas/zbad.toml"), "[type]\nname = \"bad\"\nid = \"four\"\n");
            final Run bad = deltactl("schemas", "reload", "--config", config.toString());
            assertEquals(1, bad.exit());
            assertTrue(bad.err().contains("zbad.toml:3"), bad.err());
            assertEquals(2, appliance.engine().schemas().types().size());
        }
    }

    @Test
    void shouldShowHottestDocumentsAndTopAsJsonPerIteration() throws Exception {
        final Path config = configFile();
        try (Appliance appliance = Appliance.start(DeltadConfig.load(config), () -> { })) {
            final LocalClient client = appliance.engine().connect(SessionSpec.trusted("top"));
            for (int seq = 1; seq <= 20; seq++) {
                sendDelta(client, DocIds.of(3, seq <= 15 ? 1 : 2), seq);
            }
            final long deadlineNs = System.nanoTime() + 2_000_000_000L;
            while (appliance.engine().counters().deltasAccepted().get() < 20 && System.nanoTime() < deadlineNs) {
                Thread.sleep(1);
            }
            final Run docs = deltactl("docs", "top", "--limit", "5", "--config", config.toString());
            assertEquals(0, docs.exit(), docs.err());
            assertTrue(docs.out().lines().anyMatch(l -> l.startsWith("blob/1 ") && l.contains("doc-0")), docs.out());

            final Run top = deltactl("top", "--iterations", "2", "--interval-ms", "100", "--json",
                "--config", config.toString());
            assertEquals(0, top.exit(), top.err());
            final List<String> lines = top.out().strip().lines().toList();
            assertEquals(2, lines.size(), top.out());
            for (int i = 0; i < 2; i++) {
                final JsonNode view = new ObjectMapper().readTree(lines.get(i));
                assertEquals(i + 1, view.get("iteration").asInt());
                assertEquals(4, view.get("agents").size(), view.toString());
                assertTrue(view.get("deltas_per_sec").has("accepted"), view.toString());
                assertEquals(2, view.get("docs").size(), view.toString());
            }

            final Run table = deltactl("top", "--iterations", "1", "--interval-ms", "50", "--config", config.toString());
            assertEquals(0, table.exit(), table.err());
            assertTrue(table.out().contains("work/s") && table.out().contains("deltas/s"), table.out());
            assertFalse(table.out().contains("\033[2J"), "no screen clearing when the output is not a terminal");
        }
    }
}
