package io.deltad.config;

import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * Typed, range-checked reads of the keys of one {@code [section]}, every failure reported with file, line and
 * dotted key. Constructing one rejects keys the section does not know, so a typo is reported as such rather than as
 * the "missing" key it was meant to be.
 */
final class SectionReader {
    private final ConfigSource source;
    private final String section;
    private final TomlTable table;

    SectionReader(final ConfigSource source, final String section, final List<String> knownKeys) {
        this.source = source;
        this.section = section;
        final Object value = source.root().get(List.of(section));
        if (null != value && !(value instanceof TomlTable)) {
            throw source.error(source.positionOf(List.of(section)), section,
                "must be a table ([" + section + "]), got " + typeName(value));
        }
        this.table = null == value ? null : (TomlTable) value;
        if (null != table) {
            for (final String key : table.keySet()) {
                if (!knownKeys.contains(key)) {
                    throw fail(key, "unknown key" + KeySuggestions.didYouMean(key, knownKeys) +
                        " (known keys of [" + section + "]: " + String.join(", ", knownKeys) + ')');
                }
            }
        }
    }

    /** Whether the section appears in the file at all. */
    boolean present() {
        return null != table;
    }

    String section() {
        return section;
    }

    ConfigSource source() {
        return source;
    }

    boolean has(final String key) {
        return null != table && table.contains(List.of(key));
    }

    String dotted(final String key) {
        return section + '.' + key;
    }

    /** An error at the key's line, or at the section header's when the key is not in the file. */
    ConfigException fail(final String key, final String problem) {
        return source.error(position(key), dotted(key), problem);
    }

    private TomlPosition position(final String key) {
        final TomlPosition keyPosition = has(key) ? source.positionOf(List.of(section, key)) : null;
        return null != keyPosition ? keyPosition : source.positionOf(List.of(section));
    }

    private ConfigException missing(final String key) {
        return fail(key, "required key missing (add it under [" + section + "])");
    }

    private Object value(final String key) {
        return has(key) ? table.get(List.of(key)) : null;
    }

    String string(final String key, final String defaultValue) {
        final Object value = value(key);
        if (null == value) {
            if (null == defaultValue) {
                throw missing(key);
            }
            return defaultValue;
        }
        if (!(value instanceof String s)) {
            throw fail(key, "must be a string, got " + typeName(value));
        }
        return s;
    }

