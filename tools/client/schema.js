// Document schemas on the client side: the field table needed to encode and decode ops (PROTOCOL.md §6,
// SCHEMAS.md §3) and the materialised state of a document. The server validates; the client only encodes what it
// is given and refuses what it cannot put on the wire (unknown field, wrong JS type, a length over 65535).

/**
 * Op payload layout, ops back to back up to the end of the payload, little-endian:
 *
 * ```
 *   +--------+--------+---------------------------+
 *   | kind u8|field u8| value (by kind and type)  |
 *   +--------+--------+---------------------------+
 *   kind 1 SET        i64, counter: i64 (8)   f64: binary64 (8)   bool: u8 0|1   enum: u8 ordinal
 *                     string, bytes: u16 length + bytes (string: UTF-8)
 *   kind 2 INCREMENT  i64, counter: i64 amount (8)
 *   kind 3 DELETE     no value
 * ```
 * @module schema
 */

/**
 * Op kinds on the wire.
 * @readonly
 * @enum {number}
 */
export const OpKind = Object.freeze({ SET: 1, INCREMENT: 2, DELETE: 3 });

const OP_NAMES = Object.freeze({ 1: 'set', 2: 'increment', 3: 'delete' });
const OP_KINDS = Object.freeze({ set: OpKind.SET, increment: OpKind.INCREMENT, delete: OpKind.DELETE });
const FIELD_TYPES = new Set(['i64', 'f64', 'bool', 'string', 'bytes', 'counter', 'enum']);
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const MAX_VALUE_LENGTH = 0xffff;

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8');

/**
 * An op as the application gives it to {@link Schema#encodeOps}.
 * `field` is the field's name or index. `value`: i64/counter a Number (integer) or BigInt; f64 a Number; bool a
 * boolean; enum the value's name or its ordinal; string a string; bytes a Uint8Array. INCREMENT takes the amount
 * in `by` (or `value`).
 * @typedef {{op: 'set', field: string|number, value: *}
 *         | {op: 'increment', field: string|number, by: number|bigint}
 *         | {op: 'delete', field: string|number}} OpInput
 */

/**
 * A decoded op. i64 and counter values are Numbers when they are safe integers, BigInts otherwise; enum values
 * are the value's name (or the ordinal when the schema has no such value); bytes are a Uint8Array view.
 * @typedef {object} Op
 * @property {'set'|'increment'|'delete'} op
 * @property {string|undefined} field the field's name
 * @property {number} index the field's index
 * @property {*} [value] SET value, or INCREMENT amount
 */

/**
 * A field of a schema.
 * @typedef {object} FieldDef
 * @property {string} name
 * @property {number} index 0..254
 * @property {'i64'|'f64'|'bool'|'string'|'bytes'|'counter'|'enum'} type
 * @property {number} [maxLength] string/bytes cap (bytes)
 * @property {number} [min]
 * @property {number} [max]
 * @property {string[]} [values] enum values, ordinal = position
 * @property {string[]} [ops] allowed op names
 * @property {string[]} [write] roles that may write the field
 */

/** Thrown when a payload cannot be walked as ops (the server would say MALFORMED). */
export class OpDecodeError extends Error {
  constructor(message, offset) {
    super(message);
    this.name = 'OpDecodeError';
    /** Byte offset in the payload where decoding failed. */
    this.offset = offset;
  }
}

/**
 * One document type: name, type id, and either its fields or `opaque`. Mirrors a file of the server's schema
 * directory (SCHEMAS.md); {@link Schema.fromJson} reads that file's JSON form as is.
 */
export class Schema {
  /**
   * @param {object} def
   * @param {string} def.name schema name, the text form of docIds is `name/number`
   * @param {number} def.id type id, the top 16 bits of this type's docIds
   * @param {boolean} [def.opaque] payload not interpreted
   * @param {number} [def.maxDeltaBytes] largest DELTA payload the server accepts (default 4096)
   * @param {FieldDef[]} [def.fields]
   */
  constructor({ name, id, opaque = false, maxDeltaBytes = 4096, fields = [] }) {
    if (typeof name !== 'string' || name.length === 0) {
      throw new TypeError('schema name must be a non-empty string');
    }
    if (!Number.isInteger(id) || id < 1 || id > 0xffff) {
      throw new RangeError(`schema ${name}: id must be 1..65535, got ${id}`);
    }
    if (opaque && fields.length > 0) {
      throw new TypeError(`schema ${name}: an opaque type has no fields`);
    }
    /** @type {string} */ this.name = name;
    /** @type {number} */ this.id = id;
    /** @type {boolean} */ this.opaque = opaque;
    /** @type {number} */ this.maxDeltaBytes = maxDeltaBytes;
    /** @type {ReadonlyArray<FieldDef>} fields in ascending index order */
    this.fields = Object.freeze([...fields].map((f) => Object.freeze(checkField(name, f)))
      .sort((a, b) => a.index - b.index));
    this._byIndex = new Array(256);
    this._byName = new Map();
    for (const field of this.fields) {
      if (this._byIndex[field.index] || this._byName.has(field.name)) {
        throw new TypeError(`schema ${name}: field ${field.name} (index ${field.index}) declared twice`);
      }
      this._byIndex[field.index] = field;
      this._byName.set(field.name, field);
    }
    Object.freeze(this);
  }

