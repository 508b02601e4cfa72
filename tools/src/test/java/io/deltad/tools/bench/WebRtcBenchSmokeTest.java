package io.deltad.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CI smoke, not a speed test: {@code deltabench webrtc} starts the appliance as a separate process (this JVM's java and
 * class path, so no build is needed), opens a publisher and two subscriber sessions over real DataChannels, and its
 * JSON line says deltas flowed.
 */
class WebRtcBenchSmokeTest {
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldDeliverDeltasOverWebRtcAndPrintJsonOnLastLine() throws Exception {
        final StringWriter output = new StringWriter();
        final CommandLine commandLine = DeltaBench.commandLine();
        commandLine.setOut(new PrintWriter(output, true));
        commandLine.setErr(new PrintWriter(output, true));

        final int exitCode = commandLine.execute("webrtc", "--subscribers", "2", "--size", "64", "--duration", "2",
            "--warmup", "1", "--baseline", "0.2", "--launch", "java", "--json");

        assertEquals(0, exitCode, output.toString());
        final String[] lines = output.toString().strip().split("\\R");
        final JsonNode result = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertEquals("webrtc", result.get("benchmark").asText());
        assertEquals(2, result.get("subscribers").asInt());
        assertTrue(result.get("delivered_per_sec").asLong() > 0, output.toString());
        assertTrue(result.get("latency_samples").asLong() > 0, output.toString());
        assertTrue(result.get("server_cpu_percent").asDouble() > 0, output.toString());
        assertTrue(result.get("baseline_aes_records_per_sec").asLong() > 0, output.toString());
        for (final String field : new String[] {"delivered_mb_per_sec", "p50_us", "p99_us",
            "deltas_per_sec_per_server_core", "egress_vs_aes_per_core"}) {
            assertTrue(result.has(field), field + " missing: " + output);
        }
        assertEquals(0, result.get("sessions_closed").asLong(), output.toString());
        assertEquals(0, result.get("gaps").asLong(), output.toString());
    }
}
