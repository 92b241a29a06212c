//! How text is cut for search, identically at build time (here) and in the browser
//! (`themes/default/static/search.js`, which mirrors every function of this file).
//!
//! Text is normalised (NFKC, then lower case) and cut into the character n-grams of each
//! run of non-space characters: every 1-, 2- and 3-gram. A query is normalised the same
//! way and split on spaces into parts; a part of one or two characters is looked up as
//! that gram, a longer part by its 3-grams. Any section that contains a part contains all
//! of the part's grams, so the postings never miss a match; the browser then confirms
//! each candidate against the section's text, so nothing that does not contain the query
//! matches either. No dictionary, no segmenter: Japanese and English are cut the same way.
//! Not here: which sections exist (see `index.rs`) or how postings are stored.

use unicode_normalization::UnicodeNormalization;

/// An n-gram of one to three characters, packed into an integer so that building the
/// index needs no string per occurrence: 21 bits per character, first character highest,
/// unused places zero. U+0000 counts as a space, so zero never stands for a character.
pub type Gram = u64;

/// The longest gram indexed.
pub const MAX_GRAM: usize = 3;

/// NFKC, then lower case: `ＩＳＭＳ` → `isms`, `ｶﾀｶﾅ` → `カタカナ`, `①` → `1`,
/// `Ⅻ` → `xii`. JavaScript's `s.normalize("NFKC").toLowerCase()` gives the same string
/// (the two implementations are checked against each other on a shared table of cases).
pub fn normalise(text: &str) -> String {
    if text.is_ascii() {
        // NFKC leaves ASCII as it is; a shortcut worth having, since it is most English.
        return text.to_ascii_lowercase();
    }
    text.nfkc().collect::<String>().to_lowercase()
}

/// The characters of `normalise(text)`, one at a time, without building the string when it
/// can be helped. Text is mostly characters that normalise to one character on their own
/// (`simple_form`), except that a kana or a letter may compose with a combining mark after
/// it: so a simple character followed by another (or by nothing) is passed on in its
/// simple form, and every stretch between such characters is normalised on its own. That
/// gives the same characters as normalising the whole text: NFKC never composes or
/// reorders across a simple character (each is a starter that composes with nothing
/// before it and, being followed by a simple one, with nothing after it), and
/// lower-casing is done a character at a time but for one case, a capital sigma, whose
/// form depends on the letters around it: text that may hold one after NFKC (see
/// `may_hold_sigma`) is normalised whole.
pub fn for_each_normalised_char(text: &str, mut f: impl FnMut(char)) {
    if text.is_ascii() {
        for &b in text.as_bytes() {
            f(char::from(b.to_ascii_lowercase()));
        }
        return;
    }
    if may_hold_sigma(text) {
        normalise(text).chars().for_each(f);
        return;
    }
    let mut chars = text.char_indices();
    let Some((mut i, mut c)) = chars.next() else {
        return;
    };
    let mut simple = simple_form(c);
    // Where the stretch not yet passed on starts.
    let mut pending = 0;
    loop {
        let next = chars.next();
        let next_simple = next.map_or(Some(' '), |(_, n)| simple_form(n));
        if let (Some(form), Some(_)) = (simple, next_simple) {
            if pending < i {
                normalise(&text[pending..i]).chars().for_each(&mut f);
            }
            f(form);
            pending = i + c.len_utf8();
        }
        let Some((j, n)) = next else {
            break;
        };
        (i, c, simple) = (j, n, next_simple);
    }
    if pending < text.len() {
        normalise(&text[pending..]).chars().for_each(&mut f);
    }
}

/// Whether `text` has a character whose NFKC holds a capital sigma: U+03A3 itself, the
/// lunate U+03F9 and the mathematical ones (U+1D6BA…). Told from the UTF-8 lead bytes of
/// U+0380–U+03FF and of the supplementary planes, so some text without one says yes.
fn may_hold_sigma(text: &str) -> bool {
    memchr::memchr3(0xce, 0xcf, 0xf0, text.as_bytes()).is_some()
}

