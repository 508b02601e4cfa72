// Gap detection and repair (PROTOCOL.md §5, §7) as a pure state machine driven by a clock the test advances.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { DocStream } from '../doc-stream.js';

const DOC = 0x0001_0000_0000_0001n;
const CONTROL = 'control';
const DEDICATED = 'dedicated';
const p = (seq) => Uint8Array.of(seq & 0xff);

/** Records what the stream decides. */
function recorder() {
  const events = [];
  return {
    events,
    delivered: () => events.filter((e) => e[0] === 'delta').map((e) => e[1]),
    repairs: () => events.filter((e) => e[0] === 'repair').map((e) => e[1]),
    delta: (s, seq) => events.push(['delta', seq]),
    snapshot: (s, seq) => events.push(['snapshot', seq]),
    resync: (s, info) => events.push(['resync', info]),
    repair: (s, fromSeq) => events.push(['repair', fromSeq]),
  };
}

function live(fromSeq = 1, options = {}) {
  const stream = new DocStream(DOC, options);
  const sink = recorder();
  stream.onSubscribed(fromSeq, false, 0, sink);
  return { stream, sink };
}

test('shouldDeliverInOrderAndDropRepeats', () => {
  const { stream, sink } = live();
  for (const seq of [1, 2, 2, 3, 1]) {
    stream.onDelta(seq, p(seq), CONTROL, true, 0, sink);
  }
  assert.deepEqual(sink.delivered(), [1, 2, 3]);
  assert.equal(stream.stats.duplicates, 2);
  assert.equal(stream.lastSeq, 3);
  assert.equal(stream.nextDeadline(), Infinity);
});

test('shouldApplyTheSnapshotBeforeDeltasThatCameEarly', () => {
  const stream = new DocStream(DOC);
  const sink = recorder();
  stream.onDelta(6, p(6), DEDICATED, false, 0, sink); // a dedicated channel can beat the control channel
  stream.onSubscribed(5, true, 0, sink);
  stream.onDelta(5, p(5), CONTROL, true, 0, sink);
  stream.onDelta(3, p(3), CONTROL, true, 0, sink); // older than the snapshot: dropped once the snapshot lands
  assert.deepEqual(sink.events, []);
  assert.equal(stream.onSnapshot(4, p(4), 0, sink), true);
  assert.deepEqual(sink.events, [['snapshot', 4], ['delta', 5], ['delta', 6]]);
  assert.equal(stream.onSnapshot(4, p(4), 0, sink), false, 'an unannounced snapshot is ignored');
});

test('shouldRepairAHoleOnAnUnorderedChannelAfterTheTimeout', () => {
  const { stream, sink } = live(1, { holeTimeoutMs: 50, tailProbeMs: 0 });
  stream.onDelta(1, p(1), DEDICATED, false, 0, sink);
  stream.onDelta(3, p(3), DEDICATED, false, 10, sink);
  stream.onDelta(4, p(4), DEDICATED, false, 20, sink);
  assert.deepEqual(sink.delivered(), [1]);
  assert.equal(stream.nextDeadline(), 60);
  stream.poll(59, sink);
  assert.deepEqual(sink.repairs(), [], 'a late delta may still fill the hole');
  stream.poll(60, sink);
  assert.deepEqual(sink.repairs(), [2]);
  stream.poll(100, sink);
  stream.onDelta(5, p(5), DEDICATED, false, 110, sink);
  assert.deepEqual(sink.repairs(), [2], 'one repair in flight per position');
  // The server restarts the subscription at 2 and replays 2.. : the buffered ones are not delivered twice.
  stream.onSubscribed(2, false, 120, sink);
  for (const seq of [2, 3, 4, 5, 6]) {
    stream.onDelta(seq, p(seq), CONTROL, true, 130, sink);
  }
  assert.deepEqual(sink.delivered(), [1, 2, 3, 4, 5, 6]);
  assert.equal(stream.nextDeadline(), Infinity);
  assert.equal(stream.stats.repairs, 1);
});

test('shouldNotRepairWhenTheHoleFillsInTime', () => {
  const { stream, sink } = live(1, { tailProbeMs: 0 });
  stream.onDelta(2, p(2), DEDICATED, false, 0, sink);
  stream.onDelta(1, p(1), DEDICATED, false, 30, sink);
  stream.poll(1000, sink);
  assert.deepEqual(sink.delivered(), [1, 2]);
  assert.deepEqual(sink.repairs(), []);
});

