package io.deltad.dtls.stun;

import static io.deltad.dtls.stun.StunTestSupport.exact;
import static io.deltad.dtls.stun.StunTestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StunMessageTest {
    // RFC 5769 §2.1-§2.3 test vectors (IETF Trust, Simplified BSD License). Short-term password for all three.
    static final String RFC5769_PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";
    static final byte[] RFC5769_REQUEST = hex("""
        00 01 00 58 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
        80 22 00 10 53 54 55 4e 20 74 65 73 74 20 63 6c 69 65 6e 74
        00 24 00 04 6e 00 01 ff
        80 29 00 08 93 2f f9 b1 51 26 3b 36
        00 06 00 09 65 76 74 6a 3a 68 36 76 59 20 20 20
        00 08 00 14 9a ea a7 0c bf d8 cb 56 78 1e f2 b5 b2 d3 f2 49 c1 b5 71 a2
        80 28 00 04 e5 7a 3b cf""");
    static final byte[] RFC5769_IPV4_RESPONSE = hex("""
        01 01 00 3c 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
        80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
        00 20 00 08 00 01 a1 47 e1 12 a6 43
        00 08 00 14 2b 91 f5 99 fd 9e 90 c3 8c 74 89 f9 2a f9 ba 53 f0 6b e7 d7
        80 28 00 04 c0 7d 4c 96""");
    static final byte[] RFC5769_IPV6_RESPONSE = hex("""
        01 01 00 48 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
        80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
        00 20 00 14 00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9
        00 08 00 14 a3 82 95 4e 4b e6 7b f1 17 84 c9 7c 82 92 c2 75 bf e3 ed 41
        80 28 00 04 c8 fb 0b 4c""");

    private final StunMessage message = new StunMessage();
    private final StunMessageIntegrity integrity = new StunMessageIntegrity();
    private final HmacSha1Key rfcKey = HmacSha1Key.ofPassword(RFC5769_PASSWORD);

    private StunParseResult parse(final byte[] datagram) {
        return message.wrap(exact(datagram), 0, datagram.length).parse();
    }

    @Test
    void shouldParseAndAuthenticateRfc5769SampleRequest() {
        assertEquals(StunParseResult.OK, parse(RFC5769_REQUEST));
        assertTrue(message.isBindingRequest());
        assertEquals("evtj:h6vY", new String(message.segment().asSlice(message.usernameOffset(), message.usernameLength())
            .toArray(StunMessage.U8), StandardCharsets.UTF_8));
        assertEquals(0x6E0001FFL, message.priority());
        assertTrue(message.iceControlled());
        assertFalse(message.iceControlling());
        assertEquals(0x932FF9B151263B36L, message.tieBreaker());
        assertFalse(message.useCandidate());
        assertEquals(0, message.unknownAttributeCount());
        assertTrue(integrity.verifyIntegrity(message, rfcKey));
        assertTrue(integrity.verifyFingerprint(message));
        assertFalse(integrity.verifyIntegrity(message, HmacSha1Key.ofPassword("wrong password, 22 chr")));
    }

    @Test
    void shouldDecodeIpv4XorMappedAddressOfRfc5769Response() {
        assertEquals(StunParseResult.OK, parse(RFC5769_IPV4_RESPONSE));
        assertEquals(StunMessage.BINDING_SUCCESS_RESPONSE, message.messageType());
        assertTrue(integrity.verifyIntegrity(message, rfcKey));
        assertTrue(integrity.verifyFingerprint(message));
        final StunAddress address = new StunAddress();
        assertTrue(message.xorMappedAddress(address));
        assertEquals(new InetSocketAddress("192.0.2.1", 32853), address.toInetSocketAddress());
    }

    @Test
    void shouldDecodeIpv6XorMappedAddressOfRfc5769Response() {
        assertEquals(StunParseResult.OK, parse(RFC5769_IPV6_RESPONSE));
        assertTrue(integrity.verifyIntegrity(message, rfcKey));
        assertTrue(integrity.verifyFingerprint(message));
        final StunAddress address = new StunAddress();
        assertTrue(message.xorMappedAddress(address));
        assertEquals(new InetSocketAddress("2001:db8:1234:5678:11:2233:4455:6677", 32853), address.toInetSocketAddress());
    }

    @Test
    void shouldFailIntegrityWhenAnyCoveredByteChanges() {
        final byte[] tampered = RFC5769_REQUEST.clone();
        tampered[30] ^= 1; // inside SOFTWARE
        assertEquals(StunParseResult.OK, parse(tampered));
        assertFalse(integrity.verifyIntegrity(message, rfcKey));
        assertFalse(integrity.verifyFingerprint(message));
    }

    // BAD_INPUTS 2
    @Test
    void shouldRejectWhenShorterThanHeaderOrLengthOrCookieWrong() {
        assertEquals(StunParseResult.TOO_SHORT, parse(Arrays.copyOf(RFC5769_REQUEST, 19)));
        assertEquals(StunParseResult.TOO_SHORT, parse(new byte[0]));

        final byte[] notMultipleOfFour = RFC5769_REQUEST.clone();
        notMultipleOfFour[3] = 0x57;
        assertEquals(StunParseResult.BAD_LENGTH, parse(Arrays.copyOf(notMultipleOfFour, 20 + 0x57)));

        assertEquals(StunParseResult.BAD_LENGTH, parse(Arrays.copyOf(RFC5769_REQUEST, RFC5769_REQUEST.length - 4)));
        assertEquals(StunParseResult.BAD_LENGTH, parse(Arrays.copyOf(RFC5769_REQUEST, RFC5769_REQUEST.length + 4)));

        final byte[] wrongCookie = RFC5769_REQUEST.clone();
        wrongCookie[7] = 0x43;
        assertEquals(StunParseResult.BAD_MAGIC_COOKIE, parse(wrongCookie));

        final byte[] topBits = RFC5769_REQUEST.clone();
        topBits[0] = (byte) 0x40;
        assertEquals(StunParseResult.NOT_STUN, parse(topBits));
    }

    // BAD_INPUTS 3
    @Test
    void shouldRejectWithoutReadingPastDatagramWhenAttributeLengthRunsPastEnd() {
        final byte[] overrun = RFC5769_REQUEST.clone();
        StunTestSupport.putU16(overrun, 20 + 2, 0x0100); // SOFTWARE claims 256 bytes in a 108-byte datagram
        assertEquals(StunParseResult.ATTRIBUTE_OVERRUN, parse(overrun));

        final byte[] lastOverrun = RFC5769_REQUEST.clone();
        StunTestSupport.putU16(lastOverrun, lastOverrun.length - 6, 0x0008); // FINGERPRINT claims 8 bytes, has 4
        assertEquals(StunParseResult.ATTRIBUTE_OVERRUN, parse(lastOverrun));

        // Header of 2 bytes only: message length 4, a lone attribute type with no length.
        final byte[] truncatedHeader = StunTestSupport.Builder.bindingRequest().build(null, false);
        final byte[] withStub = Arrays.copyOf(truncatedHeader, 24);
        withStub[3] = 4;
        withStub[20] = 0x00;
        withStub[21] = 0x06;
        withStub[22] = 0x00;
        withStub[23] = 0x08;
        assertEquals(StunParseResult.ATTRIBUTE_OVERRUN, parse(withStub));
    }

    // BAD_INPUTS 4
    @Test
    void shouldReportParseErrorWhenErrorCodeShortOrXorMappedAddressEmpty() {
        final byte[] shortErrorCode = new StunTestSupport.Builder(0x0111, StunTestSupport.TRANSACTION_ID)
            .attribute(StunAttribute.ERROR_CODE, new byte[] { 0, 0, 4 }).build(null, false);
        assertEquals(StunParseResult.BAD_ERROR_CODE, parse(shortErrorCode));

        final byte[] goodErrorCode = new StunTestSupport.Builder(0x0111, StunTestSupport.TRANSACTION_ID)
            .attribute(StunAttribute.ERROR_CODE, new byte[] { 0, 0, 4, 1, 'N', 'o' }).build(null, false);
        assertEquals(StunParseResult.OK, parse(goodErrorCode));
        assertEquals(401, message.errorCode());
        assertEquals(2, message.errorReasonLength());

        final byte[] emptyXorMapped = new StunTestSupport.Builder(0x0101, StunTestSupport.TRANSACTION_ID)
            .attribute(StunAttribute.XOR_MAPPED_ADDRESS, new byte[0]).build(null, false);
        assertEquals(StunParseResult.BAD_XOR_MAPPED_ADDRESS, parse(emptyXorMapped));

        final byte[] ipv6LengthForIpv4 = new StunTestSupport.Builder(0x0101, StunTestSupport.TRANSACTION_ID)
            .attribute(StunAttribute.XOR_MAPPED_ADDRESS, new byte[20]).build(null, false);
        ipv6LengthForIpv4[25] = 1;
        assertEquals(StunParseResult.BAD_XOR_MAPPED_ADDRESS, parse(ipv6LengthForIpv4));
    }

    @Test
    void shouldCollectUnknownComprehensionRequiredAttributesButIgnoreOptionalOnes() {
        final byte[] datagram = StunTestSupport.Builder.bindingRequest()
            .attribute(0x7777, new byte[] { 1 })
            .attribute(0xC001, new byte[] { 1, 2 })
            .attribute(0x0003, new byte[4]) // CHANGE-REQUEST (RFC 5780): not ours
            .build(null, false);
        assertEquals(StunParseResult.OK, parse(datagram));
        assertEquals(2, message.unknownAttributeCount());
        assertEquals(0x7777, message.unknownAttributeType(0));
        assertEquals(0x0003, message.unknownAttributeType(1));
    }

    @Test
    void shouldIgnoreAttributesAfterMessageIntegrityAndRejectAnyAfterFingerprint() {
        final byte[] signed = StunTestSupport.Builder.browserLike("evtj:h6vY").build(RFC5769_PASSWORD, false);
        final byte[] withTrailer = Arrays.copyOf(signed, signed.length + 8);
        StunTestSupport.putU16(withTrailer, 2, withTrailer.length - 20);
        StunTestSupport.putU16(withTrailer, signed.length, 0x7777); // unknown, but not covered by the HMAC
        StunTestSupport.putU16(withTrailer, signed.length + 2, 4);
        assertEquals(StunParseResult.OK, parse(withTrailer));
        assertEquals(0, message.unknownAttributeCount());

        final byte[] fingerprinted = StunTestSupport.Builder.bindingRequest().build(null, true);
        final byte[] afterFingerprint = Arrays.copyOf(fingerprinted, fingerprinted.length + 4);
        StunTestSupport.putU16(afterFingerprint, 2, afterFingerprint.length - 20);
        StunTestSupport.putU16(afterFingerprint, fingerprinted.length, StunAttribute.USE_CANDIDATE);
        assertEquals(StunParseResult.ATTRIBUTE_AFTER_FINGERPRINT, parse(afterFingerprint));
    }

    @Test
    void shouldWriteMessageThatRoundTripsThroughParser() {
        final byte[] out = new byte[128];
        final StunAddress source = new StunAddress().set(new InetSocketAddress("2001:db8::1", 5000));
        final int length = new StunMessageWriter().wrap(java.lang.foreign.MemorySegment.ofArray(out), 0)
            .header(StunMessage.BINDING_SUCCESS_RESPONSE, exact(StunTestSupport.TRANSACTION_ID), 0)
            .xorMappedAddress(source)
            .messageIntegrity(rfcKey, integrity)
            .fingerprint(integrity)
            .length();
        final byte[] response = Arrays.copyOf(out, length);
        assertEquals(StunParseResult.OK, parse(response));
        assertArrayEquals(StunTestSupport.TRANSACTION_ID, Arrays.copyOfRange(response, 8, 20));
        final StunAddress decoded = new StunAddress();
        assertTrue(message.xorMappedAddress(decoded));
        assertTrue(decoded.sameAs(source));
        assertTrue(integrity.verifyIntegrity(message, rfcKey));
        assertTrue(integrity.verifyFingerprint(message));
    }
}
