package io.deltad.io;

import java.util.Arrays;

/**
 * An IoAgent's documents with local subscribers, indexed by directory slot: NOTIFY carries the slot, so the lookup
 * on the delivery path is one array read. Grows (rarely, on subscribe) to the highest slot seen.
 */
final class LocalDocTable {
    private LocalDoc[] bySlot = new LocalDoc[1024];

    LocalDoc get(final int slot) {
        final LocalDoc[] table = bySlot;
        return slot < table.length ? table[slot] : null;
    }

    void put(final LocalDoc local) {
        if (local.slot >= bySlot.length) {
            bySlot = Arrays.copyOf(bySlot, Math.max(bySlot.length * 2, local.slot + 1));
        }
        bySlot[local.slot] = local;
    }

    void remove(final int slot) {
        if (slot < bySlot.length) {
            bySlot[slot] = null;
        }
    }
}
