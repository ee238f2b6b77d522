#!/usr/bin/env python3
"""Benchmark of the bridge against a fast local Poe stand-in, beside a plain nginx reverse-proxy hop.

Prints numbers and writes docs/benchmarks.md, docs/benchmarks.svg and docs/benchmarks.json (the figures the next run
shows as "previous"). Standard library only; drives wrk and nginx (Debian packages wrk and nginx-light), and Node.js
for `--upstream node`. Everything listens on 127.0.0.1.

    python3 bench/run.py                 # after ./mvnw verify -Paot (the jar and its AOT cache); 3 rounds
    python3 bench/run.py --quick         # shorter runs, one round, for a smoke check of the harness
    python3 bench/run.py --upstream node --java-opts='-XX:+UseSerialGC -Xmx256m' --only seq,load --json x.json

The bridge starts the way scripts/run.sh starts it, `java $JAVA_OPTS -jar quarkus-run.jar` (JAVA_OPTS from the
environment, empty by default: the JVM's own choices), plus `-XX:AOTCache=app.aot` when the build made one, as the
container image does. Each round starts a fresh bridge, warms it, and measures; the report gives the median of the
rounds and their range.
"""
import argparse
import asyncio
import json
import os
import re
import resource
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
APP = os.path.join(ROOT, "target", "quarkus-app")
WORK = os.path.join(ROOT, "target", "bench")
DOCS = os.path.join(ROOT, "docs")
KEY = "bench-key"
SECTIONS = ("seq", "load", "events", "streams", "startup")
# Text below this line in docs/benchmarks.md is written by hand and kept when the benchmark rewrites the file.
KEEP_MARK = "<!-- Sections below are written by hand; bench/run.py keeps them. -->"

# The targets of issue 14: figure name -> (label, "max" or "min", threshold, unit).
TARGETS = {
    "startup.aot.first_s": ("first image after start, JVM + AOT cache", "max", 0.4, "s"),
    "startup.plain.first_s": ("first image after start, plain JVM", "max", 1.0, "s"),
    "added.images.p50": ("added latency, image generation, p50, one connection", "max", 0.08, "ms"),
    "added.chat.p50": ("added latency, non-streamed chat, p50", "max", 0.10, "ms"),
    "share.images.c64": ("throughput at concurrency 64, images, share of the nginx hop", "min", 60, "%"),
    "share.chat.c64": ("throughput at concurrency 64, non-streamed chat, share of the nginx hop", "min", 50, "%"),
    "added.event.p50": ("added latency per streamed chat event, p50", "max", 0.2, "ms"),
    "streams.peak_rss_mb": ("RSS with 2,000 open streams", "max", 200, "MB"),
    "idle.aot.rss_mb": ("idle RSS after start (JVM + AOT cache)", "max", 90, "MB"),
}


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def run_sh_java_opts():
    """scripts/run.sh's default JAVA_OPTS, so that the benchmark starts the bridge with what the README command uses."""
    with open(os.path.join(ROOT, "scripts", "run.sh")) as f:
        m = re.search(r'^default_java_opts="([^"]*)"', f.read(), re.M)
    return m.group(1) if m else ""


def java_home():
    out = subprocess.run(["sh", "-c", ". '%s/.mvn/pick-jdk.sh' >/dev/null; echo \"$JAVA_HOME\"" % ROOT],
                         capture_output=True, text=True).stdout.strip()
    return out or os.environ.get("JAVA_HOME", "")


def wait_http(url, timeout=60, method="GET", body=None, headers=None):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
            with urllib.request.urlopen(req, timeout=2) as r:
                if r.status == 200:
                    return True
        except Exception:
            time.sleep(0.005)
    return False


