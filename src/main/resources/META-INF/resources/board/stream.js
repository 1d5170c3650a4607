// The stream view (/departure/stream) drawn as it arrives, and after a redrive the execution's own
// events (/departures/{id}/events) from the redrive on. EventSource resumes a dropped stream with
// Last-Event-ID, and the page says so.

import { renderPart, resetCards, summary, waitPart } from './cards.js';
import { reconnected, status } from './connection.js';
import { clearProblem, showProblem } from './problems.js';
import { hideRedrive, offerRedrive } from './redrive.js';
import { list, plural } from './text.js';
import { drawTimeline } from './timeline.js';
import { clearWatch, ended, rejoined, updated } from './watch.js';

const departureBox = document.querySelector('#departure');
const timelineSection = document.querySelector('#timeline-section');
const execution = document.querySelector('#execution');

let source = null;
let view = null;

export function stop() {
  if (source) source.close();
  source = null;
}

/** Follows the departure the params ask for, with a card and a timeline row for each of the steps, in order. */
export function start(params, steps) {
  stop();
  view = { params, watch: params.get('watch') === 'true', order: [...steps], steps: {}, events: 0, lastId: null, opened: false,
    reconnects: 0, departed: false, deadlineMs: null, done: false, execution: null, redrive: null };
  clearProblem();
  departureBox.hidden = false;
  timelineSection.hidden = false;
  summary(steps.length ? `Asking the ${list(steps)} service${steps.length === 1 ? '' : 's'}…` : 'Asking…');
  resetCards(steps);
  clearWatch();
  execution.hidden = true;
  hideRedrive();
  drawTimeline(view.order, view);
  reconnected(0);
  status('Connecting…');
  listen(`/departure/stream?${view.params}`, view, steps);
}

/** Follows the execution of the current view again from its redrive numbered `number`. */
function followRedrive(current, number) {
  if (current !== view) return;
  stop();
  clearProblem();
  Object.assign(current, { redrive: number, skipping: true, departed: false, done: false, opened: false });
  status(`Redrive ${number}: asking again…`);
  listen(`/departures/${encodeURIComponent(current.execution)}/events`, current, current.order);
}

function offer(current) {
  if (current.execution) {
    offerRedrive(current.execution, (redriven) => followRedrive(current, redriven.redriveCount),
      (problem, retryAfter) => showProblem(problem, current.params, retryAfter));
  }
}

function listen(url, current, steps) {
  const stream = new EventSource(url);
  source = stream;
  stream.addEventListener('open', () => {
    if (current.opened) {
      current.reconnects++;
      reconnected(current.reconnects);
      status(`Reconnected (${plural(current.reconnects, 'time')}): resumed after event ${current.lastId}, nothing asked again.`,
        'reconnected');
    } else if (current.redrive === null) {
      status('Live: parts appear as they arrive.');
    }
    current.opened = true;
  });
  for (const step of steps) {
    stream.addEventListener(step, (event) => received(current, event, () => onStep(current, step, JSON.parse(event.data))));
  }
  stream.addEventListener('execution', (event) => received(current, event, () => {
    const id = JSON.parse(event.data).id;
    current.execution = id;
    const link = execution.querySelector('a');
    link.href = `/departures/${encodeURIComponent(id)}`;
    link.textContent = id;
    execution.hidden = false;
  }));
  stream.addEventListener('redrive', (event) => received(current, event, () => onRedrive(current, JSON.parse(event.data))));
  stream.addEventListener('departure', (event) => received(current, event, () => onDeparture(current, JSON.parse(event.data))));
  stream.addEventListener('end', (event) => received(current, event, () => finish(current, () => {
    const end = JSON.parse(event.data);
    status(`Watch ended: ${ended(end)}${resumed(current)}.`);
    if (end.reason === 'error' || !current.complete) offer(current);
  })));
  stream.addEventListener('watch', (event) => received(current, event, () => rejoined(JSON.parse(event.data))));
  stream.addEventListener('reconnect', () => {
    if (current === view) status('The gateway asked this page to reconnect; resuming…', 'reconnected');
  });
  // One name for two things: the gateway's `error` event (with data), and the connection's trouble (without).
  stream.addEventListener('error', (event) => {
    if (current !== view) return;
    if (event.data) {
      received(current, event, () => finish(current, () => {
        showProblem(JSON.parse(event.data), current.params);
        offer(current);
      }));
    } else if (stream.readyState === EventSource.CLOSED && !current.done) {
      if (current.events === 0) refused(current, url);
      else finish(current, () => status(`The stream ended after event ${current.lastId}.`));
    } else if (stream.readyState === EventSource.CONNECTING && !current.done) {
      status(`Connection lost after event ${current.lastId ?? 'none'}; reconnecting…`, 'reconnected');
    }
  });
}

