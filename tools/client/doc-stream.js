// The receive side of one subscribed document: puts server DELTAs in document-seq order, drops repeats, buffers
// what arrives early, and asks for a repair when a hole does not fill (PROTOCOL.md §5, §7).
// Pure logic: no timers, no I/O. The caller passes the time in and polls; decisions come out through a sink.

/**
 * Where a {@link DocStream} puts what it decides.
 * @typedef {object} DocStreamSink
 * @property {(stream: DocStream, seq: number, payload: Uint8Array) => void} delta the next delta, in seq order
 * @property {(stream: DocStream, seq: number, payload: Uint8Array) => void} snapshot replace the state with this one at seq
 * @property {(stream: DocStream, info: ResyncInfo) => void} resync the state was not continuous
 * @property {(stream: DocStream, fromSeq: number) => void} repair send SUBSCRIBE fromSeq on the control channel
 */

/**
 * @typedef {object} ResyncInfo
 * @property {number} seq the first document seq that follows
 * @property {boolean} withSnapshot a SNAPSHOT at seq - 1 comes first (the state is replaced)
 * @property {number} lostFrom first seq the client missed (`seq` when nothing was missed, e.g. with a snapshot)
 * @property {'resync'|'skipped'} reason `resync`: the server said RESYNC; `skipped`: SUBSCRIBED moved past the
 *   next expected seq
 */

/** Defaults of the repair timing. */
export const DOC_STREAM_DEFAULTS = Object.freeze({
  /** How long a hole may stay open on an unordered channel before a repair is asked for. */
  holeTimeoutMs: 50,
  /** How long a repair may go unanswered (no SUBSCRIBED, no progress) before it is asked for again. */
  repairRetryMs: 1000,
  /** Most deltas held above a hole; beyond, new ones are dropped and come back with the repair. */
  maxBuffered: 65536,
  /**
   * Quiet time after the last delta that came on an unordered channel before the client asks once more from its
   * next seq: a lost *last* delta leaves no hole to see. 0 turns the probe off.
   */
  tailProbeMs: 500,
});

/**
 * The ordering state of one document for one session. States: *subscribing* (waiting for SUBSCRIBED or RESYNC),
 * *awaiting snapshot* (a SNAPSHOT follows), *live*. Deltas that come before the subscription is live are buffered.
 */
export class DocStream {
  /**
   * @param {bigint} docId
   * @param {Partial<typeof DOC_STREAM_DEFAULTS>} [options]
   */
  constructor(docId, options = {}) {
    this.docId = docId;
    this.holeTimeoutMs = options.holeTimeoutMs ?? DOC_STREAM_DEFAULTS.holeTimeoutMs;
    this.repairRetryMs = options.repairRetryMs ?? DOC_STREAM_DEFAULTS.repairRetryMs;
    this.maxBuffered = options.maxBuffered ?? DOC_STREAM_DEFAULTS.maxBuffered;
    this.tailProbeMs = options.tailProbeMs ?? DOC_STREAM_DEFAULTS.tailProbeMs;
    /** Next document seq to deliver; 0 until the first SUBSCRIBED/RESYNC. */
    this.nextSeq = 0;
    /** SUBSCRIBED or RESYNC seen on this session. */
    this.subscribed = false;
    /** A SNAPSHOT must come before any delta is delivered. */
    this.awaitingSnapshot = false;
    /** @type {Map<number, Uint8Array>} deltas above nextSeq by seq */
    this.buffered = new Map();
    /** Since when the hole at nextSeq has been open, -1 when there is none. */
    this.holeSinceMs = -1;
    /** The fromSeq of the repair in flight, 0 when none. */
    this.repairFromSeq = 0;
    this.repairAtMs = -1;
    /** When to probe for a lost tail (see tailProbeMs), -1 when not due. */
    this.tailProbeAtMs = -1;
    /** Channels this document's deltas arrived on since the subscription started (see onDelta). */
    this.channels = new Set();
    this.stats = { delivered: 0, duplicates: 0, buffered: 0, overflow: 0, repairs: 0, tailProbes: 0, resyncs: 0, snapshots: 0 };
  }

  /** The last seq delivered (0 before any). */
  get lastSeq() {
    return this.nextSeq > 0 ? this.nextSeq - 1 : 0;
  }

