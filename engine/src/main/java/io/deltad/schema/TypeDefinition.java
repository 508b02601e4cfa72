package io.deltad.schema;

import java.nio.file.Path;
import java.util.List;

/**
 * One parsed and self-consistent schema file, before the registry-wide steps (cross-file duplicate checks, role
 * interning, table compilation).
 *
 * @param fields sorted by index
 */
record TypeDefinition(Path file, String name, int id, int maxDeltaBytes, boolean opaque, List<FieldSpec> fields) {
}
