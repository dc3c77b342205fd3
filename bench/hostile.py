#!/usr/bin/env python3
"""What one hostile file of at most 1 MB can cost a build: for each input below, a small manual
holding it is built with `qmark build` and checked with `qmark check`, and the wall times, peak memory (maximum resident set) and
size of the largest page written are reported, with the exit status. Inputs that only history can
reach (a redline of two very different revisions) are committed to git first. Median of several
runs for the time; the memory is the largest seen."""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
MB = 1_000_000


def fill(unit, size=MB):
    """`unit` repeated up to `size` bytes."""
    count = max(1, size // len(unit.encode()))
    return unit * count


def front(doc_id, title="Hostile", extra=""):
    return f"---\nid: {doc_id}\ntitle: {title}\ntype: procedure\nclauses: [7.5]\n{extra}---\n"


def inputs():
    """name → (files, description). Each hostile file is ≤ 1 MB; QP-01 exists to be linked."""
    long_title = "文件控制程序" * 50  # 300 characters, the longest title accepted
    target = {"QP-01.md": front("QP-01", long_title) + "正文。\n"}
    wide = 150_000
    cases = {
        "short links `[[a|` repeated": fill("[[a|"),
        "`[[QP-01]]` linked to a 300-character title": fill("[[QP-01]] "),
        "mentions `QP-01` in prose": fill("见 QP-01，"),
        "mentions 《title》": fill(f"按《{long_title}》执行。"),
        "pipe table, 150,000-column header, one-cell rows":
            "|" + "a|" * wide + "\n|" + "-|" * wide + "\n" + fill("|x\n", MB - 4 * wide - 10),
        "pipe table, 100,000 rows of `<br>` cells": "| a | b |\n|---|---|\n" + fill("| x<br>y | QP-01<br/>z |\n"),
        "csv fence, wide header, short rows":
            "```csv\n" + ",".join(["h"] * 150_000) + "\n" + fill("x\n", MB - 300_020) + "```\n",
        "table fence, wide header": "```table\n" + "|" + "a|" * 150_000 + "\n" + fill("|x|\n", MB - 300_020) + "```\n",
        "unclosed `[` brackets": fill("["),
        # libcmark 0.30.2 walks back over every open `![` at each link (CVE-2023-22486): quadratic.
        "`![[]()` bracket soup, one paragraph": fill("![[]()"),
        "`![[]()` bracket soup, 4 KB paragraphs": fill("![[]()" * 680 + "\n\n"),
        "`![` then `[]()`, one paragraph": fill("![", MB // 2) + fill("[]()", MB // 2 - 200),
        "`*a` emphasis delimiters": fill("*a _b "),
        "nested block quotes `>`": fill(">") + " a\n",
        "nested lists": "".join("  " * i + "- a\n" for i in range(700)),
        "backtick runs of every length": "".join("`" * (i % 200 + 1) + "a" for i in range(9_000)),
        "one 1 MB URL": "https://example.com/" + "a" * (MB - 40) + "\n",
        "`www.` autolinks": fill("www.example.com/a_(b) "),
        "e-mail autolinks": fill("a.b-c@example.com. "),
        "raw HTML tags": fill("<div onclick=x><br><sup>1</sup><script>"),
        "250,000 headings": fill("# a\n"),
        "entities": fill("&amp;&#x1F600;&bogus;"),
        "Chinese paragraph, one line": fill("质量管理体系文件控制"),
        "strikethrough `~`": fill("~a~~b~~~c "),
        "task list items": fill("- [x] a\n"),
    }
    manuals = {}
    for name, body in cases.items():
        text = front("QP-02") + body
        assert len(text.encode()) <= MB + 400, (name, len(text.encode()))
        manuals[name] = ({**target, "QP-02.md": text}, None)
    alias_bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9))
    manuals["YAML alias bomb in front-matter"] = ({**target, "QP-02.md": front("QP-02", extra=alias_bomb) + "a\n"}, None)
    manuals["YAML alias bomb in site.yml"] = ({**target, "site.yml": "title: T\n" + alias_bomb}, None)
    old = "".join(f"第 {i} 行：旧的要求 {i * 7919 % 10007}\n" for i in range(40_000))
    new = "".join(f"第 {i} 行：新的要求 {i * 104729 % 10009}\n" for i in range(40_000))
    manuals["redline of two 1 MB revisions, every line changed"] = (
        {**target, "QP-02.md": front("QP-02") + old[: MB - 200]},
        {"QP-02.md": front("QP-02", extra="revision: B\n") + new[: MB - 200]})
    return manuals


