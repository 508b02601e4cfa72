// deltad wire format, version 1.0: frame header, frame types, NACK codes, docIds, message packing.
// The byte-level reference is docs/PROTOCOL.md; test/wire.test.mjs checks this file against its hex examples.
// No dependencies; runs in browsers and in Node.

/**
 * Frame header, 24 bytes, little-endian (PROTOCOL.md §2):
 *
 * ```
 *   0       1       2       3       4                               8
 *   +-------+-------+-------+-------+-------------------------------+
 *   |version| type  |hdrLen | flags |   payloadLength (u32)         |
 *   +-------+-------+-------+-------+-------------------------------+
 *   |                         docId (u64)                           |  8
 *   +---------------------------------------------------------------+
 *   |   seq (u64): clientSeq client->server, document seq s->c      | 16
 *   +---------------------------------------------------------------+
 *   |   header extension (hdrLen - 24 bytes, skipped)               | 24
 *   +---------------------------------------------------------------+
 *   |   payload (payloadLength bytes)                               | hdrLen
 *   +---------------------------------------------------------------+
 * ```
 * @module wire
 */

/** Version byte this client writes: major 1 in the high nibble, minor 0. */
export const PROTOCOL_VERSION = 0x10;
/** Length of a version 1.0 header in bytes. */
export const HEADER_LENGTH = 24;
/** Largest payloadLength a frame may declare. */
export const MAX_PAYLOAD_LENGTH = 0x7fffffff;

const VERSION_OFFSET = 0;
const TYPE_OFFSET = 1;
const HDR_LEN_OFFSET = 2;
const FLAGS_OFFSET = 3;
const PAYLOAD_LENGTH_OFFSET = 4;
const DOC_ID_OFFSET = 8;
const SEQ_OFFSET = 16;
const TWO_POW_32 = 0x1_0000_0000;

/**
 * Frame types (PROTOCOL.md §4). 1–3 are sent by clients, 4–9 only by the server; DELTA goes both ways.
 * @readonly
 * @enum {number}
 */
export const FrameType = Object.freeze({
  DELTA: 1,
  SUBSCRIBE: 2,
  UNSUBSCRIBE: 3,
  SNAPSHOT: 4,
  ACK: 5,
  NACK: 6,
  RESYNC: 7,
  ERROR: 8,
  SUBSCRIBED: 9,
});

const FRAME_TYPE_NAMES = Object.freeze(Object.fromEntries(Object.entries(FrameType).map(([k, v]) => [v, k])));

/** Name of a frame type, e.g. `"ACK"`, or `"TYPE_<n>"` for a type this client does not know. */
export function frameTypeName(type) {
  return FRAME_TYPE_NAMES[type] ?? `TYPE_${type}`;
}

/** SUBSCRIBE flag: ask for a snapshot instead of a fromSeq. */
export const FLAG_SNAPSHOT = 0x01;
/** SUBSCRIBED / RESYNC flag: a SNAPSHOT frame at `seq - 1` follows. */
export const FLAG_WITH_SNAPSHOT = 0x02;

/**
 * NACK and ERROR codes (PROTOCOL.md §8).
 * @readonly
 * @enum {number}
 */
export const NackCode = Object.freeze({
  MALFORMED: 1,
  UNSUPPORTED_VERSION: 2,
  UNKNOWN_FRAME_TYPE: 3,
  UNKNOWN_DOC_TYPE: 4,
  UNKNOWN_FIELD: 5,
  TYPE_MISMATCH: 6,
  OUT_OF_BOUNDS: 7,
  INVALID_UTF8: 8,
  TOO_LARGE: 9,
  NOT_PERMITTED: 10,
  RATE_LIMITED: 11,
  BUSY: 12,
  DUPLICATE: 13,
});

const NACK_NAMES = Object.freeze(Object.fromEntries(Object.entries(NackCode).map(([k, v]) => [v, k])));

/** The NACK `field` value meaning "not about one field". */
export const NO_FIELD = 0xffff;

