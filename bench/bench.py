#!/usr/bin/env python3
"""Build time and peak memory of `qmark build` on generated manuals: median of several runs."""
import argparse, os, shutil, statistics, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))

def run_once(qmark, source, output, templates, extra=()):
    start = time.monotonic()
    process = subprocess.Popen([qmark, "build", "--source", source, "--output", output, "--templates", templates, *extra],
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
    parser.add_argument("--history-size", type=int, default=10000,
                        help="documents of the manual with 5 revisions each in git (0 to skip)")
    args = parser.parse_args()
    out = os.path.join(HERE, "out")
    print(f"qmark build, median of {args.runs} runs, {os.cpu_count()} cores")
    if args.history_size:
        size = args.history_size
        source = os.path.join(out, f"manual-{size}-git")
        if not os.path.isdir(os.path.join(source, ".git")):
            shutil.rmtree(source, ignore_errors=True)
            subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), str(size), source, "--revisions", "5"], check=True)
        print(f"{size} documents with 5 revisions each in git ({size * 2 + 210} pages with history):")
        # Builds without and with history alternate, each into a folder of its own, and nothing is
        # deleted until all have run: on some file systems (ext4 without a journal) creating files
        # soon after many were deleted is much slower, which would penalise whichever build writes
        # more files. Rebuilds (which retire the previous site) run after them, outputs are removed at the end.
        scratch = os.path.join(out, f"history-runs-{os.getpid()}")
        os.makedirs(scratch)
        runs = {"plain": [], "cold": [], "warm": []}
        for run in range(args.runs):
            runs["plain"].append(run_once(args.qmark, source, os.path.join(scratch, f"plain-{run}"), args.templates, ("--no-history",)))
            runs["cold"].append(run_once(args.qmark, source, os.path.join(scratch, f"cold-{run}"), args.templates))
        warm = os.path.join(scratch, "cold-0")  # a rebuild starts from a built site
        for run in range(args.runs):
            runs["warm"].append(run_once(args.qmark, source, warm, args.templates))
        labels = {"plain": "without history (--no-history)", "cold": "with history, first build", "warm": "with history, rebuild"}
        results = {}
        for name, label in labels.items():
            results[name] = statistics.median(r[0] for r in runs[name])
            print(f"  {label:<32} {results[name]:>7.2f} s {statistics.median(r[1] for r in runs[name]):>7.0f} MiB   "
                  + " ".join(f"{r[0]:.2f}" for r in runs[name]), flush=True)
        pairs = [cold[0] / plain[0] for plain, cold in zip(runs["plain"], runs["cold"])]
        print(f"  ratio to --no-history: first build {results['cold'] / results['plain']:.2f}x "
              f"(run by run {' '.join(f'{p:.2f}' for p in pairs)}), rebuild {results['warm'] / results['plain']:.2f}x")
        shutil.rmtree(scratch, ignore_errors=True)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if sizes:
        print(f"\n{'documents':>10} {'seconds':>9} {'peak MiB':>9}   runs (s)")
    for size in sizes:
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
