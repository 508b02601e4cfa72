package io.deltad.config;

import org.tomlj.MutableTomlTable;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The appliance's configuration: loaded from a TOML file, validated completely before any thread starts, and
 * immutable afterwards. Anything wrong (syntax, duplicate or unknown key, wrong type, out-of-range value, a CPU the
 * host does not have, overlapping core roles, a missing required key) fails fast with a {@link ConfigException}
 * that names the file, the line and the dotted key, e.g.
 * {@code deploy/dev.toml:12: elastic.max_elastic: must be between 0 and 64, got 99}.
 *
 * <p>Each section is its own small class that reads and checks its keys; relative paths resolve against the
 * directory the config file is in.
 */
public final class DeltadConfig {
    /** The sections accepted, in the order they are validated. */
    static final List<String> SECTIONS = List.of(
        NodeConfig.SECTION, CoreMapConfig.SECTION, StoreConfig.SECTION, RetentionConfig.SECTION, ElasticConfig.SECTION,
        RingsConfig.SECTION, LimitsConfig.SECTION, SchemasConfig.SECTION, CountersConfig.SECTION,
        ControlConfig.SECTION, MetricsConfig.SECTION, TokensConfig.SECTION, SignalingConfig.SECTION,
        WebRtcConfig.SECTION, IoConfig.SECTION, DpdkConfig.SECTION);

    private static final String BUILDER_SOURCE = "<builder>";
    // tomlj's wording for a key or table defined twice: "<key> previously defined at line L, column C".
    private static final Pattern DUPLICATE = Pattern.compile("(.+) previously defined at line (\\d+), column (\\d+)");

    private final String source;
    private final NodeConfig node;
    private final CoreMapConfig cores;
    private final StoreConfig store;
    private final RetentionConfig retention;
    private final ElasticConfig elastic;
    private final RingsConfig rings;
    private final LimitsConfig limits;
    private final SchemasConfig schemas;
    private final CountersConfig counters;
    private final ControlConfig control;
    private final MetricsConfig metrics;
    private final TokensConfig tokens;
    private final SignalingConfig signaling;
    private final WebRtcConfig webrtc;
    private final IoConfig io;
    private final DpdkConfig dpdk;

    private DeltadConfig(final ConfigSource source) {
        checkSections(source);
        this.source = source.name();
        this.node = NodeConfig.from(source);
        this.cores = CoreMapConfig.from(source);
        this.store = StoreConfig.from(source);
        this.retention = RetentionConfig.from(source);
        this.elastic = ElasticConfig.from(source, cores);
        this.rings = RingsConfig.from(source);
        this.limits = LimitsConfig.from(source);
        this.schemas = SchemasConfig.from(source);
        this.counters = CountersConfig.from(source, node);
        this.control = ControlConfig.from(source, node);
        this.metrics = MetricsConfig.from(source);
        this.tokens = TokensConfig.from(source);
        this.signaling = SignalingConfig.from(source, tokens);
        this.webrtc = WebRtcConfig.from(source);
        this.io = IoConfig.from(source);
        this.dpdk = DpdkConfig.from(source, io, cores, webrtc);
    }

    /**
     * Loads and validates a configuration file against this host.
     *
     * @param file the TOML file; relative paths inside it resolve against its directory.
     * @return the validated configuration.
     * @throws ConfigException naming file, line and key of the first problem found.
     */
    public static DeltadConfig load(final Path file) {
        return load(file, Host.current());
    }

    /**
     * Loads and validates a configuration file against the given CPUs (and this host's mounts): checks a config
     * written for a bigger machine.
     *
     * @param file the TOML file.
     * @param cpus the CPUs the core map is checked against.
     * @return the validated configuration.
     * @throws ConfigException naming file, line and key of the first problem found.
     */
    public static DeltadConfig load(final Path file, final CpuTopology cpus) {
        return load(file, new Host(cpus, MountTable.current()));
    }

