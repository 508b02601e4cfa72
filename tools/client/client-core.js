// Everything a deltad client does except move bytes: clientSeq numbering, matching ACK/NACK to sends, the
// subscriptions and their ordering (DocStream), the materialised state, batching, and the catch-up bookkeeping
// across sessions. The transport (deltad-client.js) feeds it messages and takes packed messages out; tests drive
// it the same way with no RTCPeerConnection.

import {
  FLAG_WITH_SNAPSHOT, FrameType, NackCode, decodeAckPayload, decodeErrorPayload, decodeNackPayload, encodeDelta,
  encodeSubscribe, encodeUnsubscribe, forEachFrame, frameLength, isRetryableNack, nackCodeName, packFrames, toDocId,
} from './wire.js';
import { DocState, OpDecodeError, SchemaRegistry } from './schema.js';
import { DocStream } from './doc-stream.js';

/**
 * Connection states reported by `onState`.
 * @readonly
 * @enum {string}
 */
export const ClientState = Object.freeze({
  CONNECTING: 'connecting',
  OPEN: 'open',
  RECONNECTING: 'reconnecting',
  CLOSED: 'closed',
});

/**
 * Why a send or a subscribe failed. `code` is a NACK code name (PROTOCOL.md §8, e.g. `"OUT_OF_BOUNDS"`) or one of
 * the client's own: `CLOSED` (the client was closed), `UNKNOWN_OUTCOME` (the session was lost before the answer:
 * the delta may or may not have been applied), `QUEUE_FULL`, `MESSAGE_TOO_LARGE` (the frame exceeds the
 * session's max message size), `UNSUBSCRIBED`, `SIGNALING` (the signaling endpoint refused; see `status`).
 */
export class DeltadError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   * @param {object} [details] `nackCode`, `field`, `clientSeq`, `docId`, `retryable`, `status`
   */
  constructor(code, message, details = {}) {
    super(message);
    this.name = 'DeltadError';
    /** @type {string} */ this.code = code;
    /** @type {number|undefined} numeric NACK code */ this.nackCode = details.nackCode;
    /** @type {number|null|undefined} field index the refusal is about */ this.field = details.field;
    /** @type {number|undefined} */ this.clientSeq = details.clientSeq;
    /** @type {bigint|undefined} */ this.docId = details.docId;
    /** @type {number|undefined} HTTP status of a signaling refusal */ this.status = details.status;
    /** Whether the same change may be sent again later (with a new clientSeq, which send() does). */
    this.retryable = details.retryable ?? false;
  }
}

/**
 * A NACK as reported to `onNack`.
 * @typedef {object} NackInfo
 * @property {bigint} docId
 * @property {number} seq the refused frame's seq (a DELTA's clientSeq)
 * @property {number} refusedType frame type refused (1 DELTA, 2 SUBSCRIBE, ...)
 * @property {number} code
 * @property {string} codeName e.g. "NOT_PERMITTED"
 * @property {number|null} field
 * @property {boolean} retryable RATE_LIMITED or BUSY
 */

/**
 * The answer to a send: the document seq the server gave the delta.
 * @typedef {object} Ack
 * @property {bigint} docId
 * @property {number} seq document seq
 * @property {number} clientSeq
 */

/** Defaults of {@link ClientCore} options. */
export const CORE_DEFAULTS = Object.freeze({
  holeTimeoutMs: 50,
  repairRetryMs: 1000,
  maxBuffered: 65536,
  maxQueuedDeltas: 100_000,
  resendInFlight: false,
  maxMessageSize: 65536,
});

const NO_LISTENERS = Object.freeze([]);

/**
 * Client logic without a transport. Owner: one JS realm (single-threaded); every method runs to completion.
 *
 * Transport contract: call {@link ClientCore#sessionOpened} when a session's control channel is open,
 * {@link ClientCore#receive} for every message of every channel, {@link ClientCore#poll} at
 * {@link ClientCore#nextDeadline}, {@link ClientCore#sessionLost} when the session is gone; send what
 * {@link ClientCore#drainOutgoing} returns on the control channel; {@link ClientCore#wake} is called when there is
 * something to drain.
 */
