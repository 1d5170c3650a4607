// The departure board: the stream view drawn as it arrives, with a card and a timeline row for each
// part the gateway lists at /board/settings, so that a backend added to the gateway shows here too.
// Each job is a module of ./board/; this one wires them.

import { chaosControls } from './board/simulator.js';
import { start, stop } from './board/stream.js';
import { drawTimeline } from './board/timeline.js';
import { fillForm, followUrl } from './board/url.js';

/** What the gateway tells of itself; without it, the parts are shown as the departure names them. */
async function readSettings() {
  try {
    const answer = await fetch('/board/settings');
    if (answer.ok) return await answer.json();
  } catch (e) {
    // The stream alone still shows the departure.
  }
  return { simulator: false, steps: [] };
}

const settings = readSettings();
const steps = settings.then((read) => (read.steps ?? []).map((step) => step.name));

async function show(params) {
  start(params, await steps);
}

// The form is live at once; a query waits only for the steps.
followUrl({ start: show, stop });
const initial = new URLSearchParams(location.search);
fillForm(initial);
steps.then((parts) => drawTimeline(parts, null));
settings.then(chaosControls);
if (initial.get('flight')) show(initial);
