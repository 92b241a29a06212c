//! Where a line of Japanese text may break: between phrases (文節), never inside a word,
//! so that with CSS `word-break: keep-all` a line never ends in `確` and starts the next
//! with `認`. The HTML gets a `<wbr>` at each such place; browsers that know no phrases
//! (Safari, Firefox) then break there and only there. A rule over kinds of character
//! instead of BudouX's model: the model more than doubled the build time.
//!
//! The rule, for two characters `a` `b` side by side (`c` the one after `b`): a line may
//! break between them when one of them is Japanese (a letter or wide punctuation) and
//! 1. `a` is sentence punctuation (、。，．・：；！？…) and `b` does not close;
//! 2. `a` is a closing bracket (」』）】…) and `b` is neither hiragana (a particle, as in
//!    「重要」を) nor closing;
//! 3. `b` opens a bracket (「『（【…) and `a` does not;
//! 4. `a` is hiragana and `b` is kanji, katakana, a Latin letter or digit (に|確認,
//!    は|TLS), unless `a` is the honorific prefix お or ご and `b` kanji (お客様, ご質問),
//!    or `a` is one kana between kanji that is no particle (取り扱い, 申し込み);
//! 5. `a` is hiragana and `b` is such a prefix before kanji (の|お客様).
//!
//! Never elsewhere: not inside a run of kanji, of katakana or of Latin letters and digits,
//! not between kanji and katakana (管理者マニュアル), not before hiragana that follows
//! kanji or katakana (誤りがない), not before small kana, ー or closing punctuation,
//! not after an opening bracket, and not at spaces, where lines break anyway. Known
//! misses: a long run of hiragana is one phrase, and a noun in hiragana after お or ご
//! (りんご園) reads as a prefix.

use std::borrow::Cow;

use pulldown_cmark_escape::escape_html_body_text;

use super::kind::{Kind, is_japanese, is_wide_punctuation, kind};

/// Whether a line may break between `a` and `b`; `z` is the character before `a`, `c`
/// the one after `b`.
pub fn breaks_between(z: Option<char>, a: char, b: char, c: Option<char>) -> bool {
    breaks_after(z, Seen::of(a), Seen::of(b), || c)
}

/// A character with what the rule asks of it, found once: in a text each character is
/// `b` of one pair and `a` of the next.
#[derive(Clone, Copy)]
struct Seen {
    c: char,
    kind: Kind,
    /// A Japanese letter or wide punctuation.
    japanese: bool,
}

impl Seen {
    #[inline]
    fn of(c: char) -> Seen {
        let japanese = match c as u32 {
            0..=0x7F => false,
            0x3000..=0x30FF | 0x4E00..=0x9FFF => true,
            _ => is_japanese(c) || is_wide_punctuation(c),
        };
        Seen {
            c,
            kind: kind(c),
            japanese,
        }
    }
}

/// `breaks_between` with the kinds of `a` and `b` known; `z` and `c` (found only when
/// asked) are needed in rare cases only.
#[inline]
fn breaks_after(z: Option<char>, a: Seen, b: Seen, c: impl FnOnce() -> Option<char>) -> bool {
    if !(a.japanese || b.japanese) {
        return false;
    }
    let (ka, kb) = (a.kind, b.kind);
    if matches!(kb, Kind::Close | Kind::Small | Kind::Space)
        || matches!(ka, Kind::Open | Kind::Space)
    {
        return false;
    }
    if ka == Kind::Close {
        return is_sentence_punctuation(a.c) || kb != Kind::Hiragana;
    }
    if kb == Kind::Open {
        return true;
    }
    if ka != Kind::Hiragana {
        return false;
    }
    match kb {
        Kind::Kanji => !is_prefix(a.c) && !is_okurigana(z, a.c),
        Kind::Katakana | Kind::Latin => true,
        Kind::Hiragana => is_prefix(b.c) && c().is_some_and(|c| kind(c) == Kind::Kanji),
        _ => false,
    }
}

/// A single kana between kanji that is no particle belongs to the word (取り扱い,
/// 申し込み); one that is (管理者の設定, 本書を参照) ends a phrase.
fn is_okurigana(z: Option<char>, a: char) -> bool {
    z.is_some_and(|z| kind(z) == Kind::Kanji)
        && !matches!(
            a,
            'の' | 'を' | 'に' | 'は' | 'が' | 'で' | 'と' | 'へ' | 'も' | 'や' | 'か'
        )
}