/// The normalised form of `c` when it is one of the characters of most text: ASCII, the
/// kana, kanji and punctuation of Japanese, and full-width ASCII (`ＩＳＭＳ`, `（`). Each
/// is a starter, becomes one character that is a starter too, and is never the second
/// part of a composition; so NFKC composes or reorders nothing across one that is followed
/// by another (see `for_each_normalised_char`).
#[inline]
fn simple_form(c: char) -> Option<char> {
    match c {
        '\0'..='\u{7f}' => Some(c.to_ascii_lowercase()),
        '\u{3001}'..='\u{3002}' // 、。
        | '\u{300c}'..='\u{300f}' // 「」『』
        | '\u{3041}'..='\u{3096}' // hiragana, not the sound marks after them
        | '\u{30a1}'..='\u{30fa}' // katakana
        | '\u{30fc}' // ー
        | '\u{4e00}'..='\u{9fff}' // CJK unified ideographs
        => Some(c),
        '\u{ff01}'..='\u{ff5e}' => {
            Some(char::from((c as u32 - 0xfee0) as u8).to_ascii_lowercase())
        }
        _ => None,
    }
}

/// The characters that separate query parts and that no gram contains. Spelled out rather
/// than taken from `char::is_whitespace`, because JavaScript's `\s` differs from it
/// (U+0085, U+FEFF) and both sides must agree.
pub fn is_space(c: char) -> bool {
    // Most characters are printable ASCII or Japanese (past U+3000): told in one test.
    if matches!(c, '!'..='\u{84}' | '\u{3001}'..='\u{fefe}') {
        return false;
    }
    matches!(
        c,
        '\0' | '\t'..='\r'
            | ' '
            | '\u{85}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
            | '\u{feff}'
    )
}

/// Packs up to three characters into a gram.
pub fn gram(chars: &[char]) -> Gram {
    chars
        .iter()
        .take(MAX_GRAM)
        .enumerate()
        .fold(0, |g, (i, &c)| g | (u64::from(c) << (21 * (2 - i))))
}

/// The characters of a gram, as a string (its key in the postings files).
pub fn gram_text(g: Gram) -> String {
    (0..MAX_GRAM)
        .map(|i| ((g >> (21 * (2 - i))) & 0x1f_ffff) as u32)
        .filter(|&c| c != 0)
        .filter_map(char::from_u32)
        .collect()
}

/// Every 1-, 2- and 3-gram of `normalised` that contains no space, appended to `out`
/// (with repeats; the caller sorts and deduplicates).
pub fn grams_of(normalised: &str, out: &mut Vec<Gram>) {
    let chars: Vec<char> = normalised.chars().collect();
    for run in chars.split(|&c| is_space(c)) {
        for start in 0..run.len() {
            for len in 1..=MAX_GRAM.min(run.len() - start) {
                out.push(gram(&run[start..start + len]));
            }
        }
    }
}

/// The parts of a query: normalised, split on spaces, repeats dropped.
pub fn query_parts(query: &str) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    for part in normalise(query).split(is_space).filter(|p| !p.is_empty()) {
        if !parts.iter().any(|p| p == part) {
            parts.push(part.to_string());
        }
    }
    parts
}

/// The grams a query part is looked up by: itself when it is one or two characters long,
/// otherwise its 3-grams, in order.
pub fn part_grams(part: &str) -> Vec<Gram> {
    let chars: Vec<char> = part.chars().collect();
    if chars.len() <= 2 {
        return vec![gram(&chars)];
    }
    chars.windows(MAX_GRAM).map(gram).collect()
}

