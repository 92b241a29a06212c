/* trustdocs default theme: the little the pages do in the browser. A file of its own, so
   browsers cache it and a strict Content-Security-Policy (no inline scripts) allows it. */
(function () {
  var d = document;
  /* Keep the #fragment when switching language, and remember the choice for "/". */
  d.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest("a[data-keep-hash]") : null;
    if (!a) return;
    try { localStorage.setItem("trustdocs-lang", a.getAttribute("hreflang")); } catch (_) {}
    if (location.hash) a.href = a.href.split("#")[0] + location.hash;
  });
  /* The chapter list and the table of contents fold away on narrow screens; the breakpoints
     live in the CSS, which sets --folded: 1 where a box is foldable. Wide screens always
     show them open. */
  var folds = d.querySelectorAll("details[data-collapsible]");
  function foldable(el) { return getComputedStyle(el).getPropertyValue("--folded").trim() === "1"; }
  function sync(initial) {
    for (var i = 0; i < folds.length; i++) {
      var el = folds[i], f = foldable(el), s = el.querySelector("summary");
      if (!f) el.open = true; else if (initial) el.open = false;
      if (s) s.tabIndex = f ? 0 : -1;
    }
  }
  for (var i = 0; i < folds.length; i++) {
    folds[i].addEventListener("toggle", function (e) { if (!e.target.open && !foldable(e.target)) e.target.open = true; });
  }
  sync(true);
  var t;
  window.addEventListener("resize", function () { clearTimeout(t); t = setTimeout(function () { sync(false); }, 100); });
  var print = d.querySelector("[data-print]");
  if (print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
})();
