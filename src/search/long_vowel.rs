//! Katakana words with or without a final long vowel mark (サーバ = サーバー), applied to a
//! query (never to the indexed text). JIS Z 8301 and the 外来語の表記 rules let a writer
//! leave out the `ー` that ends a word of three morae or more (サーバ, プロバイダ,
//! コンピュータ), and keep it in words of one or two (キー, エラー, コピー), so only the
//! former have two spellings.
//!
//! In a query part, a katakana word is a run of katakana letters and `ー`; its morae are
//! its characters without the trailing `ー`, the small ァィゥェォャュョヮ not counted.
//! For each word of three morae or more:
//!
//! - ending in `ー` at the end of the part: the `ー` is left out (`サーバー` looks for
//!   `サーバ`, which `サーバ` and `サーバー` both hold);
//! - ending in `ー` inside the part: both spellings (`サーバーの` → `サーバーの`, `サーバの`);
//! - without `ー` inside the part: both spellings (`サーバの` → `サーバの`, `サーバーの`);
//! - without `ー` at the end of the part: nothing to do, it is a prefix of both.
//!
//! The text is left as it is, so a compound keeps its words (`マスターキー` is still found
//! by `キー`). `search.js` implements the same rule (`longVowelAlternatives`).

/// ー, U+30FC (NFKC makes the half-width ｰ this too).
pub const LONG_VOWEL_MARK: char = '\u{30fc}';

/// Words of this many morae or more may drop their final `ー`.
const MIN_MORAE: usize = 3;

/// A katakana letter: ァ–ヺ and the small letters of U+31F0–U+31FF; not ・, ー or the
/// iteration marks ヽヾ.
pub fn is_katakana_letter(c: char) -> bool {
    matches!(c, '\u{30a1}'..='\u{30fa}' | '\u{31f0}'..='\u{31ff}')
}

/// A small kana that makes one mora with the letter before it (ァィゥェォャュョヮ).
pub fn is_small_kana(c: char) -> bool {
    matches!(
        c,
        '\u{30a1}'
            | '\u{30a3}'
            | '\u{30a5}'
            | '\u{30a7}'
            | '\u{30a9}'
            | '\u{30e3}'
            | '\u{30e5}'
            | '\u{30e7}'
            | '\u{30ee}'
    )
}

/// `part` (normalised) and its other spellings by the rule above; `part` first (or, when
/// it ends in a word's optional `ー`, `part` without it), `max` strings at most.
pub fn long_vowel_alternatives(part: &str, max: usize) -> Vec<String> {
    let chars: Vec<char> = part.chars().collect();
    // The part as pieces, each with its spellings.
    let mut pieces: Vec<Vec<String>> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let katakana = |c: char| is_katakana_letter(c) || c == LONG_VOWEL_MARK;
        if !is_katakana_letter(chars[i]) {
            let end = (i + 1..chars.len())
                .find(|&j| is_katakana_letter(chars[j]))
                .unwrap_or(chars.len());
            pieces.push(vec![chars[i..end].iter().collect()]);
            i = end;
            continue;
        }
        let end = (i..chars.len())
            .find(|&j| !katakana(chars[j]))
            .unwrap_or(chars.len());
        let word = &chars[i..end];
        let stem_len = word.len()
            - word
                .iter()
                .rev()
                .take_while(|&&c| c == LONG_VOWEL_MARK)
                .count();
        let stem: String = word[..stem_len].iter().collect();
        let morae = word[..stem_len]
            .iter()
            .filter(|&&c| !is_small_kana(c))
            .count();
        let at_end = end == chars.len();
        let spellings = match (morae >= MIN_MORAE, stem_len < word.len(), at_end) {
            (false, _, _) | (true, false, true) => vec![word.iter().collect()],
            (true, true, true) => vec![stem],
            (true, true, false) => vec![word.iter().collect(), stem],
            (true, false, false) => vec![stem.clone(), format!("{stem}{LONG_VOWEL_MARK}")],
        };
        pieces.push(spellings);
        i = end;
    }
    combinations(&pieces, max)
}

/// Every string made of one choice per piece, the first choices first (the last piece
/// turning fastest), `max` at most.
pub fn combinations(pieces: &[Vec<String>], max: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut at = vec![0usize; pieces.len()];
    loop {
        out.push(
            pieces
                .iter()
                .zip(&at)
                .map(|(list, &k)| list[k].as_str())
                .collect::<String>(),
        );
        if out.len() >= max.max(1) {
            break;
        }
        let Some(turn) = (0..pieces.len())
            .rev()
            .find(|&p| at[p] + 1 < pieces[p].len())
        else {
            break;
        };
        at[turn] += 1;
        for later in &mut at[turn + 1..] {
            *later = 0;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spellings(part: &str) -> Vec<String> {
        long_vowel_alternatives(part, 8)
    }

    #[test]
    fn words_of_three_morae_or_more_have_two_spellings() {
        assert_eq!(spellings("サーバー"), vec!["サーバ"]);
        assert_eq!(spellings("プロバイダー"), vec!["プロバイダ"]);
        assert_eq!(spellings("サーバ"), vec!["サーバ"]);
        assert_eq!(spellings("サーバーの"), vec!["サーバーの", "サーバの"]);
        assert_eq!(
            spellings("サーバの設定"),
            vec!["サーバの設定", "サーバーの設定"]
        );
        assert_eq!(spellings("マスターキー"), vec!["マスターキ"]);
        assert_eq!(spellings("フォルダー"), vec!["フォルダ"]);
        assert_eq!(
            spellings("ユーザーとサーバ管理"),
            vec![
                "ユーザーとサーバ管理",
                "ユーザーとサーバー管理",
                "ユーザとサーバ管理",
                "ユーザとサーバー管理"
            ]
        );
    }

    #[test]
    fn short_words_and_other_text_keep_their_spelling() {
        for part in [
            "キー",
            "エラー",
            "コピーの",
            "ジョー",
            "暗号キー",
            "すごーい",
            "ー",
            "tls",
            "",
        ] {
            assert_eq!(spellings(part), vec![part.to_string()], "{part}");
        }
        assert_eq!(
            spellings("サーバーセキュリティ"),
            vec!["サーバーセキュリティ"]
        );
        assert_eq!(spellings("サーバーの").len(), 2);
        assert_eq!(long_vowel_alternatives("サーバーの", 1), vec!["サーバーの"]);
    }
}
