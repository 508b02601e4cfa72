package io.deltad.tools.ctl;

import io.deltad.config.ConfigException;
import io.deltad.config.DeltadConfig;
import io.deltad.config.TokensConfig;
import io.deltad.io.SessionSpec;
import io.deltad.token.SessionTokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code deltactl token}: prints a session token signed with the config's {@code [tokens]} key. Works offline: it
 * reads the config file, not the control socket, so it needs read access to the key, as the operator has.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
    description = "Print a session token (HS256 JWT) signed with the [tokens] key of the config.")
final class TokenCommand implements Callable<Integer> {
    @Option(names = "--sub", required = true, description = "Client name (the token's subject).")
    private String subject;

    @Option(names = "--read", description = "Document pattern the session may subscribe to: *, type/*, type/N (repeatable).")
    private List<String> read = List.of();

    @Option(names = "--write", description = "Document pattern the session may write (repeatable).")
    private List<String> write = List.of();

    @Option(names = "--role", description = "Role for per-field write permissions (repeatable).")
    private List<String> roles = List.of();

    @Option(names = "--ttl", defaultValue = "3600", description = "Lifetime in seconds (default ${DEFAULT-VALUE}).")
    private long ttlSeconds;

    @Option(names = "--config", description = "Config holding the key (default: -Ddeltad.config, else deploy/dev.toml).")
    private Path config;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        final TokensConfig tokens;
        try {
            tokens = DeltadConfig.load(config != null ? config : ControlOptions.defaultConfig()).tokens();
        } catch (final ConfigException ex) {
            spec.commandLine().getErr().println("deltactl: " + ex.getMessage());
            return 1;
        }
        if (tokens.key().isEmpty()) {
            spec.commandLine().getErr().println("deltactl: the config has no [tokens] key (tokens.key or tokens.key_file)");
            return 1;
        }
        final SessionTokens issuer = new SessionTokens(tokens.key().get(), tokens.keyId(), tokens.maxTtlNs() / 1_000_000_000L);
        try {
            spec.commandLine().getOut().println(issuer.issue(new SessionSpec(subject, read, write, roles), ttlSeconds, Instant.now()));
        } catch (final IllegalArgumentException ex) {
            spec.commandLine().getErr().println("deltactl: " + ex.getMessage());
            return 2;
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
