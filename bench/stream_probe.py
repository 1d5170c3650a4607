#!/usr/bin/env python3
"""Measures the stream view of a running gateway (on its embedded simulator).

latency N   -- N streams one after another; for each, the time from the simulated forecast
               answer (request start + the forecast's simulated latency) to its event on the wire.
hold N SECS -- opens N watch streams (50 a second), holds them SECS seconds after the last
               one opened, and reports how each ended and how many heartbeats the open ones got.
"""
import asyncio
import collections
import statistics
import sys
import time

HOST, PORT = "127.0.0.1", 8080


async def open_stream(path):
    reader, writer = await asyncio.open_connection(HOST, PORT)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nAccept: text/event-stream\r\n\r\n".encode())
    await writer.drain()
    return reader, writer


async def latency(n, forecast_ms, date):
    gaps = []
    for i in range(n):
        start = time.perf_counter()
        reader, writer = await open_stream(f"/departure/stream?flight=AR{1000 + i}&date={date}&from=EZE")
        while True:
            line = await reader.readline()
            if not line:
                break
            if line.startswith(b"event:forecast"):
                gaps.append((time.perf_counter() - start) * 1000 - forecast_ms)
                break
        writer.close()
    gaps.sort()
    print(f"backend answer to event on the wire over {len(gaps)} streams: "
          f"p50 {statistics.median(gaps):.1f} ms, p90 {gaps[int(len(gaps) * 0.9) - 1]:.1f} ms, max {gaps[-1]:.1f} ms")


async def hold(n, seconds, date, per_second=50):
    """Opens n watch streams, per_second at a time, and holds them until `seconds` after the last opened."""
    outcome = collections.Counter()
    heartbeats = []
    loop = asyncio.get_running_loop()
    until = loop.time() + n / per_second + seconds

    async def one(i):
        await asyncio.sleep(i / per_second)
        reader, writer = await open_stream(f"/departure/stream?flight=AR{1000 + i % 8000}&date={date}&from=EZE&watch=true")
        beats, event = 0, None
        try:
            while True:
                line = await asyncio.wait_for(reader.readline(), timeout=max(0.05, until - loop.time()))
                if not line:
                    outcome["closed by the server"] += 1
                    return
                if line.startswith(b":keep-alive"):
                    beats += 1
                elif line.startswith(b"event:"):
                    event = line.strip()[6:].decode()
                elif line.startswith(b"data:") and event in ("end", "error"):
                    outcome[f"ended: {line.strip()[5:85].decode()}"] += 1
                    return
        except asyncio.TimeoutError:
            outcome["open at the end"] += 1
            heartbeats.append(beats)
        finally:
            writer.close()

    await asyncio.gather(*(one(i) for i in range(n)))
    for what, count in outcome.most_common():
        print(f"{count:6d}  {what}")
    if heartbeats:
        print(f"heartbeats per open stream: min {min(heartbeats)}, max {max(heartbeats)}")


if __name__ == "__main__":
    mode = sys.argv[1]
    date = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 86400))
    if mode == "latency":
        asyncio.run(latency(int(sys.argv[2]), int(sys.argv[3]), date))
    else:
        asyncio.run(hold(int(sys.argv[2]), int(sys.argv[3]), date))
