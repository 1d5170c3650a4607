// Problems, as a traveller reads them: the gateway's problem document, worded for the query asked.

import { summary } from './cards.js';
import { el } from './dom.js';
import { plural } from './text.js';

const problemBox = document.querySelector('#problem');

export function clearProblem() {
  problemBox.hidden = true;
  problemBox.replaceChildren();
}

export function showProblem(problem, params, retryAfter) {
  const slug = (problem.type || '').replace(/.*[:/]/, '');
  const flight = params?.get('flight');
  const date = params?.get('date');
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
  summary('No departure to show.', 'partial');
}