def get_text(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.read().decode()
    except Exception:
        return ""


# --- the machine --------------------------------------------------------------------------------------------------

def cpu_busy(seconds=2.0):
    """Share of all cores busy over a short sample (from /proc/stat), before anything of ours runs."""
    def sample():
        with open("/proc/stat") as f:
            values = [int(v) for v in f.readline().split()[1:]]
        return sum(values), values[3] + values[4]
    total0, idle0 = sample()
    time.sleep(seconds)
    total1, idle1 = sample()
    return 1 - (idle1 - idle0) / max(1, total1 - total0)


def quiet_check():
    """Prints the load average and warns when other work would disturb the numbers."""
    with open("/proc/loadavg") as f:
        load = [float(v) for v in f.read().split()[:3]]
    busy = cpu_busy()
    cores = os.cpu_count()
    # The sample says what runs now; the load average also catches work that comes and goes (a build's phases).
    noisy = busy > 0.15 or load[0] > 0.75 * cores
    print("machine: %d cores, load average %.2f %.2f %.2f, %.0f%% busy over 2 s%s" % (
        cores, load[0], load[1], load[2], busy * 100,
        " -- WARNING: the machine is busy; the numbers will be low and spread out" if noisy else " (quiet)"), flush=True)
    return {"load": load, "busy": busy, "noisy": noisy, "cores": cores}


# --- the Poe stand-in and the nginx hop -----------------------------------------------------------------------------

SSE_REPLY = ('event: meta\\ndata: {\\"content_type\\": \\"text/markdown\\"}\\n\\n'
             'event: text\\ndata: {\\"text\\": \\"Here you go\\"}\\n\\n'
             'event: file\\ndata: {\\"url\\": \\"http://127.0.0.1:%(standin)d/files/cat.png\\", '
             '\\"content_type\\": \\"image/png\\", \\"name\\": \\"cat.png\\"}\\n\\n'
             'event: done\\ndata: {}\\n\\n')

NGINX_HEAD = """
worker_processes auto;
worker_rlimit_nofile 65536;
daemon off;
pid %(work)s/nginx.pid;
error_log %(work)s/nginx-error.log warn;
events { worker_connections 16384; }
http {
  access_log off;
  client_body_temp_path %(work)s/nginx-body;
  proxy_temp_path %(work)s/nginx-proxy;
  upstream standin { server 127.0.0.1:%(upstream)d; keepalive 256; }
  server {
    listen 127.0.0.1:%(hop)d backlog=8192;
    location / { proxy_pass http://standin; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
"""

# The nginx stand-in (`--upstream nginx`): Poe's bot route answered from memory, streaming bots passed to slow_poe.py.
NGINX_STANDIN = """
  upstream slowpoe { server 127.0.0.1:%(slow)d; }
  server {
    listen 127.0.0.1:%(standin)d backlog=8192;
    location = /v1/models { default_type application/json;
      return 200 '{"object":"list","data":[{"id":"Bench-Bot","object":"model","created":1,"owned_by":"bench"}]}'; }
    location = /stats { stub_status; }
    location /files/ { root %(files)s; }
    location ~ ^/bot/(Stream-Bot|Slow-Bot) { proxy_pass http://slowpoe; proxy_buffering off; proxy_http_version 1.1;
      proxy_read_timeout 600s; }
    location /bot/ { default_type text/event-stream; return 200 "%(reply)s"; }
  }
"""


def upstream_counters(kind, port):
    """Connections accepted and requests served by the stand-in so far (keep-alive shows as requests >> connections)."""
    text = get_text("http://127.0.0.1:%d/stats" % port)
    if kind == "node":
        try:
            s = json.loads(text)
            return s["connections"], s["requests"]
        except ValueError:
            return None
    m = re.search(r"\n\s*(\d+)\s+(\d+)\s+(\d+)", text)  # nginx stub_status: accepts handled requests
    return (int(m.group(1)), int(m.group(3))) if m else None


def start_upstream(kind, ports, procs):
    files = os.path.join(WORK, "www")
    os.makedirs(os.path.join(files, "files"), exist_ok=True)
    shutil.copy(os.path.join(ROOT, "src/test/resources/wiremock/__files/files/cat.png"), os.path.join(files, "files", "cat.png"))
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    conf = os.path.join(WORK, "nginx.conf")
    values = dict(ports, work=WORK, files=files, reply=SSE_REPLY % ports, upstream=ports["standin"])
    with open(conf, "w") as f:
        f.write(NGINX_HEAD % values + (NGINX_STANDIN % values if kind == "nginx" else "") + "}\n")
    if kind == "node":
        procs.append(subprocess.Popen(["node", os.path.join(ROOT, "bench", "node_poe.js"), str(ports["standin"]), files]))
    else:
        procs.append(subprocess.Popen([sys.executable, os.path.join(ROOT, "bench", "slow_poe.py"), str(ports["slow"])]))
    procs.append(subprocess.Popen([nginx, "-c", conf, "-p", WORK], stderr=subprocess.DEVNULL))
    for port in (ports["standin"], ports["hop"]):
        if not wait_http("http://127.0.0.1:%d/v1/models" % port, 10):
            sys.exit("bench: the %s stand-in did not answer on port %d" % (kind, port))


# --- the bridge -----------------------------------------------------------------------------------------------------

class Bridge:
    """The bridge as users start it: `java $JAVA_OPTS [-XX:AOTCache=app.aot] -jar quarkus-run.jar`."""

    def __init__(self, java, java_opts, aot, standin_port):
        self.java, self.java_opts, self.aot, self.standin_port = java, java_opts, aot, standin_port
        self.log = os.path.join(WORK, "bridge.log")

    def command(self, aot=None):
        use_aot = self.aot if aot is None else aot
        return [self.java] + (["-XX:AOTCache=app.aot"] if use_aot else []) + self.java_opts + ["-jar", "quarkus-run.jar"]

    def popen(self, port, aot=None, log=None):
        env = dict(os.environ, POE_BASE_URL="http://127.0.0.1:%d" % self.standin_port, QUARKUS_HTTP_PORT=str(port),
                   QUARKUS_HTTP_HOST="127.0.0.1")
        out = open(log, "a") if log else subprocess.DEVNULL
        return subprocess.Popen(self.command(aot), cwd=APP, env=env, stdout=out, stderr=subprocess.STDOUT)

    def start(self, port):
        """A fresh bridge, ready; returns the process."""
        proc = self.popen(port, log=self.log)
        if not wait_http("http://127.0.0.1:%d/q/health/ready" % port, 60):
            stop(proc)
            sys.exit("bench: the bridge did not start; see target/bench/bridge.log")
        time.sleep(1.0)
        return proc

    def mark(self, text):
        """A line in the bridge's log between phases (to count, say, -XX:+PrintCompilation lines per phase)."""
        with open(self.log, "a") as f:
            f.write("=== bench: %s\n" % text)


def stop(proc):
    if proc.poll() is None:
        proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# --- load ----------------------------------------------------------------------------------------------------------

WRK_POST = """wrk.method = "POST"
wrk.body = '%s'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer %s"
"""


def to_ms(value):
    m = re.match(r"([\d.]+)(us|ms|s)", value)
    number, unit = float(m.group(1)), m.group(2)
    return number / 1000 if unit == "us" else number * 1000 if unit == "s" else number


def wrk(url, body, connections, seconds, threads=None):
    script = os.path.join(WORK, "post-%d.lua" % abs(hash(body)))
    with open(script, "w") as f:
        f.write(WRK_POST % (body, KEY))
    threads = threads or min(2, connections)
    out = subprocess.run(["wrk", "-t%d" % threads, "-c%d" % connections, "-d%ds" % seconds, "--latency", "-s", script, url],
                         capture_output=True, text=True).stdout
    pct = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": rps, "p50": to_ms(pct["50"]), "p99": to_ms(pct["99"]),
            "errors": (int(errors.group(1)) if errors else 0)
            + (sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1))) if socket_errors else 0)}


