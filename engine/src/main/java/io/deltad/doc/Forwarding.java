package io.deltad.doc;

/** Old owner's note while a handed-over document still has messages in flight from IoAgents. */
final class Forwarding {
    final int target;
    long pendingIoMask;

    Forwarding(final int target, final long pendingIoMask) {
        this.target = target;
        this.pendingIoMask = pendingIoMask;
    }
}
