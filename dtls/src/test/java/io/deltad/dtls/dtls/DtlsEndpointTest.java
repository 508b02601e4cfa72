package io.deltad.dtls.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class DtlsEndpointTest {
    @Test
    void shouldCompleteHandshakeAndCarryDataBothWays() {
        final DtlsPair pair = new DtlsPair();
        assertTrue(pair.handshake(), () -> "server " + pair.server.failure() + " " + pair.server.failureDetail()
            + ", client " + pair.client.failure() + " " + pair.client.failureDetail());
        assertEquals(1, pair.serverListener.connected);
        assertEquals(1, pair.clientListener.connected);
        assertEquals("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", pair.server.cipherSuite());
        assertEquals(pair.server.cipherSuite(), pair.client.cipherSuite());
        assertEquals(1200 - 13 - 8 - 16, pair.server.maxPlaintextBytes());

        final ByteBuffer toServer = DtlsPair.payload(64, 1);
        final ByteBuffer toClient = DtlsPair.payload(64, 2);
        assertTrue(pair.client.send(toServer.duplicate()));
        assertTrue(pair.server.send(toClient.duplicate()));
        pair.flush();

        assertEquals(1, pair.serverListener.data.size());
        assertArrayEquals(toServer.array(), pair.serverListener.data.get(0));
        assertEquals(1, pair.clientListener.data.size());
        assertArrayEquals(toClient.array(), pair.clientListener.data.get(0));
        assertEquals(0, pair.server.droppedRecords() - pair.server.dropCount(DtlsDrop.PEER_RETRANSMISSION));
        assertEquals(0, pair.client.droppedRecords() - pair.client.dropCount(DtlsDrop.PEER_RETRANSMISSION));
    }
}
