// The client without WebRTC: batching and clientSeqs, ACK/NACK matching, subscriptions with snapshots, repair
// requests, and the catch-up bookkeeping across sessions. The test plays the server with frames from wire.js.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { ClientCore, DeltadError } from '../client-core.js';
import {
  FLAG_SNAPSHOT, FrameType, NackCode, decodeMessage, encodeAck, encodeError, encodeFrame, encodeNack, encodeResync,
  encodeSnapshot, encodeSubscribed,
} from '../wire.js';
import { BOARD_SCHEMA } from '../board-schema.js';
import { concat } from './protocol-doc.mjs';

const BOARD_1 = 0x0001_0000_0000_0001n;
const BOARD_2 = 0x0001_0000_0000_0002n;
const YJS_1 = 0x0003_0000_0000_0001n;
const CONTROL = { key: 'control', ordered: true };
const DEDICATED = { key: 'doc-1', ordered: false };

function newCore(options = {}) {
  let nowMs = 0;
  const core = new ClientCore({ schemas: [BOARD_SCHEMA], now: () => nowMs, ...options });
  const states = [];
  core.onState((s) => states.push(s));
  return { core, states, advance: (ms) => { nowMs += ms; } };
}

/** What the client put on the wire, as [type name, docId, seq, flags, payload] per frame, and the message count. */
function sent(core, budget) {
  const messages = core.drainOutgoing(budget);
  const frames = messages.flatMap((m) => decodeMessage(m).frames);
  return { messages, frames };
}

const serverDelta = (docId, seq, ops) => encodeFrame(FrameType.DELTA, 0, docId, seq, BOARD_SCHEMA.encodeOps(ops));

test('shouldBatchSendsOfOneTickIntoOneMessageWithIncreasingClientSeqs', () => {
  const { core } = newCore();
  core.sessionOpened({ maxMessageSize: 65536 });
  core.send(BOARD_1, { x: 1 });
  core.send(BOARD_2, { x: 2 });
  core.send(BOARD_1, [{ op: 'increment', field: 'votes', by: 1 }]);
  const { messages, frames } = sent(core);
  assert.equal(messages.length, 1);
  assert.deepEqual(frames.map((f) => [f.type, f.docId, f.seq]), [[1, BOARD_1, 1], [1, BOARD_2, 2], [1, BOARD_1, 3]]);
  assert.deepEqual(BOARD_SCHEMA.decodeOps(frames[2].payload), [{ op: 'increment', field: 'votes', index: 6, value: 1 }]);
  assert.equal(core.pendingDeltas, 3);
});

test('shouldRespectTheSessionsMaxMessageSize', () => {
  const { core } = newCore();
  core.sessionOpened({ maxMessageSize: 100 });
  for (let i = 0; i < 5; i++) {
    core.send(BOARD_1, { x: i }); // 34-byte frames
  }
  const { messages, frames } = sent(core);
  assert.deepEqual(messages.map((m) => m.length), [68, 68, 34]);
  assert.deepEqual(frames.map((f) => f.seq), [1, 2, 3, 4, 5]);
  const tooBig = core.send(BOARD_1, { title: 'x'.repeat(150) });
  sent(core);
  return assert.rejects(tooBig, { code: 'MESSAGE_TOO_LARGE' });
});

test('shouldStopAtTheFlowControlBudgetAndKeepTheRest', () => {
  const { core } = newCore();
  core.sessionOpened();
  for (let i = 0; i < 10; i++) {
    core.send(BOARD_1, { x: i });
  }
  assert.equal(sent(core, 100).frames.length, 3);
  assert.ok(core.hasOutgoing());
  assert.deepEqual(sent(core).frames.map((f) => f.seq), [4, 5, 6, 7, 8, 9, 10]);
});

test('shouldResolveByAckAndRejectByNackMatchingClientSeqInAnyOrder', async () => {
  const { core } = newCore();
  const nacks = [];
  core.onNack((n) => nacks.push(n));
  core.sessionOpened();
  const a = core.send(BOARD_1, { x: 1 });
  const b = core.send(BOARD_1, { width: 0 });
  const c = core.send(BOARD_1, { x: 3 });
  sent(core);
  core.receive(concat(
    encodeNack(BOARD_1, 2, FrameType.DELTA, NackCode.OUT_OF_BOUNDS, 3), encodeAck(BOARD_1, 8, 3), encodeAck(BOARD_1, 7, 1),
  ), CONTROL);
  assert.deepEqual(await a, { docId: BOARD_1, seq: 7, clientSeq: 1 });
  assert.deepEqual(await c, { docId: BOARD_1, seq: 8, clientSeq: 3 });
  await assert.rejects(b, (e) => e instanceof DeltadError && e.code === 'OUT_OF_BOUNDS' && e.field === 3
    && e.clientSeq === 2 && e.nackCode === 7 && !e.retryable);
  assert.deepEqual(nacks, [{ docId: BOARD_1, seq: 2, refusedType: 1, code: 7, codeName: 'OUT_OF_BOUNDS', field: 3, retryable: false }]);
  assert.equal(core.pendingDeltas, 0);
});

