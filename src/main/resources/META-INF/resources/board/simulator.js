// The simulator's chaos controls, when it is on: a form for each backend it answers for.

import { el } from './dom.js';

const MODES = ['normal', 'error', 'hang', 'reset', 'malformed', 'slow-body', 'not-found', 'drop-updates'];

function number(name, label, value, attributes) {
  return el('label', {}, label, el('input', { name, type: 'number', value: String(value), required: '', ...attributes }));
}

function chaosForm(backend, settings) {
  const mode = el('select', { name: 'mode' }, ...MODES.map((m) => el('option', { value: m }, m)));
  mode.value = String(settings.mode).toLowerCase().replace('_', '-');
  const result = el('p', { class: 'hint', role: 'status', style: 'grid-column: 1 / -1' });
  const chaos = el('form', { 'data-backend': backend },
    el('fieldset', {}, el('legend', {}, `${backend} service`),
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

/** Shows the controls of every backend the simulator answers for; none when it is off. */
export async function chaosControls(settings) {
  if (!settings.simulator) return;
  const box = document.querySelector('#chaos');
  const grid = box.querySelector('.chaos-grid');
  for (const { name: backend } of settings.steps ?? []) {
    try {
      const answer = await fetch(`/sim/chaos/${backend}`);
      if (answer.ok) grid.append(chaosForm(backend, await answer.json()));
    } catch (e) {
      // A backend the simulator does not answer for has no controls.
    }
  }
  box.hidden = grid.childElementCount === 0;
}
