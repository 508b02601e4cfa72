package io.deltad.tools.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The appliance under test as a separate process ({@code bin/deltad CONFIG}, or the same class path with this JVM's
 * java when there is no checkout, as in tests), so that its CPU time is its own: read from {@code /proc/<pid>/stat}
 * ({@code utime + stime}) and per thread from {@code /proc/<pid>/task/<tid>/stat}. Stopped with SIGTERM (the
 * appliance's shutdown hook closes it cleanly), then SIGKILL after a grace period, and by a shutdown hook of this JVM
 * if the benchmark itself is interrupted.
 */
final class ApplianceProcess implements AutoCloseable {
    /** The JVM flags of bin/lib.sh, for the {@code java} launch. */
    private static final List<String> JVM_FLAGS = List.of("--enable-native-access=ALL-UNNAMED",
        "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED", "--add-opens", "java.base/java.nio=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow");
    private static final long CLOCK_TICKS_PER_SEC = clockTicks();

    enum Launch { deltad, java }

    private final Process process;
    private final Path log;
    private final URI signaling;
    private final Thread killer;
    private boolean closed;

    private ApplianceProcess(final Process process, final Path log, final URI signaling) {
        this.process = process;
        this.log = log;
        this.signaling = signaling;
        this.killer = new Thread(process::destroyForcibly, "deltabench-stop-appliance");
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /** A free TCP port on loopback (closed again at once: the appliance binds it next). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Starts the appliance with {@code config} and waits until {@code GET /healthz} on its signaling port answers 200.
     *
     * @param home          the checkout holding bin/deltad ({@link Launch#deltad})
     * @param signalingHost the address signaling listens on (the config's {@code signaling.listen})
     * @param commandPrefix put before the command, e.g. {@code ip netns exec NAME} (it must exec, keeping the pid)
     * @param javaOpts      extra JVM flags of the appliance (JAVA_OPTS of bin/deltad), e.g. a JFR recording
     */
    static ApplianceProcess start(final Launch launch, final Path home, final Path config, final String signalingHost,
        final int signalingPort, final List<String> commandPrefix, final String javaOpts, final Duration timeout)
        throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>(commandPrefix);
        if (launch == Launch.deltad) {
            command.add(home.resolve("bin/deltad").toString());
        } else {
            command.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(JVM_FLAGS);
            if (!javaOpts.isBlank()) {
                command.addAll(List.of(javaOpts.trim().split("\\s+")));
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.deltad.app.DeltadMain"));
        }
        command.add(config.toString());
        final Path log = config.resolveSibling("appliance.log");
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(log.toFile());
        builder.environment().put("JAVA_OPTS", launch == Launch.deltad ? javaOpts : "");
        final Process process = builder.start(); // bin/deltad execs java: this pid is the appliance's JVM
        final URI signaling = URI.create("http://" + signalingHost + ":" + signalingPort);
        final ApplianceProcess appliance = new ApplianceProcess(process, log, signaling);
        try {
            appliance.awaitHealthy(timeout);
            return appliance;
        } catch (final IOException | InterruptedException | RuntimeException ex) {
            appliance.close();
            throw ex;
        }
    }

    private void awaitHealthy(final Duration timeout) throws IOException, InterruptedException {
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        final long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("the appliance exited with " + process.exitValue() + " while starting; its log "
                    + log + ":\n" + tail());
            }
            try {
                final HttpResponse<Void> response = http.send(HttpRequest.newBuilder(signaling.resolve("/healthz"))
                    .timeout(Duration.ofSeconds(1)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (final IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadlineNs) {
                throw new IOException("the appliance did not answer /healthz within " + timeout.toSeconds()
                    + " s; its log " + log + ":\n" + tail());
            }
            Thread.sleep(100);
        }
    }

    long pid() {
        return process.pid();
    }

    URI signaling() {
        return signaling;
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** CPU time of the whole process so far (utime + stime of /proc/pid/stat), in ns. */
    long cpuNs() {
        final long[] ticks = statTicks(Path.of("/proc", Long.toString(pid()), "stat"));
        return ticks == null ? -1 : (ticks[0] + ticks[1]) * 1_000_000_000L / CLOCK_TICKS_PER_SEC;
    }

    /** CPU time per thread so far, by "tid name", in ns. */
    Map<String, Long> threadCpuNs() {
        final Map<String, Long> byThread = new TreeMap<>();
        final Path tasks = Path.of("/proc", Long.toString(pid()), "task");
        try (var list = Files.list(tasks)) {
            for (final Path task : list.toList()) {
                final String stat = readQuietly(task.resolve("stat"));
                final long[] ticks = parseTicks(stat);
                if (ticks != null) {
                    final String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    byThread.put(task.getFileName() + " " + name,
                        (ticks[0] + ticks[1]) * 1_000_000_000L / CLOCK_TICKS_PER_SEC);
                }
            }
        } catch (final IOException | UncheckedIOException ignored) {
            // the process ended
        }
        return byThread;
    }

    private static long[] statTicks(final Path stat) {
        return parseTicks(readQuietly(stat));
    }

    /** utime and stime: fields 14 and 15 of proc(5) stat, counted after the parenthesised comm. */
    private static long[] parseTicks(final String stat) {
        if (stat == null) {
            return null;
        }
        final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // fields[0] is field 3 (state): utime is field 14 -> index 11, stime field 15 -> index 12.
        return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
    }

    private static String readQuietly(final Path path) {
        try {
            return Files.readString(path);
        } catch (final IOException ex) {
            return null;
        }
    }

    private static long clockTicks() {
        try {
            final Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            final String out = new String(getconf.getInputStream().readAllBytes()).trim();
            getconf.waitFor(5, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (final IOException | NumberFormatException ex) {
            return 100; // USER_HZ on every Linux architecture deltad runs on
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    /** The last lines of the appliance's log. */
    String tail() {
        try {
            final List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (final IOException ex) {
            return "(no log: " + ex.getMessage() + ")";
        }
    }

    /** SIGTERM (clean stop through the appliance's shutdown hook), SIGKILL after 15 s. Returns the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } catch (final InterruptedException ex) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (final IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook runs anyway
            }
        }
    }
}
