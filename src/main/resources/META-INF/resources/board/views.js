// What a part's card shows of its value, and how a watch's update of it is worded. The flight and
// the forecast have views of their own; any other part shows its fields as a definition list.

import { dl, el } from './dom.js';
import { airportTime } from './text.js';

const flight = {
  body: (value) => [
    el('p', { class: 'big' }, `${value.id} `, el('span', { class: `badge status-badge ${value.status}` }, value.status.replace('_', ' '))),
    dl([
      ['Route', `${value.origin} → ${value.destination}`],
      ['Scheduled', airportTime(value.scheduledDeparture)],
      ['Expected', airportTime(value.estimatedDeparture)],
      ['Gate', value.gate || 'not yet assigned'],
    ]),
  ],
  none: 'No flight details.',
  update: (value) => `flight ${value.status.replace('_', ' ')}, gate ${value.gate || '—'}, expected ${airportTime(value.estimatedDeparture)}`,
};

const forecast = {
  body: (value) => [
    el('p', { class: 'big' }, `${value.summary}, ${value.temperatureC} °C`),
    dl([
      ['Airport', value.airport],
      ['Rain', `${Math.round(value.precipitationProbability * 100)} %`],
      ['Wind', `${value.windKph} km/h`],
    ]),
  ],
  none: 'No forecast for now.',
  update: (value) => `forecast ${value.summary}, ${value.temperatureC} °C`,
};

const VIEWS = { flight, forecast };

function fields(value) {
  return Object.entries(value).map(([name, field]) => [name, typeof field === 'object' && field !== null ? JSON.stringify(field) : field]);
}

/** The view of a part: its own, or the one every part has. */
export function viewOf(step) {
  return VIEWS[step] ?? {
    body: (value) => [dl(typeof value === 'object' ? fields(value) : [['Value', value]])],
    none: `No ${step} details.`,
    update: () => `${step} updated`,
  };
}
