// deltad browser client: connects to a deltad appliance over WebRTC DataChannels (signaling: POST /v1/sessions
// with the SDP offer), subscribes to documents, sends deltas, and survives lost sessions by reconnecting with
// exponential back-off and catching up. No dependencies, no build step: an ES module for Chromium, Firefox, Safari.
// Guide and example: docs/CLIENT.md. Wire format: docs/PROTOCOL.md.

import { ClientCore, ClientState, CORE_DEFAULTS, DeltadError } from './client-core.js';

export * from './wire.js';
export * from './schema.js';
export { DocStream, DOC_STREAM_DEFAULTS } from './doc-stream.js';
export { ClientCore, ClientState, CORE_DEFAULTS, DeltadError } from './client-core.js';

/** Label and sub-protocol of the control channel the client opens. */
export const CONTROL_LABEL = 'deltad';
export const CONTROL_PROTOCOL = 'deltad/1';
/** Label prefix of the channels the server opens for a busy document: `deltad-doc/<docId decimal>`. */
export const DOC_CHANNEL_PREFIX = 'deltad-doc/';

/** Defaults of the options of {@link connect} / {@link DeltadClient} (on top of {@link CORE_DEFAULTS}). */
export const CLIENT_DEFAULTS = Object.freeze({
  /** How long to wait for ICE gathering before sending the offer as it is (an ICE-lite server needs none). */
  iceGatheringTimeoutMs: 500,
  /** How long a session may take from the offer to the open control channel. */
  openTimeoutMs: 10_000,
  /** How long ICE may stay "disconnected" before the session counts as lost. */
  disconnectedGraceMs: 4000,
  /** Flow control on the control channel: stop sending above this many buffered bytes ... */
  highWaterBytes: 1 << 20,
  /** ... and resume below this many. */
  lowWaterBytes: 256 << 10,
  /** Reconnect back-off: delay = min(maxDelayMs, initialDelayMs * factor^(attempt-1)), minus up to jitter of it. */
  reconnect: Object.freeze({ initialDelayMs: 250, maxDelayMs: 10_000, factor: 2, jitter: 0.5, maxAttempts: Infinity }),
});

/** Largest message when the answer allows any size (`a=max-message-size:0`) and the browser does not say. */
const UNLIMITED_MESSAGE_SIZE = 256 << 10;
/** RFC 8841: the size to assume when the answer has no `a=max-message-size`. */
const DEFAULT_MAX_MESSAGE_SIZE = 65536;
/** Signaling statuses not worth retrying with the same offer and token. */
const TERMINAL_STATUSES = new Set([400, 403, 404, 413, 415, 422]);
const CONTROL_CHANNEL = Object.freeze({ key: 'control', ordered: true });

/**
 * Options of {@link connect}. Also every option of {@link ClientCore} (schemas, holeTimeoutMs, resendInFlight, ...).
 * @typedef {object} ConnectOptions
 * @property {Array<import('./schema.js').Schema|object>|import('./schema.js').SchemaRegistry} [schemas]
 * @property {number} [iceGatheringTimeoutMs]
 * @property {number} [openTimeoutMs]
 * @property {number} [disconnectedGraceMs]
 * @property {Partial<typeof CLIENT_DEFAULTS.reconnect>} [reconnect] `maxAttempts` counts consecutive failures
 * @property {RTCConfiguration} [rtcConfiguration] extra RTCPeerConnection configuration (default: no ICE servers)
 * @property {typeof fetch} [fetch] fetch to use for signaling
 * @property {typeof RTCPeerConnection} [RTCPeerConnection] implementation to use
 */

/**
 * Connects to a deltad appliance and resolves once the first session is open.
 * @param {string} url base URL of the signaling endpoint, e.g. `location.origin` or `"http://127.0.0.1:8443"`
 * @param {string|(() => (string|Promise<string>))} token bearer token, or a function giving a fresh one (called
 *   for every session, so reconnects after the token expired work)
 * @param {ConnectOptions} [options]
 * @returns {Promise<DeltadClient>} rejects with a {@link DeltadError} when the first session is refused for good
 * @example
 * const client = await connect(location.origin, token, { schemas: [boardSchema] });
 * client.onDelta((docId, seq, ops) => render(client.fields(docId)));
 * await client.subscribe(board, { snapshot: true });
 * const { seq } = await client.send(board, [{ op: 'set', field: 'title', value: 'Hello' }]);
 */
export async function connect(url, token, options = {}) {
  const client = new DeltadClient(url, token, options);
  await client.opened();
  return client;
}

