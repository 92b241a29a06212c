/* trustdocs search: the browser side of the static search index (src/search/ in the
   trustdocs repository says how the index is built and laid out).

   Two halves in one plain script, no framework, no build step:
   - the core (createSearch): cuts a query exactly as the index was cut, fetches only the
     files the query needs through a loader function, and confirms every candidate
     section against its text, so a section matches if and only if it contains every part
     of the query. It takes the loader as an argument, so Node runs the same code on the
     built files (tests/js/);
   - the search page (/<lang>/search/?q=): results as you type, keyboard navigation, a
     live region announcing the count. Results are built as DOM nodes; no text from the
     index ever goes through innerHTML.

   Mirrors src/search/tokenizer.rs: normalise, the space characters, the grams of a query
   part, the shard hash. Change both together. */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module && module.exports) module.exports = api;
  if (root && root.document) {
    root.TrustdocsSearch = api;
    api.startPage(root.document, root);
  }
})(typeof window !== "undefined" ? window : this, function () {
  "use strict";

  var FORMAT = 2;
  /* Grams looked up per query, at most: each costs one postings shard. Leaving some out
     only adds candidates, which the text check removes. */
  var MAX_GRAMS = 6;
  /* Candidates from the short lists above which the shortest long list is fetched too. */
  var ENOUGH_CANDIDATES = 64;
  /* Long lists fetched per query (and per kind: all text, headings), at most: each costs
     a pack of them (about 8 KB), and one is what cuts the candidates most. */
  var MAX_LONG_LISTS = 1;
  /* One batch of results: this many results, from at most this many new text shards
     (about 12 KB each, a dozen or two sections: a batch confirms every candidate in them). */
  var BATCH_RESULTS = 10;
  var BATCH_SHARDS = 3;
  /* Milliseconds after which a file request is given up and asked again (once). */
  var STALL_MS = 4000;

  /* Same set as is_space() in tokenizer.rs (not \s, which differs from Rust's). */
  var SPACES = /[\0\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/;

  function normalise(text) {
    return String(text).normalize("NFKC").toLowerCase();
  }

  /* The parts of a query: normalised, split on spaces, repeats dropped. */
  function queryParts(query) {
    var parts = [];
    normalise(query).split(SPACES).forEach(function (part) {
      if (part && parts.indexOf(part) < 0) parts.push(part);
    });
    return parts;
  }

  /* The grams a part is looked up by: itself up to two characters, else its 3-grams. */
  function partGrams(part) {
    var chars = Array.from(part);
    if (chars.length <= 2) return [part];
    var grams = [];
    for (var i = 0; i + 3 <= chars.length; i++) grams.push(chars[i] + chars[i + 1] + chars[i + 2]);
    return grams;
  }

  var encoder = new TextEncoder();
  var decoder = new TextDecoder();

  /* FNV-1a, 32 bits, of the UTF-8 bytes: which postings shard holds a gram. */
  function shardHash(term) {
    var bytes = encoder.encode(term);
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
    return h;
  }

  /* First, last, then the middles: a few grams spread over a long part. */
  function spread(list) {
    if (list.length <= 2) return list.slice();
    var order = [0, list.length - 1];
    var queue = [[0, list.length - 1]];
    while (queue.length) {
      var span = queue.shift();
      if (span[1] - span[0] < 2) continue;
      var middle = (span[0] + span[1]) >> 1;
      order.push(middle);
      queue.push([span[0], middle], [middle, span[1]]);
    }
    return order.map(function (i) { return list[i]; });
  }

  /* Up to `max` distinct grams, taken from every part in turn. */
  function pickGrams(parts, max) {
    var orders = parts.map(function (p) { return spread(partGrams(p)); });
    var picked = [];
    for (var round = 0; picked.length < max; round++) {
      var any = false;
      for (var i = 0; i < orders.length && picked.length < max; i++) {
        if (round >= orders[i].length) continue;
        any = true;
        if (picked.indexOf(orders[i][round]) < 0) picked.push(orders[i][round]);
      }
      if (!any) break;
    }
    return picked;
  }

  /* ---------- Reading the binary postings (format in src/search/postings.rs) ---------- */

  function ByteReader(bytes) {
    this.bytes = bytes;
    this.pos = 0;
  }
  ByteReader.prototype.varint = function () {
    var n = 0, scale = 1;
    for (;;) {
      if (this.pos >= this.bytes.length) throw new Error("search index: truncated postings");
      var byte = this.bytes[this.pos++];
      n += (byte & 0x7f) * scale;
      if (byte < 0x80) return n;
      scale *= 128;
    }
  };
  /* A list: {count, ids} or, written out of line, {count, file, offset}: in the pack
     `l/<file>.bin` at byte `offset`. */
  ByteReader.prototype.list = function () {
    var count = this.varint();
    if (count === 0) return { count: 0, ids: [] };
    var form = this.varint();
    var ids = [], i;
    if (form === 0) {
      var id = 0;
      for (i = 0; i < count; i++) {
        var n = this.varint();
        id = i === 0 ? n : id + n;
        ids.push(id);
      }
    } else if (form === 1) {
      var first = this.varint();
      var length = this.varint();
      if (this.pos + length > this.bytes.length) throw new Error("search index: truncated bitmap");
      for (i = 0; i < length; i++) {
        var byte = this.bytes[this.pos + i];
        for (var b = 0; b < 8; b++) if (byte & (1 << b)) ids.push(first + 8 * i + b);
      }
      this.pos += length;
    } else if (form === 2) {
      var pack = this.varint();
      return { count: count, file: pack, offset: this.varint() };
    } else {
      throw new Error("search index: unknown list form " + form);
    }
    return { count: count, ids: ids };
  };

  function parseShard(bytes) {
    var reader = new ByteReader(bytes);
    var terms = new Map();
    var count = reader.varint();
    for (var i = 0; i < count; i++) {
      var length = reader.varint();
      var term = decoder.decode(bytes.subarray(reader.pos, reader.pos + length));
      reader.pos += length;
      var all = reader.list();
      var heading = reader.list();
      terms.set(term, { all: all, heading: heading });
    }
    return terms;
  }

  /* Sorted arrays: the ids in all of them. */
  function intersect(lists) {
    if (!lists.length) return null;
    lists = lists.slice().sort(function (a, b) { return a.length - b.length; });
    var out = lists[0];
    for (var l = 1; l < lists.length && out.length; l++) {
      var other = lists[l], kept = [], j = 0;
      for (var i = 0; i < out.length; i++) {
        while (j < other.length && other[j] < out[i]) j++;
        if (j < other.length && other[j] === out[i]) kept.push(out[i]);
      }
      out = kept;
    }
    return out;
  }

  function asBytes(data) {
    if (data instanceof Uint8Array) return data;
    return new Uint8Array(data);
  }

  /* ---------- The core ---------- */

  /* load(path, version) resolves to the bytes of a file under /<lang>/search/:
     `meta.json` (version undefined: always ask for the newest), then `p/3.bin`,
     `l/12.bin`, `t/40.json` with the manifest's version (safe to cache). */
  function createSearch(options) {
    var load = options.load;
    var files = new Map();
    var metaPromise = null;

    /* What `make` promises for `key`, made once; forgotten if it fails, so that a later
       query asks again. */
    function remember(map, key, make) {
      if (!map.has(key)) {
        var promise = make();
        map.set(key, promise);
        promise.catch(function () { if (map.get(key) === promise) map.delete(key); });
      }
      return map.get(key);
    }
    function file(path, version) {
      return remember(files, path, function () {
        return Promise.resolve(load(path, version)).then(asBytes);
      });
    }
    function json(path, version) {
      return file(path, version).then(function (bytes) { return JSON.parse(decoder.decode(bytes)); });
    }
    function meta() {
      if (!metaPromise) {
        metaPromise = json("meta.json").then(function (m) {
          if (m.format !== FORMAT) throw new Error("search index: format " + m.format + ", expected " + FORMAT);
          return m;
        });
        metaPromise.catch(function () { metaPromise = null; });
      }
      return metaPromise;
    }
    var shards = new Map();
    function postings(m, n) {
      return remember(shards, n, function () { return file("p/" + n + ".bin", m.version).then(parseShard); });
    }
    var texts = new Map();
    function textShard(m, n) {
      return remember(texts, n, function () { return json("t/" + n + ".json", m.version); });
    }
    function hasText(n) { return texts.has(n); }

    /* The ids in all of `lists` (each tagged with the query part its gram is from); null
       when none is known. Short lists come with the shard. Long ones (a file each, up to a
       bit per section of the site) are fetched one at a time, only while the candidates are
       many: the shortest of each part's, at most MAX_LONG_LISTS. A second list of the same
       part would rarely cut much (its grams come from the same word); the text check
       removes whatever the lists left out would have. */
    function resolve(m, lists) {
      if (lists.some(function (l) { return l.count === 0; })) return Promise.resolve([]);
      var known = intersect(lists.filter(function (l) { return l.ids; }).map(function (l) { return l.ids; }));
      var outside = lists.filter(function (l) { return !l.ids; }).sort(function (a, b) { return a.count - b.count; });
      var order = [], seenParts = [];
      outside.forEach(function (l) {
        if (seenParts.indexOf(l.part) < 0) { seenParts.push(l.part); order.push(l); }
      });
      order = order.slice(0, MAX_LONG_LISTS);
      function step(i) {
        if (i >= order.length || (known && known.length <= ENOUGH_CANDIDATES)) return Promise.resolve(known);
        return file("l/" + order[i].file + ".bin", m.version).then(function (bytes) {
          var reader = new ByteReader(bytes);
          reader.pos = order[i].offset;
          var ids = reader.list().ids || [];
          known = intersect(known ? [known, ids] : [ids]);
          return step(i + 1);
        });
      }
      return step(0);
    }

    /* A cursor over the results of `query`: call next() for each batch. */
    function search(query) {
      var parts = queryParts(query);
      return meta().then(function (m) {
        if (!parts.length || !m.sections) return new Cursor(parts, [], m);
        var grams = pickGrams(parts, MAX_GRAMS);
        var partOf = grams.map(function (g) {
          for (var i = 0; i < parts.length; i++) if (partGrams(parts[i]).indexOf(g) >= 0) return i;
          return 0;
        });
        var numbers = [];
        grams.forEach(function (g) {
          var n = shardHash(g) % m.postingShards;
          if (numbers.indexOf(n) < 0) numbers.push(n);
        });
        return Promise.all(numbers.map(function (n) { return postings(m, n); })).then(function (loaded) {
          var byNumber = new Map();
          numbers.forEach(function (n, i) { byNumber.set(n, loaded[i]); });
          var entries = grams.map(function (g) { return byNumber.get(shardHash(g) % m.postingShards).get(g); });
          /* A gram no section has: no section contains the query. */
          if (entries.some(function (e) { return !e; })) return new Cursor(parts, [], m);
          function tagged(kind) {
            return entries.map(function (e, i) { return Object.assign({ part: partOf[i] }, e[kind]); });
          }
          return Promise.all([resolve(m, tagged("all")), resolve(m, tagged("heading"))]).then(function (lists) {
            var all = lists[0] || [];
            var inHeading = intersect([lists[1] || [], all]);
            var first = new Set(inHeading);
            var order = inHeading.concat(all.filter(function (id) { return !first.has(id); }));
            return new Cursor(parts, order, m);
          });
        });
      });
    }

    function Cursor(parts, candidates, m) {
      this.parts = parts;
      this.candidates = candidates;
      /* Candidates not confirmed yet, in order. */
      this.remaining = candidates;
      this.meta = m;
      this.results = [];
      this.done = candidates.length === 0;
    }

    /* Confirms candidates until `maxResults` more results are found or no candidate is
       left whose text shard is fetched already or may still be fetched: at most
       `maxShards` new text shards per call. Candidates are taken in order, but one whose
       shard would be over that budget is left for the next call while the later ones in
       shards at hand are confirmed (a shard holds many sections: what it holds is not
       fetched twice). Resolves to the new results. */
    Cursor.prototype.next = function (maxResults, maxShards) {
      var cursor = this, m = this.meta;
      var per = m.sectionsPerTextShard;
      maxResults = maxResults === undefined ? BATCH_RESULTS : maxResults;
      maxShards = maxShards === undefined ? BATCH_SHARDS : maxShards;
      var found = [], used = 0;
      function round() {
        var ids = [], wanted = new Set(), left = [], rest = cursor.remaining;
        for (var i = 0; i < rest.length; i++) {
          var id = rest[i];
          var n = Math.floor(id / per);
          if (ids.length >= maxResults - found.length) {
            left.push(id);
            continue;
          }
          if (!hasText(n) && !wanted.has(n)) {
            if (used + wanted.size >= maxShards) {
              left.push(id);
              continue;
            }
            wanted.add(n);
          }
          ids.push(id);
        }
        cursor.remaining = left;
        cursor.done = left.length === 0;
        if (!ids.length) return Promise.resolve(found);
        used += wanted.size;
        return Promise.all(ids.map(function (id) { return textShard(m, Math.floor(id / per)); })).then(function (shardsOfIds) {
          ids.forEach(function (id, i) {
            var result = confirm(cursor.parts, id, shardsOfIds[i], id % per);
            if (result) found.push(result);
          });
          if (cursor.done || found.length >= maxResults) return found;
          return round();
        });
      }
      return round().then(function (newResults) {
        cursor.results = cursor.results.concat(newResults);
        return newResults;
      });
    };

    /* Every result (for tests and tools). */
    Cursor.prototype.all = function () {
      var cursor = this;
      function more() {
        if (cursor.done) return Promise.resolve(cursor.results);
        return cursor.next(Infinity, Infinity).then(more);
      }
      return more();
    };

    function confirm(parts, id, shard, slot) {
      var record = shard.sections[slot];
      if (!record) throw new Error("search index: no section " + id);
      var page = shard.pages[record[0]];
      var intro = record[1] === null;
      var heading = intro ? page[0] : record[2];
      var text = normalise(heading + "\n" + record[3]);
      for (var i = 0; i < parts.length; i++) if (text.indexOf(parts[i]) < 0) return null;
      var normalisedHeading = normalise(heading);
      var inHeading = parts.every(function (p) { return normalisedHeading.indexOf(p) >= 0; });
      return {
        id: id,
        url: intro ? page[1] : page[1] + "#" + record[1],
        pageTitle: page[0],
        pageUrl: page[1],
        anchor: record[1],
        heading: heading,
        intro: intro,
        text: record[3],
        tier: inHeading ? 0 : 1
      };
    }

    return {
      meta: meta,
      search: search,
      /* Every section's record, in id order, read from the text shards alone. */
      sections: function () {
        return meta().then(function (m) {
          var numbers = [];
          for (var n = 0; n < m.textShards; n++) numbers.push(n);
          return Promise.all(numbers.map(function (n) { return textShard(m, n); })).then(function (all) {
            var out = [];
            all.forEach(function (shard) {
              shard.sections.forEach(function (s) {
                var page = shard.pages[s[0]];
                out.push({ heading: s[1] === null ? page[0] : s[2], text: s[3], url: s[1] === null ? page[1] : page[1] + "#" + s[1] });
              });
            });
            return out;
          });
        });
      }
    };
  }

  /* ---------- Highlighting (pure; the page turns segments into nodes) ---------- */

  /* A character with its combining marks (half-width ﾞ and ﾟ count as such: NFKC joins
     them to the kana before them). */
  var CLUSTER = /[^\p{M}\uff9e\uff9f][\p{M}\uff9e\uff9f]*|[\p{M}\uff9e\uff9f]+/gu;

  /* `text` as segments {text, mark}, the parts' occurrences marked; cut to about
     `maxLength` characters around the first one when longer. Matching is done on the
     normalised text one character (with its combining marks) at a time, so a mark always
     covers whole characters of the original. */
  function highlight(text, parts, maxLength) {
    text = String(text);
    var normalised = "", starts = [], ends = [], m;
    CLUSTER.lastIndex = 0;
    while ((m = CLUSTER.exec(text))) {
      var n = normalise(m[0]);
      for (var i = 0; i < n.length; i++) { starts.push(m.index); ends.push(m.index + m[0].length); }
      normalised += n;
    }
    var ranges = [];
    parts.forEach(function (part) {
      if (!part) return;
      var at = normalised.indexOf(part);
      while (at >= 0) {
        ranges.push([starts[at], ends[at + part.length - 1]]);
        at = normalised.indexOf(part, at + part.length);
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    var from = 0, to = text.length;
    if (maxLength !== undefined && maxLength !== Infinity && text.length > maxLength) {
      var first = merged.length ? merged[0][0] : 0;
      from = Math.max(0, Math.min(first - Math.floor(maxLength / 4), text.length - maxLength));
      to = Math.min(text.length, from + maxLength);
      if (isLowSurrogate(text, from)) from--;
      if (isLowSurrogate(text, to)) to++;
    }
    var segments = [];
    function push(s, e, mark) {
      if (e > s) segments.push({ text: text.slice(s, e), mark: mark });
    }
    var pos = from;
    merged.forEach(function (r) {
      var s = Math.max(r[0], from), e = Math.min(r[1], to);
      if (e <= s) return;
      push(pos, s, false);
      push(s, e, true);
      pos = e;
    });
    push(pos, to, false);
    if (from > 0) segments.unshift({ text: "…", mark: false });
    if (to < text.length) segments.push({ text: "…", mark: false });
    return segments;
  }

  function isLowSurrogate(text, i) {
    var c = text.charCodeAt(i);
    return c >= 0xdc00 && c <= 0xdfff;
  }

  /* ---------- The search page ---------- */

  function startPage(document, window) {
    function start() {
      var box = document.querySelector("[data-search]");
      if (box) new SearchPage(box, document, window);
    }
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }

  function SearchPage(box, document, window) {
    var base = box.getAttribute("data-search-index");
    var engine = createSearch({
      load: function (path, version) {
        var url = base + path + (version ? "?v=" + encodeURIComponent(version) : "");
        /* A request that stalls (a connection the server never reads: seen with the
           preview server under a burst of new connections) is asked again, once. */
        function attempt(retry) {
          var controller = !retry && typeof AbortController === "function" ? new AbortController() : null;
          var timer = controller ? setTimeout(function () { controller.abort(); }, STALL_MS) : null;
          var options = { cache: version ? "default" : "no-cache" };
          if (controller) options.signal = controller.signal;
          return window.fetch(url, options).then(function (r) {
            if (!r.ok) throw new Error(url + ": HTTP " + r.status);
            return r.arrayBuffer();
          }).then(function (bytes) {
            clearTimeout(timer);
            return bytes;
          }, function (e) {
            clearTimeout(timer);
            if (controller && e && e.name === "AbortError") return attempt(true);
            throw e;
          });
        }
        return attempt(false);
      }
    });
    var form = box.querySelector("form");
    var input = box.querySelector("#search-input");
    var status = box.querySelector("#search-status");
    var list = box.querySelector("#search-results");
    var more = box.querySelector("#search-more");
    var message = function (name) { return box.getAttribute("data-msg-" + name) || ""; };
    var sequence = 0, timer = null, cursor = null, shown = [];

    function setStatus(text) {
      status.textContent = text;
    }
    function countMessage(n, partial) {
      if (partial) return message("count-partial").replace("{count}", String(n));
      return n === 1 ? message("count-one") : message("count").replace("{count}", String(n));
    }
    function appendSegments(parent, segments) {
      segments.forEach(function (s) {
        if (s.mark) {
          var mark = document.createElement("mark");
          mark.textContent = s.text;
          parent.appendChild(mark);
        } else {
          parent.appendChild(document.createTextNode(s.text));
        }
      });
    }
    function item(result, parts) {
      var li = document.createElement("li");
      li.className = "search-result";
      if (!result.intro) {
        var page = document.createElement("p");
        page.className = "search-result-page";
        page.textContent = result.pageTitle;
        li.appendChild(page);
      }
      var link = document.createElement("a");
      link.className = "search-result-link";
      link.href = result.url;
      appendSegments(link, highlight(result.heading, parts));
      li.appendChild(link);
      if (result.text) {
        var snippet = document.createElement("p");
        snippet.className = "search-result-snippet";
        appendSegments(snippet, highlight(result.text.replace(/\n/g, " "), parts, 160));
        li.appendChild(snippet);
      }
      return li;
    }
    /* Titles and headings first; within each, the order of the site. */
    function render(parts, focusFrom) {
      var ordered = shown.slice().sort(function (a, b) { return a.tier - b.tier; });
      while (list.firstChild) list.removeChild(list.firstChild);
      var focusTarget = null;
      ordered.forEach(function (result) {
        var li = item(result, parts);
        list.appendChild(li);
        if (focusFrom && !focusTarget && focusFrom.indexOf(result) >= 0) focusTarget = li.querySelector("a");
      });
      more.hidden = !cursor || cursor.done;
      if (!shown.length) setStatus(message("no-results").replace("{query}", input.value.trim()));
      else setStatus(countMessage(shown.length, !cursor.done));
      box.classList.remove("is-loading");
      if (focusTarget) focusTarget.focus();
    }
    /* The next batch; a batch that found nothing while candidates remain is not shown
       (it would read as "no results"), the next one is fetched instead. */
    function batch(c) {
      return c.next().then(function (found) {
        return found.length || c.done ? found : batch(c);
      });
    }
    function fail(my, error) {
      if (my !== sequence) return;
      box.classList.remove("is-loading");
      setStatus(message("error"));
      if (window.console) window.console.error(error);
    }
    function run(query) {
      var my = ++sequence;
      updateUrl(query);
      if (!queryParts(query).length) {
        cursor = null;
        shown = [];
        while (list.firstChild) list.removeChild(list.firstChild);
        more.hidden = true;
        setStatus("");
        box.classList.remove("is-loading");
        return;
      }
      box.classList.add("is-loading");
      engine.search(query).then(function (c) {
        if (my !== sequence) return null;
        return batch(c).then(function (found) {
          if (my !== sequence) return;
          cursor = c;
          shown = found.slice();
          render(c.parts);
        });
      }).catch(function (e) { fail(my, e); });
    }
    function updateUrl(query) {
      if (!window.history || !window.history.replaceState) return;
      var url = window.location.pathname + (query.trim() ? "?q=" + encodeURIComponent(query.trim()) : "");
      window.history.replaceState(null, "", url);
    }

    /* Debounced; and not while an input method is composing (Japanese kana before
       conversion), only once the text is committed. */
    function schedule() {
      clearTimeout(timer);
      var query = input.value;
      timer = setTimeout(function () { run(query); }, 150);
    }
    input.addEventListener("input", function (e) {
      if (!e.isComposing) schedule();
    });
    input.addEventListener("compositionend", schedule);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(timer);
      run(input.value);
    });
    more.addEventListener("click", function () {
      if (!cursor || cursor.done) return;
      var my = sequence, c = cursor;
      box.classList.add("is-loading");
      batch(c).then(function (found) {
        if (my !== sequence) return;
        shown = shown.concat(found);
        render(c.parts, found);
      }).catch(function (e) { fail(my, e); });
    });

    /* Arrow keys: from the box into the results and between them; Escape goes back. */
    function links() { return Array.prototype.slice.call(list.querySelectorAll("a.search-result-link")); }
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" && links().length) {
        e.preventDefault();
        links()[0].focus();
      }
    });
    list.addEventListener("keydown", function (e) {
      var all = links(), i = all.indexOf(document.activeElement);
      if (i < 0) return;
      if (e.key === "ArrowDown" && i + 1 < all.length) { e.preventDefault(); all[i + 1].focus(); }
      else if (e.key === "ArrowUp") { e.preventDefault(); (i > 0 ? all[i - 1] : input).focus(); }
      else if (e.key === "Escape") { e.preventDefault(); input.focus(); }
    });

    var initial = new URLSearchParams(window.location.search).get("q") || "";
    if (initial) {
      input.value = initial;
      run(initial);
    } else {
      engine.meta().catch(function () {});
    }
  }

  return {
    FORMAT: FORMAT,
    normalise: normalise,
    queryParts: queryParts,
    partGrams: partGrams,
    pickGrams: pickGrams,
    shardHash: shardHash,
    createSearch: createSearch,
    highlight: highlight,
    startPage: startPage
  };
});
