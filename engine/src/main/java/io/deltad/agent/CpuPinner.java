package io.deltad.agent;

import net.openhft.affinity.Affinity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Pins the calling thread to one CPU with OpenHFT Affinity. Pinning is an optimisation, not a requirement: where it
 * fails (no JNA, a container's cpuset, a CPU outside the process's mask) the thread runs unpinned and the first
 * failure is logged once, not once per thread.
 */
final class CpuPinner {
    private static final Logger LOG = LoggerFactory.getLogger(CpuPinner.class);

    private final AtomicBoolean warned = new AtomicBoolean();

    /**
     * @param cpu the CPU to pin the calling thread to.
     * @return whether the thread is now pinned to exactly that CPU.
     */
    boolean pinCurrentThread(final int cpu) {
        try {
            Affinity.setAffinity(cpu);
            // Some Affinity implementations (non-Linux, no JNA) ignore the request silently: check it took.
            final BitSet actual = Affinity.getAffinity();
            if (actual.cardinality() == 1 && actual.get(cpu)) {
                return true;
            }
            warnOnce(cpu, "affinity is " + actual + " after the request");
        } catch (final RuntimeException | LinkageError ex) {
            warnOnce(cpu, ex.toString());
        }
        return false;
    }

    private void warnOnce(final int cpu, final String reason) {
        if (warned.compareAndSet(false, true)) {
            LOG.warn("cannot pin thread {} to CPU {} ({}); agent threads run unpinned, latency will suffer. " +
                "Further pinning failures are not logged.", Thread.currentThread().getName(), cpu, reason);
        }
    }
}