  /**
   * Where to resume on a new session: `{fromSeq}` once the position is known (catch-up with no gap and no
   * duplicate), else `null` (subscribe as first asked).
   */
  resumePosition() {
    return this.subscribed && !this.awaitingSnapshot && this.nextSeq > 0 ? { fromSeq: this.nextSeq } : null;
  }

  /**
   * Forgets the session-bound state before subscribing again on a new session or after a refused resume. The
   * position is kept unless `forgetPosition`, so repeats of delivered deltas are still dropped.
   */
  restart(forgetPosition = false) {
    this.subscribed = false;
    this.awaitingSnapshot = false;
    this.buffered.clear();
    this.holeSinceMs = -1;
    this.repairFromSeq = 0;
    this.repairAtMs = -1;
    this.tailProbeAtMs = -1;
    this.channels.clear();
    if (forgetPosition) {
      this.nextSeq = 0;
    }
  }

  /**
   * SUBSCRIBED: the next DELTA has seq `seq`; with the flag a SNAPSHOT at seq - 1 comes first.
   * @param {number} seq
   * @param {boolean} withSnapshot
   * @param {number} nowMs
   * @param {DocStreamSink} sink
   */
  onSubscribed(seq, withSnapshot, nowMs, sink) {
    this._answered(seq);
    if (withSnapshot) {
      this._expectSnapshot(seq);
    } else if (this.nextSeq === 0) {
      this.nextSeq = seq;
    } else if (seq > this.nextSeq) {
      // The server restarted us past deltas we never had: only a RESYNC should do that; say so rather than hide it.
      const lostFrom = this.nextSeq;
      this.nextSeq = seq;
      this.stats.resyncs++;
      sink.resync(this, { seq, withSnapshot: false, lostFrom, reason: 'skipped' });
    }
    // seq below nextSeq (a repair answered after we moved on, or a stale answer): keep the position, the
    // server's repeats of what we had are dropped as duplicates.
    this.subscribed = true;
    this._settle(nowMs, sink);
  }

  /**
   * RESYNC: the state is not continuous; the next DELTA has seq `seq`, after a SNAPSHOT when the flag is set.
   * @param {number} seq
   * @param {boolean} withSnapshot
   * @param {number} nowMs
   * @param {DocStreamSink} sink
   */
  onResync(seq, withSnapshot, nowMs, sink) {
    this._answered(seq);
    const lostFrom = withSnapshot ? seq : this.nextSeq || seq;
    if (withSnapshot) {
      this._expectSnapshot(seq);
    } else {
      this.nextSeq = Math.max(this.nextSeq, seq);
    }
    this.subscribed = true;
    this.stats.resyncs++;
    sink.resync(this, { seq, withSnapshot, lostFrom, reason: 'resync' });
    this._settle(nowMs, sink);
  }

  /**
   * SNAPSHOT at `seq` (the state after deltas 1..seq). Ignored unless announced by SUBSCRIBED/RESYNC.
   * @returns {boolean} whether it was applied
   */
  onSnapshot(seq, payload, nowMs, sink) {
    if (!this.awaitingSnapshot) {
      return false;
    }
    this.awaitingSnapshot = false;
    this.nextSeq = seq + 1;
    this.stats.snapshots++;
    sink.snapshot(this, seq, payload);
    this._settle(nowMs, sink);
    return true;
  }

  /**
   * A server DELTA.
   * @param {number} seq document seq
   * @param {Uint8Array} payload
   * @param {*} channel identity of the DataChannel it came on
   * @param {boolean} ordered whether that channel is ordered
   * @param {number} nowMs
   * @param {DocStreamSink} sink
   */
  onDelta(seq, payload, channel, ordered, nowMs, sink) {
    this.channels.add(channel);
    if (!ordered && this.tailProbeMs > 0) {
      this.tailProbeAtMs = nowMs + this.tailProbeMs;
    }
    if (this.nextSeq > 0 && seq < this.nextSeq) {
      this.stats.duplicates++;
      return;
    }
    if (!this.subscribed || this.awaitingSnapshot) {
      this._buffer(seq, payload);
      return;
    }
    if (seq === this.nextSeq) {
      this._deliver(seq, payload, sink);
      this._settle(nowMs, sink);
      return;
    }
    if (this.buffered.has(seq)) {
      this.stats.duplicates++;
      return;
    }
    this._buffer(seq, payload);
    if (this.holeSinceMs < 0) {
      this.holeSinceMs = nowMs;
    }
    // On an ordered channel that alone has carried this document, nothing earlier can still be on its way.
    if (ordered && this.channels.size === 1) {
      this._repair(nowMs, sink);
    }
  }

