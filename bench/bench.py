#!/usr/bin/env python3
"""Build time and peak memory of `qmark build` on generated manuals: median of several runs."""
import argparse, os, shutil, statistics, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))

def run_once(qmark, source, output, templates):
    start = time.monotonic()
    process = subprocess.Popen([qmark, "build", "--source", source, "--output", output, "--templates", templates],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.monotonic() - start
    if status != 0:
        sys.exit(f"qmark build failed on {source}: {process.stderr.read().decode()[:2000]}")
    return elapsed, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--qmark", default=".build/release/qmark")
    parser.add_argument("--templates", default="templates")
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    out = os.path.join(HERE, "out")
    print(f"qmark build, median of {args.runs} runs, {os.cpu_count()} cores")
    print(f"{'documents':>10} {'seconds':>9} {'peak MiB':>9}   runs (s)")
    for size in [int(s) for s in args.sizes.split(",")]:
        source = os.path.join(out, f"manual-{size}")
        if not os.path.exists(os.path.join(source, "site.yml")):
            shutil.rmtree(source, ignore_errors=True)
            subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), str(size), source], check=True)
        site = os.path.join(out, f"site-{size}")
        results = [run_once(args.qmark, source, site, args.templates) for _ in range(args.runs)]
        times = [r[0] for r in results]
        memory = [r[1] for r in results]
        print(f"{size:>10} {statistics.median(times):>9.2f} {statistics.median(memory):>9.0f}   "
              + " ".join(f"{t:.2f}" for t in times), flush=True)

if __name__ == "__main__":
    main()
