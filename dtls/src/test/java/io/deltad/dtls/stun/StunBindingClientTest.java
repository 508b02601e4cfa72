package io.deltad.dtls.stun;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StunBindingClientTest {
    private static final String SERVER_UFRAG = "srvU";
    private static final String SERVER_PWD = "server-password-0123456789";
    private static final String CLIENT_UFRAG = "cliU";

    private final AtomicLong checkedHandle = new AtomicLong(-1);
    private final AtomicBoolean nominated = new AtomicBoolean();
    private final StunResponder responder = new StunResponder(
        new StunTestSupport.Sessions(new IceCredentials(SERVER_UFRAG, SERVER_PWD, CLIENT_UFRAG, 7)),
        (handle, source, useCandidate, nowNs) -> {
            checkedHandle.set(handle);
            nominated.set(useCandidate);
        }, 100, 10, 0);
    private final MemorySegment request = Arena.ofAuto().allocate(512);
    private final MemorySegment answer = Arena.ofAuto().allocate(512);
    private final StunAddress source = new StunAddress().ipv4(0x7F000001, 40000);

    @Test
    void shouldPassTheServersChecksAndAcceptItsAnswer() {
        final StunBindingClient client = new StunBindingClient(CLIENT_UFRAG, SERVER_UFRAG, SERVER_PWD);
        final int length = client.writeRequest(request, 0, true);
        assertTrue(length <= client.maxRequestLength());
        final int answerLength = responder.onDatagram(request, 0, length, source, false, 0, answer, 0, 512);
        assertTrue(answerLength > 0, "responder dropped the request: " + answerLength);
        assertEquals(7, checkedHandle.get());
        assertTrue(nominated.get());
        assertTrue(client.onResponse(answer, 0, answerLength));
        assertEquals(1, client.successes());
        assertFalse(client.onResponse(answer, 0, answerLength), "a replayed answer is not a new success");
    }

    @Test
    void shouldRefuseAnAnswerToAnotherTransactionOrSignedWithAnotherPassword() {
        final StunBindingClient client = new StunBindingClient(CLIENT_UFRAG, SERVER_UFRAG, SERVER_PWD);
        final int first = client.writeRequest(request, 0, false);
        final int answerLength = responder.onDatagram(request, 0, first, source, false, 0, answer, 0, 512);
        assertFalse(nominated.get());
        client.writeRequest(request, 0, false); // a newer transaction is outstanding now
        assertFalse(client.onResponse(answer, 0, answerLength));

        final StunBindingClient wrongPassword = new StunBindingClient(CLIENT_UFRAG, SERVER_UFRAG, "another-password-0123456789");
        final int forged = wrongPassword.writeRequest(request, 0, false);
        assertTrue(responder.onDatagram(request, 0, forged, source, false, 0, answer, 0, 512) > 0,
            "the server answers a bad HMAC with 401");
        assertFalse(wrongPassword.onResponse(answer, 0, 512), "a 401 is not a success");
    }
}
