//! The search index of one language, as the files the browser fetches: a small manifest,
//! postings sharded by a hash of the gram, long posting lists in files of their own, and
//! the sections' texts in shards of consecutive sections. A query fetches the manifest,
//! one postings shard per gram it looks up, a few long lists at most, and the text shards
//! of the candidates it confirms, so what it transfers depends on the query, not on the
//! size of the site. Shard counts follow the size of the index; every file's bytes follow
//! from the sections alone (sorted, never in hash-map order), so a build is reproducible.
//!
//! ```text
//! meta.json           {"format":1,"language":"ja","version":"…","sections":n,
//!                      "postingShards":S,"textShards":T,"sectionsPerTextShard":k}
//! p/<hash % S>.bin    count, then per gram (sorted by UTF-8): length, UTF-8, list of the
//!                     sections containing it, list of those whose heading contains it
//! l/<n>.bin           a list too long to sit in a shard
//! t/<id / k>.json     {"pages":[[title,url]…],"sections":[[page,anchor|null,heading,text]…]}
//! ```
//!
//! Not here: cutting text into grams (`tokenizer.rs`), list encoding (`postings.rs`), or
//! which pages are indexed (`mod.rs`).

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use super::postings::{FORM_ELSEWHERE, encode_ids, push_varint};
use super::tokenizer::{Gram, gram_text, grams_of, normalise, shard_hash};

/// Version of the file layout, in `meta.json`; `search.js` refuses others.
pub const FORMAT: u32 = 1;

/// A page some sections belong to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedPage {
    pub title: String,
    /// Its URL path, with the site's base path.
    pub url: String,
}

/// One search result: a page's intro or one of its h2/h3 sections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedSection {
    /// Position of its page in the index's pages.
    pub page: usize,
    /// The heading's id; none for the intro, which is found at the page's URL.
    pub anchor: Option<String>,
    /// The heading as plain text; empty for the intro, whose heading is the page title.
    pub heading: String,
    pub text: String,
}

/// Sizes the index aims at, in bytes.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// A postings shard: the index has as many shards as its postings need at this size.
    pub posting_shard: usize,
    /// A posting list longer than this goes to a file of its own.
    pub inline_list: usize,
    /// A text shard: this many bytes of sections, on average.
    pub text_shard: usize,
}

impl Layout {
    pub const DEFAULT: Layout = Layout {
        posting_shard: 2048,
        inline_list: 512,
        text_shard: 4096,
    };
}

/// One file of the index, by its path under `/<lang>/search/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The sections of one language, ready to be written as index files.
#[derive(Debug, Clone)]
pub struct SearchIndex {
    pub language: String,
    pub pages: Vec<IndexedPage>,
    pub sections: Vec<IndexedSection>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Meta<'a> {
    format: u32,
    language: &'a str,
    version: String,
    sections: usize,
    posting_shards: usize,
    text_shards: usize,
    sections_per_text_shard: usize,
}

#[derive(Serialize)]
struct TextShard<'a> {
    pages: Vec<(&'a str, &'a str)>,
    sections: Vec<(usize, Option<&'a str>, &'a str, &'a str)>,
}

/// A gram is one integer; hashing it with SipHash would be most of the cost of building the
/// index, so it is only mixed. Output never depends on a map's order: terms are sorted.
#[derive(Default)]
struct GramHasher(u64);

impl std::hash::Hasher for GramHasher {
    fn finish(&self) -> u64 {
        // MurmurHash3's finaliser: every input bit reaches the low bits the table indexes by
        // (a gram's low bits are zero for one- and two-character grams).
        let mut x = self.0;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        x ^ (x >> 33)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = self.0.rotate_left(29) ^ n;
    }
}

type GramMap<V> = HashMap<Gram, V, std::hash::BuildHasherDefault<GramHasher>>;