/// FNV-1a (32 bits) of a gram's UTF-8 bytes: which postings shard holds it.
pub fn shard_hash(term: &str) -> u32 {
    term.bytes().fold(0x811c_9dc5, |h: u32, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_half_width_and_case_fold_to_one_form() {
        assert_eq!(normalise("ＩＳＭＳ"), "isms");
        assert_eq!(normalise("ｶﾀｶﾅ"), "カタカナ");
        assert_eq!(normalise("ﾊﾟｽﾜｰﾄﾞ"), "パスワード");
        assert_eq!(normalise("①"), "1");
        assert_eq!(normalise("Ⅻ"), "xii");
        assert_eq!(normalise("ISO/IEC　27017"), "iso/iec 27017");
        assert_eq!(normalise("７２時間"), "72時間");
    }

    #[test]
    fn simple_characters_normalise_to_their_simple_form() {
        use unicode_normalization::char::canonical_combining_class;
        use unicode_normalization::{IsNormalized, is_nfkc_quick};
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let Some(form) = simple_form(c) else {
                continue;
            };
            assert_eq!(normalise(&c.to_string()), form.to_string(), "{c:?}");
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(canonical_combining_class(form), 0, "{c:?}");
            // Never the second part of a composition (those are "maybe" in the quick check).
            assert_ne!(
                is_nfkc_quick(std::iter::once(c)),
                IsNormalized::Maybe,
                "{c:?}"
            );
            assert_ne!(
                is_nfkc_quick(std::iter::once(form)),
                IsNormalized::Maybe,
                "{c:?}"
            );
        }
    }

    #[test]
    fn every_character_that_gives_a_sigma_is_told() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let one = c.to_string();
            if one.nfkc().any(|n| n == '\u{3a3}') {
                assert!(may_hold_sigma(&one), "{c:?}");
            }
        }
    }

    #[test]
    fn normalising_piece_by_piece_gives_the_same_characters() {
        for text in [
            "か\u{3099}き\u{309a}く゛ｹﾞ",
            "a\u{301}b\u{301}\u{316}漢\u{3099}字 é",
            "（JST）日本時間。「ＩＳＯ」ｱ",
            "αΣ漢 漢Σ aΣb Σ xϹy xϹ 𝚺",
            "",
            "ISO/IEC 27017",
            "ＩＳＭＳ 認証\nﾊﾟｽﾜｰﾄﾞ を変更",
            "ΟΔΟΣ ΟΔΟΣ\tΣ ΑΣ\u{feff}Β",
            "İstanbul Ⅻ ①\r\n\u{3000}ｶﾞ\u{309b} ゙a",
            "e\u{301} a\u{300}\u{316} Å",
        ] {
            let mut chars = String::new();
            for_each_normalised_char(text, |c| chars.push(c));
            assert_eq!(chars, normalise(text), "{text:?}");
        }
    }

    #[test]
    fn the_quick_test_for_space_agrees_with_the_list() {
        let listed = [
            '\0', '\t', '\n', '\u{b}', '\u{c}', '\r', ' ', '\u{85}', '\u{a0}', '\u{1680}',
            '\u{2028}', '\u{2029}', '\u{202f}', '\u{205f}', '\u{3000}', '\u{feff}',
        ];
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let space = listed.contains(&c) || ('\u{2000}'..='\u{200a}').contains(&c);
            assert_eq!(is_space(c), space, "{c:?}");
        }
    }

    #[test]
    fn grams_pack_and_unpack() {
        for s in ["a", "暗号", "暗号化", "𠮷野", "a/b"] {
            let chars: Vec<char> = s.chars().collect();
            assert_eq!(gram_text(gram(&chars)), s);
        }
        assert_ne!(gram(&['a']), gram(&['a', 'a']));
    }

    #[test]
    fn grams_stay_inside_runs_of_non_space() {
        let mut grams = Vec::new();
        grams_of("ab c", &mut grams);
        let mut texts: Vec<String> = grams.into_iter().map(gram_text).collect();
        texts.sort();
        assert_eq!(texts, vec!["a", "ab", "b", "c"]);
    }

    #[test]
    fn every_gram_of_a_contained_part_is_a_gram_of_the_text() {
        let text = normalise("本サービスは ＴＬＳ 1.2 以上で通信を暗号化します。ISO/IEC 27017");
        let mut grams = Vec::new();
        grams_of(&text, &mut grams);
        for query in [
            "暗号化",
            "tls",
            "通信",
            "信",
            "iso/iec 27017",
            "1.2 以上",
            "す。",
        ] {
            for part in query_parts(query) {
                assert!(text.contains(&part), "{part}");
                for g in part_grams(&part) {
                    assert!(grams.contains(&g), "{query}: {}", gram_text(g));
                }
            }
        }
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
    }

    #[test]
    fn long_parts_are_looked_up_by_their_trigrams() {
        let texts =
            |part: &str| -> Vec<String> { part_grams(part).into_iter().map(gram_text).collect() };
        assert_eq!(texts("ログ"), vec!["ログ"]);
        assert_eq!(texts("鍵"), vec!["鍵"]);
        assert_eq!(texts("72時間"), vec!["72時", "2時間"]);
    }

    #[test]
    fn shard_hash_is_fnv1a() {
        assert_eq!(shard_hash(""), 0x811c_9dc5);
        assert_eq!(shard_hash("a"), 0xe40c_292c);
        assert_eq!(shard_hash("foobar"), 0xbf9c_f968);
    }
}
