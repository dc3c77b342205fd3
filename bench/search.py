#!/usr/bin/env python3
"""The search index at scale: a manual of N procedures of 5–20 KB each, written from the sentences,
headings and vocabulary of the example manual (each document a new mix, with its own part numbers,
ids and references), built by qmark; then the size of the index and the bytes a first query loads,
measured by running the site's own search script in headless Chromium over the built files."""
import argparse, glob, json, os, random, re, shutil, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
QUERIES = ["内审", "不合格品", "首件检验", "管理评审输入", "纠正错施", "qp08", "QP-00042", "8.5.2", "internal audit", "供方 评价"]

def corpus():
    """Sentences and headings of the example manual's bodies."""
    sentences, headings = [], []
    for path in glob.glob(os.path.join(ROOT, "manual", "**", "*.md"), recursive=True):
        text = open(path, encoding="utf-8").read()
        body = text.split("\n---\n", 1)[-1]
        for line in body.splitlines():
            line = line.strip()
            if line.startswith("#"):
                headings.append(line.lstrip("# ").strip())
            elif line and not line.startswith(("|", "```", "<", "!")):
                # Links of the example manual would point nowhere here: their text stays.
                line = re.sub(r"\[\[([^\]|]+)(\|[^\]]*)?\]\]", r"\1", line)
                line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
                sentences += [s + "。" for s in re.split(r"[。；]", line.lstrip("-*0123456789. ")) if len(s) > 6]
    return sentences, headings

def generate(count, out):
    rng = random.Random(count)
    sentences, headings = corpus()
    chars = sorted({c for s in sentences for c in s if "\u4e00" <= c <= "\u9fff"})
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "site.yml"), "w") as f:
        f.write("title: 搜索基准手册\norganization: 基准公司\nlanguage: zh-CN\n")
    clauses = ["7.1.5", "7.5.3", "8.4.1", "8.5.1", "8.5.2", "8.7", "9.2", "9.3.2", "10.2"]
    total = 0
    for i in range(count):
        target = rng.randint(5_000, 20_000)
        # Each document has its own vocabulary too: product and part names, machines, customers.
        names = ["".join(rng.choice(chars) for _ in range(rng.randint(2, 4))) for _ in range(12)]
        parts, size, section = [], 0, 1
        while size < target:
            heading = rng.choice(headings)
            lines = [f"## {section} {re.sub(r'^[0-9. ]+', '', heading) or heading}\n"]
            for _ in range(rng.randint(3, 8)):
                sentence = rng.choice(sentences)
                if rng.random() < 0.5:
                    sentence = rng.choice(names) + sentence
                if rng.random() < 0.2:
                    sentence += f"参见 QP-{rng.randrange(count):05d}，记录 QR-{rng.randrange(count):05d}-{rng.randint(1, 9):02d}。"
                lines.append(sentence)
            if rng.random() < 0.3:
                lines.append("\n| 项目 | 要求 | 频次 | 记录 |\n|---|---|---|---|\n" +
                             "".join(f"| {rng.choice(names)} | {rng.choice(sentences)[:20]} | 每班 | QR-{rng.randrange(count):05d} |\n" for _ in range(rng.randint(3, 10))))
            block = "\n".join(lines) + "\n"
            parts.append(block)
            size += len(block.encode())
            section += 1
        title = rng.choice(names) + rng.choice(["控制程序", "管理程序", "作业指导书", "检验规范"])
        text = (f"---\nid: QP-{i:05d}\ntitle: {title}\ntype: procedure\nrevision: A\nstatus: approved\neffective: 2026-01-01\n"
                f"owner: 质量部\napprover: 管理者代表\nclauses:\n  iso9001-2015: [{', '.join(sorted(rng.sample(clauses, 2)))}]\n---\n" + "".join(parts))
        folder = os.path.join(out, f"area-{i // 1000:02d}")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"QP-{i:05d}.md"), "w", encoding="utf-8") as f:
            f.write(text)
        total += len(text.encode())
    return total

