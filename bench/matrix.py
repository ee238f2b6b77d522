#!/usr/bin/env python3
"""Why two harnesses disagree (issue 14): the project benchmark's set-up changed one factor at a time toward the
neutral harness's (a Node.js stand-in, `java -jar` with the JVM's default flags, no AOT cache, no warm-up).

Each cell is one `bench/run.py --json` run (image path only, one connection and concurrency 64, several rounds);
this prints a table of the medians and ranges. Standard library only.

    python3 bench/matrix.py                          # every cell, 3 rounds each
    python3 bench/matrix.py --lock /tmp/bench.lock   # each cell under flock, on a machine shared with other work
    python3 bench/matrix.py --cells project,neutral --table-only
"""
import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "target", "bench")
TUNED = "-XX:+UseSerialGC -Xmx256m"
# Counting compilations per phase costs a line of output per compiled method; every cell pays it alike.
DIAG = " -XX:+PrintCompilation"

# name -> (what changed, run.py arguments, extra environment)
CELLS = {
    "project": ("the project benchmark: nginx stand-in, %s, AOT cache, 30 s warm-up" % TUNED,
                ["--upstream", "nginx", "--java-opts=" + TUNED + DIAG, "--warmup", "30"], {}),
    "node": ("... with the Node.js stand-in", ["--upstream", "node", "--java-opts=" + TUNED + DIAG, "--warmup", "30"], {}),
    "node-chunked": ("... with the Node.js stand-in writing event by event",
                     ["--upstream", "node", "--java-opts=" + TUNED + DIAG, "--warmup", "30"], {"NODE_POE_CHUNKED": "1"}),
    "default-jvm": ("... with the JVM's default flags (G1, 1/4 of RAM)",
                    ["--upstream", "nginx", "--java-opts=" + DIAG.strip(), "--warmup", "30"], {}),
    "no-aot": ("... without the AOT cache", ["--upstream", "nginx", "--java-opts=" + TUNED + DIAG, "--aot", "off",
                                             "--warmup", "30"], {}),
    "no-warmup": ("... without warm-up", ["--upstream", "nginx", "--java-opts=" + TUNED + DIAG, "--warmup", "0"], {}),
    "neutral": ("the neutral harness: Node.js stand-in, default flags, no AOT cache, no warm-up",
                ["--upstream", "node", "--java-opts=" + DIAG.strip(), "--aot", "off", "--warmup", "0"], {}),
    "neutral-warm": ("... with 30 s warm-up",
                     ["--upstream", "node", "--java-opts=" + DIAG.strip(), "--aot", "off", "--warmup", "30"], {}),
}

ROWS = [("added.images.p50", "image added p50, ms", 3), ("added.hop.p50", "nginx hop added p50, ms", 3),
        ("seq.direct.p50", "direct p50, ms", 3), ("load.c64.bridge images.rps", "images c64, req/s", 0),
        ("load.c64.nginx hop.rps", "nginx hop c64, req/s", 0), ("share.images.c64", "share of the hop, %", 0),
        ("upstream.seq bridge images.connections", "upstream connections, one client", 0),
        ("upstream.c64 bridge images.connections", "upstream connections, c64", 0),
        ("upstream.c64 bridge images.requests", "upstream requests, c64", 0),
        ("jit.measure.compiled", "JIT compilations while measuring", 0), ("jit.measure.c2", "... of them C2", 0)]


def cell_file(name):
    return os.path.join(OUT, "matrix-%s.json" % name)


def run(name, args):
    _, argv, env = CELLS[name]
    command = [sys.executable, os.path.join(ROOT, "bench", "run.py"), "--only", "seq,load", "--paths", "images",
               "--concurrency", "64", "--rounds", str(args.rounds), "--seconds", str(args.seconds),
               "--json", cell_file(name)] + argv
    if args.lock:
        command = ["flock", args.lock] + command
    print("== %s: %s" % (name, CELLS[name][0]), flush=True)
    if subprocess.run(command, env=dict(os.environ, **env), stdout=subprocess.DEVNULL).returncode:
        print("   failed; see target/bench/bridge.log", flush=True)


def fmt(v, digits):
    if v is None:
        return "–"
    text = lambda x: "{:,.{d}f}".format(x, d=digits)
    return text(v["median"]) if v["n"] == 1 else "%s (%s–%s)" % (text(v["median"]), text(v["min"]), text(v["max"]))


def table(names):
    results = {}
    for n in names:
        if os.path.exists(cell_file(n)):
            with open(cell_file(n)) as f:
                results[n] = json.load(f)
    shown = [n for n in names if n in results]
    lines = ["| measure | " + " | ".join(shown) + " |", "|---|" + "---|" * len(shown)]
    for key, label, digits in ROWS:
        lines.append("| %s | %s |" % (label, " | ".join(fmt(results[n]["figures"].get(key), digits) for n in shown)))
    lines.append("| load average before / after | %s |" % " | ".join(
        "%.2f / %s" % (results[n]["machine"]["load"][0], "%.2f" % results[n]["machine"]["load_after"][0]
                       if "load_after" in results[n]["machine"] else "–") for n in shown))
    print("\n".join(lines))
    for n in shown:
        print("- %s: %s; `java %s`, %d rounds of %d s" % (n, CELLS[n][0], results[n]["command"], results[n]["rounds"],
                                                          results[n]["seconds"]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cells", default=",".join(CELLS), help="cells to run: " + ",".join(CELLS))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--lock", help="run each cell under flock on this file")
    parser.add_argument("--table-only", action="store_true", help="print the table of the cells already run")
    args = parser.parse_args()
    names = args.cells.split(",")
    if not args.table_only:
        for n in names:
            run(n, args)
    table(names)


if __name__ == "__main__":
    main()
