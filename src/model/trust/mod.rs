//! Trust data: the outside services that handle customers' data (subprocessors, with the
//! countries where each stores it and the dates it started, was announced and stopped) and
//! the certifications the company holds, as loaded from `data/` (by `load::data`): every
//! text in every site language, every country with its name in each, every entry with the
//! lines it came from. What is current, planned or past on a given day is asked here;
//! what a page shows of it, in one language, is `view.rs`.

pub mod view;

use std::collections::BTreeMap;
use std::path::PathBuf;

use jiff::civil::Date;

use crate::model::language::Language;

/// A text in every site language: one string written for all of them, or one each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text(BTreeMap<Language, String>);

impl Text {
    pub fn new(texts: BTreeMap<Language, String>) -> Text {
        Text(texts)
    }

    /// The text in `language` (empty for a language the site does not have).
    pub fn get(&self, language: &Language) -> &str {
        self.0.get(language).map_or("", String::as_str)
    }

    /// Every language's text, by language.
    pub fn all(&self) -> &BTreeMap<Language, String> {
        &self.0
    }
}

/// A country where data is stored: its ISO 3166-1 alpha-2 code as written and its name in
/// each site language (from CLDR). A code CLDR does not know has no names: `check` reports
/// it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    pub code: String,
    pub names: BTreeMap<Language, String>,
    /// Line of the code in its file.
    pub line: usize,
}

impl Country {
    pub fn is_known(&self) -> bool {
        !self.names.is_empty()
    }

    /// The name in `language`, or the code when there is none.
    pub fn name(&self, language: &Language) -> &str {
        self.names.get(language).map_or(&self.code, String::as_str)
    }
}

/// One outside service that handles customers' data, past, present or planned.
#[derive(Debug, Clone)]
pub struct Subprocessor {
    pub id: String,
    pub name: Text,
    pub operator: Text,
    pub purpose: Text,
    /// What data it handles.
    pub data: Text,
    pub locations: Vec<Country>,
    /// The day it started (or starts) handling data.
    pub added: Date,
    /// The day customers were told.
    pub announced: Option<Date>,
    /// The day it stopped (or stops).
    pub removed: Option<Date>,
    pub url: Option<String>,
    pub lines: SubprocessorLines,
}

/// Where each part of a subprocessor's entry is written, for `check`.
#[derive(Debug, Clone, Copy, Default)]
pub struct SubprocessorLines {
    pub entry: usize,
    pub id: usize,
    pub added: usize,
    pub announced: usize,
    pub removed: usize,
    pub locations: usize,
}

/// Where a subprocessor stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Neither announced nor started yet: a writer's preparation, shown nowhere.
    Unannounced,
    /// Announced, starting later.
    Planned,
    Current,
    Removed,
}

impl Subprocessor {
    pub fn status(&self, day: Date) -> Status {
        if self.removed.is_some_and(|removed| removed <= day) {
            Status::Removed
        } else if self.added <= day {
            Status::Current
        } else if self.announced.is_some_and(|announced| announced <= day) {
            Status::Planned
        } else {
            Status::Unannounced
        }
    }

    /// The day its addition was made known: when it was announced, or else when it started.
    pub fn made_known(&self) -> Date {
        self.announced.unwrap_or(self.added)
    }
}

/// A certification the company holds (or held).
#[derive(Debug, Clone)]
pub struct Certification {
    pub id: String,
    pub name: Text,
    /// `ISO/IEC 27001:2022`.
    pub standard: Text,
    /// The certification body.
    pub issuer: Text,
    /// The registration (certificate) number.
    pub registration: Text,
    /// Where a customer checks the registration.
    pub registry_url: String,
    pub scope: Text,
    pub valid_from: Date,
    pub valid_until: Date,
    pub lines: CertificationLines,
}

/// Where each part of a certification's entry is written, for `check`.
#[derive(Debug, Clone, Copy, Default)]
pub struct CertificationLines {
    pub entry: usize,
    pub id: usize,
    pub valid_from: usize,
    pub valid_until: usize,
}

impl Certification {
    /// Held on `day`: a portal never shows an expired certificate as held.
    pub fn is_valid_on(&self, day: Date) -> bool {
        self.valid_from <= day && day <= self.valid_until
    }
}

/// The entries of one data file, in the file's order.
#[derive(Debug, Clone)]
pub struct DataFile<T> {
    /// Relative to the site root: `data/subprocessors.yaml`.
    pub path: PathBuf,
    pub entries: Vec<T>,
}

/// Everything under `data/` that trustdocs reads; a file the site lacks is `None`.
#[derive(Debug, Clone, Default)]
pub struct TrustData {
    pub subprocessors: Option<DataFile<Subprocessor>>,
    pub certifications: Option<DataFile<Certification>>,
}

/// A change of subprocessors customers are told of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Addition,
    Removal,
}

/// One addition or removal, for the subprocessors page, its feed and the JSON export.
#[derive(Debug, Clone, Copy)]
pub struct Change<'a> {
    pub kind: ChangeKind,
    pub subprocessor: &'a Subprocessor,
    /// The day it takes effect.
    pub effective: Date,
    /// The day it was made known: what its feed entry is dated.
    pub announced: Date,
}

