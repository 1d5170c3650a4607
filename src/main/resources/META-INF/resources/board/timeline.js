// The timeline: each step a bar from its start to its end, so that the concurrency is seen; attempts
// as ticks, the deadline a line.

import { outcomeClass } from './cards.js';
import { el } from './dom.js';
import { ms, plural } from './text.js';

const timeline = document.querySelector('#timeline');

function row(step, data, scale) {
  const track = el('div', { class: 'track' });
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
}

/** A row per step, drawn from what the view knows of each (nothing yet without a view). */
export function drawTimeline(steps, view) {
  const known = view ? steps.filter((step) => view.steps[step]) : [];
  const ends = known.map((step) => (view.steps[step].startedMs ?? 0) + view.steps[step].durationMs);
  const longest = Math.max(100, ...ends);
  const deadline = view?.deadlineMs;
  // The deadline is drawn when it is near enough to read beside the bars; else it is named.
  const showDeadline = deadline && deadline <= longest * 3;
  const scale = showDeadline ? Math.max(longest, deadline) * 1.05 : longest * 1.1;
  const layer = steps.map((step) => row(step, view?.steps[step], scale));
  layer.push(el('div', { class: 'axis' }, el('span', {}, '0'), el('span', {}, ms(scale))));
  if (showDeadline) {
    layer.push(el('div', { class: 'deadline', style: `left:calc(var(--label) + (100% - var(--label)) * ${deadline / scale})` },
      el('span', {}, `deadline ${ms(deadline)}`)));
  } else if (deadline) {
    layer.push(el('p', { class: 'hint' }, `Deadline: ${ms(deadline)} after the start, far to the right.`));
  }
  timeline.replaceChildren(...layer);
}
