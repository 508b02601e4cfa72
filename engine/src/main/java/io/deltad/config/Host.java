package io.deltad.config;

/**
 * The facts about a machine a configuration is validated against. {@link #current()} is this machine; tests build
 * another to check a config written for a host we cannot run on.
 *
 * @param cpus   the CPUs and NUMA nodes that exist.
 * @param mounts the mounted file systems.
 */
public record Host(CpuTopology cpus, MountTable mounts) {
    /** @return the machine the JVM runs on. */
    public static Host current() {
        return new Host(CpuTopology.current(), MountTable.current());
    }
}
