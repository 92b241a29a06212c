//! The index files read back as `search.js` reads them, against a plain substring scan:
//! a section is found if and only if its normalised text (as `fold_reference`, written
//! apart from the index's own fold, makes it) holds, for every part of the query, one of
//! the part's alternatives.

use std::collections::HashMap;

use proptest::prelude::*;

use super::files::{IndexFile, Layout};
use super::index::{IndexedPage, IndexedSection, SearchIndex};
use super::normalise::{fold_reference, nfkc_lower, normalise};
use super::postings::{PostingList, PostingsError, read_varint};
use super::query::{Part, parse};
use super::tokenizer::{gram_text, part_grams, shard_hash};
use super::variants::Variants;

/// A reader of the files, written from the format in `index.rs` and independent of the writer:
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
            Err(PostingsError::Elsewhere { pack, offset }) => {
                let file = &self.files[&format!("l/{pack}.bin")];
                PostingList::decode(file, &mut (offset as usize))
                    .unwrap()
                    .ids
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
            serde_json::from_slice(&self.files[&format!("t/{}.json", id as usize / k)]).unwrap();
        let s = &shard["sections"][id as usize % k];
        let heading = if s[1].is_null() {
            shard["pages"][s[0].as_u64().unwrap() as usize][0].clone()
        } else {
            s[2].clone()
        };
        format!("{}\n{}", heading.as_str().unwrap(), s[3].as_str().unwrap())
    }

    /// The variant groups of the manifest.
    fn variants(&self) -> Variants {
        Variants::from_groups(serde_json::from_value(self.meta["variants"].clone()).unwrap())
    }

    /// The sections matching `query`: for each part, the union over its alternatives of
    /// the sections holding every gram of the alternative; then each candidate confirmed.
    fn search(&self, query: &str) -> Vec<u32> {
        let parts = parse(query, &self.variants());
        let mut candidates: Option<Vec<u32>> = None;
        for part in &parts {
            let mut of_part: Vec<u32> = Vec::new();
            for alternative in &part.alternatives {
                let mut of_alternative: Option<Vec<u32>> = None;
                for g in part_grams(alternative) {
                    let all = self.lookup(&gram_text(g)).map(|l| l.0).unwrap_or_default();
                    of_alternative = Some(match of_alternative {
                        None => all,
                        Some(c) => c.into_iter().filter(|id| all.contains(id)).collect(),
                    });
                }
                of_part.extend(of_alternative.unwrap_or_default());
            }
            of_part.sort_unstable();
            of_part.dedup();
            candidates = Some(match candidates {
                None => of_part,
                Some(c) => c.into_iter().filter(|id| of_part.contains(id)).collect(),
            });
        }
        candidates
            .unwrap_or_default()
            .into_iter()
            .filter(|&id| holds_every_part(&normalise(&self.section(id)), &parts))
            .collect()
    }
}

fn holds_every_part(text: &str, parts: &[Part]) -> bool {
    !parts.is_empty()
        && parts
            .iter()
            .all(|p| p.alternatives.iter().any(|a| text.contains(a.as_str())))
}

fn index(texts: &[(&str, &str)]) -> SearchIndex<'static> {
    index_with(texts, Variants::default())
}