/**
 * A client of one deltad appliance: one WebRTC session at a time, replaced after a loss. See {@link ClientCore}
 * for the document API (subscribe, send, onDelta, ...).
 */
export class DeltadClient extends ClientCore {
  /**
   * Starts connecting at once; listeners registered right after construction see every state change.
   * @param {string} url
   * @param {string|(() => (string|Promise<string>))} token
   * @param {ConnectOptions} [options]
   */
  constructor(url, token, options = {}) {
    super(options);
    if (typeof url !== 'string' || url.length === 0) {
      throw new TypeError('url must be the signaling base URL');
    }
    this.url = url.replace(/\/+$/, '');
    this.token = token;
    this.config = {
      iceGatheringTimeoutMs: options.iceGatheringTimeoutMs ?? CLIENT_DEFAULTS.iceGatheringTimeoutMs,
      openTimeoutMs: options.openTimeoutMs ?? CLIENT_DEFAULTS.openTimeoutMs,
      disconnectedGraceMs: options.disconnectedGraceMs ?? CLIENT_DEFAULTS.disconnectedGraceMs,
      highWaterBytes: options.highWaterBytes ?? CLIENT_DEFAULTS.highWaterBytes,
      lowWaterBytes: options.lowWaterBytes ?? CLIENT_DEFAULTS.lowWaterBytes,
      reconnect: { ...CLIENT_DEFAULTS.reconnect, ...options.reconnect },
      rtcConfiguration: { iceServers: [], ...options.rtcConfiguration },
    };
    this._fetch = options.fetch ?? ((...args) => globalThis.fetch(...args));
    this._RTCPeerConnection = options.RTCPeerConnection ?? globalThis.RTCPeerConnection;
    if (typeof this._RTCPeerConnection !== 'function') {
      throw new TypeError('no RTCPeerConnection in this environment');
    }
    /** The current session: `{pc, control, location, token, lost}`, or null. */
    this._session = null;
    /** Consecutive failed attempts. */
    this._failures = 0;
    this._unauthorizedInARow = 0;
    this._flushScheduled = false;
    this._repairTimer = null;
    this._repairDeadline = Infinity;
    this._reconnectTimer = null;
    /** @type {DeltadError|null} why the client closed, when it closed on its own */
    this.closeError = null;
    this._attempt();
  }

  /**
   * Resolves when a session is open (at once if one is), rejects if the client closes first.
   * @returns {Promise<DeltadClient>}
   */
  opened() {
    if (this.state === ClientState.OPEN) {
      return Promise.resolve(this);
    }
    if (this.state === ClientState.CLOSED) {
      return Promise.reject(this.closeError ?? new DeltadError('CLOSED', 'the client is closed'));
    }
    return new Promise((resolve, reject) => {
      const off = this.onState((state) => {
        if (state === ClientState.OPEN) {
          off();
          resolve(this);
        } else if (state === ClientState.CLOSED) {
          off();
          reject(this.closeError ?? new DeltadError('CLOSED', 'the client is closed'));
        }
      });
    });
  }

  /**
   * Closes the session (DELETE on the signaling endpoint) and the client; pending sends and subscribes reject
   * with CLOSED. Resolves when the DELETE is answered (or failed).
   */
  async close() {
    if (this.state === ClientState.CLOSED) {
      return;
    }
    clearTimeout(this._reconnectTimer);
    clearTimeout(this._repairTimer);
    const session = this._session;
    this._session = null;
    this.closeCore({ reason: 'closed by the application' });
    if (session) {
      session.lost = true;
      await this._teardown(session);
    }
  }

  /** @override */
  wake() {
    if (this._flushScheduled) {
      return;
    }
    this._flushScheduled = true;
    // Everything sent in the same tick leaves together, packed into as few messages as the size limit allows.
    queueMicrotask(() => {
      this._flushScheduled = false;
      this._flush();
    });
  }

  // ------------------------------------------------------------------------------------------------- session

  async _attempt() {
    this._reconnectTimer = null;
    const session = {
      pc: null, control: null, location: null, token: null, lost: false, deleted: false, disconnectedTimer: null,
    };
    this._session = session;
    try {
      await this._open(session);
    } catch (error) {
      const abandoned = session.lost || this._session !== session;
      session.lost = true;
      this._teardown(session); // again if abandoned: the POST may have created the session after close()
      if (abandoned) {
        return; // closed by the application, or already handled as a loss
      }
      this._session = null;
      this._failed(error);
      return;
    }
    this._failures = 0;
    this._unauthorizedInARow = 0;
    this.sessionOpened({ maxMessageSize: session.maxMessageSize });
  }