def make(folder, files, second):
    shutil.rmtree(folder, ignore_errors=True)
    manual = os.path.join(folder, "manual")
    os.makedirs(manual)
    files = {"site.yml": "title: Hostile\n", **files}
    for path, text in files.items():
        with open(os.path.join(manual, path), "w", encoding="utf-8") as f:
            f.write(text)
    git = ["git", "-C", folder, "-c", "user.name=B", "-c", "user.email=b@example.com"]
    subprocess.run(["git", "init", "-q", folder], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "first"], check=True)
    if second:
        for path, text in second.items():
            with open(os.path.join(manual, path), "w", encoding="utf-8") as f:
                f.write(text)
        subprocess.run(git + ["commit", "-qam", "second"], check=True)


def timed(command, timeout):
    """Runs a command; its wall time, peak memory (KiB), exit status and standard error, or None when killed at the timeout."""
    # Standard error to a file: a pipe nobody reads while the build runs could fill and stop it.
    with tempfile.TemporaryFile() as errors:
        start = time.monotonic()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        deadline = start + timeout
        while True:
            pid, wait_status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                process.kill()
                os.wait4(process.pid, 0)
                return None
            time.sleep(0.005)
        elapsed = time.monotonic() - start
        errors.seek(0)
        return elapsed, usage.ru_maxrss, os.waitstatus_to_exitcode(wait_status), errors.read().decode(errors="replace")


def measure(qmark, templates, folder, runs, timeout):
    times, checks, peak, status, message = [], [], 0, 0, ""
    manual = os.path.join(folder, "manual")
    for _ in range(runs):
        shutil.rmtree(os.path.join(folder, "site"), ignore_errors=True)
        output = os.path.join(folder, "site")
        result = timed([qmark, "build", "--source", manual, "--output", output, "--templates", templates], timeout)
        if result is None:
            return None
        elapsed, rss, status, message = result
        times.append(elapsed)
        peak = max(peak, rss)
        check = timed([qmark, "check", "--source", manual], timeout)
        if check is None:
            return None
        checks.append(check[0])
        peak = max(peak, check[1])
    largest = 0
    site = os.path.join(folder, "site")
    for root, _, names in os.walk(site):
        for name in names:
            if name.endswith(".html"):
                largest = max(largest, os.path.getsize(os.path.join(root, name)))
    return statistics.median(times), statistics.median(checks), peak / 1024, status, largest, message


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--qmark", default=".build/release/qmark")
    parser.add_argument("--templates", default="templates")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    qmark, templates = os.path.abspath(args.qmark), os.path.abspath(args.templates)
    out = os.path.join(HERE, "out", "hostile")
    print(f"One hostile file (≤ 1 MB) in a two-document manual; qmark build, median of {args.runs} runs\n")
    print(f"| input | exit | build (s) | check (s) | peak memory (MiB) | largest page (MB) |")
    print(f"|---|---:|---:|---:|---:|---:|")
    worst_time, worst_memory = (0, ""), (0, "")
    for number, (name, (files, second)) in enumerate(inputs().items()):
        folder = os.path.join(out, str(number))
        make(folder, files, second)
        result = measure(qmark, templates, folder, args.runs, args.timeout)
        if result is None:
            print(f"| {name} | killed | > {args.timeout:.0f} | | | |")
            worst_time = (args.timeout, name)
            continue
        elapsed, checked, peak, status, largest, message = result
        print(f"| {name} | {status} | {elapsed:.2f} | {checked:.2f} | {peak:.0f} | {largest / MB:.1f} |", flush=True)
        if status not in (0, 1) or (status == 1 and "error" not in message):
            print(f"  unexpected: {message[:500]}")
        worst_time = max(worst_time, (max(elapsed, checked), name))
        worst_memory = max(worst_memory, (peak, name))
        shutil.rmtree(folder, ignore_errors=True)
    print(f"\nworst time: {worst_time[0]:.2f} s ({worst_time[1]}); worst peak memory: {worst_memory[0]:.0f} MiB ({worst_memory[1]})")


if __name__ == "__main__":
    main()