def rss_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0


# --- streaming measurements ---------------------------------------------------------------------------------------

async def read_stream(host, port, path, body, on_data, headers=""):
    reader, writer = await asyncio.open_connection(host, port)
    data = body.encode()
    writer.write(("POST %s HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nAuthorization: Bearer %s\r\n"
                  "Connection: close\r\nContent-Length: %d\r\n%s\r\n" % (path, KEY, len(data), headers)).encode() + data)
    await writer.drain()
    status = (await reader.readline()).decode()
    while (await reader.readline()) not in (b"\r\n", b""):
        pass
    ok = " 200 " in status
    while ok:
        line = await reader.readline()
        if not line:
            break
        text = line.decode("utf-8", "replace")
        on_data(text, time.time_ns())
        if text.startswith("event: done") or "[DONE]" in text:
            break
    writer.close()
    return status


def per_event_latency(standin_port, bridge_port):
    """Milliseconds from the stand-in sending each event to the client reading it: direct, and through the bridge."""
    marks = re.compile(r"\[(\d+):(\d+)\]")

    def collect(path, port, body):
        delays = []

        def on_data(line, now):
            for _, sent in marks.findall(line):
                delays.append((now - int(sent)) / 1e6)
        asyncio.run(read_stream("127.0.0.1", port, path, body, on_data))
        return delays

    direct = []
    bridged = []
    for _ in range(3):
        direct += collect("/bot/Stream-Bot", standin_port, "{}")
        bridged += collect("/v1/chat/completions", bridge_port,
                           json.dumps({"model": "Stream-Bot", "stream": True, "messages": [{"role": "user", "content": "hi"}]}))
    return direct, bridged


async def open_streams(port, count, pid, hold_s):
    body = json.dumps({"model": "Slow-Bot", "stream": True, "messages": [{"role": "user", "content": "draw"}]})
    opened = 0
    failed = 0
    first_chunk = asyncio.Event()
    results = {"peak_rss": 0.0}
    writers = []

    async def one():
        nonlocal opened, failed
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writers.append(writer)
            data = body.encode()
            writer.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
                          "Authorization: Bearer %s\r\nContent-Length: %d\r\n\r\n" % (KEY, len(data))).encode() + data)
            await writer.drain()
            status = await asyncio.wait_for(reader.readline(), 60)
            if b" 200 " not in status:
                failed += 1
                return
            while True:
                line = await asyncio.wait_for(reader.readline(), 60)
                if line.startswith(b"data:"):
                    break
                if not line:
                    failed += 1
                    return
            opened += 1
            while True:  # keep reading until the bot finishes or we are told to stop
                line = await reader.readline()
                if not line:
                    break
                if b'"error"' in line:
                    failed += 1
                    break
        except Exception:
            failed += 1

    tasks = []
    for i in range(count):
        tasks.append(asyncio.create_task(one()))
        if i % 100 == 99:
            await asyncio.sleep(0.05)
    deadline = time.time() + 90
    while opened + failed < count and time.time() < deadline:
        await asyncio.sleep(0.2)
    t_end = time.time() + hold_s
    while time.time() < t_end:
        results["peak_rss"] = max(results["peak_rss"], rss_mb(pid))
        await asyncio.sleep(0.5)
    for w in writers:
        w.close()
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    results.update(opened=opened, failed=failed)
    return results


