// A card per part of the departure, in the order the gateway lists them: how the part went, in
// words, then what its view shows of its value. A part the page was not told of gets its card when
// it arrives.

import { el } from './dom.js';
import { ms, plural } from './text.js';
import { viewOf } from './views.js';

const cards = document.querySelector('#cards');
const completeness = document.querySelector('#completeness');

export function outcomeClass(outcome) {
  return outcome === 'ok' ? 'ok' : outcome === 'fallback' ? 'fallback' : 'failed';
}

function card(step) {
  const made = document.getElementById(`${step}-card`);
  if (made) return made;
  const title = `${step}-title`;
  const fresh = el('article', { id: `${step}-card`, class: 'card', 'aria-labelledby': title },
    el('h2', { id: title }, step.charAt(0).toUpperCase() + step.slice(1)),
    el('p', { class: 'part', 'data-part': step }, 'waiting…'),
    el('div', { class: 'body' }));
  cards.append(fresh);
  return fresh;
}

/** A waiting card for each part. */
export function resetCards(steps) {
  cards.replaceChildren();
  steps.forEach(card);
}

/** The line above the cards: what the departure is so far. */
export function summary(text, kind = '') {
  completeness.textContent = text;
  completeness.className = kind ? `completeness ${kind}` : 'completeness';
}

function describe(step, part) {
  const backend = `${step} service`;
  const attempts = part.attempts > 1 ? ` after ${plural(part.attempts, 'attempt')}` : '';
  const extras = [part.shared ? 'shared with identical requests' : '', part.hedged ? 'hedged' : ''].filter(Boolean);
  const extra = extras.length ? ` (${extras.join(', ')})` : '';
  switch (part.outcome) {
    case 'ok': return `answered in ${ms(part.durationMs)}${attempts}${extra}`;
    case 'fallback': return `the ${backend} did not answer (${part.error}); showing the last known value`;
    case 'timeout': return `no answer in time from the ${backend} (${ms(part.durationMs)}${attempts})`;
    case 'circuit-open': return `the ${backend} is unavailable right now (not asked while it recovers)`;
    case 'rejected': return `the ${backend} is too busy right now`;
    case 'skipped': return `not asked: it needed the flight, which did not come`;
    case 'cancelled': return 'cancelled';
    default: return `the ${backend} failed to answer (${part.error || part.outcome})${attempts}`;
  }
}

export function renderPart(step, data) {
  const shown = card(step);
  shown.querySelector('.part').replaceChildren(el('span', { class: `badge ${outcomeClass(data.outcome)}` }, data.outcome), ' ',
    describe(step, data));
  const body = shown.querySelector('.body');
  const view = viewOf(step);
  if (data.value) {
    body.replaceChildren(...view.body(data.value));
    if (data.stale) {
      body.prepend(el('p', { class: 'stale' }, `Stale: ${ms(data.ageMs ?? 0)} old`));
    }
  } else {
    body.replaceChildren(el('p', {}, view.none));
  }
}

/** A part asked for again (a redrive): waiting once more. */
export function waitPart(step) {
  const shown = card(step);
  shown.querySelector('.part').replaceChildren('asking again…');
  shown.querySelector('.body').replaceChildren();
}