  /**
   * Reads the JSON form of a server schema file (SCHEMAS.md §1): `{type: {name, id, max_delta_bytes, opaque},
   * field: [{name, index, type, max_length, min, max, values, ops, write}]}`.
   * @param {object|string} json
   * @returns {Schema}
   */
  static fromJson(json) {
    const obj = typeof json === 'string' ? JSON.parse(json) : json;
    const type = obj.type ?? {};
    return new Schema({
      name: type.name,
      id: type.id,
      opaque: type.opaque ?? false,
      maxDeltaBytes: type.max_delta_bytes ?? 4096,
      fields: (obj.field ?? []).map((f) => ({
        name: f.name,
        index: f.index,
        type: f.type,
        maxLength: f.max_length,
        min: f.min,
        max: f.max,
        values: f.values,
        ops: f.ops,
        write: f.write,
      })),
    });
  }

  /** The field with this name or index, or `undefined`. @returns {FieldDef|undefined} */
  field(nameOrIndex) {
    return typeof nameOrIndex === 'number' ? this._byIndex[nameOrIndex] : this._byName.get(nameOrIndex);
  }

  /**
   * Encodes ops into a DELTA payload. A plain object `{title: "x", x: 3}` is read as one SET per key.
   * @param {OpInput[]|Object<string, *>} ops
   * @returns {Uint8Array}
   * @throws {TypeError|RangeError} unknown field, op not possible on the field's type, value of the wrong JS type
   */
  encodeOps(ops) {
    if (this.opaque) {
      throw new TypeError(`${this.name} is opaque: send bytes (sendOpaque), not ops`);
    }
    const list = Array.isArray(ops) ? ops : Object.entries(ops).map(([field, value]) => ({ op: 'set', field, value }));
    if (list.length === 0) {
      throw new RangeError('a delta needs at least one op');
    }
    const parts = list.map((op) => this._encodeOp(op));
    const length = parts.reduce((sum, p) => sum + p.length, 0);
    const payload = new Uint8Array(length);
    let offset = 0;
    for (const part of parts) {
      payload.set(part, offset);
      offset += part.length;
    }
    return payload;
  }

  _encodeOp(op) {
    const kind = OP_KINDS[op.op];
    if (kind === undefined) {
      throw new TypeError(`unknown op "${op.op}" (set, increment, delete)`);
    }
    const field = this.field(op.field);
    if (!field) {
      throw new TypeError(`${this.name} has no field ${JSON.stringify(op.field)}`);
    }
    if (kind === OpKind.DELETE) {
      return Uint8Array.of(kind, field.index);
    }
    if (kind === OpKind.INCREMENT) {
      if (field.type !== 'i64' && field.type !== 'counter') {
        throw new TypeError(`${this.name}.${field.name} is ${field.type}: no increment`);
      }
      return withHeader(kind, field.index, i64Bytes(op.by ?? op.value, field));
    }
    return withHeader(kind, field.index, encodeValue(field, op.value));
  }

  /**
   * Decodes a DELTA or SNAPSHOT payload into ops.
   * @param {Uint8Array} payload
   * @returns {Op[]}
   * @throws {OpDecodeError} cut short, unknown kind, or a field this schema does not have (its size is unknown)
   */
  decodeOps(payload) {
    const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
    const ops = [];
    let offset = 0;
    while (offset < payload.length) {
      if (payload.length - offset < 2) {
        throw new OpDecodeError('op header cut short', offset);
      }
      const kind = payload[offset];
      const index = payload[offset + 1];
      const field = this._byIndex[index];
      const name = OP_NAMES[kind];
      if (!name) {
        throw new OpDecodeError(`unknown op kind ${kind}`, offset);
      }
      if (!field) {
        throw new OpDecodeError(`${this.name} has no field index ${index}`, offset);
      }
      offset += 2;
      if (kind === OpKind.DELETE) {
        ops.push({ op: name, field: field.name, index });
        continue;
      }
      const [value, next] = kind === OpKind.INCREMENT ? readI64(view, offset) : decodeValue(field, view, payload, offset);
      ops.push({ op: name, field: field.name, index, value });
      offset = next;
    }
    return ops;
  }
}

