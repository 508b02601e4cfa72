// Op encoding (PROTOCOL.md §6, SCHEMAS.md §3), the client's schemas against the server's files, and the
// materialised state.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { DocState, OpDecodeError, Schema, SchemaRegistry } from '../schema.js';
import { BOARD_SCHEMA } from '../board-schema.js';
import { hex } from './protocol-doc.mjs';

const SCHEMAS_DIR = new URL('../../../deploy/schemas/', import.meta.url);

/** The subset of TOML the schema files use: [type], [[field]], key = string | integer | bool | [strings]. */
function readSchemaToml(text) {
  const out = { type: {}, field: [] };
  let table = null;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) {
      continue;
    }
    if (line === '[type]') {
      table = out.type;
    } else if (line === '[[field]]') {
      table = {};
      out.field.push(table);
    } else {
      const m = /^([a-z_]+)\s*=\s*(.+)$/.exec(line);
      assert.ok(m && table, `cannot read schema line: ${raw}`);
      table[m[1]] = JSON.parse(m[2]);
    }
  }
  return out;
}

test('shouldMatchTheServersBoardSchema', () => {
  const server = Schema.fromJson(readSchemaToml(readFileSync(new URL('board.toml', SCHEMAS_DIR), 'utf8')));
  assert.deepEqual(
    { name: BOARD_SCHEMA.name, id: BOARD_SCHEMA.id, opaque: BOARD_SCHEMA.opaque, max: BOARD_SCHEMA.maxDeltaBytes, fields: BOARD_SCHEMA.fields },
    { name: server.name, id: server.id, opaque: server.opaque, max: server.maxDeltaBytes, fields: server.fields },
    'tools/client/board-schema.js drifted from deploy/schemas/board.toml',
  );
});

test('shouldReadTheServersJsonSchemaFileAsIs', () => {
  const note = Schema.fromJson(readFileSync(new URL('note.json', SCHEMAS_DIR), 'utf8'));
  assert.equal(note.id, 2);
  assert.deepEqual(note.fields.map((f) => [f.name, f.index, f.type]),
    [['text', 0, 'string'], ['pinned', 1, 'bool'], ['opacity', 2, 'f64'], ['author', 3, 'string']]);
  const yjs = Schema.fromJson(readSchemaToml(readFileSync(new URL('yjs.toml', SCHEMAS_DIR), 'utf8')));
  assert.equal(yjs.opaque, true);
  assert.throws(() => yjs.encodeOps([{ op: 'set', field: 0, value: 1 }]), /opaque/);
});

const KITCHEN = new Schema({
  name: 'kitchen',
  id: 9,
  fields: [
    { name: 'n', index: 0, type: 'i64' },
    { name: 'f', index: 1, type: 'f64' },
    { name: 'b', index: 2, type: 'bool' },
    { name: 's', index: 3, type: 'string', maxLength: 100 },
    { name: 'raw', index: 4, type: 'bytes', maxLength: 10 },
    { name: 'c', index: 5, type: 'counter' },
    { name: 'e', index: 6, type: 'enum', values: ['a', 'b', 'c'] },
    { name: 'far', index: 200, type: 'bool' },
  ],
});

test('shouldEncodeEveryValueTypeLittleEndian', () => {
  const cases = [
    [{ op: 'set', field: 'n', value: -2 }, '01 00 fe ff ff ff ff ff ff ff'],
    [{ op: 'set', field: 'n', value: 2n ** 62n }, '01 00 00 00 00 00 00 00 00 40'],
    [{ op: 'set', field: 'f', value: 1.5 }, '01 01 00 00 00 00 00 00 f8 3f'],
    [{ op: 'set', field: 'b', value: true }, '01 02 01'],
    [{ op: 'set', field: 's', value: 'hé' }, '01 03 03 00 68 c3 a9'],
    [{ op: 'set', field: 'raw', value: Uint8Array.of(1, 2) }, '01 04 02 00 01 02'],
    [{ op: 'increment', field: 'c', by: -3 }, '02 05 fd ff ff ff ff ff ff ff'],
    [{ op: 'set', field: 'e', value: 'c' }, '01 06 02'],
    [{ op: 'set', field: 'e', value: 1 }, '01 06 01'],
    [{ op: 'delete', field: 'far' }, '03 c8'],
  ];
  for (const [op, expected] of cases) {
    assert.equal(hex(KITCHEN.encodeOps([op])), expected, JSON.stringify(op, (k, v) => (typeof v === 'bigint' ? `${v}n` : v)));
  }
});

