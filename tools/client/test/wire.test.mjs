// The client's frame codec against docs/PROTOCOL.md: every worked example byte for byte, both ways, and the
// frames the document describes without an example, built from its layout tables.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  FLAG_SNAPSHOT, FLAG_WITH_SNAPSHOT, FrameType, HEADER_LENGTH, NackCode, decodeAckPayload, decodeErrorPayload,
  decodeMessage, decodeNackPayload, docId, docNumber, docTypeId, encodeAck, encodeDelta, encodeError, encodeFrame,
  encodeNack, encodeResync, encodeSnapshot, encodeSubscribe, encodeSubscribed, encodeUnsubscribe, formatDocId,
  frameTypeName, isRetryableNack, nackCodeName, packFrames, toDocId,
} from '../wire.js';
import { BOARD_SCHEMA } from '../board-schema.js';
import { concat, hex, protocolExamples } from './protocol-doc.mjs';

// PROTOCOL.md §9: board has type id 1, its field 1 is an i64; board/42.
const BOARD_42 = docId(1, 42);
const SET_FIELD_1_TO_7 = BOARD_SCHEMA.encodeOps([{ op: 'set', field: 1, value: 7 }]);

/** How the client builds each example of PROTOCOL.md §9. A new example in the document fails the test below. */
const BUILDERS = {
  'client-delta': () => encodeDelta(BOARD_42, 1, SET_FIELD_1_TO_7),
  'server-ack': () => encodeAck(BOARD_42, 1, 1),
  'server-delta': () => encodeFrame(FrameType.DELTA, 0, BOARD_42, 1, SET_FIELD_1_TO_7),
  'server-nack-duplicate': () => encodeNack(BOARD_42, 1, FrameType.DELTA, NackCode.DUPLICATE),
  'client-subscribe-snapshot': () => encodeSubscribe(BOARD_42, { snapshot: true }),
  'server-subscribed-snapshot': () => concat(encodeSubscribed(BOARD_42, 2, true), encodeSnapshot(BOARD_42, 1, SET_FIELD_1_TO_7)),
};

const examples = protocolExamples();

test('shouldFindTheWorkedExamplesInProtocolMd', () => {
  assert.ok(examples.size >= 6, `found ${examples.size} examples`);
  for (const name of examples.keys()) {
    assert.ok(BUILDERS[name], `PROTOCOL.md example "${name}" has no check in wire.test.mjs: add one`);
  }
});

for (const [name, build] of Object.entries(BUILDERS)) {
  test(`shouldEncode example ${name} byte for byte`, () => {
    assert.ok(examples.has(name), `PROTOCOL.md lost its example ${name}`);
    assert.equal(hex(build()), hex(examples.get(name)));
  });
}

test('shouldDecodeClientDeltaExample', () => {
  const { frames, failure } = decodeMessage(examples.get('client-delta'));
  assert.equal(failure, null);
  assert.equal(frames.length, 1);
  const [f] = frames;
  assert.deepEqual([f.version, f.type, f.hdrLen, f.flags, f.docId, f.seq], [0x10, FrameType.DELTA, 24, 0, BOARD_42, 1]);
  assert.deepEqual(BOARD_SCHEMA.decodeOps(f.payload), [{ op: 'set', field: 'x', index: 1, value: 7 }]);
});

test('shouldDecodeServerAckExample', () => {
  const [f] = decodeMessage(examples.get('server-ack')).frames;
  assert.equal(f.type, FrameType.ACK);
  assert.equal(f.seq, 1);
  assert.equal(decodeAckPayload(f.payload), 1);
});

test('shouldDecodeServerDeltaExampleWithTheWritersPayload', () => {
  const [f] = decodeMessage(examples.get('server-delta')).frames;
  assert.equal(f.type, FrameType.DELTA);
  assert.equal(f.seq, 1);
  assert.equal(hex(f.payload), hex(SET_FIELD_1_TO_7));
});

test('shouldDecodeNackDuplicateExample', () => {
  const [f] = decodeMessage(examples.get('server-nack-duplicate')).frames;
  assert.equal(f.type, FrameType.NACK);
  assert.equal(f.flags, FrameType.DELTA, 'flags hold the refused frame type');
  assert.equal(f.seq, 1, 'seq is the refused clientSeq');
  assert.deepEqual(decodeNackPayload(f.payload), { code: 13, name: 'DUPLICATE', field: null });
});

test('shouldDecodeSubscribeSnapshotExample', () => {
  const [f] = decodeMessage(examples.get('client-subscribe-snapshot')).frames;
  assert.deepEqual([f.type, f.flags, f.seq, f.payload.length], [FrameType.SUBSCRIBE, FLAG_SNAPSHOT, 0, 0]);
});