/** Schemas by type id and by name; builds docIds from `name/number`. */
export class SchemaRegistry {
  /** @param {Iterable<Schema>} [schemas] */
  constructor(schemas = []) {
    this._byId = new Map();
    this._byName = new Map();
    for (const schema of schemas) {
      this.add(schema);
    }
  }

  /** Adds a schema (a {@link Schema} or its constructor argument). @returns {Schema} */
  add(schema) {
    const s = schema instanceof Schema ? schema : new Schema(schema);
    if (this._byId.has(s.id) || this._byName.has(s.name)) {
      throw new TypeError(`schema ${s.name} (id ${s.id}) registered twice`);
    }
    this._byId.set(s.id, s);
    this._byName.set(s.name, s);
    return s;
  }

  /** @returns {Schema|undefined} */
  byId(typeId) {
    return this._byId.get(typeId);
  }

  /** @returns {Schema|undefined} */
  byName(name) {
    return this._byName.get(name);
  }

  /** The schema of a docId's type, or `undefined`. @param {bigint} id */
  forDoc(id) {
    return this._byId.get(Number(id >> 48n));
  }

  /**
   * docId from a type name and number, or from the text form `"board/42"`.
   * @param {string} nameOrText
   * @param {number|bigint} [number]
   * @returns {bigint}
   */
  docId(nameOrText, number) {
    let name = nameOrText;
    let n = number;
    if (n === undefined) {
      const slash = nameOrText.indexOf('/');
      if (slash < 0 || !/^\d+$/.test(nameOrText.slice(slash + 1))) {
        throw new RangeError(`docId text must be "name/number", got "${nameOrText}"`);
      }
      name = nameOrText.slice(0, slash);
      n = BigInt(nameOrText.slice(slash + 1));
    }
    const schema = this._byName.get(name);
    if (!schema) {
      throw new RangeError(`no schema named "${name}"`);
    }
    const value = typeof n === 'bigint' ? n : BigInt(n);
    if (value < 0n || value >= 1n << 48n) {
      throw new RangeError(`document number must be 0..2^48-1, got ${n}`);
    }
    return (BigInt(schema.id) << 48n) | value;
  }

  /** Text form `name/number` (or `typeId/number` for an unknown type). @param {bigint} id */
  format(id) {
    const typeId = Number(id >> 48n);
    return `${this._byId.get(typeId)?.name ?? typeId}/${id & ((1n << 48n) - 1n)}`;
  }
}

/**
 * The materialised state of a schema'd document: the latest value per field. Applies SNAPSHOT and DELTA ops
 * exactly as the server does (an absent field reads as 0 for an increment).
 */
export class DocState {
  /** @param {Schema} schema */
  constructor(schema) {
    this.schema = schema;
    /** @type {Map<number, *>} value by field index; absent fields have no entry */
    this.values = new Map();
  }

  /** Forgets every value (before a snapshot). */
  clear() {
    this.values.clear();
  }

  /** Applies decoded ops in order. @param {Op[]} ops */
  apply(ops) {
    for (const op of ops) {
      if (op.op === 'set') {
        this.values.set(op.index, op.value);
      } else if (op.op === 'delete') {
        this.values.delete(op.index);
      } else {
        this.values.set(op.index, addI64(this.values.get(op.index) ?? 0, op.value));
      }
    }
  }

  /** Value of a field by name or index, or `undefined` when absent. */
  get(nameOrIndex) {
    const field = this.schema.field(nameOrIndex);
    return field ? this.values.get(field.index) : undefined;
  }

  /** The present fields as a plain object `{name: value}`, in field order. */
  toObject() {
    const out = {};
    for (const field of this.schema.fields) {
      if (this.values.has(field.index)) {
        out[field.name] = this.values.get(field.index);
      }
    }
    return out;
  }
}

function checkField(schemaName, f) {
  if (typeof f.name !== 'string' || !Number.isInteger(f.index) || f.index < 0 || f.index > 254) {
    throw new TypeError(`schema ${schemaName}: field needs a name and an index 0..254`);
  }
  if (!FIELD_TYPES.has(f.type)) {
    throw new TypeError(`schema ${schemaName}: field ${f.name} has unknown type ${f.type}`);
  }
  if (f.type === 'enum' && (!Array.isArray(f.values) || f.values.length === 0)) {
    throw new TypeError(`schema ${schemaName}: enum field ${f.name} needs values`);
  }
  const out = { name: f.name, index: f.index, type: f.type };
  for (const key of ['maxLength', 'min', 'max', 'values', 'ops', 'write']) {
    if (f[key] !== undefined) {
      out[key] = Array.isArray(f[key]) ? Object.freeze([...f[key]]) : f[key];
    }
  }
  return out;
}

