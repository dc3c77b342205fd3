#!/usr/bin/env python3
"""What an edition transition costs: `qmark build` of a generated manual of N documents (each
mapping a clause of the user catalogue csr-bench) without and with a new edition of that
catalogue (csr-bench-next: every tenth clause moved, pairs merged, some withdrawn, new ones),
and `qmark coverage --transition` on it. Median of several runs, the two builds alternating."""
import argparse, os, shutil, statistics, subprocess, sys

from bench import timed

HERE = os.path.dirname(os.path.abspath(__file__))

def next_edition():
    """csr-bench's 100 clauses (Topic 1–10 × Requirement 1–10) in a new edition."""
    lines = ["id: csr-bench-next", "title: Bench CSR, next edition", "supersedes: csr-bench", "map:"]
    for top in range(1, 11):
        lines.append(f"  {top}.10: [{top}.11]")      # moved
        lines.append(f"  {top}.9: [{top}.8]")        # merged into .8
        if top % 2 == 0:
            lines.append(f"  {top}.7: []")          # withdrawn
    lines.append("clauses:")
    for top in range(1, 12):
        lines.append(f"  - id: {top}\n    title: Topic {top}" + ("\n    new: true" if top == 11 else "") + "\n    clauses:")
        for sub in range(1, 13):
            if sub in (9, 10) or (sub == 7 and top % 2 == 0):
                continue
            new = top <= 10 and sub == 12
            lines.append(f"      - {{id: {top}.{sub}, title: Requirement {top}.{sub}{', new: true' if new else ''}}}")
    return "\n".join(lines) + "\n"

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--qmark", default=".build/release/qmark")
    parser.add_argument("--templates", default="templates")
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    out = os.path.join(HERE, "out")
    source = os.path.join(out, f"manual-{args.size}-transition")
    shutil.rmtree(source, ignore_errors=True)
    subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), str(args.size), source], check=True)
    with open(os.path.join(source, "site.yml")) as f:
        settings = f.read()
    plain = settings + "standards: [iso9001-2015, csr-bench]\n"
    transition = settings + "standards: [iso9001-2015, csr-bench, csr-bench-next]\n"
    catalogue = os.path.join(source, "standards", "csr-next.yml")
    check = subprocess.run([args.qmark, "check", "--source", source], capture_output=True, text=True)
    scratch = os.path.join(out, f"transition-runs-{os.getpid()}")
    os.makedirs(scratch)
    times = {"plain": [], "transition": [], "report": []}
    try:
        for run in range(args.runs):
            for name, text in (("plain", plain), ("transition", transition)):
                with open(os.path.join(source, "site.yml"), "w") as f:
                    f.write(text)
                if name == "transition":
                    with open(catalogue, "w") as f:
                        f.write(next_edition())
                elif os.path.exists(catalogue):
                    os.remove(catalogue)
                times[name].append(timed([args.qmark, "build", "--source", source, "--output",
                                          os.path.join(scratch, f"{name}-{run}"), "--templates", args.templates]))
            times["report"].append(timed([args.qmark, "coverage", "--source", source, "--transition"]))
        report = subprocess.run([args.qmark, "coverage", "--source", source, "--transition"], capture_output=True, text=True, check=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"edition transition, {args.size} documents, median of {args.runs} runs:")
    for name, label in (("plain", "build without a new edition"), ("transition", "build with csr-bench-next (transition page)"),
                        ("report", "qmark coverage --transition")):
        print(f"  {label:45} {statistics.median(t for t, _ in times[name]):6.2f} s  {statistics.median(m for _, m in times[name]):6.0f} MiB")
    print("  " + report.stdout.strip().splitlines()[-1])
    if check.returncode not in (0, 1):
        sys.exit(check.stderr)

if __name__ == "__main__":
    main()