export class ClientCore {
  /**
   * @param {object} [options]
   * @param {SchemaRegistry|Array} [options.schemas] schemas of the document types the client sends ops to or decodes
   * @param {number} [options.holeTimeoutMs] how long a hole may stay open on an unordered channel (50)
   * @param {number} [options.repairRetryMs] how long an unanswered repair waits before it is asked again (1000)
   * @param {number} [options.maxBuffered] most deltas buffered above a hole per document (65536)
   * @param {number} [options.maxQueuedDeltas] most deltas waiting for a session (100000); more reject QUEUE_FULL
   * @param {boolean} [options.resendInFlight] on a new session, resend the deltas whose answer the lost session
   *   never gave (at-least-once: they may be applied twice) instead of rejecting them with UNKNOWN_OUTCOME
   * @param {() => number} [options.now] clock in ms (default performance.now)
   */
  constructor(options = {}) {
    this.schemas = options.schemas instanceof SchemaRegistry ? options.schemas : new SchemaRegistry(options.schemas ?? []);
    this.streamOptions = {
      holeTimeoutMs: options.holeTimeoutMs ?? CORE_DEFAULTS.holeTimeoutMs,
      repairRetryMs: options.repairRetryMs ?? CORE_DEFAULTS.repairRetryMs,
      maxBuffered: options.maxBuffered ?? CORE_DEFAULTS.maxBuffered,
    };
    this.maxQueuedDeltas = options.maxQueuedDeltas ?? CORE_DEFAULTS.maxQueuedDeltas;
    this.resendInFlight = options.resendInFlight ?? CORE_DEFAULTS.resendInFlight;
    this.now = options.now ?? (() => performance.now());
    /** @type {string} one of {@link ClientState} */
    this.state = ClientState.CONNECTING;
    /** Largest message the current (or last) session accepts. */
    this.maxMessageSize = CORE_DEFAULTS.maxMessageSize;
    this.sessionOpen = false;
    /** Sessions opened so far. */
    this.sessions = 0;
    this.nextClientSeq = 1;
    /** @type {Map<bigint, Subscription>} */
    this.subscriptions = new Map();
    /** @type {Map<number, OutgoingDelta>} deltas on the wire of this session, by clientSeq, awaiting ACK/NACK */
    this.inFlight = new Map();
    /** @type {Uint8Array[]} control frames (SUBSCRIBE/UNSUBSCRIBE) not yet sent; they go before deltas */
    this.controlQueue = [];
    /** @type {OutgoingDelta[]} deltas not yet on the wire, from deltaHead on */
    this.deltaQueue = [];
    this.deltaHead = 0;
    this.listeners = { delta: [], snapshot: [], nack: [], resync: [], state: [], error: [] };
    this.stats = {
      deltasDelivered: 0, snapshots: 0, resyncs: 0, repairsRequested: 0, duplicatesDropped: 0,
      deltasSent: 0, acks: 0, nacks: 0, framesIn: 0, messagesIn: 0, bytesIn: 0, messagesOut: 0, framesOut: 0,
      bytesOut: 0, malformedMessages: 0, undecodableDeltas: 0, ignoredFrames: 0, sessions: 0, dedicatedChannels: 0,
    };
    this._sink = {
      delta: (stream, seq, payload) => this._deliverDelta(stream.owner, seq, payload),
      snapshot: (stream, seq, payload) => this._deliverSnapshot(stream.owner, seq, payload),
      resync: (stream, info) => this._deliverResync(stream.owner, info),
      repair: (stream, fromSeq) => {
        this.stats.repairsRequested++;
        this._queueControl(encodeSubscribe(stream.docId, { fromSeq }));
      },
    };
  }

  // ------------------------------------------------------------------------------------------- application API

