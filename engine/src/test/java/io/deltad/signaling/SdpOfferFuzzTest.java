package io.deltad.signaling;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz target for the offer parser (BAD_INPUTS.md: the parsers need fuzz targets): any body is either an offer
 * whose answer parses back, or an {@link SdpException} with 400, 413 or 422 and a message; nothing else escapes.
 * CI replays the inputs under src/test/resources/io/deltad/signaling/SdpOfferFuzzTestInputs; fuzz with
 * {@code JAZZER_FUZZ=1 bin/test -pl engine -am -Dtest=SdpOfferFuzzTest}.
 */
class SdpOfferFuzzTest {
    private static final int LIMIT = 64 * 1024;
    private static final Set<Integer> STATUSES = Set.of(400, 413, 422);
    private static final Admission.Accepted ACCEPTED = new Admission.Accepted("s", "srvU", "serverpasswordserverpw",
        "3A:".repeat(31) + "3A", List.of(new InetSocketAddress("127.0.0.1", 40000)), 65536);

    @FuzzTest(maxDuration = "60s")
    void anyBodyIsAnsweredOrRefusedWithAStatus(final byte[] body) {
        final SdpOffer offer;
        try {
            offer = SdpOffer.parse(body, LIMIT);
        } catch (final SdpException ex) {
            assertTrue(STATUSES.contains(ex.httpStatus()), ex.httpStatus() + ": " + ex.getMessage());
            assertFalse(ex.getMessage().isBlank());
            return;
        }
        final OfferParams params = offer.params();
        assertTrue(Set.of(32, 48, 64).contains(params.fingerprint().length), params.toString());
        assertTrue(params.remotePwd().length() >= 22, params.toString());
        final String answer = SdpAnswer.write(offer, ACCEPTED);
        final DataChannelDescription back = DataChannelDescription.of(
            SessionDescription.parse(answer.getBytes(StandardCharsets.UTF_8), LIMIT));
        assertEquals(params.mid(), back.mid());
        assertEquals("passive", back.setup());
        assertTrue(back.iceLite());
    }
}
