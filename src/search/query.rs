//! What a query looks for, identically here and in `search.js` (`parseQuery`): its parts,
//! and for each part the strings a section may contain in its place.
//!
//! The query is put through NFKC and split at every space (`is_space`) into parts, even a
//! space next to Japanese (`72 時間` looks for `72` and `時間`, so it finds `72時間` too:
//! a Japanese reader separates search words with spaces); each part is lower-cased like
//! the text (`normalise.rs`). A section matches **if and only if**, for every part, its
//! normalised heading and text contain one of the part's alternatives:
//!
//! - the part itself, with any member of a variant group in it replaced by each other
//!   member (`variants.rs`),
//! - each of those with its katakana words of three morae or more spelt with and without
//!   a final long vowel mark (`long_vowel.rs`: `サーバー` looks for `サーバ`, which the
//!   text of both spellings holds),
//! - each of those with its last English word cut back to its stem (`stem.rs`), unless
//!   that word was typed in capitals (`ISMS` stays `isms`, not `ism`);
//!
//! at most `MAX_ALTERNATIVES` strings at each step.
//!
//! An alternative that contains another is left out (a section holding it holds the
//! other), so the list is as short as it can be.

use unicode_normalization::UnicodeNormalization;

use super::long_vowel::long_vowel_alternatives;
use super::normalise::{Fold, is_space};
use super::stem::word_endings;
use super::variants::Variants;

/// Strings made from one part by variant groups, at most (each is looked up in the index).
pub const MAX_ALTERNATIVES: usize = 8;

/// One part of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// As typed, normalised.
    pub text: String,
    /// What a section must contain one of: never empty, none containing another.
    pub alternatives: Vec<String>,
}

/// The parts of a query as typed: NFKC, split on spaces, lower-cased (and folded like the
/// text, which changes nothing in a part without spaces), repeats dropped.
pub fn query_parts(query: &str) -> Vec<String> {
    split(query).into_iter().map(|(text, _)| text).collect()
}

/// The parts of a query and what each looks for (a part that looks for what an earlier
/// one does is left out).
pub fn parse(query: &str, variants: &Variants) -> Vec<Part> {
    let mut parts: Vec<Part> = Vec::new();
    let all = split(query).into_iter().map(|(text, capitals)| {
        let mut alternatives: Vec<String> = variants
            .expand(&text, MAX_ALTERNATIVES)
            .iter()
            .flat_map(|a| long_vowel_alternatives(a, MAX_ALTERNATIVES))
            .take(MAX_ALTERNATIVES)
            .collect();
        if !capitals {
            alternatives = alternatives
                .iter()
                .flat_map(|a| word_endings(a))
                .take(MAX_ALTERNATIVES)
                .collect();
        }
        Part {
            alternatives: shortest(alternatives),
            text,
        }
    });
    for part in all {
        if !parts.iter().any(|p| p.alternatives == part.alternatives) {
            parts.push(part);
        }
    }
    parts
}

/// Each part, normalised, and whether it ends in a word typed in capitals.
fn split(query: &str) -> Vec<(String, bool)> {
    let composed: String = query.nfkc().collect();
    let mut parts: Vec<(String, bool)> = Vec::new();
    for raw in composed.split(is_space).filter(|p| !p.is_empty()) {
        let mut text = String::with_capacity(raw.len());
        let mut fold = Fold::new(|c| text.push(c));
        raw.to_lowercase().chars().for_each(|c| fold.push(c));
        fold.finish();
        if !parts.iter().any(|(p, _)| *p == text) {
            parts.push((text, ends_in_capitals(raw)));
        }
    }
    parts
}

/// Whether `raw` ends in two or more ASCII capitals not preceded by another ASCII letter.
fn ends_in_capitals(raw: &str) -> bool {
    let letters: Vec<u8> = raw
        .bytes()
        .rev()
        .take_while(u8::is_ascii_alphabetic)
        .collect();
    letters.len() >= 2 && letters.iter().all(u8::is_ascii_uppercase)
}

/// `list` without repeats and without any string that contains another of the list.
fn shortest(list: Vec<String>) -> Vec<String> {
    let mut unique: Vec<String> = Vec::new();
    for item in list {
        if !unique.contains(&item) {
            unique.push(item);
        }
    }
    unique
        .iter()
        .filter(|a| !unique.iter().any(|b| b != *a && a.contains(b.as_str())))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::normalise::normalise;
    use super::*;

    fn looks_for(query: &str, variants: &Variants) -> Vec<Vec<String>> {
        parse(query, variants)
            .into_iter()
            .map(|p| p.alternatives)
            .collect()
    }

    #[test]
    fn queries_split_on_any_space_after_normalising() {
        assert_eq!(query_parts("TLS　通信"), vec!["tls", "通信"]);
        assert_eq!(
            query_parts("  ISO/IEC 27018 iso/iec "),
            vec!["iso/iec", "27018"]
        );
        assert_eq!(query_parts("a\u{feff}b\u{85}c"), vec!["a", "b", "c"]);
        assert!(query_parts(" \u{3000} ").is_empty());
        assert_eq!(query_parts("72 時間"), vec!["72", "時間"]);
        assert_eq!(
            query_parts("サーバー ﾌﾟﾛﾊﾞｲﾀﾞｰ"),
            vec!["サーバー", "プロバイダー"]
        );
    }

    #[test]
    fn a_part_looks_for_its_stem_and_its_variants() {
        let none = Variants::default();
        assert_eq!(
            looks_for("password hashing", &none),
            vec![vec!["password"], vec!["hash"]]
        );
        assert_eq!(looks_for("ISMS isms", &none), vec![vec!["isms"]]);
        assert_eq!(looks_for("Logs", &none), vec![vec!["log"]]);
        assert_eq!(looks_for("AWS KMS", &none), vec![vec!["aws"], vec!["kms"]]);
        assert_eq!(looks_for("policies", &none), vec![vec!["polici", "policy"]]);
        assert_eq!(looks_for("サーバー", &none), vec![vec!["サーバ"]]);
        assert_eq!(
            looks_for("サーバーの管理", &none),
            vec![vec!["サーバーの管理", "サーバの管理"]]
        );
        assert_eq!(looks_for("キー", &none), vec![vec!["キー"]]);
        let variants = Variants::from_groups(vec![
            vec![normalise("情報漏洩"), normalise("情報漏えい")],
            vec![
                normalise("問合せ"),
                normalise("問い合わせ"),
                normalise("お問い合わせ"),
            ],
            vec![normalise("e-mail"), normalise("email")],
        ]);
        assert_eq!(
            looks_for("情報漏えい", &variants),
            vec![vec!["情報漏えい", "情報漏洩"]]
        );
        // お問い合わせ holds 問い合わせ: looking for the shorter finds both.
        assert_eq!(
            looks_for("お問い合わせ", &variants),
            vec![vec!["問合せ", "問い合わせ"]]
        );
        assert_eq!(
            looks_for("E-mails", &variants),
            vec![vec!["e-mail", "email"]]
        );
    }

    #[test]
    fn no_alternative_holds_another() {
        assert_eq!(
            shortest(vec!["ab".into(), "abc".into(), "b".into(), "ab".into()]),
            vec!["b"]
        );
        assert_eq!(shortest(vec!["x".into(), "y".into()]), vec!["x", "y"]);
    }
}
