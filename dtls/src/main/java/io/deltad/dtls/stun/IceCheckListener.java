package io.deltad.dtls.stun;

/**
 * Told about every authenticated Binding request the responder answered with success: the 5-tuple is validated for
 * that session (so DTLS from it may proceed) and consent is refreshed (RFC 7675). With {@code useCandidate} the
 * controlling peer nominates the pair (RFC 8445 §7.3.1.5); an ICE-lite agent follows.
 */
@FunctionalInterface
public interface IceCheckListener {
    /** {@code source} is reused after the call returns: copy what must be kept. */
    void onAuthenticatedCheck(long sessionHandle, StunAddress source, boolean useCandidate, long nowNs);
}
