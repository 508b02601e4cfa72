package io.deltad.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * One client of the control socket: frames its bytes into lines of at most {@link ControlServer#MAX_LINE_BYTES},
 * answers each line with one reply line, in order.
 *
 * <p>At most one request is in flight per connection: while a reply is pending (a move waiting for its handoff) or
 * not yet written, the connection reads nothing, so a client that pipelines or never reads cannot make the server
 * buffer without bound. A partial line is never executed: if the client goes away or stays idle before its
 * newline, the bytes are dropped with the connection.
 *
 * <p>Owned by the control thread; {@link #onReplyReady} is the only entry from elsewhere and goes through
 * {@link ControlServer#runOnControlThread}.
 */
final class ControlConnection {
    private final ControlServer server;
    private final SocketChannel channel;
    private final SelectionKey key;
    private final ByteBuffer in = ByteBuffer.allocate(ControlServer.MAX_LINE_BYTES);
    private ByteBuffer out = ByteBuffer.allocate(0);
    private Runnable afterSent;
    private boolean awaitingReply;
    private boolean closeAfterWrite;
    private boolean closed;
    private boolean processing;
    private long lastActiveNs;

    ControlConnection(final ControlServer server, final SocketChannel channel, final SelectionKey key, final long nowNs) {
        this.server = server;
        this.channel = channel;
        this.key = key;
        this.lastActiveNs = nowNs;
    }

    boolean isIdleSince(final long cutoffNs) {
        // A client waiting on a slow verb is not idle: the wait is ours.
        return !awaitingReply && lastActiveNs < cutoffNs;
    }

    void onReadable(final long nowNs) throws IOException {
        final int read = channel.read(in);
        if (read < 0) {
            close(); // a half-sent line dies here, unexecuted
            return;
        }
        lastActiveNs = nowNs;
        processLines();
    }

    void onWritable(final long nowNs) throws IOException {
        lastActiveNs = nowNs;
        flush();
    }

    private void processLines() throws IOException {
        if (processing) {
            return; // re-entered from flush(): the loop below picks up the next line
        }
        processing = true;
        try {
            processBufferedLines();
        } finally {
            processing = false;
        }
    }

    private void processBufferedLines() throws IOException {
        while (!closed && !awaitingReply && !out.hasRemaining()) {
            final int newline = indexOfNewline();
            if (newline < 0) {
                if (!in.hasRemaining()) {
                    // No way to know where the next request starts without reading an unbounded amount: close.
                    server.counters().badRequest();
                    closeAfterWrite = true;
                    send(ControlReply.of(CommandDispatcher.error(
                        "request line longer than " + ControlServer.MAX_LINE_BYTES + " bytes; closing")));
                }
                break;
            }
            final byte[] line = new byte[newline];
            in.flip();
            in.get(line);
            in.get(); // the newline
            in.compact();
            handleLine(line);
        }
        updateInterest();
    }

    private int indexOfNewline() {
        for (int i = 0; i < in.position(); i++) {
            if (in.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void handleLine(final byte[] line) throws IOException {
        int length = line.length;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        for (int i = 0; i < length; i++) {
            if (line[i] == 0) {
                server.counters().badRequest();
                send(ControlReply.of(CommandDispatcher.error("NUL byte in request at offset " + i)));
                return;
            }
        }
        final String text = new String(line, 0, length, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return; // an empty line (e.g. from `nc` typing) is not a request
        }
        final CompletableFuture<ControlReply> reply = server.dispatcher().dispatch(text);
        if (reply.isDone()) {
            send(reply.join());
            return;
        }
        awaitingReply = true;
        reply.thenAccept(r -> server.runOnControlThread(() -> onReplyReady(r)));
    }

    private void onReplyReady(final ControlReply reply) {
        if (closed) {
            runAfterSent(reply.afterSent());
            return;
        }
        awaitingReply = false;
        try {
            send(reply);
            processLines();
        } catch (final IOException ex) {
            close();
        }
    }

    private void send(final ControlReply reply) throws IOException {
        final byte[] bytes = (reply.line() + '\n').getBytes(StandardCharsets.UTF_8);
        out = ByteBuffer.wrap(bytes);
        afterSent = reply.afterSent();
        server.counters().served();
        flush();
    }

    private void flush() throws IOException {
        channel.write(out);
        if (!out.hasRemaining()) {
            final Runnable after = afterSent;
            afterSent = null;
            runAfterSent(after);
            if (closeAfterWrite) {
                close();
                return;
            }
            processLines(); // the next request may already be buffered
            return;
        }
        updateInterest();
    }

    private void updateInterest() {
        if (closed || !key.isValid()) {
            return;
        }
        key.interestOps(awaitingReply ? 0 : out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    private static void runAfterSent(final Runnable after) {
        if (after != null) {
            after.run();
        }
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        key.cancel();
        try {
            channel.close();
        } catch (final IOException ignored) {
            // closing a socket the peer already dropped: nothing left to release
        }
        server.onClosed(this);
    }
}
