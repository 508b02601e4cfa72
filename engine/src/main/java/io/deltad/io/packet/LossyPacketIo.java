package io.deltad.io.packet;

import java.net.InetSocketAddress;
import java.util.SplittableRandom;

/**
 * Fault injection (DESIGN §9): drops a seeded fraction of egress datagrams before they reach the wrapped
 * {@link PacketIo}, so tests see real loss on a loopback that never loses anything. Enabled only by the
 * {@code [webrtc] test_egress_loss} key; a production config leaves it at 0 and never builds one.
 */
public final class LossyPacketIo implements PacketIo {
    private final PacketIo delegate;
    private final double lossRatio;
    private final SplittableRandom random;
    private long injectedDrops;

    public LossyPacketIo(final PacketIo delegate, final double lossRatio, final long seed) {
        if (!(lossRatio >= 0 && lossRatio < 1)) {
            throw new IllegalArgumentException("loss ratio must be in [0, 1): " + lossRatio);
        }
        this.delegate = delegate;
        this.lossRatio = lossRatio;
        this.random = new SplittableRandom(seed);
    }

    @Override public DatagramBurst rx() { return delegate.rx(); }
    @Override public DatagramBurst tx() { return delegate.tx(); }
    @Override public int receive() { return delegate.receive(); }

    @Override
    public int send() {
        final DatagramBurst tx = delegate.tx();
        for (int i = tx.count() - 1; i >= 0; i--) {
            if (random.nextDouble() < lossRatio) {
                tx.remove(i);
                injectedDrops++;
            }
        }
        return delegate.send();
    }

    @Override public InetSocketAddress localAddress() { return delegate.localAddress(); }
    @Override public long sendDrops() { return delegate.sendDrops(); }
    @Override public long injectedDrops() { return injectedDrops; }
    @Override public void close() { delegate.close(); }
}
