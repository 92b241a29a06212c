/* The search of the example portal, run in Node through the same search.js the browser
   loads: for Japanese, English and mixed queries, the sections found are exactly those
   whose text contains the query (a plain substring scan of the text shards, which never
   looks at the postings), each result's anchor exists on its page, and a query fetches
   only what it needs.

     node --test tests/js/

   Builds the example portal with `cargo run -- build` into a temporary folder, unless
   TRUSTDOCS_SEARCH_SITE names an already built output folder. */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execFileSync } = require("node:child_process");

const search = require("../../themes/default/static/search.js");

const REPO = path.resolve(__dirname, "..", "..");

function builtSite() {
  if (process.env.TRUSTDOCS_SEARCH_SITE) return process.env.TRUSTDOCS_SEARCH_SITE;
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "trustdocs-search-")), "public");
  execFileSync("cargo", ["run", "--quiet", "--", "build", "--quiet", "--root", REPO, "--out", out], {
    cwd: REPO,
    stdio: ["ignore", "inherit", "inherit"],
    env: Object.assign({}, process.env, { NO_COLOR: "1" })
  });
  return out;
}

const SITE = builtSite();

/* A search engine over one language's index, counting what it reads. */
function engine(lang) {
  const read = [];
  const e = search.createSearch({
    load: (p) => {
      const bytes = fs.readFileSync(path.join(SITE, lang, "search", p));
      read.push([p, bytes.length]);
      return bytes;
    }
  });
  e.read = read;
  return e;
}

/* Every section, straight from the text shards: [{url, heading, text}], in id order. */
function sectionsOf(lang) {
  const dir = path.join(SITE, lang, "search");
  const meta = JSON.parse(fs.readFileSync(path.join(dir, "meta.json"), "utf8"));
  const out = [];
  for (let n = 0; n < meta.textShards; n++) {
    const shard = JSON.parse(fs.readFileSync(path.join(dir, "t", n + ".json"), "utf8"));
    for (const [page, anchor, heading, text] of shard.sections) {
      const [title, url] = shard.pages[page];
      out.push({
        url: anchor === null ? url : url + "#" + anchor,
        heading: anchor === null ? title : heading,
        text
      });
    }
  }
  assert.equal(out.length, meta.sections, "every section is in a text shard");
  return out;
}

/* The oracle: NFKC, lower case, split on spaces; a section matches when its heading and
   text (one line break between) contain every part. Written here, not taken from
   search.js. */
