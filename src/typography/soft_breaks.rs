//! When a line break in a paragraph's source (a soft break) renders as nothing instead of
//! a space. The rule, from CSS Text Level 3's segment-break transformation narrowed to
//! Japanese (§4.1.2, which removes the break between two wide characters):
//!
//! A soft break renders as nothing when
//! 1. the character before it or the character after it is Japanese punctuation or a
//!    full-width form (`is_wide_punctuation`: U+3000–U+303F such as 、。「」『』【】〔〕 and
//!    the ideographic space, the middle dot ・, U+FE30–U+FE4F, and U+FF00–U+FFEF such as
//!    （）！？：； and ＩＳＭＳ), whatever is on its other side; or
//! 2. the characters on both sides are Japanese letters (`is_japanese`: kanji, hiragana,
//!    katakana with ー).
//!
//! Otherwise it is a space: between Latin words, between a Japanese letter and a Latin
//! letter or digit (`TLS\nで`, `2025\n年` keep theirs, as CSS does), and where a side is
//! not text (an image, raw HTML, a hard break), unless the other side is punctuation.
//! "Before" and "after" are the nearest characters of text or code on each side, with
//! emphasis and link tags in between skipped.

use super::kind::{is_japanese, is_wide_punctuation};

/// Whether a soft break between `before` and `after` (none where that side is no text)
/// renders as nothing.
pub fn soft_break_is_dropped(before: Option<char>, after: Option<char>) -> bool {
    let wide = |c: Option<char>| c.is_some_and(is_wide_punctuation);
    let japanese = |c: Option<char>| c.is_some_and(is_japanese);
    wide(before) || wide(after) || (japanese(before) && japanese(after))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn soft_break_table() {
        // (before, after, rendered as nothing?, what the case is)
        let cases: &[(Option<char>, Option<char>, bool, &str)] = &[
            (Some('の'), Some('文'), true, "Japanese / Japanese"),
            (Some('語'), Some('カ'), true, "kanji / katakana"),
            (
                Some('ト'),
                Some('ー'),
                true,
                "katakana / prolonged sound mark",
            ),
            (Some('。'), Some('T'), true, "。 / Latin"),
            (Some('、'), Some('S'), true, "、 / Latin"),
            (Some('、'), Some('2'), true, "、 / digit"),
            (Some('8'), Some('（'), true, "digit / full-width bracket"),
            (Some('S'), Some('（'), true, "Latin / （"),
            (Some('）'), Some('a'), true, "） / Latin"),
            (Some('」'), Some('T'), true, "」 / Latin"),
            (Some('a'), Some('「'), true, "Latin / 「"),
            (Some('は'), Some('、'), true, "Japanese / 、"),
            (Some('・'), Some('I'), true, "middle dot / Latin"),
            (Some('！'), Some('N'), true, "full-width ! / Latin"),
            (Some('Ｓ'), Some('x'), true, "full-width letter / Latin"),
            (
                Some('\u{3000}'),
                Some('x'),
                true,
                "ideographic space / Latin",
            ),
            (None, Some('（'), true, "no text / （"),
            (Some('。'), None, true, "。 / no text"),
            (Some('a'), Some('b'), false, "Latin / Latin keeps a space"),
            (Some('.'), Some('T'), false, "ASCII full stop / Latin"),
            (Some('2'), Some('年'), false, "digit / kanji"),
            (Some('年'), Some('7'), false, "kanji / digit"),
            (Some('で'), Some('T'), false, "hiragana / Latin"),
            (Some('S'), Some('で'), false, "Latin / hiragana"),
            (Some(')'), Some('の'), false, "ASCII bracket / hiragana"),
            (Some('の'), None, false, "Japanese / no text"),
            (None, Some('の'), false, "no text / Japanese"),
            (None, None, false, "no text on either side"),
            (Some('é'), Some('日'), false, "accented Latin / kanji"),
        ];
        for &(before, after, dropped, case) in cases {
            assert_eq!(
                soft_break_is_dropped(before, after),
                dropped,
                "{case}: {before:?} / {after:?}"
            );
        }
    }
}
