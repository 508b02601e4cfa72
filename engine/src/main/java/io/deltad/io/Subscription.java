package io.deltad.io;

/** One session's subscription to one document, kept by the session's IoAgent: a cursor into the stream. */
public final class Subscription {
    /** Waiting for the owner's SUBSCRIBED. */
    public static final int PENDING = 0;
    /** Receiving deltas from {@link #cursor}. */
    public static final int ACTIVE = 1;
    /** Fell behind past retention; waiting for a fresh snapshot. */
    public static final int RESYNCING = 2;
    /** The owner answered: SUBSCRIBED or RESYNC (and the SNAPSHOT) go out as soon as the session has room. */
    public static final int ANNOUNCE = 3;
    /** Ended (unsubscribe, session closed). */
    public static final int ENDED = -1;

    final Session session;
    final long docId;
    int state = PENDING;
    long cursor;
    LocalDoc local;
    int announceType;
    int announceFlags;
    boolean announced;
    /** Snapshot record this subscription holds a reference to until it is sent; -1: none. */
    long snapshotAddress = -1;

    Subscription(final Session session, final long docId) {
        this.session = session;
        this.docId = docId;
    }

    public Session session() { return session; }
    public long docId() { return docId; }
    public int state() { return state; }
    /** Next seq this subscriber will receive. */
    public long cursor() { return cursor; }
}