function received(current, event, render) {
  if (current !== view) return;
  // Following a redrive: the execution's events before it were shown already.
  if (current.redrive !== null && current.skipping !== false) {
    if (event.type !== 'redrive' || JSON.parse(event.data).number !== current.redrive) return;
    current.skipping = false;
  }
  current.events++;
  if (event.lastEventId) current.lastId = event.lastEventId;
  render();
}

function finish(current, render) {
  current.done = true;
  if (source) source.close();
  render();
}

/** The stream was refused before it began (a 4xx): the same URL once more, to read the problem. */
async function refused(current, url) {
  finish(current, () => status('The gateway refused the request.'));
  try {
    const asked = new AbortController();
    const answer = await fetch(url, { headers: { Accept: 'text/event-stream' }, signal: asked.signal });
    if (answer.ok) {
      // Refused once, streaming now: not a problem to read; hang up (the gateway cancels what it started).
      asked.abort();
      if (current === view) showProblem({ title: 'No answer', detail: 'The departure could not be followed. Try again.' }, current.params);
      return;
    }
    const body = await answer.json();
    if (current !== view) return;
    // Nothing was started: no cards, no timeline, only what was wrong.
    departureBox.hidden = true;
    timelineSection.hidden = true;
    showProblem(body, current.params, answer.headers.get('Retry-After'));
  } catch (e) {
    if (current === view) showProblem({ title: 'No answer', detail: 'The gateway could not be reached.' }, current.params);
  }
}

function resumed(current) {
  return current.reconnects ? `, resumed after ${plural(current.reconnects, 'dropped connection')}` : '';
}

function onStep(current, step, data) {
  if (current.departed) {
    // A watch's update: the part's new value, its outcome as it was.
    const value = data.value ?? data;
    renderPart(step, { ...current.steps[step], value });
    updated(step, value);
    return;
  }
  current.steps[step] = data;
  if (data.deadlineMs !== undefined) current.deadlineMs = data.deadlineMs;
  renderPart(step, data);
  drawTimeline(current.order, current);
}

/** The execution runs again: the parts that were not ok are asked for again, the others stay. */
function onRedrive(current, redrive) {
  const again = current.order.filter((step) => current.steps[step]?.outcome !== 'ok');
  again.forEach((step) => {
    delete current.steps[step];
    waitPart(step);
  });
  summary(`Asking the ${list(again)} service${again.length === 1 ? '' : 's'} again…`);
  status(`Redrive ${redrive.number} of the ${redrive.previousStatus.toLowerCase()} departure: only what was missing is asked again.`);
  drawTimeline(current.order, current);
}

function onDeparture(current, departure) {
  current.departed = true;
  current.complete = departure.complete;
  const parts = departure.parts ?? {};
  current.order.push(...Object.keys(parts).filter((step) => !current.order.includes(step)));
  for (const step of current.order) {
    if (!current.steps[step] && parts[step]) {
      current.steps[step] = { ...parts[step], value: departure[step] };
      renderPart(step, current.steps[step]);
    }
  }
  if (departure.complete) {
    const every = current.order.length === 2 ? ' both' : current.order.length > 2 ? ' all' : '';
    summary(`Complete: ${list(current.order)}${every} answered.`, 'complete');
  } else {
    const missing = current.order.filter((step) => parts[step]?.outcome !== 'ok');
    summary(`Partial: ${missing.map((step) => `${step} ${parts[step]?.outcome ?? 'missing'}`).join(', ')}.`, 'partial');
  }
  drawTimeline(current.order, current);
  if (current.watch) {
    status('Departure shown; watching for changes until the flight leaves.');
  } else {
    finish(current, () => {
      status(`Done${resumed(current)}${current.redrive ? `, after redrive ${current.redrive}` : ''}.`);
      if (!departure.complete) offer(current);
    });
  }
}