impl Change<'_> {
    /// Announced, not yet in effect on `day`.
    pub fn is_planned(&self, day: Date) -> bool {
        self.effective > day
    }

    /// A name for the change that stays the same from its announcement on (feed ids).
    pub fn key(&self) -> String {
        let kind = match self.kind {
            ChangeKind::Addition => "added",
            ChangeKind::Removal => "removed",
        };
        format!("{}-{kind}-{}", self.subprocessor.id, self.effective)
    }
}

impl TrustData {
    pub fn subprocessors(&self) -> &[Subprocessor] {
        self.subprocessors
            .as_ref()
            .map_or(&[][..], |f| f.entries.as_slice())
    }

    pub fn certifications(&self) -> &[Certification] {
        self.certifications
            .as_ref()
            .map_or(&[][..], |f| f.entries.as_slice())
    }

    /// The changes made known by `day`, newest announcement first. An addition is made
    /// known when it is announced (or, unannounced, when it starts); a removal, when it
    /// takes effect, unless it was announced with an addition of the same day (a service
    /// replaced by another), whose announcement it shares.
    pub fn changes(&self, day: Date) -> Vec<Change<'_>> {
        let all = self.subprocessors();
        let mut changes = Vec::new();
        for s in all {
            if s.made_known() <= day {
                changes.push(Change {
                    kind: ChangeKind::Addition,
                    subprocessor: s,
                    effective: s.added,
                    announced: s.made_known(),
                });
            }
            let Some(removed) = s.removed else { continue };
            let replaced_by = all
                .iter()
                .filter(|other| other.added == removed && other.announced.is_some())
                .map(Subprocessor::made_known)
                .min();
            let announced = replaced_by.unwrap_or(removed);
            if announced <= day {
                changes.push(Change {
                    kind: ChangeKind::Removal,
                    subprocessor: s,
                    effective: removed,
                    announced,
                });
            }
        }
        changes.sort_by(|a, b| {
            (b.announced, b.effective, a.kind, &a.subprocessor.id).cmp(&(
                a.announced,
                a.effective,
                b.kind,
                &b.subprocessor.id,
            ))
        });
        changes
    }
}

/// What `site.yaml` says about trust data and `security.txt`.
#[derive(Debug, Clone)]
pub struct TrustSettings {
    /// Days between announcing a new subprocessor and its start (`subprocessor_notice_days`).
    pub notice_days: u32,
    /// The `security:` section, when the site publishes a `security.txt`.
    pub security: Option<SecurityContact>,
}

impl Default for TrustSettings {
    fn default() -> TrustSettings {
        TrustSettings {
            notice_days: DEFAULT_NOTICE_DAYS,
            security: None,
        }
    }
}

/// What GDPR contracts usually promise: 30 days' notice of a new subprocessor.
pub const DEFAULT_NOTICE_DAYS: u32 = 30;

/// The fields of `/.well-known/security.txt` (RFC 9116) that the site sets.
#[derive(Debug, Clone)]
pub struct SecurityContact {
    /// `mailto:`, `https:` or `tel:` URIs, in order of preference.
    pub contact: Vec<String>,
    /// The last day the file is to be trusted (it expires at the end of it, site time).
    pub expires: Date,
    /// The vulnerability disclosure policy.
    pub policy: Option<String>,
    /// An OpenPGP key for encrypted reports.
    pub encryption: Option<String>,
    /// Line of `expires:` in `site.yaml`.
    pub expires_line: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn subprocessor(
        id: &str,
        added: Date,
        announced: Option<Date>,
        removed: Option<Date>,
    ) -> Subprocessor {
        Subprocessor {
            id: id.into(),
            name: Text::default(),
            operator: Text::default(),
            purpose: Text::default(),
            data: Text::default(),
            locations: Vec::new(),
            added,
            announced,
            removed,
            url: None,
            lines: SubprocessorLines::default(),
        }
    }

    #[test]
    fn a_subprocessor_is_planned_then_current_then_removed() {
        let s = subprocessor(
            "x",
            date(2025, 10, 1),
            Some(date(2025, 9, 1)),
            Some(date(2026, 1, 1)),
        );
        assert_eq!(s.status(date(2025, 8, 31)), Status::Unannounced);
        assert_eq!(s.status(date(2025, 9, 1)), Status::Planned);
        assert_eq!(s.status(date(2025, 10, 1)), Status::Current);
        assert_eq!(s.status(date(2026, 1, 1)), Status::Removed);
    }

    #[test]
    fn a_replaced_service_is_announced_with_its_successor_newest_first() {
        let data = TrustData {
            subprocessors: Some(DataFile {
                path: "data/subprocessors.yaml".into(),
                entries: vec![
                    subprocessor("old", date(2020, 1, 1), None, Some(date(2025, 7, 1))),
                    subprocessor("new", date(2025, 7, 1), Some(date(2025, 5, 30)), None),
                    subprocessor("later", date(2025, 12, 1), Some(date(2025, 10, 1)), None),
                ],
            }),
            certifications: None,
        };
        let shown: Vec<(String, Date)> = data
            .changes(date(2025, 9, 1))
            .iter()
            .map(|c| (c.key(), c.announced))
            .collect();
        assert_eq!(
            shown,
            vec![
                ("new-added-2025-07-01".to_string(), date(2025, 5, 30)),
                ("old-removed-2025-07-01".to_string(), date(2025, 5, 30)),
                ("old-added-2020-01-01".to_string(), date(2020, 1, 1)),
            ]
        );
        assert_eq!(data.changes(date(2025, 10, 1)).len(), 4);
    }
}