  /**
   * Subscribes to a document (or restarts its subscription from a new position). Resolves once the subscription
   * is live: after the SNAPSHOT when one comes, so {@link ClientCore#fields} is filled. Rejects with the NACK's code.
   * Survives reconnects: on a new session the client resubscribes from the last seq it delivered + 1.
   * @param {bigint|number|string} doc
   * @param {{snapshot: true}|{fromSeq: number}} [position] default `{snapshot: true}`
   * @returns {Promise<{docId: bigint, nextSeq: number}>}
   */
  subscribe(doc, position = { snapshot: true }) {
    const docId = toDocId(doc);
    const start = normalisePosition(position);
    if (this.state === ClientState.CLOSED) {
      return Promise.reject(new DeltadError('CLOSED', 'the client is closed', { docId }));
    }
    let sub = this.subscriptions.get(docId);
    if (sub) {
      sub.stream.restart(true);
      sub.start = start;
    } else {
      const schema = this.schemas.forDoc(docId);
      const stream = new DocStream(docId, this.streamOptions);
      sub = { docId, schema, start, stream, state: schema && !schema.opaque ? new DocState(schema) : null, waiters: [] };
      stream.owner = sub;
      this.subscriptions.set(docId, sub);
    }
    const done = new Promise((resolve, reject) => sub.waiters.push({ resolve, reject }));
    if (this.sessionOpen) {
      this._queueControl(encodeSubscribe(docId, start));
    }
    return done;
  }

  /**
   * Stops receiving a document. Deltas already in flight are ignored.
   * @param {bigint|number|string} doc
   */
  unsubscribe(doc) {
    const docId = toDocId(doc);
    const sub = this.subscriptions.get(docId);
    if (!sub) {
      return;
    }
    this.subscriptions.delete(docId);
    rejectAll(sub.waiters, new DeltadError('UNSUBSCRIBED', `unsubscribed from ${this.schemas.format(docId)}`, { docId }));
    if (this.sessionOpen) {
      this._queueControl(encodeUnsubscribe(docId));
    }
  }

  /**
   * Sends ops to a schema'd document. The ops are encoded at once (a bad op throws here); the frame leaves with
   * the other frames queued in the same tick.
   * @param {bigint|number|string} doc
   * @param {import('./schema.js').OpInput[]|Object<string, *>} ops an array of ops, or `{field: value}` for SETs
   * @returns {Promise<Ack>} resolved by the ACK, rejected by the NACK (`err.code` its name) or a client error
   * @throws {TypeError|RangeError} no schema for the document's type, an opaque type, or an op that cannot be encoded
   */
  send(doc, ops) {
    const docId = toDocId(doc);
    const schema = this.schemas.forDoc(docId);
    if (!schema) {
      throw new TypeError(`no schema for ${this.schemas.format(docId)}: register it in options.schemas, or use sendOpaque`);
    }
    return this._enqueueDelta(docId, schema.encodeOps(ops));
  }

  /**
   * Sends an opaque payload (e.g. a Yjs update) to a document of an `opaque` type; the server forwards it as is.
   * @param {bigint|number|string} doc
   * @param {Uint8Array|ArrayBuffer} bytes
   * @returns {Promise<Ack>}
   */
  sendOpaque(doc, bytes) {
    const docId = toDocId(doc);
    const payload = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
    return this._enqueueDelta(docId, payload);
  }

  /**
   * Registers a listener of delivered deltas: every subscribed document's deltas in document-seq order, each
   * exactly once. `ops` is `null` for opaque documents (and ones whose type has no schema here).
   * @param {(docId: bigint, seq: number, ops: import('./schema.js').Op[]|null, bytes: Uint8Array) => void} cb
   * @returns {() => void} removes the listener
   */
  onDelta(cb) {
    return this._on('delta', cb);
  }

  /**
   * Registers a listener of snapshots: the document's whole state at `seq` (replace, do not merge).
   * @param {(docId: bigint, seq: number, ops: import('./schema.js').Op[]|null, bytes: Uint8Array) => void} cb
   * @returns {() => void}
   */
  onSnapshot(cb) {
    return this._on('snapshot', cb);
  }

  /**
   * Registers a listener of every NACK (refused deltas also reject their send promise).
   * @param {(nack: NackInfo) => void} cb
   * @returns {() => void}
   */
  onNack(cb) {
    return this._on('nack', cb);
  }

  /**
   * Registers a listener of discontinuities: the server's RESYNC (fell behind retention; with a snapshot when
   * `withSnapshot`) or a resume the server could not honour.
   * @param {(docId: bigint, info: import('./doc-stream.js').ResyncInfo) => void} cb
   * @returns {() => void}
   */
  onResync(cb) {
    return this._on('resync', cb);
  }

