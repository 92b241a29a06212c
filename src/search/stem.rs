//! English word endings, applied to a query (never to the indexed text): the last English
//! word of a query part is cut back to its stem, so that `hashing`, `hashes`, `hashed` and
//! `hash` all look for `hash`, and `stores`, `stored`, `storing`, `store` for `stor`.
//!
//! The stem is always the start of the word as typed, so a part matches every section the
//! word itself matches, and more: a word being typed still matches as a prefix, and the
//! index stays exact (a stem is just a shorter part). Where the base form is spelt with a
//! `y` the stem is not the start of (`copies` → `copi`, but `copy`), that spelling is a
//! second alternative. A simpler rule than Snowball's English stemmer, and chosen over it
//! because Snowball's stems are often not the start of the word (`study` → `studi`), which
//! would need the index to hold stems; `search.js` implements the same rule
//! (`wordEndings`), and `tests/js/tokenizer-cases.json` holds a list of words both must
//! treat alike.
//!
//! The rule, on the trailing run `w` of ASCII letters of a part, when it has three or more:
//!
//! 1. `-ies`, `-ied` (5+ letters): `w` less `es`/`ed`, and `w` less `ies`/`ied` plus `y`
//!    (`policies` → `polici`, `policy`). Nothing else applies.
//! 2. `-eed` (5+ letters): less `d` (`agreed` → `agree`).
//! 3. `-ing`, `-ed`: less the ending, when what is left has three letters or more and a
//!    vowel (`a e i o u y`), and then less one letter of a double `bb dd ff gg mm nn pp rr
//!    tt` (`logging` → `log`, `string` unchanged).
//! 4. `-es` after `s x z ch sh` (with three letters or more left): less `es` (`hashes` →
//!    `hash`).
//! 5. `-s`, but not `-ss`, `-us`, `-is`: less `s`, when three letters or more are left and a
//!    vowel stands before the letter before the `s` (`logs` → `log`, `this`, `status`
//!    unchanged).
//! 6. Then (after 2–5, or with no ending): a final `e` goes when five letters or more are
//!    left with it (`store` → `stor`, `note` unchanged); a final consonant and `y` with
//!    four letters or more gives a second alternative in `i` (`copy` → `copy`, `copi`).
//!
//! A word typed in capitals (`ISMS`, `AWS`) is an abbreviation and is left as it is; the
//! caller tells (`query.rs`).

const VOWELS: &[u8] = b"aeiouy";
const DOUBLES: &[&[u8]] = &[
    b"bb", b"dd", b"ff", b"gg", b"mm", b"nn", b"pp", b"rr", b"tt",
];

/// What `part` stands for once its last English word is cut back: one string (the part
/// with the word's stem), or two when the base form is spelt with a `y`. A part that does
/// not end in an English word of three letters or more comes back as it is.
pub fn word_endings(part: &str) -> Vec<String> {
    let bytes = part.as_bytes();
    let letters = bytes
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_lowercase())
        .count();
    if letters < 3 {
        return vec![part.to_string()];
    }
    let (before, word) = part.split_at(part.len() - letters);
    let with = |w: &str| format!("{before}{w}");
    let w = word.as_bytes();
    let n = w.len();
    if n >= 5 && (word.ends_with("ies") || word.ends_with("ied")) {
        return vec![with(&word[..n - 2]), with(&format!("{}y", &word[..n - 3]))];
    }
    let stem: &str = if n >= 5 && word.ends_with("eed") {
        &word[..n - 1]
    } else if let Some(b) = word
        .strip_suffix("ing")
        .or_else(|| word.strip_suffix("ed"))
        .filter(|b| b.len() >= 3 && has_vowel(b.as_bytes()))
    {
        let b_bytes = b.as_bytes();
        if DOUBLES.iter().any(|d| b_bytes.ends_with(d)) {
            &b[..b.len() - 1]
        } else {
            b
        }
    } else if let Some(b) = word.strip_suffix("es").filter(|b| {
        b.len() >= 3 && (b.ends_with(['s', 'x', 'z']) || b.ends_with("ch") || b.ends_with("sh"))
    }) {
        b
    } else if let Some(b) = word.strip_suffix('s').filter(|b| {
        b.len() >= 3 && !b.ends_with(['s', 'u', 'i']) && has_vowel(&b.as_bytes()[..b.len() - 1])
    }) {
        b
    } else {
        word
    };
    let stem = match stem.strip_suffix('e') {
        Some(shorter) if stem.len() >= 5 => shorter,
        _ => stem,
    };
    let s = stem.as_bytes();
    let mut out = vec![with(stem)];
    if s.len() >= 4 && s[s.len() - 1] == b'y' && !VOWELS.contains(&s[s.len() - 2]) {
        out.push(with(&format!("{}i", &stem[..stem.len() - 1])));
    }
    out
}

fn has_vowel(letters: &[u8]) -> bool {
    letters.iter().any(|b| VOWELS.contains(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(word: &str) -> Vec<String> {
        word_endings(word)
    }

    #[test]
    fn inflections_of_a_word_look_for_the_same_stem() {
        for (words, stem) in [
            (&["hash", "hashes", "hashed", "hashing"][..], "hash"),
            (&["store", "stores", "stored", "storing"], "stor"),
            (&["log", "logs", "logged", "logging"], "log"),
            (
                &["encrypt", "encrypts", "encrypted", "encrypting"],
                "encrypt",
            ),
            (&["password", "passwords"], "password"),
            (&["update", "updates", "updated", "updating"], "updat"),
            (
                &["process", "processes", "processed", "processing"],
                "process",
            ),
            (
                &["transfer", "transfers", "transferred", "transferring"],
                "transfer",
            ),
            (&["agree", "agreed", "agreeing"], "agre"),
            (&["key", "keys"], "key"),
            (&["service", "services"], "servic"),
        ] {
            for word in words {
                assert_eq!(stems(word)[0], stem, "{word}");
                assert!(word.starts_with(stem), "a stem starts the word: {word}");
            }
        }
    }

    #[test]
    fn a_base_form_in_y_is_a_second_alternative() {
        assert_eq!(stems("policies"), vec!["polici", "policy"]);
        assert_eq!(stems("copied"), vec!["copi", "copy"]);
        assert_eq!(stems("copy"), vec!["copy", "copi"]);
        assert_eq!(stems("notifying"), vec!["notify", "notifi"]);
        assert_eq!(stems("days"), vec!["day"]);
    }

    #[test]
    fn short_words_and_look_alike_endings_are_left_alone() {
        for word in [
            "this",
            "has",
            "is",
            "status",
            "access",
            "analysis",
            "string",
            "need",
            "using",
            "aws",
            "tls",
            "note",
            "use",
            "encryption",
            "data",
        ] {
            assert_eq!(stems(word), vec![word.to_string()], "{word}");
        }
    }

    #[test]
    fn only_the_trailing_english_word_of_a_part_is_cut() {
        assert_eq!(stems("s/mime"), vec!["s/mime"]);
        assert_eq!(stems("s/mimes"), vec!["s/mime"]);
        assert_eq!(stems("ログs"), vec!["ログs"]);
        assert_eq!(stems("aes-256"), vec!["aes-256"]);
        assert_eq!(stems("e-mails"), vec!["e-mail"]);
        assert_eq!(stems("データhashing"), vec!["データhash"]);
        assert_eq!(stems(""), vec![""]);
    }
}
