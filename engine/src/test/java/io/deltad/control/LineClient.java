package io.deltad.control;

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

/** A raw control-socket client for tests: writes any bytes, reads reply lines with a deadline, sees EOF. */
final class LineClient implements AutoCloseable {
    /** What {@link #readLine} returns when the server closed the connection. */
    static final String EOF = "<eof>";

    private final SocketChannel channel;
    private final Selector selector;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    private LineClient(final SocketChannel channel) throws IOException {
        this.channel = channel;
        this.selector = Selector.open();
        channel.configureBlocking(false);
        channel.register(selector, SelectionKey.OP_READ);
    }

    static LineClient connect(final Path socket) throws IOException {
        final SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        return new LineClient(channel);
    }

    LineClient send(final String text) throws IOException {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    LineClient send(final byte[] bytes) throws IOException {
        final ByteBuffer out = ByteBuffer.wrap(bytes);
        final long deadlineNs = System.nanoTime() + 5_000_000_000L;
        while (out.hasRemaining()) {
            channel.write(out);
            if (System.nanoTime() > deadlineNs) {
                throw new IOException("server does not read");
            }
            Thread.onSpinWait();
        }
        return this;
    }

    /** @return the next reply line, {@link #EOF} when the server closed, or null after {@code timeoutMs}. */
    String readLine(final long timeoutMs) throws IOException {
        final long deadlineNs = System.nanoTime() + timeoutMs * 1_000_000L;
        final ByteBuffer in = ByteBuffer.allocate(1);
        while (System.nanoTime() < deadlineNs) {
            selector.select(Math.max(1, (deadlineNs - System.nanoTime()) / 1_000_000L));
            selector.selectedKeys().clear();
            while (true) {
                in.clear();
                final int read;
                try {
                    read = channel.read(in);
                } catch (final IOException ex) {
                    return EOF; // reset by the server: as closed
                }
                if (read < 0) {
                    return EOF;
                }
                if (read == 0) {
                    break;
                }
                if (in.get(0) == '\n') {
                    final String line = pending.toString(StandardCharsets.UTF_8);
                    pending.reset();
                    return line;
                }
                pending.write(in.get(0));
            }
        }
        return null;
    }

    /** Sends one request line and returns the reply line. */
    String request(final String json) throws IOException {
        send(json + "\n");
        return readLine(5_000);
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