test('shouldRoundTripSeveralOpsInOneDelta', () => {
  const ops = [
    { op: 'set', field: 's', value: 'ünïcødé ✓' },
    { op: 'increment', field: 'c', by: 5 },
    { op: 'increment', field: 'c', value: 2 },
    { op: 'set', field: 'n', value: -(2n ** 63n) },
    { op: 'set', field: 'f', value: -0.25 },
    { op: 'set', field: 'b', value: false },
    { op: 'delete', field: 'raw' },
  ];
  const decoded = KITCHEN.decodeOps(KITCHEN.encodeOps(ops));
  assert.deepEqual(decoded, [
    { op: 'set', field: 's', index: 3, value: 'ünïcødé ✓' },
    { op: 'increment', field: 'c', index: 5, value: 5 },
    { op: 'increment', field: 'c', index: 5, value: 2 },
    { op: 'set', field: 'n', index: 0, value: -(2n ** 63n) },
    { op: 'set', field: 'f', index: 1, value: -0.25 },
    { op: 'set', field: 'b', index: 2, value: false },
    { op: 'delete', field: 'raw', index: 4 },
  ]);
});

test('shouldReadAPlainObjectAsSets', () => {
  assert.equal(hex(BOARD_SCHEMA.encodeOps({ x: 7, color: 'blue' })), hex(BOARD_SCHEMA.encodeOps([
    { op: 'set', field: 'x', value: 7 }, { op: 'set', field: 'color', value: 'blue' }])));
});

test('shouldRefuseWhatCannotBeEncoded', () => {
  assert.throws(() => KITCHEN.encodeOps([]), RangeError);
  assert.throws(() => KITCHEN.encodeOps([{ op: 'set', field: 'nope', value: 1 }]), /no field "nope"/);
  assert.throws(() => KITCHEN.encodeOps([{ op: 'increment', field: 's', by: 1 }]), /no increment/);
  assert.throws(() => KITCHEN.encodeOps([{ op: 'frobnicate', field: 'n' }]), /unknown op/);
  assert.throws(() => KITCHEN.encodeOps([{ op: 'set', field: 'n', value: 1.5 }]), TypeError);
  assert.throws(() => KITCHEN.encodeOps([{ op: 'set', field: 'n', value: 2n ** 63n }]), RangeError);
  assert.throws(() => KITCHEN.encodeOps([{ op: 'set', field: 's', value: 5 }]), TypeError);
  assert.throws(() => KITCHEN.encodeOps([{ op: 'set', field: 's', value: 'x'.repeat(65536) }]), /65535/);
  assert.throws(() => KITCHEN.encodeOps([{ op: 'set', field: 'e', value: 'z' }]), RangeError);
  assert.throws(() => KITCHEN.encodeOps([{ op: 'set', field: 'b', value: 'yes' }]), TypeError);
});

test('shouldLeaveBoundsToTheServer', () => {
  // The server validates and NACKs (OUT_OF_BOUNDS, TOO_LARGE): the client does not second-guess it.
  assert.doesNotThrow(() => BOARD_SCHEMA.encodeOps({ width: 0 }));
  assert.doesNotThrow(() => BOARD_SCHEMA.encodeOps({ title: 'x'.repeat(300) }));
});

test('shouldRefuseToDecodeBrokenPayloads', () => {
  for (const [bytes, what] of [
    [[1], 'header cut short'], [[9, 0], 'unknown kind'], [[1, 99, 0], 'unknown field'],
    [[1, 0, 1, 2, 3], 'i64 cut short'], [[1, 3, 5, 0, 65], 'string cut short'], [[2, 5, 1], 'increment cut short'],
  ]) {
    assert.throws(() => KITCHEN.decodeOps(Uint8Array.from(bytes)), OpDecodeError, what);
  }
  assert.deepEqual(KITCHEN.decodeOps(Uint8Array.of(1, 6, 7)), [{ op: 'set', field: 'e', index: 6, value: 7 }],
    'an ordinal past the values decodes as the number');
});

test('shouldMaterialiseStateLikeTheServer', () => {
  const state = new DocState(BOARD_SCHEMA);
  state.apply(BOARD_SCHEMA.decodeOps(BOARD_SCHEMA.encodeOps({ title: 'a', x: 1, color: 'red' })));
  state.apply(BOARD_SCHEMA.decodeOps(BOARD_SCHEMA.encodeOps([
    { op: 'increment', field: 'votes', by: 2 }, { op: 'increment', field: 'votes', by: 3 },
    { op: 'delete', field: 'x' }, { op: 'set', field: 'title', value: 'b' },
  ])));
  assert.deepEqual(state.toObject(), { title: 'b', color: 'red', votes: 5 });
  assert.equal(state.get('votes'), 5);
  assert.equal(state.get(6), 5);
  assert.equal(state.get('x'), undefined);
  state.clear();
  assert.deepEqual(state.toObject(), {});
});

test('shouldResolveDocIdsByTypeName', () => {
  const registry = new SchemaRegistry([BOARD_SCHEMA, KITCHEN]);
  assert.equal(registry.docId('board/42'), 0x0001_0000_0000_002an);
  assert.equal(registry.docId('kitchen', 3), 0x0009_0000_0000_0003n);
  assert.equal(registry.format(0x0001_0000_0000_002an), 'board/42');
  assert.equal(registry.format(0x0007_0000_0000_0001n), '7/1');
  assert.equal(registry.forDoc(0x0001_0000_0000_0001n), BOARD_SCHEMA);
  assert.throws(() => registry.docId('nope/1'), /no schema/);
  assert.throws(() => registry.add(BOARD_SCHEMA), /twice/);
});
