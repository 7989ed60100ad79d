(function () {
  "use strict";
  /* Filters for the findings table. One listener on the form, one pass over an index of
     the rows built once; a row is hidden by toggling the "off" class, written only when
     its state changes. Without this script the table is simply complete. */
  var root = document.documentElement;
  root.classList.remove("no-js");
  var form = document.getElementById("filters");
  var table = document.getElementById("findings");
  var keys = ["sev", "rule", "jur", "verdict", "status"];
  var rows = null;

  /* A row links to its duty's clause (listed once, further down) instead of repeating
     it; the search still finds a row by the words of its clause. */
  var clauses = {};
  function clause(tr) {
    var a = tr.querySelector("a.duty"), id = a ? a.getAttribute("href").slice(1) : "";
    if (!id) return "";
    if (!(id in clauses)) {
      var el = document.getElementById(id), q = el && el.querySelector("blockquote");
      clauses[id] = q ? " " + q.textContent.toLowerCase() : "";
    }
    return clauses[id];
  }

  function index() {
    rows = [];
    var trs = table.tBodies[0].rows;
    for (var i = 0; i < trs.length; i++) {
      var tr = trs[i], d = tr.dataset;
      rows.push({ el: tr, sev: d.sev, rule: d.rule, jur: d.jur, verdict: d.verdict,
                  status: d.status, text: tr.textContent.toLowerCase() + clause(tr), off: false });
    }
  }

  function apply() {
    if (!rows) index();
    var want = {}, terms = form.elements.q.value.toLowerCase().split(/\s+/).filter(Boolean);
    keys.forEach(function (k) { want[k] = form.elements[k].value; });
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i], ok = true;
      for (var k = 0; ok && k < keys.length; k++) {
        ok = !want[keys[k]] || r[keys[k]] === want[keys[k]];
      }
      for (var t = 0; ok && t < terms.length; t++) ok = r.text.indexOf(terms[t]) !== -1;
      if (ok) shown++;
      if (r.off === ok) { r.off = !ok; r.el.classList.toggle("off", !ok); }
    }
    document.getElementById("shown").textContent = shown;
    document.getElementById("nomatch").classList.toggle("show", shown === 0 && rows.length > 0);
  }

  if (form && table) {
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
  }

  /* Auditors print: open every <details> for printing, then put them back. */
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"),
      function (d) { d.open = true; return true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
})();
