// The demo board (index.html): one `board` document edited by everyone who opens the page. It fetches a demo token
// from the appliance it was served by, subscribes with a snapshot, shows the fields as controls, sends an edit as a
// delta, and shows other tabs' edits live. `?board=<n>` picks the document (default 1).

import { ClientState, DeltadClient, docId } from './deltad-client.js';
import { BOARD_SCHEMA } from './board-schema.js';

const $ = (id) => document.getElementById(id);
const ui = {
  state: $('state'), rate: $('rate'), lastSeq: $('last-seq'), boardName: $('board-name'), form: $('board'),
  hint: $('fields-hint'), editable: $('editable'), canvas: $('canvas'), card: $('card'), cardTitle: $('card-title'),
  cardVotes: $('card-votes'), title: $('field-title'), x: $('field-x'), y: $('field-y'), width: $('field-width'),
  height: $('field-height'), color: $('field-color'), votes: $('field-votes'), locked: $('field-locked'),
  voteUp: $('vote-up'), voteDown: $('vote-down'), stress: $('stress'), stressCount: $('stress-count'),
  stressResult: $('stress-result'), log: $('log'),
};
const MAX_LOG_LINES = 50;
let stressRunning = false;
const CARD_DEFAULTS = { x: 40, y: 40, width: 180, height: 110 };

const boardNumber = readBoardNumber();
const board = docId(BOARD_SCHEMA.id, boardNumber);
ui.boardName.textContent = `board/${boardNumber}`;
document.title = `deltad — board/${boardNumber}`;

/** A fresh token for every session, so a reconnect after the token expired works. */
async function demoToken() {
  const response = await fetch('/v1/demo-token', { cache: 'no-store' });
  if (!response.ok) {
    throw new Error(`GET /v1/demo-token answered ${response.status}: ${(await response.text()).trim()}`);
  }
  return (await response.json()).token; // {token, sub, read, write, expires_at, ttl}: docs/SIGNALING.md
}

const client = new DeltadClient(location.origin, demoToken, { schemas: [BOARD_SCHEMA] });

client.onState((state, detail) => {
  ui.state.textContent = state === ClientState.RECONNECTING && detail.delayMs !== undefined
    ? `reconnecting (in ${Math.round(detail.delayMs)} ms)` : state;
  ui.state.dataset.state = state;
  ui.stress.disabled = state !== ClientState.OPEN || stressRunning;
  log(`connection ${state}${detail.reason ? `: ${detail.reason}` : ''}`);
});
client.onError((e) => log(`error ${e.name}${e.status ? ` (HTTP ${e.status})` : ''}: ${e.text}`));
client.onNack((n) => {
  if (n.codeName === 'DUPLICATE') {
    return;
  }
  const field = n.field === null ? '' : ` on ${BOARD_SCHEMA.field(n.field)?.name ?? `field ${n.field}`}`;
  log(`refused: ${n.codeName}${field}`);
  scheduleRender(); // put the control back to the document's value
});
client.onResync((doc, info) => log(`resync at seq ${info.seq}${info.withSnapshot ? ' (new snapshot)' : ''}`));
client.onSnapshot(() => scheduleRender());
client.onDelta(() => scheduleRender());

client.subscribe(board, { snapshot: true }).then(() => {
  ui.form.dataset.live = 'true';
  ui.editable.disabled = false;
  ui.hint.textContent = 'Edits are sent as deltas; everyone subscribed sees them.';
  log(`subscribed to board/${boardNumber}`);
  scheduleRender();
}, (e) => {
  ui.hint.textContent = `Could not subscribe: ${e.code}`;
  log(`subscribe refused: ${e.code}`);
});

addEventListener('pagehide', () => client.close());

// ------------------------------------------------------------------------------------------------- rendering

let renderScheduled = false;

function scheduleRender() {
  if (renderScheduled) {
    return;
  }
  renderScheduled = true;
  // A hidden tab gets no animation frames; it still keeps its controls current.
  const run = () => {
    renderScheduled = false;
    render();
  };
  if (document.visibilityState === 'visible') {
    requestAnimationFrame(run);
  } else {
    setTimeout(run, 0);
  }
}

function render() {
  const f = client.fields(board) ?? {};
  setControl(ui.title, f.title ?? '');
  setControl(ui.x, f.x ?? '');
  setControl(ui.y, f.y ?? '');
  setControl(ui.width, f.width ?? '');
  setControl(ui.height, f.height ?? '');
  setControl(ui.color, f.color ?? '');
  ui.votes.textContent = String(f.votes ?? 0);
  if (document.activeElement !== ui.locked) {
    ui.locked.checked = f.locked === true;
  }
  for (const control of [ui.title, ui.x, ui.y, ui.width, ui.height, ui.color, ui.voteUp, ui.voteDown]) {
    control.disabled = f.locked === true;
  }
  const card = { ...CARD_DEFAULTS, ...pick(f, ['x', 'y', 'width', 'height']) };
  ui.card.style.transform = `translate(${Number(card.x)}px, ${Number(card.y)}px)`;
  ui.card.style.width = `${Number(card.width)}px`;
  ui.card.style.height = `${Number(card.height)}px`;
  ui.card.dataset.color = f.color ?? '';
  ui.cardTitle.textContent = f.title ?? '';
  ui.cardVotes.textContent = f.votes ? `★ ${f.votes}` : '';
  ui.card.setAttribute('aria-label', `card "${f.title ?? ''}" at ${card.x}, ${card.y}, ${card.width} by ${card.height}`
    + `${f.color ? `, ${f.color}` : ''}, ${f.votes ?? 0} votes`);
  const lastSeq = client.lastSeq(board);
  ui.lastSeq.textContent = lastSeq ? String(lastSeq) : '–';
}