/** Name of a NACK code, e.g. `"DUPLICATE"`, or `"UNKNOWN_<n>"` for a code from a newer server. */
export function nackCodeName(code) {
  return NACK_NAMES[code] ?? `UNKNOWN_${code}`;
}

/** Whether a refusal may be retried later with a new clientSeq (PROTOCOL.md §10: RATE_LIMITED, BUSY). */
export function isRetryableNack(code) {
  return code === NackCode.RATE_LIMITED || code === NackCode.BUSY;
}

// ---------------------------------------------------------------------------------------------------------------
// docIds (PROTOCOL.md §3): u64, type id in the top 16 bits, number in the low 48. Always BigInt in this library.

const TYPE_SHIFT = 48n;
const NUMBER_MASK = (1n << TYPE_SHIFT) - 1n;
/** Largest document number (48 bits). */
export const MAX_DOC_NUMBER = 2 ** 48 - 1;
/** Largest document type id (16 bits). */
export const MAX_DOC_TYPE_ID = 0xffff;

/**
 * Builds a docId from a type id (the schema's `id`) and a document number.
 * @param {number} typeId 0..65535
 * @param {number|bigint} number 0..2^48-1
 * @returns {bigint}
 * @example docId(1, 42) === 0x0001_0000_0000_002an  // board/42
 */
export function docId(typeId, number) {
  if (!Number.isInteger(typeId) || typeId < 0 || typeId > MAX_DOC_TYPE_ID) {
    throw new RangeError(`doc type id must be an integer 0..65535, got ${typeId}`);
  }
  const n = typeof number === 'bigint' ? number : integerToBigInt(number, 'document number');
  if (n < 0n || n > NUMBER_MASK) {
    throw new RangeError(`document number must be 0..2^48-1, got ${number}`);
  }
  return (BigInt(typeId) << TYPE_SHIFT) | n;
}

/** The type id (top 16 bits) of a docId. @param {bigint|number} id @returns {number} */
export function docTypeId(id) {
  return Number(toDocId(id) >> TYPE_SHIFT);
}

/** The document number (low 48 bits) of a docId; always a safe integer. @param {bigint|number} id @returns {number} */
export function docNumber(id) {
  return Number(toDocId(id) & NUMBER_MASK);
}

/**
 * Normalises a docId to a BigInt. Accepts a BigInt, a non-negative safe integer Number, a decimal string, or the
 * numeric text form `"<typeId>/<number>"` (e.g. `"1/42"`). Type names (`"board/42"`) need a schema: use
 * {@link SchemaRegistry#docId}.
 * @param {bigint|number|string} id
 * @returns {bigint}
 */
export function toDocId(id) {
  let value;
  if (typeof id === 'bigint') {
    value = id;
  } else if (typeof id === 'number') {
    value = integerToBigInt(id, 'docId');
  } else if (typeof id === 'string') {
    const slash = id.indexOf('/');
    if (slash >= 0) {
      const type = id.slice(0, slash);
      const number = id.slice(slash + 1);
      if (!/^\d+$/.test(type) || !/^\d+$/.test(number)) {
        throw new RangeError(`docId text must be "<typeId>/<number>" with numbers, got "${id}"`);
      }
      return docId(Number(type), BigInt(number));
    }
    if (!/^\d+$/.test(id)) {
      throw new RangeError(`docId string must be decimal, got "${id}"`);
    }
    value = BigInt(id);
  } else {
    throw new TypeError(`docId must be a bigint, number or string, got ${typeof id}`);
  }
  if (value < 0n || value > 0xffff_ffff_ffff_ffffn) {
    throw new RangeError(`docId must be a u64, got ${id}`);
  }
  return value;
}

/**
 * Text form of a docId: `name/number` when a type name is given or found, else `typeId/number`.
 * @param {bigint|number} id
 * @param {(typeId: number) => (string|undefined)} [typeName] maps a type id to its schema name
 */
export function formatDocId(id, typeName) {
  const typeId = docTypeId(id);
  return `${(typeName && typeName(typeId)) ?? typeId}/${docNumber(id)}`;
}

