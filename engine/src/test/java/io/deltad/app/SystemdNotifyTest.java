package io.deltad.app;

import io.deltad.bindings.libc.Libc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The readiness datagram reaches a socket bound the way systemd binds $NOTIFY_SOCKET (a path or an abstract name). */
class SystemdNotifyTest {
    @TempDir
    Path dir;

    @Test
    void shouldSendTheStateToASocketPath() {
        final String socket = dir.resolve("notify").toString();
        assertEquals("READY=1", sendAndReceive(socket, "READY=1"));
    }

    @Test
    void shouldSendTheStateToAnAbstractSocket() {
        final String socket = "@deltad-notify-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        assertEquals("STOPPING=1", sendAndReceive(socket, "STOPPING=1"));
    }

    @Test
    void shouldSendNothingWithoutASocket() {
        assertFalse(SystemdNotify.notify(null, "READY=1"));
        assertFalse(SystemdNotify.notify("", "READY=1"));
        assertFalse(SystemdNotify.notify("vsock:2:1234", "READY=1")); // systemd 253's vsock form: not supported
        assertFalse(SystemdNotify.notify(dir.resolve("nobody-listens").toString(), "READY=1"));
    }

    /** Binds a datagram socket at {@code socket}, notifies it, returns what arrived. */
    private static String sendAndReceive(final String socket, final String state) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment errno = Libc.errnoSegment(arena);
            final int fd = Libc.socket(errno, Libc.AF_UNIX, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
            assertTrue(fd >= 0, () -> "socket: " + Libc.strerror(Libc.errno(errno)));
            try {
                final byte[] path = socket.getBytes(StandardCharsets.UTF_8);
                final MemorySegment address = arena.allocate(110);
                address.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_UNIX);
                MemorySegment.copy(path, 0, address, ValueLayout.JAVA_BYTE, 2, path.length);
                final boolean abstractName = path[0] == '@';
                if (abstractName) {
                    address.set(ValueLayout.JAVA_BYTE, 2, (byte) 0);
                }
                final int length = 2 + path.length + (abstractName ? 0 : 1);
                assertEquals(0, Libc.bind(errno, fd, address, length),
                    () -> "bind " + socket + ": " + Libc.strerror(Libc.errno(errno)));

                assertTrue(SystemdNotify.notify(socket, state));

                final MemorySegment buffer = arena.allocate(256);
                final long received = Libc.recv(errno, fd, buffer, buffer.byteSize(), Libc.MSG_DONTWAIT);
                assertTrue(received > 0, () -> "recv: " + Libc.strerror(Libc.errno(errno)));
                return new String(buffer.asSlice(0, received).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
            } finally {
                Libc.close(errno, fd);
            }
        }
    }
}
