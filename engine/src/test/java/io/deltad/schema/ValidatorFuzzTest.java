package io.deltad.schema;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.lang.foreign.MemorySegment;
import java.net.URISyntaxException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz target for the validator and the materialised state: any payload is either refused with a code or applied,
 * and a state built from accepted payloads survives a snapshot round trip.
 */
class ValidatorFuzzTest {
    private static final DocType CARD = SchemaRegistry.load(schemaDir()).byName("card");
    private static final DeltaValidator VALIDATOR = new DeltaValidator();
    private static final DocState STATE = CARD.newState();

    @FuzzTest(maxDuration = "60s")
    void anyPayloadIsRefusedOrAppliedConsistently(final byte[] payload) {
        final MemorySegment segment = MemorySegment.ofArray(payload);
        final int code = VALIDATOR.validate(CARD, STATE, segment, 0, payload.length, -1);
        if (code == io.deltad.wire.NackCode.NONE) {
            STATE.apply(segment, 0, payload.length);
        }
        final MemorySegment snapshot = MemorySegment.ofArray(new byte[STATE.snapshotLength()]);
        STATE.writeSnapshot(snapshot, 0);
        final DocState copy = CARD.newState();
        assertTrue(VALIDATOR.validate(CARD, null, snapshot, 0, (int) snapshot.byteSize(), -1) == io.deltad.wire.NackCode.NONE
            || snapshot.byteSize() == 0 || snapshot.byteSize() > CARD.maxDeltaBytes(), "a snapshot is a valid delta");
        copy.apply(snapshot, 0, (int) snapshot.byteSize());
        assertTrue(copy.contentEquals(STATE));
    }

    private static Path schemaDir() {
        try {
            return Path.of(ValidatorFuzzTest.class.getResource("/test-schemas").toURI());
        } catch (final URISyntaxException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
