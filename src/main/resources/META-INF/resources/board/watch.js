// The watch's messages, in the order they come: each new value of a watched part, then why the
// watch ended. Any other word about the watch is one more note in this list.

import { el } from './dom.js';
import { viewOf } from './views.js';

const updatesTitle = document.querySelector('#updates-title');
const updates = document.querySelector('#updates');

export const END_REASONS = {
  departed: 'the flight has departed',
  cancelled: 'the flight was cancelled',
  'max-duration': 'the watch reached its time limit',
  error: 'the watch could not go on',
};

export function clearWatch() {
  updates.replaceChildren();
  updatesTitle.hidden = true;
}

/** One message of the watch; kind is its class (`end` for the last). */
export function note(text, kind) {
  updatesTitle.hidden = false;
  updates.append(el('li', kind ? { class: kind } : {}, text));
}

export function updated(step, value) {
  note(`${new Date().toLocaleTimeString('en-GB')} · ${viewOf(step).update(value)}`);
}

/** Notes the end of the watch; answers its reason in words. */
export function ended(end) {
  const reason = END_REASONS[end.reason] || end.reason;
  note(`Watch ended: ${reason}${end.detail ? ` (${end.detail})` : ''}.`, 'end');
  return reason;
}

/** The watch's backend dropped its update stream and the gateway opened it again. */
export function rejoined(watch) {
  const again = watch.resubscribed ? ' (subscription made again)' : '';
  note(`${new Date().toLocaleTimeString('en-GB')} · Reconnected to the ${watch.step} service${again}.`, 'reconnected');
}