  /**
   * Registers a listener of state changes: `connecting`, `open`, `reconnecting`, `closed`.
   * @param {(state: string, detail: object) => void} cb
   * @returns {() => void}
   */
  onState(cb) {
    return this._on('state', cb);
  }

  /**
   * Registers a listener of session-level problems: the server's ERROR frames (`{code, name, text}`), malformed
   * messages, signaling refusals.
   * @param {(error: object) => void} cb
   * @returns {() => void}
   */
  onError(cb) {
    return this._on('error', cb);
  }

  /**
   * The materialised state of a subscribed schema'd document as `{field: value}`, or `undefined`.
   * @param {bigint|number|string} doc
   */
  fields(doc) {
    return this.subscriptions.get(toDocId(doc))?.state?.toObject();
  }

  /** The last document seq delivered for a subscribed document (0 before any), or `undefined`. */
  lastSeq(doc) {
    return this.subscriptions.get(toDocId(doc))?.stream.lastSeq;
  }

  /** Deltas sent or queued whose answer has not come yet. */
  get pendingDeltas() {
    return this.inFlight.size + this.deltaQueue.length - this.deltaHead;
  }

  // -------------------------------------------------------------------------------------------- transport side

  /** Called when there is something to {@link ClientCore#drainOutgoing}. The transport overrides it. */
  wake() {}

  /**
   * A session's control channel is open: number deltas from 1 again and resubscribe every document — from the
   * last delivered seq + 1 when known (catch-up, no gap, no duplicate), else as first asked.
   * @param {{maxMessageSize?: number}} [session]
   */
  sessionOpened(session = {}) {
    this.sessionOpen = true;
    this.sessions++;
    this.stats.sessions++;
    this.nextClientSeq = 1;
    this.maxMessageSize = session.maxMessageSize ?? CORE_DEFAULTS.maxMessageSize;
    this.controlQueue = [];
    for (const sub of this.subscriptions.values()) {
      const resume = sub.stream.resumePosition();
      sub.stream.restart();
      sub.resumed = resume !== null;
      this.controlQueue.push(encodeSubscribe(sub.docId, resume ?? sub.start));
    }
    this._setState(ClientState.OPEN, { session: this.sessions });
    this.wake();
  }

  /**
   * The session is gone. Deltas not yet sent wait for the next session. Deltas sent but unanswered are rejected
   * with UNKNOWN_OUTCOME — the server's duplicate protection does not span sessions (PROTOCOL.md §5), so
   * resending them could apply them twice — or, with `resendInFlight`, sent again first on the next session.
   * @param {object} [detail] passed to onState listeners
   * @param {string} [nextState] state to report (default reconnecting)
   */
  sessionLost(detail = {}, nextState = ClientState.RECONNECTING) {
    this.sessionOpen = false;
    this.controlQueue = [];
    const unanswered = [...this.inFlight.values()];
    this.inFlight.clear();
    if (this.resendInFlight) {
      for (const d of unanswered) {
        d.clientSeq = 0;
      }
      this.deltaQueue = unanswered.concat(this.deltaQueue.slice(this.deltaHead));
      this.deltaHead = 0;
    } else {
      for (const d of unanswered) {
        d.reject(new DeltadError('UNKNOWN_OUTCOME',
          `session lost before the answer to clientSeq ${d.clientSeq}: it may or may not have been applied`,
          { clientSeq: d.clientSeq, docId: d.docId, retryable: false }));
      }
    }
    if (this.state !== ClientState.CLOSED) {
      this._setState(nextState, detail);
    }
  }

  /** Closes for good: rejects every pending send and subscribe with CLOSED. */
  closeCore(detail = {}) {
    if (this.state === ClientState.CLOSED) {
      return;
    }
    this.sessionOpen = false;
    const closed = () => new DeltadError('CLOSED', 'the client is closed');
    for (const d of this.inFlight.values()) {
      d.reject(closed());
    }
    for (let i = this.deltaHead; i < this.deltaQueue.length; i++) {
      this.deltaQueue[i].reject(closed());
    }
    this.inFlight.clear();
    this.deltaQueue = [];
    this.deltaHead = 0;
    this.controlQueue = [];
    for (const sub of this.subscriptions.values()) {
      rejectAll(sub.waiters, closed());
    }
    this._setState(ClientState.CLOSED, detail);
  }