test('shouldMarkBusyAndRateLimitedAsRetryable', async () => {
  const { core } = newCore();
  core.sessionOpened();
  const a = core.send(BOARD_1, { x: 1 });
  sent(core);
  core.receive(encodeNack(BOARD_1, 1, FrameType.DELTA, NackCode.BUSY), CONTROL);
  await assert.rejects(a, { code: 'BUSY', retryable: true });
});

test('shouldSendOpaqueBytesAsIs', () => {
  const { core } = newCore();
  core.sessionOpened();
  core.sendOpaque(YJS_1, Uint8Array.of(1, 2, 3));
  const [f] = sent(core).frames;
  assert.deepEqual([f.docId, f.seq, [...f.payload]], [YJS_1, 1, [1, 2, 3]]);
  assert.throws(() => core.send(YJS_1, { x: 1 }), /no schema/);
});

test('shouldSubscribeWithSnapshotAndResolveOnceTheStateIsThere', async () => {
  const { core } = newCore();
  const seen = [];
  core.onSnapshot((docId, seq, ops) => seen.push(['snapshot', seq, ops.length]));
  core.onDelta((docId, seq, ops) => seen.push(['delta', seq, ops[0].field]));
  const subscribed = core.subscribe(BOARD_1, { snapshot: true });
  assert.equal(sent(core).frames.length, 0, 'nothing leaves before a session');
  core.sessionOpened();
  const [sub] = sent(core).frames;
  assert.deepEqual([sub.type, sub.flags, sub.docId, sub.seq], [FrameType.SUBSCRIBE, FLAG_SNAPSHOT, BOARD_1, 0]);
  let resolved = false;
  subscribed.then(() => { resolved = true; });
  core.receive(encodeSubscribed(BOARD_1, 3, true), CONTROL);
  await Promise.resolve();
  assert.equal(resolved, false, 'not before the snapshot');
  core.receive(concat(
    encodeSnapshot(BOARD_1, 2, BOARD_SCHEMA.encodeOps({ title: 'hello', x: 5, color: 'green' })),
    serverDelta(BOARD_1, 3, { x: 6 }), serverDelta(BOARD_1, 4, [{ op: 'increment', field: 'votes', by: 2 }]),
  ), CONTROL);
  assert.deepEqual(await subscribed, { docId: BOARD_1, nextSeq: 3 }, 'live from the snapshot on');
  assert.deepEqual(core.fields(BOARD_1), { title: 'hello', x: 6, color: 'green', votes: 2 });
  assert.deepEqual(seen, [['snapshot', 2, 3], ['delta', 3, 'x'], ['delta', 4, 'votes']]);
  assert.equal(core.lastSeq(BOARD_1), 4);
});

test('shouldRejectARefusedSubscribeAndForgetIt', async () => {
  const { core } = newCore();
  core.sessionOpened();
  const subscribed = core.subscribe(BOARD_2, { fromSeq: 1 });
  sent(core);
  core.receive(encodeNack(BOARD_2, 1, FrameType.SUBSCRIBE, NackCode.NOT_PERMITTED), CONTROL);
  await assert.rejects(subscribed, { code: 'NOT_PERMITTED' });
  assert.equal(core.fields(BOARD_2), undefined);
  core.receive(serverDelta(BOARD_2, 1, { x: 1 }), CONTROL);
  assert.equal(core.stats.deltasDelivered, 0);
});

test('shouldAskForRepairOnTheControlChannelWhenADedicatedChannelLosesADelta', () => {
  const { core, advance } = newCore({ holeTimeoutMs: 50 });
  core.sessionOpened();
  core.subscribe(BOARD_1, { fromSeq: 1 });
  sent(core);
  core.receive(encodeSubscribed(BOARD_1, 1), CONTROL);
  core.receive(serverDelta(BOARD_1, 1, { x: 1 }), DEDICATED);
  core.receive(serverDelta(BOARD_1, 3, { x: 3 }), DEDICATED);
  assert.equal(core.nextDeadline(), 50);
  advance(50);
  core.poll();
  const [repair] = sent(core).frames;
  assert.deepEqual([repair.type, repair.flags, repair.seq], [FrameType.SUBSCRIBE, 0, 2]);
  core.receive(concat(encodeSubscribed(BOARD_1, 2), serverDelta(BOARD_1, 2, { x: 2 }), serverDelta(BOARD_1, 3, { x: 3 })), CONTROL);
  assert.equal(core.lastSeq(BOARD_1), 3);
  assert.equal(core.stats.repairsRequested, 1);
  assert.equal(core.stats.duplicatesDropped, 1);
  assert.deepEqual(core.fields(BOARD_1), { x: 3 });
});