    /** An array of strings, e.g. {@code ["board/*", "note/*"]}; each element must be a string. */
    List<String> stringList(final String key, final List<String> defaultValue) {
        final Object value = value(key);
        if (null == value) {
            return defaultValue;
        }
        if (!(value instanceof TomlArray array)) {
            throw fail(key, "must be an array of strings (e.g. [\"board/*\"]), got " + typeName(value));
        }
        final List<String> strings = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof String s)) {
                throw source.error(elementPosition(key, array, i), dotted(key) + '[' + i + ']',
                    "must be a string, got " + typeName(array.get(i)));
            }
            strings.add(s);
        }
        return List.copyOf(strings);
    }

    boolean bool(final String key, final boolean defaultValue) {
        final Object value = value(key);
        if (null == value) {
            return defaultValue;
        }
        if (!(value instanceof Boolean b)) {
            throw fail(key, "must be true or false, got " + typeName(value));
        }
        return b;
    }

    long integer(final String key, final long defaultValue, final long min, final long max) {
        final Object value = value(key);
        final long result = null == value ? defaultValue : asLong(key, value);
        checkRange(key, result, min, max, Long::toString);
        return result;
    }

    long requiredInteger(final String key, final long min, final long max) {
        if (!has(key)) {
            throw missing(key);
        }
        return integer(key, 0, min, max);
    }

    long durationNs(final String key, final long defaultNs, final long minNs, final long maxNs) {
        final Object value = value(key);
        long ns = defaultNs;
        if (null != value) {
            if (!(value instanceof String text)) {
                throw fail(key, "must be a duration string with a unit (e.g. \"100ms\"), got " + typeName(value));
            }
            try {
                ns = DurationFormat.parseNs(text);
            } catch (final IllegalArgumentException ex) {
                throw fail(key, ex.getMessage());
            }
        }
        checkRange(key, ns, minNs, maxNs, DurationFormat::format);
        return ns;
    }

    long sizeBytes(final String key, final long defaultBytes, final long minBytes, final long maxBytes) {
        final Object value = value(key);
        long bytes = defaultBytes;
        if (value instanceof String text) {
            try {
                bytes = SizeFormat.parseBytes(text);
            } catch (final IllegalArgumentException ex) {
                throw fail(key, ex.getMessage());
            }
        } else if (value instanceof Long l) {
            bytes = l;
        } else if (null != value) {
            throw fail(key, "must be a size (e.g. \"64KiB\", \"256MiB\") or a byte count, got " + typeName(value));
        }
        checkRange(key, bytes, minBytes, maxBytes, SizeFormat::format);
        return bytes;
    }

    /** A size that backs a power-of-two structure (ring, chunk): checked for range and power of two. */
    long powerOfTwoSizeBytes(final String key, final long defaultBytes, final long minBytes, final long maxBytes) {
        final long bytes = sizeBytes(key, defaultBytes, minBytes, maxBytes);
        if (Long.bitCount(bytes) != 1) {
            throw fail(key, "must be a power of two, got " + SizeFormat.format(bytes));
        }
        return bytes;
    }

    /** @return the enum constant whose lower-case name is the value, e.g. {@code "hugetlbfs"} for HUGETLBFS. */
    <E extends Enum<E>> E choice(final String key, final E defaultValue, final Class<E> type) {
        final Object value = value(key);
        if (null == value) {
            return defaultValue;
        }
        final E[] constants = type.getEnumConstants();
        final List<String> names = Arrays.stream(constants).map(SectionReader::configName).toList();
        if (value instanceof String text) {
            for (final E constant : constants) {
                if (configName(constant).equals(text)) {
                    return constant;
                }
            }
        }
        throw fail(key, "must be one of " + String.join(", ", names.stream().map(n -> '"' + n + '"').toList()) +
            ", got " + (value instanceof String s ? '"' + s + '"' + KeySuggestions.didYouMean(s, names) : typeName(value)));
    }

    static String configName(final Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /** A relative path resolves against the config file's directory. */
    Path path(final String key, final String defaultValue) {
        final String text = string(key, defaultValue);
        if (text.isBlank()) {
            throw fail(key, "must not be empty");
        }
        try {
            return source.resolve(text);
        } catch (final InvalidPathException ex) {
            throw fail(key, "not a valid path: " + ex.getMessage());
        }
    }

    /** A single CPU id that must exist on the host. */
    int cpu(final String key) {
        if (!has(key)) {
            throw missing(key);
        }
        final Object value = value(key);
        final long cpu = asLong(key, value);
        checkCpu(position(key), dotted(key), cpu);
        return (int) cpu;
    }

    /**
     * A list of distinct CPU ids that exist on the host.
     *
     * @param defaultValue used when the key is absent; {@code null} makes the key required.
     * @param minLength    fewest entries accepted.
     */
    int[] cpuList(final String key, final int[] defaultValue, final int minLength) {
        final Object value = value(key);
        if (null == value) {
            if (null == defaultValue) {
                throw missing(key);
            }
            return defaultValue.clone();
        }
        if (!(value instanceof TomlArray array)) {
            throw fail(key, "must be an array of CPU ids (e.g. [0, 1]), got " + typeName(value));
        }
        if (array.size() < minLength) {
            throw fail(key, "must list at least " + minLength + " CPU" + (minLength == 1 ? "" : "s"));
        }
        final int[] cpus = new int[array.size()];
        for (int i = 0; i < array.size(); i++) {
            final String element = dotted(key) + '[' + i + ']';
            final TomlPosition position = elementPosition(key, array, i);
            final Object item = array.get(i);
            if (!(item instanceof Long cpu)) {
                throw source.error(position, element, "must be an integer CPU id, got " + typeName(item));
            }
            checkCpu(position, element, cpu);
            for (int j = 0; j < i; j++) {
                if (cpus[j] == cpu) {
                    throw source.error(position, element, "CPU " + cpu + " is listed twice in " + dotted(key));
                }
            }
            cpus[i] = cpu.intValue();
        }
        return cpus;
    }

    /** A list of strings; {@code defaultValue} when the key is absent. */
    List<String> strings(final String key, final List<String> defaultValue) {
        final Object value = value(key);
        if (null == value) {
            return defaultValue;
        }
        if (!(value instanceof TomlArray array)) {
            throw fail(key, "must be an array of strings (e.g. [\"a\", \"b\"]), got " + typeName(value));
        }
        final List<String> result = new java.util.ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof String item)) {
                throw source.error(elementPosition(key, array, i), dotted(key) + '[' + i + ']',
                    "must be a string, got " + typeName(array.get(i)));
            }
            result.add(item);
        }
        return List.copyOf(result);
    }

    /** A number between {@code min} and {@code max} inclusive (integers accepted). */
    double ratio(final String key, final double defaultValue, final double min, final double max) {
        final Object value = value(key);
        if (null == value) {
            return defaultValue;
        }
        final double result;
        if (value instanceof Double d) {
            result = d;
        } else if (value instanceof Long l) {
            result = l;
        } else {
            throw fail(key, "must be a number, got " + typeName(value));
        }
        if (!(result >= min && result <= max)) {
            throw fail(key, "must be between " + min + " and " + max + ", got " + result);
        }
        return result;
    }

    /** Position of an array element: its own when known, the key's otherwise (arrays built by the builder). */
    TomlPosition elementPosition(final String key, final int index) {
        final Object value = value(key);
        return value instanceof TomlArray array ? elementPosition(key, array, index) : position(key);
    }

    private TomlPosition elementPosition(final String key, final TomlArray array, final int index) {
        final TomlPosition position = array.inputPositionOf(index);
        return null != position ? position : position(key);
    }

    private void checkCpu(final TomlPosition position, final String dottedKey, final long cpu) {
        final CpuTopology cpus = source.host().cpus();
        if (cpu < 0 || cpu > Integer.MAX_VALUE || !cpus.hasCpu((int) cpu)) {
            throw source.error(position, dottedKey,
                "CPU " + cpu + " does not exist on this host (online CPUs: " + cpus.describeCpus() + ')');
        }
    }

    private long asLong(final String key, final Object value) {
        if (!(value instanceof Long l)) {
            throw fail(key, "must be an integer, got " + typeName(value));
        }
        return l;
    }

    private void checkRange(
        final String key, final long value, final long min, final long max, final LongFunction<String> format) {
        if (value < min || value > max) {
            throw fail(key, "must be between " + format.apply(min) + " and " + format.apply(max) + ", got " + format.apply(value));
        }
    }

    static String typeName(final Object value) {
        return switch (value) {
            case String s -> "string \"" + s + '"';
            case Long l -> "integer " + l;
            case Double d -> "float " + d;
            case Boolean b -> "boolean " + b;
            case TomlArray a -> "array";
            case TomlTable t -> "table";
            case TemporalAccessor t -> "date/time " + t;
            default -> value.getClass().getSimpleName();
        };
    }
}
