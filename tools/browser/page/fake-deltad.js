// A small deltad inside the test page, the other end of a real RTCPeerConnection: it lets the browser tests check
// the client's WebRTC side (signaling, channels, batching, dedicated unordered channels, repair, reconnect) before
// the appliance speaks WebRTC. It follows PROTOCOL.md for the frames it gets from the client; it is not the spec.
// Served at /__deltad_test__/fake-deltad.js by Playwright's routing; never shipped.

import {
  FLAG_SNAPSHOT, FrameType, NackCode, decodeMessage, encodeAck, encodeFrame, encodeNack, encodeSnapshot,
  encodeSubscribed, packFrames,
} from '/client/wire.js';
import { DocState } from '/client/schema.js';
import { BOARD_SCHEMA } from '/client/board-schema.js';

/**
 * Use `fake.fetch` as the client's `fetch` option: POST /v1/sessions answers the offer with a real answer.
 */
export class FakeDeltad {
  /**
   * @param {object} [options]
   * @param {number} [options.maxMessageSize] written into the answer's a=max-message-size
   * @param {number} [options.dedicatedAfter] document seq from which its deltas go on a dedicated unordered channel
   * @param {number} [options.dropEvery] on dedicated channels, drop the first transmission of seqs ≡ 7 mod this
   * @param {string} [options.token] the only token accepted
   */
  constructor({ maxMessageSize = 4096, dedicatedAfter = Infinity, dropEvery = 0, token = 'good' } = {}) {
    this.maxMessageSize = maxMessageSize;
    this.dedicatedAfter = dedicatedAfter;
    this.dropEvery = dropEvery;
    this.token = token;
    /** Statuses to answer the next POSTs with instead of a session, e.g. [503]. */
    this.refusals = [];
    this.sessions = new Map();
    this.docs = new Map();
    this.nextSessionId = 1;
    this.stats = { posts: 0, deletes: 0, messagesIn: 0, framesIn: 0, oversized: 0, dropped: 0, subscribes: [] };
    this.fetch = (url, init) => this._fetch(String(url), init ?? {});
  }

  async _fetch(url, init) {
    const path = new URL(url, location.href).pathname;
    if (init.method === 'DELETE') {
      this.stats.deletes++;
      const id = Number(path.split('/').pop());
      this.sessions.get(id)?.pc.close();
      this.sessions.delete(id);
      return new Response(null, { status: 204 });
    }
    this.stats.posts++;
    if (path !== '/v1/sessions' || init.method !== 'POST') {
      return new Response('not found\n', { status: 404 });
    }
    if (this.refusals.length > 0) {
      return new Response('refused by the test\n', { status: this.refusals.shift() });
    }
    if (init.headers['Content-Type'] !== 'application/sdp') {
      return new Response('want application/sdp\n', { status: 415 });
    }
    if (init.headers.Authorization !== `Bearer ${this.token}`) {
      return new Response('bad token\n', { status: 401 });
    }
    const id = this.nextSessionId++;
    const pc = new RTCPeerConnection();
    const session = { id, pc, control: null, subs: new Set(), dedicated: new Map(), lastClientSeq: 0, out: new Map() };
    this.sessions.set(id, session);
    pc.ondatachannel = (event) => {
      const channel = event.channel;
      if (channel.label !== 'deltad' || channel.protocol !== 'deltad/1' || !channel.ordered) {
        channel.close();
        return;
      }
      session.control = channel;
      channel.binaryType = 'arraybuffer';
      channel.onmessage = (e) => this._onMessage(session, e.data);
    };
    await pc.setRemoteDescription({ type: 'offer', sdp: init.body });
    await pc.setLocalDescription(await pc.createAnswer());
    await new Promise((resolve) => {
      if (pc.iceGatheringState === 'complete') {
        resolve();
      }
      pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
      setTimeout(resolve, 2000);
    });
    const answer = pc.localDescription.sdp.replace(/a=max-message-size:\d+/, `a=max-message-size:${this.maxMessageSize}`);
    return new Response(answer, { status: 201, headers: { Location: `/v1/sessions/${id}`, 'Content-Type': 'application/sdp' } });
  }

  /** Ends a session abruptly, as a crash or a network loss would. */
  kill(id) {
    const session = this.sessions.get(id);
    this.sessions.delete(id);
    session?.pc.close();
  }

  doc(docId) {
    let doc = this.docs.get(docId);
    if (!doc) {
      doc = { seq: 0, log: [], state: new DocState(BOARD_SCHEMA) };
      this.docs.set(docId, doc);
    }
    return doc;
  }

