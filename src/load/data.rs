//! Reading the trust data under `data/`: `subprocessors.yaml` and `certifications.yaml`,
//! parsed with the same care as front matter (serde-saphyr with its alias-bomb limits,
//! unknown keys and wrong types errors at their line with a "did you mean"), every text
//! resolved into every site language (a map missing one is an error at its line), every
//! country code given its names from CLDR. What depends on the day (notice periods, expiry)
//! is `check::trust`'s; a file the site lacks is simply absent.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, de::DeserializeOwned};
use serde_saphyr::Spanned;

use crate::load::countries::country;
use crate::load::text_file::read_text;
use crate::model::language::Language;
use crate::model::trust::{
    Certification, CertificationLines, DataFile, Subprocessor, SubprocessorLines, Text, TrustData,
};
use crate::report::error::{DataProblem, Error};

/// The folder of the data files, under the site root.
pub const DATA_DIR: &str = "data";
pub const SUBPROCESSORS_FILE: &str = "subprocessors.yaml";
pub const CERTIFICATIONS_FILE: &str = "certifications.yaml";

/// Reads the data files the site has. Each file's problems are all reported; a file with
/// any is left out (and the site cannot build).
pub fn load(root: &Path, languages: &[Language]) -> (TrustData, Vec<Error>) {
    let mut errors = Vec::new();
    let mut data = TrustData::default();
    let dir = PathBuf::from(DATA_DIR);
    let subprocessors = dir.join(SUBPROCESSORS_FILE);
    if let Some(text) = read_if_present(root, &subprocessors, &mut errors) {
        match parse_subprocessors(&text, &subprocessors, languages) {
            Ok(file) => data.subprocessors = Some(file),
            Err(mut e) => errors.append(&mut e),
        }
    }
    let certifications = dir.join(CERTIFICATIONS_FILE);
    if let Some(text) = read_if_present(root, &certifications, &mut errors) {
        match parse_certifications(&text, &certifications, languages) {
            Ok(file) => data.certifications = Some(file),
            Err(mut e) => errors.append(&mut e),
        }
    }
    (data, errors)
}

fn read_if_present(root: &Path, shown: &Path, errors: &mut Vec<Error>) -> Option<String> {
    let abs = root.join(shown);
    if std::fs::symlink_metadata(&abs).is_err() {
        return None;
    }
    read_text(&abs, shown).map_err(|e| errors.push(e)).ok()
}

/// A subprocessor's entry as written. Unknown keys are errors.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SubprocessorEntry {
    id: Spanned<String>,
    name: Spanned<Written>,
    operator: Spanned<Written>,
    purpose: Spanned<Written>,
    data: Spanned<Written>,
    locations: Spanned<Vec<Spanned<String>>>,
    added: Spanned<Date>,
    #[serde(default)]
    announced: Option<Spanned<Date>>,
    #[serde(default)]
    removed: Option<Spanned<Date>>,
    #[serde(default)]
    url: Option<Spanned<String>>,
}

/// A certification's entry as written. Unknown keys are errors.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CertificationEntry {
    id: Spanned<String>,
    name: Spanned<Written>,
    standard: Spanned<Written>,
    issuer: Spanned<Written>,
    registration: Spanned<Written>,
    registry_url: Spanned<String>,
    scope: Spanned<Written>,
    valid_from: Spanned<Date>,
    valid_until: Spanned<Date>,
}

pub fn parse_subprocessors(
    text: &str,
    path: &Path,
    languages: &[Language],
) -> Result<DataFile<Subprocessor>, Vec<Error>> {
    let entries: Vec<Spanned<SubprocessorEntry>> = parse_list(text, path)?;
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for Spanned {
        value: e,
        referenced,
        ..
    } in entries
    {
        let mut texts = Texts::new(path, languages, &mut errors);
        let subprocessor = Subprocessor {
            name: texts.resolve("name", e.name),
            operator: texts.resolve("operator", e.operator),
            purpose: texts.resolve("purpose", e.purpose),
            data: texts.resolve("data", e.data),
            locations: e
                .locations
                .value
                .iter()
                .map(|code| country(code.value.trim(), line(&code.referenced), languages))
                .collect(),
            added: e.added.value,
            announced: e.announced.as_ref().map(|d| d.value),
            removed: e.removed.as_ref().map(|d| d.value),
            url: e.url.map(|url| texts.url("url", url)),
            lines: SubprocessorLines {
                entry: line(&referenced),
                id: line(&e.id.referenced),
                added: line(&e.added.referenced),
                announced: e.announced.as_ref().map_or(0, |d| line(&d.referenced)),
                removed: e.removed.as_ref().map_or(0, |d| line(&d.referenced)),
                locations: line(&e.locations.referenced),
            },
            id: texts.id(e.id),
        };
        out.push(subprocessor);
    }
    finish(path, out, errors)
}

