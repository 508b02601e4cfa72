// Runs inside the test pages (served at /__deltad_test__/harness.js by Playwright's routing, never by the
// appliance). Opens deltad clients by name and records what each one sees, so the Node side of a test asks short
// questions with page.evaluate. docIds cross the page boundary as text ("1/42"), bigints as strings.

import { DeltadClient, toDocId } from '/client/deltad-client.js';
import { BOARD_SCHEMA } from '/client/board-schema.js';

const clients = new Map();

/** Fetches a demo token from the appliance: GET /v1/demo-token answers JSON `{token, sub, read, write, ...}`. */
export async function demoToken(tokenUrl = '/v1/demo-token') {
  const response = await fetch(tokenUrl, { cache: 'no-store' });
  const body = await response.text();
  if (!response.ok) {
    throw new Error(`${tokenUrl} answered ${response.status}: ${body}`);
  }
  return JSON.parse(body).token;
}

/**
 * Opens a client called `name`. `token`: a string, or omitted for a fresh demo token per session.
 * `openTimeoutMs` bounds the wait for the first session (the client itself retries for ever).
 * Other options go to the DeltadClient (e.g. `fetch` of a fake server, `reconnect`).
 */
export async function open(name, { url = location.origin, token, openTimeoutMs = 20_000, ...options } = {}) {
  const client = new DeltadClient(url, token ?? (() => demoToken()), { schemas: [BOARD_SCHEMA], ...options });
  const rec = { client, states: [client.state], reasons: [], docs: new Map(), nacks: [], errors: [], resyncs: [] };
  clients.set(name, rec);
  client.onState((state, detail) => {
    rec.states.push(state);
    if (detail?.reason) {
      rec.reasons.push(`${Math.round(performance.now())} ms: ${state}: ${detail.reason}`);
    }
  });
  client.onNack((n) => rec.nacks.push(n.codeName));
  client.onError((e) => rec.errors.push(`${e.name}: ${e.text}`));
  client.onResync((docId, info) => rec.resyncs.push({ doc: String(docId), ...info }));
  client.onSnapshot((docId, seq) => {
    const doc = docRecord(rec, docId);
    doc.snapshots.push(seq);
    doc.lastSeq = seq;
  });
  client.onDelta((docId, seq, ops) => {
    const doc = docRecord(rec, docId);
    if (doc.lastSeq !== null && seq !== doc.lastSeq + 1) {
      doc.outOfOrder++;
    }
    doc.lastSeq = seq;
    doc.count++;
    const x = ops?.find((op) => op.field === 'x');
    if (x) {
      doc.xBySeq.set(seq, x.value);
    }
  });
  let timer;
  const timeout = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no session within ${openTimeoutMs} ms`), { code: 'TIMEOUT' })),
      openTimeoutMs);
  });
  try {
    await Promise.race([client.opened(), timeout]);
  } catch (e) {
    return { ok: false, code: e.code, status: e.status ?? null, message: e.message, states: rec.states, errors: rec.errors };
  } finally {
    clearTimeout(timer);
  }
  return { ok: true, states: rec.states };
}

function docRecord(rec, docId) {
  const key = String(docId);
  let doc = rec.docs.get(key);
  if (!doc) {
    doc = { count: 0, lastSeq: null, outOfOrder: 0, snapshots: [], xBySeq: new Map() };
    rec.docs.set(key, doc);
  }
  return doc;
}

function get(name) {
  const rec = clients.get(name);
  if (!rec) {
    throw new Error(`no client ${name}`);
  }
  return rec;
}

/** Subscribes; resolves when live. */
export async function subscribe(name, doc, position = { snapshot: true }) {
  const { nextSeq } = await get(name).client.subscribe(toDocId(doc), position);
  return nextSeq;
}

/**
 * Sends `count` deltas setting x = first, first + 1, ... (`perTick` per task, so frames of a tick share messages;
 * `pauseMs` between ticks spreads them over time, e.g. past the server's one-second rate window).
 * Retryable refusals (BUSY, RATE_LIMITED) are sent again after a pause. Resolves when every one is answered.
 * @returns {{acked: number, refused: Object<string, number>, retries: number, seqs: [number, number][]}} seqs: [seq, x]
 */
export async function sendX(name, doc, { first = 1, count = 1, perTick = 200, pauseMs = 0, extraOps = [] } = {}) {
  const client = get(name).client;
  const docId = toDocId(doc);
  const refused = {};
  const seqs = [];
  let retries = 0;
  const one = async (x) => {
    for (;;) {
      try {
        const ack = await client.send(docId, [{ op: 'set', field: 'x', value: x }, ...extraOps]);
        seqs.push([ack.seq, x]);
        return;
      } catch (e) {
        if (!e.retryable) {
          refused[e.code] = (refused[e.code] ?? 0) + 1;
          return;
        }
        retries++;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  };
  const all = [];
  for (let i = 0; i < count; i++) {
    all.push(one(first + i));
    if ((i + 1) % perTick === 0) {
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  }
  await Promise.all(all);
  seqs.sort((a, b) => a[0] - b[0]);
  return { acked: seqs.length, refused, retries, seqs };
}

/** Sends ops once; resolves `{seq}` or `{code}`. */
export async function sendOps(name, doc, ops) {
  try {
    const ack = await get(name).client.send(toDocId(doc), ops);
    return { seq: ack.seq };
  } catch (e) {
    return { code: e.code };
  }
}

/** Waits until the client delivered `seq` of `doc` (or the timeout). */
export async function waitForSeq(name, doc, seq, timeoutMs = 30_000) {
  const deadline = performance.now() + timeoutMs;
  const key = String(toDocId(doc));
  while (performance.now() < deadline) {
    const d = get(name).docs.get(key);
    if (d && d.lastSeq !== null && d.lastSeq >= seq) {
      return true;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

/** Waits until the client is in `state`. */
export async function waitForState(name, state, timeoutMs = 30_000) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (get(name).client.state === state) {
      return true;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

/** What a client saw of a document, JSON-safe. */
export function summary(name, doc) {
  const rec = get(name);
  const key = String(toDocId(doc));
  const d = rec.docs.get(key) ?? { count: 0, lastSeq: null, outOfOrder: 0, snapshots: [], xBySeq: new Map() };
  return {
    count: d.count,
    lastSeq: d.lastSeq,
    outOfOrder: d.outOfOrder,
    snapshots: d.snapshots,
    xBySeq: [...d.xBySeq.entries()],
    fields: jsonSafe(rec.client.fields(toDocId(doc)) ?? null),
    stats: { ...rec.client.stats },
    states: rec.states,
    nacks: rec.nacks,
    errors: rec.errors,
    resyncs: rec.resyncs,
  };
}

/**
 * Every client of the page: its connection states, errors, NACKs, resyncs and stats, and what its current
 * RTCPeerConnection says (ICE, DTLS and SCTP states, the transport's packet counts, the selected candidate pair's
 * addresses) — for failure reports, and for tests that check which path the datagrams took.
 */
export async function report() {
  return Promise.all([...clients.entries()].map(async ([name, rec]) => ({
    name, state: rec.client.state, states: rec.states, reasons: rec.reasons, errors: rec.errors, nacks: rec.nacks, resyncs: rec.resyncs,
    stats: { ...rec.client.stats }, pc: await peerReport(rec.client._session?.pc),
  })));
}

async function peerReport(pc) {
  if (!pc) {
    return null;
  }
  const out = { connection: pc.connectionState, ice: pc.iceConnectionState, sctp: pc.sctp?.state ?? null };
  try {
    const stats = await pc.getStats();
    for (const s of stats.values()) {
      if (s.type === 'transport') {
        Object.assign(out, { dtls: s.dtlsState, packetsSent: s.packetsSent, packetsReceived: s.packetsReceived,
          bytesReceived: s.bytesReceived });
        // The addresses the datagrams travel between: "address:port" of each end of the selected candidate pair.
        const pair = stats.get(s.selectedCandidatePairId);
        const [local, remote] = [stats.get(pair?.localCandidateId), stats.get(pair?.remoteCandidateId)];
        Object.assign(out, { local: local && `${local.address}:${local.port}`, remote: remote && `${remote.address}:${remote.port}` });
      } else if (s.type === 'data-channel') {
        (out.channels ??= []).push(`${s.label} ${s.state} in ${s.messagesReceived} out ${s.messagesSent}`);
      } else if (s.type === 'candidate-pair' && s.nominated !== undefined && s.state === 'succeeded') {
        Object.assign(out, { consentRequestsSent: s.consentRequestsSent, responsesReceived: s.responsesReceived });
      }
    }
  } catch (e) {
    out.statsError = e.message;
  }
  return out;
}

/** Closes a client. */
export async function close(name) {
  await get(name).client.close();
}

/** Closes every client. */
export async function closeAll() {
  await Promise.all([...clients.values()].map((rec) => rec.client.close()));
}

function jsonSafe(value) {
  return JSON.parse(JSON.stringify(value, (k, v) => (typeof v === 'bigint' ? v.toString() : v)));
}
