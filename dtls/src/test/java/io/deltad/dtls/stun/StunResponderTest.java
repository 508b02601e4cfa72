package io.deltad.dtls.stun;

import static io.deltad.dtls.stun.StunTestSupport.exact;
import static io.deltad.dtls.stun.StunTestSupport.fingerprintMatches;
import static io.deltad.dtls.stun.StunTestSupport.findAttribute;
import static io.deltad.dtls.stun.StunTestSupport.integrityMatches;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StunResponderTest {
    static final String LOCAL_UFRAG = "Lx9q";
    static final String LOCAL_PASSWORD = "abcdefghijklmnopqrstuv"; // 22 ice-chars, the SDP minimum
    static final String REMOTE_UFRAG = "Rk2w";
    static final String USERNAME = LOCAL_UFRAG + ":" + REMOTE_UFRAG;
    static final long SESSION = 42;

    record Check(long session, InetSocketAddress source, boolean useCandidate, long nowNs) {
    }

    private final List<Check> checks = new ArrayList<>();
    private final StunResponder responder = new StunResponder(
        new StunTestSupport.Sessions(
            new IceCredentials(LOCAL_UFRAG, LOCAL_PASSWORD, REMOTE_UFRAG, SESSION),
            new IceCredentials("evtj", StunMessageTest.RFC5769_PASSWORD, "h6vY", 7)),
        (session, source, useCandidate, nowNs) ->
            checks.add(new Check(session, source.toInetSocketAddress(), useCandidate, nowNs)),
        10, 5, 0);
    private final StunAddress source = new StunAddress().set(new InetSocketAddress("198.51.100.7", 54321));
    private final byte[] out = new byte[1500];

    private int answer(final byte[] request, final boolean sourceKnown, final long nowNs) {
        return responder.onDatagram(exact(request), 0, request.length, source, sourceKnown, nowNs,
            MemorySegment.ofArray(out), 0, out.length);
    }

    private byte[] response(final int length) {
        assertTrue(length > 0, () -> "dropped: " + StunDrop.ofCode(length));
        return Arrays.copyOf(out, length);
    }

    private static int errorCodeOf(final byte[] response) {
        final int at = findAttribute(response, StunAttribute.ERROR_CODE);
        return (response[at + 6] & 7) * 100 + response[at + 7];
    }

    @Test
    void shouldAnswerGoldenRequestWithIndependentlyVerifiableResponse() {
        final byte[] request = StunTestSupport.Builder.browserLike(USERNAME).useCandidate().build(LOCAL_PASSWORD, true);
        final byte[] response = response(answer(request, false, 1_000));

        assertEquals(StunMessage.BINDING_SUCCESS_RESPONSE, StunTestSupport.u16(response, 0));
        assertEquals(response.length - 20, StunTestSupport.u16(response, 2));
        assertArrayEquals(Arrays.copyOfRange(request, 4, 20), Arrays.copyOfRange(response, 4, 20));
        assertTrue(response.length <= request.length);

        final byte[] key = LOCAL_PASSWORD.getBytes(StandardCharsets.UTF_8);
        final int integrityAt = findAttribute(response, StunAttribute.MESSAGE_INTEGRITY);
        final int fingerprintAt = findAttribute(response, StunAttribute.FINGERPRINT);
        assertTrue(integrityMatches(response, integrityAt, key));
        assertTrue(fingerprintMatches(response, fingerprintAt));
        assertEquals(response.length - 8, fingerprintAt);

        // XOR-MAPPED-ADDRESS by hand: port ^ 0x2112, address ^ 0x2112A442.
        final int mappedAt = findAttribute(response, StunAttribute.XOR_MAPPED_ADDRESS);
        assertEquals(8, StunTestSupport.u16(response, mappedAt + 2));
        assertEquals(1, response[mappedAt + 5]);
        assertEquals(54321, StunTestSupport.u16(response, mappedAt + 6) ^ 0x2112);
        final byte[] cookie = { 0x21, 0x12, (byte) 0xA4, 0x42 };
        final byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
            address[i] = (byte) (response[mappedAt + 8 + i] ^ cookie[i]);
        }
        assertArrayEquals(new byte[] { (byte) 198, 51, 100, 7 }, address);

        assertEquals(List.of(new Check(SESSION, new InetSocketAddress("198.51.100.7", 54321), true, 1_000)), checks);
        assertEquals(1, responder.successResponses());
    }

    @Test
    void shouldAnswerRfc5769SampleRequestAndIpv6Source() {
        source.set(new InetSocketAddress("2001:db8:1234:5678:11:2233:4455:6677", 32853));
        final byte[] response = response(answer(StunMessageTest.RFC5769_REQUEST, true, 5));
        final StunMessage parsed = new StunMessage().wrap(exact(response), 0, response.length);
        assertEquals(StunParseResult.OK, parsed.parse());
        final StunAddress mapped = new StunAddress();
        assertTrue(parsed.xorMappedAddress(mapped));
        assertTrue(mapped.sameAs(source));
        assertTrue(integrityMatches(response, parsed.messageIntegrityOffset(),
            StunMessageTest.RFC5769_PASSWORD.getBytes(StandardCharsets.UTF_8)));
        assertTrue(fingerprintMatches(response, parsed.fingerprintOffset()));
        assertEquals(7, checks.getFirst().session());
        assertFalse(checks.getFirst().useCandidate());
    }

    // BAD_INPUTS 5
    @Test
    void shouldAnswer400WhenUsernameOrIntegrityMissing() {
        final byte[] noIntegrity = StunTestSupport.Builder.browserLike(USERNAME).build(null, true);
        final byte[] response = response(answer(noIntegrity, false, 0));
        assertEquals(StunMessage.BINDING_ERROR_RESPONSE, StunTestSupport.u16(response, 0));
        assertEquals(400, errorCodeOf(response));
        assertEquals(-1, findAttribute(response, StunAttribute.MESSAGE_INTEGRITY));
        assertTrue(fingerprintMatches(response, findAttribute(response, StunAttribute.FINGERPRINT)));

        final byte[] noUsername = StunTestSupport.Builder.bindingRequest().priority(1).iceControlling(2)
            .build(LOCAL_PASSWORD, true);
        assertEquals(400, errorCodeOf(response(answer(noUsername, false, 0))));
        assertEquals(2, responder.badRequestResponses());
        assertTrue(checks.isEmpty());
    }

    @Test
    void shouldDropSilentlyWhenUfragUnknownAndAnswer401WhenIntegrityBad() {
        assertEquals(StunDrop.UNKNOWN_USERNAME.code(),
            answer(StunTestSupport.Builder.browserLike("nope:" + REMOTE_UFRAG).build(LOCAL_PASSWORD, true), false, 0));
        assertEquals(StunDrop.UNKNOWN_USERNAME.code(),
            answer(StunTestSupport.Builder.browserLike(LOCAL_UFRAG + ":else").build(LOCAL_PASSWORD, true), false, 0));
        assertEquals(StunDrop.UNKNOWN_USERNAME.code(),
            answer(StunTestSupport.Builder.browserLike(LOCAL_UFRAG).build(LOCAL_PASSWORD, true), false, 0));
        assertEquals(3, responder.dropCount(StunDrop.UNKNOWN_USERNAME));

        final byte[] badIntegrity = StunTestSupport.Builder.browserLike(USERNAME).build("another-password-of-22", true);
        final byte[] response = response(answer(badIntegrity, false, 0));
        assertEquals(401, errorCodeOf(response));
        assertEquals(-1, findAttribute(response, StunAttribute.MESSAGE_INTEGRITY));
        assertEquals(1, responder.unauthorizedResponses());
        assertTrue(checks.isEmpty(), "no state for an unauthenticated request");
    }

    @Test
    void shouldDropWhenFingerprintBad() {
        final byte[] request = StunTestSupport.Builder.browserLike(USERNAME).build(LOCAL_PASSWORD, true);
        request[request.length - 1] ^= 0x01;
        assertEquals(StunDrop.BAD_FINGERPRINT.code(), answer(request, true, 0));
        assertEquals(1, responder.dropCount(StunDrop.BAD_FINGERPRINT));
        assertTrue(checks.isEmpty());
    }

    @Test
    void shouldAnswer420WithUnknownAttributesWhenComprehensionRequiredAttributeUnknown() {
        final byte[] request = StunTestSupport.Builder.browserLike(USERNAME)
            .attribute(0x7001, new byte[] { 1, 2, 3, 4 }).attribute(0x7002, new byte[0])
            .build(LOCAL_PASSWORD, true);
        final byte[] response = response(answer(request, true, 0));
        assertEquals(420, errorCodeOf(response));
        final int unknownAt = findAttribute(response, StunAttribute.UNKNOWN_ATTRIBUTES);
        assertEquals(4, StunTestSupport.u16(response, unknownAt + 2));
        assertEquals(0x7001, StunTestSupport.u16(response, unknownAt + 4));
        assertEquals(0x7002, StunTestSupport.u16(response, unknownAt + 6));
        assertTrue(integrityMatches(response, findAttribute(response, StunAttribute.MESSAGE_INTEGRITY),
            LOCAL_PASSWORD.getBytes(StandardCharsets.UTF_8)));
        assertTrue(fingerprintMatches(response, findAttribute(response, StunAttribute.FINGERPRINT)));
        assertTrue(checks.isEmpty());
    }

    @Test
    void shouldDropMalformedAndNonRequests() {
        assertEquals(StunDrop.MALFORMED.code(), answer(new byte[] { 0, 1, 0 }, false, 0));
        final byte[] indication = new StunTestSupport.Builder(StunMessage.BINDING_INDICATION,
            StunTestSupport.TRANSACTION_ID).build(null, true);
        assertEquals(StunDrop.NOT_BINDING_REQUEST.code(), answer(indication, true, 0));
        assertEquals(StunDrop.NOT_BINDING_REQUEST.code(), answer(StunMessageTest.RFC5769_IPV4_RESPONSE, true, 0));
    }

    // BAD_INPUTS 6
    @Test
    void shouldRateLimitUnknownSourcesButNotKnownOnes() {
        final byte[] request = StunTestSupport.Builder.browserLike(USERNAME).build(LOCAL_PASSWORD, true);
        int answered = 0;
        for (int i = 0; i < 100; i++) {
            if (answer(request, false, 0) > 0) {
                answered++;
            }
        }
        assertEquals(5, answered, "burst");
        assertEquals(95, responder.dropCount(StunDrop.RATE_LIMITED));
        assertTrue(answer(request, true, 0) > 0, "a known 5-tuple is never rate limited");
        // 10 per second: after 100 ms one more token.
        assertTrue(answer(request, false, 100_000_000L) > 0);
        assertEquals(StunDrop.RATE_LIMITED.code(), answer(request, false, 100_000_000L));
    }

    @Test
    void shouldNotSendAnswerLargerThanRequest() {
        // Minimal authenticated request, no FINGERPRINT: 20 + 16 + 24 = 60 bytes < 64-byte IPv4 success response.
        final byte[] small = StunTestSupport.Builder.bindingRequest().username(USERNAME).build(LOCAL_PASSWORD, false);
        assertEquals(60, small.length);
        assertEquals(StunDrop.AMPLIFICATION.code(), answer(small, true, 0));
        // A bare 20-byte header would earn a 48-byte 400.
        final byte[] bare = StunTestSupport.Builder.bindingRequest().build(null, false);
        assertEquals(StunDrop.AMPLIFICATION.code(), answer(bare, true, 0));
        assertEquals(2, responder.dropCount(StunDrop.AMPLIFICATION));
        assertTrue(checks.isEmpty());

        final byte[] request = StunTestSupport.Builder.browserLike(USERNAME).build(LOCAL_PASSWORD, true);
        assertEquals(StunDrop.OUTPUT_TOO_SMALL.code(), responder.onDatagram(exact(request), 0, request.length, source,
            true, 0, MemorySegment.ofArray(out), 0, 40));
    }
}
