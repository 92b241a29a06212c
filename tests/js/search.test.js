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

/* The oracle: what the query looks for (search.parseQuery, checked against Rust on the
   shared table), and the text normalised here, with a regular expression, not with
   search.js: NFKC, lower case, a run of spaces within a line removed next to a Japanese
   character. A section matches when its heading and text (one line break between) hold,
   for every part, one of the part's alternatives. */
const INLINE = "\\t \\xa0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000\\ufeff";
const JAPANESE = "\\u2e80-\\u2fff\\u3001-\\u30ff\\u3190-\\u31ff\\u3200-\\u9fff\\uf900-\\ufaff\\ufe30-\\ufe4f" +
  "\\uff00-\\uffef\\u{1b000}-\\u{1b16f}\\u{20000}-\\u{3ffff}";
const SPACE_NEXT_TO_JAPANESE = new RegExp(`(?<=[${JAPANESE}])[${INLINE}]+|[${INLINE}]+(?=[${JAPANESE}])`, "gu");
const fold = (s) => s.normalize("NFKC").toLowerCase().replace(SPACE_NEXT_TO_JAPANESE, "");
const holds = (text, parts) => parts.every((p) => p.alternatives.some((a) => text.includes(a)));
function scan(sections, query, groups) {
  const parts = search.parseQuery(query, groups);
  if (!parts.length) return [];
  return sections.filter((s) => holds(fold(s.heading + "\n" + s.text), parts));
}
/* The order results must come in: heading matches, then the others, each in site order. */
function expectedOrder(sections, query, groups) {
  const parts = search.parseQuery(query, groups);
  const found = scan(sections, query, groups);
  const inHeading = (s) => holds(fold(s.heading), parts);
  return found.filter(inHeading).concat(found.filter((s) => !inHeading(s))).map((s) => s.url);
}
function groupsOf(lang) {
  return JSON.parse(fs.readFileSync(path.join(SITE, lang, "search", "meta.json"), "utf8")).variants;
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
  "TLS 通信", "AWS 東京", "ISMS 認証", "ISO/IEC 27017 クラウド", "KMS 鍵", "ＡＷＳ　大阪", "72 時間",
  // Spacing, long vowel marks, variant groups (the portal's search.yaml), word endings
  "TLS通信", "ISMS認証", "24時間365日", "サーバー", "サーバ", "プロバイダー", "ユーザー", "情報漏えい",
  "情報漏洩", "問い合わせ", "お問合せ", "hashing", "passwords hashed", "policies", "stored", "logged"
];

