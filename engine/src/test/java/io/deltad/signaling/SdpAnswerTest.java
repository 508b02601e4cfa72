package io.deltad.signaling;

import io.deltad.dtls.dtls.DtlsFingerprint;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;

import static io.deltad.signaling.Offers.CHROMIUM_LOOPBACK;
import static io.deltad.signaling.Offers.FIREFOX_STYLE;
import static io.deltad.signaling.Offers.bytes;
import static io.deltad.signaling.Offers.chromiumWith;
import static io.deltad.signaling.Offers.chromiumWithout;
import static io.deltad.signaling.Offers.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The answer, read back through the same parser the offers go through. */
class SdpAnswerTest {
    static final String FINGERPRINT = "3A:".repeat(31) + "3A";
    static final Admission.Accepted ACCEPTED = new Admission.Accepted("s-1", "srvU", "serverpasswordserverpw",
        FINGERPRINT, List.of(new InetSocketAddress("127.0.0.1", 40000), new InetSocketAddress("::1", 40001)), 262144);

    private static SdpOffer offer(final String text) {
        return SdpOffer.parse(bytes(text), 1 << 16);
    }

    private static DataChannelDescription readBack(final String answer) {
        return DataChannelDescription.of(SessionDescription.parse(bytes(answer), 1 << 16));
    }

    @Test
    void shouldAnswerWithIceLitePassiveFingerprintAndHostCandidates() {
        final String answer = SdpAnswer.write(offer(text(CHROMIUM_LOOPBACK)), ACCEPTED, 42);
        final DataChannelDescription back = readBack(answer);
        assertTrue(back.iceLite());
        assertEquals("passive", back.setup());
        assertEquals("srvU", back.iceUfrag());
        assertEquals("serverpasswordserverpw", back.icePwd());
        assertEquals(List.of(DtlsFingerprint.parse("sha-256 " + FINGERPRINT)), back.fingerprints());
        assertEquals("0", back.mid());
        assertEquals(List.of("0"), back.bundle());
        assertEquals(9, back.port());
        assertEquals(5000, back.sctpPort());
        assertEquals(262144, back.maxMessageSize());
        assertTrue(back.endOfCandidates());
        assertEquals(List.of(
                new IceCandidate("1", 1, "udp", (126L << 24) | (65535L << 8) | 255, "127.0.0.1", 40000, "host"),
                new IceCandidate("2", 1, "udp", (126L << 24) | (65534L << 8) | 255, "0:0:0:0:0:0:0:1", 40001, "host")),
            back.candidates());
        assertTrue(answer.startsWith("v=0\r\no=- 42 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\na=ice-lite\r\n"
            + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n"), answer);
        assertTrue(answer.endsWith("a=end-of-candidates\r\n"), answer);
        assertFalse(answer.replace("\r\n", "").contains("\n"), "CRLF only");
        assertFalse(answer.contains("ice-options"), answer);
    }

    @Test
    void shouldLeaveOutBundleWithoutOneInTheOfferAndMidWithoutOne() {
        final String unbundled = SdpAnswer.write(offer(chromiumWithout("a=group:BUNDLE")), ACCEPTED);
        assertFalse(unbundled.contains("a=group"), unbundled);
        assertTrue(unbundled.contains("a=mid:0\r\n"), unbundled);
        final String noMid = SdpAnswer.write(offer(chromiumWithout("a=group:BUNDLE").replace("a=mid:0\r\n", "")), ACCEPTED);
        assertFalse(noMid.contains("a=mid"), noMid);
        assertEquals("", readBack(noMid).mid());
    }

    @Test
    void shouldAnswerTheFirefoxStyleOfferWithItsMid() {
        final DataChannelDescription back = readBack(SdpAnswer.write(offer(text(FIREFOX_STYLE)), ACCEPTED));
        assertEquals("0", back.mid());
        assertEquals(List.of("0"), back.bundle());
    }

    @Test
    void shouldUseAFreshSessionIdEachTime() {
        final SdpOffer offer = offer(text(CHROMIUM_LOOPBACK));
        assertFalse(SdpAnswer.write(offer, ACCEPTED).equals(SdpAnswer.write(offer, ACCEPTED)));
    }

    @Test
    void shouldRefuseWhatABrokerMustNotGiveRatherThanWriteABrokenAnswer() {
        final SdpOffer offer = offer(chromiumWith("a=setup:actpass", "a=setup:active"));
        assertThrows(IllegalArgumentException.class, () -> SdpAnswer.write(offer,
            new Admission.Accepted("s", "srvU", "short", FINGERPRINT, List.of(), 65536)));
        assertThrows(IllegalArgumentException.class, () -> SdpAnswer.write(offer,
            new Admission.Accepted("s", "s:U", "serverpasswordserverpw", FINGERPRINT, List.of(), 65536)));
        assertThrows(IllegalArgumentException.class, () -> SdpAnswer.write(offer,
            new Admission.Accepted("s", "srvU", "serverpasswordserverpw", "AB:CD", List.of(), 65536)));
        assertThrows(IllegalArgumentException.class, () -> SdpAnswer.write(offer,
            new Admission.Accepted("s", "srvU", "serverpasswordserverpw", FINGERPRINT,
                List.of(new InetSocketAddress("0.0.0.0", 4000)), 65536)));
        assertThrows(IllegalArgumentException.class, () -> SdpAnswer.write(offer,
            new Admission.Accepted("s", "srvU", "serverpasswordserverpw", FINGERPRINT, List.of(), -1)));
    }
}
