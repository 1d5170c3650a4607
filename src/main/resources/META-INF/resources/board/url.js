// The query lives in the page's URL, so that a view can be shared: the form is filled from it, and
// sending the form writes it.

const form = document.querySelector('#query');

function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function fillForm(params) {
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

/** Shows the query the form sends, and the one the browser's history goes back or forward to. */
export function followUrl({ start, stop }) {
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
}