pub fn parse_certifications(
    text: &str,
    path: &Path,
    languages: &[Language],
) -> Result<DataFile<Certification>, Vec<Error>> {
    let entries: Vec<Spanned<CertificationEntry>> = parse_list(text, path)?;
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for Spanned {
        value: e,
        referenced,
        ..
    } in entries
    {
        let mut texts = Texts::new(path, languages, &mut errors);
        let certification = Certification {
            name: texts.resolve("name", e.name),
            standard: texts.resolve("standard", e.standard),
            issuer: texts.resolve("issuer", e.issuer),
            registration: texts.resolve("registration", e.registration),
            scope: texts.resolve("scope", e.scope),
            registry_url: texts.url("registry_url", e.registry_url),
            valid_from: e.valid_from.value,
            valid_until: e.valid_until.value,
            lines: CertificationLines {
                entry: line(&referenced),
                id: line(&e.id.referenced),
                valid_from: line(&e.valid_from.referenced),
                valid_until: line(&e.valid_until.referenced),
            },
            id: texts.id(e.id),
        };
        out.push(certification);
    }
    finish(path, out, errors)
}

/// A data file's top level: a list of entries (an empty file is an empty list).
fn parse_list<T: DeserializeOwned>(text: &str, path: &Path) -> Result<Vec<T>, Vec<Error>> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    crate::load::yaml::from_str(text, 1, path).map_err(|e| vec![e])
}

fn finish<T>(path: &Path, entries: Vec<T>, errors: Vec<Error>) -> Result<DataFile<T>, Vec<Error>> {
    if errors.is_empty() {
        Ok(DataFile {
            path: path.to_path_buf(),
            entries,
        })
    } else {
        Err(errors)
    }
}

fn line(location: &serde_saphyr::Location) -> usize {
    (location.line() as usize).max(1)
}

/// Turns what one entry wrote into the model, noting each problem at its line.
pub(super) struct Texts<'e> {
    path: &'e Path,
    languages: &'e [Language],
    errors: &'e mut Vec<Error>,
}

impl<'e> Texts<'e> {
    pub(super) fn new(
        path: &'e Path,
        languages: &'e [Language],
        errors: &'e mut Vec<Error>,
    ) -> Texts<'e> {
        Texts {
            path,
            languages,
            errors,
        }
    }

    fn problem(&mut self, line: usize, problem: DataProblem) {
        self.errors.push(Error::Data {
            path: self.path.to_path_buf(),
            line,
            problem,
        });
    }

    /// A text field in every site language.
    pub(super) fn resolve(&mut self, field: &'static str, written: Spanned<Written>) -> Text {
        let at = line(&written.referenced);
        let mut texts = BTreeMap::new();
        match written.value {
            Written::One(text) => {
                if text.trim().is_empty() {
                    self.problem(at, DataProblem::EmptyText { field });
                }
                for language in self.languages {
                    texts.insert(language.clone(), text.trim().to_string());
                }
            }
            Written::PerLanguage(entries) => {
                for (code, text) in entries {
                    let code_line = line(&code.referenced);
                    match self.languages.iter().find(|l| l.code() == code.value) {
                        Some(language) if text.trim().is_empty() => self.problem(
                            code_line,
                            DataProblem::EmptyLanguage {
                                field,
                                language: language.code().to_string(),
                            },
                        ),
                        Some(language) => {
                            texts.insert(language.clone(), text.trim().to_string());
                        }
                        None => {
                            let known = self.languages.iter().map(Language::code);
                            let suggestion = crate::report::suggest::closest(&code.value, known)
                                .map(str::to_string);
                            self.problem(
                                code_line,
                                DataProblem::UnknownLanguage {
                                    field,
                                    language: code.value,
                                    suggestion,
                                },
                            )
                        }
                    }
                }
                for language in self.languages {
                    if !texts.contains_key(language) {
                        self.problem(
                            at,
                            DataProblem::MissingLanguage {
                                field,
                                language: language.code().to_string(),
                            },
                        );
                    }
                }
            }
        }
        Text::new(texts)
    }

    /// An id: what anchors, feed entries and the JSON export name the entry by.
    fn id(&mut self, id: Spanned<String>) -> String {
        let ok = !id.value.is_empty()
            && id
                .value
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if !ok {
            self.problem(line(&id.referenced), DataProblem::BadId(id.value.clone()));
        }
        id.value
    }

    /// A link a customer follows: http or https only.
    pub(super) fn url(&mut self, field: &'static str, url: Spanned<String>) -> String {
        let value = url.value.trim();
        let ok = (value.starts_with("https://") || value.starts_with("http://"))
            && !value.contains(char::is_whitespace);
        if !ok {
            self.problem(
                line(&url.referenced),
                DataProblem::BadUrl {
                    field,
                    url: value.to_string(),
                },
            );
        }
        value.to_string()
    }
}

