//! The kinds of character the typography rules tell apart: Japanese letters (kanji,
//! hiragana, katakana), wide punctuation and full-width forms, Latin letters and digits,
//! brackets that open or close, small kana. By Unicode block; the kana and punctuation
//! block from a table built at compile time, since the rule is asked of every character
//! of every page.

/// A Japanese letter: kanji (CJK ideographs and radicals, every extension), hiragana,
/// katakana with its prolonged sound mark ー. Not the middle dot ・, which is punctuation.
pub const fn is_japanese(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF      // CJK radicals
        | 0x3040..=0x309F    // hiragana
        | 0x30A0..=0x30FA    // katakana
        | 0x30FC..=0x30FF    // ー, iteration marks, ヿ
        | 0x31F0..=0x31FF    // katakana phonetic extensions
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0x20000..=0x3FFFF) // CJK extensions B and later
}

/// Japanese punctuation, brackets and full-width forms: the CJK symbols and punctuation
/// block (U+3000–U+303F: 、。「」『』【】〔〕〜 and the ideographic space), the middle dot ・
/// (U+30FB), CJK compatibility forms (U+FE30–U+FE4F) and the half-width and full-width
/// forms (U+FF00–U+FFEF: （）！？：；, ＩＳＭＳ, half-width katakana).
pub fn is_wide_punctuation(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0x30FB | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF)
}

/// What the phrase rule tells apart (`phrases.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Kanji, and 々 〆 〇 ヵ ヶ, which are written inside kanji words (3ヶ月, 人々).
    Kanji,
    Hiragana,
    Katakana,
    /// Small kana, ー and the kana iteration marks: never the start of a phrase.
    Small,
    /// A bracket or quote that opens: 「『（【〔［｛〈《 ( [ { “ ‘.
    Open,
    /// A bracket or quote that closes, and punctuation a line may end after but never
    /// start with: 」』）】〕］｝〉》 、。，．・：；！？ ) ] } ” ’ , . : ; ! ?.
    Close,
    /// Latin letters and digits, half-width or full-width.
    Latin,
    Space,
    /// Anything else: symbols, other scripts.
    Other,
}

/// The kind of `c`: the rule below, answered from a table for the kana and CJK
/// punctuation block and at once for the common ideographs, since the phrase rule asks it
/// of every character of every page.
#[inline]
pub(super) fn kind(c: char) -> Kind {
    match c as u32 {
        0x4E00..=0x9FFF => Kind::Kanji,
        u @ 0x3000..=0x30FF => KANA_AND_PUNCTUATION[(u - 0x3000) as usize],
        _ => kind_by_rule(c),
    }
}

/// The kinds of U+3000 to U+30FF, found at compile time.
static KANA_AND_PUNCTUATION: [Kind; 0x100] = {
    let mut table = [Kind::Other; 0x100];
    let mut i = 0;
    while i < table.len() {
        if let Some(c) = char::from_u32(0x3000 + i as u32)
            && let Some(kind) = japanese_kind(c)
        {
            table[i] = kind;
        }
        i += 1;
    }
    table
};

fn kind_by_rule(c: char) -> Kind {
    if c.is_ascii() {
        return match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' => Kind::Latin,
            '(' | '[' | '{' => Kind::Open,
            ')' | ']' | '}' | ',' | '.' | ':' | ';' | '!' | '?' => Kind::Close,
            ' ' | '\t' | '\n' | '\r' => Kind::Space,
            _ => Kind::Other,
        };
    }
    if let Some(kind) = japanese_kind(c) {
        return kind;
    }
    if c.is_alphanumeric() {
        Kind::Latin
    } else if c.is_whitespace() {
        Kind::Space
    } else {
        Kind::Other
    }
}

/// The kind of a Japanese character, bracket or punctuation mark; `None` for the rest.
const fn japanese_kind(c: char) -> Option<Kind> {
    Some(match c {
        'ぁ' | 'ぃ' | 'ぅ' | 'ぇ' | 'ぉ' | 'っ' | 'ゃ' | 'ゅ' | 'ょ' | 'ゎ' | 'ゕ' | 'ゖ' => {
            Kind::Small
        }
        'ァ' | 'ィ' | 'ゥ' | 'ェ' | 'ォ' | 'ッ' | 'ャ' | 'ュ' | 'ョ' | 'ヮ' => {
            Kind::Small
        }
        'ー' | 'ゝ' | 'ゞ' | 'ヽ' | 'ヾ' | 'ｰ' | 'ｯ' | 'ｧ'..='ｮ' => Kind::Small,
        '々' | '〆' | 'ヵ' | 'ヶ' => Kind::Kanji,
        // The ideographic zero, the Suzhou numerals, the vertical iteration marks.
        '〇' | '〡'..='〩' | '〸'..='〼' => Kind::Kanji,
        '〱'..='〵' => Kind::Small,
        '「' | '『' | '（' | '【' | '〔' | '［' | '｛' | '〈' | '《' | '〖' | '〘' | '｟' | '“'
        | '‘' | '｢' => Kind::Open,
        '」' | '』' | '）' | '】' | '〕' | '］' | '｝' | '〉' | '》' | '〗' | '〙' | '｠' | '”'
        | '’' | '｣' | '、' | '。' | '，' | '．' | '・' | '：' | '；' | '！' | '？' | '｡' | '､'
        | '･' | '〜' | '～' | '…' | '‥' => Kind::Close,
        '\u{3000}' => Kind::Space,
        '\u{3041}'..='\u{309F}' => Kind::Hiragana,
        '\u{30A0}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9F}' => {
            Kind::Katakana
        }
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => Kind::Latin,
        _ if is_japanese(c) => Kind::Kanji,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_and_the_shortcut_answer_as_the_rule_does_for_every_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(kind(c), kind_by_rule(c), "U+{:04X}", c as u32);
        }
    }
}