test('shouldSendRepairsBeforeQueuedDeltas', () => {
  const { core, advance } = newCore();
  core.sessionOpened();
  core.subscribe(BOARD_1, { fromSeq: 1 });
  core.receive(encodeSubscribed(BOARD_1, 1), CONTROL);
  sent(core);
  for (let i = 0; i < 3; i++) {
    core.send(BOARD_1, { x: i });
  }
  core.receive(serverDelta(BOARD_1, 2, { x: 2 }), DEDICATED);
  advance(50);
  core.poll();
  assert.deepEqual(sent(core).frames.map((f) => f.type), [2, 1, 1, 1]);
});

test('shouldCatchUpAfterAReconnectFromTheLastSeenSeqWithNewClientSeqs', async () => {
  const { core, states } = newCore();
  core.sessionOpened();
  core.subscribe(BOARD_1, { snapshot: true });
  core.subscribe(BOARD_2, { fromSeq: 1 });
  const acked = core.send(BOARD_1, { x: 1 });
  const unanswered = core.send(BOARD_1, { x: 2 });
  sent(core);
  core.receive(concat(
    encodeSubscribed(BOARD_1, 11, true), encodeSnapshot(BOARD_1, 10, BOARD_SCHEMA.encodeOps({ x: 0 })),
    serverDelta(BOARD_1, 11, { x: 1 }), encodeAck(BOARD_1, 11, 1),
  ), CONTROL);
  // BOARD_2 never answered: its position is unknown.
  core.sessionLost({ reason: 'test' });
  const queued = core.send(BOARD_1, { x: 3 });
  assert.deepEqual(sent(core).frames, [], 'nothing leaves between sessions');
  await assert.rejects(unanswered, { code: 'UNKNOWN_OUTCOME' });

  core.sessionOpened();
  const { frames } = sent(core);
  assert.deepEqual(frames.map((f) => [f.type, f.docId, f.flags, f.seq]), [
    [FrameType.SUBSCRIBE, BOARD_1, 0, 12], // last seen 11, so from 12: no snapshot, no gap, no duplicate
    [FrameType.SUBSCRIBE, BOARD_2, 0, 1], // as first asked
    [FrameType.DELTA, BOARD_1, 0, 1], // the new session numbers from 1 again (PROTOCOL.md §5)
  ]);
  assert.deepEqual(await acked, { docId: BOARD_1, seq: 11, clientSeq: 1 });
  core.receive(concat(encodeSubscribed(BOARD_1, 12), serverDelta(BOARD_1, 11, { x: 1 }), serverDelta(BOARD_1, 12, { x: 3 }),
    encodeAck(BOARD_1, 12, 1)), CONTROL);
  assert.deepEqual(await queued, { docId: BOARD_1, seq: 12, clientSeq: 1 });
  assert.deepEqual(core.fields(BOARD_1), { x: 3 });
  assert.equal(core.stats.deltasDelivered, 2);
  assert.deepEqual(states, ['open', 'reconnecting', 'open']);
});

test('shouldResendUnansweredDeltasFirstWhenAskedTo', () => {
  const { core } = newCore({ resendInFlight: true });
  core.sessionOpened();
  core.send(BOARD_1, { x: 1 });
  core.send(BOARD_1, { x: 2 });
  core.send(BOARD_1, { x: 3 });
  sent(core);
  core.receive(encodeAck(BOARD_1, 1, 1), CONTROL);
  core.sessionLost();
  core.send(BOARD_1, { x: 4 });
  core.sessionOpened();
  const xs = sent(core).frames.map((f) => [f.seq, BOARD_SCHEMA.decodeOps(f.payload)[0].value]);
  assert.deepEqual(xs, [[1, 2], [2, 3], [3, 4]], 'unanswered 2 and 3 first, in their order, renumbered');
});

