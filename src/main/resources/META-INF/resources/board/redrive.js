// Redrive: a departure that ended partial or failed is run again under the same execution by
// POST /departures/{id}/redrive, which asks only for the parts that were not ok. The page offers it
// then, and follows the execution's events from that redrive on.

const button = document.querySelector('#redrive');

/** Offers the redrive of execution `id`; `redriven(status)` follows it once the gateway has accepted it. */
export function offerRedrive(id, redriven, refused) {
  button.hidden = false;
  button.disabled = false;
  button.onclick = async () => {
    button.disabled = true;
    try {
      const answer = await fetch(`/departures/${encodeURIComponent(id)}/redrive`, { method: 'POST' });
      const body = await answer.json();
      if (answer.ok) {
        button.hidden = true;
        redriven(body);
      } else {
        refused(body, answer.headers.get('Retry-After'));
      }
    } catch (e) {
      refused({ title: 'No answer', detail: 'The gateway could not be reached.' });
    } finally {
      button.disabled = false;
    }
  };
}

export function hideRedrive() {
  button.hidden = true;
  button.onclick = null;
}
