package io.deltad.wire;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import static io.deltad.wire.FrameHeader.U16;
import static io.deltad.wire.FrameHeader.U32;
import static io.deltad.wire.FrameHeader.U64;
import static io.deltad.wire.FrameHeader.U8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Keeps the worked examples in {@code docs/PROTOCOL.md} true: builds each frame with {@link FrameHeader} and
 * compares with the hex in the block after the {@code <!-- example: NAME -->} marker.
 */
class ProtocolExamplesTest {
    private static final int BOARD_TYPE_ID = 1;
    private static final long BOARD_42 = DocIds.of(BOARD_TYPE_ID, 42);
    private static final int FIELD_1 = 1;

    private final Arena arena = Arena.ofAuto();
    private final FrameHeader header = new FrameHeader();

    @Test
    void shouldMatchClientDelta() throws IOException {
        assertExample("client-delta", clientDelta(1));
    }

    @Test
    void shouldMatchServerAck() throws IOException {
        final MemorySegment frame = arena.allocate(FrameHeader.LENGTH + Long.BYTES);
        header.wrap(frame, 0).write(FrameType.ACK, 0, BOARD_42, 1, Long.BYTES);
        frame.set(U64, FrameHeader.LENGTH, 1L);
        assertExample("server-ack", frame);
    }

    @Test
    void shouldMatchServerDeltaCarryingTheClientPayload() throws IOException {
        final MemorySegment frame = clientDelta(1);
        header.wrap(frame, 0).seq(1);
        assertExample("server-delta", frame);
    }

    @Test
    void shouldMatchServerNackDuplicate() throws IOException {
        final MemorySegment frame = arena.allocate(FrameHeader.LENGTH + 8);
        header.wrap(frame, 0).write(FrameType.NACK, FrameType.DELTA, BOARD_42, 1, 8);
        frame.set(U16, FrameHeader.LENGTH, (short) NackCode.DUPLICATE);
        frame.set(U16, FrameHeader.LENGTH + 2, (short) 0xFFFF);
        frame.set(U32, FrameHeader.LENGTH + 4, 0);
        assertExample("server-nack-duplicate", frame);
    }

    @Test
    void shouldMatchClientSubscribeWithSnapshot() throws IOException {
        final MemorySegment frame = arena.allocate(FrameHeader.LENGTH);
        header.wrap(frame, 0).write(FrameType.SUBSCRIBE, FrameType.FLAG_SNAPSHOT, BOARD_42, 0, 0);
        assertExample("client-subscribe-snapshot", frame);
    }

    @Test
    void shouldMatchSubscribedThenSnapshotBackToBack() throws IOException {
        final int snapshotPayloadLength = OpKind.OP_HEADER_LENGTH + Long.BYTES;
        final MemorySegment message = arena.allocate(2L * FrameHeader.LENGTH + snapshotPayloadLength);
        header.wrap(message, 0).write(FrameType.SUBSCRIBED, FrameType.FLAG_WITH_SNAPSHOT, BOARD_42, 2, 0);
        header.wrap(message, header.frameLength())
            .write(FrameType.SNAPSHOT, 0, BOARD_42, 1, snapshotPayloadLength);
        putSetI64(message, header.payloadOffset(), FIELD_1, 7);
        assertExample("server-subscribed-snapshot", message);

        // A reader walks the message frame by frame with the structural check.
        long offset = 0;
        int frames = 0;
        while (offset < message.byteSize()) {
            header.wrap(message, offset);
            assertEquals(NackCode.NONE, header.check(message.byteSize() - offset));
            offset += header.frameLength();
            frames++;
        }
        assertEquals(2, frames);
    }

    @Test
    void shouldPassStructuralCheck() {
        final MemorySegment frame = clientDelta(1);
        assertEquals(NackCode.NONE, header.wrap(frame, 0).check(frame.byteSize()));
        assertEquals(BOARD_TYPE_ID, DocIds.typeId(header.docId()));
        assertEquals(42, DocIds.number(header.docId()));
        assertEquals(NackCode.MALFORMED, header.check(frame.byteSize() - 1));
    }

    private MemorySegment clientDelta(final long clientSeq) {
        final int payloadLength = OpKind.OP_HEADER_LENGTH + Long.BYTES;
        final MemorySegment frame = arena.allocate(FrameHeader.LENGTH + payloadLength);
        header.wrap(frame, 0).write(FrameType.DELTA, 0, BOARD_42, clientSeq, payloadLength);
        putSetI64(frame, header.payloadOffset(), FIELD_1, 7);
        return frame;
    }

    private static void putSetI64(final MemorySegment segment, final long offset, final int field, final long value) {
        segment.set(U8, offset, (byte) OpKind.SET);
        segment.set(U8, offset + 1, (byte) field);
        segment.set(U64, offset + OpKind.OP_HEADER_LENGTH, value);
    }

    private static void assertExample(final String name, final MemorySegment frame) throws IOException {
        final String expected = HexFormat.ofDelimiter(" ").formatHex(frame.toArray(ValueLayout.JAVA_BYTE));
        assertEquals(expected, exampleHex(name), "docs/PROTOCOL.md example " + name);
    }

    /** Hex bytes of the fenced block after the marker, comments after '#' removed, single-space separated. */
    private static String exampleHex(final String name) throws IOException {
        final List<String> lines = Files.readAllLines(protocolDoc());
        final int marker = lines.indexOf("<!-- example: " + name + " -->");
        if (marker < 0) {
            fail("no example marker for " + name + " in docs/PROTOCOL.md");
        }
        int i = marker + 1;
        assertTrue(lines.get(i).startsWith("```"), "fenced block must follow the marker of " + name);
        final StringBuilder hex = new StringBuilder();
        for (i++; !lines.get(i).startsWith("```"); i++) {
            final String line = lines.get(i);
            final int comment = line.indexOf('#');
            final String bytes = (comment < 0 ? line : line.substring(0, comment)).trim();
            for (final String token : bytes.split("\\s+")) {
                if (token.isEmpty()) {
                    continue;
                }
                assertTrue(token.matches("[0-9a-f]{2}"), "not a hex byte in example " + name + ": " + token);
                hex.append(hex.isEmpty() ? "" : " ").append(token);
            }
        }
        return hex.toString();
    }

    private static Path protocolDoc() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            final Path doc = dir.resolve("docs/PROTOCOL.md");
            if (Files.isRegularFile(doc)) {
                return doc;
            }
        }
        throw new IllegalStateException("docs/PROTOCOL.md not found above " + Path.of("").toAbsolutePath());
    }
}