test('shouldStartOverWhenTheServerIsBehindTheResumePosition', async () => {
  const { core } = newCore();
  const resyncs = [];
  core.onResync((docId, info) => resyncs.push(info));
  core.sessionOpened();
  core.subscribe(BOARD_1, { fromSeq: 1 });
  core.receive(concat(encodeSubscribed(BOARD_1, 1), serverDelta(BOARD_1, 1, { x: 1 }), serverDelta(BOARD_1, 2, { x: 2 })), CONTROL);
  core.sessionLost();
  core.sessionOpened();
  sent(core);
  // The appliance restarted with an empty store: it refuses fromSeq 3.
  core.receive(encodeNack(BOARD_1, 3, FrameType.SUBSCRIBE, NackCode.OUT_OF_BOUNDS), CONTROL);
  const [again] = sent(core).frames;
  assert.deepEqual([again.type, again.flags], [FrameType.SUBSCRIBE, FLAG_SNAPSHOT]);
  assert.deepEqual(resyncs, [{ seq: 0, withSnapshot: false, lostFrom: 3, reason: 'server-behind' }]);
  core.receive(concat(encodeSubscribed(BOARD_1, 1, true), encodeSnapshot(BOARD_1, 0, new Uint8Array(0)),
    serverDelta(BOARD_1, 1, { x: 9 })), CONTROL);
  assert.deepEqual(core.fields(BOARD_1), { x: 9 });
});

test('shouldPassResyncsToTheApplication', () => {
  const { core } = newCore();
  const resyncs = [];
  core.onResync((docId, info) => resyncs.push([docId, info.reason, info.withSnapshot]));
  core.sessionOpened();
  core.subscribe(BOARD_1, { fromSeq: 1 });
  core.receive(concat(encodeResync(BOARD_1, 50, true), encodeSnapshot(BOARD_1, 49, BOARD_SCHEMA.encodeOps({ y: 4 }))), CONTROL);
  assert.deepEqual(resyncs, [[BOARD_1, 'resync', true]]);
  assert.deepEqual(core.fields(BOARD_1), { y: 4 });
});

test('shouldKeepTheFramesBeforeAMalformedOneAndReportIt', () => {
  const { core } = newCore();
  const errors = [];
  core.onError((e) => errors.push(e));
  core.sessionOpened();
  core.subscribe(BOARD_1, { fromSeq: 1 });
  core.receive(concat(encodeSubscribed(BOARD_1, 1), serverDelta(BOARD_1, 1, { x: 1 }), Uint8Array.of(0x10, 1, 24)), CONTROL);
  core.receive(encodeError(NackCode.NOT_PERMITTED, 'token expired'), CONTROL);
  assert.equal(core.lastSeq(BOARD_1), 1);
  assert.equal(core.stats.malformedMessages, 1);
  assert.deepEqual(errors.map((e) => e.name), ['MALFORMED', 'NOT_PERMITTED']);
  assert.equal(errors[1].text, 'token expired');
});

test('shouldIgnoreUnknownFrameTypesAndUnsubscribedDocuments', () => {
  const { core } = newCore();
  core.sessionOpened();
  core.receive(concat(encodeFrame(42, 0, BOARD_1, 1), serverDelta(BOARD_2, 1, { x: 1 })), CONTROL);
  assert.equal(core.stats.ignoredFrames, 2);
});

test('shouldRejectEverythingPendingOnClose', async () => {
  const { core, states } = newCore();
  core.sessionOpened();
  const inFlight = core.send(BOARD_1, { x: 1 });
  sent(core);
  const queued = core.send(BOARD_1, { x: 2 });
  const subscribed = core.subscribe(BOARD_1);
  core.closeCore();
  await assert.rejects(inFlight, { code: 'CLOSED' });
  await assert.rejects(queued, { code: 'CLOSED' });
  await assert.rejects(subscribed, { code: 'CLOSED' });
  await assert.rejects(core.send(BOARD_1, { x: 3 }), { code: 'CLOSED' });
  assert.deepEqual(states, ['open', 'closed']);
});

test('shouldUnsubscribe', async () => {
  const { core } = newCore();
  core.sessionOpened();
  const pending = core.subscribe(BOARD_1);
  core.unsubscribe(BOARD_1);
  await assert.rejects(pending, { code: 'UNSUBSCRIBED' });
  const frames = sent(core).frames;
  assert.deepEqual(frames.map((f) => f.type), [FrameType.SUBSCRIBE, FrameType.UNSUBSCRIBE]);
  core.receive(encodeSubscribed(BOARD_1, 1), CONTROL);
  assert.equal(core.stats.ignoredFrames, 1);
});

test('shouldBoundTheQueueWhileNoSessionIsOpen', async () => {
  const { core } = newCore({ maxQueuedDeltas: 2 });
  core.send(BOARD_1, { x: 1 });
  core.send(BOARD_1, { x: 2 });
  await assert.rejects(core.send(BOARD_1, { x: 3 }), { code: 'QUEUE_FULL', retryable: true });
});
