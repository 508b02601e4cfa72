// Reads the worked examples out of docs/PROTOCOL.md so the tests compare the client with the document itself.

import { readFileSync } from 'node:fs';

export const PROTOCOL_MD = new URL('../../../docs/PROTOCOL.md', import.meta.url);

/**
 * Every `<!-- example: NAME -->` block of docs/PROTOCOL.md: the bytes of the fenced block after the marker,
 * comments after `#` removed.
 * @returns {Map<string, Uint8Array>}
 */
export function protocolExamples() {
  const lines = readFileSync(PROTOCOL_MD, 'utf8').split('\n');
  const examples = new Map();
  for (let i = 0; i < lines.length; i++) {
    const marker = /^<!-- example: ([a-z0-9-]+) -->$/.exec(lines[i].trim());
    if (!marker) {
      continue;
    }
    const name = marker[1];
    if (!lines[i + 1]?.startsWith('```')) {
      throw new Error(`PROTOCOL.md: a fenced block must follow the marker of ${name}`);
    }
    const bytes = [];
    for (i += 2; !lines[i].startsWith('```'); i++) {
      const hex = lines[i].split('#')[0].trim();
      for (const token of hex.split(/\s+/).filter(Boolean)) {
        if (!/^[0-9a-f]{2}$/.test(token)) {
          throw new Error(`PROTOCOL.md example ${name}: not a hex byte: ${token}`);
        }
        bytes.push(parseInt(token, 16));
      }
    }
    if (examples.has(name)) {
      throw new Error(`PROTOCOL.md: example ${name} appears twice`);
    }
    examples.set(name, Uint8Array.from(bytes));
  }
  return examples;
}

/** Hex with single spaces, as in the document, for readable assertion failures. */
export function hex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** Concatenates byte arrays. */
export function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