/// The honorific prefixes written in kana before a kanji word (お客様, ご質問).
fn is_prefix(c: char) -> bool {
    matches!(c, 'お' | 'ご')
}

/// Punctuation that ends a clause or a sentence, after which a new phrase starts even
/// when it begins with hiragana (。また).
fn is_sentence_punctuation(c: char) -> bool {
    matches!(
        c,
        '、' | '。'
            | '，'
            | '．'
            | '・'
            | '：'
            | '；'
            | '！'
            | '？'
            | '｡'
            | '､'
            | '･'
            | '…'
            | '‥'
    )
}

/// The byte offsets of `text` where a line may break, in order; `before` is the
/// character just before `text` (in the text before an emphasis tag, say), so a break
/// may fall at 0.
pub fn breaks(text: &str, before: Option<char>) -> impl Iterator<Item = usize> + '_ {
    let mut at = 0;
    let mut prev = before.map(Seen::of);
    let mut prev2 = None;
    std::iter::from_fn(move || {
        while let Some(b) = text[at..].chars().next() {
            // ASCII next to ASCII never breaks: a run of it is skipped to its last
            // character without a look at the rule.
            if b.is_ascii() && prev.is_none_or(|a| a.c.is_ascii()) {
                let run = ascii_prefix_len(&text.as_bytes()[at..]);
                let bytes = &text.as_bytes()[at..at + run];
                prev2 = match bytes {
                    [.., z, _] => Some(char::from(*z)),
                    _ => prev.map(|a| a.c),
                };
                prev = bytes.last().map(|&a| Seen::of(char::from(a)));
                at += run;
                continue;
            }
            let here = at;
            at += b.len_utf8();
            let b = Seen::of(b);
            let a = prev.replace(b);
            let z = std::mem::replace(&mut prev2, a.map(|a| a.c));
            if let Some(a) = a
                && breaks_after(z, a, b, || text[at..].chars().next())
            {
                return Some(here);
            }
        }
        None
    })
}

/// How many bytes `bytes` starts with that are ASCII, eight at a time.
fn ascii_prefix_len(bytes: &[u8]) -> usize {
    let mut n = 0;
    for chunk in bytes.chunks_exact(8) {
        let word = chunk.iter().fold(0u64, |w, &b| (w << 8) | u64::from(b));
        if word & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        n += 8;
    }
    n + bytes[n..].iter().take_while(|b| b.is_ascii()).count()
}

/// `text` as HTML body text (escaped as pulldown-cmark's writer escapes it) with a
/// `<wbr>` at each phrase break; none when it has no break, so that the caller can
/// write `text` as it is. ASCII text is answered without a look at its characters.
pub fn body_html(text: &str, before: Option<char>) -> Option<String> {
    if text.is_ascii() && before.is_none_or(|c| c.is_ascii()) {
        return None;
    }
    let mut breaks = breaks(text, before).peekable();
    breaks.peek()?;
    let mut html = String::with_capacity(text.len() + 64);
    let mut from = 0;
    for at in breaks {
        push_escaped(&mut html, &text[from..at]);
        html.push_str("<wbr>");
        from = at;
    }
    push_escaped(&mut html, &text[from..]);
    Some(html)
}

/// `text` escaped onto `html`; most pieces between two breaks have nothing to escape.
fn push_escaped(html: &mut String, text: &str) {
    if text.bytes().any(|b| matches!(b, b'<' | b'>' | b'&')) {
        let _ = escape_html_body_text(html, text);
    } else {
        html.push_str(text);
    }
}

