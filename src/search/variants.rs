//! `search.yaml` at the site root: groups of spellings that search treats as one word
//! (表記ゆれ), e.g. 情報漏洩 and 情報漏えい. A query holding any member of a group also
//! looks for every other member in its place; the indexed text is never changed. The file
//! is optional; without it no variants apply.
//!
//! ```yaml
//! variants:
//!   - [情報漏洩, 情報漏えい]
//!   - [問合せ, 問い合わせ, お問い合わせ]
//! ```
//!
//! The file is read with the rest of the site (`load::search_file`); here its groups are
//! normalised as the text is (`normalise.rs`) and checked (each problem at its line, for
//! `check` and `build`), and go to the browser in each language's `meta.json`.

use std::collections::HashMap;

use super::long_vowel::{LONG_VOWEL_MARK, combinations, is_katakana_letter};
use super::normalise::{is_space, normalise};
pub use crate::load::search_file::SEARCH_FILE as VARIANTS_FILE;
use crate::load::search_file::SearchFile;
use crate::report::error::{Error, MAX_VARIANT_SPELLINGS as MAX_MEMBERS, VariantsProblem};

/// The groups, each member normalised, in the file's order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Variants {
    groups: Vec<Vec<String>>,
}

impl Variants {
    /// Groups given as they are (already normalised); for tests and tools.
    pub fn from_groups(groups: Vec<Vec<String>>) -> Variants {
        Variants { groups }
    }

    pub fn groups(&self) -> &[Vec<String>] {
        &self.groups
    }

    /// The groups of `search.yaml`, normalised; every problem found, each at its line.
    pub fn of(file: &SearchFile) -> Result<Variants, Vec<Error>> {
        let problem = |line: usize, problem: VariantsProblem| Error::SearchVariants {
            path: file.path.clone(),
            line: line.max(1),
            problem,
        };
        let mut errors = Vec::new();
        let mut groups = Vec::new();
        // Each normalised member, with the line of its group.
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut members = 0;
        for group in &file.groups {
            let group_line = group.line;
            let mut normalised: Vec<String> = Vec::new();
            // A group that lost a member to another problem is not also "too short".
            let reported = errors.len();
            for (member, line) in &group.spellings {
                let line = *line;
                let form = normalise(member.trim());
                if form.is_empty() || form.chars().all(is_space) {
                    errors.push(problem(line, VariantsProblem::Empty(member.clone())));
                    continue;
                }
                if form.chars().any(is_space) {
                    errors.push(problem(line, VariantsProblem::Space(member.clone())));
                    continue;
                }
                if normalised.contains(&form) {
                    continue;
                }
                if let Some(&first) = seen.get(&form) {
                    errors.push(problem(
                        line,
                        VariantsProblem::Repeated {
                            member: member.clone(),
                            line: first,
                        },
                    ));
                    continue;
                }
                seen.insert(form.clone(), group_line);
                normalised.push(form);
            }
            members += normalised.len();
            match normalised.len() {
                _ if errors.len() > reported => {}
                0 => {}
                1 => errors.push(problem(
                    group_line,
                    VariantsProblem::Single(normalised[0].clone()),
                )),
                _ => groups.push(normalised),
            }
        }
        if members > MAX_MEMBERS {
            errors.push(problem(1, VariantsProblem::TooMany));
        }
        if errors.is_empty() {
            Ok(Variants { groups })
        } else {
            Err(errors)
        }
    }

    /// The member of a group that starts `chars`, the longest when several do: (its
    /// length in characters, its group). A member ending in a katakana letter takes the
    /// `ー` after it along (`プロバイダー` is a spelling of `プロバイダ`).
    fn member_at(&self, chars: &[char]) -> Option<(usize, &[String])> {
        let mut best: Option<(usize, &[String])> = None;
        for group in &self.groups {
            for member in group {
                let len = member.chars().count();
                if len <= chars.len()
                    && best.is_none_or(|(b, _)| len > b)
                    && member.chars().zip(chars).all(|(a, &b)| a == b)
                {
                    best = Some((len, group.as_slice()));
                }
            }
        }
        best.map(|(len, group)| {
            let ends_in_katakana = chars[..len].last().is_some_and(|&c| is_katakana_letter(c));
            let marks = if ends_in_katakana {
                chars[len..]
                    .iter()
                    .take_while(|&&c| c == LONG_VOWEL_MARK)
                    .count()
            } else {
                0
            };
            (len + marks, group)
        })
    }

