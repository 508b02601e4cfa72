package io.deltad.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deltad.app.Appliance;
import io.deltad.io.SessionSpec;
import io.deltad.io.local.LocalClient;
import io.deltad.wire.DocIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every verb of the control socket against a real appliance, over a real Unix socket. */
class ControlCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static JsonNode request(final Appliance appliance, final String json) throws Exception {
        try (LineClient client = LineClient.connect(appliance.control().socketPath())) {
            final String line = client.request(json);
            assertTrue(line != null && !line.equals(LineClient.EOF), "no reply to " + json);
            return JSON.readTree(line);
        }
    }

    @Test
    void shouldAnswerStatusWithNodePidAgentsAndCounters() throws Exception {
        try (Appliance appliance = ControlFixture.start(dir)) {
            final JsonNode status = request(appliance, "{\"cmd\":\"status\"}");
            assertTrue(status.get("ok").asBoolean(), status.toString());
            assertEquals("ctl-test", status.get("node").asText());
            assertEquals(ProcessHandle.current().pid(), status.get("pid").asLong());
            assertEquals(4, status.get("agents").asInt()); // io-0, doc-0, elastic-0, conductor
            assertTrue(status.get("admitting").asBoolean());
            assertEquals(0, status.get("counters").get("deltas accepted").asLong());
            assertEquals(1, status.get("control").get("connections").asInt());
        }
    }

    @Test
    void shouldCreateSocketFileOwnerOnlyAndDeleteItOnClose() throws Exception {
        final Path socket;
        try (Appliance appliance = ControlFixture.start(dir)) {
            socket = appliance.control().socketPath();
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
        }
        assertFalse(Files.exists(socket));
    }

    @Test
    void shouldListWorkersWithRoleCpuAndWork() throws Exception {
        try (Appliance appliance = ControlFixture.start(dir)) {
            final JsonNode workers = request(appliance, "{\"cmd\":\"workers\"}").get("workers");
            assertEquals(4, workers.size(), workers.toString());
            assertEquals("io-0", workers.get(0).get("agent").asText());
            assertEquals("io", workers.get(0).get("role").asText());
            assertEquals("elastic", workers.get(2).get("role").asText());
            for (final JsonNode worker : workers) {
                assertTrue(worker.get("queued_bytes").isIntegralNumber(), "queue depth per worker: " + worker);
            }
            assertEquals(0, workers.get(2).get("cpu").asInt());
            assertTrue(workers.get(0).has("work"));
        }
    }

    @Test
    void shouldMoveDocumentToElasticAgentAndBackWhenPromotedAndDemoted() throws Exception {
        try (Appliance appliance = ControlFixture.start(dir)) {
            final long docId = DocIds.of(ControlFixture.BLOB, 7);
            final LocalClient client = appliance.engine().connect(SessionSpec.trusted("ctl"));
            ControlFixture.sendDelta(client, docId, 1);

            final JsonNode promoted = request(appliance, "{\"cmd\":\"promote\",\"doc\":\"blob/7\"}");
            assertTrue(promoted.get("ok").asBoolean(), promoted.toString());
            assertEquals("elastic-0", promoted.get("agent").asText());
            assertEquals("blob/7", promoted.get("doc").asText());
            assertTrue(ControlFixture.isElastic(appliance, docId));

            final JsonNode again = request(appliance, "{\"cmd\":\"promote\",\"doc\":\"3/7\"}");
            assertFalse(again.get("ok").asBoolean());
            assertTrue(again.get("error").asText().contains("elastic already"), again.toString());

            final JsonNode demoted = request(appliance, "{\"cmd\":\"demote\",\"doc\":" + docId + "}");
            assertTrue(demoted.get("ok").asBoolean(), demoted.toString());
            assertEquals("doc-0", demoted.get("agent").asText());
            assertFalse(ControlFixture.isElastic(appliance, docId));
            assertEquals(1, appliance.engine().counters().promotions().get());
            assertEquals(1, appliance.engine().counters().demotions().get());
        }
    }

    @Test
    void shouldRefuseBadDocumentNames() throws Exception {
        try (Appliance appliance = ControlFixture.start(dir)) {
            assertTrue(request(appliance, "{\"cmd\":\"promote\",\"doc\":\"nosuch/1\"}").get("error").asText()
                .contains("unknown document type"));
            assertTrue(request(appliance, "{\"cmd\":\"promote\",\"doc\":\"blob/x\"}").get("error").asText()
                .contains("bad document"));
            assertTrue(request(appliance, "{\"cmd\":\"demote\"}").get("error").asText().contains("missing \"doc\""));
            assertTrue(request(appliance, "{\"cmd\":\"demote\",\"doc\":\"blob/1\"}").get("error").asText()
                .contains("not on an elastic agent"));
        }
    }

    @Test
    void shouldPromoteByRateOnceThresholdIsLoweredAtRunTime() throws Exception {
        final var config = ControlFixture.config(dir)
            .set("elastic.promotion_threshold", 1_000_000)
            .set("elastic.demotion_threshold", 1)
            .set("elastic.idle_timeout", "1h")
            .build();
        try (Appliance appliance = Appliance.start(config, () -> { })) {
            final long docId = DocIds.of(ControlFixture.BLOB, 9);
            final LocalClient client = appliance.engine().connect(SessionSpec.trusted("hot"));
            long seq = 1;
            // About 1,000 deltas/s for 400 ms: far below 1,000,000/s, so it stays on its core agent.
            for (final long endNs = System.nanoTime() + 400_000_000L; System.nanoTime() < endNs; ) {
                ControlFixture.sendDelta(client, docId, seq++);
                Thread.sleep(1);
            }
            assertFalse(ControlFixture.isElastic(appliance, docId));

            final JsonNode set = request(appliance,
                "{\"cmd\":\"config set\",\"key\":\"elastic.promotion_threshold\",\"value\":\"100\"}");
            assertTrue(set.get("ok").asBoolean(), set.toString());
            assertEquals("1000000", set.get("previous").asText());
            assertEquals(100, appliance.engine().context().tunables().promotionThresholdPerSec());

            boolean elastic = false;
            for (final long endNs = System.nanoTime() + 5_000_000_000L; !elastic && System.nanoTime() < endNs; ) {
                ControlFixture.sendDelta(client, docId, seq++);
                Thread.sleep(1);
                elastic = seq % 20 == 0 && ControlFixture.isElastic(appliance, docId);
            }
            assertTrue(elastic, "not promoted at ~1000 deltas/s with promotion_threshold 100");
        }
    }

    @Test
    void shouldGetAndSetRuntimeKeysWithTheConfigFilesRules() throws Exception {
        try (Appliance appliance = ControlFixture.start(dir)) {
            final var tunables = appliance.engine().context().tunables();
            assertEquals("5s", request(appliance, "{\"cmd\":\"config get\",\"key\":\"elastic.idle_timeout\"}").get("value").asText());
            assertEquals(6, request(appliance, "{\"cmd\":\"config get\"}").get("values").size());

            assertTrue(request(appliance, "{\"cmd\":\"config set\",\"key\":\"elastic.idle_timeout\",\"value\":\"30s\"}").get("ok").asBoolean());
            assertEquals(TimeUnit.SECONDS.toNanos(30), tunables.idleTimeoutNs());
            assertTrue(request(appliance, "{\"cmd\":\"config set\",\"key\":\"limits.session_rate\",\"value\":5000}").get("ok").asBoolean());
            assertEquals(5000, tunables.sessionRatePerSec());
            assertTrue(request(appliance, "{\"cmd\":\"config set\",\"key\":\"limits.on_rate_limit\",\"value\":\"close\"}").get("ok").asBoolean());
            assertTrue(tunables.closeOnRateLimit());

            assertRefused(appliance, "elastic.demotion_threshold", "100000", "must be below promotion_threshold (100000)");
            assertRefused(appliance, "elastic.promotion_threshold", "0", "must be between 1 and 1000000000");
            assertRefused(appliance, "elastic.idle_timeout", "10", "expected a duration");
            assertRefused(appliance, "elastic.idle_timeout", "10ms", "must be at least rate_window (100ms)");
            assertRefused(appliance, "limits.session_burst", "many", "must be an integer");
            assertRefused(appliance, "limits.on_rate_limit", "drop", "must be one of");
            assertRefused(appliance, "store.size", "1GiB", "cannot be read or changed at run time");
            assertEquals(10_000, tunables.demotionThresholdPerSec());
            assertEquals(100_000, tunables.promotionThresholdPerSec());
        }
    }

    private static void assertRefused(final Appliance appliance, final String key, final String value,
        final String problem) throws Exception {
        final JsonNode reply = request(appliance,
            "{\"cmd\":\"config set\",\"key\":\"" + key + "\",\"value\":\"" + value + "\"}");
        assertFalse(reply.get("ok").asBoolean(), reply.toString());
        assertTrue(reply.get("error").asText().contains(problem), reply.toString());
    }

    @Test
    void shouldRefuseNewSessionsAfterDrain() throws Exception {
        try (Appliance appliance = ControlFixture.start(dir)) {
            appliance.engine().connect(SessionSpec.trusted("before"));
            final JsonNode drained = request(appliance, "{\"cmd\":\"drain\"}");
            assertTrue(drained.get("ok").asBoolean(), drained.toString());
            final IllegalStateException ex = assertThrows(IllegalStateException.class,
                () -> appliance.engine().connect(SessionSpec.trusted("after")));
            assertTrue(ex.getMessage().contains("draining"), ex.getMessage());
            assertFalse(request(appliance, "{\"cmd\":\"status\"}").get("admitting").asBoolean());
        }
    }

    @Test
    void shouldReplyThenRunShutdownCallbackOnItsOwnThread() throws Exception {
        final CountDownLatch stopped = new CountDownLatch(1);
        final String[] thread = new String[1];
        try (Appliance appliance = Appliance.start(ControlFixture.config(dir).build(), () -> {
            thread[0] = Thread.currentThread().getName();
            stopped.countDown();
        })) {
            final JsonNode reply = request(appliance, "{\"cmd\":\"shutdown\"}");
            assertTrue(reply.get("stopping").asBoolean(), reply.toString());
            assertTrue(stopped.await(5, TimeUnit.SECONDS));
            assertEquals("deltad-control-shutdown", thread[0]);
        }
    }

    @Test
    void shouldCloseApplianceOnShutdownWhenNoCallbackGiven() throws Exception {
        final Appliance appliance = Appliance.start(ControlFixture.config(dir).build());
        final Path socket = appliance.control().socketPath();
        assertTrue(request(appliance, "{\"cmd\":\"shutdown\"}").get("ok").asBoolean());
        final long deadlineNs = System.nanoTime() + 5_000_000_000L;
        while (Files.exists(socket) && System.nanoTime() < deadlineNs) {
            Thread.sleep(10);
        }
        assertFalse(Files.exists(socket), "appliance did not stop");
        appliance.close(); // idempotent
    }

    private static JsonNode await(final Appliance appliance, final String json,
        final java.util.function.Predicate<JsonNode> done) throws Exception {
        final long deadlineNs = System.nanoTime() + 2_000_000_000L;
        JsonNode reply;
        do {
            reply = request(appliance, json);
            if (done.test(reply)) {
                return reply;
            }
            Thread.sleep(5);
        } while (System.nanoTime() < deadlineNs);
        return reply;
    }

    private static void awaitAccepted(final Appliance appliance, final long count) throws InterruptedException {
        final long deadlineNs = System.nanoTime() + 2_000_000_000L;
        while (appliance.engine().counters().deltasAccepted().get() < count && System.nanoTime() < deadlineNs) {
            Thread.sleep(1);
        }
        assertEquals(count, appliance.engine().counters().deltasAccepted().get());
    }

    @Test
    void shouldListSessionsAndKickOne() throws Exception {
        try (Appliance appliance = ControlFixture.start(dir)) {
            final LocalClient alice = appliance.engine().connect(SessionSpec.trusted("alice"));
            final LocalClient bob = appliance.engine().connect(SessionSpec.trusted("bob"));
            ControlFixture.sendDelta(bob, DocIds.of(ControlFixture.BLOB, 1), 5);
            final JsonNode sessions = await(appliance, "{\"cmd\":\"sessions\"}",
                r -> r.path("sessions").size() == 2 && r.path("sessions").get(1).path("last_client_seq").asLong() == 5)
                .get("sessions");
            assertEquals(2, sessions.size(), sessions.toString());
            assertEquals(alice.sessionId(), sessions.get(0).get("id").asInt());
            assertEquals("alice", sessions.get(0).get("name").asText());
            assertEquals("bob", sessions.get(1).get("name").asText());
            assertEquals("io-0", sessions.get(1).get("io_agent").asText());
            assertEquals(0, sessions.get(1).get("subscriptions").asInt());
            assertEquals(5, sessions.get(1).get("last_client_seq").asLong());

            final JsonNode kicked = request(appliance, "{\"cmd\":\"kick\",\"session\":" + alice.sessionId() + "}");
            assertTrue(kicked.get("ok").asBoolean(), kicked.toString());
            assertTrue(alice.isClosed());
            assertFalse(bob.isClosed());
            final JsonNode after = request(appliance, "{\"cmd\":\"sessions\"}").get("sessions");
            assertEquals(1, after.size(), after.toString());
            assertEquals("bob", after.get(0).get("name").asText());
            assertEquals(1, appliance.engine().counters().sessions().get());

            final JsonNode again = request(appliance, "{\"cmd\":\"kick\",\"session\":" + alice.sessionId() + "}");
            assertEquals("no such session " + alice.sessionId(), again.get("error").asText(), again.toString());
            assertTrue(request(appliance, "{\"cmd\":\"kick\"}").get("error").asText().contains("missing \"session\""));
        }
    }

    @Test
    void shouldListSchemasAndReloadThemKeepingTheOldOnesOnError() throws Exception {
        try (Appliance appliance = ControlFixture.start(dir)) {
            final JsonNode types = request(appliance, "{\"cmd\":\"schemas list\"}").get("types");
            assertEquals(1, types.size(), types.toString());
            assertEquals("blob", types.get(0).get("name").asText());
            assertEquals(3, types.get(0).get("id").asInt());
            assertTrue(types.get(0).get("opaque").asBoolean());
            assertTrue(types.get(0).get("source").asText().endsWith("blob.toml"), types.toString());

            final Path schemas = dir.resolve("schemas");
            Files.writeString(schemas.resolve("note.toml"), "[type]\nname = \"note\"\nid = 4\nopaque = true\n");
            final JsonNode reloaded = request(appliance, "{\"cmd\":\"schemas reload\"}");
            assertTrue(reloaded.get("ok").asBoolean(), reloaded.toString());
            assertEquals(2, reloaded.get("types").asInt());
            assertEquals("note", reloaded.get("added").get(0).asText());
            assertTrue(reloaded.get("note").asText().contains("keep their type"));
            final LocalClient client = appliance.engine().connect(SessionSpec.trusted("new-type"));
            ControlFixture.sendDelta(client, DocIds.of(4, 1), 1);
            awaitAccepted(appliance, 1);

            Files.writeString(schemas.resolve("zbad.toml"), "[type]\nname = \"bad\"\nid = \"four\"\n");
            final JsonNode refused = request(appliance, "{\"cmd\":\"schemas reload\"}");
            assertFalse(refused.get("ok").asBoolean(), refused.toString());
            assertTrue(refused.get("error").asText().contains("zbad.toml:3"), refused.toString());
            assertTrue(refused.get("error").asText().contains("the old ones stay"), refused.toString());
            assertEquals(2, request(appliance, "{\"cmd\":\"schemas list\"}").get("types").size());
        }
    }

    @Test
    void shouldRankDocumentsByRateAndMarkPromotedOnesElastic() throws Exception {
        try (Appliance appliance = ControlFixture.start(dir)) {
            final LocalClient client = appliance.engine().connect(SessionSpec.trusted("top"));
            final long hot = DocIds.of(ControlFixture.BLOB, 1);
            final long cold = DocIds.of(ControlFixture.BLOB, 2);
            final long moved = DocIds.of(ControlFixture.BLOB, 3);
            long seq = 1;
            ControlFixture.sendDelta(client, moved, seq++);
            awaitAccepted(appliance, 1);
            assertTrue(request(appliance, "{\"cmd\":\"promote\",\"doc\":\"blob/3\"}").get("ok").asBoolean());
            JsonNode docs = null;
            for (int attempt = 0; attempt < 20; attempt++) {
                final long accepted = appliance.engine().counters().deltasAccepted().get();
                for (int i = 0; i < 40; i++) {
                    ControlFixture.sendDelta(client, hot, seq++);
                }
                for (int i = 0; i < 4; i++) {
                    ControlFixture.sendDelta(client, cold, seq++);
                }
                ControlFixture.sendDelta(client, moved, seq++);
                awaitAccepted(appliance, accepted + 45);
                docs = request(appliance, "{\"cmd\":\"docs top\",\"limit\":5}").get("docs");
                if (docs.size() == 3 && docs.get(0).get("doc").asText().equals("blob/1") &&
                    docs.get(1).get("doc").asText().equals("blob/2") && docs.get(1).get("rate").asLong() > 0) {
                    break;
                }
            }
            assertEquals(3, docs.size(), docs.toString());
            assertEquals("blob/1", docs.get(0).get("doc").asText(), docs.toString());
            assertEquals("doc-0", docs.get(0).get("agent").asText());
            assertFalse(docs.get(0).get("elastic").asBoolean());
            assertEquals("blob", docs.get(0).get("type").asText());
            assertTrue(docs.get(0).get("rate").asLong() > docs.get(1).get("rate").asLong(), docs.toString());
            assertEquals("blob/2", docs.get(1).get("doc").asText(), docs.toString());
            assertEquals("blob/3", docs.get(2).get("doc").asText(), docs.toString());
            assertEquals("elastic-0", docs.get(2).get("agent").asText());
            assertTrue(docs.get(2).get("elastic").asBoolean());

            assertEquals(1, request(appliance, "{\"cmd\":\"docs top\",\"limit\":1}").get("docs").size());
            assertTrue(request(appliance, "{\"cmd\":\"docs top\",\"limit\":0}").get("error").asText()
                .contains("limit must be"));
        }
    }
}
