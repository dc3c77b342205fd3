#!/usr/bin/env python3
"""Render time of one large, real-looking document through `qmark render`: a long GFM pipe table
with `<br>` and document ids in its cells, and thousands of mentions of other documents in prose,
at 1x, 2x and 4x its size to show that the cost grows linearly. Debian's cmark-gfm renders the same
file as a reference point (it does no mentions, links or anchors). Median of several runs."""
import argparse, os, shutil, statistics, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))

def document(rows, mentions):
    lines = ["---", "id: QP-BIG", "title: 大型文件", "type: procedure", "status: draft", "clauses: [7.5]", "---",
             "# 大型文件", "", "## 条款对照", "",
             "| 序号 | 条款 | 要求 | 对应文件 | 责任部门 | 备注 |", "|---:|:---|:---|:---:|---|---|"]
    for row in range(rows):
        lines.append(f"| {row + 1} | 7.{row % 9 + 1} | 要求 {row} 的说明<br>第二行 **重点** | QP-{row % 40 + 1:02d} | 质量部 | 见《程序 {row % 40 + 1}》 |")
    lines += ["", "## 正文", ""]
    sentence = 0
    while sentence * 5 < mentions:
        base = sentence % 40
        lines.append(f"按 QP-{base + 1:02d} 和 QP-{(base + 7) % 40 + 1:02d} 执行，记录见《程序 {(base + 3) % 40 + 1}》，"
                     f"参考 WI-{base % 9 + 1:02d} 与 FM-{base % 7 + 1:02d}；不是 QP-0810 也不是 `QP-01`。")
        sentence += 1
        if sentence % 20 == 0: lines.append("")
    return "\n".join(lines) + "\n"

def manual(folder):
    os.makedirs(folder)
    with open(os.path.join(folder, "site.yml"), "w") as f: f.write("title: Bench\n")
    for n in range(1, 41):
        with open(os.path.join(folder, f"QP-{n:02d}.md"), "w") as f:
            f.write(f"---\nid: QP-{n:02d}\ntitle: 程序 {n}\ntype: procedure\nclauses: []\n---\n正文。\n")
    for prefix, count in (("WI", 9), ("FM", 7)):
        for n in range(1, count + 1):
            with open(os.path.join(folder, f"{prefix}-{n:02d}.md"), "w") as f:
                f.write(f"---\nid: {prefix}-{n:02d}\ntitle: {prefix} {n}\ntype: form\n---\n正文。\n")

def timed(command, runs):
    times = []
    for _ in range(runs):
        start = time.monotonic()
        result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.monotonic() - start)
        if result.returncode != 0: sys.exit(f"{command[0]} failed: {result.stderr.decode()[:2000]}")
    return statistics.median(times)

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--qmark", default=".build/release/qmark")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    out = os.path.join(HERE, "out", "markdown")
    shutil.rmtree(out, ignore_errors=True)
    manual(out)
    empty = os.path.join(out, "empty.md")
    with open(empty, "w") as f: f.write("---\nid: QP-E\ntitle: E\n---\n")
    baseline = timed([args.qmark, "render", "--source", out, empty], args.runs)
    print(f"qmark render of one document, median of {args.runs} runs (the manual around it: 56 documents; "
          f"an empty document takes {baseline * 1000:.0f} ms, subtracted below)")
    cmark_gfm = shutil.which("cmark-gfm")
    previous = None
    for scale in (1, 2, 4):
        rows, mentions = 500 * scale, 5000 * scale
        path = os.path.join(HERE, "out", f"big-{scale}.md")
        with open(path, "w") as f: f.write(document(rows, mentions))
        size = os.path.getsize(path) / 1024
        qmark = timed([args.qmark, "render", "--source", out, path], args.runs) - baseline
        line = f"  {rows:5d}-row table + {mentions:6d} mentions ({size:6.0f} KB): qmark {qmark * 1000:7.1f} ms"
        if cmark_gfm:
            reference = timed([cmark_gfm, "-e", "table", "-e", "autolink", "-e", "strikethrough", "-e", "tasklist", path], args.runs)
            line += f", cmark-gfm {reference * 1000:6.1f} ms"
        if previous: line += f", {qmark / previous:.2f}x the size before"
        previous = qmark
        print(line)

if __name__ == "__main__":
    main()
