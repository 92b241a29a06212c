//! A site language, such as `ja` or `en`: the code used in file names and URLs.

use std::fmt;

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

    pub fn code(&self) -> &str {
        &self.0
    }

    /// Japanese, Chinese and the like: no spaces between words.
    pub fn is_cjk(&self) -> bool {
        matches!(self.0.split('-').next(), Some("ja" | "zh" | "ko"))
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
