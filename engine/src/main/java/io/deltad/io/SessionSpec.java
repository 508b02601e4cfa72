package io.deltad.io;

import java.util.List;

/**
 * What a session may do, as a verified token states it.
 *
 * @param name   the token's subject (client name), for logs and tools
 * @param read   document patterns the session may subscribe to
 * @param write  document patterns the session may send deltas to
 * @param roles  roles for per-field write permissions in schemas
 */
public record SessionSpec(String name, List<String> read, List<String> write, List<String> roles) {
    public SessionSpec {
        read = List.copyOf(read);
        write = List.copyOf(write);
        roles = List.copyOf(roles);
    }

    /** A session that may read and write everything, with the given roles. */
    public static SessionSpec trusted(final String name, final String... roles) {
        return new SessionSpec(name, List.of("*"), List.of("*"), List.of(roles));
    }
}