/** Shows the document's value unless the user is editing this control right now. */
function setControl(control, value) {
  if (document.activeElement === control && control.dataset.dirty === 'true') {
    return;
  }
  control.value = String(value);
}

function pick(obj, keys) {
  return Object.fromEntries(keys.filter((k) => obj[k] !== undefined).map((k) => [k, obj[k]]));
}

// ----------------------------------------------------------------------------------------------------- edits

function send(ops) {
  client.send(board, ops).catch((e) => {
    if (e.code !== 'CLOSED') {
      log(`not applied: ${e.code}`);
    }
    scheduleRender();
  });
}

ui.title.addEventListener('input', () => {
  ui.title.dataset.dirty = 'true';
  send({ title: ui.title.value });
});
ui.title.addEventListener('blur', () => {
  ui.title.dataset.dirty = 'false';
  scheduleRender();
});

for (const name of ['x', 'y', 'width', 'height']) {
  const input = ui[name];
  input.addEventListener('input', () => {
    input.dataset.dirty = 'true';
    if (input.value !== '' && Number.isInteger(Number(input.value))) {
      send({ [name]: Number(input.value) });
    }
  });
  input.addEventListener('blur', () => {
    input.dataset.dirty = 'false';
    scheduleRender();
  });
}

ui.color.addEventListener('change', () => {
  send(ui.color.value === '' ? [{ op: 'delete', field: 'color' }] : { color: ui.color.value });
});
ui.voteUp.addEventListener('click', () => send([{ op: 'increment', field: 'votes', by: 1 }]));
ui.voteDown.addEventListener('click', () => send([{ op: 'increment', field: 'votes', by: -1 }]));
ui.locked.addEventListener('change', () => send({ locked: ui.locked.checked }));
ui.form.addEventListener('submit', (event) => event.preventDefault());

// Dragging the card sends at most one move per animation frame.
let drag = null;
ui.card.addEventListener('pointerdown', (event) => {
  const f = { ...CARD_DEFAULTS, ...pick(client.fields(board) ?? {}, ['x', 'y']) };
  if (ui.form.dataset.live !== 'true' || client.fields(board)?.locked === true) {
    return;
  }
  drag = { startX: event.clientX, startY: event.clientY, x0: Number(f.x), y0: Number(f.y), pending: null };
  ui.card.setPointerCapture(event.pointerId);
});
ui.card.addEventListener('pointermove', (event) => {
  if (!drag) {
    return;
  }
  const wasPending = drag.pending !== null;
  drag.pending = { x: Math.round(drag.x0 + event.clientX - drag.startX), y: Math.round(drag.y0 + event.clientY - drag.startY) };
  if (!wasPending) {
    requestAnimationFrame(() => {
      if (drag?.pending) {
        send(drag.pending);
        drag.pending = null;
      }
    });
  }
});
const endDrag = () => {
  if (drag?.pending) {
    send(drag.pending);
  }
  drag = null;
};
ui.card.addEventListener('pointerup', endDrag);
ui.card.addEventListener('pointercancel', endDrag);

// ---------------------------------------------------------------------------------------------------- stress

ui.stress.addEventListener('click', async () => {
  const count = Math.min(100_000, Math.max(1, Math.floor(Number(ui.stressCount.value) || 0)));
  const f = client.fields(board) ?? {};
  const x0 = Number(f.x ?? CARD_DEFAULTS.x);
  stressRunning = true;
  ui.stress.disabled = true;
  ui.stressResult.textContent = `sending ${count} deltas…`;
  const started = performance.now();
  const refused = {};
  let acked = 0;
  const pending = [];
  for (let i = 0; i < count; i++) {
    pending.push(client.send(board, { x: clamp(x0 + (i % 120) - 60, -100000, 100000) }).then(() => {
      acked++;
    }, (e) => {
      refused[e.code] = (refused[e.code] ?? 0) + 1;
    }));
    if (i % 500 === 499) {
      await new Promise((r) => setTimeout(r, 0)); // let the batch leave and the page breathe
    }
  }
  await Promise.all(pending);
  const seconds = (performance.now() - started) / 1000;
  send({ x: x0 });
  const refusals = Object.entries(refused).map(([code, n]) => `${n} ${code}`).join(', ');
  ui.stressResult.textContent = `${acked} of ${count} acknowledged in ${seconds.toFixed(2)} s `
    + `(${Math.round(acked / seconds)} deltas/s)${refusals ? `; refused: ${refusals}` : ''}`;
  stressRunning = false;
  ui.stress.disabled = client.state !== ClientState.OPEN;
});

function clamp(v, lo, hi) {
  return Math.min(hi, Math.max(lo, v));
}

// ------------------------------------------------------------------------------------------- rate and events

const samples = [];
const number = new Intl.NumberFormat();
setInterval(() => {
  const now = performance.now();
  samples.push([now, client.stats.deltasDelivered]);
  while (samples.length > 1 && now - samples[0][0] > 1000) {
    samples.shift();
  }
  const [t0, n0] = samples[0];
  ui.rate.textContent = number.format(now > t0 ? Math.round(((client.stats.deltasDelivered - n0) * 1000) / (now - t0)) : 0);
}, 250);

function log(text) {
  const item = document.createElement('li');
  const time = new Date().toLocaleTimeString();
  item.textContent = `${time} ${text}`;
  ui.log.prepend(item);
  while (ui.log.children.length > MAX_LOG_LINES) {
    ui.log.lastElementChild.remove();
  }
}

function readBoardNumber() {
  const raw = new URLSearchParams(location.search).get('board') ?? '1';
  const n = Number(raw);
  return Number.isSafeInteger(n) && n >= 0 && n < 2 ** 48 ? n : 1;
}
