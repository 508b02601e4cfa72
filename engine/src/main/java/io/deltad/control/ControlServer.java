package io.deltad.control;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The control plane's Unix domain socket ({@code control.socket}): JSON lines in, JSON lines out, served by one
 * small thread running a non-blocking {@link Selector} loop. It is not an agent: nothing on the data path waits for
 * it, and it reaches the agents only through their command queues.
 *
 * <p>Defences, each against a client that is broken or hostile (BAD_INPUTS 34, 35, 37):
 * <ul>
 *   <li>the socket file is mode 0600 in a directory created 0700, and the peer's uid ({@code SO_PEERCRED}) must be
 *       ours;</li>
 *   <li>at most {@code control.max_connections} clients; the rest get one error line and are closed at once;</li>
 *   <li>a request line is at most {@link #MAX_LINE_BYTES}; longer, or with NUL bytes, is answered with an error;</li>
 *   <li>a connection idle for {@link #IDLE_TIMEOUT_NS} is closed, and a half-sent line with it, unexecuted;</li>
 *   <li>a socket file left by a dead appliance is replaced; one a live appliance answers on stops our start.</li>
 * </ul>
 *
 * <p>Lifecycle: {@link #bind} (early in the start, so a second appliance fails before it maps anything), then
 * {@link #start}, then {@link #close}, which deletes the socket file.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    /** Longest request line, newline excluded. */
    public static final int MAX_LINE_BYTES = 4096;
    /** A client that sends nothing for this long is disconnected. */
    public static final long IDLE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    private static final long SELECT_TIMEOUT_MS = 100;
    private static final int BACKLOG = 128;
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private final Path socketPath;
    private final int maxConnections;
    private final long idleTimeoutNs;
    private final PeerCredentials peers;
    private final ServerSocketChannel server;
    private final Selector selector;
    private final ControlCounters counters = new ControlCounters();
    private final Queue<Runnable> fromOtherThreads = new ConcurrentLinkedQueue<>();
    /** Control thread only. */
    private final Set<ControlConnection> connections = new HashSet<>();
    private volatile int openConnections;
    private volatile boolean running;
    private CommandDispatcher dispatcher;
    private Thread thread;
    private boolean closed;

    private ControlServer(final Path socketPath, final int maxConnections, final long idleTimeoutNs,
        final PeerCredentials peers, final ServerSocketChannel server, final Selector selector) {
        this.socketPath = socketPath;
        this.maxConnections = maxConnections;
        this.idleTimeoutNs = idleTimeoutNs;
        this.peers = peers;
        this.server = server;
        this.selector = selector;
    }

    /**
     * Binds the socket (replacing a stale one) and sets its permissions; serves nothing until {@link #start}.
     *
     * @throws ControlSocketException if a live appliance answers on the path, or it cannot be bound.
     */
    public static ControlServer bind(final Path socketPath, final int maxConnections) {
        return bind(socketPath, maxConnections, IDLE_TIMEOUT_NS, PeerCredentials.ofCurrentProcess());
    }

    static ControlServer bind(final Path socketPath, final int maxConnections, final long idleTimeoutNs,
        final PeerCredentials peers) {
        prepare(socketPath);
        ServerSocketChannel server = null;
        try {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socketPath), BACKLOG);
            // Between bind and chmod the file has the umask's mode; the 0700 directory (when we made it) covers that.
            Files.setPosixFilePermissions(socketPath, PosixFilePermissions.fromString("rw-------"));
            server.configureBlocking(false);
            final Selector selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
            return new ControlServer(socketPath, maxConnections, idleTimeoutNs, peers, server, selector);
        } catch (final IOException ex) {
            closeQuietly(server);
            throw new ControlSocketException("cannot bind the control socket " + socketPath + ": " + ex, ex);
        }
    }

    /** Creates the directory (0700) if needed; removes a socket file nobody answers on (BAD_INPUTS 37). */
    private static void prepare(final Path socketPath) {
        final Path dir = socketPath.getParent();
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            if (!Files.exists(socketPath, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            final int mode = (Integer) Files.getAttribute(socketPath, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if ((mode & S_IFMT) != S_IFSOCK) {
                throw new ControlSocketException(socketPath + " exists and is not a socket; remove it or set " +
                    "control.socket to another path", null);
            }
        } catch (final IOException ex) {
            throw new ControlSocketException("cannot prepare the control socket " + socketPath + ": " + ex, ex);
        }
        if (answers(socketPath)) {
            throw new ControlSocketException("another deltad is running on the control socket " + socketPath +
                " (it accepted a connection); stop it first, or give this appliance its own node.name or control.socket",
                null);
        }
        try {
            Files.deleteIfExists(socketPath);
            LOG.info("removed stale control socket {} (nothing answered on it)", socketPath);
        } catch (final IOException ex) {
            throw new ControlSocketException("cannot remove the stale control socket " + socketPath + ": " + ex, ex);
        }
    }

    private static boolean answers(final Path socketPath) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socketPath))) {
            return probe.isConnected();
        } catch (final IOException ex) {
            return false; // ECONNREFUSED: the file outlived its process
        }
    }

    /** Starts serving on a thread of its own, with the commands acting on {@code context}. */
    public synchronized void start(final ControlContext context) {
        if (thread != null || closed) {
            throw new IllegalStateException("control server already started or closed");
        }
        dispatcher = new CommandDispatcher(context, counters, this::openConnections);
        running = true;
        thread = Thread.ofPlatform().name("deltad-control").daemon(true).start(this::run);
        LOG.info("control socket {} (max {} connections)", socketPath, maxConnections);
    }

    /** @return the socket file. */
    public Path socketPath() {
        return socketPath;
    }

    /** @return what the server refused and dropped so far. */
    public ControlCounters counters() {
        return counters;
    }

    /** @return client connections open now. */
    public int openConnections() {
        return openConnections;
    }

    CommandDispatcher dispatcher() {
        return dispatcher;
    }

    /** Runs {@code task} on the control thread at its next wake-up (replies computed elsewhere). */
    void runOnControlThread(final Runnable task) {
        fromOtherThreads.add(task);
        selector.wakeup();
    }

    void onClosed(final ControlConnection connection) {
        if (connections.remove(connection)) {
            openConnections = connections.size();
        }
    }

    private void run() {
        try {
            while (running) {
                selector.select(SELECT_TIMEOUT_MS);
                final long nowNs = System.nanoTime();
                Runnable task;
                while ((task = fromOtherThreads.poll()) != null) {
                    task.run();
                }
                final Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    final SelectionKey key = keys.next();
                    keys.remove();
                    onReady(key, nowNs);
                }
                closeIdle(nowNs);
            }
        } catch (final IOException | RuntimeException ex) {
            LOG.error("control socket thread failed; deltactl cannot reach this appliance until restart", ex);
        } finally {
            for (final ControlConnection connection : new ArrayList<>(connections)) {
                connection.close();
            }
        }
    }

    private void onReady(final SelectionKey key, final long nowNs) {
        if (!key.isValid()) {
            return;
        }
        if (key.isAcceptable()) {
            acceptAll(nowNs);
            return;
        }
        final ControlConnection connection = (ControlConnection) key.attachment();
        try {
            if (key.isReadable()) {
                connection.onReadable(nowNs);
            } else if (key.isWritable()) {
                connection.onWritable(nowNs);
            }
        } catch (final IOException ex) {
            connection.close(); // the client went away mid-exchange
        } catch (final RuntimeException ex) {
            LOG.warn("control connection failed; closing it", ex);
            connection.close();
        }
    }

    private void acceptAll(final long nowNs) {
        while (true) {
            final SocketChannel channel;
            try {
                channel = server.accept();
            } catch (final IOException ex) {
                // EMFILE and friends: leave the rest in the backlog and try again on the next wake-up.
                LOG.warn("control socket accept failed: {}", ex.toString());
                return;
            }
            if (channel == null) {
                return;
            }
            admit(channel, nowNs);
        }
    }

    private void admit(final SocketChannel channel, final long nowNs) {
        if (connections.size() >= maxConnections) {
            counters.refusedBusy();
            refuse(channel, "busy: " + maxConnections + " control connections open (control.max_connections); try again");
            return;
        }
        try {
            final UserPrincipal peer = PeerCredentials.peerOf(channel);
            if (!peers.isSameUser(peer)) {
                counters.refusedUid();
                refuse(channel, "permission denied: user " + peer.getName() + " may not use this control socket " +
                    "(only " + peers.selfName() + ')');
                return;
            }
            channel.configureBlocking(false);
            final SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            final ControlConnection connection = new ControlConnection(this, channel, key, nowNs);
            key.attach(connection);
            connections.add(connection);
            openConnections = connections.size();
            counters.accepted();
        } catch (final IOException ex) {
            closeQuietly(channel);
        }
    }

    /** One error line, written without blocking (a refused client must not stall the server), then close. */
    private static void refuse(final SocketChannel channel, final String message) {
        try {
            channel.configureBlocking(false);
            channel.write(ByteBuffer.wrap((CommandDispatcher.error(message) + '\n').getBytes(StandardCharsets.UTF_8)));
        } catch (final IOException ignored) {
            // the client is gone already; closing is all that is left
        } finally {
            closeQuietly(channel);
        }
    }

    private void closeIdle(final long nowNs) {
        final long cutoffNs = nowNs - idleTimeoutNs;
        for (final ControlConnection connection : new ArrayList<>(connections)) {
            if (connection.isIdleSince(cutoffNs)) {
                counters.idleClosed();
                connection.close();
            }
        }
    }

    /** Stops serving, closes every connection and deletes the socket file. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        selector.wakeup();
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        if (dispatcher != null) {
            dispatcher.close();
        }
        closeQuietly(server);
        closeQuietly(selector);
        try {
            Files.deleteIfExists(socketPath);
        } catch (final IOException ex) {
            LOG.warn("cannot delete the control socket {}: {}", socketPath, ex.toString());
        }
    }

    private static void closeQuietly(final AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (final Exception ignored) {
            // closing at shutdown or after a failure: nothing more to do with it
        }
    }
}
