// Register filter: narrows the document register by text, type and status, in any script
// (Chinese titles match by substring). The page works without it; this only hides rows.
(function () {
  var q = document.getElementById("qm-q");
  if (!q) return;
  var type = document.getElementById("qm-type");
  var status = document.getElementById("qm-status");
  var shown = document.getElementById("qm-shown");
  var none = document.getElementById("qm-none");
  var rows = Array.prototype.slice.call(document.querySelectorAll(".qm-register tbody tr"));
  var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
  var params = new URLSearchParams(window.location.search);
  q.value = params.get("q") || "";
  type.value = params.get("type") || "";
  status.value = params.get("status") || "";
  var header = document.querySelector(".qm-search input");
  if (header) header.value = q.value;
  function apply() {
    var terms = q.value.toLowerCase().split(/\s+/).filter(Boolean);
    var count = 0;
    rows.forEach(function (row, i) {
      var match = (!type.value || row.dataset.type === type.value) &&
        (!status.value || row.dataset.status === status.value) &&
        terms.every(function (term) { return texts[i].indexOf(term) >= 0; });
      row.hidden = !match;
      if (match) count++;
    });
    document.querySelectorAll(".qm-group").forEach(function (group) {
      group.hidden = !group.querySelector("tbody tr:not([hidden])");
    });
    shown.textContent = count + " / " + rows.length;
    none.hidden = count !== 0;
  }
  [q, type, status].forEach(function (el) { el.addEventListener("input", apply); el.addEventListener("change", apply); });
  apply();
})();