/// A text field as written: one string for every language, or one per language code
/// (keys kept with their lines, so a wrong one is reported where it is).
#[derive(Debug)]
pub(super) enum Written {
    One(String),
    PerLanguage(Vec<(Spanned<String>, String)>),
}

impl<'de> Deserialize<'de> for Written {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Written, D::Error> {
        deserializer.deserialize_any(WrittenVisitor)
    }
}

struct WrittenVisitor;

impl<'de> Visitor<'de> for WrittenVisitor {
    type Value = Written;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a text, or a map of one text per language (ja: …, en: …)")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Written, E> {
        Ok(Written::One(text.to_string()))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Written, E> {
        Ok(Written::One(text))
    }

    // A registration number is often written bare: `735021` is the text it reads as.
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Written, E> {
        Ok(Written::One(n.to_string()))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Written, E> {
        Ok(Written::One(n.to_string()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Written, A::Error> {
        let mut entries = Vec::new();
        while let Some((code, text)) = map.next_entry::<Spanned<String>, String>()? {
            entries.push((code, text));
        }
        Ok(Written::PerLanguage(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn languages() -> Vec<Language> {
        vec![
            Language::parse("ja").unwrap(),
            Language::parse("en").unwrap(),
        ]
    }

    fn parse(text: &str) -> Result<DataFile<Subprocessor>, Vec<Error>> {
        parse_subprocessors(text, Path::new("data/subprocessors.yaml"), &languages())
    }

    const AWS: &str = "- id: aws\n  name: Amazon Web Services\n  operator: Amazon Web Services, Inc.\n  purpose:\n    ja: 基盤\n    en: Infrastructure\n  data: {ja: すべて, en: All}\n  locations: [JP, US]\n  added: 2017-10-23\n";

    #[test]
    fn every_field_is_read_with_its_line() {
        let file = parse(&format!(
            "{AWS}- id: ses\n  name: SES\n  operator: AWS\n  purpose: Mail\n  data: Addresses\n  locations:\n    - JP\n  announced: 2025-05-30\n  added: 2025-07-01\n  removed: 2026-01-01\n  url: https://aws.amazon.com/ses/\n"
        ))
        .unwrap();
        let [aws, ses] = &file.entries[..] else {
            panic!("two entries")
        };
        let (ja, en) = (&languages()[0], &languages()[1]);
        assert_eq!(aws.name.get(ja), "Amazon Web Services");
        assert_eq!(aws.purpose.get(en), "Infrastructure");
        assert_eq!(aws.data.get(ja), "すべて");
        assert_eq!(aws.locations[1].name(ja), "アメリカ合衆国");
        assert_eq!(aws.locations[0].line, 8);
        assert_eq!((aws.lines.entry, aws.lines.id, aws.lines.added), (1, 1, 9));
        assert_eq!(ses.lines.locations, 16);
        assert_eq!(ses.locations[0].line, 16);
        assert_eq!(ses.announced, Some(jiff::civil::date(2025, 5, 30)));
        assert_eq!(ses.lines.removed, 19);
        assert_eq!(ses.url.as_deref(), Some("https://aws.amazon.com/ses/"));
    }

    fn first_error(text: &str) -> String {
        let errors = parse(text).unwrap_err();
        errors[0].to_string()
    }

    #[test]
    fn problems_name_their_line() {
        let missing = AWS.replace("    en: Infrastructure\n", "");
        assert_eq!(
            first_error(&missing),
            "data/subprocessors.yaml:5: `purpose` has no en text: give one per site language, or one text for all"
        );
        let unknown = AWS.replace("en: All", "fr: Tout");
        assert!(
            first_error(&unknown)
                .starts_with("data/subprocessors.yaml:7: `data` has a text in `fr`"),
            "{}",
            first_error(&unknown)
        );
        let typo = AWS.replace("  added:", "  addded:");
        let message = first_error(&typo);
        assert!(
            message.starts_with("data/subprocessors.yaml:9:")
                && message.contains("did you mean `added`"),
            "{message}"
        );
        let wrong_type = AWS.replace("locations: [JP, US]", "locations: JP");
        assert!(
            first_error(&wrong_type).starts_with("data/subprocessors.yaml:8:"),
            "{}",
            first_error(&wrong_type)
        );
        let bad_date = AWS.replace("2017-10-23", "2017-13-45");
        assert!(
            first_error(&bad_date).starts_with("data/subprocessors.yaml:9:"),
            "{}",
            first_error(&bad_date)
        );
        let bad_id = AWS.replace("id: aws", "id: Amazon Web Services");
        assert!(
            first_error(&bad_id).contains(":1: id `Amazon Web Services`"),
            "{}",
            first_error(&bad_id)
        );
    }
}
