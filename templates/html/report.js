(function () {
  "use strict";
  /* Filters and pages for the findings table. The server marks every row after the first page
     "off", so the browser lays out one page of a 10,000-finding table, not all of it; this
     script keeps that so: one page of the matching rows is shown, and only the rows that
     change page get their class changed. The rows are indexed once, while the page is idle.
     Without this script the table is simply complete, and printing always shows every row. */
  var root = document.documentElement;
  root.classList.remove("no-js");
  var form = document.getElementById("filters");
  var table = document.getElementById("findings");
  var pager = document.getElementById("pager");
  var keys = ["sev", "rule", "jur", "verdict", "status"];
  var PAGE = table ? (+table.getAttribute("data-page-rows") || 100) : 100;
  var all = table ? Array.prototype.slice.call(table.tBodies[0].rows) : [];
  var rows = null;         /* the index: one entry per row (see index) */
  var matches = all;       /* rows (or index entries) that pass the filters, in order */
  var page = 0;
  var onPage = all.slice(0, PAGE);  /* the rows shown now: the server's first page */

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

  /* The index is built a slice at a time while the browser is idle after loading, so the
     page answers at once and the first search finds it ready; a filter used before it is
     done finishes it first. */
  function index(deadline) {
    rows = rows || [];
    while (rows.length < all.length && (!deadline || deadline.timeRemaining() > 1)) {
      var tr = all[rows.length], d = tr.dataset;
      rows.push({ el: tr, sev: d.sev, rule: d.rule, jur: d.jur, verdict: d.verdict,
                  status: d.status, text: tr.textContent.toLowerCase() + clause(tr) });
    }
    if (deadline && rows.length < all.length) idle(index);
  }
  var idle = window.requestIdleCallback || function (f) {
    setTimeout(function () { var end = Date.now() + 15; f({ timeRemaining: function () { return end - Date.now(); } }); }, 1);
  };

  function element(r) { return r.el || r; }

  var generation = 0;
  function show() {
    var first = page * PAGE, next = matches.slice(first, first + PAGE).map(element), i;
    generation++;
    for (i = 0; i < next.length; i++) { next[i].__shown = generation; next[i].classList.remove("off"); }
    for (i = 0; i < onPage.length; i++) if (onPage[i].__shown !== generation) onPage[i].classList.add("off");
    onPage = next;
    if (pager) {
      var pages = Math.ceil(matches.length / PAGE);
      pager.hidden = pages < 2;
      document.getElementById("page-of").textContent = pager.getAttribute("data-format")
        .replace("{from}", matches.length ? first + 1 : 0).replace("{to}", first + next.length)
        .replace("{n}", matches.length);
      document.getElementById("prev").disabled = page === 0;
      document.getElementById("next").disabled = page >= pages - 1;
    }
  }

  function apply() {
    if (!rows || rows.length < all.length) index();
    var want = {}, terms = form.elements.q.value.toLowerCase().split(/\s+/).filter(Boolean);
    keys.forEach(function (k) { want[k] = form.elements[k].value; });
    matches = rows.filter(function (r) {
      for (var k = 0; k < keys.length; k++) if (want[keys[k]] && r[keys[k]] !== want[keys[k]]) return false;
      for (var t = 0; t < terms.length; t++) if (r.text.indexOf(terms[t]) === -1) return false;
      return true;
    });
    page = 0;
    show();
    document.getElementById("shown").textContent = matches.length;
    document.getElementById("nomatch").classList.toggle("show", matches.length === 0 && rows.length > 0);
  }

  function turn(by) {
    page = Math.max(0, Math.min(page + by, Math.ceil(matches.length / PAGE) - 1));
    show();
    table.scrollIntoView({ block: "start" });
  }

  if (form && table) {
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
  }
  if (pager && table) {
    document.getElementById("prev").addEventListener("click", function () { turn(-1); });
    document.getElementById("next").addEventListener("click", function () { turn(1); });
    show();
  }
  if (form && table) window.addEventListener("load", function () { idle(index); });

  /* Auditors print: open every <details> for printing, then put them back. Without a run
     time (--timestamp), each page's foot says when it was printed instead. */
  var opened = [], stamped = null;
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"),
      function (d) { d.open = true; return true; });
    var label = root.getAttribute("data-printed"), sheet = document.getElementById("print-style");
    if (label && sheet && sheet.sheet && stamped === null) {
      var now = new Date(), day = [now.getFullYear(), now.getMonth() + 1, now.getDate()]
        .map(function (n) { return n < 10 ? "0" + n : "" + n; }).join("-");
      var text = (label + " " + day).replace(/["\\]/g, "\\$&");
      stamped = sheet.sheet.insertRule("@page { @bottom-left { content: \"" + text + "\"; } }",
                                       sheet.sheet.cssRules.length);
    }
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
})();
