package io.deltad.config;

import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a configuration came from: the file name to put in error messages, the directory relative paths resolve
 * against, the parsed root table (for positions of keys) and the host the values are checked against.
 * Section classes receive it so every error they raise names file and line the same way.
 */
public final class ConfigSource {
    private final String name;
    private final Path baseDir;
    private final TomlTable root;
    private final Host host;

    ConfigSource(final String name, final Path baseDir, final TomlTable root, final Host host) {
        this.name = name;
        this.baseDir = baseDir;
        this.root = root;
        this.host = host;
    }

    /** @return the file name used in error messages. */
    public String name() {
        return name;
    }

    /** @return the directory relative paths in the configuration resolve against (the config file's directory). */
    public Path baseDir() {
        return baseDir;
    }

    /** @return the host (CPUs, mounts) values are validated against. */
    public Host host() {
        return host;
    }

    /** @return the root table of the configuration. */
    TomlTable root() {
        return root;
    }

    /**
     * Resolves a path from the configuration: absolute paths stay as they are, relative ones are taken relative to
     * the config file's directory so the appliance behaves the same whatever its working directory.
     */
    Path resolve(final String path) {
        return baseDir.resolve(path).toAbsolutePath().normalize();
    }

    /** @return the position of a key path, or {@code null} when it was not in the file (defaults, builder). */
    TomlPosition positionOf(final List<String> keyPath) {
        return root.inputPositionOf(keyPath);
    }

    ConfigException error(final TomlPosition position, final String dottedKey, final String problem) {
        return new ConfigException(name, null == position ? ConfigException.UNKNOWN_LINE : position.line(), dottedKey, problem);
    }
}
