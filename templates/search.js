// Full-text search over the index `qmark build` writes into search/ (see SearchIndex.swift):
// search/index.js (the manifest), search/s/K.js (postings by term hash) and search/d/N.js (one
// entry's title and text). Every file is a script handing its data to QMARK_SEARCH, so search
// works from disk (file://) as well as from any static host; a query loads only the shards of its
// terms and the entries it shows.
//
// Ranking: an entry's own id first, then terms in its title, in a heading, in the clauses the matrix
// lists it for, and in its text (BM25), each weighted by how rare the term is; entries that hold more
// of the query rank higher, so a query with a typo still finds the closest documents. Current
// documents come before drafts and records; obsolete ones only when asked for.
(function () {
  "use strict";
  var TITLE = 1, HEADING = 2, META = 4, OWN = 8, CLAUSE = 16;
  // A process map ranks just below the procedure that says how the work is done.
  var KIND_WEIGHT = { a: 1, p: 0.9, f: 0.85, c: 0.45, r: 0.3, d: 0.5, o: 0.3 };
  var PAGE = 10;
  var root = (document.currentScript && document.currentScript.dataset.root) || "";
  var manifest = null, shards = {}, docs = {}, waiting = {}, loaded = [];

  // --- Loading: every file is a script; its callback settles the promise of its name.
  function load(name, path) {
    if (waiting[name]) return waiting[name].promise;
    var entry = {};
    entry.promise = new Promise(function (resolve, reject) { entry.resolve = resolve; entry.reject = reject; });
    waiting[name] = entry;
    var script = document.createElement("script");
    script.src = root + path + (manifest ? "?v=" + manifest.v : "");
    script.onerror = function () { entry.reject(new Error("cannot load " + path)); };
    loaded.push(path);
    document.head.appendChild(script);
    return entry.promise;
  }
  function settle(name, value) { if (waiting[name]) waiting[name].resolve(value); }
  var api = window.QMARK_SEARCH = {
    manifest: function (m) {
      manifest = m;
      settle("manifest", m);
    },
    shard: function (k, terms) { shards[k] = terms; settle("s" + k, terms); },
    doc: function (n, d) { docs[n] = d; settle("d" + n, d); },
    loaded: loaded,
    query: query,
    terms: terms,
    // The first `count` results with their entries and best sections (used by the page and by tests).
    top: function (text, options, count) {
      return query(text, options).then(function (result) {
        return fetchDocs(result.hits.slice(0, count)).then(function (hits) {
          return { complete: result.complete, total: result.hits.length, hits: hits.map(function (hit) {
            var section = bestSection(hit.doc, result.terms);
            return { id: hit.doc.id, url: hit.doc.url, title: hit.doc.title, score: hit.score,
                     section: section && section.score > 0 && section.anchor ? section.heading : "" };
          }) };
        });
      });
    }
  };
  var ready = load("manifest", "search/index.js");

  // --- Terms: the same cut as SearchTerms.swift.
  var CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]|[\ud840-\ud8bf][\udc00-\udfff]/;
  var WORD = /[\p{Alphabetic}\p{N}]/u;
  function isDigit(c) { return c >= "0" && c <= "9"; }
  function stem(w) { return w.length > 3 && /^[a-z]+s$/.test(w) && !/ss$/.test(w) ? w.slice(0, -1) : w; }
  // A run of Chinese gives its pairs of characters, and its characters too with `characters`
  // (the index holds both; SearchTerms.swift).
  function terms(text, options) {
    options = options || {};
    var out = [], cjk = [], word = "", parts = [], joiner = false;
    function flushCJK() {
      if (cjk.length === 1 || options.characters) cjk.forEach(function (c) { out.push(c); });
      for (var i = 0; i + 1 < cjk.length; i++) {
        out.push(cjk[i] + cjk[i + 1]);
        if (options.characters && i + 2 < cjk.length) out.push(cjk[i] + "_" + cjk[i + 2]);
      }
      cjk = [];
    }
    function endWord() {
      word = word.replace(/\.+$/, "");
      if (word) { out.push(stem(word)); parts.push(word); }
      word = "";
    }
    function flushCompound() {
      endWord();
      if (parts.length > 1) {
        var joined = parts.join("");
        if (/[0-9]/.test(joined) && /[^0-9.]/.test(joined)) out.push(joined.replace(/\./g, ""));
      }
      parts = []; joiner = false;
    }
    var chars = Array.from(text);
    for (var i = 0; i < chars.length; i++) {
      var c = chars[i];
      if (CJK.test(c)) { flushCompound(); cjk.push(c); }
      else if (c !== "_" && WORD.test(c)) { flushCJK(); joiner = false; word += c.toLowerCase(); }
      else if (c === "." && word && isDigit(word[word.length - 1])) word += c;
      else if (c === "-" && word && !joiner) { endWord(); joiner = true; }
      else { flushCJK(); flushCompound(); }
    }
    flushCJK(); flushCompound();
    return out;
  }
  // Words that mean the same (the glossary and site.yml `synonyms:`, in the manifest): a word of a
  // group found in the query stands apart from its neighbours (no pair across its edges), and every
  // word of its group is asked for too, all counting as one term of the query.
  function expand(text) {
    var syn = (manifest && manifest.syn) || [], matches = [];
    syn.forEach(function (group, g) {
      group.forEach(function (word) {
        var w = word.normalize("NFKC").toLowerCase(), from = 0, at;
        if (!w) return;
        while ((at = text.indexOf(w, from)) >= 0) {
          from = at + 1;
          // A Latin word matches whole words only: "risk" is not in "brisk".
          if (/[a-z0-9]/.test(w[0]) && ((at > 0 && /[a-z0-9]/.test(text[at - 1])) || /[a-z0-9]/.test(text[at + w.length] || ""))) continue;
          matches.push({ at: at, end: at + w.length, g: g });
        }
      });
    });
    matches.sort(function (a, b) { return a.at - b.at || (b.end - b.at) - (a.end - a.at); });
    var out = "", pos = 0, found = [];
    matches.forEach(function (m) {
      if (m.at < pos) return;
      out += text.slice(pos, m.at) + " " + text.slice(m.at, m.end) + " ";
      pos = m.end;
      if (found.indexOf(m.g) < 0) found.push(m.g);
    });
    return { text: out + text.slice(pos), groups: found };
  }
  function queryTerms(text, characters) {
    text = text.normalize("NFKC").toLowerCase();
    var expanded = expand(text), groupOf = {};
    text = expanded.text;
    var list = terms(text, { characters: characters });
    expanded.groups.forEach(function (g) {
      manifest.syn[g].forEach(function (word) {
        terms(word.normalize("NFKC").toLowerCase(), { characters: false }).forEach(function (t) { groupOf[t] = "~" + g; list.push(t); });
      });
    });
    // A clause number also asks for what the matrix lists for that clause.
    list.slice().forEach(function (t) { if (/^\d+(\.\d+)+$|^\d+$/.test(t)) list.push("§" + t); });
    // An id typed with spaces or without its hyphen: "QP 08", "qp08".
    var joined = text.replace(/[\s\-_.]+/g, "");
    if (/^[a-z]+\d[a-z0-9]*$/.test(joined)) list.push(joined);
    var seen = {}, unique = [];
    list.forEach(function (t) { if (!seen[t]) { seen[t] = true; unique.push(t); } });
    unique.groups = groupOf;
    return unique;
  }
  function hash(term) {
    var h = 2166136261;
    for (var i = 0; i < term.length; i++) { h ^= term.charCodeAt(i); h = Math.imul(h, 16777619) >>> 0; }
    return h;
  }
  function decode(text) {
    var numbers = [], n = 0;
    for (var i = 0; i < text.length; i++) {
      var d = MORE.indexOf(text[i]);
      if (d >= 0) { n = n * 32 + d; continue; }
      numbers.push(n * 32 + LAST.indexOf(text[i])); n = 0;
    }
    return numbers;
  }
  var MORE = "0123456789abcdefghijklmnopqrstuv", LAST = "ABCDEFGHIJKLMNOPQRSTUVWXYZ@#$%&*";
  var SCALE = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

  // --- Ranking.
  // A query by pairs of characters and words first; when no entry holds all of them (a typo, a
  // word the manual spells otherwise), again with single characters added, weighted at half.
  function query(text, options) {
    options = options || {};
    return ready.then(function () { return search(queryTerms(text, false)); }).then(function (result) {
      if (result.complete) return result;
      var wider = queryTerms(text, true);
      if (wider.length === result.all.length) return result;
      return search(wider);
    });
    function search(list) {
      if (!list.length) return Promise.resolve({ terms: [], all: [], hits: [], complete: true });
      var needed = {};
      list.forEach(function (t) { needed[hash(t) % manifest.shards] = true; });
      return Promise.all(Object.keys(needed).map(function (k) { return load("s" + k, "search/s/" + k + ".js"); })).then(function () {
        return rank(list, options);
      });
    }
  }
  function rank(list, options) {
    var n = manifest.n, k1 = 1.2, b = 0.75, avg = manifest.avg || 1;
    var score = new Float64Array(n), share = new Float64Array(n), own = new Uint8Array(n);
    // How much of the query an entry holds, by the rarity of the terms it holds; a clause term
    // counts with its number, once.
    var groups = {}, total = 0;
    var pairs = list.some(function (t) { return Array.from(t).length === 2 && CJK.test(t); });
    list.forEach(function (t) {
      var encoded = shards[hash(t) % manifest.shards][t];
      var postings = encoded ? decode(encoded) : [];
      var df = postings.length / 2;
      // Single characters and pairs across a gap, beside pairs, are the fallback: less weight.
      var fallback = !pairs ? 1 : t.indexOf("_") > 0 ? 0.7 : Array.from(t).length === 1 && CJK.test(t) ? 0.3 : 1;
      var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5)) * fallback;
      var base = list.groups && list.groups[t] ? list.groups[t] : t[0] === "§" ? t.slice(1) : t, group = groups[base];
      if (!group) { group = groups[base] = { idf: idf, credited: new Uint8Array(n) }; total += idf; }
      var entry = -1;
      for (var i = 0; i < postings.length; i += 2) {
        entry += postings[i] + 1;
        var value = postings[i + 1], tf = value & 15, places = value >>> 4;
        var length = Math.pow(2, SCALE.indexOf(manifest.docs[2 * entry + 1]) / 4) - 1;
        var s = tf ? tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / avg)) : 0;
        if (places & TITLE) s += 8;
        if (places & HEADING) s += 3;
        if (places & META) s += 1.5;
        if (places & CLAUSE) s += 6;
        if (places & OWN) own[entry] = 1;
        score[entry] += idf * s;
        if (!group.credited[entry]) { group.credited[entry] = 1; share[entry] += group.idf; }
      }
    });
    var hits = [], complete = false;
    for (var e = 0; e < n; e++) {
      if (!score[e] && !own[e]) continue;
      var kind = manifest.docs[2 * e];
      if (kind === "o" && !options.obsolete) continue;
      var covered = total ? Math.min(1, share[e] / total) : 1;
      if (covered > 0.999) complete = true;
      var value = (score[e] * covered * covered + (own[e] ? 1000 : 0)) * KIND_WEIGHT[kind];
      hits.push({ entry: e, score: value, covered: covered });
    }
    hits.sort(function (a, b) { return b.score - a.score || a.entry - b.entry; });
    // Marked in the results: words and pairs; single characters only when nothing longer was asked.
    var shown = list.filter(function (t) { return t[0] !== "§" && t.indexOf("_") < 0 && !(pairs && Array.from(t).length === 1 && CJK.test(t)); });
    return { terms: shown, all: list, hits: hits, complete: complete || !hits.length };
  }
  function fetchDocs(hits) {
    return Promise.all(hits.map(function (hit) {
      return load("d" + hit.entry, "search/d/" + hit.entry + ".js").then(function (d) { hit.doc = d; return hit; });
    }));
  }

  // --- Results: the best section of each entry, a snippet with the matches marked.
  function marks(text, list) {
    var low = text.toLowerCase(), on = new Uint8Array(text.length);
    list.forEach(function (t) {
      if (t.length < 1) return;
      for (var at = low.indexOf(t); at >= 0; at = low.indexOf(t, at + 1)) for (var j = 0; j < t.length; j++) on[at + j] = 1;
    });
    return on;
  }
  function bestSection(doc, list) {
    var best = null, bestScore = -1;
    doc.sections.forEach(function (section, i) {
      var head = marks(section[0], list), body = marks(section[2], list), s = 0;
      head.forEach(function (m) { s += m * 3; });
      body.forEach(function (m) { s += m; });
      if (s > bestScore) { bestScore = s; best = { heading: section[0], anchor: section[1], text: section[2], index: i, score: s }; }
    });
    return best;
  }
  function snippet(text, list) {
    var first = marks(text, list).indexOf(1), width = 140;
    var start = first < 0 ? 0 : Math.max(0, first - 40), end = Math.min(text.length, start + width);
    return (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
  }
  function highlight(element, text, list) {
    var on = marks(text, list), run = "", mark = false;
    function flush() {
      if (!run) return;
      if (mark) { var m = document.createElement("mark"); m.textContent = run; element.appendChild(m); }
      else element.appendChild(document.createTextNode(run));
      run = "";
    }
    for (var i = 0; i < text.length; i++) {
      if (!!on[i] !== mark) { flush(); mark = !!on[i]; }
      run += text[i];
    }
    flush();
  }

  // --- The search page.
  var input = document.getElementById("qm-search-q");
  if (!input) return;
  var obsolete = document.getElementById("qm-search-obsolete");
  var list = document.getElementById("qm-search-results");
  var count = document.getElementById("qm-search-count");
  var none = document.getElementById("qm-search-none");
  var closest = document.getElementById("qm-search-closest");
  var more = document.getElementById("qm-search-more");
  var params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";
  obsolete.checked = params.get("obsolete") === "1";
  var header = document.querySelector(".qm-search input");
  if (header) header.value = input.value;
  var current = null, generation = 0;

  function remember() {
    var q = new URLSearchParams();
    if (input.value) q.set("q", input.value);
    if (obsolete.checked) q.set("obsolete", "1");
    var search = q.toString();
    try { history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "")); } catch (e) { /* file:// in some browsers */ }
  }
  function render(hits, terms) {
    hits.forEach(function (hit) {
      var d = hit.doc, item = document.createElement("li"), link = document.createElement("a");
      link.href = d.url;
      link.className = "qm-result-title";
      highlight(link, d.id + " " + d.title, terms);
      var meta = document.createElement("div");
      meta.className = "qm-meta";
      meta.appendChild(document.createTextNode([d.type, d.revision].filter(Boolean).join(" · ") + " · "));
      var badge = document.createElement("span");
      badge.className = "qm-badge qm-status-" + d.status;
      badge.textContent = d.statusLabel;
      meta.appendChild(badge);
      item.appendChild(link); item.appendChild(meta);
      var section = bestSection(d, terms);
      if (section && section.heading && section.anchor && section.score > 0) {
        var where = document.createElement("a");
        where.className = "qm-result-section";
        where.href = d.url + "#" + section.anchor;
        highlight(where, "§ " + section.heading, terms);
        item.appendChild(where);
      }
      if (section && section.text) {
        var p = document.createElement("p");
        highlight(p, snippet(section.text, terms), terms);
        item.appendChild(p);
      }
      list.appendChild(item);
    });
  }
  function showMore() {
    if (!current) return;
    var mine = generation, next = current.hits.slice(current.shown, current.shown + PAGE);
    current.shown += next.length;
    fetchDocs(next).then(function (hits) {
      if (mine !== generation) return;
      render(hits, current.terms);
      more.hidden = current.shown >= current.hits.length;
    });
  }
  function search() {
    var mine = ++generation;
    remember();
    if (header) header.value = input.value;
    if (!input.value.trim()) {
      list.textContent = ""; count.textContent = ""; none.hidden = true; closest.hidden = true; more.hidden = true;
      current = null;
      return Promise.resolve();
    }
    return query(input.value, { obsolete: obsolete.checked }).then(function (result) {
      if (mine !== generation) return;
      current = { hits: result.hits, terms: result.terms, shown: 0 };
      var first = result.hits.slice(0, PAGE);
      current.shown = first.length;
      return fetchDocs(first).then(function (hits) {
        if (mine !== generation) return;
        list.textContent = "";
        render(hits, result.terms);
        count.textContent = result.hits.length + " " + count.dataset.label;
        none.hidden = result.hits.length !== 0;
        closest.hidden = result.complete;
        more.hidden = current.shown >= result.hits.length;
        document.body.dataset.searched = input.value;
      });
    }).catch(function (error) {
      count.textContent = String(error.message || error);
    });
  }
  var timer = null;
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 120); });
  obsolete.addEventListener("change", search);
  more.addEventListener("click", showMore);
  document.getElementById("qm-search-form").addEventListener("submit", function (event) { event.preventDefault(); search(); });
  // Keyboard: ↓ from the box to the results, ↑ ↓ between them, Esc back to the box.
  function links() { return Array.prototype.slice.call(list.querySelectorAll("a.qm-result-title")); }
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { var all = links(); if (all.length) { event.preventDefault(); all[0].focus(); } }
  });
  list.addEventListener("keydown", function (event) {
    var all = links(), at = all.indexOf(document.activeElement.closest("li") && document.activeElement.closest("li").querySelector("a.qm-result-title"));
    if (event.key === "ArrowDown" && at + 1 < all.length) { event.preventDefault(); all[at + 1].focus(); }
    else if (event.key === "ArrowUp") { event.preventDefault(); (at > 0 ? all[at - 1] : input).focus(); }
    else if (event.key === "Escape") { event.preventDefault(); input.focus(); }
  });
  api.ready = search();
})();