  async _open(session) {
    const pc = new this._RTCPeerConnection(this.config.rtcConfiguration);
    session.pc = pc;
    const control = pc.createDataChannel(CONTROL_LABEL, { protocol: CONTROL_PROTOCOL, ordered: true });
    control.binaryType = 'arraybuffer';
    session.control = control;
    control.onmessage = (event) => this._onMessage(session, event.data, CONTROL_CHANNEL);
    pc.ondatachannel = (event) => this._adoptChannel(session, event.channel);
    pc.onconnectionstatechange = () => this._onConnectionState(session);

    await pc.setLocalDescription(await pc.createOffer());
    await waitForGathering(pc, this.config.iceGatheringTimeoutMs);
    this._checkAlive(session);

    session.token = String(typeof this.token === 'function' ? await this.token() : this.token).trim();
    this._checkAlive(session);
    let response;
    try {
      response = await this._fetch(`${this.url}/v1/sessions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/sdp', Authorization: `Bearer ${session.token}` },
        body: pc.localDescription.sdp,
      });
    } catch (e) {
      throw new DeltadError('SIGNALING', `signaling POST failed: ${e.message}`, { retryable: true });
    }
    const body = await response.text();
    if (response.status !== 201) {
      const retryAfter = Number(response.headers.get('Retry-After'));
      const error = new DeltadError('SIGNALING', `signaling answered ${response.status}: ${body.trim()}`,
        { status: response.status, retryable: !TERMINAL_STATUSES.has(response.status) });
      error.retryAfterMs = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 0;
      throw error;
    }
    const location = response.headers.get('Location');
    session.location = location ? new URL(location, `${this.url}/`).href : null;
    this._checkAlive(session);
    await pc.setRemoteDescription({ type: 'answer', sdp: body });
    await waitForOpen(control, this.config.openTimeoutMs);
    this._checkAlive(session);
    session.maxMessageSize = effectiveMaxMessageSize(body, pc.sctp?.maxMessageSize);
    control.bufferedAmountLowThreshold = this.config.lowWaterBytes;
    control.onbufferedamountlow = () => this._flush();
    control.onclose = () => this._lose(session, 'control channel closed');
  }

  _checkAlive(session) {
    if (session.lost || this._session !== session) {
      throw new DeltadError('CLOSED', 'the attempt was abandoned');
    }
  }

  _adoptChannel(session, channel) {
    channel.binaryType = 'arraybuffer';
    this.stats.dedicatedChannels++;
    // Each channel is its own ordering domain: the DocStream needs to know which one a delta came on.
    const info = Object.freeze({ key: channel, ordered: channel.ordered !== false, label: channel.label });
    channel.onmessage = (event) => this._onMessage(session, event.data, info);
  }

  _onMessage(session, data, channel) {
    if (session !== this._session || session.lost) {
      return;
    }
    if (typeof data === 'string') {
      this.stats.ignoredFrames++;
      return;
    }
    this.receive(data, channel);
    this._armRepairTimer();
  }

  _onConnectionState(session) {
    const state = session.pc.connectionState;
    if (state === 'failed' || state === 'closed') {
      this._lose(session, `peer connection ${state}`);
    } else if (state === 'disconnected') {
      if (!session.disconnectedTimer) {
        session.disconnectedTimer = setTimeout(
          () => this._lose(session, 'peer connection disconnected'), this.config.disconnectedGraceMs);
      }
    } else if (session.disconnectedTimer) {
      clearTimeout(session.disconnectedTimer);
      session.disconnectedTimer = null;
    }
  }

  _lose(session, reason) {
    if (session.lost || this._session !== session) {
      return;
    }
    session.lost = true;
    this._session = null;
    const wasOpen = this.sessionOpen;
    this._teardown(session);
    if (wasOpen) {
      this.sessionLost({ reason });
      this._scheduleReconnect({ reason });
    } else {
      this._failed(new DeltadError('SIGNALING', reason, { retryable: true }));
    }
  }

  _failed(error) {
    this._failures++;
    if (error.status === 401) {
      this._unauthorizedInARow++;
    } else {
      this._unauthorizedInARow = 0;
    }
    // A refused token is final unless a token function may give a better one (once).
    const terminal = !error.retryable
      || (error.status === 401 && (typeof this.token !== 'function' || this._unauthorizedInARow > 1))
      || this._failures >= this.config.reconnect.maxAttempts;
    this._emit('error', { code: 0, name: error.code, text: error.message, status: error.status });
    if (terminal) {
      this.closeError = error;
      this.closeCore({ reason: error.message, error });
      return;
    }
    this._scheduleReconnect({ reason: error.message, error }, error.retryAfterMs ?? 0);
  }

  _scheduleReconnect(detail, minDelayMs = 0) {
    if (this.state === ClientState.CLOSED) {
      return;
    }
    const r = this.config.reconnect;
    const attempt = Math.max(1, this._failures);
    const base = Math.min(r.maxDelayMs, r.initialDelayMs * r.factor ** (attempt - 1));
    const delayMs = Math.max(minDelayMs, Math.round(base * (1 - r.jitter * Math.random())));
    if (this.sessions > 0) {
      this._setState(ClientState.RECONNECTING, { ...detail, attempt, delayMs });
    }
    this._reconnectTimer = setTimeout(() => this._attempt(), delayMs);
  }

  async _teardown(session) {
    clearTimeout(session.disconnectedTimer);
    if (session.control) {
      session.control.onclose = null;
      session.control.onmessage = null;
      session.control.onbufferedamountlow = null;
    }
    if (session.pc) {
      session.pc.onconnectionstatechange = null;
      session.pc.ondatachannel = null;
      try {
        session.pc.close();
      } catch {
        // already closed
      }
    }
    if (session.location && !session.deleted) {
      session.deleted = true;
      try {
        await this._fetch(session.location, {
          method: 'DELETE', headers: { Authorization: `Bearer ${session.token}` }, keepalive: true,
        });
      } catch {
        // The server forgets the session on its own when ICE consent expires.
      }
    }
  }

  // --------------------------------------------------------------------------------------------- data path

  _flush() {
    const session = this._session;
    if (!session || !this.sessionOpen || session.control.readyState !== 'open') {
      return;
    }
    const control = session.control;
    try {
      while (this.hasOutgoing()) {
        const room = this.config.highWaterBytes - control.bufferedAmount;
        if (room <= 0) {
          return; // onbufferedamountlow calls again
        }
        for (const message of this.drainOutgoing(room)) {
          control.send(message);
        }
      }
    } catch (e) {
      this._lose(session, `send failed: ${e.message}`);
    }
  }

  _armRepairTimer() {
    const deadline = this.nextDeadline();
    if (deadline === this._repairDeadline) {
      return;
    }
    clearTimeout(this._repairTimer);
    this._repairDeadline = deadline;
    if (deadline === Infinity) {
      this._repairTimer = null;
      return;
    }
    this._repairTimer = setTimeout(() => {
      this._repairDeadline = Infinity;
      this._repairTimer = null;
      if (this.sessionOpen) {
        this.poll();
        this._armRepairTimer();
      }
    }, Math.max(0, deadline - this.now()));
  }
}

/**
 * The message size limit for a session: the answer's `a=max-message-size` (RFC 8841; 65536 when absent, 0 means
 * no limit) bounded by what the browser reports for the SCTP transport.
 * @param {string} answerSdp
 * @param {number} [browserMax] `RTCSctpTransport.maxMessageSize`
 * @returns {number}
 */
export function effectiveMaxMessageSize(answerSdp, browserMax) {
  const match = /^a=max-message-size:(\d+)\s*$/m.exec(answerSdp);
  let limit = match ? Number(match[1]) : DEFAULT_MAX_MESSAGE_SIZE;
  if (limit === 0) {
    limit = Infinity;
  }
  if (Number.isFinite(browserMax) && browserMax > 0) {
    limit = Math.min(limit, browserMax);
  }
  return Number.isFinite(limit) ? limit : UNLIMITED_MESSAGE_SIZE;
}

function waitForGathering(pc, timeoutMs) {
  if (pc.iceGatheringState === 'complete') {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', check);
      resolve();
    };
    const check = () => {
      if (pc.iceGatheringState === 'complete') {
        done();
      }
    };
    const timer = setTimeout(done, timeoutMs);
    pc.addEventListener('icegatheringstatechange', check);
  });
}

function waitForOpen(channel, timeoutMs) {
  if (channel.readyState === 'open') {
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    const finish = (error) => {
      clearTimeout(timer);
      channel.removeEventListener('open', onOpen);
      channel.removeEventListener('close', onClose);
      if (error) {
        reject(error);
      } else {
        resolve();
      }
    };
    const onOpen = () => finish(null);
    const onClose = () => finish(new DeltadError('SIGNALING', 'the control channel closed before it opened', { retryable: true }));
    const timer = setTimeout(() => finish(new DeltadError('SIGNALING',
      `the control channel did not open within ${timeoutMs} ms`, { retryable: true })), timeoutMs);
    channel.addEventListener('open', onOpen);
    channel.addEventListener('close', onClose);
  });
}
