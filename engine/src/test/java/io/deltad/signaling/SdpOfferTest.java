package io.deltad.signaling;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static io.deltad.signaling.Offers.CHROMIUM_HOST;
import static io.deltad.signaling.Offers.CHROMIUM_LOOPBACK;
import static io.deltad.signaling.Offers.FIREFOX_STYLE;
import static io.deltad.signaling.Offers.bytes;
import static io.deltad.signaling.Offers.chromiumWith;
import static io.deltad.signaling.Offers.chromiumWithout;
import static io.deltad.signaling.Offers.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The offer checks, on recorded browser offers and on copies broken one way each (BAD_INPUTS.md 30 and 31). */
class SdpOfferTest {
    private static final int LIMIT = 64 * 1024;
    private static final String CHROMIUM_FINGERPRINT =
        "94:A4:A9:26:1C:B7:FE:BF:12:08:E6:DD:F4:9B:46:E8:CB:88:61:5D:DD:B4:C7:53:D9:F2:5D:AA:70:8F:07:7F";

    private static SdpOffer parse(final String offer) {
        return SdpOffer.parse(bytes(offer), LIMIT);
    }

    private static SdpException refused(final String offer, final int status, final String... fragments) {
        final SdpException ex = assertThrows(SdpException.class, () -> parse(offer));
        assertEquals(status, ex.httpStatus(), ex.getMessage());
        for (final String fragment : fragments) {
            assertTrue(ex.getMessage().contains(fragment), () -> "expected '" + fragment + "' in: " + ex.getMessage());
        }
        return ex;
    }

    @Test
    void shouldReadChromiumOfferWithoutCandidates() {
        final SdpOffer offer = parse(text(CHROMIUM_LOOPBACK));
        final OfferParams params = offer.params();
        assertEquals("v19/", params.remoteUfrag());
        assertEquals("4dFcOczcwnAEeTSGBXK8qSk2", params.remotePwd());
        assertEquals("sha-256", params.fingerprintAlgorithm());
        assertArrayEquals(HexFormat.ofDelimiter(":").parseHex(CHROMIUM_FINGERPRINT), params.fingerprint());
        assertEquals("0", params.mid());
        assertEquals(5000, params.sctpPort());
        assertEquals(262144, params.maxMessageSize());
        assertEquals(List.of(), offer.description().candidates());
        assertEquals(List.of("0"), offer.description().bundle());
        assertEquals("actpass", offer.description().setup());
        assertFalse(offer.description().iceLite());
    }

    @Test
    void shouldReadChromiumHostCandidateAndItsExtensions() {
        final DataChannelDescription description = parse(text(CHROMIUM_HOST)).description();
        assertEquals(List.of(new IceCandidate("2622924052", 1, "udp", 2113937151L, "192.0.2.10", 42117, "host")),
            description.candidates());
        assertEquals(42117, description.port());
    }

    @Test
    void shouldReadFirefoxStyleOfferWithSessionLevelFingerprintAndTcpCandidate() {
        final SdpOffer offer = parse(text(FIREFOX_STYLE));
        assertEquals(32, offer.params().fingerprint().length);
        assertEquals(1073741823L, offer.params().maxMessageSize());
        assertEquals(2, offer.description().candidates().size());
        assertEquals("tcp", offer.description().candidates().get(1).transport());
        assertTrue(offer.description().endOfCandidates());
        assertEquals(8, offer.params().remoteUfrag().length());
    }

    @Test
    void shouldTolerateLfLineEndingsBlankLinesAndNoTrailingNewline() {
        final String lf = text(CHROMIUM_LOOPBACK).replace("\r\n", "\n");
        assertEquals(parse(text(CHROMIUM_LOOPBACK)).params(), parse(lf).params());
        assertEquals(parse(lf).params(), parse(lf.replace("s=-\n", "s=-\n\n\n").strip()).params());
    }

    @Test
    void shouldDefaultMaxMessageSizeAndSctpPortPerRfc8841() {
        final OfferParams params = parse(chromiumWithout("a=max-message-size").replace("a=sctp-port:5000\r\n", "")).params();
        assertEquals(65536, params.maxMessageSize());
        assertEquals(5000, params.sctpPort());
    }

    @Test
    void shouldLetMediaLevelCredentialsOverrideSessionLevelOnes() {
        final String offer = chromiumWith("t=0 0\r\n", "t=0 0\r\na=ice-ufrag:sess\r\na=ice-pwd:sessionsessionsession22\r\n");
        assertEquals("v19/", parse(offer).params().remoteUfrag());
        final String sessionOnly = chromiumWithout("a=ice-ufrag").replace("t=0 0\r\n", "t=0 0\r\na=ice-ufrag:sess\r\n");
        assertEquals("sess", parse(sessionOnly).params().remoteUfrag());
    }