  _onMessage(session, data) {
    this.stats.messagesIn++;
    if (data.byteLength > this.maxMessageSize) {
      this.stats.oversized++;
    }
    const { frames } = decodeMessage(data);
    for (const f of frames) {
      this.stats.framesIn++;
      if (f.type === FrameType.DELTA) {
        this._onDelta(session, f);
      } else if (f.type === FrameType.SUBSCRIBE) {
        this._onSubscribe(session, f);
      } else if (f.type === FrameType.UNSUBSCRIBE) {
        session.subs.delete(f.docId);
      } else {
        this._send(session, session.control, encodeNack(f.docId, f.seq, f.type, NackCode.UNKNOWN_FRAME_TYPE));
      }
    }
  }

  _onDelta(session, f) {
    if (f.seq <= session.lastClientSeq) {
      this._send(session, session.control, encodeNack(f.docId, f.seq, FrameType.DELTA, NackCode.DUPLICATE));
      return;
    }
    session.lastClientSeq = f.seq;
    let ops;
    try {
      ops = BOARD_SCHEMA.decodeOps(f.payload);
    } catch {
      this._send(session, session.control, encodeNack(f.docId, f.seq, FrameType.DELTA, NackCode.MALFORMED));
      return;
    }
    const bad = ops.find((op) => op.field === 'x' && (op.value < -100000 || op.value > 100000));
    if (bad) {
      this._send(session, session.control, encodeNack(f.docId, f.seq, FrameType.DELTA, NackCode.OUT_OF_BOUNDS, bad.index));
      return;
    }
    const doc = this.doc(f.docId);
    doc.seq++;
    doc.log.push(f.payload.slice());
    doc.state.apply(ops);
    this._send(session, session.control, encodeAck(f.docId, doc.seq, f.seq));
    for (const s of this.sessions.values()) {
      if (s.subs.has(f.docId)) {
        this._publish(s, f.docId, doc.seq, doc.log[doc.seq - 1]);
      }
    }
  }

  _onSubscribe(session, f) {
    const doc = this.doc(f.docId);
    this.stats.subscribes.push({ session: session.id, snapshot: (f.flags & FLAG_SNAPSHOT) !== 0, fromSeq: f.seq });
    if (f.flags & FLAG_SNAPSHOT) {
      session.subs.add(f.docId);
      const values = doc.state.toObject();
      const payload = Object.keys(values).length > 0 ? BOARD_SCHEMA.encodeOps(values) : new Uint8Array(0);
      this._send(session, session.control, encodeSubscribed(f.docId, doc.seq + 1, true));
      this._send(session, session.control, encodeSnapshot(f.docId, doc.seq, payload));
      return;
    }
    const fromSeq = Math.max(1, f.seq);
    if (fromSeq > doc.seq + 1) {
      this._send(session, session.control, encodeNack(f.docId, f.seq, FrameType.SUBSCRIBE, NackCode.OUT_OF_BOUNDS));
      return;
    }
    session.subs.add(f.docId);
    this._send(session, session.control, encodeSubscribed(f.docId, fromSeq));
    for (let seq = fromSeq; seq <= doc.seq; seq++) {
      this._send(session, session.control, encodeFrame(FrameType.DELTA, 0, f.docId, seq, doc.log[seq - 1]));
    }
  }

  // Live deltas of a busy document go on its dedicated unordered channel, where some are "lost".
  _publish(session, docId, seq, payload) {
    const frame = encodeFrame(FrameType.DELTA, 0, docId, seq, payload);
    if (seq < this.dedicatedAfter) {
      this._send(session, session.control, frame);
      return;
    }
    let channel = session.dedicated.get(docId);
    if (!channel) {
      channel = session.pc.createDataChannel(`deltad-doc/${docId}`, { ordered: false, maxRetransmits: 0 });
      session.dedicated.set(docId, channel);
    }
    if (this.dropEvery > 0 && seq % this.dropEvery === 7) {
      this.stats.dropped++;
      return;
    }
    this._send(session, channel, frame);
  }

  // Frames for a channel in one task leave together, like the appliance's batches.
  _send(session, channel, frame) {
    if (!channel) {
      return;
    }
    let queue = session.out.get(channel);
    if (!queue) {
      queue = [];
      session.out.set(channel, queue);
      queueMicrotask(() => this._flush(session, channel));
    }
    queue.push(frame);
  }

  _flush(session, channel) {
    const frames = session.out.get(channel);
    if (channel.readyState === 'connecting') {
      channel.addEventListener('open', () => this._flush(session, channel), { once: true });
      return;
    }
    session.out.delete(channel);
    if (channel.readyState !== 'open') {
      return;
    }
    for (const message of packFrames(frames, 16384)) {
      channel.send(message);
    }
  }
}