fn index_with(texts: &[(&str, &str)], variants: Variants) -> SearchIndex<'static> {
    SearchIndex {
        variants,
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
                heading: heading.to_string().into(),
                text: text.to_string().into(),
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

/// The truth: every section whose text, normalised by the plain reference, holds one
/// alternative of each part.
fn scan(index: &SearchIndex<'_>, query: &str) -> Vec<u32> {
    let parts = parse(query, &index.variants);
    (0..index.sections.len() as u32)
        .filter(|&id| {
            let text = index.search_text(&index.sections[id as usize]);
            holds_every_part(&fold_reference(&nfkc_lower(&text)), &parts)
        })
        .collect()
}

/// Characters that take the unusual paths of normalising and cutting: ones NFKC turns
/// into many (`ﷺ` into eighteen, `㍿`, `ﬁ`) or into others (`ｶﾞ`, `①`, `Ⅻ`), combining
/// marks, the sigmas, a dotted capital I, spaces of every kind (next to Japanese and not),
/// katakana and long vowel marks (`ｰ` is one after NFKC), English word endings.
const TRICKY: &[char] = &[
    'a', 'B', 'e', '\u{301}', 'Σ', 'σ', 'ς', 'ﷺ', 'ﷻ', '㍿', 'ﬁ', 'ｶ', 'ﾞ', 'か', '\u{3099}', '①',
    'Ⅻ', 'İ', 'ß', '暗', '号', '化', '。', ' ', '\u{3000}', '\n', '\u{feff}', '\t', 'サ', 'ー',
    'ｰ', 'バ', '7', 's', 'd', 'y', 'i',
];

/// Groups for the random texts: members made of the characters above.
fn tricky_variants() -> Variants {
    Variants::from_groups(vec![
        vec![normalise("暗号"), normalise("サ")],
        vec![normalise("ab"), normalise("7")],
    ])
}

fn tricky_text(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(TRICKY), 0..max)
        .prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 300,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Random headings and texts of tricky characters, and queries cut from them or
    /// made up: the index finds exactly the sections whose normalised text holds every
    /// part of the query, in either layout, and building it never panics.
    #[test]
    fn random_text_is_found_exactly(
        texts in proptest::collection::vec((tricky_text(6), tricky_text(40)), 1..6),
        cuts in proptest::collection::vec((0usize..6, 0usize..40, 1usize..8), 1..4),
        made_up in tricky_text(5),
    ) {
        let pairs: Vec<(&str, &str)> =
            texts.iter().map(|(h, t)| (h.as_str(), t.as_str())).collect();
        let index = index_with(&pairs, tricky_variants());
        let mut queries = vec![made_up];
        for (section, start, len) in cuts {
            let (heading, text) = &texts[section % texts.len()];
            let whole: Vec<char> = format!("{heading}\n{text}").chars().collect();
            let start = start.min(whole.len());
            let end = (start + len).min(whole.len());
            queries.push(whole[start..end].iter().collect());
        }
        for layout in [
            Layout::DEFAULT,
            Layout { posting_shard: 16, inline_list: 2, list_pack: 8, text_shard: 1 },
        ] {
            let reader = Reader::new(index.files(layout).unwrap());
            for query in &queries {
                prop_assert_eq!(reader.search(query), scan(&index, query), "{:?}", query);
            }
        }
    }
}

#[test]
fn a_section_matches_if_and_only_if_it_contains_the_query() {
    let index = index(TEXTS);
    for layout in [
        Layout::DEFAULT,
        Layout {
            posting_shard: 16,
            inline_list: 2,
            list_pack: 8,
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
    assert!(count(&small, "t/") == 1 && count(&big, "t/") > 10);
    assert!(count(&small, "p/") < count(&big, "p/"));
    for file in &big {
        assert!(
            file.bytes.len() < 32 * 1024,
            "{} is {} bytes",
            file.path,
            file.bytes.len()
        );
    }
}

#[test]
fn characters_that_normalise_to_many_are_indexed_whole() {
    // `ﷺ` (three bytes) is eighteen characters after NFKC: more grams than three per
    // byte of the text, which once overran the room made for them.
    let mut index = index(&[("", "ﷻ ㍿")]);
    index.pages[0].title = "ﷺ".into();
    let reader = Reader::new(index.files(Layout::DEFAULT).unwrap());
    let (long, other) = (normalise("ﷺ"), normalise("ﷻ"));
    assert_eq!(long.chars().count(), 18);
    for query in [long.as_str(), other.as_str(), "株式会社", "会社"] {
        assert_eq!(reader.search(query), vec![0], "{query}");
        assert_eq!(scan(&index, query), vec![0], "{query}");
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

#[test]
fn spacing_long_vowels_variants_and_word_endings_find_what_a_reader_means() {
    let texts: &[(&str, &str)] = &[
        ("", "インシデントは 72 時間以内に通知します。"),
        ("通信", "TLS 通信を使います。"),
        ("認証", "ISMS認証を取得しています。"),
        ("サーバー", "プロバイダの サーバ を使います。"),
        ("漏えい", "情報漏えいの防止"),
        ("Passwords", "Passwords are hashed with Argon2id."),
        ("Policies", "Our privacy policy applies."),
    ];
    let variants =
        Variants::from_groups(vec![vec![normalise("情報漏洩"), normalise("情報漏えい")]]);
    let index = index_with(texts, variants);
    let reader = Reader::new(index.files(Layout::DEFAULT).unwrap());
    for (query, expected) in [
        ("72時間", &[0][..]),
        ("72 時間", &[0]),
        ("TLS通信", &[1]),
        ("TLS 通信", &[1]),
        // The intro is found by its page's title, ＩＳＭＳ認証.
        ("ISMS 認証", &[0, 2]),
        ("ISMS認証", &[0, 2]),
        ("サーバ", &[3]),
        ("サーバー", &[3]),
        ("プロバイダー", &[3]),
        ("情報漏洩", &[4]),
        ("情報漏えい", &[4]),
        ("password hashing", &[5]),
        ("hashes", &[5]),
        ("policies", &[6]),
        ("apply", &[6]),
        ("ISMS", &[0, 2]),
    ] {
        assert_eq!(reader.search(query), expected, "{query}");
        assert_eq!(scan(&index, query), expected, "{query}");
    }
}