test('shouldDecodeSubscribedAndSnapshotBackToBack', () => {
  const { frames, failure } = decodeMessage(examples.get('server-subscribed-snapshot'));
  assert.equal(failure, null);
  assert.deepEqual(frames.map((f) => [frameTypeName(f.type), f.flags, f.seq]), [['SUBSCRIBED', FLAG_WITH_SNAPSHOT, 2], ['SNAPSHOT', 0, 1]]);
  assert.deepEqual(BOARD_SCHEMA.decodeOps(frames[1].payload), [{ op: 'set', field: 'x', index: 1, value: 7 }]);
});

// Frames with no worked example: expected bytes written out from the tables of PROTOCOL.md §2 and §4.
const HDR = (type, flags, payloadLength, seqBytes) => [
  0x10, type, 0x18, flags, payloadLength, 0, 0, 0,
  0x2a, 0, 0, 0, 0, 0, 0x01, 0x00,
  ...seqBytes,
];

test('shouldEncodeSubscribeFromSeq', () => {
  const frame = encodeSubscribe(BOARD_42, { fromSeq: 0x0102 });
  assert.equal(hex(frame), hex(HDR(2, 0, 0, [0x02, 0x01, 0, 0, 0, 0, 0, 0])));
  const [f] = decodeMessage(frame).frames;
  assert.deepEqual([f.type, f.flags, f.seq], [FrameType.SUBSCRIBE, 0, 0x0102]);
});

test('shouldEncodeUnsubscribe', () => {
  assert.equal(hex(encodeUnsubscribe(BOARD_42)), hex(HDR(3, 0, 0, [0, 0, 0, 0, 0, 0, 0, 0])));
});

test('shouldEncodeAndDecodeResyncWithAndWithoutSnapshot', () => {
  assert.equal(hex(encodeResync(BOARD_42, 9, true)), hex(HDR(7, 2, 0, [9, 0, 0, 0, 0, 0, 0, 0])));
  const [f] = decodeMessage(encodeResync(BOARD_42, 9, false)).frames;
  assert.deepEqual([f.type, f.flags, f.seq], [FrameType.RESYNC, 0, 9]);
});

test('shouldEncodeAndDecodeError', () => {
  const frame = encodeError(NackCode.NOT_PERMITTED, 'token expired');
  assert.equal(hex(frame.subarray(0, 26)), hex([0x10, 8, 0x18, 0, 15, 0, 0, 0, ...new Array(16).fill(0), 10, 0]));
  const [f] = decodeMessage(frame).frames;
  assert.deepEqual(decodeErrorPayload(f.payload), { code: 10, name: 'NOT_PERMITTED', text: 'token expired' });
});

test('shouldEncodeNackWithFieldAndRefusedSubscribe', () => {
  const frame = encodeNack(BOARD_42, 3, FrameType.SUBSCRIBE, NackCode.NOT_PERMITTED, 7);
  assert.equal(hex(frame), hex([...HDR(6, 2, 8, [3, 0, 0, 0, 0, 0, 0, 0]), 10, 0, 7, 0, 0, 0, 0, 0]));
  assert.deepEqual(decodeNackPayload(decodeMessage(frame).frames[0].payload), { code: 10, name: 'NOT_PERMITTED', field: 7 });
});

test('shouldWalkManyFramesOfOneMessage', () => {
  const message = concat(
    encodeSubscribed(BOARD_42, 5), encodeAck(BOARD_42, 5, 77), encodeFrame(FrameType.DELTA, 0, BOARD_42, 5, SET_FIELD_1_TO_7),
    encodeNack(BOARD_42, 78, FrameType.DELTA, NackCode.OUT_OF_BOUNDS, 1), encodeError(NackCode.BUSY, ''),
  );
  const { frames, failure } = decodeMessage(message);
  assert.equal(failure, null);
  assert.deepEqual(frames.map((f) => frameTypeName(f.type)), ['SUBSCRIBED', 'ACK', 'DELTA', 'NACK', 'ERROR']);
  assert.equal(decodeAckPayload(frames[1].payload), 77);
});

test('shouldSkipAHeaderExtensionOfANewerMinorVersion', () => {
  const ext = concat(Uint8Array.from([0x11, 1, 28, 0x80, 2, 0, 0, 0]), encodeAck(BOARD_42, 0, 0).subarray(8, 24),
    Uint8Array.from([0xee, 0xee, 0xee, 0xee, 0xab, 0xcd]));
  const { frames, failure } = decodeMessage(concat(ext, encodeUnsubscribe(BOARD_42)));
  assert.equal(failure, null);
  assert.equal(frames.length, 2);
  assert.deepEqual([frames[0].version, frames[0].hdrLen, frames[0].flags, hex(frames[0].payload)], [0x11, 28, 0x80, 'ab cd']);
});

