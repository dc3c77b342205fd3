#!/usr/bin/env python3
"""`qmark import` on Word files nobody here wrote: the test documents of two public Word readers
on PyPI (PyDocX 0.9.10 and python-docx 1.2.0; made in Word, LibreOffice and Google Docs by
their authors). Each file must be imported or refused with a reason; the imported manual must
build without errors; every merged cell must still be merged; every picture must be one a
browser shows.

    python3 bench/word.py --qmark .build/release/qmark
"""
import argparse, glob, json, os, re, shutil, subprocess, sys, tarfile, tempfile, zipfile

SOURCES = [("PyDocX==0.9.10", "PyDocX-0.9.10/tests/fixtures/"), ("python-docx==1.2.0", "python_docx-1.2.0/features/steps/test_files/")]
SHOWN = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}


def fetch(folder):
    files = []
    for package, inside in SOURCES:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:", "-d", folder, package],
                       check=True, capture_output=True)
    for archive in glob.glob(os.path.join(folder, "*.tar.gz")):
        with tarfile.open(archive) as tar:
            for member in tar.getmembers():
                if any(member.name.startswith(inside) for _, inside in SOURCES) and member.name.endswith(".docx"):
                    tar.extract(member, folder)
                    files.append(os.path.join(folder, member.name))
    return sorted(files)


def merged_cells(docx):
    """Merged cells as a reader sees them: a cell that starts a vertical merge or spans columns
    (the rows a vertical merge continues into are the same cell, not counted again)."""
    try:
        xml = zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8", "replace")
    except Exception:
        return 0
    count = 0
    for properties in re.findall(r"<w:tcPr>(.*?)</w:tcPr>", xml, re.S):
        span = re.search(r'<w:gridSpan w:val="(\d+)"', properties)
        vmerge = re.search(r"<w:vMerge(?: w:val=\"(\w+)\")?\s*/>", properties)
        continues = vmerge is not None and vmerge.group(1) in (None, "continue")
        if not continues and ((span and int(span.group(1)) > 1) or (vmerge and vmerge.group(1) == "restart")):
            count += 1
    return count


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--qmark", default=".build/release/qmark")
    parser.add_argument("--templates", default="templates")
    args = parser.parse_args()
    qmark, templates = os.path.abspath(args.qmark), os.path.abspath(args.templates)
    work = tempfile.mkdtemp(prefix="qmark-word-check-")
    try:
        words = fetch(os.path.join(work, "words"))
        manual = os.path.join(work, "manual")
        os.makedirs(manual)
        with open(os.path.join(manual, "site.yml"), "w") as f:
            f.write("title: Imported\nlanguage: en\n")
        # Files of one name from two sources are imported one source at a time.
        reports = []
        for _, inside in SOURCES:
            batch = [w for w in words if inside in w]
            result = subprocess.run([qmark, "import", "--into", os.path.join(manual, inside.split("/")[0]), "--source", manual, "--format", "json"] + batch,
                                    capture_output=True, text=True)
            reports += json.loads(result.stdout)
        imported = [r for r in reports if r["outcome"] == "imported"]
        refused = [r for r in reports if r["outcome"] != "imported"]
        print(f"{len(words)} Word files: {len(imported)} imported, {len(refused)} refused")
        for r in refused:
            print(f"  refused {os.path.basename(r['file'])}: {r['reason']}")
        unexplained = [r for r in refused if not r.get("reason")]
        build = subprocess.run([qmark, "build", "--source", manual, "--output", os.path.join(work, "site"), "--templates", templates, "--no-history"],
                               capture_output=True, text=True)
        errors = [line for line in build.stderr.splitlines() if ": error:" in line]
        print(f"build: exit {build.returncode}, {len(errors)} errors")
        for line in errors[:10]:
            print("  " + line)
        want = sum(merged_cells(r["file"]) for r in imported)
        have = 0
        for r in imported:
            text = open(r["output"], encoding="utf-8").read()
            have += len(re.findall(r'<t[dh][^>]*(?:rowspan|colspan)=', text))
        print(f"merged cells: {want} in the Word files, {have} spans in the Markdown")
        pictures, unseen = 0, []
        for r in imported:
            folder = os.path.dirname(r["output"])
            for target in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", open(r["output"], encoding="utf-8").read()):
                pictures += 1
                path = os.path.join(folder, target.replace("%20", " "))
                if os.path.splitext(path)[1].lower() not in SHOWN or not os.path.exists(path):
                    unseen.append(f"{os.path.basename(r['file'])}: {target}")
        print(f"pictures: {pictures}, {len(unseen)} a browser would not show" + "".join(f"\n  {u}" for u in unseen))
        ok = not unexplained and build.returncode == 0 and not errors and have >= want and not unseen
        print("import check: " + ("passed" if ok else "FAILED"))
        sys.exit(0 if ok else 1)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