/// The two lists of a gram: every section containing it, and those whose heading does.
#[derive(Default)]
struct Postings {
    all: Vec<u32>,
    heading: Vec<u32>,
}

impl SearchIndex {
    /// What a section is searched in: its heading (the page title for an intro), a line
    /// break, its text. The browser builds the same string to confirm a match.
    pub fn search_text(&self, section: &IndexedSection) -> String {
        format!("{}\n{}", self.heading_of(section), section.text)
    }

    /// A section's heading, or its page's title for an intro.
    pub fn heading_of<'a>(&'a self, section: &'a IndexedSection) -> &'a str {
        match (&section.anchor, self.pages.get(section.page)) {
            (None, Some(page)) => &page.title,
            _ => &section.heading,
        }
    }

    /// Every file of the index; `meta.json` last, since it names the others' version.
    pub fn files(&self, layout: Layout) -> Result<Vec<IndexFile>, serde_json::Error> {
        let mut files = self.posting_files(layout);
        let (text_files, per_shard) = self.text_files(layout)?;
        let text_shards = text_files.len();
        files.extend(text_files);
        let posting_shards = files.iter().filter(|f| f.path.starts_with("p/")).count();
        let meta = Meta {
            format: FORMAT,
            language: &self.language,
            version: version_of(&files),
            sections: self.sections.len(),
            posting_shards,
            text_shards,
            sections_per_text_shard: per_shard,
        };
        files.push(IndexFile {
            path: "meta.json".into(),
            bytes: serde_json::to_vec(&meta)?,
        });
        Ok(files)
    }

    /// Every gram's lists. Blocks of consecutive sections are indexed in parallel, each
    /// into a small map of its own (cheap to fill: it stays in cache), and merged in block
    /// order, so every list comes out sorted. A wave of blocks at a time bounds memory.
    fn postings(&self) -> GramMap<Postings> {
        const BLOCK: usize = 256;
        const WAVE: usize = 16;
        let mut postings: GramMap<Postings> = GramMap::default();
        let blocks: Vec<(usize, &[IndexedSection])> =
            self.sections.chunks(BLOCK).enumerate().collect();
        for wave in blocks.chunks(WAVE) {
            let indexed: Vec<GramMap<Postings>> = wave
                .par_iter()
                .map(|&(b, block)| self.block_postings((b * BLOCK) as u32, block))
                .collect();
            for block in indexed {
                for (g, lists) in block {
                    let entry = postings.entry(g).or_default();
                    entry.all.extend(lists.all);
                    entry.heading.extend(lists.heading);
                }
            }
        }
        postings
    }

    /// The lists of sections `first..first + block.len()`.
    fn block_postings(&self, first: u32, block: &[IndexedSection]) -> GramMap<Postings> {
        let mut postings: GramMap<Postings> = GramMap::default();
        let mut grams = Vec::new();
        for (i, section) in block.iter().enumerate() {
            let id = first + i as u32;
            // The search text normalised in two pieces: the line break between heading and
            // text stops both composition and the case rules, so the pieces are the same.
            let heading = normalise(self.heading_of(section));
            grams.clear();
            grams_of(&heading, &mut grams);
            for &g in &grams {
                let lists = postings.entry(g).or_default();
                if lists.heading.last() != Some(&id) {
                    lists.heading.push(id);
                    lists.all.push(id);
                }
            }
            grams.clear();
            grams_of(&normalise(&section.text), &mut grams);
            for &g in &grams {
                let all = &mut postings.entry(g).or_default().all;
                if all.last() != Some(&id) {
                    all.push(id);
                }
            }
        }
        postings
    }