    /**
     * Loads and validates a configuration file against the given host facts.
     *
     * @param file the TOML file.
     * @param host CPUs and mounts the values are checked against.
     * @return the validated configuration.
     * @throws ConfigException naming file, line and key of the first problem found.
     */
    public static DeltadConfig load(final Path file, final Host host) {
        final String name = file.toString();
        final TomlParseResult toml;
        try {
            toml = Toml.parse(file);
        } catch (final IOException ex) {
            throw new ConfigException(name, ConfigException.UNKNOWN_LINE, null, "cannot read: " + ex, ex);
        }
        if (toml.hasErrors()) {
            throw syntaxError(name, toml);
        }
        final Path baseDir = file.toAbsolutePath().normalize().getParent();
        return new DeltadConfig(new ConfigSource(name, baseDir, toml, host));
    }

    /**
     * A configuration with every default, all agents on CPU 0 ({@code shared = true}): runs on any host. For tests
     * and benchmarks; start from {@link #builder(Path)} to change values.
     *
     * @param schemasDir an existing directory of schemas.
     * @return the validated configuration.
     */
    public static DeltadConfig defaults(final Path schemasDir) {
        return builder(schemasDir.toAbsolutePath().getParent()).set("schemas.dir", schemasDir.toAbsolutePath().toString()).build();
    }

    /**
     * A builder seeded with the same single-CPU core map as {@link #defaults(Path)}.
     *
     * @param baseDir the directory relative paths resolve against (as a config file's directory would be).
     * @return a builder.
     */
    public static Builder builder(final Path baseDir) {
        return new Builder(baseDir)
            .set("cores.io", List.of(0L))
            .set("cores.doc", List.of(0L))
            .set("cores.elastic", List.of(0L))
            .set("cores.conductor", 0L)
            .set("cores.shared", true);
    }

    /** @return the file this configuration was loaded from, or {@code <builder>}. */
    public String source() {
        return source;
    }

    /** @return {@code [node]}. */
    public NodeConfig node() {
        return node;
    }

    /** @return {@code [cores]}, the core map. */
    public CoreMapConfig cores() {
        return cores;
    }

    /** @return {@code [store]}. */
    public StoreConfig store() {
        return store;
    }

    /** @return {@code [retention]}. */
    public RetentionConfig retention() {
        return retention;
    }

    /** @return {@code [elastic]}. */
    public ElasticConfig elastic() {
        return elastic;
    }

    /** @return {@code [rings]}. */
    public RingsConfig rings() {
        return rings;
    }

    /** @return {@code [limits]}. */
    public LimitsConfig limits() {
        return limits;
    }

    /** @return {@code [schemas]}. */
    public SchemasConfig schemas() {
        return schemas;
    }

    /** @return {@code [counters]}. */
    public CountersConfig counters() {
        return counters;
    }

    /** @return {@code [control]}. */
    public ControlConfig control() {
        return control;
    }

    /** @return {@code [webrtc]}. */
    public WebRtcConfig webrtc() {
        return webrtc;
    }

    /** @return {@code [io]}: which packet path carries the sessions. */
    public IoConfig io() {
        return io;
    }

    /** @return {@code [dpdk]}, or null unless {@code io.mode = "dpdk"}. */
    public DpdkConfig dpdk() {
        return dpdk;
    }

    /** @return {@code [metrics]}. */
    public MetricsConfig metrics() {
        return metrics;
    }

    /** @return {@code [tokens]}. */
    public TokensConfig tokens() {
        return tokens;
    }

    /** @return {@code [signaling]}. */
    public SignalingConfig signaling() {
        return signaling;
    }

    /** @return one line per section with the effective values, defaults included: for the startup log. */
    @Override
    public String toString() {
        return String.join(System.lineSeparator(), "config " + source, node.toString(), cores.toString(), store.toString(),
            retention.toString(), elastic.toString(), rings.toString(), limits.toString(), schemas.toString(),
            counters.toString(), control.toString(), metrics.toString(), tokens.toString(), signaling.toString(),
            webrtc.toString(), io.toString(), dpdk == null ? "[dpdk] not used" : dpdk.toString());
    }