  /**
   * Takes what is queued as messages for the control channel: SUBSCRIBE/UNSUBSCRIBE frames first, then deltas in
   * send order, numbered with this session's clientSeqs; frames back to back, each message at most
   * `maxMessageSize` bytes.
   * @param {number} [budgetBytes] stop after about this many bytes (flow control); the rest stays queued
   * @returns {Uint8Array[]}
   */
  drainOutgoing(budgetBytes = Infinity) {
    if (!this.sessionOpen) {
      return [];
    }
    const frames = [];
    let bytes = 0;
    while (this.controlQueue.length > 0 && bytes < budgetBytes) {
      const frame = this.controlQueue.shift();
      frames.push(frame);
      bytes += frame.length;
    }
    while (this.deltaHead < this.deltaQueue.length && bytes < budgetBytes) {
      const d = this.deltaQueue[this.deltaHead];
      this.deltaQueue[this.deltaHead++] = undefined;
      if (frameLength(d.payload.length) > this.maxMessageSize) {
        d.reject(new DeltadError('MESSAGE_TOO_LARGE',
          `a frame of ${frameLength(d.payload.length)} bytes exceeds the session's max message size ${this.maxMessageSize}`,
          { docId: d.docId }));
        continue;
      }
      d.clientSeq = this.nextClientSeq++;
      const frame = encodeDelta(d.docId, d.clientSeq, d.payload);
      this.inFlight.set(d.clientSeq, d);
      frames.push(frame);
      bytes += frame.length;
      this.stats.deltasSent++;
    }
    if (this.deltaHead === this.deltaQueue.length) {
      this.deltaQueue = [];
      this.deltaHead = 0;
    } else if (this.deltaHead > 4096 && this.deltaHead * 2 > this.deltaQueue.length) {
      this.deltaQueue = this.deltaQueue.slice(this.deltaHead);
      this.deltaHead = 0;
    }
    const messages = packFrames(frames, this.maxMessageSize);
    this.stats.framesOut += frames.length;
    this.stats.messagesOut += messages.length;
    this.stats.bytesOut += bytes;
    return messages;
  }

  /** Whether {@link ClientCore#drainOutgoing} has something to give. */
  hasOutgoing() {
    return this.sessionOpen && (this.controlQueue.length > 0 || this.deltaHead < this.deltaQueue.length);
  }

  /**
   * One message from any DataChannel of the session: frames back to back (PROTOCOL.md §1).
   * @param {ArrayBuffer|ArrayBufferView} data
   * @param {{key: *, ordered: boolean}} channel which channel (any identity) and whether it is ordered
   */
  receive(data, channel) {
    const nowMs = this.now();
    this.stats.messagesIn++;
    this.stats.bytesIn += data.byteLength;
    const failure = forEachFrame(data, (frame) => this._onFrame(frame, channel, nowMs));
    if (failure) {
      this.stats.malformedMessages++;
      this._emit('error', { code: failure.code, name: nackCodeName(failure.code), text: `malformed message: ${failure.reason}` });
    }
  }

  /**
   * Runs the repair timers. @returns {number} the next deadline (ms on the client's clock), Infinity when none
   */
  poll() {
    const nowMs = this.now();
    let deadline = Infinity;
    for (const sub of this.subscriptions.values()) {
      deadline = Math.min(deadline, sub.stream.poll(nowMs, this._sink));
    }
    return deadline;
  }

  /** The earliest repair deadline (ms), Infinity when no hole is open. */
  nextDeadline() {
    let deadline = Infinity;
    for (const sub of this.subscriptions.values()) {
      deadline = Math.min(deadline, sub.stream.nextDeadline());
    }
    return deadline;
  }

  // ------------------------------------------------------------------------------------------------- internals

  _enqueueDelta(docId, payload) {
    if (this.state === ClientState.CLOSED) {
      return Promise.reject(new DeltadError('CLOSED', 'the client is closed', { docId }));
    }
    if (this.deltaQueue.length - this.deltaHead >= this.maxQueuedDeltas) {
      return Promise.reject(new DeltadError('QUEUE_FULL', `${this.maxQueuedDeltas} deltas already wait for a session`,
        { docId, retryable: true }));
    }
    return new Promise((resolve, reject) => {
      this.deltaQueue.push({ docId, payload, clientSeq: 0, resolve, reject });
      this.wake();
    });
  }

