/**
 * The DTLS 1.2 endpoint (RFC 6347) of a WebRTC session, server and client roles, over the JDK's {@code SSLEngine}.
 *
 * <p>{@link io.deltad.dtls.dtls.DtlsEndpoint} drives one engine from its owner's duty cycle: datagrams in, datagrams
 * and decrypted application data out through a {@link io.deltad.dtls.dtls.DtlsListener}, retransmissions and the
 * handshake timeout from {@link io.deltad.dtls.dtls.DtlsEndpoint#onTimer(long)}. A filter in front of the engine
 * discards records the engine would mishandle (BAD_INPUTS 8-13) and the peer is authenticated by the SDP
 * {@code a=fingerprint} alone (RFC 8842, RFC 8827 §6.5). Design notes: docs/DTLS.md.
 */
package io.deltad.dtls.dtls;
