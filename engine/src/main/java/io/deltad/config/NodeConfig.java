package io.deltad.config;

import java.util.List;
import java.util.regex.Pattern;

/** {@code [node]}: the identity of this appliance instance. */
public final class NodeConfig {
    static final String SECTION = "node";
    static final String NAME = "name";
    static final String NAME_DEFAULT = "deltad";
    private static final List<String> KEYS = List.of(NAME);
    // The name becomes part of paths (/dev/shm/deltad-<name>/...) and metric labels: keep it to safe characters.
    private static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final String name;

    private NodeConfig(final String name) {
        this.name = name;
    }

    static NodeConfig from(final ConfigSource source) {
        final SectionReader reader = new SectionReader(source, SECTION, KEYS);
        final String name = reader.string(NAME, NAME_DEFAULT);
        if (!NAME_PATTERN.matcher(name).matches()) {
            throw reader.fail(NAME, "must be 1-64 characters of A-Z a-z 0-9 . _ - (it is used in file paths), got \"" + name + '"');
        }
        return new NodeConfig(name);
    }

    /** @return the node name, used in file paths and metric labels. */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "[node] name=" + name;
    }
}
