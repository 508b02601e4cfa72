package io.deltad.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CI smoke, not a speed test: {@code deltabench engine} runs end to end and its JSON line says deltas flowed. */
class DeltaBenchSmokeTest {
    @Test
    void shouldDeliverDeltasAndPrintJsonOnLastLineWhenEngineBenchRunsBriefly() throws Exception {
        final StringWriter output = new StringWriter();
        final CommandLine commandLine = DeltaBench.commandLine();
        commandLine.setOut(new PrintWriter(output, true));

        final int exitCode = commandLine.execute("engine", "--documents", "100", "--subscribers", "2",
            "--duration", "2", "--warmup", "1", "--baseline", "0.2", "--threads", "manual", "--store-mb", "64", "--json");

        assertEquals(0, exitCode, output.toString());
        final String[] lines = output.toString().strip().split("\\R");
        final JsonNode result = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertEquals("engine", result.get("benchmark").asText());
        assertTrue(result.get("accepted_per_sec").asLong() > 0, output.toString());
        assertTrue(result.get("delivered_per_sec").asLong() > 0, output.toString());
        assertTrue(result.get("baseline_per_sec").asLong() > 0, output.toString());
        assertTrue(result.get("latency_samples").asLong() > 0, output.toString());
        assertEquals(0, result.get("sessions_closed").asLong(), output.toString());
    }
}