    /// Postings shards and out-of-line lists.
    fn posting_files(&self, layout: Layout) -> Vec<IndexFile> {
        let mut terms: Vec<(String, Postings)> = self
            .postings()
            .into_iter()
            .map(|(g, p)| (gram_text(g), p))
            .collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));

        let mut files = Vec::new();
        let mut entries: Vec<(&str, Vec<u8>)> = Vec::with_capacity(terms.len());
        for (term, postings) in &terms {
            let mut entry = Vec::new();
            push_varint(&mut entry, term.len() as u64);
            entry.extend(term.as_bytes());
            for ids in [&postings.all, &postings.heading] {
                let list = encode_ids(ids);
                if list.len() <= layout.inline_list {
                    entry.extend(list);
                    continue;
                }
                let n = files.len() as u64;
                push_varint(&mut entry, ids.len() as u64);
                push_varint(&mut entry, FORM_ELSEWHERE);
                push_varint(&mut entry, n);
                files.push(IndexFile {
                    path: format!("l/{n}.bin"),
                    bytes: list,
                });
            }
            entries.push((term, entry));
        }

        let total: usize = entries.iter().map(|(_, e)| e.len()).sum();
        let shard_count = total.div_ceil(layout.posting_shard.max(1)).max(1);
        let mut shards: Vec<Vec<&[u8]>> = vec![Vec::new(); shard_count];
        for (term, entry) in &entries {
            shards[shard_hash(term) as usize % shard_count].push(entry);
        }
        for (n, shard) in shards.into_iter().enumerate() {
            let mut bytes = Vec::with_capacity(shard.iter().map(|e| e.len()).sum::<usize>() + 4);
            push_varint(&mut bytes, shard.len() as u64);
            for entry in shard {
                bytes.extend_from_slice(entry);
            }
            files.push(IndexFile {
                path: format!("p/{n}.bin"),
                bytes,
            });
        }
        files
    }

    /// Text shards of `k` consecutive sections each, `k` chosen so that a shard holds about
    /// `layout.text_shard` bytes; and `k`.
    fn text_files(&self, layout: Layout) -> Result<(Vec<IndexFile>, usize), serde_json::Error> {
        let bytes: usize = self
            .sections
            .iter()
            .map(|s| s.text.len() + s.heading.len() + s.anchor.as_ref().map_or(4, String::len) + 12)
            .sum();
        let average = bytes.div_ceil(self.sections.len().max(1)).max(1);
        let per_shard = (layout.text_shard / average).max(1);
        let mut files = Vec::new();
        for (n, chunk) in self.sections.chunks(per_shard).enumerate() {
            let mut shard = TextShard {
                pages: Vec::new(),
                sections: Vec::with_capacity(chunk.len()),
            };
            let mut local: Vec<usize> = Vec::new();
            for section in chunk {
                let index = match local.iter().position(|&p| p == section.page) {
                    Some(i) => i,
                    None => {
                        local.push(section.page);
                        let page = self.pages.get(section.page);
                        shard.pages.push((
                            page.map_or("", |p| p.title.as_str()),
                            page.map_or("", |p| p.url.as_str()),
                        ));
                        local.len() - 1
                    }
                };
                shard.sections.push((
                    index,
                    section.anchor.as_deref(),
                    &section.heading,
                    &section.text,
                ));
            }
            files.push(IndexFile {
                path: format!("t/{n}.json"),
                bytes: serde_json::to_vec(&shard)?,
            });
        }
        Ok((files, per_shard))
    }
}

