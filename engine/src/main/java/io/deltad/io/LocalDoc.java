package io.deltad.io;

import io.deltad.stream.DeltaStream;

import java.util.ArrayList;

/** An IoAgent's view of a document some of its sessions subscribe to: the stream and those subscriptions. */
final class LocalDoc {
    final int slot;
    final long docId;
    final DeltaStream stream;
    final ArrayList<Subscription> subscriptions = new ArrayList<>();
    boolean dirty;

    LocalDoc(final int slot, final long docId, final DeltaStream stream) {
        this.slot = slot;
        this.docId = docId;
        this.stream = stream;
    }
}
