// The line that says how the page's stream is doing: connecting, live, reconnected, done.

const connection = document.querySelector('#connection');

export function status(text, kind = '') {
  connection.hidden = false;
  connection.textContent = text;
  connection.className = `connection ${kind}`;
}

/** How many times the stream was resumed, for whoever reads the page (a test, a screen reader's user). */
export function reconnected(count) {
  connection.dataset.reconnects = String(count);
}
