package io.deltad.io;

import io.deltad.schema.DocType;
import io.deltad.schema.SchemaRegistry;
import io.deltad.wire.DocIds;

import java.util.List;

/**
 * A compiled list of document patterns from a token's {@code read} or {@code write} claim:
 * {@code *} (every document), {@code board/*} (every document of a type, by name or numeric id), {@code board/42}
 * (one document). A pattern naming a type the schemas do not know matches nothing. Matching is a loop over a few
 * longs: cheap enough for every delta.
 */
public final class DocPatterns {
    private static final long ANY = -1;
    private static final DocPatterns NONE = new DocPatterns(new long[0], new long[0]);

    private final long[] typeIds;
    private final long[] numbers;

    private DocPatterns(final long[] typeIds, final long[] numbers) {
        this.typeIds = typeIds;
        this.numbers = numbers;
    }

    public static DocPatterns none() {
        return NONE;
    }

    /** Compiles patterns; throws IllegalArgumentException naming a malformed one. */
    public static DocPatterns compile(final List<String> patterns, final SchemaRegistry schemas) {
        final long[] typeIds = new long[patterns.size()];
        final long[] numbers = new long[patterns.size()];
        int count = 0;
        for (final String pattern : patterns) {
            if (pattern.equals("*")) {
                typeIds[count] = ANY;
                numbers[count++] = ANY;
                continue;
            }
            final int slash = pattern.indexOf('/');
            if (slash <= 0 || slash == pattern.length() - 1) {
                throw new IllegalArgumentException("document pattern must be '*', 'type/*' or 'type/number': " + pattern);
            }
            final String typePart = pattern.substring(0, slash);
            final String numberPart = pattern.substring(slash + 1);
            final long typeId = resolveType(typePart, schemas);
            final long number = numberPart.equals("*") ? ANY : parseNumber(numberPart, pattern);
            if (typeId < 0) {
                continue; // unknown type: matches nothing
            }
            typeIds[count] = typeId;
            numbers[count++] = number;
        }
        return new DocPatterns(java.util.Arrays.copyOf(typeIds, count), java.util.Arrays.copyOf(numbers, count));
    }

    /** @return true when no document matches (no patterns, or only types the schemas do not know). */
    public boolean matchesNothing() {
        return typeIds.length == 0;
    }

    public boolean matches(final long docId) {
        final long typeId = DocIds.typeId(docId);
        final long number = DocIds.number(docId);
        for (int i = 0; i < typeIds.length; i++) {
            if ((typeIds[i] == ANY || typeIds[i] == typeId) && (numbers[i] == ANY || numbers[i] == number)) {
                return true;
            }
        }
        return false;
    }

    private static long resolveType(final String typePart, final SchemaRegistry schemas) {
        if (typePart.chars().allMatch(Character::isDigit)) {
            final long id = Long.parseLong(typePart);
            if (id > DocIds.MAX_TYPE_ID) {
                throw new IllegalArgumentException("type id out of range in pattern: " + typePart);
            }
            return id;
        }
        final DocType type = schemas.byName(typePart);
        return type == null ? -1 : type.id();
    }

    private static long parseNumber(final String numberPart, final String pattern) {
        try {
            final long number = Long.parseLong(numberPart);
            if (number < 0 || number > DocIds.NUMBER_MASK) {
                throw new IllegalArgumentException("document number out of range in pattern: " + pattern);
            }
            return number;
        } catch (final NumberFormatException ex) {
            throw new IllegalArgumentException("document number must be a decimal integer or '*': " + pattern, ex);
        }
    }
}