  /**
   * Asks for a repair of a hole that stayed open too long, or again for one whose repair went unanswered.
   * @returns {number} when to poll next (ms, same clock), or Infinity when nothing is pending
   */
  poll(nowMs, sink) {
    if (!this.subscribed || this.awaitingSnapshot) {
      return this.nextDeadline();
    }
    if (this.holeSinceMs >= 0 && nowMs - this.holeSinceMs >= this.holeTimeoutMs) {
      this._repair(nowMs, sink);
    } else if (this.holeSinceMs < 0 && this.tailProbeAtMs >= 0 && nowMs >= this.tailProbeAtMs) {
      // Nothing came for a while after deltas on an unreliable channel: ask from nextSeq; if nothing was lost the
      // server just answers SUBSCRIBED. One probe per quiet spell.
      this.tailProbeAtMs = -1;
      this.stats.tailProbes++;
      this.repairFromSeq = this.nextSeq;
      this.repairAtMs = nowMs;
      sink.repair(this, this.nextSeq);
    }
    return this.nextDeadline();
  }

  /** When the next {@link DocStream#poll} may have something to do (ms), Infinity when nothing. */
  nextDeadline() {
    if (this.holeSinceMs < 0) {
      return this.tailProbeAtMs >= 0 ? this.tailProbeAtMs : Infinity;
    }
    const holeDeadline = this.holeSinceMs + this.holeTimeoutMs;
    if (this.repairFromSeq === this.nextSeq && this.repairAtMs >= 0) {
      return Math.max(holeDeadline, this.repairAtMs + this.repairRetryMs);
    }
    return holeDeadline;
  }

  _expectSnapshot(seq) {
    this.awaitingSnapshot = true;
    this.nextSeq = seq;
    this._dropBufferedBelow(seq);
  }

  _buffer(seq, payload) {
    if (this.buffered.size >= this.maxBuffered) {
      this.stats.overflow++;
      return;
    }
    if (!this.buffered.has(seq)) {
      this.buffered.set(seq, payload);
      this.stats.buffered++;
    }
  }

  _deliver(seq, payload, sink) {
    this.nextSeq = seq + 1;
    this.stats.delivered++;
    sink.delta(this, seq, payload);
  }

  // After the position moved: drop what is now old, deliver what has become next, restart or clear the hole timer.
  _settle(nowMs, sink) {
    if (!this.subscribed || this.awaitingSnapshot) {
      return;
    }
    this._dropBufferedBelow(this.nextSeq);
    let payload = this.buffered.get(this.nextSeq);
    while (payload !== undefined) {
      this.buffered.delete(this.nextSeq);
      this._deliver(this.nextSeq, payload, sink);
      payload = this.buffered.get(this.nextSeq);
    }
    this.holeSinceMs = this.buffered.size > 0 ? nowMs : -1;
    if (this.repairFromSeq !== 0 && this.repairFromSeq < this.nextSeq) {
      this.repairFromSeq = 0;
      this.repairAtMs = -1;
    }
  }

  _dropBufferedBelow(seq) {
    if (this.buffered.size === 0) {
      return;
    }
    for (const s of this.buffered.keys()) {
      if (s < seq) {
        this.buffered.delete(s);
        this.stats.duplicates++;
      }
    }
  }

  // One repair in flight per position; asked again only after repairRetryMs without an answer or progress.
  _repair(nowMs, sink) {
    if (this.repairFromSeq === this.nextSeq && this.repairAtMs >= 0 && nowMs - this.repairAtMs < this.repairRetryMs) {
      return;
    }
    this.repairFromSeq = this.nextSeq;
    this.repairAtMs = nowMs;
    this.stats.repairs++;
    sink.repair(this, this.nextSeq);
  }

  // A SUBSCRIBED/RESYNC answers the repair asked from that position (or an earlier one); wait afresh for the
  // replay before asking again.
  _answered(seq) {
    if (this.repairFromSeq !== 0 && seq >= this.repairFromSeq) {
      this.repairAtMs = -1;
      this.repairFromSeq = 0;
    }
  }
}