# --- start-up -------------------------------------------------------------------------------------------------------

def first_response(bridge, aot):
    """Seconds from starting the process to the first successful image generation, and the RSS then."""
    port = free_port()
    body = json.dumps({"prompt": "a cat", "model": "Bench-Bot"}).encode()
    start = time.time()
    proc = bridge.popen(port, aot=aot)
    ok = wait_http("http://127.0.0.1:%d/v1/images/generations" % port, 60, "POST", body,
                   {"Content-Type": "application/json", "Authorization": "Bearer " + KEY})
    took = time.time() - start
    rss = rss_mb(proc.pid)
    stop(proc)
    return took if ok else None, rss


# --- one round ------------------------------------------------------------------------------------------------------

COMPILE_LINE = re.compile(r"^\s*\d+\s+\d+\s+[%sbn! ]*?([0-4])\s+\S")


def compilations(log, offset):
    """-XX:+PrintCompilation lines per phase of the round whose log starts at offset: {phase: (all, C2)}."""
    counts, phase = {}, "start"
    with open(log, errors="replace") as f:
        f.seek(offset)
        for line in f:
            if line.startswith("=== bench: "):
                phase = line[11:].strip()
                continue
            m = COMPILE_LINE.match(line)
            if m:
                total, c2 = counts.get(phase, (0, 0))
                counts[phase] = (total + 1, c2 + (m.group(1) == "4"))
    return counts


