//! A site language, such as `ja` or `en`: the code used in file names and URLs.

use std::fmt;

use intl_pluralrules::{PluralRuleType, PluralRules};
use unic_langid::LanguageIdentifier;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Language(String);

impl Language {
    /// A tag like `ja`, `en` or `pt-BR`; anything else is refused.
    pub fn parse(code: &str) -> Option<Language> {
        let mut parts = code.split('-');
        let primary = parts.next()?;
        let primary_ok =
            (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase());
        let rest_ok = parts
            .all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
        (primary_ok && rest_ok).then(|| Language(code.to_string()))
    }

    /// A language a site may be written in: `parse`'s form, a valid BCP 47 tag, and one
    /// CLDR has data for (Fluent chooses plural forms from CLDR's rules; a tag CLDR does
    /// not know, such as `xx`, would silently get English-like plurals).
    pub fn of_site(code: &str) -> Result<Language, TagProblem> {
        let language = Language::parse(code).ok_or(TagProblem::NotBcp47)?;
        let id: LanguageIdentifier = code.parse().map_err(|_| TagProblem::NotBcp47)?;
        // CLDR's plural rules are per language; the region or script changes none of them.
        let primary = LanguageIdentifier::from_parts(id.language, None, None, &[]);
        PluralRules::create(primary, PluralRuleType::CARDINAL)
            .map_err(|_| TagProblem::NoCldrData)?;
        Ok(language)
    }

    pub fn code(&self) -> &str {
        &self.0
    }

    /// Japanese, Chinese and the like: no spaces between words.
    pub fn is_cjk(&self) -> bool {
        matches!(self.0.split('-').next(), Some("ja" | "zh" | "ko"))
    }
}

/// Why a code cannot be a site language (see `Language::of_site`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagProblem {
    NotBcp47,
    NoCldrData,
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_languages_are_bcp_47_tags_cldr_knows() {
        for good in ["ja", "en", "pt-BR", "zh-Hant", "en-US", "fil"] {
            assert!(Language::of_site(good).is_ok(), "{good}");
        }
        for (bad, problem) in [
            ("JA", TagProblem::NotBcp47),
            ("j", TagProblem::NotBcp47),
            ("ja_JP", TagProblem::NotBcp47),
            ("en-a", TagProblem::NotBcp47),
            ("ja-JPN-x", TagProblem::NotBcp47),
            ("xx", TagProblem::NoCldrData),
            ("qaa", TagProblem::NoCldrData),
            ("und", TagProblem::NoCldrData),
        ] {
            assert_eq!(Language::of_site(bad), Err(problem), "{bad}");
        }
    }
}
