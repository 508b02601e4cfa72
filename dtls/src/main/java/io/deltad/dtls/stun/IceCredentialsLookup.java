package io.deltad.dtls.stun;

import java.lang.foreign.MemorySegment;

/**
 * Finds the session whose local ufrag is the given bytes (the part of USERNAME before the colon). Implementations
 * must not allocate: the IoAgent's table compares the bytes in place.
 */
@FunctionalInterface
public interface IceCredentialsLookup {
    /** @return the credentials, or null when no session has that local ufrag. */
    IceCredentials find(MemorySegment segment, long offset, int lengthBytes);
}
