#!/usr/bin/env python3
"""The same generated documents as a Hugo site, as the reference for QMark's build time.

The Hugo site has a minimal theme: one page per document printing its metadata (id, title,
type, revision, status, owner, approver, effective date) and its content, a list page, and
`clauses` as a taxonomy (one term page per clause, listing the documents mapping it) — about the
work of QMark's document, register and clause pages, without QMark's coverage rules, links,
history or search index. Front-matter is carried over as written except `clauses`, which Hugo
needs as a flat list of strings (`iso9001-2015 8.5.1`)."""
import os, re, shutil

CONFIG = """baseURL = "/"
languageCode = "zh-cn"
title = "Bench"
disableKinds = ["RSS", "sitemap", "robotsTXT", "404"]
[taxonomies]
clause = "clauses"
[markup.goldmark.renderer]
unsafe = false
"""

BASEOF = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>{{ block "main" . }}{{ end }}</body></html>
"""

SINGLE = """{{ define "main" }}<article><h1>{{ .Params.id }} {{ .Title }}</h1>
<dl><dt>type</dt><dd>{{ .Params.type }}</dd><dt>revision</dt><dd>{{ .Params.revision }}</dd>
<dt>status</dt><dd>{{ .Params.status }}</dd><dt>owner</dt><dd>{{ .Params.owner }}</dd>
<dt>approver</dt><dd>{{ .Params.approver }}</dd><dt>effective</dt><dd>{{ .Params.effective }}</dd></dl>
<ul>{{ range .GetTerms "clauses" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ .Content }}</article>{{ end }}
"""

LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><table>{{ range .Pages }}<tr><td><a href="{{ .RelPermalink }}">{{ .Params.id }}</a></td>
<td>{{ .Title }}</td><td>{{ .Params.status }}</td><td>{{ .Params.owner }}</td></tr>{{ end }}</table>{{ end }}
"""

CLAUSES = re.compile(r"^clauses:\n((?:  [^\n]*\n)+)", re.M)


def flat_clauses(front):
    def replace(match):
        terms = []
        for line in match.group(1).splitlines():
            standard, _, listed = line.strip().partition(":")
            for clause in listed.strip().strip("[]").split(","):
                if clause.strip():
                    terms.append(f'"{standard} {clause.strip()}"')
        return f"clauses: [{', '.join(terms)}]\n"
    return CLAUSES.sub(replace, front)


def make_site(manual, site):
    """Writes the Hugo site of a generated manual (once; kept beside it)."""
    if os.path.exists(os.path.join(site, "config.toml")):
        return
    shutil.rmtree(site, ignore_errors=True)
    for folder, text in (("layouts/_default/baseof.html", BASEOF), ("layouts/_default/single.html", SINGLE),
                         ("layouts/_default/list.html", LIST), ("layouts/_default/taxonomy.html", LIST),
                         ("layouts/_default/term.html", LIST), ("layouts/index.html", LIST), ("config.toml", CONFIG)):
        path = os.path.join(site, folder)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    for root, _, names in os.walk(manual):
        if ".git" in root.split(os.sep):
            continue
        for name in names:
            if not name.endswith(".md"):
                continue
            with open(os.path.join(root, name), encoding="utf-8") as f:
                text = f.read()
            _, front, body = text.split("---\n", 2)
            target = os.path.join(site, "content", os.path.relpath(root, manual), name)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8") as f:
                f.write("---\n" + flat_clauses(front) + "---\n" + body)


def command(site, output):
    return ["hugo", "--quiet", "--source", site, "--destination", output, "--cleanDestinationDir"]
