//! What text is searched as: the one definition of the normalised text, shared by the
//! index (built here), the browser (`themes/default/static/search.js` mirrors every rule)
//! and the tests (`tests/js/tokenizer-cases.json` holds cases both must give).
//!
//! 1. NFKC, then lower case: `ＩＳＭＳ` → `isms`, `ｶﾀｶﾅ` → `カタカナ`, `①` → `1`.
//! 2. Spacing next to Japanese does not count: a run of spaces within a line (`is_inline_space`)
//!    is removed when the character just before it or just after it is Japanese
//!    (`is_japanese`): `72 時間` → `72時間`, `TLS 通信` → `tls通信`, while `iso/iec 27017`
//!    keeps its space. Line breaks (between blocks, between heading and text) stay.
//!
//! Nothing else is folded in the text: a word-final long vowel mark (`サーバ` = `サーバー`),
//! variant spellings and English word endings are matched by what a query looks for
//! (`query.rs`), which keeps the text of compounds such as `マスターキー` whole. Not here
//! either: how the normalised text is cut into grams (`tokenizer.rs`).

use unicode_normalization::UnicodeNormalization;

/// NFKC, then lower case, without the fold of rule 2: `ＩＳＭＳ 認証` → `isms 認証`. JavaScript's
/// `s.normalize("NFKC").toLowerCase()` gives the same string.
pub fn nfkc_lower(text: &str) -> String {
    if text.is_ascii() {
        // NFKC leaves ASCII as it is; a shortcut worth having, since it is most English.
        return text.to_ascii_lowercase();
    }
    text.nfkc().collect::<String>().to_lowercase()
}

/// The normalised text: `nfkc_lower`, then spaces next to Japanese removed (see the top of
/// this file).
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for_each_normalised_char(text, |c| out.push(c));
    out
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
/// `may_hold_sigma`) is normalised whole. The fold then sees the characters in order.
pub fn for_each_normalised_char(text: &str, f: impl FnMut(char)) {
    if text.is_ascii() {
        // Nothing in ASCII is Japanese: the fold changes nothing.
        let mut f = f;
        for &b in text.as_bytes() {
            f(char::from(b.to_ascii_lowercase()));
        }
        return;
    }
    let mut fold = Fold::new(f);
    if may_hold_sigma(text) {
        nfkc_lower(text).chars().for_each(|c| fold.push(c));
        fold.finish();
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
                nfkc_lower(&text[pending..i])
                    .chars()
                    .for_each(|c| fold.push(c));
            }
            fold.push(form);
            pending = i + c.len_utf8();
        }
        let Some((j, n)) = next else {
            break;
        };
        (i, c, simple) = (j, n, next_simple);
    }
    if pending < text.len() {
        nfkc_lower(&text[pending..])
            .chars()
            .for_each(|c| fold.push(c));
    }
    fold.finish();
}

/// Rule 2 over the characters of `nfkc_lower`, one at a time: inline spaces are held back
/// and passed on or dropped once the next character tells. Whether a character is Japanese
/// is asked only next to spaces, and a run of one kind of space (the single space between
/// two English words) is held as a count, so most characters cost one range test.
pub struct Fold<F: FnMut(char)> {
    out: F,
    /// The run of inline spaces held back: its first character and its length, with the
    /// characters themselves in `mixed` once the run holds two kinds.
    space: char,
    spaces: usize,
    mixed: Vec<char>,
    /// The last character passed on that is not an inline space (U+0000 for none).
    last: char,
    /// The one before the spaces held back.
    before: char,
}

impl<F: FnMut(char)> Fold<F> {
    pub fn new(out: F) -> Fold<F> {
        Fold {
            out,
            space: ' ',
            spaces: 0,
            mixed: Vec::new(),
            last: '\0',
            before: '\0',
        }
    }

    #[inline]
    pub fn push(&mut self, c: char) {
        if is_inline_space(c) {
            self.hold(c);
            return;
        }
        if self.spaces > 0 {
            if !(is_japanese(self.before) || is_japanese(c)) {
                self.pass_spaces();
            }
            self.spaces = 0;
            self.mixed.clear();
        }
        self.last = c;
        (self.out)(c);
    }

    fn hold(&mut self, c: char) {
        if self.spaces == 0 {
            self.before = self.last;
            self.space = c;
        } else if !self.mixed.is_empty() || c != self.space {
            if self.mixed.is_empty() {
                self.mixed
                    .extend(std::iter::repeat_n(self.space, self.spaces));
            }
            self.mixed.push(c);
        }
        self.spaces += 1;
    }

    fn pass_spaces(&mut self) {
        if self.mixed.is_empty() {
            for _ in 0..self.spaces {
                (self.out)(self.space);
            }
        } else {
            self.mixed.iter().for_each(|&s| (self.out)(s));
        }
    }

    /// The end of the text: spaces still held back go unless Japanese stands before them.
    pub fn finish(mut self) {
        if self.spaces > 0 && !is_japanese(self.before) {
            self.pass_spaces();
        }
    }
}

