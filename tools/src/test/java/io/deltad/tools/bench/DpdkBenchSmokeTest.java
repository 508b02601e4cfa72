package io.deltad.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deltad.bindings.dpdk.DpdkLibrary;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * CI smoke, not a speed test: {@code deltabench dpdk} on net_null for about a second per path, in the tools module's
 * {@code dpdk-tests} JVM (tag {@code dpdk}: EAL starts once per process), and its JSON line has every figure, positive.
 */
@Tag("dpdk")
class DpdkBenchSmokeTest {
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldMeasureEveryPathAndPrintJsonOnLastLineOnNetNull() throws Exception {
        assumeTrue(DpdkLibrary.isAvailable(), () -> "DPDK shim not loadable: " + DpdkLibrary.unavailableReason());
        final StringWriter output = new StringWriter();
        final CommandLine commandLine = DeltaBench.commandLine();
        commandLine.setOut(new PrintWriter(output, true));
        commandLine.setErr(new PrintWriter(output, true));

        final int exitCode = commandLine.execute("dpdk", "--vdev", "net_null0", "--duration", "1", "--rounds", "2",
            "--warmup", "0.2", "--cpu", "-1", "--reader-cpu", "-1", "--json");

        assertEquals(0, exitCode, output.toString());
        final String[] lines = output.toString().strip().split("\\R");
        final JsonNode result = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertEquals("dpdk", result.get("benchmark").asText());
        for (final String field : new String[] {"packets_per_sec_per_core", "delivered_per_sec",
            "udp_packets_per_sec_per_core", "raw_packets_per_sec_per_core", "packets_per_sec", "dpdk_ns_per_packet",
            "udp_ns_per_packet", "dpdk_vs_udp_per_core", "checksum_ns_per_packet", "udp_received"}) {
            assertTrue(result.path(field).asDouble() > 0, field + " not positive: " + output);
        }
        assertTrue(result.has("java_overhead_ns_per_packet"), output.toString());
        assertEquals(0, result.get("dpdk_send_drops").asLong(), output.toString());
    }
}