/// `html` (escaped text, perhaps with tags) with a `<wbr>` at each phrase break of its
/// text; tags and character references are never cut, since a break needs a Japanese
/// character on one side.
pub fn in_html(html: &str) -> Cow<'_, str> {
    if html.is_ascii() {
        return Cow::Borrowed(html);
    }
    let mut out = String::new();
    let mut from = 0;
    let mut before: Option<Seen> = None;
    let mut before2 = None;
    let mut in_tag = false;
    for (at, c) in html.char_indices() {
        if in_tag {
            in_tag = c != '>';
            continue;
        }
        if c == '<' {
            in_tag = true;
            continue;
        }
        let b = Seen::of(c);
        let a = before.replace(b);
        let z = std::mem::replace(&mut before2, a.map(|a| a.c));
        if let Some(a) = a
            && breaks_after(z, a, b, || {
                html[at + c.len_utf8()..]
                    .chars()
                    .next()
                    .filter(|&n| n != '<')
            })
        {
            out.push_str(&html[from..at]);
            out.push_str("<wbr>");
            from = at;
        }
    }
    if from == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[from..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` with a `/` at each break.
    fn cut(text: &str) -> String {
        let mut out = String::new();
        let mut from = 0;
        for at in breaks(text, None) {
            out.push_str(&text[from..at]);
            out.push('/');
            from = at;
        }
        out.push_str(&text[from..]);
        out
    }

    #[test]
    fn phrase_table() {
        let cases = [
            // The breaks the issue reported inside words are gone.
            ("お客様に確認", "お客様に/確認"),
            ("管理者マニュアル", "管理者マニュアル"),
            ("時刻同期", "時刻同期"),
            ("管理者アカウント", "管理者アカウント"),
            ("誤りがない", "誤りがない"),
            // Phrases: hiragana before kanji, katakana, Latin; after punctuation.
            ("通信を暗号化しています。", "通信を/暗号化しています。"),
            ("通信はTLSで保護します", "通信は/TLSで/保護します"),
            ("ログの時刻はJSTです", "ログの/時刻は/JSTです"),
            ("場合、STARTTLSを使います", "場合、/STARTTLSを/使います"),
            ("ログを保存します。また、", "ログを/保存します。/また、"),
            ("メールゲートウェイの設定", "メールゲートウェイの/設定"),
            ("日本の「重要」な情報", "日本の/「重要」な/情報"),
            ("（媒体の廃棄）を行う", "（媒体の/廃棄）を/行う"),
            ("規格「ISO」", "規格/「ISO」"),
            // Honorific prefixes stay with their word.
            ("ご質問は", "ご質問は"),
            ("のお客様", "の/お客様"),
            ("とご確認ください", "と/ご確認ください"),
            ("ございます", "ございます"),
            // Small kana, ー and closing punctuation never start a line.
            ("チェックしてください", "チェックしてください"),
            ("「データ」。", "「データ」。"),
            ("サーバー", "サーバー"),
            // Latin and digits keep together; spaces are left to the browser.
            ("ISO/IEC 27001:2022", "ISO/IEC 27001:2022"),
            ("TLS 1.2 以上", "TLS 1.2 以上"),
            ("2025年7月1日から", "2025年7月1日から"),
            ("72時間以内に通知", "72時間以内に/通知"),
            // A single kana between kanji: okurigana, unless it is a particle.
            ("お客様データの取り扱いと", "お客様データの/取り扱いと"),
            ("申し込み", "申し込み"),
            ("管理者の設定", "管理者の/設定"),
            ("100%のデータ", "100%の/データ"),
        ];
        for (text, expected) in cases {
            assert_eq!(cut(text), expected, "{text}");
        }
    }

    #[test]
    fn the_fast_japanese_flag_is_the_rule_s_for_every_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let by_rule = !c.is_ascii() && (is_japanese(c) || is_wide_punctuation(c));
            assert_eq!(Seen::of(c).japanese, by_rule, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn a_break_may_fall_before_the_first_character() {
        assert_eq!(breaks("確認", Some('に')).collect::<Vec<_>>(), vec![0]);
        assert_eq!(breaks("認", Some('確')).count(), 0);
    }

    #[test]
    fn body_html_escapes_and_is_none_without_a_break() {
        assert_eq!(body_html("a < b", None), None);
        assert_eq!(body_html("時刻同期", None), None);
        assert_eq!(
            body_html("<b>に確認", None).as_deref(),
            Some("&lt;b&gt;に<wbr>確認")
        );
    }

    #[test]
    fn in_html_leaves_tags_and_references_whole() {
        assert_eq!(in_html("R&amp;D"), "R&amp;D");
        assert_eq!(
            in_html("お客様に<strong>確認</strong>&amp;の"),
            "お客様に<strong><wbr>確認</strong>&amp;の"
        );
        assert_eq!(
            in_html("<a title=\"に確認\">に確認</a>"),
            "<a title=\"に確認\">に<wbr>確認</a>"
        );
    }
}
