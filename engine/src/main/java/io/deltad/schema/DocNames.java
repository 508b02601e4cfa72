package io.deltad.schema;

import io.deltad.wire.DocIds;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Documents as people and URLs name them: {@code type/number}, the type by schema name or numeric id
 * ({@code board/12}, {@code 3/12}), or a bare numeric docId. Shared by the control socket ({@code promote board/12})
 * and signaling ({@code POST /v1/sessions?doc=board/12}) so both accept exactly the same names.
 */
public final class DocNames {
    private static final Pattern TYPE_NUMBER = Pattern.compile("([A-Za-z0-9_.-]+)/(\\d{1,15})");
    private static final Pattern DOC_ID = Pattern.compile("\\d{1,19}");
    private static final int MAX_ECHO_CHARS = 64;

    private DocNames() {
    }

    /**
     * @return the docId {@code text} names.
     * @throws IllegalArgumentException when it is malformed or names a type the schemas do not know; the message
     *                                  quotes at most 64 characters of the input.
     */
    public static long parse(final String text, final SchemaRegistry schemas) {
        final Matcher typeNumber = TYPE_NUMBER.matcher(text);
        if (typeNumber.matches()) {
            final String typeText = typeNumber.group(1);
            final DocType type = typeText.chars().allMatch(Character::isDigit) && typeText.length() <= 5
                ? schemas.byTypeId(Integer.parseInt(typeText)) : schemas.byName(typeText);
            if (type == null) {
                throw new IllegalArgumentException("unknown document type \"" + truncate(typeText) + '"');
            }
            final long number = Long.parseLong(typeNumber.group(2));
            if (number > DocIds.NUMBER_MASK) {
                throw new IllegalArgumentException("document number too large: " + number);
            }
            return DocIds.of(type.id(), number);
        }
        if (DOC_ID.matcher(text).matches()) {
            final long docId;
            try {
                docId = Long.parseLong(text);
            } catch (final NumberFormatException ex) {
                throw new IllegalArgumentException("docId out of range: " + text, ex);
            }
            if (schemas.byTypeId(DocIds.typeId(docId)) == null) {
                throw new IllegalArgumentException("docId " + docId + " has unknown type id " + DocIds.typeId(docId));
            }
            return docId;
        }
        throw new IllegalArgumentException("bad document \"" + truncate(text) +
            "\": expected type/number (e.g. board/12) or a docId");
    }

    /** @return {@code type/number} with the type's schema name when known, its numeric id otherwise. */
    public static String name(final long docId, final SchemaRegistry schemas) {
        final DocType type = schemas.byTypeId(DocIds.typeId(docId));
        return (type != null ? type.name() : Integer.toString(DocIds.typeId(docId))) + "/" + DocIds.number(docId);
    }

    private static String truncate(final String text) {
        return text.length() <= MAX_ECHO_CHARS ? text : text.substring(0, MAX_ECHO_CHARS) + "...";
    }
}
