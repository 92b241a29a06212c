/* trustdocs search: the browser side of the static search index (src/search/ in the
   trustdocs repository says how the index is built and laid out).

   Two halves in one plain script, no framework, no build step:
   - the core (createSearch): cuts a query exactly as the index was cut, fetches only the
     files the query needs through a loader function, and confirms every candidate
     section against its text, so a section matches if and only if it contains, for every
     part of the query, one of the part's alternatives. It takes the loader as an
     argument, so Node runs the same code on the built files (tests/js/);
   - the search page (/<lang>/search/?q=): results as you type, keyboard navigation, a
     live region announcing the count. Results are built as DOM nodes; no text from the
     index ever goes through innerHTML.

   Mirrors src/search/: normalise.rs (normalise, the fold), query.rs (parseQuery),
   stem.rs (wordEndings), variants.rs (expandVariants), tokenizer.rs (partGrams,
   shardHash). Change both together; tests/js/tokenizer-cases.json holds cases both must
   give. */
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

  var FORMAT = 3;
  /* Grams looked up per query, at most (but one for each string a part looks for): each
     costs one postings shard. Leaving some out only adds candidates, which the text check
     removes. */
  var MAX_GRAMS = 6;
  /* Candidates from the short lists above which the shortest long list is fetched too. */
  var ENOUGH_CANDIDATES = 64;
  /* Long lists fetched per query and kind (all text, headings), at most, but for those
     needed while no part of the query is known at all: each costs a pack of them (about
     8 KB), and one is what cuts the most (measured: two or three cost more than the text
     shards they save). */
  var MAX_LONG_LISTS = 1;
  /* One batch of results: this many results, in order, from at most this many new text
     shards (each about 4 KB, a few sections). Ten results never need more than ten
     shards; the rest of the budget is for candidates the text check turns down. */
  var BATCH_RESULTS = 10;
  var BATCH_SHARDS = 14;
  /* Strings one part may look for (query.rs, MAX_ALTERNATIVES). */
  var MAX_ALTERNATIVES = 8;
  /* Milliseconds after which a file request is given up and asked again (once). */
  var STALL_MS = 4000;

  /* ---------- What text is searched as (normalise.rs) ---------- */

  /* Same set as is_space() in normalise.rs (not \s, which differs from Rust's). */
  var SPACES = /[\0\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/;

  function isInlineSpace(c) {
    return c === 0x09 || c === 0x20 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
      c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
  }
  function isJapanese(c) {
    return (c >= 0x2e80 && c <= 0x2fff) || (c >= 0x3001 && c <= 0x30ff) || (c >= 0x3190 && c <= 0x31ff) ||
      (c >= 0x3200 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xffef) || (c >= 0x1b000 && c <= 0x1b16f) || (c >= 0x20000 && c <= 0x3ffff);
  }
  function isKatakanaLetter(c) {
    return (c >= 0x30a1 && c <= 0x30fa) || (c >= 0x31f0 && c <= 0x31ff);
  }
  function isSmallKana(c) {
    return c === 0x30a1 || c === 0x30a3 || c === 0x30a5 || c === 0x30a7 || c === 0x30a9 ||
      c === 0x30e3 || c === 0x30e5 || c === 0x30e7 || c === 0x30ee;
  }

  /* Rule 2 of normalise.rs over code points `cps` (already NFKC and lower case): the
     positions of those kept, in order. A run of inline spaces goes when the character
     before or after it is Japanese. */
  function foldKeep(cps) {
    var kept = [], spaces = [], afterJapanese = false;
    for (var i = 0; i < cps.length; i++) {
      var c = cps[i];
      if (isInlineSpace(c)) { spaces.push(i); continue; }
      var japanese = isJapanese(c);
      if (spaces.length) {
        if (!(afterJapanese || japanese)) kept.push.apply(kept, spaces);
        spaces = [];
      }
      afterJapanese = japanese;
      kept.push(i);
    }
    if (spaces.length && !afterJapanese) kept.push.apply(kept, spaces);
    return kept;
  }

  function codePoints(s) {
    var out = [];
    for (var ch of s) out.push(ch.codePointAt(0));
    return out;
  }
  function fold(s) {
    var cps = codePoints(s);
    return foldKeep(cps).map(function (i) { return String.fromCodePoint(cps[i]); }).join("");
  }
  function nfkcLower(text) {
    return String(text).normalize("NFKC").toLowerCase();
  }
  /* The normalised text: NFKC, lower case, spaces next to Japanese removed. */
  function normalise(text) {
    return fold(nfkcLower(text));
  }

  /* ---------- What a query looks for (query.rs, stem.rs, variants.rs) ---------- */

  var VOWELS = "aeiouy";
  var DOUBLES = ["bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"];
  function hasVowel(s) {
    for (var i = 0; i < s.length; i++) if (VOWELS.indexOf(s[i]) >= 0) return true;
    return false;
  }
  function endsWithAny(s, list) {
    return list.some(function (e) { return s.slice(-e.length) === e; });
  }

  /* stem.rs, word_endings: the part with its last English word cut back to its stem, and
     a second string when the base form is spelt with a y. */
  function wordEndings(part) {
    var m = /[a-z]+$/.exec(part);
    if (!m || m[0].length < 3) return [part];
    var before = part.slice(0, m.index), w = m[0], n = w.length, b;
    if (n >= 5 && endsWithAny(w, ["ies", "ied"])) return [before + w.slice(0, n - 2), before + w.slice(0, n - 3) + "y"];
    var stem;
    if (n >= 5 && endsWithAny(w, ["eed"])) {
      stem = w.slice(0, n - 1);
    } else if ((b = endsWithAny(w, ["ing"]) ? w.slice(0, n - 3) : endsWithAny(w, ["ed"]) ? w.slice(0, n - 2) : null) !== null &&
               b.length >= 3 && hasVowel(b)) {
      stem = endsWithAny(b, DOUBLES) ? b.slice(0, -1) : b;
    } else if (endsWithAny(w, ["es"]) && (b = w.slice(0, n - 2)).length >= 3 && endsWithAny(b, ["s", "x", "z", "ch", "sh"])) {
      stem = b;
    } else if (endsWithAny(w, ["s"]) && (b = w.slice(0, n - 1)).length >= 3 && !endsWithAny(b, ["s", "u", "i"]) &&
               hasVowel(b.slice(0, -1))) {
      stem = b;
    } else {
      stem = w;
    }
    if (stem.length >= 5 && stem.slice(-1) === "e") stem = stem.slice(0, -1);
    var out = [before + stem];
    if (stem.length >= 4 && stem.slice(-1) === "y" && VOWELS.indexOf(stem[stem.length - 2]) < 0) {
      out.push(before + stem.slice(0, -1) + "i");
    }
    return out;
  }

  /* long_vowel.rs, combinations: every string made of one choice per piece, the first
     choices first (the last piece turning fastest), `max` at most. */
  function combinations(pieces, max) {
    var out = [], at = pieces.map(function () { return 0; });
    for (;;) {
      out.push(pieces.map(function (list, p) { return list[at[p]]; }).join(""));
      if (out.length >= Math.max(1, max)) break;
      var turn = -1;
      for (var p = pieces.length - 1; p >= 0; p--) if (at[p] + 1 < pieces[p].length) { turn = p; break; }
      if (turn < 0) break;
      at[turn]++;
      for (var q = turn + 1; q < at.length; q++) at[q] = 0;
    }
    return out;
  }

  /* long_vowel.rs, long_vowel_alternatives: a katakana word of three morae or more is
     looked for with and without its final ー (only without, at the end of the part). */
  function longVowelAlternatives(part, max) {
    var chars = Array.from(part), pieces = [], i = 0;
    function letter(ch) { return isKatakanaLetter(ch.codePointAt(0)); }
    while (i < chars.length) {
      var end = i + 1;
      if (!letter(chars[i])) {
        while (end < chars.length && !letter(chars[end])) end++;
        pieces.push([chars.slice(i, end).join("")]);
        i = end;
        continue;
      }
      while (end < chars.length && (letter(chars[end]) || chars[end] === "ー")) end++;
      var word = chars.slice(i, end), stemLength = word.length;
      while (stemLength > 0 && word[stemLength - 1] === "ー") stemLength--;
      var stem = word.slice(0, stemLength).join(""), whole = word.join("");
      var morae = word.slice(0, stemLength).filter(function (ch) { return !isSmallKana(ch.codePointAt(0)); }).length;
      var mark = stemLength < word.length, atEnd = end === chars.length;
      if (morae < 3 || (!mark && atEnd)) pieces.push([whole]);
      else if (mark && atEnd) pieces.push([stem]);
      else if (mark) pieces.push([whole, stem]);
      else pieces.push([stem, stem + "ー"]);
      i = end;
    }
    return combinations(pieces, max);
  }

  /* variants.rs, Variants::expand: `part` and the strings made from it by putting, for
     each member of a group found in it (left to right, the longest at each place; one
     ending in a katakana letter takes the ー after it along), another member of its group
     in its place; `part` first, `max` strings at most. */
  function expandVariants(part, groups, max) {
    var chars = Array.from(part), pieces = [], plain = "", i = 0;
    var members = [];
    (groups || []).forEach(function (g) { g.forEach(function (m) { members.push({ chars: Array.from(m), group: g }); }); });
    while (i < chars.length) {
      var best = null;
      for (var k = 0; k < members.length; k++) {
        var mc = members[k].chars;
        if (mc.length > chars.length - i || (best && mc.length <= best.chars.length)) continue;
        var same = true;
        for (var j = 0; j < mc.length && same; j++) same = mc[j] === chars[i + j];
        if (same) best = members[k];
      }
      if (best) {
        if (plain) { pieces.push([plain]); plain = ""; }
        var length = best.chars.length;
        if (isKatakanaLetter(best.chars[length - 1].codePointAt(0))) {
          while (i + length < chars.length && chars[i + length] === "ー") length++;
        }
        var typed = chars.slice(i, i + length).join("");
        pieces.push([typed].concat(best.group.filter(function (m) { return m !== typed; })));
        i += length;
      } else {
        plain += chars[i];
        i++;
      }
    }
    if (plain) pieces.push([plain]);
    return combinations(pieces, max);
  }

  /* `list` without repeats and without a string that contains another of the list. */
  function shortest(list) {
    var unique = [];
    list.forEach(function (s) { if (unique.indexOf(s) < 0) unique.push(s); });
    return unique.filter(function (a) {
      return !unique.some(function (b) { return b !== a && a.indexOf(b) >= 0; });
    });
  }

  /* Each part as [normalised text, whether it ends in a word typed in capitals]. */
  function splitQuery(query) {
    var parts = [];
    String(query).normalize("NFKC").split(SPACES).forEach(function (raw) {
      if (!raw) return;
      var text = fold(raw.toLowerCase());
      var letters = /[A-Za-z]+$/.exec(raw);
      var capitals = !!letters && letters[0].length >= 2 && letters[0] === letters[0].toUpperCase();
      if (!parts.some(function (p) { return p[0] === text; })) parts.push([text, capitals]);
    });
    return parts;
  }

  /* The parts of a query as typed: NFKC, split on spaces, lower-cased. */
  function queryParts(query) {
    return splitQuery(query).map(function (p) { return p[0]; });
  }

  /* query.rs, parse: each part with the strings a section may hold in its place (a part
     that looks for what an earlier one does is left out). */
  function parseQuery(query, groups) {
    var parts = splitQuery(query).map(function (p) {
      var alternatives = [].concat.apply([], expandVariants(p[0], groups, MAX_ALTERNATIVES).map(function (a) {
        return longVowelAlternatives(a, MAX_ALTERNATIVES);
      })).slice(0, MAX_ALTERNATIVES);
      if (!p[1]) alternatives = [].concat.apply([], alternatives.map(wordEndings)).slice(0, MAX_ALTERNATIVES);
      return { text: p[0], alternatives: shortest(alternatives) };
    });
    return parts.filter(function (p, i) {
      var key = JSON.stringify(p.alternatives);
      return !parts.slice(0, i).some(function (q) { return JSON.stringify(q.alternatives) === key; });
    });
  }

  /* The grams a string is looked up by: itself up to two characters, else its 3-grams. */
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

  /* First, last, then the middles: a few grams spread over a long string. */
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

  /* Grams for `strings` (each an array of candidate grams), taken from every string in
     turn: one for each string at least (a string looked up by none would stand for every
     section), then more while fewer than `max` distinct ones are picked. Per string, those
     picked. */
  function pickGramsFor(strings, max) {
    var orders = strings.map(spread);
    var picked = strings.map(function () { return []; }), all = [];
    for (var round = 0; round === 0 || all.length < max; round++) {
      var any = false;
      for (var i = 0; i < orders.length && (round === 0 || all.length < max); i++) {
        if (round >= orders[i].length) continue;
        any = true;
        var g = orders[i][round];
        picked[i].push(g);
        if (all.indexOf(g) < 0) all.push(g);
      }
      if (!any) break;
    }
    return picked;
  }

  /* The distinct grams looked up for `parts` (strings), at most `max`. */
  function pickGrams(parts, max) {
    var all = [];
    pickGramsFor(parts.map(partGrams), max).forEach(function (list) {
      list.forEach(function (g) { if (all.indexOf(g) < 0) all.push(g); });
    });
    return all;
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

  /* Sorted arrays: the ids in any of them. */
  function union(lists) {
    var seen = new Set();
    lists.forEach(function (l) { l.forEach(function (id) { seen.add(id); }); });
    return Array.from(seen).sort(function (a, b) { return a - b; });
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
    /* Text shards: promised, and those at hand (read by the cursor without waiting). */
    var texts = new Map(), textsAtHand = new Map();
    function textShard(m, n) {
      return remember(texts, n, function () {
        return json("t/" + n + ".json", m.version).then(function (shard) { textsAtHand.set(n, shard); return shard; });
      });
    }
    function longList(m, list) {
      return file("l/" + list.file + ".bin", m.version).then(function (bytes) {
        var reader = new ByteReader(bytes);
        reader.pos = list.offset;
        return reader.list().ids || [];
      });
    }

    /* The sections one kind of list (`all` or `heading`) allows: per part, the union over
       its alternatives of the ids in every list of the alternative's grams. A list kept
       in a pack is unknown until fetched: an alternative with one unknown list stands for
       what its known lists allow, one with none known for every section, and a part with
       such an alternative for every section. Long lists are fetched, shortest first,
       while no part is known, or while the candidates are many and fewer than
       MAX_LONG_LISTS were fetched (a second list of one word would rarely cut much; the
       text check removes what the lists left out would have). Resolves to the ids, or
       null for every section. */
    function resolve(m, alternatives, kind) {
      var fetched = 0;
      function known(alt) {
        var lists = alt.entries.map(function (e) { return e[kind]; });
        if (lists.some(function (l) { return l.count === 0; })) return [];
        return intersect(lists.filter(function (l) { return l.ids; }).map(function (l) { return l.ids; }));
      }
      function state() {
        var byPart = [];
        alternatives.forEach(function (alt) {
          var ids = alt.missing ? [] : known(alt);
          var slot = byPart[alt.part] || (byPart[alt.part] = { lists: [], unknown: false });
          if (ids === null) slot.unknown = true; else slot.lists.push(ids);
        });
        var parts = byPart.filter(function (p) { return p && !p.unknown; }).map(function (p) { return union(p.lists); });
        return intersect(parts);
      }
      function step() {
        var ids = state();
        if (ids && (ids.length <= ENOUGH_CANDIDATES || fetched >= MAX_LONG_LISTS)) return Promise.resolve(ids);
        var outside = [];
        alternatives.forEach(function (alt) {
          if (alt.missing) return;
          alt.entries.forEach(function (e) { if (!e[kind].ids) outside.push(e); });
        });
        if (!outside.length) return Promise.resolve(ids);
        outside.sort(function (a, b) { return a[kind].count - b[kind].count; });
        var list = outside[0][kind];
        fetched++;
        return longList(m, list).then(function (got) {
          list.ids = got;
          return step();
        });
      }
      return step();
    }

    /* A cursor over the results of `query`: call next() for each batch. */
    function search(query) {
      return meta().then(function (m) {
        var parts = parseQuery(query, m.variants);
        if (!parts.length || !m.sections) return new Cursor(parts, [], [], m, true);
        var alternatives = [];
        parts.forEach(function (p, k) {
          p.alternatives.forEach(function (a) { alternatives.push({ part: k, text: a, grams: partGrams(a) }); });
        });
        var picked = pickGramsFor(alternatives.map(function (a) { return a.grams; }), MAX_GRAMS);
        var numbers = [];
        picked.forEach(function (grams) {
          grams.forEach(function (g) {
            var n = shardHash(g) % m.postingShards;
            if (numbers.indexOf(n) < 0) numbers.push(n);
          });
        });
        return Promise.all(numbers.map(function (n) { return postings(m, n); })).then(function (loaded) {
          var byNumber = new Map();
          numbers.forEach(function (n, i) { byNumber.set(n, loaded[i]); });
          /* Each gram's lists; an alternative with a gram no section has matches nothing.
             Lists are copied, since a long list is filled in when fetched. */
          alternatives.forEach(function (alt, i) {
            alt.entries = [];
            picked[i].forEach(function (g) {
              var e = byNumber.get(shardHash(g) % m.postingShards).get(g);
              if (!e) alt.missing = true;
              else alt.entries.push({ all: Object.assign({}, e.all), heading: Object.assign({}, e.heading) });
            });
          });
          return resolve(m, alternatives, "all").then(function (all) {
            if (!all) all = Array.from({ length: m.sections }, function (_, id) { return id; });
            /* The total is known when every alternative is one gram, looked up, and its list
               fully read: then every candidate matches. */
            var exact = alternatives.every(function (alt, i) {
              return alt.missing || (alt.grams.length === 1 && picked[i].length === 1 &&
                alt.entries.every(function (e) { return !!e.all.ids; }) && Array.from(alt.text).length <= 3);
            });
            return resolve(m, alternatives, "heading").then(function (heading) {
              var head = heading ? intersect([heading, all]) : all;
              var inHead = new Set(head);
              var rest = all.filter(function (id) { return !inHead.has(id); });
              return new Cursor(parts, head, rest, m, exact);
            });
          });
        });
      });
    }

    /* Results come in one order, across batches: the sections whose heading (the page
       title, for an intro) holds every part first, then the others, each in site order.
       Candidates come in two sorted lists: `head` (those whose heading may hold every
       part) and `rest` (whose heading cannot). A head candidate that matches in its text
       only waits in `deferred` for its place among the rest. */
    function Cursor(parts, head, rest, m, exact) {
      this.parts = parts;
      this.meta = m;
      this.head = head;
      this.rest = rest;
      this.deferred = [];
      this.count = head.length + rest.length;
      this.candidates = head.concat(rest);
      this.exact = exact;
      this.results = [];
      this.done = this.count === 0;
    }

    /* The number of results, once it is known: every candidate matches (`exact`) or all
       are confirmed. */
    Cursor.prototype.total = function () {
      if (this.done) return this.results.length;
      return this.exact ? this.count : null;
    };

    /* The next item in result order without taking it: {id, from} with `from` one of
       "head", "rest" or "deferred" (a result already confirmed); null at the end. */
    Cursor.prototype.peek = function (h, r, d) {
      if (h < this.head.length) return { id: this.head[h], from: "head" };
      var hasRest = r < this.rest.length, hasDeferred = d < this.deferred.length;
      if (hasDeferred && (!hasRest || this.deferred[d].id < this.rest[r])) return { id: this.deferred[d].id, from: "deferred" };
      if (hasRest) return { id: this.rest[r], from: "rest" };
      return null;
    };

    /* Resolves to the next `maxResults` results in order (fewer at the end, or when the
       next would need more than `maxShards` new text shards). Each round fetches, in one
       go, the shards of as many of the next candidates as could still be results. */
    Cursor.prototype.next = function (maxResults, maxShards) {
      var cursor = this, m = this.meta, per = m.sectionsPerTextShard;
      maxResults = maxResults === undefined ? BATCH_RESULTS : maxResults;
      maxShards = maxShards === undefined ? BATCH_SHARDS : maxShards;
      var found = [], used = 0;
      function plan() {
        var wanted = new Set(), h = 0, r = 0, d = 0, room = maxResults - found.length;
        for (var item = cursor.peek(h, r, d); item && room > 0; item = cursor.peek(h, r, d)) {
          if (item.from === "deferred") { d++; room--; continue; }
          var n = Math.floor(item.id / per);
          if (!textsAtHand.has(n) && !wanted.has(n)) {
            if (used + wanted.size >= maxShards) break;
            wanted.add(n);
          }
          if (item.from === "head") h++; else r++;
          room--;
        }
        return Array.from(wanted);
      }
      /* Takes items in order while their text is at hand. */
      function take() {
        while (found.length < maxResults) {
          var item = cursor.peek(0, 0, 0);
          if (!item) break;
          if (item.from === "deferred") { found.push(cursor.deferred.shift()); continue; }
          var shard = textsAtHand.get(Math.floor(item.id / per));
          if (!shard) break;
          var result = confirm(cursor.parts, item.id, shard, item.id % per);
          if (item.from === "head") {
            cursor.head.shift();
            if (result && result.tier === 0) found.push(result);
            else if (result) insertSorted(cursor.deferred, result);
          } else {
            cursor.rest.shift();
            if (result) found.push(result);
          }
        }
        cursor.done = !cursor.peek(0, 0, 0);
      }
      function round() {
        var numbers = plan();
        used += numbers.length;
        return Promise.all(numbers.map(function (n) { return textShard(m, n); })).then(function () {
          var before = found.length + cursor.head.length + cursor.rest.length;
          take();
          var progress = found.length + cursor.head.length + cursor.rest.length !== before;
          if (cursor.done || found.length >= maxResults || !progress || used >= maxShards) return found;
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

    function insertSorted(list, result) {
      var i = list.length;
      while (i > 0 && list[i - 1].id > result.id) i--;
      list.splice(i, 0, result);
    }

    function holdsEveryPart(text, parts) {
      return parts.every(function (p) {
        return p.alternatives.some(function (a) { return text.indexOf(a) >= 0; });
      });
    }

    function confirm(parts, id, shard, slot) {
      var record = shard.sections[slot];
      if (!record) throw new Error("search index: no section " + id);
      var page = shard.pages[record[0]];
      var intro = record[1] === null;
      var heading = intro ? page[0] : record[2];
      if (!holdsEveryPart(normalise(heading + "\n" + record[3]), parts)) return null;
      return {
        id: id,
        url: intro ? page[1] : page[1] + "#" + record[1],
        pageTitle: page[0],
        pageUrl: page[1],
        anchor: record[1],
        heading: heading,
        intro: intro,
        text: record[3],
        tier: holdsEveryPart(normalise(heading), parts) ? 0 : 1
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

  /* ---------- Highlights and snippets (pure; the page turns segments into nodes) ---------- */

  /* A character with its combining marks (half-width ﾞ and ﾟ count as such: NFKC joins
     them to the kana before them). */
  var CLUSTER = /[^\p{M}\uff9e\uff9f][\p{M}\uff9e\uff9f]*|[\p{M}\uff9e\uff9f]+/gu;

  /* `text` normalised one character (with its combining marks) at a time, with, for each
     UTF-16 unit of the normalised string, the range of the original it comes from. */
  function mapped(text) {
    var cps = [], from = [], to = [], m;
    CLUSTER.lastIndex = 0;
    while ((m = CLUSTER.exec(text))) {
      for (var ch of nfkcLower(m[0])) {
        cps.push(ch.codePointAt(0));
        from.push(m.index);
        to.push(m.index + m[0].length);
      }
    }
    var kept = foldKeep(cps), normalised = "", starts = [], ends = [], k = 0;
    for (var i = 0; i < cps.length; i++) {
      if (k < kept.length && kept[k] === i) {
        var s = String.fromCodePoint(cps[i]);
        for (var u = 0; u < s.length; u++) { starts.push(from[i]); ends.push(to[i]); }
        normalised += s;
        k++;
      }
    }
    return { text: normalised, starts: starts, ends: ends };
  }

  /* Where the parts' alternatives occur in `text`: ranges [start, end, part] of the
     original, sorted. */
  function occurrences(text, parts) {
    var map = mapped(text), ranges = [];
    parts.forEach(function (part, k) {
      var alternatives = typeof part === "string" ? [part] : part.alternatives;
      alternatives.forEach(function (alt) {
        if (!alt) return;
        /* サーバ marks the whole of サーバー: a mark ending in a katakana letter takes
           the ー after it along. */
        var katakanaEnd = isKatakanaLetter(alt.charCodeAt(alt.length - 1));
        var letterEnd = /[a-z]$/.test(alt);
        var at = map.text.indexOf(alt);
        while (at >= 0) {
          var after = at + alt.length, end = map.ends[after - 1];
          while (katakanaEnd && map.text[after] === "ー") end = map.ends[after++];
          /* hash marks all of hashed: an English match at the start of a word takes an
             ending of up to four letters after it along (what a stem stands for). */
          if (letterEnd && !/[a-z]/.test(map.text[at - 1] || "")) {
            var tail = 0;
            while (tail < 5 && /[a-z]/.test(map.text[after + tail] || "")) tail++;
            if (tail > 0 && tail < 5) end = map.ends[after + tail - 1];
          }
          ranges.push([map.starts[at], end, k]);
          at = map.text.indexOf(alt, at + alt.length);
        }
      });
    });
    return ranges.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
  }

  function byStart(ranges) {
    return ranges.slice().sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
  }

  /* Overlapping ranges (sorted by start) joined. */
  function merge(ranges) {
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    return merged;
  }

  /* `text` as segments {text, mark}, every occurrence of every part marked (a mark
     always covers whole characters of the original). */
  function highlight(text, parts) {
    return snippet(text, parts, Infinity);
  }

  var WORD = /[\p{L}\p{N}]/u;
  function isLatinWordChar(text, i) {
    var c = text.charCodeAt(i);
    return i >= 0 && i < text.length && c < 0x3000 && WORD.test(text[i]);
  }
  /* The start of the cluster holding unit `i` (never inside a surrogate pair or before a
     combining mark). */
  function clusterStart(text, i) {
    while (i > 0 && i < text.length && (isLowSurrogate(text, i) || /[\p{M}\uff9e\uff9f]/u.test(text[i]))) i--;
    return i;
  }
  function isLowSurrogate(text, i) {
    var c = text.charCodeAt(i);
    return c >= 0xdc00 && c <= 0xdfff;
  }

  /* `text` cut to about `maxLength` characters that show each part where the text has
     it: a fragment around the first occurrence of each part, fragments that meet joined,
     "…" between fragments and where the text goes on. A cut never falls inside a mark,
     a Latin word or a character (surrogate pair, combining marks). */
  function snippet(text, parts, maxLength) {
    text = String(text);
    var ranges = occurrences(text, parts), marks = merge(ranges);
    var windows;
    if (maxLength === undefined || maxLength === Infinity || text.length <= maxLength) {
      windows = [[0, text.length]];
    } else {
      var firsts = [], seen = {};
      ranges.forEach(function (r) { if (!seen[r[2]]) { seen[r[2]] = true; firsts.push(r); } });
      firsts.sort(function (a, b) { return a[0] - b[0]; });
      if (!firsts.length) firsts = [[0, 0]];
      var each = Math.max(24, Math.floor(maxLength / firsts.length));
      windows = firsts.map(function (r) {
        var start = Math.max(0, r[0] - Math.floor(each / 4));
        var end = Math.min(text.length, Math.max(r[1], start + each));
        if (end - start < each) start = Math.max(0, end - each);
        return [start, end];
      });
      /* Fragments less than a few characters apart are one. */
      windows = merge(byStart(windows.map(function (w) { return [w[0], w[1] + 8]; })))
        .map(function (w) { return [w[0], Math.min(text.length, w[1] - 8)]; });
      windows = windows.map(function (w) { return [cutStart(text, w[0], marks), cutEnd(text, w[1], marks)]; });
      windows = merge(byStart(windows));
    }
    var segments = [];
    windows.forEach(function (w, i) {
      if (i > 0 || w[0] > 0) segments.push({ text: "…", mark: false, gap: true });
      var pos = w[0];
      marks.forEach(function (r) {
        var s = Math.max(r[0], w[0]), e = Math.min(r[1], w[1]);
        if (e <= s) return;
        if (s > pos) segments.push({ text: text.slice(pos, s), mark: false });
        segments.push({ text: text.slice(s, e), mark: true });
        pos = e;
      });
      if (w[1] > pos) segments.push({ text: text.slice(pos, w[1]), mark: false });
    });
    var last = windows[windows.length - 1];
    if (last && last[1] < text.length) segments.push({ text: "…", mark: false, gap: true });
    return segments;
  }

  /* Where a fragment may start at or near `i`: not inside a mark (moved to its start), a
     Latin word (moved past it when it is short, else to its start) or a character. */
  function cutStart(text, i, marks) {
    i = clusterStart(text, i);
    marks.forEach(function (r) { if (r[0] < i && i < r[1]) i = r[0]; });
    if (i > 0 && isLatinWordChar(text, i) && isLatinWordChar(text, i - 1)) {
      var end = i, start = i;
      while (end < text.length && isLatinWordChar(text, end)) end++;
      while (start > 0 && isLatinWordChar(text, start - 1)) start--;
      var inMark = marks.some(function (r) { return r[0] < end && i < r[1]; });
      i = !inMark && end - i <= 16 ? end : start;
    }
    while (i < text.length && /\s/.test(text[i])) i++;
    return i;
  }
  function cutEnd(text, i, marks) {
    i = clusterStart(text, i);
    marks.forEach(function (r) { if (r[0] < i && i < r[1]) i = r[1]; });
    if (i < text.length && isLatinWordChar(text, i) && isLatinWordChar(text, i - 1)) {
      var start = i, end = i;
      while (start > 0 && isLatinWordChar(text, start - 1)) start--;
      while (end < text.length && isLatinWordChar(text, end)) end++;
      var inMark = marks.some(function (r) { return r[0] < i && start < r[1]; });
      i = !inMark && i - start <= 16 ? start : end;
    }
    while (i > 0 && /\s/.test(text[i - 1])) i--;
    return i;
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
    /* "N results" when all are shown, "1–n of N" when the total is known, else "1–n". */
    function countMessage(c, n) {
      var total = c.total();
      if (c.done) return total === 1 ? message("count-one") : message("count").replace("{count}", String(total));
      if (total !== null) return message("count-range").replace("{total}", String(total)).replace("{shown}", String(n));
      return message("count-partial").replace("{count}", String(n));
    }
    function appendSegments(parent, segments) {
      segments.forEach(function (s) {
        if (s.mark) {
          var mark = document.createElement("mark");
          mark.textContent = s.text;
          parent.appendChild(mark);
        } else if (s.gap) {
          var gap = document.createElement("span");
          gap.className = "search-gap";
          gap.textContent = s.text;
          parent.appendChild(gap);
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
        var text = document.createElement("p");
        text.className = "search-result-snippet";
        appendSegments(text, snippet(result.text.replace(/\n/g, " "), parts, 160));
        li.appendChild(text);
      }
      return li;
    }
    /* Appends `found` (the results come in their final order: nothing shown moves). */
    function render(c, found, focus) {
      var focusTarget = null;
      found.forEach(function (result) {
        var li = item(result, c.parts);
        list.appendChild(li);
        if (focus && !focusTarget) focusTarget = li.querySelector("a");
      });
      more.hidden = c.done;
      if (!shown.length) setStatus(message("no-results").replace("{query}", input.value.trim()));
      else setStatus(countMessage(c, shown.length));
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
    function clear() {
      while (list.firstChild) list.removeChild(list.firstChild);
    }
    function run(query) {
      var my = ++sequence;
      updateUrl(query);
      if (!queryParts(query).length) {
        cursor = null;
        shown = [];
        clear();
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
          clear();
          render(c, found, false);
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
        render(c, found, true);
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
    parseQuery: parseQuery,
    wordEndings: wordEndings,
    longVowelAlternatives: longVowelAlternatives,
    expandVariants: expandVariants,
    partGrams: partGrams,
    pickGrams: pickGrams,
    shardHash: shardHash,
    createSearch: createSearch,
    highlight: highlight,
    snippet: snippet,
    startPage: startPage
  };
});
