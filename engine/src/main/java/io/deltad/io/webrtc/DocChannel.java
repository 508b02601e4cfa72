package io.deltad.io.webrtc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One document's DELTA traffic to one session, as the seed's channel promotion sees it: its rate over 200 ms
 * windows, and, while the document is busy, a DataChannel of its own ({@code deltad-doc/<docId>}) with a staging
 * buffer. Owned by the session's IoAgent.
 */
final class DocChannel {
    /** Rate window: short enough that a burst of a second or two is promoted while it lasts. */
    static final long WINDOW_NS = 200_000_000L;
    static final int NO_STREAM = -1;

    final long docId;
    int streamId = NO_STREAM;
    MemorySegment staging;
    int stagedBytes;
    long windowStartNs;
    long windowCount;

    DocChannel(final long docId, final long nowNs) {
        this.docId = docId;
        this.windowStartNs = nowNs;
    }

    boolean isDedicated() {
        return streamId != NO_STREAM;
    }

    void dedicate(final int streamId, final int stagingBytes, final Arena arena) {
        this.streamId = streamId;
        if (staging == null || staging.byteSize() != stagingBytes) {
            staging = arena.allocate(stagingBytes, 8);
        }
        stagedBytes = 0;
    }

    void undedicate() {
        streamId = NO_STREAM;
        stagedBytes = 0;
    }

    /** DataChannel label of a document's dedicated channel (docs/CLIENT.md). */
    static String label(final long docId) {
        return "deltad-doc/" + Long.toUnsignedString(docId);
    }
}
