// Full-text search over search/index.js (written by qmark build). Matching is by substring,
// so it works for Chinese, which has no spaces between words, as well as for English.
// Every space-separated term must occur; hits in the id and title rank above hits in the text.
(function () {
  var index = window.QMARK_SEARCH_INDEX || [];
  var input = document.getElementById("qm-search-q");
  var obsolete = document.getElementById("qm-search-obsolete");
  var list = document.getElementById("qm-search-results");
  var count = document.getElementById("qm-search-count");
  var none = document.getElementById("qm-search-none");
  var lowered = index.map(function (d) {
    return { head: (d.id + " " + d.title).toLowerCase(), meta: (d.owner + " " + d.clauses + " " + d.type).toLowerCase(), text: d.text.toLowerCase() };
  });
  var params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";
  obsolete.checked = params.get("obsolete") === "1";
  var header = document.querySelector(".qm-search input");
  if (header) header.value = input.value;

  function snippet(doc, low, term) {
    var at = low.text.indexOf(term);
    if (at < 0) return doc.text.slice(0, 120);
    var start = Math.max(0, at - 40), end = Math.min(doc.text.length, at + term.length + 80);
    return (start > 0 ? "…" : "") + doc.text.slice(start, end) + (end < doc.text.length ? "…" : "");
  }
  function highlight(element, text, terms) {
    var low = text.toLowerCase(), pos = 0;
    while (pos < text.length) {
      var next = -1, length = 0;
      terms.forEach(function (t) { var i = low.indexOf(t, pos); if (i >= 0 && (next < 0 || i < next)) { next = i; length = t.length; } });
      if (next < 0) { element.appendChild(document.createTextNode(text.slice(pos))); break; }
      element.appendChild(document.createTextNode(text.slice(pos, next)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(next, next + length);
      element.appendChild(mark);
      pos = next + length;
    }
  }
  function search() {
    var terms = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!terms.length) { count.textContent = ""; none.hidden = true; return; }
    var hits = [];
    index.forEach(function (doc, i) {
      if (doc.status === "obsolete" && !obsolete.checked) return;
      var low = lowered[i], score = 0;
      for (var k = 0; k < terms.length; k++) {
        var t = terms[k];
        if (low.head.indexOf(t) >= 0) score += 10;
        else if (low.meta.indexOf(t) >= 0) score += 3;
        else if (low.text.indexOf(t) >= 0) score += 1;
        else return;
      }
      if (doc.status !== "approved") score -= 0.5;
      hits.push({ doc: doc, low: low, score: score });
    });
    hits.sort(function (a, b) { return b.score - a.score || (a.doc.id < b.doc.id ? -1 : 1); });
    hits.slice(0, 200).forEach(function (hit) {
      var d = hit.doc, item = document.createElement("li"), link = document.createElement("a");
      link.href = d.url;
      highlight(link, d.id + " " + d.title, terms);
      var meta = document.createElement("div");
      meta.className = "qm-meta";
      var badge = document.createElement("span");
      badge.className = "qm-badge qm-status-" + d.status;
      badge.textContent = d.statusLabel;
      meta.appendChild(document.createTextNode(d.type + " · " + d.revision + " · " + d.owner + " · "));
      meta.appendChild(badge);
      var text = document.createElement("p");
      highlight(text, snippet(d, hit.low, terms[0]), terms);
      item.appendChild(link); item.appendChild(meta); item.appendChild(text);
      list.appendChild(item);
    });
    count.textContent = hits.length + " " + count.dataset.label;
    none.hidden = hits.length !== 0;
  }
  input.addEventListener("input", search);
  obsolete.addEventListener("change", search);
  search();
})();
