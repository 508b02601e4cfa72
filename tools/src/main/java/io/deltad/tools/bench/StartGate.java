package io.deltad.tools.bench;

import org.agrona.concurrent.Agent;

/** Holds an agent back (its duty cycle does nothing) until {@link #open()}: the load waits for the subscriptions. */
final class StartGate implements Agent {
    private final Agent delegate;
    private volatile boolean open;

    StartGate(final Agent delegate) {
        this.delegate = delegate;
    }

    void open() {
        open = true;
    }

    @Override
    public int doWork() throws Exception {
        return open ? delegate.doWork() : 0;
    }

    @Override
    public String roleName() {
        return delegate.roleName();
    }
}
