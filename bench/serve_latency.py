#!/usr/bin/env python3
"""Reload latency of `kheo serve`: from saving one model to the open page
hearing `reload`, and to the page's new bytes being served.

    python3 bench/serve_latency.py --site DIR [--runs 10] [--kheo BIN] [--model REL]

DIR is a site, e.g. a corpus from
`cargo run --release --example gen_corpus -- --models 10000 --seed 1 --out /tmp/serve10k`.
Starts `kheo serve --port 0` on it, listens on the reload channel like a
page, then RUNS times: appends a line to one model (the first in
models.json, or REL), and measures
  save → reload event   (what a page waits for before it reloads),
  save → new bytes      (the model page fetched again has the new line),
  build                 (the rebuild time serve prints),
and prints each run, the medians, the part left to the debounce, the
watcher and the event (save → reload minus build), and the load average.
The model is restored at the end. SPEC target: under 200 ms at 10 000 models.
"""
import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--site", required=True)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--model")
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(os.path.dirname(__file__), "..", "target"))
    ap.add_argument("--kheo", default=os.environ.get("KHEO_BIN", os.path.join(target, "release", "kheo")))
    args = ap.parse_args()

    lines = []  # (monotonic time, line) of serve's stderr
    lines_cv = threading.Condition()
    proc = subprocess.Popen(
        [args.kheo, "serve", "--root", args.site, "--port", "0"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env={**os.environ, "NO_COLOR": "1"},
        text=True, encoding="utf-8",
    )

    def read_stderr():
        for line in proc.stderr:
            with lines_cv:
                lines.append((time.monotonic(), line.rstrip("\n")))
                lines_cv.notify_all()

    threading.Thread(target=read_stderr, daemon=True).start()

    def wait_line(pattern, after=0, timeout=600):
        deadline = time.monotonic() + timeout
        with lines_cv:
            while True:
                for i, (t, line) in enumerate(lines[after:], after):
                    m = re.search(pattern, line)
                    if m:
                        return i, t, m
                if proc.poll() is not None or time.monotonic() > deadline:
                    sys.exit("serve stopped or timed out:\n" + "\n".join(l for _, l in lines[-20:]))
                lines_cv.wait(0.5)

    start = time.monotonic()
    _, t_served, m = wait_line(r"^serving the site at (http://127\.0\.0\.1:(\d+))/")
    origin, port = m.group(1), int(m.group(2))
    print(f"first build and start: {t_served - start:.2f} s; serving at {origin}")

    with urllib.request.urlopen(origin + "/models.json") as r:
        registry = json.load(r)
    entry = next((e for e in registry["models"] if e["source"] == args.model), None) if args.model else registry["models"][0]
    if entry is None:
        sys.exit(f"no model with source {args.model}")
    model_path = os.path.join(args.site, entry["source"])
    url = origin + entry["url"]
    print(f"{registry['count']} models; editing {entry['source']} ({entry['url']})")

    # The reload channel, as a page hears it.
    events = []
    events_cv = threading.Condition()
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(b"GET /__kheo/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")

    def read_events():
        name = None
        for raw in sock.makefile("r", encoding="utf-8"):
            line = raw.rstrip("\r\n")
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: "):
                with events_cv:
                    events.append((time.monotonic(), name, json.loads(line[6:])))
                    events_cv.notify_all()

    threading.Thread(target=read_events, daemon=True).start()

    def wait_event(after, timeout=600):
        deadline = time.monotonic() + timeout
        with events_cv:
            while len(events) <= after:
                if time.monotonic() > deadline:
                    sys.exit("no event in time")
                events_cv.wait(0.5)
            return events[after]

    wait_event(0)  # hello
    with open(model_path, encoding="utf-8") as f:
        original = f.read()
    rows = []
    try:
        for run in range(1, args.runs + 1):
            time.sleep(1.0)  # let the previous old build's folder be removed
            n_events, n_lines = len(events), len(lines)
            marker = f"Mốc đo độ trễ số {run} ({time.time_ns()})."
            with open(model_path, "w", encoding="utf-8") as f:
                f.write(f"{original}\n{marker}\n")
            saved = time.monotonic()
            t_event, name, _ = wait_event(n_events)
            if name != "reload":
                sys.exit(f"expected reload, got {name}")
            while True:
                with urllib.request.urlopen(url) as r:
                    body = r.read().decode("utf-8")
                if marker in body:
                    break
            t_bytes = time.monotonic()
            _, _, m = wait_line(r"changed: built .* in (\d+) ms", after=n_lines)
            build = int(m.group(1))
            row = ((t_event - saved) * 1000, (t_bytes - saved) * 1000, build)
            rows.append(row)
            print(f"run {run}: save → reload event {row[0]:.0f} ms, save → new bytes {row[1]:.0f} ms, build {build} ms")
    finally:
        with open(model_path, "w", encoding="utf-8") as f:
            f.write(original)
        time.sleep(0.5)
        proc.send_signal(2)
        proc.wait(timeout=60)
    med = [statistics.median(r[i] for r in rows) for i in range(3)]
    print(f"median of {len(rows)}: save → reload event {med[0]:.0f} ms, save → new bytes {med[1]:.0f} ms, "
          f"build {med[2]:.0f} ms, the rest (debounce 30 ms, watcher, event) {med[0] - med[2]:.0f} ms")
    with open("/proc/loadavg") as f:
        print("load average:", " ".join(f.read().split()[:3]))


if __name__ == "__main__":
    main()