    private static void checkSections(final ConfigSource source) {
        final TomlTable root = source.root();
        for (final String key : root.keySet()) {
            if (!SECTIONS.contains(key)) {
                final TomlPosition position = source.positionOf(List.of(key));
                final String what = root.isTable(List.of(key)) ? "unknown section [" + key + ']' : "unknown top-level key";
                throw source.error(position, key, what + KeySuggestions.didYouMean(key, SECTIONS) +
                    " (known sections: " + String.join(", ", SECTIONS) + ')');
            }
        }
    }

    private static ConfigException syntaxError(final String name, final TomlParseResult toml) {
        final TomlParseError first = toml.errors().getFirst();
        final TomlPosition position = first.position();
        final int line = null == position ? ConfigException.UNKNOWN_LINE : position.line();
        final String more = toml.errors().size() > 1 ? " (and " + (toml.errors().size() - 1) + " more errors)" : "";
        final Matcher duplicate = DUPLICATE.matcher(first.getMessage());
        if (duplicate.matches()) {
            final TomlPosition previous = TomlPosition.positionAt(
                Integer.parseInt(duplicate.group(2)), Integer.parseInt(duplicate.group(3)));
            final String key = findKeyAt(toml, Toml.parseDottedKey(duplicate.group(1)), previous);
            return new ConfigException(name, line, null != key ? key : duplicate.group(1),
                "duplicate key (first defined at line " + previous.line() + ')' + more);
        }
        return new ConfigException(name, line, null, "syntax error: " + first.getMessage() + more);
    }

    // tomlj names only the last part of a duplicated key; find its full dotted path by the first definition's position.
    private static String findKeyAt(final TomlTable root, final List<String> tail, final TomlPosition position) {
        for (final List<String> path : root.keyPathSet(true)) {
            if (path.size() >= tail.size() &&
                path.subList(path.size() - tail.size(), path.size()).equals(tail) &&
                position.equals(root.inputPositionOf(path))) {
                return Toml.joinKeyPath(path);
            }
        }
        return null;
    }

    /**
     * Builds a configuration from values set in code, validated exactly as a file would be (errors name the key,
     * with {@code <builder>} in place of the file). Keys are dotted, values are what TOML would hold: {@code String},
     * {@code Long} (or {@code Integer}), {@code Boolean}, or a {@code List} of those.
     *
     * <pre>{@code
     * DeltadConfig config = DeltadConfig.builder(dir).set("store.size", "64MiB").set("elastic.max_elastic", 0).build();
     * }</pre>
     */
    public static final class Builder {
        private final Path baseDir;
        private final MutableTomlTable table = MutableTomlTable.create();
        private Host host;

        private Builder(final Path baseDir) {
            this.baseDir = baseDir.toAbsolutePath().normalize();
        }

        /**
         * @param dottedKey e.g. {@code "store.size"}.
         * @param value     the value, as it would be written in TOML.
         * @return this.
         */
        public Builder set(final String dottedKey, final Object value) {
            table.set(dottedKey, toToml(Objects.requireNonNull(value, "value")));
            return this;
        }

        /**
         * @param host the host to validate against instead of this one.
         * @return this.
         */
        public Builder host(final Host host) {
            this.host = host;
            return this;
        }

        /**
         * @return the validated configuration.
         * @throws ConfigException for the first invalid value.
         */
        public DeltadConfig build() {
            return new DeltadConfig(new ConfigSource(BUILDER_SOURCE, baseDir, table, null == host ? Host.current() : host));
        }

        // TOML integers are 64-bit: normalise so the validation sees exactly what a parsed file would give.
        private static Object toToml(final Object value) {
            if (value instanceof Integer i) {
                return i.longValue();
            }
            if (value instanceof List<?> list) {
                final List<Object> converted = new ArrayList<>(list.size());
                for (final Object item : list) {
                    converted.add(toToml(item));
                }
                return converted;
            }
            return value;
        }
    }
}