/// FNV-1a (64 bits) of every path and its bytes: changes whenever any file does, so the
/// browser never mixes a new manifest with cached shards of an old build.
fn version_of(files: &[IndexFile]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for file in files {
        for &b in file
            .path
            .as_bytes()
            .iter()
            .chain([0u8].iter())
            .chain(&file.bytes)
        {
            h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::super::postings::{PostingList, PostingsError, read_varint};
    use super::super::tokenizer::{part_grams, query_parts};
    use super::*;

    /// A reader of the files, written from the format above and independent of the writer:
    /// looks a query up the way `search.js` does and confirms against the text shards.
    struct Reader {
        files: HashMap<String, Vec<u8>>,
        meta: serde_json::Value,
    }

    impl Reader {
        fn new(files: Vec<IndexFile>) -> Reader {
            let files: HashMap<String, Vec<u8>> =
                files.into_iter().map(|f| (f.path, f.bytes)).collect();
            let meta = serde_json::from_slice(&files["meta.json"]).unwrap();
            Reader { files, meta }
        }

        fn number(&self, key: &str) -> usize {
            self.meta[key].as_u64().unwrap() as usize
        }

        fn list(&self, bytes: &[u8], pos: &mut usize) -> Vec<u32> {
            let start = *pos;
            match PostingList::decode(bytes, pos) {
                Ok(list) => list.ids,
                Err(PostingsError::Elsewhere(n)) => {
                    let file = &self.files[&format!("l/{n}.bin")];
                    PostingList::decode(file, &mut 0).unwrap().ids
                }
                Err(e) => panic!("list at {start}: {e}"),
            }
        }

        /// (all, heading) lists of a term, or none when no section has it.
        fn lookup(&self, term: &str) -> Option<(Vec<u32>, Vec<u32>)> {
            let shard = shard_hash(term) as usize % self.number("postingShards");
            let bytes = &self.files[&format!("p/{shard}.bin")];
            let mut pos = 0;
            let count = read_varint(bytes, &mut pos).unwrap();
            for _ in 0..count {
                let len = read_varint(bytes, &mut pos).unwrap() as usize;
                let key = std::str::from_utf8(&bytes[pos..pos + len])
                    .unwrap()
                    .to_string();
                pos += len;
                let all = self.list(bytes, &mut pos);
                let heading = self.list(bytes, &mut pos);
                if key == term {
                    return Some((all, heading));
                }
            }
            None
        }

        /// Heading-or-title and text of section `id`.
        fn section(&self, id: u32) -> String {
            let k = self.number("sectionsPerTextShard");
            let shard: serde_json::Value =
                serde_json::from_slice(&self.files[&format!("t/{}.json", id as usize / k)])
                    .unwrap();
            let s = &shard["sections"][id as usize % k];
            let heading = if s[1].is_null() {
                shard["pages"][s[0].as_u64().unwrap() as usize][0].clone()
            } else {
                s[2].clone()
            };
            format!("{}\n{}", heading.as_str().unwrap(), s[3].as_str().unwrap())
        }

        fn search(&self, query: &str) -> Vec<u32> {
            let parts = query_parts(query);
            let mut candidates: Option<Vec<u32>> = None;
            for part in &parts {
                for g in part_grams(part) {
                    let Some((all, _)) = self.lookup(&gram_text(g)) else {
                        return Vec::new();
                    };
                    candidates = Some(match candidates {
                        None => all,
                        Some(c) => c.into_iter().filter(|id| all.contains(id)).collect(),
                    });
                }
            }
            candidates
                .unwrap_or_default()
                .into_iter()
                .filter(|&id| {
                    let text = normalise(&self.section(id));
                    parts.iter().all(|p| text.contains(p.as_str()))
                })
                .collect()
        }
    }

    fn index(texts: &[(&str, &str)]) -> SearchIndex {
        SearchIndex {
            language: "ja".into(),
            pages: vec![IndexedPage {
                title: "ＩＳＭＳ認証".into(),
                url: "/ja/a/".into(),
            }],
            sections: texts
                .iter()
                .enumerate()
                .map(|(i, (heading, text))| IndexedSection {
                    page: 0,
                    anchor: (i > 0).then(|| format!("s{i}")),
                    heading: heading.to_string(),
                    text: text.to_string(),
                })
                .collect(),
        }
    }

    const TEXTS: &[(&str, &str)] = &[
        ("", "本ページは認証の一覧です。"),
        ("4. 暗号化", ""),
        (
            "4.1 通信の暗号化",
            "TLS 1.2 以上で暗号化しています。STARTTLS にも対応します。",
        ),
        (
            "ログ",
            "ログの時刻は日本時間（JST）です。ﾛｸﾞは1年間保存します。",
        ),
        (
            "Incident response",
            "We notify customers within ７２ hours; see ISO/IEC 27017.",
        ),
        ("暗号", "号化"),
        ("", ""),
    ];

    fn scan(index: &SearchIndex, query: &str) -> Vec<u32> {
        let parts = query_parts(query);
        (0..index.sections.len() as u32)
            .filter(|&id| {
                let text = normalise(&index.search_text(&index.sections[id as usize]));
                !parts.is_empty() && parts.iter().all(|p| text.contains(p.as_str()))
            })
            .collect()
    }

    #[test]
    fn a_section_matches_if_and_only_if_it_contains_the_query() {
        let index = index(TEXTS);
        for layout in [
            Layout::DEFAULT,
            Layout {
                posting_shard: 16,
                inline_list: 2,
                text_shard: 1,
            },
        ] {
            let reader = Reader::new(index.files(layout).unwrap());
            for query in [
                "暗号化",
                "暗号",
                "号化",
                "化",
                "ログ",
                "ろぐ",
                "72時間",
                "72 hours",
                "72",
                "ＩＳＭＳ",
                "isms",
                "tls 暗号化",
                "TLS 通信",
                "iso/iec 27017",
                "INCIDENT",
                "incid",
                "ident",
                "startt",
                "we notify",
                "jst",
                "（jst）",
                "暗号 号化",
                "存在しない",
                "x",
                "1年間",
                "時刻は日本",
            ] {
                assert_eq!(reader.search(query), scan(&index, query), "{query}");
            }
        }
    }

    #[test]
    fn the_same_sections_give_the_same_bytes() {
        let a = index(TEXTS).files(Layout::DEFAULT).unwrap();
        let b = index(TEXTS).files(Layout::DEFAULT).unwrap();
        assert_eq!(a, b);
        let mut other = TEXTS.to_vec();
        other[3].1 = "変更";
        let c = index(&other).files(Layout::DEFAULT).unwrap();
        let version = |files: &[IndexFile]| {
            let meta = files.iter().find(|f| f.path == "meta.json").unwrap();
            String::from_utf8(meta.bytes.clone()).unwrap()
        };
        assert_ne!(version(&a), version(&c), "the version follows the content");
    }

    #[test]
    fn shard_counts_follow_the_size_of_the_index() {
        let small = index(TEXTS).files(Layout::DEFAULT).unwrap();
        let count = |files: &[IndexFile], prefix: &str| {
            files.iter().filter(|f| f.path.starts_with(prefix)).count()
        };
        let text = "暗号化の方式と鍵の管理について説明します。".repeat(20);
        let many: Vec<(&str, &str)> = (0..400).map(|_| ("節", text.as_str())).collect();
        let big = index(&many).files(Layout::DEFAULT).unwrap();
        assert!(count(&small, "t/") == 1 && count(&big, "t/") > 100);
        assert!(count(&small, "p/") < count(&big, "p/"));
        for file in &big {
            assert!(
                file.bytes.len() < 6000,
                "{} is {} bytes",
                file.path,
                file.bytes.len()
            );
        }
    }

    #[test]
    fn heading_lists_hold_only_sections_whose_heading_has_the_gram() {
        let index = index(TEXTS);
        let reader = Reader::new(index.files(Layout::DEFAULT).unwrap());
        let (all, heading) = reader.lookup("暗号化").unwrap();
        assert_eq!(all, vec![1, 2]);
        assert_eq!(heading, vec![1, 2]);
        let (all, heading) = reader.lookup("ism").unwrap();
        assert_eq!(all, vec![0]);
        assert_eq!(heading, vec![0], "the intro's heading is the page title");
        assert_eq!(reader.lookup("号化").unwrap(), (vec![1, 2, 5], vec![1, 2]));
    }
}
