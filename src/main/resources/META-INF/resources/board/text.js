// How the page words counts, durations, airport times and lists.

export function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function ms(value) {
  if (value >= 120000) return `${Math.round(value / 60000)} min`;
  return value >= 10000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

/** "21:00 (UTC−03:00), 27 Nov": the time as the airport's clock shows it, from an ISO time with its offset. */
export function airportTime(iso) {
  const match = /^(\d{4})-(\d\d)-(\d\d)T(\d\d:\d\d)(?::\d\d(?:\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.exec(iso || '');
  if (!match) return iso || '—';
  const [, year, month, day, time, offset] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  const label = date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const zone = offset === 'Z' ? 'UTC' : `UTC${offset.replace('-', '−')}`;
  return `${time} (${zone}), ${label}`;
}

/** "flight, forecast and lounge". */
export function list(words) {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
