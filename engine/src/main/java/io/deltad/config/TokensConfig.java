package io.deltad.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code [tokens]}: the HMAC-SHA256 key that signs session tokens (JWT) and its key id. Either {@code key} (the secret
 * itself, for development) or {@code key_file} (a file holding it, for production: mode 0600, not in the config).
 * Without this section the appliance issues and accepts no tokens.
 */
public final class TokensConfig {
    static final String SECTION = "tokens";
    static final String KEY = "key";
    static final String KEY_FILE = "key_file";
    static final String KEY_ID = "key_id";
    static final String MAX_TTL = "max_ttl";
    private static final List<String> KEYS = List.of(KEY, KEY_FILE, KEY_ID, MAX_TTL);
    /** RFC 7518 §3.2: an HS256 key must be at least as long as the hash output. */
    public static final int MIN_KEY_BYTES = 32;
    private static final long MAX_TTL_DEFAULT_NS = 24L * 3600 * 1_000_000_000L;
    private static final long MAX_TTL_LIMIT_NS = 365L * 24 * 3600 * 1_000_000_000L;

    private final byte[] key;
    private final String keyId;
    private final long maxTtlNs;

    private TokensConfig(final byte[] key, final String keyId, final long maxTtlNs) {
        this.key = key;
        this.keyId = keyId;
        this.maxTtlNs = maxTtlNs;
    }

    static TokensConfig from(final ConfigSource source) {
        final SectionReader reader = new SectionReader(source, SECTION, KEYS);
        final String inline = reader.string(KEY, "");
        final String file = reader.string(KEY_FILE, "");
        final String keyId = reader.string(KEY_ID, "k1");
        final long maxTtlNs = reader.durationNs(MAX_TTL, MAX_TTL_DEFAULT_NS, 1_000_000_000L, MAX_TTL_LIMIT_NS);
        if (!inline.isEmpty() && !file.isEmpty()) {
            throw reader.fail(KEY_FILE, "give either tokens.key or tokens.key_file, not both");
        }
        if (keyId.isEmpty() || keyId.length() > 64 || keyId.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw reader.fail(KEY_ID, "must be 1 to 64 printable characters, got \"" + keyId + '"');
        }
        final byte[] key;
        final String keyName;
        if (!file.isEmpty()) {
            final Path path = source.resolve(file);
            try {
                key = Files.readString(path, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
            } catch (final IOException ex) {
                throw reader.fail(KEY_FILE, "cannot read " + path + ": " + ex.getMessage());
            }
            keyName = KEY_FILE;
        } else if (!inline.isEmpty()) {
            key = inline.getBytes(StandardCharsets.UTF_8);
            keyName = KEY;
        } else {
            return new TokensConfig(null, keyId, maxTtlNs);
        }
        if (key.length < MIN_KEY_BYTES) {
            throw reader.fail(keyName, "the key must be at least " + MIN_KEY_BYTES + " bytes, got " + key.length);
        }
        return new TokensConfig(key, keyId, maxTtlNs);
    }

    /** @return the signing key, empty when no [tokens] key is configured. */
    public Optional<byte[]> key() {
        return Optional.ofNullable(key).map(byte[]::clone);
    }

    public String keyId() {
        return keyId;
    }

    /** @return the longest lifetime a token may be issued with, in ns. */
    public long maxTtlNs() {
        return maxTtlNs;
    }

    @Override
    public String toString() {
        return "[tokens] " + (key == null ? "no key" : "key_id=" + keyId + " key=<" + key.length + " bytes> max_ttl="
            + DurationFormat.format(maxTtlNs));
    }
}
