package io.deltad.doc;

import io.deltad.schema.DocState;
import io.deltad.schema.DocType;
import io.deltad.stream.DeltaStream;
import org.agrona.ExpandableArrayBuffer;

/**
 * One document: its type, stream and materialised state. Owned by exactly one DocAgent at a time; every mutable
 * field is written only by the current owner. Ownership moves with the object itself (ADOPT), so seq, stream,
 * state and subscriber set all travel together and nothing is rebuilt.
 *
 * <p>IoAgents hold a reference only to {@link #stream()} (read side) and {@link #slot()}.
 */
public final class Document {
    private final long docId;
    private final int slot;
    private final DocType type;
    private final DocState state;
    private final DeltaStream stream;

    /** Bit q set: IoAgent q has local subscribers and wants NOTIFY. */
    long ioSubscriberMask;
    /** Subscriptions across all IoAgents (for reports). */
    int subscribers;
    /** Deltas accepted in the owner's rate window {@link #countWindow}. */
    long windowCount;
    /** The owner's window id windowCount belongs to; another value means windowCount is stale (0 this window). */
    long countWindow = -1;
    /** Already reported as hot in {@link #countWindow}. */
    boolean reportedHot;
    /** Rate measured in the last finished window. */
    long lastRatePerSec;
    boolean notifyPending;

    /** While adopted and not every IoAgent's MARKER has arrived: bit q set = park what q sends. */
    long parkedIoMask;
    /** Parked messages: [io i32][type i32][length i32][body], in arrival order. */
    ExpandableArrayBuffer parked;
    int parkedLength;
    int previousOwner = -1;

    Document(final long docId, final int slot, final DocType type, final DocState state, final DeltaStream stream) {
        this.docId = docId;
        this.slot = slot;
        this.type = type;
        this.state = state;
        this.stream = stream;
    }

    public long docId() { return docId; }
    public int slot() { return slot; }
    public DocType type() { return type; }
    /** Materialised state; null for opaque documents. */
    public DocState state() { return state; }
    public DeltaStream stream() { return stream; }
    public long lastRatePerSec() { return lastRatePerSec; }
    public int subscribers() { return subscribers; }
}