function withHeader(kind, index, value) {
  const bytes = new Uint8Array(2 + value.length);
  bytes[0] = kind;
  bytes[1] = index;
  bytes.set(value, 2);
  return bytes;
}

function encodeValue(field, value) {
  switch (field.type) {
    case 'i64':
    case 'counter':
      return i64Bytes(value, field);
    case 'f64': {
      if (typeof value !== 'number') {
        throw new TypeError(`${field.name} is f64: expected a number, got ${typeof value}`);
      }
      const bytes = new Uint8Array(8);
      new DataView(bytes.buffer).setFloat64(0, value, true);
      return bytes;
    }
    case 'bool':
      if (value !== true && value !== false && value !== 0 && value !== 1) {
        throw new TypeError(`${field.name} is bool: expected true or false, got ${value}`);
      }
      return Uint8Array.of(value ? 1 : 0);
    case 'enum': {
      const ordinal = typeof value === 'string' ? field.values.indexOf(value) : value;
      if (!Number.isInteger(ordinal) || ordinal < 0 || ordinal > 255) {
        throw new RangeError(`${field.name} is enum of ${field.values.join('|')}: got ${value}`);
      }
      return Uint8Array.of(ordinal);
    }
    case 'string':
      if (typeof value !== 'string') {
        throw new TypeError(`${field.name} is string: expected a string, got ${typeof value}`);
      }
      return lengthPrefixed(field, utf8Encoder.encode(value));
    case 'bytes':
      return lengthPrefixed(field, toBytes(field, value));
    default:
      throw new TypeError(`${field.name}: unknown type ${field.type}`);
  }
}

function lengthPrefixed(field, bytes) {
  if (bytes.length > MAX_VALUE_LENGTH) {
    throw new RangeError(`${field.name}: ${bytes.length} bytes, the op encoding holds at most 65535`);
  }
  const out = new Uint8Array(2 + bytes.length);
  new DataView(out.buffer).setUint16(0, bytes.length, true);
  out.set(bytes, 2);
  return out;
}

function toBytes(field, value) {
  if (value instanceof Uint8Array) {
    return value;
  }
  if (value instanceof ArrayBuffer) {
    return new Uint8Array(value);
  }
  if (ArrayBuffer.isView(value)) {
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  }
  if (Array.isArray(value)) {
    return Uint8Array.from(value);
  }
  throw new TypeError(`${field.name} is bytes: expected a Uint8Array`);
}

function i64Bytes(value, field) {
  let big;
  if (typeof value === 'bigint') {
    big = value;
  } else if (typeof value === 'number' && Number.isSafeInteger(value)) {
    big = BigInt(value);
  } else {
    throw new TypeError(`${field.name} is ${field.type}: expected a safe integer or a BigInt, got ${value}`);
  }
  if (big < I64_MIN || big > I64_MAX) {
    throw new RangeError(`${field.name}: ${value} does not fit an i64`);
  }
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigInt64(0, big, true);
  return bytes;
}

function readI64(view, offset) {
  if (view.byteLength - offset < 8) {
    throw new OpDecodeError('i64 value cut short', offset);
  }
  return [fromI64(view.getBigInt64(offset, true)), offset + 8];
}

function fromI64(big) {
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

function addI64(a, b) {
  if (typeof a === 'number' && typeof b === 'number') {
    const sum = a + b;
    if (Number.isSafeInteger(sum)) {
      return sum;
    }
  }
  return fromI64(BigInt.asIntN(64, BigInt(a) + BigInt(b)));
}

function decodeValue(field, view, payload, offset) {
  const left = payload.length - offset;
  switch (field.type) {
    case 'i64':
    case 'counter':
      return readI64(view, offset);
    case 'f64':
      if (left < 8) {
        throw new OpDecodeError('f64 value cut short', offset);
      }
      return [view.getFloat64(offset, true), offset + 8];
    case 'bool':
      if (left < 1) {
        throw new OpDecodeError('bool value cut short', offset);
      }
      return [payload[offset] !== 0, offset + 1];
    case 'enum':
      if (left < 1) {
        throw new OpDecodeError('enum value cut short', offset);
      }
      return [field.values[payload[offset]] ?? payload[offset], offset + 1];
    case 'string':
    case 'bytes': {
      if (left < 2) {
        throw new OpDecodeError('value length cut short', offset);
      }
      const length = view.getUint16(offset, true);
      if (left - 2 < length) {
        throw new OpDecodeError(`value of ${length} bytes cut short`, offset);
      }
      const bytes = payload.subarray(offset + 2, offset + 2 + length);
      return [field.type === 'string' ? utf8Decoder.decode(bytes) : bytes, offset + 2 + length];
    }
    default:
      throw new OpDecodeError(`unknown field type ${field.type}`, offset);
  }
}
