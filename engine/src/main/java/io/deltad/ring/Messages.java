package io.deltad.ring;

/**
 * Message types and layouts on the engine's internal rings (native byte order, Agrona buffers). Offsets are from
 * the start of the message body.
 *
 * <pre>
 * IoAgent q -> DocAgent d   (ring "io-q->doc-d", one-to-one)
 *   DELTA_BATCH  count i32 | pad i32 | address u64 x count      client delta records in the chunk store
 *   DELTA        address u64                                   one delta (inside a DocAgent: parked, forwarded)
 *   SUBSCRIBE    docId u64 | fromSeq u64 | sessionId i32 | flags i32
 *   UNSUBSCRIBE  docId u64 | lastOnIo i32                      a subscription ended; lastOnIo != 0: io q has none left
 *   MARKER       docId u64                                     io q routes docId elsewhere from now on
 *
 * DocAgent d -> IoAgent q   (ring "doc-d->io-q", one-to-one)
 *   NOTIFY       slot i32                                      the document's stream has new deltas
 *   SUBSCRIBED   snapshotAddress u64 (-1: none) | startSeq u64 | docId u64 | sessionId i32 | slot i32 | flags i32
 *   REFUSED      docId u64 | clientSeq u64 | sessionId i32 | code i32   subscribe refused (NACK to the session)
 *   ROUTE        docId u64 | agent i32                         send docId's traffic to DocAgent 'agent'
 *
 * anyone -> DocAgent d      (ring "doc-d.commands", many-to-one)
 *   MOVE         docId u64 | target i32                        (Conductor) hand the document to 'target'
 *   ADOPT        slot i32 | from i32                            (previous owner) the document is yours
 *   FORWARD      io i32 | type i32 | original message ...       (previous owner) a message io sent it before MARKER
 *
 * DocAgent d -> Conductor   (ring "conductor", many-to-one)
 *   RATE         docId u64 | ratePerSec u64 | agent i32 | subscribers i32
 *   HANDED_OVER  docId u64 | from i32 | to i32                 (new owner) every MARKER arrived: handoff complete
 * </pre>
 */
public final class Messages {
    // io -> doc
    public static final int DELTA = 1;
    public static final int SUBSCRIBE = 2;
    public static final int UNSUBSCRIBE = 3;
    public static final int MARKER = 4;
    public static final int DELTA_BATCH = 5;

    public static final int DELTA_BATCH_COUNT = 0;
    public static final int DELTA_BATCH_FIRST = 8;
    /** Most deltas in one batch (fewer when the ring's largest message is smaller). */
    public static final int DELTA_BATCH_MAX = 64;

    public static final int SUBSCRIBE_DOC_ID = 0;
    public static final int SUBSCRIBE_FROM_SEQ = 8;
    public static final int SUBSCRIBE_SESSION_ID = 16;
    public static final int SUBSCRIBE_FLAGS = 20;
    public static final int SUBSCRIBE_LENGTH = 24;
    /** SUBSCRIBE flag (internal): an existing subscription re-subscribes after falling behind; not a new one. */
    public static final int SUBSCRIBE_FLAG_RESUBSCRIBE = 0x100;
    public static final int UNSUBSCRIBE_LENGTH = 12;

    // doc -> io
    public static final int NOTIFY = 11;
    public static final int SUBSCRIBED = 12;
    public static final int REFUSED = 13;
    public static final int ROUTE = 14;

    public static final int SUBSCRIBED_SNAPSHOT_ADDRESS = 0;
    public static final int SUBSCRIBED_START_SEQ = 8;
    public static final int SUBSCRIBED_DOC_ID = 16;
    public static final int SUBSCRIBED_SESSION_ID = 24;
    public static final int SUBSCRIBED_SLOT = 28;
    public static final int SUBSCRIBED_FLAGS = 32;
    public static final int SUBSCRIBED_LENGTH = 36;

    public static final int REFUSED_DOC_ID = 0;
    public static final int REFUSED_CLIENT_SEQ = 8;
    public static final int REFUSED_SESSION_ID = 16;
    public static final int REFUSED_CODE = 20;
    public static final int REFUSED_LENGTH = 24;

    public static final int ROUTE_DOC_ID = 0;
    public static final int ROUTE_AGENT = 8;
    public static final int ROUTE_LENGTH = 12;

    // commands to a DocAgent
    public static final int MOVE = 21;
    public static final int ADOPT = 22;
    public static final int FORWARD = 23;

    public static final int MOVE_DOC_ID = 0;
    public static final int MOVE_TARGET = 8;
    public static final int MOVE_LENGTH = 12;

    public static final int ADOPT_SLOT = 0;
    public static final int ADOPT_FROM = 4;
    public static final int ADOPT_LENGTH = 8;

    public static final int FORWARD_IO = 0;
    public static final int FORWARD_TYPE = 4;
    public static final int FORWARD_BODY = 8;

    // to the Conductor
    public static final int RATE = 31;
    public static final int HANDED_OVER = 32;

    public static final int RATE_DOC_ID = 0;
    public static final int RATE_PER_SEC = 8;
    public static final int RATE_AGENT = 16;
    public static final int RATE_SUBSCRIBERS = 20;
    public static final int RATE_LENGTH = 24;

    public static final int HANDED_OVER_DOC_ID = 0;
    public static final int HANDED_OVER_FROM = 8;
    public static final int HANDED_OVER_TO = 12;
    public static final int HANDED_OVER_LENGTH = 16;

    private Messages() {
    }
}
