//! How normalised text is cut for search, identically at build time (here) and in the
//! browser (`themes/default/static/search.js`, which mirrors every function of this file).
//!
//! The normalised text (`normalise.rs`) is cut into the character n-grams of each run of
//! non-space characters: every 1-, 2- and 3-gram. A query part (`query.rs`) of one or two
//! characters is looked up as that gram, a longer one by its 3-grams. Any section that
//! contains a part contains all of the part's grams, so the postings never miss a match;
//! the browser then confirms each candidate against the section's text, so nothing that
//! does not contain the query matches either. No dictionary, no segmenter: Japanese and
//! English are cut the same way. Not here: which sections exist (see `index.rs`) or how
//! postings are stored.

use super::normalise::is_space;

/// An n-gram of one to three characters, packed into an integer so that building the
/// index needs no string per occurrence: 21 bits per character, first character highest,
/// unused places zero. U+0000 counts as a space, so zero never stands for a character.
pub type Gram = u64;

/// The longest gram indexed.
pub const MAX_GRAM: usize = 3;

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
    use super::super::normalise::normalise;
    use super::super::query::query_parts;
    use super::*;

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
        let text = normalise(
            "本サービスは ＴＬＳ 1.2 以上で通信を暗号化します。ISO/IEC 27017 サーバー 72 時間",
        );
        let mut grams = Vec::new();
        grams_of(&text, &mut grams);
        for query in [
            "暗号化",
            "tls",
            "通信",
            "信",
            "iso/iec 27017",
            "1.2 以上",
            "1.2以上",
            "す。",
            "サーバー",
            "72時間",
            "サービスはtls",
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
