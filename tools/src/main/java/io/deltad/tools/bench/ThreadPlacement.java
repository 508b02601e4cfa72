package io.deltad.tools.bench;

import net.openhft.affinity.Affinity;

import java.util.BitSet;

/** Pins benchmark threads (load, receiver) like {@code AgentThreads} pins agent threads; -1 means unpinned. */
final class ThreadPlacement {
    private ThreadPlacement() {
    }

    /** Pins the calling thread to {@code cpu}; false when unpinned (cpu &lt; 0) or pinning failed. */
    static boolean pin(final int cpu) {
        if (cpu < 0) {
            return false;
        }
        try {
            Affinity.setAffinity(cpu);
            final BitSet actual = Affinity.getAffinity();
            return actual.cardinality() == 1 && actual.get(cpu);
        } catch (final RuntimeException | LinkageError ex) {
            return false;
        }
    }
}