/// A Japanese character, for rule 2: CJK radicals and ideographs (with extensions and
/// compatibility forms), kana, the Japanese punctuation (U+3001–U+303F: 、。「」〜…),
/// enclosed and squared CJK, and the full-width and half-width forms block. Told on the
/// text after NFKC, where full-width Latin letters and digits are ASCII already, so
/// `ＩＳＭＳ` counts as Latin; Hangul does not count (Korean puts spaces between words).
#[inline]
pub fn is_japanese(c: char) -> bool {
    if c < '\u{2e80}' {
        return false;
    }
    matches!(
        c,
        '\u{2e80}'..='\u{2fff}'
            | '\u{3001}'..='\u{30ff}'
            | '\u{3190}'..='\u{31ff}'
            | '\u{3200}'..='\u{9fff}'
            | '\u{f900}'..='\u{faff}'
            | '\u{fe30}'..='\u{fe4f}'
            | '\u{ff00}'..='\u{ffef}'
            | '\u{1b000}'..='\u{1b16f}'
            | '\u{20000}'..='\u{3ffff}'
    )
}

/// The spaces of rule 2, those within a line: every `is_space` character but the line
/// breaks (U+000A–U+000D, U+0085, U+2028, U+2029) and U+0000.
#[inline]
pub fn is_inline_space(c: char) -> bool {
    // Most characters are printable ASCII or Japanese (past U+3000): told in one test.
    if matches!(c, '!'..='\u{9f}' | '\u{3001}'..='\u{fefe}') {
        return false;
    }
    matches!(
        c,
        '\t' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' | '\u{feff}'
    )
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

/// Rule 2 written as plainly as possible, over the whole string: the reference that `Fold`
/// (which sees one character at a time) must agree with.
#[cfg(test)]
pub fn fold_reference(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut spaced = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_inline_space(chars[i]) {
            spaced.push(chars[i]);
            i += 1;
            continue;
        }
        let end = (i..chars.len())
            .find(|&j| !is_inline_space(chars[j]))
            .unwrap_or(chars.len());
        let before = i.checked_sub(1).map(|b| chars[b]);
        let after = chars.get(end).copied();
        if !before.is_some_and(is_japanese) && !after.is_some_and(is_japanese) {
            spaced.extend(&chars[i..end]);
        }
        i = end;
    }
    spaced.into_iter().collect()
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
    fn spaces_next_to_japanese_do_not_count() {
        assert_eq!(normalise("72 時間"), "72時間");
        assert_eq!(normalise("24 時間 365 日"), "24時間365日");
        assert_eq!(normalise("TLS 通信"), "tls通信");
        assert_eq!(normalise("ＩＳＭＳ　認証"), "isms認証");
        assert_eq!(normalise("暗号化 する"), "暗号化する");
        assert_eq!(normalise("（JST） です"), "(jst)です");
        assert_eq!(normalise("AWS の 東京"), "awsの東京");
        // Latin words keep their space, and a line break is never removed.
        assert_eq!(normalise("ISO/IEC 27017"), "iso/iec 27017");
        assert_eq!(normalise("ISMS\n認証"), "isms\n認証");
        assert_eq!(normalise("ログ \n 保存"), "ログ\n保存");
        assert_eq!(normalise("  時間  "), "時間");
        assert_eq!(normalise(" a  b "), " a  b ");
    }

    #[test]
    fn long_vowel_marks_stay_in_the_text() {
        assert_eq!(normalise("サーバー"), "サーバー");
        assert_eq!(normalise("ｻｰﾊﾞｰ"), "サーバー");
        assert_eq!(normalise("サーバー キー"), "サーバーキー");
    }

    #[test]
    fn the_fold_agrees_with_its_plain_reference() {
        let alphabet = [
            'a', ' ', '\u{3000}', '\n', 'サ', 'ー', '時', 'の', 'ｰ', 'ㇰ', 'ャ', '\u{85}',
        ];
        // Every string of up to five characters of the alphabet.
        let mut texts = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..5 {
            last = last
                .iter()
                .flat_map(|t| alphabet.iter().map(move |&c| format!("{t}{c}")))
                .collect();
            texts.extend(last.iter().cloned());
        }
        for text in &texts {
            assert_eq!(
                normalise(text),
                fold_reference(&nfkc_lower(text)),
                "{text:?}"
            );
        }
    }

    #[test]
    fn simple_characters_normalise_to_their_simple_form() {
        use unicode_normalization::char::canonical_combining_class;
        use unicode_normalization::{IsNormalized, is_nfkc_quick};
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let Some(form) = simple_form(c) else {
                continue;
            };
            assert_eq!(nfkc_lower(&c.to_string()), form.to_string(), "{c:?}");
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
            "サーバー ｻｰﾊﾞｰ\u{3099} サーΣ ー",
        ] {
            let mut chars = String::new();
            for_each_normalised_char(text, |c| chars.push(c));
            assert_eq!(chars, fold_reference(&nfkc_lower(text)), "{text:?}");
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
            if is_inline_space(c) {
                assert!(is_space(c) && !is_japanese(c), "{c:?}");
            }
            if ('\u{3041}'..='\u{30ff}').contains(&c) {
                assert!(is_japanese(c), "{c:?}");
            }
        }
    }
}