    /// `part` (normalised, no spaces) and the strings made from it by putting, for each
    /// member of a group found in it (left to right, the longest at each place), another
    /// member of its group in its place; `part` itself first, `max` strings at most.
    pub fn expand(&self, part: &str, max: usize) -> Vec<String> {
        let chars: Vec<char> = part.chars().collect();
        // The part as pieces: plain text, or a group member found there (and its group).
        let mut pieces: Vec<(String, Option<&[String]>)> = Vec::new();
        let mut plain = String::new();
        let mut i = 0;
        while i < chars.len() {
            match self.member_at(&chars[i..]) {
                Some((len, group)) => {
                    if !plain.is_empty() {
                        pieces.push((std::mem::take(&mut plain), None));
                    }
                    pieces.push((chars[i..i + len].iter().collect(), Some(group)));
                    i += len;
                }
                None => {
                    plain.push(chars[i]);
                    i += 1;
                }
            }
        }
        if !plain.is_empty() {
            pieces.push((plain, None));
        }
        // Each piece's choices, the spelling typed first.
        let choices: Vec<Vec<String>> = pieces
            .into_iter()
            .map(|(typed, group)| {
                let others = group
                    .iter()
                    .flat_map(|g| g.iter())
                    .filter(|m| **m != typed)
                    .cloned()
                    .collect::<Vec<_>>();
                std::iter::once(typed).chain(others).collect()
            })
            .collect();
        combinations(&choices, max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Variants, Vec<String>> {
        let file = crate::load::search_file::parse(text, std::path::Path::new(VARIANTS_FILE))
            .map_err(|e| vec![e.to_string()])?;
        Variants::of(&file).map_err(|errors| errors.iter().map(|e| e.to_string()).collect())
    }

    fn groups(list: &[&[&str]]) -> Variants {
        Variants::from_groups(
            list.iter()
                .map(|g| g.iter().map(|m| normalise(m)).collect())
                .collect(),
        )
    }

    #[test]
    fn groups_are_read_normalised() {
        let v = parse("variants:\n  - [情報漏洩, 情報漏えい]\n  - [Ｅメール, eメール, Email]\n")
            .unwrap();
        assert_eq!(
            v.groups(),
            &[
                vec!["情報漏洩".to_string(), "情報漏えい".to_string()],
                vec!["eメール".to_string(), "email".to_string()],
            ]
        );
        assert_eq!(parse("").unwrap(), Variants::default());
        assert_eq!(parse("variants: []\n").unwrap(), Variants::default());
    }

    #[test]
    fn malformed_files_are_errors_at_their_line() {
        let errors = parse("variants:\n  - [a, b]\n  - [情報漏洩]\n").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].starts_with("search.yaml:3: this group has only one spelling"),
            "{errors:?}"
        );
        let errors = parse("variants:\n  - [問合せ, 問い合わせ]\n  - [問い合わせ, お問い合わせ]\n")
            .unwrap_err();
        assert_eq!(
            errors,
            vec![
                "search.yaml:3: `問い合わせ` is also in the group at line 2: merge the two groups"
                    .to_string(),
            ]
        );
        let errors = parse("variants:\n  - [two factor, 2fa, tfa]\n  - [' ', x, y]\n").unwrap_err();
        assert!(errors[0].starts_with("search.yaml:2: `two factor` holds a space"));
        assert!(errors[1].starts_with("search.yaml:3: ` ` is empty"));
        // YAML problems, unknown keys and wrong types: at their line, by the YAML layer.
        let errors = parse("variant:\n  - [a, b]\n").unwrap_err();
        assert!(errors[0].starts_with("search.yaml:1:"), "{errors:?}");
        assert!(errors[0].contains("did you mean `variants`"), "{errors:?}");
        let errors = parse("variants:\n  - [a, b]\n  - a\n").unwrap_err();
        assert!(errors[0].starts_with("search.yaml:3:"), "{errors:?}");
        let errors = parse("variants:\n  - [a, [b]]\n").unwrap_err();
        assert!(errors[0].starts_with("search.yaml:2:"), "{errors:?}");
        let many: String = (0..=MAX_MEMBERS / 2)
            .map(|i| format!("  - [w{i}a, w{i}b]\n"))
            .collect();
        let errors = parse(&format!("variants:\n{many}")).unwrap_err();
        assert!(errors[0].contains("more than 1000 spellings"), "{errors:?}");
    }

    #[test]
    fn a_member_in_a_part_brings_in_the_others() {
        let v = groups(&[
            &["情報漏洩", "情報漏えい"],
            &["問合せ", "問い合わせ", "お問い合わせ"],
            &["鍵", "カギ"],
        ]);
        assert_eq!(v.expand("情報漏えい", 8), vec!["情報漏えい", "情報漏洩"]);
        assert_eq!(
            v.expand("情報漏洩対策", 8),
            vec!["情報漏洩対策", "情報漏えい対策"]
        );
        // The longest member where several start: お問い合わせ, not 問い合わせ.
        assert_eq!(
            v.expand("お問い合わせ窓口", 8),
            vec!["お問い合わせ窓口", "問合せ窓口", "問い合わせ窓口"]
        );
        assert_eq!(
            v.expand("鍵の問合せ", 8),
            vec![
                "鍵の問合せ",
                "鍵の問い合わせ",
                "鍵のお問い合わせ",
                "カギの問合せ",
                "カギの問い合わせ",
                "カギのお問い合わせ"
            ]
        );
        assert_eq!(v.expand("鍵の問合せ", 2).len(), 2);
        assert_eq!(v.expand("暗号化", 8), vec!["暗号化"]);
        let v = groups(&[&["プロバイダ", "事業者"]]);
        assert_eq!(
            v.expand("プロバイダーの", 8),
            vec!["プロバイダーの", "プロバイダの", "事業者の"]
        );
        assert_eq!(Variants::default().expand("鍵", 8), vec!["鍵"]);
    }
}