const SPACES = /[\0\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/;
const fold = (s) => s.normalize("NFKC").toLowerCase();
function scan(sections, query) {
  const parts = fold(query).split(SPACES).filter(Boolean);
  if (!parts.length) return [];
  return sections.filter((s) => {
    const text = fold(s.heading + "\n" + s.text);
    return parts.every((p) => text.includes(p));
  });
}

const QUERIES = [
  // Japanese
  "暗号化", "ログ", "72時間", "７２時間", "鍵", "隔離", "隔離メール", "パスワード", "ﾊﾟｽﾜｰﾄﾞ",
  "インシデント", "ｲﾝｼﾃﾞﾝﾄ", "脆弱性", "責任分界", "東京リージョン", "日本時間", "準拠法", "お知らせ",
  "配送", "の", "データ", "委託先", "認証", "バックアップ", "存在しない語句です",
  // English (also run on the Japanese index: Japanese pages name TLS, AWS, ISO)
  "incident", "Incident response", "encryption", "Encryption at rest", "log", "logs", "TLS",
  "tls 1.2", "ISO/IEC 27017", "ISO/IEC 27018", "ISMS", "ＩＳＭＳ", "72 hours", "quarantine",
  "password", "notification", "vulnerability", "governing law", "incid", "crypt", "the", "a",
  "AES-256", "STARTTLS", "S/MIME", "Argon2id", "NTP", "UTC+9", "zzqxjv",
  // Mixed
  "TLS 通信", "AWS 東京", "ISMS 認証", "ISO/IEC 27017 クラウド", "KMS 鍵", "ＡＷＳ　大阪", "72 時間"
];

for (const lang of ["ja", "en"]) {
  test(`${lang}: a section matches if and only if it contains the query`, async () => {
    const sections = sectionsOf(lang);
    const e = engine(lang);
    let nonEmpty = 0;
    for (const query of QUERIES) {
      const cursor = await e.search(query);
      const results = await cursor.all();
      const found = results.map((r) => r.url).sort();
      const expected = scan(sections, query).map((s) => s.url).sort();
      assert.deepEqual(found, expected, `${lang} ${JSON.stringify(query)}`);
      for (const r of results) {
        const inHeading = search.queryParts(query).every((p) => fold(r.heading).includes(p));
        assert.equal(r.tier, inHeading ? 0 : 1, `${lang} ${query}: tier of ${r.url}`);
      }
      if (found.length) nonEmpty++;
    }
    assert.ok(QUERIES.length >= 30);
    assert.ok(nonEmpty >= 25, `only ${nonEmpty} queries found something`);
  });

  test(`${lang}: every result links to an element that exists`, async () => {
    const e = engine(lang);
    const pages = new Map();
    for (const query of QUERIES) {
      for (const r of await (await e.search(query)).all()) {
        const [pagePath, anchor] = r.url.split("#");
        assert.ok(pagePath.startsWith(`/${lang}/`), r.url);
        if (!pages.has(pagePath)) {
          const file = path.join(SITE, decodeURIComponent(pagePath), "index.html");
          pages.set(pagePath, fs.readFileSync(file, "utf8"));
        }
        if (anchor !== undefined) assert.ok(pages.get(pagePath).includes(` id="${anchor}"`), `${r.url}: no element with that id`);
      }
    }
  });
}

test("published sections only: no archived revision, diff, print or draft page", () => {
  for (const lang of ["ja", "en"]) {
    for (const s of sectionsOf(lang)) {
      assert.doesNotMatch(s.url, /\/v\d+\.\d+\/|\/diff\/|\/print\/|\/draft\//, s.url);
    }
  }
});

test("the encryption and incident response sections are found, headings first", async () => {
  const ja = await (await engine("ja").search("暗号化")).all();
  const encryption = ja.find((r) => r.url === "/ja/security-guideline/#encryption");
  assert.ok(encryption, "ja 暗号化 lists the guideline's encryption section");
  assert.equal(encryption.tier, 0);
  assert.equal(encryption.heading, "4. 暗号化");
  const firstBody = ja.findIndex((r) => r.tier === 1);
  assert.ok(firstBody < 0 || ja.slice(firstBody).every((r) => r.tier === 1), "heading matches come first");

  const en = await (await engine("en").search("incident")).all();
  assert.ok(en.some((r) => r.url === "/en/security-guideline/#incident-response" && r.tier === 0));
  assert.deepEqual(await (await engine("en").search("zzqxjv")).all(), []);
});

test("a query fetches only the shards it needs: under 100 KB for its first results", async () => {
  for (const lang of ["ja", "en"]) {
    const meta = JSON.parse(fs.readFileSync(path.join(SITE, lang, "search", "meta.json"), "utf8"));
    for (const query of QUERIES) {
      const e = engine(lang);
      const cursor = await e.search(query);
      await cursor.next();
      const bytes = e.read.reduce((sum, r) => sum + r[1], 0);
      assert.ok(bytes <= 100 * 1024, `${lang} ${query}: ${bytes} bytes`);
      const postings = e.read.filter((r) => r[0].startsWith("p/")).length;
      assert.ok(postings <= 6 && postings < meta.postingShards, `${lang} ${query}: ${postings} postings shards`);
      assert.ok(e.read.filter((r) => r[0].startsWith("t/")).length <= 8, `${lang} ${query}: text shards`);
    }
  }
});

test("normalisation, parts, grams and hashes agree with the Rust tokenizer", () => {
  const table = JSON.parse(fs.readFileSync(path.join(__dirname, "tokenizer-cases.json"), "utf8"));
  for (const c of table.cases) {
    assert.equal(search.normalise(c.input), c.normalised, JSON.stringify(c.input));
    assert.deepEqual(search.queryParts(c.input), c.parts, JSON.stringify(c.input));
  }
  for (const t of table.terms) {
    assert.equal(search.shardHash(t.term), t.hash, t.term);
    assert.deepEqual(search.partGrams(t.term), t.grams, t.term);
  }
});

test("highlighting marks whole characters of the original text", () => {
  const marked = (segments) => segments.filter((s) => s.mark).map((s) => s.text);
  assert.deepEqual(marked(search.highlight("当社は ＩＳＭＳ 認証を取得", ["isms"])), ["ＩＳＭＳ"]);
  assert.deepEqual(marked(search.highlight("ﾊﾟｽﾜｰﾄﾞを変更", ["パスワード"])), ["ﾊﾟｽﾜｰﾄﾞ"]);
  assert.deepEqual(marked(search.highlight("第Ⅻ章", ["xii"])), ["Ⅻ"]);
  assert.deepEqual(marked(search.highlight("TLS で通信を暗号化", ["tls", "暗号化"])), ["TLS", "暗号化"]);
  assert.deepEqual(marked(search.highlight("𠮷野家の𠮷", ["𠮷"])), ["𠮷", "𠮷"]);
  const long = "あ".repeat(300) + "暗号化" + "い".repeat(300);
  const segments = search.highlight(long, ["暗号化"], 160);
  const text = segments.map((s) => s.text).join("");
  assert.ok(text.startsWith("…") && text.endsWith("…") && text.length <= 164, text.length);
  assert.deepEqual(marked(segments), ["暗号化"]);
});

test("long queries look up a bounded number of grams spread over every part", () => {
  const grams = search.pickGrams(search.queryParts("ISO/IEC 27017 クラウドサービスのセキュリティ"), 6);
  assert.equal(grams.length, 6);
  assert.ok(grams.includes("iso") && grams.includes("270") && grams.includes("クラウ"));
});