test('shouldStopAtTheFirstBrokenFrameAndKeepTheOnesBefore', () => {
  const good = encodeAck(BOARD_42, 1, 1);
  const cases = [
    [good.subarray(0, 20), NackCode.MALFORMED, 'truncated header'],
    [Uint8Array.from([0x20, ...good.subarray(1)]), NackCode.UNSUPPORTED_VERSION, 'major version 2'],
    [Uint8Array.from([...good.subarray(0, 2), 20, ...good.subarray(3)]), NackCode.MALFORMED, 'hdrLen below 24'],
    [Uint8Array.from([...good.subarray(0, 4), 200, ...good.subarray(5)]), NackCode.MALFORMED, 'payload past the end'],
    [Uint8Array.from([...good.subarray(0, 4), 0, 0, 0, 0x80, ...good.subarray(8)]), NackCode.MALFORMED, 'payloadLength 2^31'],
  ];
  for (const [broken, code, what] of cases) {
    // A header cut short can only be the end of a message; the others are followed by a good frame, lost with them.
    const message = what === 'truncated header' ? concat(good, broken) : concat(good, broken, good);
    const { frames, failure } = decodeMessage(message);
    assert.equal(frames.length, 1, what);
    assert.equal(failure.code, code, what);
    assert.equal(failure.offset, good.length, what);
  }
});

test('shouldPackFramesIntoMessagesWithinTheSizeLimit', () => {
  const frames = Array.from({ length: 7 }, (_, i) => encodeDelta(BOARD_42, i + 1, SET_FIELD_1_TO_7)); // 34 bytes each
  const messages = packFrames(frames, 100);
  assert.deepEqual(messages.map((m) => m.length), [68, 68, 68, 34]);
  const seqs = messages.flatMap((m) => decodeMessage(m).frames.map((f) => f.seq));
  assert.deepEqual(seqs, [1, 2, 3, 4, 5, 6, 7]);
  assert.equal(packFrames(frames, 65536).length, 1);
  assert.throws(() => packFrames(frames, 33), /exceeds the max message size/);
});

test('shouldRoundTripSeqsAbove32BitsAndBigIntSeqs', () => {
  const big = 2 ** 40 + 5;
  assert.equal(decodeMessage(encodeDelta(BOARD_42, big, SET_FIELD_1_TO_7)).frames[0].seq, big);
  assert.equal(decodeMessage(encodeAck(BOARD_42, 3n, 2n ** 33n)).frames[0].seq, 3);
  assert.throws(() => encodeDelta(BOARD_42, -1, SET_FIELD_1_TO_7), RangeError);
  assert.throws(() => encodeDelta(BOARD_42, 1.5, SET_FIELD_1_TO_7), RangeError);
});

test('shouldBuildAndSplitDocIdsAsU64', () => {
  assert.equal(BOARD_42, 0x0001_0000_0000_002an);
  assert.equal(docTypeId(BOARD_42), 1);
  assert.equal(docNumber(BOARD_42), 42);
  const top = docId(0xffff, 2 ** 48 - 1);
  assert.equal(top, 0xffff_ffff_ffff_ffffn);
  assert.equal(decodeMessage(encodeUnsubscribe(top)).frames[0].docId, top, 'above 2^63 survives the wire');
  assert.equal(toDocId('1/42'), BOARD_42);
  assert.equal(toDocId('281474976710698'), BOARD_42);
  assert.equal(toDocId(281474976710698), BOARD_42);
  assert.equal(formatDocId(BOARD_42), '1/42');
  assert.equal(formatDocId(BOARD_42, (id) => (id === 1 ? 'board' : undefined)), 'board/42');
  assert.throws(() => docId(0x10000, 1), RangeError);
  assert.throws(() => docId(1, 2 ** 48), RangeError);
  assert.throws(() => toDocId(-1), RangeError);
  assert.throws(() => toDocId('board/42'), RangeError, 'names need the schema registry');
  assert.throws(() => toDocId(2 ** 64), RangeError);
});

test('shouldNameNackCodesAndTellRetryableOnes', () => {
  assert.equal(nackCodeName(1), 'MALFORMED');
  assert.equal(nackCodeName(13), 'DUPLICATE');
  assert.equal(nackCodeName(99), 'UNKNOWN_99');
  assert.deepEqual([11, 12].map(isRetryableNack), [true, true]);
  assert.deepEqual([1, 7, 10, 13].map(isRetryableNack), [false, false, false, false]);
  assert.equal(HEADER_LENGTH, 24);
});
