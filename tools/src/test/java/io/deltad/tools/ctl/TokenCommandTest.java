package io.deltad.tools.ctl;

import io.deltad.io.SessionSpec;
import io.deltad.token.SessionTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenCommandTest {
    @TempDir
    Path dir;

    private Path config(final String tokens) throws Exception {
        Files.createDirectories(dir.resolve("schemas"));
        final Path file = dir.resolve("c.toml");
        Files.writeString(file, "[cores]\nio = [0]\ndoc = [0]\nconductor = 0\nshared = true\n\n" + tokens);
        return file;
    }

    @Test
    void shouldPrintATokenTheApplianceAccepts() throws Exception {
        final String key = "cli-test-key-0123456789-0123456789-0123";
        final Path file = config("[tokens]\nkey = \"" + key + "\"\nkey_id = \"k9\"\n");
        final StringWriter out = new StringWriter();
        assertEquals(0, DeltaCtl.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "token", "--config",
            file.toString(), "--sub", "alice", "--read", "board/*", "--write", "board/42", "--ttl", "120"));
        final SessionSpec spec = new SessionTokens(key.getBytes(StandardCharsets.UTF_8), "k9", 3600)
            .verify(out.toString().strip(), Instant.now());
        assertEquals(new SessionSpec("alice", List.of("board/*"), List.of("board/42"), List.of()), spec);
    }

    @Test
    void shouldExitOneWithoutAKeyAndTwoForAnOverlongTtl() throws Exception {
        final StringWriter err = new StringWriter();
        assertEquals(1, DeltaCtl.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "token", "--config",
            config("").toString(), "--sub", "a"));
        assertTrue(err.toString().contains("no [tokens] key"), err.toString());
        final Path withKey = config("[tokens]\nkey = \"0123456789abcdef0123456789abcdef\"\nmax_ttl = \"1m\"\n");
        assertEquals(2, DeltaCtl.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "token",
            "--config", withKey.toString(), "--sub", "a", "--ttl", "3600"));
    }
}