def bridge_round(args, bridge, ports, secs, fig):
    """A fresh bridge, warmed, then sequential latency, throughput and per-event latency, into fig."""
    base = "http://127.0.0.1:%d" % ports["bridge"]
    urls = {"direct": "http://127.0.0.1:%d/bot/Bench-Bot" % ports["standin"],
            "nginx hop": "http://127.0.0.1:%d/bot/Bench-Bot" % ports["hop"],
            "bridge images": base + "/v1/images/generations", "bridge chat": base + "/v1/chat/completions"}
    bodies = {"bridge images": json.dumps({"prompt": "a cat", "model": "Bench-Bot"}),
              "bridge chat": json.dumps({"model": "Bench-Bot", "messages": [{"role": "user", "content": "hi"}]})}
    paths = ["direct", "nginx hop"] + ["bridge " + p for p in args.paths]
    offset = os.path.getsize(bridge.log) if os.path.exists(bridge.log) else 0
    proc = bridge.start(ports["bridge"])
    fig["idle.rss_mb"] = rss_mb(proc.pid)
    bridge.mark("warm-up")
    if args.warmup:
        print("  warming up the JIT (%d s) ..." % args.warmup, flush=True)
        busy = [p for p in paths if p.startswith("bridge")]
        for p in busy:
            wrk(urls[p], bodies[p], 16, max(1, args.warmup * (2 if p == "bridge images" else 1) // (len(busy) + 1)))
        # The streamed path too, so that per-event latency is measured on compiled code, like the other figures
        streamed = json.dumps({"model": "Bench-Bot", "stream": True, "messages": [{"role": "user", "content": "hi"}]})
        wrk(base + "/v1/chat/completions", streamed, 16, max(1, args.warmup // (len(busy) + 1)))
    bridge.mark("measure")

    def counted(name, run):
        before = upstream_counters(args.upstream, ports["standin"])
        result = run()
        after = upstream_counters(args.upstream, ports["standin"])
        if before and after:  # minus the counters' own request
            fig["upstream.%s.connections" % name] = after[0] - before[0] - 1
            fig["upstream.%s.requests" % name] = after[1] - before[1] - 1
        return result

    if "seq" in args.only:
        print("  sequential latency ...", flush=True)
        for p in paths:
            v = counted("seq " + p, lambda: wrk(urls[p], bodies.get(p, "{}"), 1, secs, 1))
            fig.update({"seq.%s.p50" % p: v["p50"], "seq.%s.p99" % p: v["p99"], "seq.%s.errors" % p: v["errors"]})
        for p in paths[1:]:
            key = "hop" if p == "nginx hop" else p.split()[1]
            fig["added.%s.p50" % key] = fig["seq.%s.p50" % p] - fig["seq.direct.p50"]
            fig["added.%s.p99" % key] = fig["seq.%s.p99" % p] - fig["seq.direct.p99"]
    if "load" in args.only:
        print("  throughput ...", flush=True)
        for c in args.concurrency:
            for p in paths[1:]:
                v = counted("c%d %s" % (c, p), lambda: wrk(urls[p], bodies.get(p, "{}"), c, secs))
                fig.update({"load.c%d.%s.%s" % (c, p, k): v[k] for k in ("rps", "p50", "p99", "errors")})
            for p in paths[2:]:
                fig["share.%s.c%d" % (p.split()[1], c)] = (100 * fig["load.c%d.%s.rps" % (c, p)]
                                                          / fig["load.c%d.nginx hop.rps" % c])
    if "events" in args.only:
        print("  streaming per-event latency ...", flush=True)
        direct, bridged = per_event_latency(ports["standin"], ports["bridge"])
        fig.update({"events.direct.p50": statistics.median(direct), "events.bridge.p50": statistics.median(bridged),
                    "events.direct.p99": sorted(direct)[int(len(direct) * 0.99) - 1],
                    "events.bridge.p99": sorted(bridged)[int(len(bridged) * 0.99) - 1]})
        fig["added.event.p50"] = fig["events.bridge.p50"] - fig["events.direct.p50"]
    bridge.mark("end")
    stop(proc)
    for phase, (total, c2) in compilations(bridge.log, offset).items():
        fig["jit.%s.compiled" % phase] = total
        fig["jit.%s.c2" % phase] = c2


def streams_round(args, bridge, ports, fig):
    # A fresh process, so that the memory measured is the streams', not what the load tests left behind.
    proc = bridge.start(ports["bridge"])
    fig["streams.idle_rss_mb"] = rss_mb(proc.pid)
    s = asyncio.run(open_streams(ports["bridge"], args.streams, proc.pid, 5 if args.quick else 10))
    stop(proc)
    fig.update({"streams.peak_rss_mb": s["peak_rss"], "streams.opened": s["opened"], "streams.failed": s["failed"]})


def startup_round(bridge, fig):
    for mode, aot in (("plain", False), ("aot", True)):
        if aot and not os.path.exists(os.path.join(APP, "app.aot")):
            continue
        took, rss = first_response(bridge, aot)
        if took is not None:
            fig["startup.%s.first_s" % mode] = took
        fig["startup.%s.rss_mb" % mode] = rss


def summarize(rounds):
    names = []
    for fig in rounds:
        names += [n for n in fig if n not in names]
    out = {}
    for n in names:
        values = [fig[n] for fig in rounds if n in fig]
        out[n] = {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}
    return out


# --- main -----------------------------------------------------------------------------------------------------------

def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="short runs, one round (harness check, not numbers to publish)")
    parser.add_argument("--rounds", type=int, help="rounds to take the median of (default 3; 1 with --quick)")
    parser.add_argument("--seconds", type=int, help="length of each load run (default 10; 3 with --quick)")
    parser.add_argument("--warmup", type=int, help="seconds of load before measuring, per round (default 30; 6 with --quick)")
    parser.add_argument("--streams", type=int, default=2000)
    parser.add_argument("--upstream", choices=("nginx", "node"), default="nginx",
                        help="the Poe stand-in: nginx answering from memory (default) or bench/node_poe.js")
    parser.add_argument("--java-opts", default=os.environ.get("JAVA_OPTS", run_sh_java_opts()),
                        help="JVM options, as scripts/run.sh takes them (default: $JAVA_OPTS, else run.sh's own "
                             "default); write --java-opts=\"...\"")
    parser.add_argument("--aot", choices=("auto", "off"), default="auto",
                        help="use target/quarkus-app/app.aot when it exists (default), or not")
    parser.add_argument("--only", default=",".join(SECTIONS), help="sections to run: " + ",".join(SECTIONS))
    parser.add_argument("--paths", default="images,chat", help="bridge paths measured: images,chat")
    parser.add_argument("--concurrency", default="16,64", help="concurrency levels of the throughput runs")
    parser.add_argument("--json", help="write the results here instead of docs/ (for comparisons)")
    args = parser.parse_args()
    args.rounds = args.rounds or (1 if args.quick else 3)
    args.seconds = args.seconds or (3 if args.quick else 10)
    args.warmup = (6 if args.quick else 30) if args.warmup is None else args.warmup
    args.only = args.only.split(",")
    args.paths = args.paths.split(",")
    args.concurrency = [int(c) for c in args.concurrency.split(",")]
    if "load" in args.only and 64 not in args.concurrency:
        args.concurrency.append(64)
    return args


def main():
    args = parse_args()
    for tool in ("wrk", "nginx") + (("node",) if args.upstream == "node" else ()):
        if not shutil.which(tool) and not os.path.exists("/usr/sbin/" + tool):
            sys.exit("bench: %s is missing: apt-get install -y wrk nginx-light (and Node.js 20 for --upstream node)" % tool)
    if not os.path.exists(os.path.join(APP, "quarkus-run.jar")):
        sys.exit("bench: build first: ./mvnw verify -Paot")
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    limit = 65536 if hard == resource.RLIM_INFINITY else min(65536, hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (limit, hard))
    if "streams" in args.only and limit < args.streams * 3:
        sys.exit("bench: the open-file limit (%d) is too low for %d streams" % (limit, args.streams))
    os.makedirs(WORK, exist_ok=True)
    previous = load_previous()
    machine = quiet_check()
    java = os.path.join(java_home(), "bin", "java")
    aot = args.aot == "auto" and os.path.exists(os.path.join(APP, "app.aot"))
    ports = {"standin": free_port(), "hop": free_port(), "slow": free_port(), "bridge": free_port()}
    bridge = Bridge(java, shlex.split(args.java_opts), aot, ports["standin"])
    print("bridge: %s (in target/quarkus-app); upstream: %s; %d round(s)" % (
        " ".join(bridge.command()[1:]), args.upstream, args.rounds), flush=True)
    rounds = [{} for _ in range(args.rounds)]
    procs = []
    try:
        start_upstream(args.upstream, ports, procs)
        for i, fig in enumerate(rounds):
            if set(args.only) & {"seq", "load", "events"}:
                print("round %d of %d" % (i + 1, args.rounds), flush=True)
                bridge_round(args, bridge, ports, args.seconds, fig)
        if "streams" in args.only:
            for i, fig in enumerate(rounds):
                print("%d open streams, round %d ..." % (args.streams, i + 1), flush=True)
                streams_round(args, bridge, ports, fig)
        if "startup" in args.only:
            for i, fig in enumerate(rounds):
                print("start-up, round %d ..." % (i + 1), flush=True)
                startup_round(bridge, fig)
    finally:
        for p in procs:
            stop(p)
    if aot:
        for fig in rounds:
            if "idle.rss_mb" in fig or "streams.idle_rss_mb" in fig:
                fig["idle.aot.rss_mb"] = fig.get("idle.rss_mb", fig.get("streams.idle_rss_mb"))
    with open("/proc/loadavg") as f:
        machine["load_after"] = [float(v) for v in f.read().split()[:3]]
    results = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "commit": git_commit(), "machine": machine,
               "java": java_version(java), "command": " ".join(bridge.command()[1:]), "java_opts": args.java_opts,
               "upstream": args.upstream + (" (chunked)" if os.environ.get("NODE_POE_CHUNKED") == "1" and args.upstream == "node" else ""),
               "rounds": args.rounds, "seconds": args.seconds, "warmup": args.warmup, "quick": args.quick,
               "streams": args.streams, "figures": summarize(rounds), "raw": rounds}
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
        print(json.dumps({n: round(v["median"], 3) for n, v in results["figures"].items()}, indent=1))
        return
    with open(os.path.join(WORK, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    report(results, previous)


def git_commit():
    return subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()


def java_version(java):
    return subprocess.run([java, "-version"], capture_output=True, text=True).stderr.splitlines()[0]


def load_previous():
    """The figures of the last published run (docs/benchmarks.json), read before this run overwrites them."""
    try:
        with open(os.path.join(DOCS, "benchmarks.json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


# --- report ---------------------------------------------------------------------------------------------------------

def svg_bars(title, groups, unit, path):
    """A small grouped bar chart, written without plotting libraries."""
    width, height, left, top = 640, 260, 150, 40
    series = sorted({name for _, bars in groups for name, _ in bars})
    colors = {name: c for name, c in zip(series, ["#4c78a8", "#f58518", "#54a24b", "#e45756"])}
    vmax = max(v for _, bars in groups for _, v in bars) or 1
    row = (height - top - 30) / len(groups)
    bar_h = row / (len(series) + 1)
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">' % (width, height),
           '<text x="10" y="20" font-size="14" font-weight="bold">%s</text>' % title]
    for gi, (label, bars) in enumerate(groups):
        y0 = top + gi * row
        out.append('<text x="10" y="%.0f">%s</text>' % (y0 + row / 2, label))
        for bi, (name, value) in enumerate(bars):
            w = (width - left - 120) * value / vmax
            y = y0 + bi * bar_h
            out.append('<rect x="%d" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>' % (left, y, w, bar_h * 0.9, colors[name]))
            out.append('<text x="%.1f" y="%.1f">%s %s</text>' % (left + w + 4, y + bar_h * 0.7, "{:,.0f}".format(value) if value >= 100 else "%.2f" % value, unit))
    for i, name in enumerate(series):
        out.append('<rect x="%d" y="%d" width="10" height="10" fill="%s"/><text x="%d" y="%d">%s</text>'
                   % (left + i * 150, height - 18, colors[name], left + 14 + i * 150, height - 9, name))
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out))


def number(value, digits):
    return "{:,.{d}f}".format(value, d=digits) if digits == 0 else "%.*f" % (digits, value)


class Table:
    """Formats figures as "median (min–max)" beside the previous run's median."""

    def __init__(self, figures, previous):
        self.figures = figures
        self.previous = (previous or {}).get("figures", {})

    def now(self, name, digits):
        v = self.figures.get(name)
        if v is None:
            return "n/a"
        if v["n"] == 1 or number(v["min"], digits) == number(v["max"], digits):
            return number(v["median"], digits)
        return "%s (%s–%s)" % (number(v["median"], digits), number(v["min"], digits), number(v["max"], digits))

    def before(self, name, digits):
        v = self.previous.get(name)
        return number(v["median"], digits) if v else ""

    def both(self, name, digits):
        return "%s | %s" % (self.now(name, digits), self.before(name, digits))


def target_rows(figures, t):
    rows = []
    for name, (label, kind, goal, unit) in TARGETS.items():
        v = figures.get(name)
        digits = 2 if unit == "s" else 3 if unit == "ms" else 0
        if v is None:
            verdict = "not measured"
        else:
            ok = v["median"] <= goal if kind == "max" else v["median"] >= goal
            verdict = "met" if ok else "**missed**"
        rows.append("| %s | %s %s %s | %s | %s | %s |" % (label, "≤" if kind == "max" else "≥", number(goal, 2 if unit in ("s", "ms") else 0),
                                                          unit, t.now(name, digits), t.before(name, digits), verdict))
    return rows


def report(r, previous):
    f = r["figures"]
    t = Table(f, previous)
    m = r["machine"]
    prev_note = ("the previous column is the run of %s (%s)" % (previous.get("date", "?"), previous.get("commit") or previous.get("source", "?"))
                 if previous else "there was no previous run (docs/benchmarks.json) to compare with")
    lines = ["# Benchmarks", "",
             "Measured by `python3 bench/run.py` on %s (commit %s): %d cores, the load tool (wrk), the Poe stand-in (%s), "
             "the nginx hop and the bridge all sharing them on 127.0.0.1. Load average before the run %.2f, %.0f%% of "
             "the cores busy%s. The bridge runs on %s, started as `java %s` in target/quarkus-app: the command of "
             "scripts/run.sh (`JAVA_OPTS` %s), with the AOT cache when the build made one, as the container image "
             "does." % (r["date"], r["commit"], m["cores"],
                        "nginx answering from memory, plus a Python stand-in for streaming bots" if r["upstream"] == "nginx"
                        else "bench/node_poe.js on Node.js", m["load"][0], m["busy"] * 100,
                        " — **the machine was busy: read the numbers as low and spread out**" if m["noisy"] else "",
                        r["java"], r["command"], "`%s`" % r["java_opts"] if r["java_opts"] else "empty: the JVM's own choices"),
             "",
             "Each figure is the median of %d rounds with the range of the rounds in brackets; each round starts a fresh "
             "bridge and warms it with %d s of load; load runs last %d s. %s.%s" % (
                 r["rounds"], r["warmup"], r["seconds"], prev_note[0].upper() + prev_note[1:],
                 " **Quick run: short durations; not numbers to rely on.**" if r["quick"] else ""),
             "", "![throughput](benchmarks.svg)", "",
             "## Targets (issue 14)", "", "| target | goal | this run | previous | |", "|---|---|---|---|---|"]
    lines += target_rows(f, t)
    lines += ["", "## Sequential latency (one connection)", "",
              "| path | p50 ms | p99 ms | added p50 ms | previous added p50 ms |", "|---|---|---|---|---|"]
    for p, key in (("direct", None), ("nginx hop", "hop"), ("bridge images", "images"), ("bridge chat", "chat")):
        if "seq.%s.p50" % p in f:
            lines.append("| %s | %s | %s | %s |" % (p, t.now("seq.%s.p50" % p, 3), t.now("seq.%s.p99" % p, 3),
                                                    t.both("added.%s.p50" % key, 3) if key else " |"))
    lines += ["", "`direct` calls the stand-in's bot URL; `nginx hop` goes through an nginx reverse proxy to it; the bridge "
              "rows are full OpenAI requests (`/v1/images/generations`, non-streamed `/v1/chat/completions`) that each "
              "make one Poe query to the same stand-in. Added = the path's p50 minus direct's p50, per round.", "",
              "## Throughput", "", "| concurrency | path | req/s | previous req/s | p50 ms | p99 ms | errors |",
              "|---|---|---|---|---|---|---|"]
    levels = sorted({int(n.split(".")[1][1:]) for n in f if n.startswith("load.")})
    for c in levels:
        for p in ("nginx hop", "bridge images", "bridge chat"):
            k = "load.c%d.%s." % (c, p)
            if k + "rps" in f:
                lines.append("| %d | %s | %s | %s | %s | %s |" % (c, p, t.both(k + "rps", 0), t.now(k + "p50", 2),
                                                                  t.now(k + "p99", 2), number(f[k + "errors"]["max"], 0)))
    for c in levels:
        if "share.images.c%d" % c in f:
            lines.append("")
            lines.append("Share of the nginx hop at concurrency %d: images %s %%, chat %s %% (previous %s %% and %s %%)." % (
                c, t.now("share.images.c%d" % c, 0), t.now("share.chat.c%d" % c, 0),
                t.before("share.images.c%d" % c, 0) or "–", t.before("share.chat.c%d" % c, 0) or "–"))
    if "events.bridge.p50" in f:
        lines += ["", "## Streaming", "", "Per-event latency, from the stand-in writing an event to the client reading it "
                  "(3 streams of 50 events per round):", "",
                  "| path | p50 ms | p99 ms |", "|---|---|---|",
                  "| direct | %s | %s |" % (t.now("events.direct.p50", 2), t.now("events.direct.p99", 2)),
                  "| through the bridge (chat chunks) | %s | %s |" % (t.now("events.bridge.p50", 2), t.now("events.bridge.p99", 2)),
                  "", "Added per event at p50: %s ms (previous %s ms)." % (t.now("added.event.p50", 2), t.before("added.event.p50", 2) or "–")]
    if "streams.peak_rss_mb" in f:
        lines += ["", "%d concurrent streaming chat requests to a bot that stays silent (pings every 5 s), on a freshly "
                  "started bridge: %s open, %s failed; bridge RSS %s MB before, %s MB at peak (previous %s MB)." % (
                      r["streams"], t.now("streams.opened", 0), t.now("streams.failed", 0), t.now("streams.idle_rss_mb", 0),
                      t.now("streams.peak_rss_mb", 0), t.before("streams.peak_rss_mb", 0) or "–")]
    if any(n.startswith("startup.") for n in f):
        lines += ["", "## Start-up", "",
                  "| mode | first successful image after start, s | previous | RSS then, MB | previous |", "|---|---|---|---|---|"]
        for mode, label in (("plain", "plain JVM"), ("aot", "JVM + AOT cache")):
            if "startup.%s.rss_mb" % mode in f:
                lines.append("| %s | %s | %s |" % (label, t.both("startup.%s.first_s" % mode, 2), t.both("startup.%s.rss_mb" % mode, 0)))
        lines += ["", "Time from starting the process to the first successful `POST /v1/images/generations` (which makes "
                  "one Poe query), one fresh process per round. Idle RSS of a freshly started bridge (ready, before any "
                  "request): %s MB. A native executable (`./mvnw package -Pnative`, built where Docker or GraalVM is "
                  "available) is expected to start far faster; it cannot be built on these machines, so it is not "
                  "measured here." % t.now("idle.rss_mb", 0)]
    conns = [n for n in f if n.startswith("upstream.") and n.endswith(".connections")]
    if conns:
        lines += ["", "## Connections to the stand-in", "",
                  "New connections the stand-in accepted while one path ran, beside the requests it served then (median "
                  "of the rounds): a path that reuses its connections opens about as many as wrk keeps open.", "",
                  "| run | connections | requests |", "|---|---|---|"]
        for n in conns:
            run = n[len("upstream."):-len(".connections")]
            lines.append("| %s | %s | %s |" % (run, t.now(n, 0), t.now(n[:-len("connections")] + "requests", 0)))
    lines += ["", "## Context", "",
              "On the same kind of machine, the issue that asked for this benchmark measured an nginx hop adding about "
              "0.06 ms and carrying about 14,000 req/s at concurrency 64, and a popular Node.js AI gateway adding about "
              "1 ms and carrying about 1,000 req/s with 220 MB RSS. This run measured the nginx hop adding %s ms." % t.now("added.hop.p50", 3),
              "", KEEP_MARK]
    path = os.path.join(DOCS, "benchmarks.md")
    kept = ""
    if os.path.exists(path):
        with open(path) as fh:
            old = fh.read()
        if KEEP_MARK in old:
            kept = old.split(KEEP_MARK, 1)[1]
    with open(path, "w") as fh:
        fh.write("\n".join(lines) + (kept if kept.strip() else "\n"))
    with open(os.path.join(DOCS, "benchmarks.json"), "w") as fh:
        json.dump({k: v for k, v in r.items() if k != "raw"}, fh, indent=1)
        fh.write("\n")
    svg_bars("Requests per second, median of %d rounds (127.0.0.1, 2 cores)" % r["rounds"],
             [("concurrency %d" % c, [(p, f["load.c%d.%s.rps" % (c, p)]["median"]) for p in ("nginx hop", "bridge images", "bridge chat")
                                      if "load.c%d.%s.rps" % (c, p) in f]) for c in levels],
             "req/s", os.path.join(DOCS, "benchmarks.svg"))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