    @Test
    void shouldPickTheStrongestFingerprint() {
        final String sha512 = "a=fingerprint:sha-512 " + "AB:".repeat(63) + "AB\r\n";
        final String sha1 = "a=fingerprint:sha-1 " + "01:".repeat(19) + "01\r\n";
        final OfferParams params = parse(chromiumWith("a=setup:actpass\r\n", sha1 + sha512 + "a=setup:actpass\r\n")).params();
        assertEquals("sha-512", params.fingerprintAlgorithm());
        assertEquals(64, params.fingerprint().length);
    }

    @Test
    void shouldAcceptSetupActiveAndNoSetup() {
        assertEquals("active", parse(chromiumWith("a=setup:actpass", "a=setup:active")).description().setup());
        assertEquals("", parse(chromiumWithout("a=setup")).description().setup());
    }

    // BAD_INPUTS 30: size, lines.

    @Test
    void shouldRefuseBodyOverTheLimitWith413() {
        final String padding = "a=x-pad:" + "p".repeat(LIMIT) + "\r\n";
        refused(text(CHROMIUM_LOOPBACK) + padding, 413, "over the limit of 65536 bytes");
    }

    @Test
    void shouldRefuseOverTenThousandLinesWith413() {
        refused(text(CHROMIUM_LOOPBACK) + "a=x\r\n".repeat(SessionDescription.MAX_LINES), 413, "more than 10000 lines");
        // exactly at the limit is fine
        final int lines = text(CHROMIUM_LOOPBACK).split("\r\n").length;
        parse(text(CHROMIUM_LOOPBACK) + "a=x\r\n".repeat(SessionDescription.MAX_LINES - lines));
    }

    // BAD_INPUTS 31: missing or malformed attributes.

    @Test
    void shouldRefuseOfferWithoutFingerprintWith400() {
        refused(chromiumWithout("a=fingerprint"), 400, "no a=fingerprint");
    }

    @Test
    void shouldRefuseOfferWithoutIceUfragOrPwdWith400() {
        refused(chromiumWithout("a=ice-ufrag"), 400, "no a=ice-ufrag");
        refused(chromiumWithout("a=ice-pwd"), 400, "no a=ice-pwd");
    }

    @Test
    void shouldRefusePasswordShorterThan22CharactersWith400NamingTheLine() {
        refused(chromiumWith("a=ice-pwd:4dFcOczcwnAEeTSGBXK8qSk2", "a=ice-pwd:4dFcOczcwnAEeTSGBXK8q"), 400,
            "line 11 \"a=ice-pwd:", "22 to 256", "got 21");
    }

    @Test
    void shouldRefuseBadIceCharactersAndShortUfrag() {
        refused(chromiumWith("a=ice-ufrag:v19/", "a=ice-ufrag:v1:9"), 400, "line 10", "'+' and '/'");
        refused(chromiumWith("a=ice-ufrag:v19/", "a=ice-ufrag:v1"), 400, "4 to 256");
    }

    @Test
    void shouldRefuseNonNumericMaxMessageSizeWith400() {
        refused(chromiumWith("a=max-message-size:262144", "a=max-message-size:lots"), 400,
            "line 17 \"a=max-message-size:lots\"", "decimal number");
        refused(chromiumWith("a=max-message-size:262144", "a=max-message-size:-1"), 400, "decimal number");
        refused(chromiumWith("a=max-message-size:262144", "a=max-message-size:99999999999999999999"), 400, "1 to 18 digits");
    }

    @Test
    void shouldRefuseBadSctpPortWith400() {
        refused(chromiumWith("a=sctp-port:5000", "a=sctp-port:70000"), 400, "0 to 65535");
        refused(chromiumWith("a=sctp-port:5000", "a=sctp-port:0"), 400, "1 to 65535");
    }

    @Test
    void shouldRefuseMalformedOrMisSizedFingerprintWith400() {
        refused(chromiumWith("a=fingerprint:sha-256 94:A4", "a=fingerprint:sha-256 94A4"), 400, "line 13", "hex byte pairs");
        refused(chromiumWith("a=fingerprint:sha-256 94:A4:", "a=fingerprint:sha-256 "), 400, "sha-256 fingerprint must be 32 bytes");
        refused(chromiumWith("a=fingerprint:sha-256 94:A4", "a=fingerprint:sha-256 ZZ:A4"), 400, "hex byte pairs");
        refused(chromiumWith("a=fingerprint:sha-256 ", "a=fingerprint:"), 400, "<hash-func>");
    }

