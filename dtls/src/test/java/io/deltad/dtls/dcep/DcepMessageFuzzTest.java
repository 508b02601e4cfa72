package io.deltad.dtls.dcep;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.foreign.MemorySegment;

/**
 * Fuzz target for the DCEP parser: any bytes either classify as a refusal or parse as an OPEN/ACK whose accessors stay
 * inside the message. The message sits in a segment of exactly its length, so a read past the end throws and fails.
 * Without JAZZER_FUZZ=1 this runs the committed corpus (DcepMessageFuzzTestInputs) as a regression test.
 */
class DcepMessageFuzzTest {
    private final DcepMessage message = new DcepMessage();

    @FuzzTest(maxDuration = "60s")
    void anyBytesAreRefusedOrParsedWithinBounds(final byte[] bytes) {
        final MemorySegment exact = MemorySegment.ofArray(bytes);
        final DcepParseResult result = message.wrap(exact, 0, bytes.length).parse();
        if (result == DcepParseResult.OPEN) {
            assertTrue(message.protocolOffset() + message.protocolLength() <= bytes.length);
            assertTrue(DataChannelType.isValid(message.channelType()));
            message.label();
            message.protocol();
            message.priority();
            message.reliabilityParameter();
            // What parses can be written back identically (label and protocol bytes as they were).
            final byte[] label = exact.asSlice(message.labelOffset(), message.labelLength()).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            final byte[] protocol = exact.asSlice(message.protocolOffset(), message.protocolLength())
                .toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            final MemorySegment copy = MemorySegment.ofArray(new byte[12 + label.length + protocol.length]);
            DcepMessage.writeOpen(copy, 0, message.channelType(), message.priority(), message.reliabilityParameter(), label, protocol);
            assertTrue(copy.mismatch(exact.asSlice(0, copy.byteSize())) == -1);
        }
    }
}