for (const lang of ["ja", "en"]) {
  test(`${lang}: a section matches if and only if it contains the query`, async () => {
    const sections = sectionsOf(lang);
    const e = engine(lang);
    let nonEmpty = 0;
    const groups = groupsOf(lang);
    for (const query of QUERIES) {
      const cursor = await e.search(query);
      const results = await cursor.all();
      const found = results.map((r) => r.url).sort();
      const expected = scan(sections, query, groups).map((s) => s.url).sort();
      assert.deepEqual(found, expected, `${lang} ${JSON.stringify(query)}`);
      for (const r of results) {
        const inHeading = holds(fold(r.heading), search.parseQuery(query, groups));
        assert.equal(r.tier, inHeading ? 0 : 1, `${lang} ${query}: tier of ${r.url}`);
      }
      if (found.length) nonEmpty++;
    }
    assert.ok(QUERIES.length >= 30);
    assert.ok(nonEmpty >= 30, `only ${nonEmpty} queries found something`);
  });

  test(`${lang}: results come headings first, then the rest, each in site order, across batches`, async () => {
    const sections = sectionsOf(lang);
    const groups = groupsOf(lang);
    for (const query of QUERIES) {
      const expected = expectedOrder(sections, query, groups);
      // Small batches from few shards: the order may not depend on how they are cut.
      for (const [size, shards] of [[10, undefined], [3, 1], [1, 2]]) {
        const cursor = await engine(lang).search(query);
        const got = [];
        while (!cursor.done) got.push(...(await cursor.next(size, shards)).map((r) => r.url));
        assert.deepEqual(got, expected, `${lang} ${JSON.stringify(query)} in batches of ${size}`);
      }
      const first = await (await engine(lang).search(query)).next();
      assert.equal(first.length, Math.min(10, expected.length), `${lang} ${query}: the first batch`);
    }
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

test("what a reader means is found: variant groups, long vowel marks, word endings", async () => {
  const urls = async (lang, q) => (await (await engine(lang).search(q)).all()).map((r) => r.url);
  // search.yaml groups 漏洩 and 漏えい: the notice writes 情報漏えい.
  assert.ok((await urls("ja", "情報漏洩")).includes("/ja/notices/2024-11-05-incident-delivery-delay/#summary"));
  assert.deepEqual(await urls("ja", "情報漏洩"), await urls("ja", "情報漏えい"));
  // サーバ = サーバー, プロバイダ = プロバイダー.
  const servers = await urls("ja", "サーバ");
  assert.ok(servers.length >= 10);
  assert.deepEqual(await urls("ja", "サーバー"), servers);
  assert.deepEqual(await urls("ja", "ｻｰﾊﾞｰ"), servers);
  assert.deepEqual(await urls("ja", "プロバイダー"), await urls("ja", "プロバイダ"));
  // English word endings: storing, stores and stored find "Where data is stored".
  for (const q of ["storing", "stores", "stored", "store"]) {
    assert.ok((await urls("en", q)).includes("/en/security-guideline/#data-storage"), q);
  }
  assert.deepEqual(await urls("en", "passwords"), await urls("en", "password"));
  // "passwords are stored only as salted Argon2id hashes": the text never says "hashing".
  assert.ok((await urls("en", "password hashing")).includes("/en/security-guideline/#password-hashing"));
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
      assert.ok(e.read.filter((r) => r[0].startsWith("t/")).length <= 14, `${lang} ${query}: text shards`);
    }
  }
});

test("normalisation, parts, alternatives, stems, grams and hashes agree with src/search/", () => {
  const table = JSON.parse(fs.readFileSync(path.join(__dirname, "tokenizer-cases.json"), "utf8"));
  for (const c of table.cases) {
    assert.equal(search.normalise(c.input), c.normalised, JSON.stringify(c.input));
    assert.deepEqual(search.queryParts(c.input), c.parts, JSON.stringify(c.input));
  }
  for (const q of table.queries) {
    const groups = q.variants.map((g) => g.map(search.normalise));
    const looksFor = search.parseQuery(q.query, groups).map((p) => p.alternatives);
    assert.deepEqual(looksFor, q.looksFor, JSON.stringify(q.query));
  }
  for (const w of table.words) {
    assert.deepEqual(search.wordEndings(w.word), w.endings, w.word);
  }
  for (const t of table.terms) {
    assert.equal(search.shardHash(t.term), t.hash, t.term);
    assert.deepEqual(search.partGrams(t.term), t.grams, t.term);
  }
});

test("highlighting marks whole characters of the original text", () => {
  const marked = (segments) => segments.filter((s) => s.mark).map((s) => s.text);
  const parts = (q) => search.parseQuery(q, []);
  assert.deepEqual(marked(search.highlight("当社は ＩＳＭＳ 認証を取得", parts("isms"))), ["ＩＳＭＳ"]);
  assert.deepEqual(marked(search.highlight("ﾊﾟｽﾜｰﾄﾞを変更", parts("パスワード"))), ["ﾊﾟｽﾜｰﾄﾞ"]);
  assert.deepEqual(marked(search.highlight("第Ⅻ章", parts("xii"))), ["Ⅻ"]);
  assert.deepEqual(marked(search.highlight("TLS で通信を暗号化", parts("tls 暗号化"))), ["TLS", "暗号化"]);
  assert.deepEqual(marked(search.highlight("𠮷野家の𠮷", parts("𠮷"))), ["𠮷", "𠮷"]);
  // A match across a space next to Japanese covers the space; サーバ covers サーバー's ー.
  assert.deepEqual(marked(search.highlight("TLS 通信と 72 時間", parts("tls通信 72時間"))), ["TLS 通信", "72 時間"]);
  assert.deepEqual(marked(search.highlight("サーバーとサーバの設定", parts("サーバー"))), ["サーバー", "サーバ"]);
  assert.deepEqual(marked(search.highlight("Passwords are hashed", parts("password hashing"))), ["Passwords", "hashed"]);
  assert.deepEqual(search.highlight("暗号化", parts("暗号化")).map((s) => s.text).join(""), "暗号化", "a heading is never cut");
});

test("snippets show every part, cut between words and characters, never through a mark", () => {
  const parts = (q) => search.parseQuery(q, []);
  const text = (segments) => segments.map((s) => s.text).join("");
  const marked = (segments) => segments.filter((s) => s.mark).map((s) => s.text);
  const long = "あ".repeat(300) + "暗号化" + "い".repeat(300);
  const one = search.snippet(long, parts("暗号化"), 160);
  assert.ok(text(one).startsWith("…") && text(one).endsWith("…") && text(one).length <= 164, text(one).length);
  assert.deepEqual(marked(one), ["暗号化"]);
  // Two parts far apart: a fragment for each, joined with …, the later part shown too.
  const rows = "ISO/IEC 27001 の認証を取得しています。" + "う".repeat(200) + "ISO/IEC 27017 も取得しています。" +
    "え".repeat(200) + "ISO/IEC 27018 は個人情報の保護です。" + "お".repeat(100);
  const two = search.snippet(rows, parts("ISO/IEC 27018"), 160);
  assert.ok(marked(two).includes("27018"), JSON.stringify(marked(two)));
  assert.ok(marked(two).includes("ISO/IEC"));
  assert.ok(two.filter((s) => s.gap).length >= 2, text(two));
  // Latin words are not cut, nor a surrogate pair, nor a mark.
  const words = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma " +
    "tau upsilon phi chi psi omega encryption ".repeat(6) + "𠮷".repeat(80) + " needle " + "𠮷".repeat(80);
  const cut = search.snippet(words, parts("needle encryption"), 60);
  const dictionary = new Set(words.split(/\s+/));
  for (const s of cut.filter((s) => !s.gap && !s.mark)) {
    for (const w of s.text.split(/\s+/).filter((w) => /^[a-z]+$/.test(w))) assert.ok(dictionary.has(w), `cut word: ${w}`);
    assert.ok(!/^[\udc00-\udfff]|[\ud800-\udbff]$/.test(s.text), "a surrogate pair cut in two");
  }
  assert.deepEqual([...new Set(marked(cut))].sort(), ["encryption", "needle"]);
});

test("long queries look up a bounded number of grams spread over every part", () => {
  const grams = search.pickGrams(search.queryParts("ISO/IEC 27017 クラウドサービスのセキュリティ"), 6);
  assert.equal(grams.length, 6);
  assert.ok(grams.includes("iso") && grams.includes("270") && grams.includes("クラウ"));
});
