package io.deltad.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deltad.app.Appliance;
import io.deltad.config.ControlConfig;
import io.deltad.config.DeltadConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** BAD_INPUTS 34, 35 and 37: what hostile or broken control clients, and stale sockets, do to the appliance. */
class ControlBadInputsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DRAIN = "{\"cmd\":\"drain\"}";
    private static final String STATUS = "{\"cmd\":\"status\"}";

    @TempDir
    Path dir;

    private static JsonNode json(final String line) throws IOException {
        assertNotNull(line, "no reply");
        return JSON.readTree(line);
    }

    private static void assertStillServes(final Appliance appliance) throws IOException {
        try (LineClient next = LineClient.connect(appliance.control().socketPath())) {
            final JsonNode status = json(next.request(STATUS));
            assertTrue(status.get("ok").asBoolean(), status.toString());
            assertTrue(status.get("admitting").asBoolean(), "state changed: " + status);
        }
    }

    @Test
    void shouldAnswerLineOverFourKibWithErrorAndCloseWithoutRunningIt() throws Exception {
        try (Appliance appliance = ControlFixture.start(dir);
             LineClient client = LineClient.connect(appliance.control().socketPath())) {
            // A valid command hidden after 4 KiB of padding must not run.
            client.send(" ".repeat(ControlServer.MAX_LINE_BYTES + 10) + DRAIN + "\n");
            final JsonNode reply = json(client.readLine(5_000));
            assertFalse(reply.get("ok").asBoolean());
            assertTrue(reply.get("error").asText().contains("longer than 4096 bytes"), reply.toString());
            assertEquals(LineClient.EOF, client.readLine(5_000));
            assertTrue(appliance.engine().isAdmitting());
            assertStillServes(appliance);
            assertEquals(1, appliance.control().counters().badRequestCount());
        }
    }

    @Test
    void shouldAcceptLineOfExactlyFourKibMinusNewline() throws Exception {
        try (Appliance appliance = ControlFixture.start(dir);
             LineClient client = LineClient.connect(appliance.control().socketPath())) {
            final String padded = STATUS + " ".repeat(ControlServer.MAX_LINE_BYTES - 1 - STATUS.length());
            assertTrue(json(client.request(padded)).get("ok").asBoolean());
        }
    }

    @Test
    void shouldRefuseNulBytesAndKeepTheConnection() throws Exception {
        try (Appliance appliance = ControlFixture.start(dir);
             LineClient client = LineClient.connect(appliance.control().socketPath())) {
            final byte[] withNul = "{\"cmd\":\"dr\0ain\"}\n".getBytes(StandardCharsets.UTF_8);
            client.send(withNul);
            final JsonNode reply = json(client.readLine(5_000));
            assertFalse(reply.get("ok").asBoolean());
            assertTrue(reply.get("error").asText().contains("NUL byte"), reply.toString());
            assertTrue(json(client.request(STATUS)).get("ok").asBoolean(), "same connection serves on");
            assertTrue(appliance.engine().isAdmitting());
        }
    }

    @Test
    void shouldRefuseUnknownVerbsAndMalformedRequestsAndKeepServing() throws Exception {
        try (Appliance appliance = ControlFixture.start(dir);
             LineClient client = LineClient.connect(appliance.control().socketPath())) {
            assertTrue(json(client.request("{\"cmd\":\"frobnicate\"}")).get("error").asText().contains("unknown command \"frobnicate\""));
            assertTrue(json(client.request("drain")).get("error").asText().contains("not a JSON object"));
            assertTrue(json(client.request("[1,2]")).get("error").asText().contains("must be a JSON object"));
            assertTrue(json(client.request("{\"verb\":\"drain\"}")).get("error").asText().contains("missing \"cmd\""));
            assertTrue(json(client.request("{\"cmd\":42}")).get("error").asText().contains("missing \"cmd\""));
            assertTrue(json(client.request("\u00ff\u00fe")).get("error").asText().contains("not a JSON object"));
            assertTrue(json(client.request(STATUS)).get("ok").asBoolean());
            assertTrue(appliance.engine().isAdmitting());
            assertStillServes(appliance);
        }
    }

    @Test
    void shouldDropHalfSentCommandWhenClientCloses() throws Exception {
        try (Appliance appliance = ControlFixture.start(dir)) {
            try (LineClient client = LineClient.connect(appliance.control().socketPath())) {
                client.send(DRAIN); // no newline
            }
            final long deadlineNs = System.nanoTime() + 2_000_000_000L;
            while (appliance.control().openConnections() > 0 && System.nanoTime() < deadlineNs) {
                Thread.sleep(5);
            }
            assertEquals(0, appliance.control().openConnections());
            assertTrue(appliance.engine().isAdmitting(), "a command without its newline ran");
            assertStillServes(appliance);
        }
    }

    @Test
    void shouldCloseIdleConnectionWithHalfSentCommandUnexecuted() throws Exception {
        try (Appliance appliance = ControlFixture.start(dir);
             ControlServer server = ControlServer.bind(dir.resolve("idle.sock"), 4,
                 TimeUnit.MILLISECONDS.toNanos(200), PeerCredentials.ofCurrentProcess())) {
            server.start(new ControlContext("idle", System.currentTimeMillis(), appliance.engine(), List.of(),
                TimeUnit.MILLISECONDS.toNanos(100), () -> { }));
            try (LineClient client = LineClient.connect(server.socketPath())) {
                client.send(DRAIN);
                assertEquals(LineClient.EOF, client.readLine(3_000), "idle connection not closed");
            }
            assertEquals(1, server.counters().idleClosedCount());
            assertTrue(appliance.engine().isAdmitting());
            try (LineClient next = LineClient.connect(server.socketPath())) {
                assertTrue(json(next.request(STATUS)).get("ok").asBoolean());
            }
        }
    }

    @Test
    void shouldBoundThousandSimultaneousConnectionsWithoutLeakingDescriptors() throws Exception {
        final int max = 16;
        final int clients = 1_000;
        try (Appliance appliance = Appliance.start(ControlFixture.config(dir).set("control.max_connections", max).build(), () -> { })) {
            final Path socket = appliance.control().socketPath();
            assertStillServes(appliance); // warm up: classes loaded, lazily opened files opened
            awaitOpenConnections(appliance, 0);
            final long fdsBefore = ControlFixture.openFds();

            final List<SocketChannel> channels = new ArrayList<>(clients);
            for (int i = 0; i < clients; i++) {
                final SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                channel.connect(UnixDomainSocketAddress.of(socket));
                channels.add(channel);
            }
            final long deadlineNs = System.nanoTime() + 10_000_000_000L;
            while (appliance.control().counters().refusedBusyCount() < clients - max && System.nanoTime() < deadlineNs) {
                Thread.sleep(5);
            }
            assertEquals(clients - max, appliance.control().counters().refusedBusyCount());
            assertEquals(max, appliance.control().openConnections());

            int busy = 0;
            int served = 0;
            for (final SocketChannel channel : channels) {
                channel.configureBlocking(false);
                final String first = readAvailable(channel);
                if (first.contains("busy")) {
                    busy++;
                    continue;
                }
                assertEquals("", first, "an admitted connection got an unsolicited reply");
                channel.configureBlocking(true);
                channel.write(ByteBuffer.wrap((STATUS + "\n").getBytes(StandardCharsets.UTF_8)));
                final ByteBuffer in = ByteBuffer.allocate(8192);
                while (in.position() == 0 || in.get(in.position() - 1) != '\n') {
                    assertTrue(channel.read(in) >= 0, "admitted connection closed");
                }
                assertTrue(new String(in.array(), 0, in.position(), StandardCharsets.UTF_8).startsWith("{\"ok\":true"));
                served++;
            }
            assertEquals(clients - max, busy);
            assertEquals(max, served);

            for (final SocketChannel channel : channels) {
                channel.close();
            }
            awaitOpenConnections(appliance, 0);
            long fdsAfter = ControlFixture.openFds();
            for (final long endNs = System.nanoTime() + 3_000_000_000L; fdsAfter > fdsBefore && System.nanoTime() < endNs; ) {
                Thread.sleep(20);
                fdsAfter = ControlFixture.openFds();
            }
            assertTrue(fdsAfter <= fdsBefore, "file descriptors leaked: " + fdsBefore + " before, " + fdsAfter + " after");
            assertStillServes(appliance);
        }
    }

    private static void awaitOpenConnections(final Appliance appliance, final int expected) throws InterruptedException {
        final long deadlineNs = System.nanoTime() + 5_000_000_000L;
        while (appliance.control().openConnections() != expected && System.nanoTime() < deadlineNs) {
            Thread.sleep(5);
        }
        assertEquals(expected, appliance.control().openConnections());
    }

    private static String readAvailable(final SocketChannel channel) throws IOException {
        final ByteBuffer in = ByteBuffer.allocate(4096);
        try {
            while (channel.read(in) > 0) {
                if (!in.hasRemaining()) {
                    break;
                }
            }
        } catch (final IOException reset) {
            // refused and closed by the server: what was read is the answer
        }
        return new String(in.array(), 0, in.position(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldReplaceStaleSocketFileWhenNothingAnswers() throws Exception {
        final Path socket = dir.resolve("run/control.sock");
        Files.createDirectories(socket.getParent());
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket)); // closing leaves the file behind, as a crash would
        }
        assertTrue(Files.exists(socket));
        try (Appliance appliance = ControlFixture.start(dir)) {
            assertStillServes(appliance);
        }
        assertFalse(Files.exists(socket));
    }

    @Test
    void shouldRefuseToStartWhenLiveApplianceAnswersOnTheSocket() throws Exception {
        final DeltadConfig config = ControlFixture.config(dir).build();
        try (Appliance first = Appliance.start(config, () -> { })) {
            final ControlSocketException ex = assertThrows(ControlSocketException.class, () -> Appliance.start(config));
            assertTrue(ex.getMessage().contains("another deltad is running on the control socket"), ex.getMessage());
            // The second start failed before touching anything of the first's.
            assertTrue(Files.exists(config.counters().file()));
            assertStillServes(first);
        }
    }

    @Test
    void shouldRefuseToStartWhenSocketPathIsARegularFile() throws Exception {
        final DeltadConfig config = ControlFixture.config(dir).build();
        Files.createDirectories(config.control().socket().getParent());
        Files.writeString(config.control().socket(), "precious");
        final ControlSocketException ex = assertThrows(ControlSocketException.class, () -> Appliance.start(config));
        assertTrue(ex.getMessage().contains("is not a socket"), ex.getMessage());
        assertEquals("precious", Files.readString(config.control().socket()));
    }

    @Test
    void shouldTellOwnUserFromAnother() {
        final PeerCredentials self = PeerCredentials.ofCurrentProcess();
        assertTrue(self.isSameUser(PeerCredentials.lookup(Integer.toString(ControlConfig.currentUid()))));
        assertFalse(self.isSameUser(PeerCredentials.lookup("nobody")));
        assertFalse(self.isSameUser(PeerCredentials.lookup("65534")));
    }

    /**
     * A real client running as {@code nobody} (via {@code setpriv}); needs root. The socket and its directory are
     * opened up to everyone here so that the file mode lets it in and the uid check alone must refuse it.
     */
    @Test
    void shouldRefuseConnectionFromAnotherUid() throws Exception {
        final Path setpriv = Path.of("/usr/bin/setpriv");
        assumeTrue(ControlConfig.currentUid() == 0 && Files.isExecutable(setpriv), "needs root and setpriv");
        final Path open = Files.createTempDirectory(Path.of("/tmp"), "deltad-uid-test");
        try (Appliance appliance = ControlFixture.start(dir);
             ControlServer server = ControlServer.bind(open.resolve("control.sock"), 4, ControlServer.IDLE_TIMEOUT_NS,
                 PeerCredentials.ofCurrentProcess())) {
            server.start(new ControlContext("uid", System.currentTimeMillis(), appliance.engine(), List.of(),
                TimeUnit.MILLISECONDS.toNanos(100), () -> { }));
            Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(server.socketPath(), PosixFilePermissions.fromString("rw-rw-rw-"));
            final Path client = open.resolve("Client.java");
            Files.writeString(client, """
                import java.net.*; import java.nio.*; import java.nio.channels.*; import java.nio.file.*;
                public class Client { public static void main(String[] a) throws Exception {
                  try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(Path.of(a[0])))) {
                    try { c.write(ByteBuffer.wrap("{\\"cmd\\":\\"drain\\"}\\n".getBytes())); }
                    catch (java.io.IOException refusedAlready) { }
                    ByteBuffer in = ByteBuffer.allocate(4096);
                    // The server closes without reading our request: after its line, the read ends in a reset.
                    try { while (c.read(in) > 0) { } } catch (java.io.IOException resetAfterReply) { }
                    System.out.print(new String(in.array(), 0, in.position()));
                  } } }
                """);
            Files.setPosixFilePermissions(client, PosixFilePermissions.fromString("rw-r--r--"));
            final String java = ProcessHandle.current().info().command().orElseThrow();
            final Process process = new ProcessBuilder(setpriv.toString(), "--reuid=nobody", "--regid=nogroup",
                "--clear-groups", java, "-XX:-UsePerfData", client.toString(), server.socketPath().toString())
                .redirectErrorStream(true).start();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "client as nobody did not finish");
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(output.contains("\"ok\":false") && output.contains("permission denied: user nobody"), output);
            assertEquals(1, server.counters().refusedUidCount());
            assertTrue(appliance.engine().isAdmitting(), "the other user's drain ran");
            try (LineClient self = LineClient.connect(server.socketPath())) {
                assertTrue(json(self.request(STATUS)).get("ok").asBoolean());
            }
        } finally {
            try (var files = Files.list(open)) {
                for (final Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(open);
        }
    }
}
