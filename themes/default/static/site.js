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
  /* The table of contents marks the section being read: the last heading it lists whose
     top has passed a line near the top of the window (where a heading lands when its entry
     is followed), or the last one at the end of the page. The marked link is kept in view inside
     the table of contents when that scrolls on its own (a long one on a short window). */
  var toc = d.querySelector(".toc");
  var links = toc ? toc.querySelectorAll(".toc-list a[href^='#']") : [];
  if (links.length && "IntersectionObserver" in window) {
    var byId = {}, headings = [];
    for (var j = 0; j < links.length; j++) {
      var id = decodeURIComponent(links[j].getAttribute("href").slice(1));
      var h = d.getElementById(id);
      if (h) { byId[id] = links[j]; headings.push(h); }
    }
    var current = null;
    var mark = function () {
      var line = Math.min(window.innerHeight / 4, 100), at = null;
      for (var k = 0; k < headings.length; k++) {
        if (headings[k].getBoundingClientRect().top <= line) at = headings[k]; else break;
      }
      /* At the very end of the page the last sections may never reach the line. */
      if (window.innerHeight + window.scrollY >= d.documentElement.scrollHeight - 2) at = headings[headings.length - 1];
      var link = at ? byId[at.id] : null;
      if (link === current) return;
      if (current) current.removeAttribute("aria-current");
      current = link;
      if (!link) return;
      link.setAttribute("aria-current", "true");
      var box = toc.getBoundingClientRect(), r = link.getBoundingClientRect();
      if (toc.scrollHeight > toc.clientHeight && (r.top < box.top || r.bottom > box.bottom)) {
        toc.scrollTop += r.top - box.top - toc.clientHeight / 3;
      }
    };
    /* Headings crossing the top quarter of the window, and every scroll once per frame (the
       end of the page, where no heading crosses anything). */
    var seen = new IntersectionObserver(mark, { rootMargin: "0px 0px -75% 0px" });
    for (var m = 0; m < headings.length; m++) seen.observe(headings[m]);
    var queued = false;
    window.addEventListener("scroll", function () {
      if (queued) return;
      queued = true;
      requestAnimationFrame(function () { queued = false; mark(); });
    }, { passive: true });
    mark();
  }
  var print = d.querySelector("[data-print]");
  if (print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
})();