    @Test
    void shouldRefuseOfferWithoutApplicationLineWith422() {
        final String offer = text(CHROMIUM_LOOPBACK);
        refused(offer.substring(0, offer.indexOf("m=application")), 422, "no m=application");
        refused(offer.replace("m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "m=audio 9 UDP/TLS/RTP/SAVPF 111"), 422,
            "line 8 \"m=audio", "no audio or video");
    }

    @Test
    void shouldRefuseAudioBesideTheDataChannelAndASecondApplicationSectionWith422() {
        final String offer = text(CHROMIUM_LOOPBACK);
        refused(offer + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:1\r\n", 422, "m=video", "no audio or video");
        refused(offer + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:1\r\n", 422, "first at line 8");
    }

    @Test
    void shouldRefuseLegacyOrRejectedDataSectionWith422() {
        refused(chromiumWith("UDP/DTLS/SCTP webrtc-datachannel", "DTLS/SCTP 5000"), 422, "pre-2019");
        refused(chromiumWith("m=application 9 ", "m=application 0 "), 422, "port 0");
    }

    @Test
    void shouldRefuseWeakFingerprintOnlyWith422() {
        refused(chromiumWith("a=fingerprint:sha-256 " + CHROMIUM_FINGERPRINT, "a=fingerprint:sha-1 " + "01:".repeat(19) + "01"),
            422, "sha-1 not accepted");
    }

    @Test
    void shouldRefusePassiveOrHoldconnSetupAndAnIceLiteOfferWith422() {
        refused(chromiumWith("a=setup:actpass", "a=setup:passive"), 422, "a=setup:passive", "DTLS server");
        refused(chromiumWith("a=setup:actpass", "a=setup:holdconn"), 422, "holdconn");
        refused(chromiumWith("a=setup:actpass", "a=setup:server"), 400, "actpass, active, passive or holdconn");
        refused(chromiumWith("a=setup:actpass", "a=setup"), 400, "a=setup needs a value"); // found by SdpOfferFuzzTest
        refused(chromiumWith("t=0 0\r\n", "t=0 0\r\na=ice-lite\r\n"), 422, "ICE-lite too");
    }

    @Test
    void shouldRefuseWhatIsNotSdpWith400() {
        refused("", 400, "empty offer");
        refused("hello", 400, "line 1", "<type>=<value>");
        refused("v=1\r\n", 400, "v=0");
        refused("{\"type\":\"offer\"}", 400, "<type>=<value>");
        refused(chromiumWith("s=-", "s=\u0000"), 400, "line 3", "control character 0x0");
        refused(chromiumWith("s=-", "S=-"), 400, "line 3", "lower-case type letter");
        final byte[] latin1 = bytes(text(CHROMIUM_LOOPBACK));
        latin1[30] = (byte) 0xE9;
        final SdpException ex = assertThrows(SdpException.class, () -> SdpOffer.parse(latin1, LIMIT));
        assertEquals(400, ex.httpStatus());
        assertTrue(ex.getMessage().contains("UTF-8"), ex.getMessage());
    }

    @Test
    void shouldRefuseDuplicateAttributesAndBadCandidatesWith400() {
        refused(chromiumWith("a=mid:0\r\n", "a=mid:0\r\na=mid:1\r\n"), 400, "line 16", "appears twice", "first at line 15");
        refused(chromiumWith("a=mid:0\r\n", "a=mid:0\r\na=candidate:1 1 udp 2113937151 192.0.2.1 5000 host\r\n"), 400,
            "line 16 \"a=candidate:", "typ <type>");
        refused(chromiumWith("a=mid:0\r\n", "a=mid:0\r\na=candidate:1 1 udp 99999999999 192.0.2.1 5000 typ host\r\n"), 400,
            "priority must be at most 4294967295");
        refused(chromiumWith("a=mid:0", "a=mid:a b"), 400, "token characters");
        refused(chromiumWith("m=application 9 ", "m=application nine "), 400, "m= port");
        refused(chromiumWith("m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "m=application 9"), 400, "<media> <port>");
    }

    @Test
    void shouldNotPrintThePasswordsInDescriptions() {
        final SdpOffer offer = parse(text(CHROMIUM_LOOPBACK));
        assertFalse(offer.params().toString().contains("4dFcOczcwnAEeTSGBXK8qSk2"), offer.params().toString());
        assertFalse(offer.description().toString().contains("4dFcOczcwnAEeTSGBXK8qSk2"), offer.description().toString());
        assertTrue(offer.params().toString().contains(CHROMIUM_FINGERPRINT));
    }
}
