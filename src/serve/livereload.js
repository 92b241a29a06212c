// trustdocs live reload: injected into pages served by `trustdocs serve`, never into
// `trustdocs build` output. Reloads this tab when its page changed (keeping the scroll
// position), swaps stylesheets without a reload, and shows build errors as an overlay.
(function () {
  "use strict";
  var KEY = "trustdocs-scroll:" + location.pathname;
  try {
    var saved = sessionStorage.getItem(KEY);
    if (saved !== null) {
      sessionStorage.removeItem(KEY);
      var y = parseInt(saved, 10);
      var restore = function () { window.scrollTo(0, y); };
      if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
    }
  } catch (e) { /* storage may be disabled */ }

  function reload() {
    try { sessionStorage.setItem(KEY, String(window.scrollY)); } catch (e) { /* ignore */ }
    location.reload();
  }

  function samePage(path) {
    var here = location.pathname;
    if (here === path) return true;
    if (here.charAt(here.length - 1) === "/" && here + "index.html" === path) return true;
    return false;
  }

  var overlay = null;
  function showErrors(errors) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "trustdocs-error-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "background:rgba(20,20,20,.94);color:#fff;font:14px/1.6 ui-monospace,monospace;padding:2rem";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    var title = document.createElement("h2");
    title.textContent = "trustdocs: build error";
    title.style.cssText = "color:#ff8080;font:bold 18px/1.4 sans-serif;margin:0 0 1rem";
    overlay.appendChild(title);
    errors.forEach(function (e) {
      var item = document.createElement("pre");
      item.className = "trustdocs-error";
      item.style.cssText = "white-space:pre-wrap;margin:0 0 1rem;padding:.75rem;background:#2a2a2a;border-left:4px solid #ff8080";
      item.textContent = e.file + (e.line ? ":" + e.line : "") + "\n" + e.message;
      overlay.appendChild(item);
    });
    var note = document.createElement("p");
    note.textContent = "The page shows the last good build. Fix the file and save: this message goes away by itself.";
    overlay.appendChild(note);
  }
  function clearErrors() {
    if (overlay) { overlay.remove(); overlay = null; }
  }

  function swapCss(paths) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      if (paths.some(function (p) { return url.pathname === p; })) {
        url.searchParams.set("trustdocs-reload", String(Date.now()));
        var fresh = link.cloneNode();
        fresh.href = url.toString();
        fresh.addEventListener("load", function () { link.remove(); });
        link.after(fresh);
      }
    });
  }

  var script = document.currentScript;
  var base = script ? script.getAttribute("data-events") : "/__trustdocs/events";
  var source = new EventSource(base);
  source.addEventListener("reload", function (event) {
    var data = JSON.parse(event.data);
    var hadErrors = overlay !== null;
    clearErrors();
    if (data.all || hadErrors || data.paths.some(samePage)) reload();
  });
  source.addEventListener("css", function (event) {
    clearErrors();
    swapCss(JSON.parse(event.data).paths);
  });
  source.addEventListener("error", function (event) {
    if (event.data) showErrors(JSON.parse(event.data).errors);
  });
  window.trustdocsLiveReload = source;
})();