test('shouldProbeOnceAfterAQuietSpellOnAnUnorderedChannelBecauseALostLastDeltaLeavesNoHole', () => {
  const { stream, sink } = live(1, { tailProbeMs: 500 });
  stream.onDelta(1, p(1), DEDICATED, false, 0, sink);
  stream.onDelta(2, p(2), DEDICATED, false, 100, sink); // 3, the last one, is lost: no hole to see
  assert.equal(stream.nextDeadline(), 600);
  stream.poll(599, sink);
  assert.deepEqual(sink.repairs(), []);
  stream.poll(600, sink);
  assert.deepEqual(sink.repairs(), [3]);
  stream.poll(5000, sink);
  assert.deepEqual(sink.repairs(), [3], 'once per quiet spell');
  stream.onSubscribed(3, false, 5010, sink);
  stream.onDelta(3, p(3), CONTROL, true, 5011, sink);
  assert.deepEqual(sink.delivered(), [1, 2, 3]);
  assert.equal(stream.nextDeadline(), Infinity);
  assert.equal(stream.stats.tailProbes, 1);
});

test('shouldNotProbeADocumentThatOnlyComesOnTheOrderedChannel', () => {
  const { stream, sink } = live();
  stream.onDelta(1, p(1), CONTROL, true, 0, sink);
  assert.equal(stream.nextDeadline(), Infinity);
  stream.poll(10_000, sink);
  assert.deepEqual(sink.repairs(), []);
});

test('shouldRepairAtOnceOnAnOrderedChannelThatAloneCarriesTheDocument', () => {
  const { stream, sink } = live();
  stream.onDelta(1, p(1), CONTROL, true, 0, sink);
  stream.onDelta(3, p(3), CONTROL, true, 0, sink);
  assert.deepEqual(sink.repairs(), [2]);
  stream.onDelta(4, p(4), CONTROL, true, 1, sink);
  assert.deepEqual(sink.repairs(), [2], 'not again for every later frame');
});

test('shouldWaitOnAnOrderedChannelWhenAnotherChannelAlsoCarriesTheDocument', () => {
  // Promotion to a dedicated channel: seq 2 may still be in flight on the other channel.
  const { stream, sink } = live();
  stream.onDelta(1, p(1), DEDICATED, false, 0, sink);
  stream.onDelta(3, p(3), CONTROL, true, 0, sink);
  assert.deepEqual(sink.repairs(), []);
  stream.onDelta(2, p(2), DEDICATED, false, 20, sink);
  assert.deepEqual(sink.delivered(), [1, 2, 3]);
});

test('shouldAskAgainWhenARepairGoesUnanswered', () => {
  const { stream, sink } = live(1, { holeTimeoutMs: 50, repairRetryMs: 1000 });
  stream.onDelta(2, p(2), DEDICATED, false, 0, sink);
  stream.poll(50, sink);
  assert.equal(stream.nextDeadline(), 1050);
  stream.poll(1049, sink);
  assert.deepEqual(sink.repairs(), [1]);
  stream.poll(1050, sink);
  assert.deepEqual(sink.repairs(), [1, 1]);
});

test('shouldAskAgainWhenTheReplayItselfLosesADelta', () => {
  const { stream, sink } = live(1, { holeTimeoutMs: 50 });
  stream.onDelta(3, p(3), DEDICATED, false, 0, sink);
  stream.poll(50, sink);
  stream.onSubscribed(1, false, 60, sink); // answer: replay from 1 starts
  stream.onDelta(1, p(1), DEDICATED, false, 61, sink); // 2 lost again
  stream.poll(110, sink);
  assert.deepEqual(sink.repairs(), [1]);
  stream.poll(111, sink);
  assert.deepEqual(sink.repairs(), [1, 2], 'the new hole at 2 gets its own repair after its own timeout');
});

test('shouldReportAResyncWithSnapshotAndStartOver', () => {
  const { stream, sink } = live();
  stream.onDelta(1, p(1), CONTROL, true, 0, sink);
  stream.onResync(100, true, 0, sink);
  stream.onDelta(100, p(100), CONTROL, true, 0, sink);
  stream.onSnapshot(99, p(99), 0, sink);
  assert.deepEqual(sink.events, [['delta', 1], ['resync', { seq: 100, withSnapshot: true, lostFrom: 100, reason: 'resync' }],
    ['snapshot', 99], ['delta', 100]]);
});

test('shouldReportWhatAnOpaqueResyncLost', () => {
  const { stream, sink } = live();
  stream.onDelta(1, p(1), CONTROL, true, 0, sink);
  stream.onResync(40, false, 0, sink);
  stream.onDelta(40, p(40), CONTROL, true, 0, sink);
  assert.deepEqual(sink.events, [['delta', 1], ['resync', { seq: 40, withSnapshot: false, lostFrom: 2, reason: 'resync' }],
    ['delta', 40]]);
});

