package io.deltad.agent;

import org.agrona.concurrent.Agent;

import java.util.Objects;

/**
 * One agent and the CPU the core map puts it on.
 *
 * @param cpu   the CPU the agent's thread is pinned to; agents with the same CPU share one thread.
 * @param agent the agent.
 * @param name  a name for logs and status (e.g. {@code io-0}, {@code doc-1}, {@code elastic-3}).
 */
public record AgentAssignment(int cpu, Agent agent, String name) {
    /** Checks the fields. */
    public AgentAssignment {
        if (cpu < 0) {
            throw new IllegalArgumentException("cpu must be >= 0: " + cpu);
        }
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(name, "name");
    }
}