  _queueControl(frame) {
    this.controlQueue.push(frame);
    this.wake();
  }

  _onFrame(frame, channel, nowMs) {
    this.stats.framesIn++;
    switch (frame.type) {
      case FrameType.DELTA: {
        const sub = this.subscriptions.get(frame.docId);
        if (!sub) {
          this.stats.ignoredFrames++;
          return;
        }
        const before = sub.stream.stats.duplicates;
        sub.stream.onDelta(frame.seq, frame.payload, channel.key, channel.ordered, nowMs, this._sink);
        this.stats.duplicatesDropped += sub.stream.stats.duplicates - before;
        return;
      }
      case FrameType.SUBSCRIBED:
      case FrameType.RESYNC: {
        const sub = this.subscriptions.get(frame.docId);
        if (!sub) {
          this.stats.ignoredFrames++;
          return;
        }
        const withSnapshot = (frame.flags & FLAG_WITH_SNAPSHOT) !== 0;
        if (frame.type === FrameType.SUBSCRIBED) {
          sub.stream.onSubscribed(frame.seq, withSnapshot, nowMs, this._sink);
        } else {
          sub.stream.onResync(frame.seq, withSnapshot, nowMs, this._sink);
        }
        this._resolveIfLive(sub);
        return;
      }
      case FrameType.SNAPSHOT: {
        const sub = this.subscriptions.get(frame.docId);
        if (!sub || !sub.stream.onSnapshot(frame.seq, frame.payload, nowMs, this._sink)) {
          this.stats.ignoredFrames++;
          return;
        }
        this._resolveIfLive(sub);
        return;
      }
      case FrameType.ACK:
        this._onAck(frame);
        return;
      case FrameType.NACK:
        this._onNack(frame);
        return;
      case FrameType.ERROR:
        this._emit('error', decodeErrorPayload(frame.payload));
        return;
      default:
        // Client frame types echoed back, or types of a newer minor version: ignored (PROTOCOL.md §2).
        this.stats.ignoredFrames++;
    }
  }

  _onAck(frame) {
    if (frame.payload.length < 8) {
      this.stats.ignoredFrames++;
      return;
    }
    const clientSeq = decodeAckPayload(frame.payload);
    const d = this.inFlight.get(clientSeq);
    if (!d) {
      this.stats.ignoredFrames++;
      return;
    }
    this.inFlight.delete(clientSeq);
    this.stats.acks++;
    d.resolve({ docId: frame.docId, seq: frame.seq, clientSeq });
  }

  _onNack(frame) {
    if (frame.payload.length < 4) {
      this.stats.ignoredFrames++;
      return;
    }
    const { code, name, field } = decodeNackPayload(frame.payload);
    const nack = {
      docId: frame.docId, seq: frame.seq, refusedType: frame.flags, code, codeName: name, field,
      retryable: isRetryableNack(code),
    };
    this.stats.nacks++;
    if (frame.flags === FrameType.DELTA) {
      const d = this.inFlight.get(frame.seq);
      if (d) {
        this.inFlight.delete(frame.seq);
        d.reject(new DeltadError(name, `delta clientSeq ${frame.seq} to ${this.schemas.format(frame.docId)} refused: ${name}`
          + (field === null ? '' : ` (field ${field})`),
        { nackCode: code, field, clientSeq: frame.seq, docId: frame.docId, retryable: nack.retryable }));
      }
    } else if (frame.flags === FrameType.SUBSCRIBE) {
      this._onSubscribeRefused(frame.docId, code, name);
    }
    this._emit('nack', nack);
  }