test('shouldNotMoveBackOnAStaleSubscribed', () => {
  const { stream, sink } = live();
  for (const seq of [1, 2, 3]) {
    stream.onDelta(seq, p(seq), CONTROL, true, 0, sink);
  }
  stream.onSubscribed(2, false, 0, sink);
  stream.onDelta(2, p(2), CONTROL, true, 0, sink);
  stream.onDelta(3, p(3), CONTROL, true, 0, sink);
  stream.onDelta(4, p(4), CONTROL, true, 0, sink);
  assert.deepEqual(sink.delivered(), [1, 2, 3, 4]);
});

test('shouldSayWhenASubscribedSkipsDeltas', () => {
  const { stream, sink } = live();
  stream.onSubscribed(9, false, 0, sink);
  assert.deepEqual(sink.events, [['resync', { seq: 9, withSnapshot: false, lostFrom: 1, reason: 'skipped' }]]);
});

test('shouldBoundTheBufferAndRecoverThroughRepair', () => {
  const { stream, sink } = live(1, { maxBuffered: 3 });
  for (const seq of [2, 3, 4, 5, 6]) {
    stream.onDelta(seq, p(seq), DEDICATED, false, 0, sink);
  }
  assert.equal(stream.buffered.size, 3);
  assert.equal(stream.stats.overflow, 2);
  stream.poll(50, sink);
  stream.onSubscribed(1, false, 60, sink);
  for (let seq = 1; seq <= 6; seq++) {
    stream.onDelta(seq, p(seq), CONTROL, true, 61, sink);
  }
  assert.deepEqual(sink.delivered(), [1, 2, 3, 4, 5, 6]);
});

test('shouldResumeFromTheLastDeliveredSeq', () => {
  const { stream, sink } = live();
  assert.deepEqual(new DocStream(DOC).resumePosition(), null, 'position unknown before SUBSCRIBED');
  for (const seq of [1, 2, 3]) {
    stream.onDelta(seq, p(seq), CONTROL, true, 0, sink);
  }
  stream.onDelta(5, p(5), DEDICATED, false, 0, sink);
  assert.deepEqual(stream.resumePosition(), { fromSeq: 4 });
  stream.restart();
  assert.equal(stream.buffered.size, 0);
  stream.onDelta(3, p(3), DEDICATED, false, 0, sink); // a late repeat from the old session
  stream.onSubscribed(4, false, 0, sink);
  stream.onDelta(4, p(4), CONTROL, true, 0, sink);
  assert.deepEqual(sink.delivered(), [1, 2, 3, 4]);
});

/** Seeded PRNG (mulberry32) so a failure reproduces. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

for (const seed of [1, 42, 7777]) {
  test(`shouldConvergeUnderLossAndReorder seed ${seed}`, () => {
    // A server whose document grows to N deltas, sent on an unordered channel losing 10% and reordering within a
    // window; repairs (SUBSCRIBE fromSeq) answered on the control channel, SUBSCRIBED then the replay, which is
    // also lossy. The stream must deliver 1..N exactly once, in order, in bounded time.
    const random = rng(seed);
    const N = 5000;
    const stream = new DocStream(DOC, { holeTimeoutMs: 50, repairRetryMs: 500 });
    const sink = recorder();
    const inFlight = []; // [arrivalMs, seq]
    let nowMs = 0;
    let produced = 0;
    const transmit = (seq) => {
      if (random() >= 0.1) {
        inFlight.push([nowMs + 1 + random() * 20, seq]);
      }
    };
    sink.repair = (s, fromSeq) => {
      sink.events.push(['repair', fromSeq]);
      inFlight.push([nowMs + 5, -fromSeq]); // SUBSCRIBED(fromSeq) on the control channel, then the replay
    };
    stream.onSubscribed(1, false, nowMs, sink);
    while (sink.delivered().length < N && nowMs < 120_000) {
      nowMs += 1;
      for (let k = 0; k < 3 && produced < N; k++) {
        transmit(++produced);
      }
      inFlight.sort((x, y) => x[0] - y[0]);
      while (inFlight.length > 0 && inFlight[0][0] <= nowMs) {
        const [, seq] = inFlight.shift();
        if (seq < 0) {
          stream.onSubscribed(-seq, false, nowMs, sink);
          for (let s = -seq; s <= produced; s++) {
            transmit(s);
          }
        } else {
          stream.onDelta(seq, p(seq), DEDICATED, false, nowMs, sink);
        }
      }
      stream.poll(nowMs, sink);
    }
    const delivered = sink.delivered();
    assert.equal(delivered.length, N, `delivered ${delivered.length} of ${N} by ${nowMs} ms`);
    assert.ok(delivered.every((seq, i) => seq === i + 1), 'in order, no duplicate');
    assert.ok(stream.stats.repairs > 0 && stream.stats.repairs < N / 5, `${stream.stats.repairs} repairs`);
  });
}
