package io.deltad.tools.ctl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One request, one reply over the appliance's control socket. Bounded by a deadline, so a wedged appliance makes
 * {@code deltactl} fail with a message instead of hanging (then {@code deltactl stat} still works).
 */
final class ControlClient implements AutoCloseable {
    /** Longer than the appliance's 2 s wait for a document handoff. */
    static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    private static final int MAX_REPLY_BYTES = 1 << 20;

    private final SocketChannel channel;
    private final Selector selector;

    private ControlClient(final SocketChannel channel, final Selector selector) {
        this.channel = channel;
        this.selector = selector;
    }

    /** @throws IOException when nothing listens on {@code socket} or it may not be opened. */
    static ControlClient connect(final Path socket) throws IOException {
        final SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.configureBlocking(false);
            final Selector selector = Selector.open();
            return new ControlClient(channel, selector);
        } catch (final IOException ex) {
            channel.close();
            throw ex;
        }
    }

    /**
     * @param request one JSON object, without newline.
     * @return the reply line, without newline.
     * @throws IOException when the appliance closes the connection or does not answer within {@link #TIMEOUT_NS}.
     */
    String exchange(final String request) throws IOException {
        final long deadlineNs = System.nanoTime() + TIMEOUT_NS;
        final ByteBuffer out = ByteBuffer.wrap((request + '\n').getBytes(StandardCharsets.UTF_8));
        final SelectionKey key = channel.register(selector, SelectionKey.OP_WRITE);
        final ByteBuffer in = ByteBuffer.allocate(4096);
        final ByteArrayOutputStream reply = new ByteArrayOutputStream();
        while (true) {
            // A refusal (busy, wrong user) arrives before we write anything: read whenever there is something.
            key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE | SelectionKey.OP_READ : SelectionKey.OP_READ);
            final long leftMs = TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime());
            if (leftMs <= 0) {
                throw new IOException("no reply within " + TimeUnit.NANOSECONDS.toSeconds(TIMEOUT_NS) +
                    " s (is the appliance wedged? deltactl stat tells)");
            }
            selector.select(leftMs);
            if (out.hasRemaining()) {
                try {
                    channel.write(out);
                } catch (final IOException ex) {
                    out.position(out.limit()); // refused and closed: the reply, if any, is still readable
                }
            }
            in.clear();
            final int read = channel.read(in);
            if (read > 0) {
                for (int i = 0; i < read; i++) {
                    final byte b = in.get(i);
                    if (b == '\n') {
                        return reply.toString(StandardCharsets.UTF_8);
                    }
                    reply.write(b);
                }
                if (reply.size() > MAX_REPLY_BYTES) {
                    throw new IOException("reply longer than " + MAX_REPLY_BYTES + " bytes");
                }
            } else if (read < 0) {
                throw new IOException("the appliance closed the connection without a reply");
            }
        }
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
