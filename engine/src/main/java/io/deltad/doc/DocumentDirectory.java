package io.deltad.doc;

import io.deltad.schema.DocState;
import io.deltad.schema.DocType;
import io.deltad.stream.DeltaStream;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Slot-indexed table of every document, shared by all agents: a DocAgent creates a document and publishes it in a
 * slot; IoAgents find its stream by the slot carried in NOTIFY/SUBSCRIBED messages. Creation is rare (once per
 * document), so a CAS on the slot counter is fine; lookups are a plain array read after an acquire.
 */
public final class DocumentDirectory {
    private final AtomicReferenceArray<Document> slots;
    private final AtomicInteger nextSlot = new AtomicInteger();
    private final int initialStreamCapacity;
    private final int maxStreamCapacity;

    public DocumentDirectory(final int capacity, final int initialStreamCapacity, final int maxStreamCapacity) {
        this.slots = new AtomicReferenceArray<>(capacity);
        this.initialStreamCapacity = Math.min(initialStreamCapacity, maxStreamCapacity);
        this.maxStreamCapacity = maxStreamCapacity;
    }

    /** Creates and publishes a document; returns null when the directory is full. */
    Document create(final long docId, final DocType type) {
        final int slot = nextSlot.getAndIncrement();
        if (slot >= slots.length()) {
            nextSlot.decrementAndGet();
            return null;
        }
        final DocState state = type.opaque() ? null : type.newState();
        final Document doc = new Document(docId, slot, type, state,
            new DeltaStream(initialStreamCapacity, maxStreamCapacity));
        slots.set(slot, doc);
        return doc;
    }

    public Document get(final int slot) {
        return slots.get(slot);
    }

    public int size() {
        return nextSlot.get();
    }
}
