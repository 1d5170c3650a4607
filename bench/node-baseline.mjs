// The seed's approach 3 as a server: Promise.all of the two backend calls with fetch, JSON merged.
// No timeouts, no retries, no partial answers: the baseline the gateway is compared with.
import http from 'node:http';

const flightUrl = process.env.FLIGHT_URL;
const forecastUrl = process.env.FORECAST_URL;
const port = Number(process.env.PORT || 8090);

http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const flight = url.searchParams.get('flight');
  const date = url.searchParams.get('date');
  const from = url.searchParams.get('from');
  try {
    const [f, w] = await Promise.all([
      fetch(`${flightUrl}/flights/${flight}?date=${date}`).then((r) => r.json()),
      fetch(`${forecastUrl}/forecasts?airport=${from}&date=${date}`).then((r) => r.json()),
    ]);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ flight: f, forecast: w, complete: true }));
  } catch (e) {
    res.writeHead(502);
    res.end();
  }
}).listen(port, '127.0.0.1');
