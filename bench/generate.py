#!/usr/bin/env python3
"""Writes a synthetic manual of N documents for benchmarks: nested folders, both link forms,
pipe and CSV tables, clause maps to ISO 9001 and a user catalogue, drafts and obsolete documents."""
import argparse, os, random

LEAVES = ["4.1", "4.2", "4.3", "4.4.1", "4.4.2", "5.1.1", "5.1.2", "5.2.1", "5.2.2", "5.3", "6.1.1", "6.1.2",
          "6.2.1", "6.2.2", "6.3", "7.1.2", "7.1.3", "7.1.4", "7.1.5.1", "7.1.5.2", "7.1.6", "7.2", "7.3", "7.4",
          "7.5.1", "7.5.2", "7.5.3.1", "7.5.3.2", "8.1", "8.2.1", "8.2.2", "8.2.3.1", "8.2.4", "8.4.1", "8.4.2",
          "8.4.3", "8.5.1", "8.5.2", "8.5.3", "8.5.4", "8.5.5", "8.5.6", "8.6", "8.7.1", "8.7.2", "9.1.1", "9.1.2",
          "9.1.3", "9.2.1", "9.2.2", "9.3.1", "9.3.2", "9.3.3", "10.1", "10.2.1", "10.2.2", "10.3"]
PRINCIPLES = ["customer-focus", "leadership", "engagement-of-people", "process-approach", "improvement",
              "evidence-based-decision-making", "relationship-management"]
TYPES = ["procedure"] * 5 + ["instruction"] * 3 + ["form"] * 2

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int)
    parser.add_argument("out")
    parser.add_argument("--revisions", type=int, default=1,
                        help="commit the manual to a new git repository this many times, each a new revision of every document")
    args = parser.parse_args()
    rng = random.Random(args.count)
    os.makedirs(os.path.join(args.out, "standards"), exist_ok=True)
    with open(os.path.join(args.out, "site.yml"), "w") as f:
        f.write("title: 基准测试手册\norganization: 基准公司\nlanguage: zh-CN\nexclusions:\n  8.3: 来图加工，不从事设计。\n")
    with open(os.path.join(args.out, "standards", "csr.yml"), "w") as f:
        f.write("id: csr-bench\ntitle: Bench CSR\nclauses:\n")
        for top in range(1, 11):
            f.write(f"  - id: {top}\n    title: Topic {top}\n    clauses:\n")
            for sub in range(1, 11):
                f.write(f"      - id: {top}.{sub}\n        title: Requirement {top}.{sub}\n")
    ids = [f"QP-{i:05d}" for i in range(args.count)]
    folder = lambda i: f"area-{i // 1000:02d}/group-{(i // 100) % 10}"
    for i, doc_id in enumerate(ids):
        status = "draft" if i % 50 == 7 else "obsolete" if i % 97 == 3 else "approved"
        clauses = sorted(set(rng.sample(LEAVES, 3)))
        csr = f"{rng.randint(1, 10)}.{rng.randint(1, 10)}"
        a, b = rng.randrange(args.count), rng.randrange(args.count)
        rel = os.path.relpath(os.path.join(folder(b), ids[b] + ".md"), folder(i))
        body = [f"# {doc_id} 程序\n", "## 1 目的\n", f"规定第 {i} 号过程的控制要求，确保输出符合顾客要求。参见 [[{ids[a]}]] 和 [相关程序]({rel})。\n",
                "## 2 职责\n", "- 质量部：组织实施和监督；\n- 生产部：按本程序执行；\n- 采购部：提供物料信息。\n",
                "## 3 工作程序\n"]
        for step in range(1, 6):
            body.append(f"### 3.{step} 步骤 {step}\n\n按作业指导书执行第 {step} 步，记录结果，发现异常立即报告并隔离产品。"
                        "The operator records the result and escalates any deviation before the next lot is released.\n")
        body.append("```table\n| 项目 | 要求 | 频次 |\n|---|:---:|---:|\n" +
                    "".join(f"| 检查项 {k} | 符合图纸 | 每班 |\n" for k in range(8)) + "```\n")
        body.append("```csv\n记录,保存期限\n检验记录,3 年\n\"培训记录, 含考核\",员工离职后 3 年\n```\n")
        text = (f"---\nid: {doc_id}\ntitle: 第 {i} 号控制程序\ntype: {TYPES[i % len(TYPES)]}\nrevision: {chr(65 + i % 5)}\n"
                f"status: {status}\neffective: 2026-0{1 + i % 9}-1{i % 9}\nowner: 质量部\napprover: 管理者代表\n"
                f"clauses:\n  iso9001-2015: [{', '.join(clauses)}]\n  csr-bench: [{csr}]\n"
                f"principles: [{PRINCIPLES[i % 7]}]\nreferences: [{ids[(i + 1) % args.count]}]\n---\n" + "\n".join(body))
        path = os.path.join(args.out, folder(i), doc_id + ".md")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    if args.revisions > 1:
        commit_revisions(args.out, args.revisions)

def commit_revisions(out, revisions):
    """Revision r of every document: the label becomes Rr, a sentence of step 2 changes, one commit per round."""
    import re, subprocess
    env = dict(os.environ, GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="bench@example.com",
               GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@example.com")
    git = lambda *a: subprocess.run(["git", "-C", out, *a], check=True, env=env, stdout=subprocess.DEVNULL)
    git("init", "-q")
    files = [os.path.join(d, f) for d, _, fs in os.walk(out) for f in fs if f.endswith(".md")]
    for r in range(revisions):
        if r > 0:
            for path in files:
                with open(path) as f:
                    text = f.read()
                text = re.sub(r"^revision: .*$", f"revision: R{r}", text, count=1, flags=re.M)
                text = re.sub(r"按(第 \d+ 版)?作业指导书执行第 2 步", f"按第 {r} 版作业指导书执行第 2 步", text, count=1)
                with open(path, "w") as f:
                    f.write(text)
        git("add", "-A")
        git("commit", "-q", "-m", f"Revision round {r + 1}", "-m", "Approved-by: 管理者代表")

if __name__ == "__main__":
    main()