  // A refused resume or repair SUBSCRIBE with OUT_OF_BOUNDS means the server is behind what we saw (it lost its
  // state): start over from what it has. Any other refusal ends the subscription.
  _onSubscribeRefused(docId, code, name) {
    const sub = this.subscriptions.get(docId);
    if (!sub) {
      return;
    }
    const hadPosition = sub.resumed || sub.stream.nextSeq > 0;
    if (code === NackCode.OUT_OF_BOUNDS && hadPosition) {
      const lostFrom = sub.stream.nextSeq;
      sub.stream.restart(true);
      sub.resumed = false;
      sub.start = sub.state ? { snapshot: true } : { fromSeq: 1 };
      this._emit('resync', sub.docId, { seq: 0, withSnapshot: false, lostFrom, reason: 'server-behind' });
      this._queueControl(encodeSubscribe(docId, sub.start));
      return;
    }
    this.subscriptions.delete(docId);
    rejectAll(sub.waiters, new DeltadError(name, `subscribe to ${this.schemas.format(docId)} refused: ${name}`,
      { nackCode: code, docId }));
  }

  _resolveIfLive(sub) {
    if (sub.waiters.length === 0 || !sub.stream.subscribed || sub.stream.awaitingSnapshot) {
      return;
    }
    const waiters = sub.waiters;
    sub.waiters = [];
    for (const w of waiters) {
      w.resolve({ docId: sub.docId, nextSeq: sub.stream.nextSeq });
    }
  }

  _decode(sub, payload) {
    if (!sub.schema || sub.schema.opaque) {
      return null;
    }
    try {
      return sub.schema.decodeOps(payload);
    } catch (e) {
      if (!(e instanceof OpDecodeError)) {
        throw e;
      }
      this.stats.undecodableDeltas++;
      return null;
    }
  }

  _deliverDelta(sub, seq, payload) {
    const ops = this._decode(sub, payload);
    if (ops && sub.state) {
      sub.state.apply(ops);
    }
    this.stats.deltasDelivered++;
    this._emit('delta', sub.docId, seq, ops, payload);
  }

  _deliverSnapshot(sub, seq, payload) {
    const ops = this._decode(sub, payload);
    if (sub.state) {
      sub.state.clear();
      if (ops) {
        sub.state.apply(ops);
      }
    }
    this.stats.snapshots++;
    this._emit('snapshot', sub.docId, seq, ops, payload);
  }

  _deliverResync(sub, info) {
    this.stats.resyncs++;
    this._emit('resync', sub.docId, info);
  }

  _setState(state, detail) {
    if (this.state === state) {
      return;
    }
    this.state = state;
    this._emit('state', state, detail);
  }

  _on(kind, cb) {
    if (typeof cb !== 'function') {
      throw new TypeError(`on${kind[0].toUpperCase()}${kind.slice(1)} needs a function`);
    }
    this.listeners[kind] = [...this.listeners[kind], cb];
    return () => {
      this.listeners[kind] = this.listeners[kind].filter((l) => l !== cb);
    };
  }

  // A throwing listener must not break the ordering state: report it asynchronously and go on.
  _emit(kind, ...args) {
    const listeners = this.listeners[kind] ?? NO_LISTENERS;
    for (let i = 0; i < listeners.length; i++) {
      try {
        listeners[i](...args);
      } catch (e) {
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  }
}

/**
 * @typedef {object} Subscription
 * @property {bigint} docId
 * @property {import('./schema.js').Schema|undefined} schema
 * @property {{snapshot: true}|{fromSeq: number}} start position asked for when the position is unknown
 * @property {DocStream} stream
 * @property {DocState|null} state
 * @property {boolean} [resumed] the current SUBSCRIBE is a catch-up from a known position
 * @property {{resolve: Function, reject: Function}[]} waiters
 */

/**
 * @typedef {object} OutgoingDelta
 * @property {bigint} docId
 * @property {Uint8Array} payload
 * @property {number} clientSeq 0 until on the wire
 * @property {Function} resolve
 * @property {Function} reject
 */

function normalisePosition(position) {
  if (position && position.snapshot === true) {
    return { snapshot: true };
  }
  if (position && Number.isSafeInteger(position.fromSeq) && position.fromSeq >= 1) {
    return { fromSeq: position.fromSeq };
  }
  throw new TypeError('subscribe position must be {snapshot: true} or {fromSeq: n} with n >= 1');
}

function rejectAll(waiters, error) {
  const list = waiters.splice(0);
  for (const w of list) {
    w.reject(error);
  }
}
