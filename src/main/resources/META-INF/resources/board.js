// The departure board: the stream view (/departure/stream) drawn as it arrives. The query lives in
// the page's URL, so that a view can be shared; EventSource resumes a dropped stream with
// Last-Event-ID, and the page says so.

const STEPS = ['flight', 'forecast'];
const BACKEND = { flight: 'flight service', forecast: 'forecast service' };

const form = document.querySelector('#query');
const connection = document.querySelector('#connection');
const problemBox = document.querySelector('#problem');
const departureBox = document.querySelector('#departure');
const completeness = document.querySelector('#completeness');
const timelineSection = document.querySelector('#timeline-section');
const timeline = document.querySelector('#timeline');
const updatesTitle = document.querySelector('#updates-title');
const updates = document.querySelector('#updates');
const execution = document.querySelector('#execution');

let source = null;
let view = null;

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'class') node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function ms(value) {
  if (value >= 120000) return `${Math.round(value / 60000)} min`;
  return value >= 10000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

/** "21:00 (UTC−03:00), 27 Nov": the time as the airport's clock shows it, from an ISO time with its offset. */
function airportTime(iso) {
  const match = /^(\d{4})-(\d\d)-(\d\d)T(\d\d:\d\d)(?::\d\d(?:\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.exec(iso || '');
  if (!match) return iso || '—';
  const [, year, month, day, time, offset] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  const label = date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const zone = offset === 'Z' ? 'UTC' : `UTC${offset.replace('-', '−')}`;
  return `${time} (${zone}), ${label}`;
}

function dl(entries) {
  const list = el('dl');
  for (const [term, value] of entries) {
    if (value === undefined || value === null || value === '') continue;
    list.append(el('dt', {}, term), el('dd', {}, String(value)));
  }
  return list;
}

// ---- the query, in the URL ----

function fillForm(params) {
  form.flight.value = params.get('flight') || '';
  form.date.value = params.get('date') || today();
  form.from.value = params.get('from') || '';
  form.watch.checked = params.get('watch') === 'true';
}

function queryOf() {
  const params = new URLSearchParams();
  params.set('flight', form.flight.value.trim().toUpperCase());
  params.set('date', form.date.value);
  const from = form.from.value.trim().toUpperCase();
  if (from) params.set('from', from);
  if (form.watch.checked) params.set('watch', 'true');
  return params;
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const params = queryOf();
  history.pushState(null, '', `/?${params}`);
  start(params);
});

window.addEventListener('popstate', () => {
  const params = new URLSearchParams(location.search);
  fillForm(params);
  if (params.get('flight')) start(params);
  else stop();
});

// ---- the stream ----

function stop() {
  if (source) source.close();
  source = null;
}

function start(params) {
  stop();
  view = { params, watch: params.get('watch') === 'true', steps: {}, events: 0, lastId: null, opened: false,
    reconnects: 0, departed: false, deadlineMs: null, done: false };
  problemBox.hidden = true;
  problemBox.replaceChildren();
  departureBox.hidden = false;
  timelineSection.hidden = false;
  completeness.textContent = 'Asking the flight and forecast services…';
  completeness.className = 'completeness';
  for (const step of STEPS) {
    const card = document.querySelector(`#${step}-card`);
    card.querySelector('.part').textContent = 'waiting…';
    card.querySelector('.body').replaceChildren();
  }
  updates.replaceChildren();
  updatesTitle.hidden = true;
  execution.hidden = true;
  drawTimeline();
  connection.dataset.reconnects = '0';
  status('Connecting…');

  const url = `/departure/stream?${params}`;
  const stream = new EventSource(url);
  source = stream;
  const current = view;
  stream.addEventListener('open', () => {
    if (current.opened) {
      current.reconnects++;
      connection.dataset.reconnects = String(current.reconnects);
      status(`Reconnected (${plural(current.reconnects, 'time')}): resumed after event ${current.lastId}, nothing asked again.`,
        'reconnected');
    } else {
      status('Live: parts appear as they arrive.');
    }
    current.opened = true;
  });
  for (const step of STEPS) {
    stream.addEventListener(step, (event) => received(current, event, () => onStep(current, step, JSON.parse(event.data))));
  }
  stream.addEventListener('execution', (event) => received(current, event, () => {
    const id = JSON.parse(event.data).id;
    const link = execution.querySelector('a');
    link.href = `/departures/${encodeURIComponent(id)}`;
    link.textContent = id;
    execution.hidden = false;
  }));
  stream.addEventListener('departure', (event) => received(current, event, () => onDeparture(current, JSON.parse(event.data))));
  stream.addEventListener('end', (event) => received(current, event, () => onEnd(current, JSON.parse(event.data))));
  stream.addEventListener('reconnect', (event) => {
    if (current === view) status('The gateway asked this page to reconnect; resuming…', 'reconnected');
  });
  // One name for two things: the gateway's `error` event (with data), and the connection's trouble (without).
  stream.addEventListener('error', (event) => {
    if (current !== view) return;
    if (event.data) {
      received(current, event, () => finish(current, () => showProblem(JSON.parse(event.data))));
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
      if (current === view) showProblem({ title: 'No answer', detail: 'The departure could not be followed. Try again.' });
      return;
    }
    const body = await answer.json();
    if (current !== view) return;
    // Nothing was started: no cards, no timeline, only what was wrong.
    departureBox.hidden = true;
    timelineSection.hidden = true;
    showProblem(body, answer.headers.get('Retry-After'));
  } catch (e) {
    if (current === view) showProblem({ title: 'No answer', detail: 'The gateway could not be reached.' });
  }
}

function resumed(current) {
  return current.reconnects ? `, resumed after ${plural(current.reconnects, 'dropped connection')}` : '';
}

function status(text, kind = '') {
  connection.hidden = false;
  connection.textContent = text;
  connection.className = `connection ${kind}`;
}

// ---- parts and cards ----

function outcomeClass(outcome) {
  return outcome === 'ok' ? 'ok' : outcome === 'fallback' ? 'fallback' : 'failed';
}

function describe(step, part) {
  const attempts = part.attempts > 1 ? ` after ${plural(part.attempts, 'attempt')}` : '';
  const extras = [part.shared ? 'shared with identical requests' : '', part.hedged ? 'hedged' : ''].filter(Boolean);
  const extra = extras.length ? ` (${extras.join(', ')})` : '';
  switch (part.outcome) {
    case 'ok': return `answered in ${ms(part.durationMs)}${attempts}${extra}`;
    case 'fallback': return `the ${BACKEND[step]} did not answer (${part.error}); showing the last known value`;
    case 'timeout': return `no answer in time from the ${BACKEND[step]} (${ms(part.durationMs)}${attempts})`;
    case 'circuit-open': return `the ${BACKEND[step]} is unavailable right now (not asked while it recovers)`;
    case 'rejected': return `the ${BACKEND[step]} is too busy right now`;
    case 'skipped': return `not asked: it needed the flight, which did not come`;
    case 'cancelled': return 'cancelled';
    default: return `the ${BACKEND[step]} failed to answer (${part.error || part.outcome})${attempts}`;
  }
}

function onStep(current, step, data) {
  if (current.departed) {
    onUpdate(current, step, data);
    return;
  }
  current.steps[step] = data;
  if (data.deadlineMs !== undefined) current.deadlineMs = data.deadlineMs;
  renderPart(step, data);
  drawTimeline();
}

function renderPart(step, data) {
  const card = document.querySelector(`#${step}-card`);
  const part = card.querySelector('.part');
  part.replaceChildren(el('span', { class: `badge ${outcomeClass(data.outcome)}` }, data.outcome), ' ', describe(step, data));
  const body = card.querySelector('.body');
  if (data.value) {
    body.replaceChildren(...(step === 'flight' ? flightBody(data.value) : forecastBody(data.value)));
    if (data.stale) {
      body.prepend(el('p', { class: 'stale' }, `Stale: ${ms(data.ageMs ?? 0)} old`));
    }
  } else {
    body.replaceChildren(el('p', {}, step === 'forecast' ? 'No forecast for now.' : 'No flight details.'));
  }
}

function flightBody(flight) {
  return [
    el('p', { class: 'big' }, `${flight.id} `, el('span', { class: `badge status-badge ${flight.status}` }, flight.status.replace('_', ' '))),
    dl([
      ['Route', `${flight.origin} → ${flight.destination}`],
      ['Scheduled', airportTime(flight.scheduledDeparture)],
      ['Expected', airportTime(flight.estimatedDeparture)],
      ['Gate', flight.gate || 'not yet assigned'],
    ]),
  ];
}

function forecastBody(forecast) {
  return [
    el('p', { class: 'big' }, `${forecast.summary}, ${forecast.temperatureC} °C`),
    dl([
      ['Airport', forecast.airport],
      ['Rain', `${Math.round(forecast.precipitationProbability * 100)} %`],
      ['Wind', `${forecast.windKph} km/h`],
    ]),
  ];
}

function onDeparture(current, departure) {
  current.departed = true;
  for (const step of STEPS) {
    if (!current.steps[step] && departure.parts?.[step]) {
      current.steps[step] = { ...departure.parts[step], value: departure[step] };
      renderPart(step, current.steps[step]);
    }
  }
  if (departure.complete) {
    completeness.textContent = 'Complete: flight and forecast both answered.';
    completeness.className = 'completeness complete';
  } else {
    const missing = STEPS.filter((step) => departure.parts?.[step]?.outcome !== 'ok');
    completeness.textContent = `Partial: ${missing.map((step) => `${step} ${departure.parts[step].outcome}`).join(', ')}.`;
    completeness.className = 'completeness partial';
  }
  drawTimeline();
  if (current.watch) {
    status('Departure shown; watching for changes until the flight leaves.');
  } else {
    finish(current, () => status(`Done${resumed(current)}.`));
  }
}

function onUpdate(current, step, data) {
  const value = data.value ?? data;
  const at = new Date().toLocaleTimeString('en-GB');
  updatesTitle.hidden = false;
  if (step === 'flight') {
    renderPart('flight', { ...current.steps.flight, value });
    updates.append(el('li', {}, `${at} · flight ${value.status.replace('_', ' ')}, gate ${value.gate || '—'}, expected ${airportTime(value.estimatedDeparture)}`));
  } else {
    renderPart('forecast', { ...current.steps.forecast, value });
    updates.append(el('li', {}, `${at} · forecast ${value.summary}, ${value.temperatureC} °C`));
  }
}

const END_REASONS = {
  departed: 'the flight has departed',
  cancelled: 'the flight was cancelled',
  'max-duration': 'the watch reached its time limit',
  error: 'the watch could not go on',
};

function onEnd(current, end) {
  finish(current, () => {
    updatesTitle.hidden = false;
    const reason = END_REASONS[end.reason] || end.reason;
    updates.append(el('li', { class: 'end' }, `Watch ended: ${reason}${end.detail ? ` (${end.detail})` : ''}.`));
    status(`Watch ended: ${reason}${resumed(current)}.`);
  });
}

// ---- problems, as a traveller reads them ----

function showProblem(problem, retryAfter) {
  const slug = (problem.type || '').replace(/.*[:/]/, '');
  const flight = view?.params.get('flight');
  const date = view?.params.get('date');
  const again = retryAfter ? ` Try again in ${plural(Number(retryAfter), 'second')}.` : ' Try again in a moment.';
  const messages = {
    'invalid-request': 'Please check the form.',
    'flight-not-found': `There is no flight ${flight} on ${date}. Check the number and the date.`,
    timeout: `The flight information did not come in time.${again}`,
    'circuit-open': `Flight information is unavailable right now.${again}`,
    overloaded: `The board is very busy.${again}`,
    'upstream-failed': `Flight information could not be loaded.${again}`,
    'rate-limited': `Too many requests from here.${again}`,
    'too-many-streams': 'This browser already watches too many departures. Close one and try again.',
    unauthorized: 'Please sign in to see departures.',
  };
  problemBox.hidden = false;
  const children = [el('h2', {}, problem.title || 'Something went wrong'), el('p', {}, messages[slug] || problem.detail || '')];
  if (problem.errors?.length) {
    children.push(el('ul', {}, ...problem.errors.map((error) => el('li', {}, `${error.field}: ${error.message}`))));
  }
  problemBox.replaceChildren(...children);
  completeness.textContent = 'No departure to show.';
  completeness.className = 'completeness partial';
}

// ---- the timeline: each step a bar from its start to its end, attempts as ticks, the deadline a line ----

function drawTimeline() {
  const steps = view ? STEPS.filter((step) => view.steps[step]) : [];
  const ends = steps.map((step) => (view.steps[step].startedMs ?? 0) + view.steps[step].durationMs);
  const longest = Math.max(100, ...ends);
  const deadline = view?.deadlineMs;
  // The deadline is drawn when it is near enough to read beside the bars; else it is named.
  const showDeadline = deadline && deadline <= longest * 3;
  const scale = showDeadline ? Math.max(longest, deadline) * 1.05 : longest * 1.1;
  const rows = STEPS.map((step) => {
    const track = el('div', { class: 'track' });
    const data = view?.steps[step];
    if (data) {
      const left = (100 * (data.startedMs ?? 0)) / scale;
      const width = (100 * data.durationMs) / scale;
      const bar = el('div', { class: `bar ${outcomeClass(data.outcome)}`, style: `left:${left}%;width:${width}%`,
        title: `${step}: ${data.outcome}, ${ms(data.durationMs)}, ${plural(data.attempts, 'attempt')}` });
      for (const at of (data.attemptsAtMs || []).slice(1)) {
        bar.append(el('span', { class: 'tick', style: `left:${(100 * at) / Math.max(1, data.durationMs)}%` }));
      }
      track.append(bar);
      const label = `${ms(data.durationMs)}${data.attempts > 1 ? ` · ${plural(data.attempts, 'attempt')}` : ''} · ${data.outcome}`;
      // Beside the bar while there is room on its right, else inside its end.
      const beside = left + width < 70;
      track.append(el('span', { class: beside ? 'bar-label' : 'bar-label inside',
        style: beside ? `left:calc(${left + width}% + 0.3rem)` : `right:calc(${100 - left - width}% + 0.4rem)` }, label));
    } else {
      track.append(el('span', { class: 'bar-label', style: 'left:0.3rem' }, 'waiting…'));
    }
    return el('div', { class: 'row', 'data-step': step }, el('span', { class: 'name' }, step), track);
  });
  const axis = el('div', { class: 'axis' }, el('span', {}, '0'), el('span', {}, ms(scale)));
  const layer = [...rows, axis];
  if (showDeadline) {
    const line = el('div', { class: 'deadline', style: `left:calc(var(--label) + (100% - var(--label)) * ${deadline / scale})` },
      el('span', {}, `deadline ${ms(deadline)}`));
    layer.push(line);
  } else if (deadline) {
    layer.push(el('p', { class: 'hint' }, `Deadline: ${ms(deadline)} after the start, far to the right.`));
  }
  timeline.replaceChildren(...layer);
}

// ---- the simulator's chaos controls, when it is on ----

const MODES = ['normal', 'error', 'hang', 'reset', 'malformed', 'slow-body', 'not-found'];

async function chaosControls() {
  const box = document.querySelector('#chaos');
  const grid = box.querySelector('.chaos-grid');
  try {
    const settings = await (await fetch('/board/settings')).json();
    if (!settings.simulator) return;
  } catch (e) {
    return;
  }
  for (const backend of STEPS) {
    let settings;
    try {
      const answer = await fetch(`/sim/chaos/${backend}`);
      if (!answer.ok) return;
      settings = await answer.json();
    } catch (e) {
      return;
    }
    grid.append(chaosForm(backend, settings));
  }
  box.hidden = false;
}

function number(name, label, value, attributes) {
  return el('label', {}, label, el('input', { name, type: 'number', value: String(value), required: '', ...attributes }));
}

function chaosForm(backend, settings) {
  const mode = el('select', { name: 'mode' }, ...MODES.map((m) => el('option', { value: m }, m)));
  mode.value = String(settings.mode).toLowerCase().replace('_', '-');
  const result = el('p', { class: 'hint', role: 'status', style: 'grid-column: 1 / -1' });
  const chaos = el('form', { 'data-backend': backend },
    el('fieldset', {}, el('legend', {}, BACKEND[backend]),
      number('latencyMs', 'Latency (ms)', settings.latencyMs, { min: '0', max: '600000' }),
      number('jitterMs', 'Jitter (ms)', settings.jitterMs, { min: '0', max: '600000' }),
      number('failureRate', 'Failure rate (0–1)', settings.failureRate, { min: '0', max: '1', step: '0.05' }),
      el('label', {}, 'Mode', mode),
      el('button', { type: 'submit', class: 'secondary' }, `Apply to ${backend}`),
      result));
  chaos.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { latencyMs: Number(chaos.latencyMs.value), jitterMs: Number(chaos.jitterMs.value),
      failureRate: Number(chaos.failureRate.value), mode: chaos.mode.value };
    const answer = await fetch(`/sim/chaos/${backend}`, { method: 'PUT', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body) });
    const now = await answer.json();
    result.textContent = answer.ok
      ? `In force: ${now.latencyMs} ms ± ${now.jitterMs} ms, failure rate ${now.failureRate}, ${String(now.mode).toLowerCase()}.`
      : `Refused: ${now.detail}`;
  });
  return chaos;
}

// ---- start ----

const initial = new URLSearchParams(location.search);
fillForm(initial);
drawTimeline();
chaosControls();
if (initial.get('flight')) start(initial);
