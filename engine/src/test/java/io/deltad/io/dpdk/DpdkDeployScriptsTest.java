package io.deltad.io.dpdk;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** deploy/dpdk/*.sh change nothing without explicit arguments, and say what they would do with --dry-run. */
class DpdkDeployScriptsTest {
    private static final Path DPDK = findDeploy().resolve("dpdk");

    private static Path findDeploy() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(dir.resolve("deploy/dpdk"))) {
            dir = dir.getParent();
        }
        return dir.resolve("deploy");
    }

    private record Result(int exit, String output) {
    }

    private static Result run(final String script, final String... args) throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>(List.of("bash", DPDK.resolve(script).toString()));
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), script + " finished");
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void shouldRefuseToTouchAnythingWithoutArguments() throws Exception {
        final Result hugepages = run("hugepages.sh");
        assertEquals(2, hugepages.exit());
        assertTrue(hugepages.output().contains("nothing changed"), hugepages.output());
        final Result bind = run("bind-nic.sh");
        assertEquals(2, bind.exit());
        assertTrue(bind.output().contains("nothing changed"), bind.output());
        assertEquals(2, run("bind-nic.sh", "--pci", "eth0", "--dry-run").exit(), "not a PCI address");
        assertEquals(2, run("hugepages.sh", "--pages", "lots").exit());
    }

    @Test
    void shouldSayWhatItWouldDoOnDryRun() throws Exception {
        final Result hugepages = run("hugepages.sh", "--pages", "64", "--dry-run", "--mount", "/mnt/deltad-huge-test");
        assertEquals(0, hugepages.exit(), hugepages.output());
        assertTrue(hugepages.output().contains("would write 64 to /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages"),
            hugepages.output());
        assertTrue(hugepages.output().contains("would run: mount -t hugetlbfs"), hugepages.output());
        assertTrue(Files.notExists(Path.of("/mnt/deltad-huge-test")), "dry run made no directory");
    }
}
