// Table filters (register, recent changes) and the print date. Every page works without this;
// it only hides rows and fills in the date a page is printed on.
(function () {
  // Print: the header and footer carry the build date until the browser prints the page.
  var printStyle = document.getElementById("qm-print");
  if (printStyle) {
    var built = printStyle.dataset.date, css = printStyle.textContent;
    window.addEventListener("beforeprint", function () {
      var now = new Date(), pad = function (n) { return (n < 10 ? "0" : "") + n; };
      var today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
      printStyle.textContent = css.split(built).join(today);
    });
  }

  // Contents: open beside the text on a wide screen, folded above it on a narrow one.
  var contents = document.querySelector(".qm-toc-fold");
  if (contents && window.matchMedia && window.matchMedia("(max-width: 959px)").matches) contents.open = false;

  // Filters: controls with data-filter="q" (text) or data-filter="KEY" (matching a row's data-KEY).
  var form = document.getElementById("qm-filter");
  if (!form) return;
  var controls = Array.prototype.slice.call(form.querySelectorAll("[data-filter]"));
  var shown = document.getElementById("qm-shown");
  var none = document.getElementById("qm-none");
  var rows = Array.prototype.slice.call(document.querySelectorAll("table tbody tr[data-type]"));
  var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
  var params = new URLSearchParams(window.location.search);
  controls.forEach(function (control) { control.value = params.get(control.dataset.filter) || ""; });
  // The filters live in the address, so that a filtered list can be bookmarked and shared.
  function remember() {
    var query = new URLSearchParams();
    controls.forEach(function (control) { if (control.value) query.set(control.dataset.filter, control.value); });
    var search = query.toString();
    try { history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash); } catch (e) { /* file:// in some browsers */ }
  }
  function apply() {
    var count = 0;
    rows.forEach(function (row, i) {
      var match = controls.every(function (control) {
        var value = control.value;
        if (!value) return true;
        if (control.dataset.filter === "q") {
          return value.toLowerCase().split(/\s+/).filter(Boolean).every(function (t) { return texts[i].indexOf(t) >= 0; });
        }
        var own = row.dataset[control.dataset.filter] || "";
        // data-match="word": the row lists several values separated by spaces (the clauses a document is listed for).
        if (control.dataset.match === "word") return (" " + own + " ").indexOf(" " + value + " ") >= 0;
        return own === value;
      });
      row.hidden = !match;
      if (match) count++;
    });
    // Each group says how many of its rows the filters show.
    document.querySelectorAll(".qm-group").forEach(function (group) {
      var all = group.querySelectorAll("tbody tr[data-type]").length, visible = group.querySelectorAll("tbody tr[data-type]:not([hidden])").length;
      group.hidden = visible === 0;
      var badge = group.querySelector("h2 .qm-count");
      if (badge) badge.textContent = visible === all ? String(all) : visible + " / " + all;
    });
    if (shown) shown.textContent = count + " / " + rows.length;
    if (none) none.hidden = count !== 0;
  }
  controls.forEach(function (control) {
    control.addEventListener("input", function () { apply(); remember(); });
    control.addEventListener("change", function () { apply(); remember(); });
  });
  apply();
})();