function integerToBigInt(value, what) {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${what} must be a safe integer or a BigInt, got ${value}`);
  }
  return BigInt(value);
}

// ---------------------------------------------------------------------------------------------------------------
// Frames

/**
 * One decoded frame. `payload` is a view into the received message (no copy).
 * @typedef {object} Frame
 * @property {number} version version byte (0x10 for 1.0)
 * @property {number} type {@link FrameType}
 * @property {number} flags per-type flags
 * @property {number} hdrLen header length in bytes (≥ 24)
 * @property {bigint} docId
 * @property {number} seq clientSeq or document seq (exact up to 2^53)
 * @property {Uint8Array} payload
 */

const EMPTY = new Uint8Array(0);

/** Length in bytes of a version 1.0 frame with this payload length. */
export function frameLength(payloadLength) {
  return HEADER_LENGTH + payloadLength;
}

/**
 * Writes a version 1.0 frame into `target` at `offset`; returns the offset after it.
 * @param {Uint8Array} target
 * @param {number} offset
 * @param {number} type
 * @param {number} flags
 * @param {bigint|number} docIdValue
 * @param {number|bigint} seq
 * @param {Uint8Array} [payload]
 * @returns {number}
 */
export function writeFrame(target, offset, type, flags, docIdValue, seq, payload = EMPTY) {
  const view = new DataView(target.buffer, target.byteOffset + offset, HEADER_LENGTH);
  view.setUint8(VERSION_OFFSET, PROTOCOL_VERSION);
  view.setUint8(TYPE_OFFSET, type);
  view.setUint8(HDR_LEN_OFFSET, HEADER_LENGTH);
  view.setUint8(FLAGS_OFFSET, flags);
  view.setUint32(PAYLOAD_LENGTH_OFFSET, payload.length, true);
  view.setBigUint64(DOC_ID_OFFSET, typeof docIdValue === 'bigint' ? docIdValue : toDocId(docIdValue), true);
  writeU64(view, SEQ_OFFSET, seq);
  target.set(payload, offset + HEADER_LENGTH);
  return offset + HEADER_LENGTH + payload.length;
}

/**
 * Encodes one version 1.0 frame.
 * @param {number} type {@link FrameType}
 * @param {number} flags
 * @param {bigint|number} docIdValue
 * @param {number|bigint} seq
 * @param {Uint8Array} [payload]
 * @returns {Uint8Array}
 */
export function encodeFrame(type, flags, docIdValue, seq, payload = EMPTY) {
  if (payload.length > MAX_PAYLOAD_LENGTH) {
    throw new RangeError(`payload of ${payload.length} bytes exceeds 2^31-1`);
  }
  const bytes = new Uint8Array(frameLength(payload.length));
  writeFrame(bytes, 0, type, flags, docIdValue, seq, payload);
  return bytes;
}

/** Client DELTA: `seq` is the clientSeq; payload is encoded ops or opaque bytes. */
export function encodeDelta(docIdValue, clientSeq, payload) {
  return encodeFrame(FrameType.DELTA, 0, docIdValue, clientSeq, payload);
}

/**
 * SUBSCRIBE: `{snapshot: true}` (FLAG_SNAPSHOT, seq 0) or `{fromSeq: n}` (n ≥ 1; 0 reads as 1 on the server).
 * @param {bigint|number} docIdValue
 * @param {{snapshot?: boolean, fromSeq?: number}} position
 */
export function encodeSubscribe(docIdValue, position = { snapshot: true }) {
  if (position.snapshot) {
    return encodeFrame(FrameType.SUBSCRIBE, FLAG_SNAPSHOT, docIdValue, 0);
  }
  return encodeFrame(FrameType.SUBSCRIBE, 0, docIdValue, position.fromSeq ?? 1);
}

/** UNSUBSCRIBE (seq 0, empty payload). */
export function encodeUnsubscribe(docIdValue) {
  return encodeFrame(FrameType.UNSUBSCRIBE, 0, docIdValue, 0);
}

/** Server ACK: `seq` the document seq given to the delta, payload the clientSeq (u64). */
export function encodeAck(docIdValue, seq, clientSeq) {
  const payload = new Uint8Array(8);
  writeU64(new DataView(payload.buffer), 0, clientSeq);
  return encodeFrame(FrameType.ACK, 0, docIdValue, seq, payload);
}

/** Server NACK: `flags` = type of the refused frame; payload code u16, field u16, reserved u32. */
export function encodeNack(docIdValue, seq, refusedType, code, field = NO_FIELD) {
  const payload = new Uint8Array(8);
  const view = new DataView(payload.buffer);
  view.setUint16(0, code, true);
  view.setUint16(2, field, true);
  view.setUint32(4, 0, true);
  return encodeFrame(FrameType.NACK, refusedType, docIdValue, seq, payload);
}

/** Server ERROR: docId 0, seq 0, payload code u16 then UTF-8 text. */
export function encodeError(code, text) {
  const textBytes = new TextEncoder().encode(text);
  const payload = new Uint8Array(2 + textBytes.length);
  new DataView(payload.buffer).setUint16(0, code, true);
  payload.set(textBytes, 2);
  return encodeFrame(FrameType.ERROR, 0, 0n, 0, payload);
}

/** Server SUBSCRIBED: `seq` the first document seq to follow. */
export function encodeSubscribed(docIdValue, seq, withSnapshot = false) {
  return encodeFrame(FrameType.SUBSCRIBED, withSnapshot ? FLAG_WITH_SNAPSHOT : 0, docIdValue, seq);
}

/** Server RESYNC: `seq` the first document seq to follow. */
export function encodeResync(docIdValue, seq, withSnapshot = false) {
  return encodeFrame(FrameType.RESYNC, withSnapshot ? FLAG_WITH_SNAPSHOT : 0, docIdValue, seq);
}

/** Server SNAPSHOT: state after deltas 1..seq, payload SET ops. */
export function encodeSnapshot(docIdValue, seq, payload) {
  return encodeFrame(FrameType.SNAPSHOT, 0, docIdValue, seq, payload);
}

/** The clientSeq an ACK acknowledges (its u64 payload). @param {Uint8Array} payload @returns {number} */
export function decodeAckPayload(payload) {
  if (payload.length < 8) {
    throw new RangeError(`ACK payload of ${payload.length} bytes, expected 8`);
  }
  return readU64(new DataView(payload.buffer, payload.byteOffset, 8), 0);
}

/** `{code, name, field}` of a NACK payload; `field` is `null` for 0xFFFF. */
export function decodeNackPayload(payload) {
  if (payload.length < 4) {
    throw new RangeError(`NACK payload of ${payload.length} bytes, expected 8`);
  }
  const view = new DataView(payload.buffer, payload.byteOffset, payload.length);
  const code = view.getUint16(0, true);
  const field = view.getUint16(2, true);
  return { code, name: nackCodeName(code), field: field === NO_FIELD ? null : field };
}

/** `{code, name, text}` of an ERROR payload. */
export function decodeErrorPayload(payload) {
  if (payload.length < 2) {
    return { code: 0, name: nackCodeName(0), text: '' };
  }
  const code = new DataView(payload.buffer, payload.byteOffset, 2).getUint16(0, true);
  return { code, name: nackCodeName(code), text: new TextDecoder().decode(payload.subarray(2)) };
}

/**
 * Why a message could not be walked to its end; frames before the failure are still valid.
 * @typedef {object} DecodeFailure
 * @property {number} offset byte offset of the frame that failed
 * @property {number} code NackCode.MALFORMED or NackCode.UNSUPPORTED_VERSION
 * @property {string} reason
 */

/**
 * Walks a DataChannel message frame by frame with the structural check of PROTOCOL.md §2 and calls `visit` for
 * each sound frame. A failed check stops the walk: the frame boundaries are lost, the rest is dropped.
 * @param {ArrayBuffer|ArrayBufferView} data
 * @param {(frame: Frame) => void} visit
 * @returns {DecodeFailure|null}
 */
export function forEachFrame(data, visit) {
  const bytes = asBytes(data);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  while (offset < bytes.length) {
    const left = bytes.length - offset;
    if (left < HEADER_LENGTH) {
      return { offset, code: NackCode.MALFORMED, reason: `${left} bytes left, a header needs 24` };
    }
    const version = view.getUint8(offset + VERSION_OFFSET);
    if (version >> 4 !== PROTOCOL_VERSION >> 4) {
      return { offset, code: NackCode.UNSUPPORTED_VERSION, reason: `version 0x${version.toString(16)}` };
    }
    const hdrLen = view.getUint8(offset + HDR_LEN_OFFSET);
    if (hdrLen < HEADER_LENGTH || hdrLen > left) {
      return { offset, code: NackCode.MALFORMED, reason: `hdrLen ${hdrLen} with ${left} bytes left` };
    }
    const payloadLength = view.getUint32(offset + PAYLOAD_LENGTH_OFFSET, true);
    if (payloadLength > MAX_PAYLOAD_LENGTH || payloadLength > left - hdrLen) {
      return { offset, code: NackCode.MALFORMED, reason: `payloadLength ${payloadLength} with ${left - hdrLen} bytes left` };
    }
    const start = offset + hdrLen;
    visit({
      version,
      type: view.getUint8(offset + TYPE_OFFSET),
      flags: view.getUint8(offset + FLAGS_OFFSET),
      hdrLen,
      docId: view.getBigUint64(offset + DOC_ID_OFFSET, true),
      seq: readU64(view, offset + SEQ_OFFSET),
      payload: bytes.subarray(start, start + payloadLength),
    });
    offset = start + payloadLength;
  }
  return null;
}

/**
 * Decodes every frame of a message.
 * @param {ArrayBuffer|ArrayBufferView} data
 * @returns {{frames: Frame[], failure: DecodeFailure|null}}
 */
export function decodeMessage(data) {
  const frames = [];
  const failure = forEachFrame(data, (frame) => frames.push(frame));
  return { frames, failure };
}

/**
 * Packs frames into as few messages as possible, in order, none longer than `maxMessageSize` (a frame is never
 * split; a frame longer than the limit alone is a caller error).
 * @param {Uint8Array[]} frames
 * @param {number} maxMessageSize
 * @returns {Uint8Array[]}
 */
export function packFrames(frames, maxMessageSize) {
  const messages = [];
  let i = 0;
  while (i < frames.length) {
    let length = frames[i].length;
    if (length > maxMessageSize) {
      throw new RangeError(`frame of ${length} bytes exceeds the max message size ${maxMessageSize}`);
    }
    let j = i + 1;
    while (j < frames.length && length + frames[j].length <= maxMessageSize) {
      length += frames[j].length;
      j++;
    }
    messages.push(concat(frames, i, j, length));
    i = j;
  }
  return messages;
}

function concat(frames, from, to, length) {
  if (to - from === 1) {
    return frames[from];
  }
  const message = new Uint8Array(length);
  let offset = 0;
  for (let k = from; k < to; k++) {
    message.set(frames[k], offset);
    offset += frames[k].length;
  }
  return message;
}

/** @param {ArrayBuffer|ArrayBufferView} data @returns {Uint8Array} */
export function asBytes(data) {
  if (data instanceof Uint8Array) {
    return data;
  }
  if (ArrayBuffer.isView(data)) {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  if (data instanceof ArrayBuffer) {
    return new Uint8Array(data);
  }
  throw new TypeError('expected an ArrayBuffer or a typed array (set the channel\'s binaryType to "arraybuffer")');
}

// Seqs are u64 on the wire and Numbers here: exact up to 2^53, which a document does not reach.
function readU64(view, offset) {
  return view.getUint32(offset, true) + view.getUint32(offset + 4, true) * TWO_POW_32;
}

function writeU64(view, offset, value) {
  if (typeof value === 'bigint') {
    view.setBigUint64(offset, value, true);
    return;
  }
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`seq must be a non-negative safe integer or a BigInt, got ${value}`);
  }
  view.setUint32(offset, value % TWO_POW_32, true);
  view.setUint32(offset + 4, Math.floor(value / TWO_POW_32), true);
}
