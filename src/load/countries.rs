//! Country names in every site language, from CLDR (the Unicode Consortium's locale data)
//! through ICU4X's `icu_locale`: `JP` is 日本 in Japanese and Japan in English, and a site
//! that adds a language gets its names with no table to fill in. A code that CLDR does not
//! know as a country gets no names, which `check` reports.

use std::collections::BTreeMap;

use icu_locale::Locale;
use icu_locale::names::RegionDisplayName;
use icu_locale::subtags::Region;

use crate::model::language::Language;
use crate::model::trust::Country;

/// The country `code` (ISO 3166-1 alpha-2, as written at `line`) with its names.
pub fn country(code: &str, line: usize, languages: &[Language]) -> Country {
    let names = match region(code) {
        Some(region) => languages
            .iter()
            .filter_map(|language| Some((language.clone(), name(region, language)?)))
            .collect(),
        None => BTreeMap::new(),
    };
    Country {
        code: code.to_string(),
        names,
        line,
    }
}

/// `code` as a region CLDR may name: two capital letters, outside the ranges ISO 3166-1
/// leaves to private use (`AA`, `QM`–`QZ`, `XA`–`XZ`, `ZZ`), which are no country.
fn region(code: &str) -> Option<Region> {
    let bytes = code.as_bytes();
    let [first, second] = *bytes else {
        return None;
    };
    if !first.is_ascii_uppercase() || !second.is_ascii_uppercase() {
        return None;
    }
    let private = matches!((first, second), (b'A', b'A') | (b'Z', b'Z') | (b'X', _))
        || (first == b'Q' && second >= b'M');
    if private {
        return None;
    }
    Region::try_from_str(code).ok()
}

/// The region's name in `language`, if CLDR has one (or one of a parent locale: `pt-BR`
/// falls back to `pt`).
fn name(region: Region, language: &Language) -> Option<String> {
    let locale: Locale = language.code().parse().ok()?;
    let name = RegionDisplayName::try_new_light((&locale).into(), region).ok()?;
    Some(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn languages() -> Vec<Language> {
        ["ja", "en", "pt-BR"]
            .iter()
            .map(|c| Language::parse(c).unwrap())
            .collect()
    }

    #[test]
    fn names_come_from_cldr_in_every_language() {
        let jp = country("JP", 3, &languages());
        let names: Vec<&str> = jp.names.values().map(String::as_str).collect();
        // In the order of the language codes: en, ja, pt-BR.
        assert_eq!(names, ["Japan", "日本", "Japão"]);
        assert_eq!(
            country("US", 1, &languages()).name(&languages()[0]),
            "アメリカ合衆国"
        );
    }

    #[test]
    fn codes_that_are_no_country_have_no_names() {
        for code in ["jp", "JPN", "J", "", "ZZ", "AA", "QO", "XK", "UK", "日本"] {
            assert!(!country(code, 1, &languages()).is_known(), "{code}");
        }
    }
}
