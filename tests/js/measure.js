#!/usr/bin/env node
/* Index size per language and bytes fetched per query, measured on a built site with the
   same search.js the browser runs (a loader that counts bytes instead of fetching).

     node tests/js/measure.js PUBLIC_DIR [--json] [QUERY …]

   Without queries, a fixed list of Japanese, English and mixed queries is used. "fetched"
   is what the search page transfers for its first batch of results (a fresh page: no
   cache), uncompressed. Not a test: tests/js/search.test.js is; the benchmark calls this. */
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const search = require("../../themes/default/static/search.js");

const DEFAULT_QUERIES = {
  ja: ["暗号化", "ログ", "72時間", "ISO/IEC 27017", "ＩＳＭＳ", "TLS 通信", "鍵", "インシデント", "隔離メール", "の", "存在しない語句"],
  en: ["incident", "encryption", "log", "TLS", "ISO/IEC 27017", "72 hours", "the", "quarantine", "data storage", "a", "zzqx"]
};

function indexSize(dir) {
  let bytes = 0, files = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const sub = indexSize(p);
      bytes += sub.bytes;
      files += sub.files;
    } else if (entry.name !== "index.html") {
      bytes += fs.statSync(p).size;
      files += 1;
    }
  }
  return { bytes, files };
}

/* One query on a fresh engine: what its first batch fetches and finds. */
async function measureQuery(site, lang, query) {
  const fetched = [];
  const engine = search.createSearch({
    load: (p) => {
      const bytes = fs.readFileSync(path.join(site, lang, "search", p));
      fetched.push([p, bytes.length]);
      return bytes;
    }
  });
  const cursor = await engine.search(query);
  let results = await cursor.next();
  /* The page keeps fetching while a batch finds nothing and candidates remain. */
  while (!results.length && !cursor.done) results = await cursor.next();
  const bytes = fetched.reduce((sum, f) => sum + f[1], 0);
  const kind = (prefix) => fetched.filter((f) => f[0].startsWith(prefix)).length;
  return {
    lang, query, bytes, files: fetched.length,
    postingShards: kind("p/"), longLists: kind("l/"), textShards: kind("t/"),
    candidates: cursor.candidates.length, shown: results.length, complete: cursor.done
  };
}

async function measure(site, queries) {
  const out = { languages: {}, queries: [] };
  for (const lang of fs.readdirSync(site).sort()) {
    const dir = path.join(site, lang, "search");
    if (!fs.existsSync(path.join(dir, "meta.json"))) continue;
    const meta = JSON.parse(fs.readFileSync(path.join(dir, "meta.json"), "utf8"));
    out.languages[lang] = Object.assign(indexSize(dir), { sections: meta.sections, postingShards: meta.postingShards, textShards: meta.textShards });
    for (const q of queries || DEFAULT_QUERIES[lang] || DEFAULT_QUERIES.en) out.queries.push(await measureQuery(site, lang, q));
  }
  return out;
}

module.exports = { measure, measureQuery, DEFAULT_QUERIES };

if (require.main === module) {
  const args = process.argv.slice(2);
  const json = args.includes("--json");
  const rest = args.filter((a) => a !== "--json");
  if (!rest.length) {
    console.error("usage: node tests/js/measure.js PUBLIC_DIR [--json] [QUERY …]");
    process.exit(2);
  }
  measure(rest[0], rest.length > 1 ? rest.slice(1) : null).then((r) => {
    if (json) return console.log(JSON.stringify(r, null, 2));
    for (const [lang, s] of Object.entries(r.languages)) {
      console.log(`${lang}: index ${(s.bytes / 1024).toFixed(0)} KiB in ${s.files} files (${s.sections} sections, ${s.postingShards} postings shards, ${s.textShards} text shards)`);
    }
    for (const q of r.queries) {
      console.log(`${q.lang} ${JSON.stringify(q.query)}: ${(q.bytes / 1024).toFixed(1)} KiB in ${q.files} files (p ${q.postingShards}, l ${q.longLists}, t ${q.textShards}); ${q.shown} shown of ${q.candidates} candidates${q.complete ? ", complete" : ""}`);
    }
  }, (e) => {
    console.error(e);
    process.exit(1);
  });
}
