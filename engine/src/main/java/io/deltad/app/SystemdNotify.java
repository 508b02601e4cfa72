package io.deltad.app;

import io.deltad.bindings.libc.Libc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * The service manager's readiness protocol, {@code sd_notify(3)} without libsystemd: one datagram such as
 * {@code READY=1} to the AF_UNIX socket named by {@code $NOTIFY_SOCKET}. The unit is {@code Type=notify}, so
 * {@code systemctl start deltad} returns once the control socket, signaling and metrics are up, and fails when the
 * appliance exits first (a bad config: exit 2). Without {@code $NOTIFY_SOCKET} (not under systemd) nothing is sent.
 */
public final class SystemdNotify {
    private static final Logger LOG = LoggerFactory.getLogger(SystemdNotify.class);
    /** sizeof(struct sockaddr_un): a 2-byte family, then 108 bytes of path. */
    private static final int SOCKADDR_UN_SIZE = 110;
    private static final int SUN_PATH_OFFSET = 2;

    private SystemdNotify() {
    }

    /** Sends {@code state} (e.g. {@code READY=1}) to {@code $NOTIFY_SOCKET}; false when unset or the send failed. */
    public static boolean notify(final String state) {
        return notify(System.getenv("NOTIFY_SOCKET"), state);
    }

    /**
     * Sends {@code state} to the notification socket {@code socket}: a path, or {@code @name} for an abstract
     * socket. False, with a warning logged, when that fails: the appliance runs on either way (systemd then gives up
     * waiting after {@code TimeoutStartSec} and stops it, which the journal shows).
     */
    static boolean notify(final String socket, final String state) {
        if (socket == null || socket.isEmpty()) {
            return false;
        }
        final byte[] path = socket.getBytes(StandardCharsets.UTF_8);
        if (socket.charAt(0) != '/' && socket.charAt(0) != '@') {
            LOG.warn("NOTIFY_SOCKET={}: not an AF_UNIX path or abstract name; {} not sent", socket, state);
            return false;
        }
        if (path.length >= SOCKADDR_UN_SIZE - SUN_PATH_OFFSET) {
            LOG.warn("NOTIFY_SOCKET={}: longer than sockaddr_un allows; {} not sent", socket, state);
            return false;
        }
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment errno = Libc.errnoSegment(arena);
            final MemorySegment address = arena.allocate(SOCKADDR_UN_SIZE); // zeroed: the path's NUL is there
            address.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_UNIX);
            MemorySegment.copy(path, 0, address, ValueLayout.JAVA_BYTE, SUN_PATH_OFFSET, path.length);
            if (path[0] == '@') {
                address.set(ValueLayout.JAVA_BYTE, SUN_PATH_OFFSET, (byte) 0); // abstract: leading NUL, no trailing one
            }
            final int addressLength = SUN_PATH_OFFSET + path.length + (path[0] == '@' ? 0 : 1);
            final byte[] text = state.getBytes(StandardCharsets.UTF_8);
            final MemorySegment message = arena.allocateFrom(ValueLayout.JAVA_BYTE, text);
            final int fd = Libc.socket(errno, Libc.AF_UNIX, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
            if (fd < 0) {
                LOG.warn("NOTIFY_SOCKET={}: socket: {}; {} not sent", socket, Libc.strerror(Libc.errno(errno)), state);
                return false;
            }
            try {
                final long sent = Libc.sendto(errno, fd, message, text.length, 0, address, addressLength);
                if (sent != text.length) {
                    LOG.warn("NOTIFY_SOCKET={}: sendto: {}; {} not sent", socket,
                        sent < 0 ? Libc.strerror(Libc.errno(errno)) : "short write", state);
                    return false;
                }
                return true;
            } finally {
                Libc.close(errno, fd);
            }
        }
    }
}