def first_query_bytes(site, queries):
    """For each query run alone in a fresh page: the files its first page of results loaded, and their bytes."""
    results = []
    for query in queries:
        harness = os.path.join(site, "bench-harness.html")
        with open(harness, "w", encoding="utf-8") as f:
            f.write('<!doctype html><meta charset="utf-8"><body><pre id="out"></pre><script src="assets/search.js"></script><script>'
                    f'QMARK_SEARCH.top({json.dumps(query)}, {{}}, 10).then(function (r) {{ document.getElementById("out").textContent = '
                    'JSON.stringify({loaded: QMARK_SEARCH.loaded, total: r.total, first: r.hits.length ? r.hits[0].id : ""}); });</script>')
        profile = tempfile.mkdtemp(prefix="qmark-bench-chromium-")
        start = time.monotonic()
        dom = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
                              "--virtual-time-budget=60000", "--dump-dom", "file://" + harness],
                             capture_output=True, text=True, timeout=300).stdout
        shutil.rmtree(profile, ignore_errors=True)
        match = re.search(r'<pre id="out">(.*?)</pre>', dom, re.S)
        if not match or not match.group(1):
            sys.exit(f"search harness gave no result for {query!r}")
        data = json.loads(match.group(1).replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
        size = sum(os.path.getsize(os.path.join(site, path)) for path in data["loaded"])
        results.append({"query": query, "files": len(data["loaded"]), "bytes": size, "results": data["total"], "first": data["first"]})
        os.remove(harness)
    return results

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--qmark", default=".build/release/qmark")
    parser.add_argument("--templates", default="templates")
    parser.add_argument("--size", type=int, default=10000)
    args = parser.parse_args()
    out = os.path.join(HERE, "out")
    source = os.path.join(out, f"search-manual-{args.size}")
    if not os.path.isdir(source):
        print(f"writing {args.size} procedures of 5–20 KB …")
        generate(args.size, source)
    markdown = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(source) for f in fs if f.endswith(".md"))
    site = os.path.join(out, f"search-site-{args.size}")
    start = time.monotonic()
    build = subprocess.run([args.qmark, "build", "--source", source, "--output", site, "--templates", args.templates, "--no-history"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if build.returncode != 0:
        sys.exit("build failed:\n" + "\n".join(build.stderr.splitlines()[-20:]))
    elapsed = time.monotonic() - start
    index = os.path.join(site, "search")
    shards = [os.path.getsize(p) for p in glob.glob(os.path.join(index, "s", "*.js"))]
    entries = [os.path.getsize(p) for p in glob.glob(os.path.join(index, "d", "*.js"))]
    manifest = os.path.getsize(os.path.join(index, "index.js"))
    print(f"search index of {args.size} procedures ({markdown / 2**20:.0f} MiB of Markdown, built in {elapsed:.1f} s):")
    print(f"  manifest {manifest / 1024:.0f} KiB; {len(shards)} shards, {sum(shards) / 2**20:.1f} MiB "
          f"(median {statistics.median(shards) / 1024:.0f} KiB, largest {max(shards) / 1024:.0f} KiB); "
          f"{len(entries)} entries, {sum(entries) / 2**20:.1f} MiB (median {statistics.median(entries) / 1024:.1f} KiB)")
    rows = first_query_bytes(site, QUERIES)
    print("  bytes a first query loads (manifest, its shards, the ten entries it shows):")
    for row in rows:
        print(f"    {row['query']:<16} {row['bytes'] / 1024:7.0f} KiB in {row['files']:3d} files, {row['results']} results, first {row['first']}")
    worst = max(row["bytes"] for row in rows)
    print(f"  largest first query: {worst / 1024:.0f} KiB (limit 1,024 KiB)")
    with open(os.path.join(out, "search-results.json"), "w") as f:
        json.dump({"size": args.size, "manifest": manifest, "shards": sum(shards), "entries": sum(entries), "queries": rows}, f, indent=1)

if __name__ == "__main__":
    main()
