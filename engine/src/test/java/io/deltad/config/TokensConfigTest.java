package io.deltad.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokensConfigTest {
    @TempDir
    Path dir;

    private DeltadConfig load(final String tokensSection) throws Exception {
        Files.createDirectories(dir.resolve("schemas"));
        final Path file = dir.resolve("t.toml");
        Files.writeString(file, "[cores]\nio = [0]\ndoc = [0]\nconductor = 0\nshared = true\n\n" + tokensSection);
        return DeltadConfig.load(file);
    }

    @Test
    void shouldHaveNoKeyWithoutTheSection() throws Exception {
        assertTrue(load("").tokens().key().isEmpty());
    }

    @Test
    void shouldReadKeyInlineOrFromFile() throws Exception {
        assertArrayEquals("0123456789abcdef0123456789abcdef".getBytes(), load("[tokens]\nkey = \"0123456789abcdef0123456789abcdef\"\n").tokens().key().orElseThrow());
        Files.writeString(dir.resolve("token.key"), "fedcba9876543210fedcba9876543210\n");
        final TokensConfig fromFile = load("[tokens]\nkey_file = \"token.key\"\nkey_id = \"k7\"\n").tokens();
        assertArrayEquals("fedcba9876543210fedcba9876543210".getBytes(), fromFile.key().orElseThrow());
        assertEquals("k7", fromFile.keyId());
    }

    @Test
    void shouldFailWithFileLineAndKeyForShortKeyBothKeysOrMissingFile() {
        final ConfigException shortKey = assertThrows(ConfigException.class, () -> load("[tokens]\nkey = \"too-short\"\n"));
        assertTrue(shortKey.getMessage().contains("t.toml:8: tokens.key: the key must be at least 32 bytes"), shortKey.getMessage());
        final ConfigException both = assertThrows(ConfigException.class,
            () -> load("[tokens]\nkey = \"0123456789abcdef0123456789abcdef\"\nkey_file = \"x\"\n"));
        assertTrue(both.getMessage().contains("tokens.key_file"), both.getMessage());
        final ConfigException missing = assertThrows(ConfigException.class, () -> load("[tokens]\nkey_file = \"nope.key\"\n"));
        assertTrue(missing.getMessage().contains("cannot read"), missing.getMessage());
    }
}
