package io.deltad.control;

import io.deltad.config.ControlConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Who may use the control socket: only the uid the appliance runs as. The socket file's mode (0600) already keeps
 * others out; this check holds even when someone loosens the file or directory permissions by mistake.
 *
 * <p>The peer's uid comes from {@code SO_PEERCRED}, which the kernel fills in at connect time, so it cannot be
 * forged by the client. The JDK's user principals compare by numeric id, so a name-to-uid lookup is not needed.
 */
final class PeerCredentials {
    private final UserPrincipal self;

    PeerCredentials(final UserPrincipal self) {
        this.self = self;
    }

    /** @return a check against the uid of this process. */
    static PeerCredentials ofCurrentProcess() {
        return new PeerCredentials(lookup(Integer.toString(ControlConfig.currentUid())));
    }

    /** @param nameOrUid a user name or a numeric uid, e.g. {@code "nobody"} or {@code "65534"}. */
    static UserPrincipal lookup(final String nameOrUid) {
        final UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();
        try {
            return users.lookupPrincipalByName(nameOrUid);
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot look up user " + nameOrUid, ex);
        }
    }

    /** @return the connected peer's user, from the kernel. */
    static UserPrincipal peerOf(final SocketChannel channel) throws IOException {
        final UnixDomainPrincipal principal = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        return principal.user();
    }

    /** @return whether {@code peer} is the user this appliance runs as. */
    boolean isSameUser(final UserPrincipal peer) {
        return self.equals(peer);
    }

    /** @return the name of the user allowed in, for messages. */
    String selfName() {
        return self.getName();
    }
}
