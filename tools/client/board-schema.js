// The `board` document type of the demo, as the client needs it to encode and decode ops. It mirrors
// deploy/schemas/board.toml (the server's copy); test/schema.test.mjs fails when the two drift apart.

import { Schema } from './schema.js';

/** `board`, type id 1: one card on a collaborative board; docIds `board/<n>`. */
export const BOARD_SCHEMA = new Schema({
  name: 'board',
  id: 1,
  maxDeltaBytes: 1024,
  fields: [
    { name: 'title', index: 0, type: 'string', maxLength: 200 },
    { name: 'x', index: 1, type: 'i64', min: -100000, max: 100000 },
    { name: 'y', index: 2, type: 'i64', min: -100000, max: 100000 },
    { name: 'width', index: 3, type: 'i64', min: 1, max: 10000 },
    { name: 'height', index: 4, type: 'i64', min: 1, max: 10000 },
    { name: 'color', index: 5, type: 'enum', values: ['red', 'green', 'blue', 'yellow'] },
    { name: 'votes', index: 6, type: 'counter', min: 0, max: 1000000, ops: ['increment'] },
    { name: 'locked', index: 7, type: 'bool', write: ['owner'] },
  ],
});
