//! A document's revision history, `history.yaml`: the single source of truth of its
//! versions, dates and summaries. The revision table, archives, "what changed" pages and
//! feeds are all derived from it; nobody types the table by hand.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use jiff::civil::Date;
use serde::Deserialize;

use crate::error::Error;
use crate::language::Language;

/// `MAJOR.MINOR`, compared numerically: 4.10 comes after 4.9.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    pub major: u32,
    pub minor: u32,
}

impl Version {
    pub fn next_minor(self) -> Version {
        Version {
            major: self.major,
            minor: self.minor + 1,
        }
    }

    pub fn next_major(self) -> Version {
        Version {
            major: self.major + 1,
            minor: 0,
        }
    }
}

impl FromStr for Version {
    type Err = ();

    fn from_str(s: &str) -> Result<Version, ()> {
        let (major, minor) = s.split_once('.').ok_or(())?;
        let number = |p: &str| {
            if p.is_empty()
                || !p.bytes().all(|b| b.is_ascii_digit())
                || (p.len() > 1 && p.starts_with('0'))
            {
                return Err(());
            }
            p.parse::<u32>().map_err(|_| ())
        };
        Ok(Version {
            major: number(major)?,
            minor: number(minor)?,
        })
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// One released revision.
#[derive(Debug, Clone)]
pub struct Revision {
    pub version: Version,
    pub date: Date,
    pub summary: BTreeMap<Language, String>,
    /// Line of its entry in `history.yaml`.
    pub line: usize,
}

/// A document's revisions, oldest first.
#[derive(Debug, Clone, Default)]
pub struct History {
    pub path: PathBuf,
    pub revisions: Vec<Revision>,
}

/// An entry as written in the file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    version: VersionText,
    date: Date,
    summary: BTreeMap<String, String>,
}

/// A version may be written `"4.5"` or `4.5`; YAML reads the latter as a number.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum VersionText {
    Text(String),
    Number(f64),
}

/// What is wrong with a history, beyond YAML syntax.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HistoryProblem {
    #[error(
        "version `{0}` is not MAJOR.MINOR (e.g. \"4.5\"); quote it so YAML keeps it as written"
    )]
    BadVersion(String),
    #[error(
        "version {0} is written as a number, which YAML reads as a decimal (1.10 becomes 1.1): quote it, e.g. version: \"1.10\""
    )]
    UnquotedVersion(String),
    #[error(
        "version {version} does not come after {previous}: list revisions oldest first, versions increasing"
    )]
    NotIncreasing { version: Version, previous: Version },
    #[error("version {0} is listed twice")]
    Duplicate(Version),
    #[error("date {date} of {version} is before {previous_date}, the date of {previous}")]
    DateBackwards {
        version: Version,
        date: Date,
        previous: Version,
        previous_date: Date,
    },
    #[error("date {date} of {version} is in the future (today is {today} in the site's time zone)")]
    DateInFuture {
        version: Version,
        date: Date,
        today: Date,
    },
    #[error("{version} has no summary in {language}")]
    MissingSummary { version: Version, language: String },
    #[error("summary language `{language}` of {version} is not a site language")]
    UnknownSummaryLanguage { version: Version, language: String },
}

impl History {
    /// Parses `history.yaml` text. `today` is the date in the site's time zone.
    pub fn parse(
        text: &str,
        path: &Path,
        languages: &[Language],
        today: Date,
    ) -> Result<History, Vec<Error>> {
        let entries: Vec<Entry> = if text.trim().is_empty() {
            Vec::new()
        } else {
            crate::yaml::from_str(text, 1, path).map_err(|e| vec![e])?
        };
        let lines = entry_lines(text);
        let mut errors = Vec::new();
        let problem = |line: usize, problem: HistoryProblem| Error::History {
            path: path.to_path_buf(),
            line,
            problem,
        };
        let mut revisions: Vec<Revision> = Vec::new();
        for (i, entry) in entries.into_iter().enumerate() {
            let line = lines.get(i).copied().unwrap_or(1);
            let written = match entry.version {
                VersionText::Text(t) => t,
                VersionText::Number(n) => {
                    // YAML has already read 1.10 as the number 1.1: what was written is lost.
                    errors.push(problem(
                        line,
                        HistoryProblem::UnquotedVersion(n.to_string()),
                    ));
                    continue;
                }
            };
            let Ok(version) = written.parse::<Version>() else {
                errors.push(problem(line, HistoryProblem::BadVersion(written)));
                continue;
            };
            let mut summary = BTreeMap::new();
            for (code, text) in entry.summary {
                match languages.iter().find(|l| l.code() == code) {
                    Some(l) => {
                        summary.insert(l.clone(), text.trim().to_string());
                    }
                    None => errors.push(problem(
                        line,
                        HistoryProblem::UnknownSummaryLanguage {
                            version,
                            language: code,
                        },
                    )),
                }
            }
            for language in languages {
                if summary.get(language).is_none_or(|s| s.is_empty()) {
                    errors.push(problem(
                        line,
                        HistoryProblem::MissingSummary {
                            version,
                            language: language.code().to_string(),
                        },
                    ));
                }
            }
            if let Some(previous) = revisions.last() {
                if version == previous.version || revisions.iter().any(|r| r.version == version) {
                    errors.push(problem(line, HistoryProblem::Duplicate(version)));
                } else if version < previous.version {
                    errors.push(problem(
                        line,
                        HistoryProblem::NotIncreasing {
                            version,
                            previous: previous.version,
                        },
                    ));
                }
                if entry.date < previous.date {
                    errors.push(problem(
                        line,
                        HistoryProblem::DateBackwards {
                            version,
                            date: entry.date,
                            previous: previous.version,
                            previous_date: previous.date,
                        },
                    ));
                }
            }
            if entry.date > today {
                errors.push(problem(
                    line,
                    HistoryProblem::DateInFuture {
                        version,
                        date: entry.date,
                        today,
                    },
                ));
            }
            revisions.push(Revision {
                version,
                date: entry.date,
                summary,
                line,
            });
        }
        if errors.is_empty() {
            Ok(History {
                path: path.to_path_buf(),
                revisions,
            })
        } else {
            Err(errors)
        }
    }

    pub fn latest(&self) -> Option<&Revision> {
        self.revisions.last()
    }

    pub fn get(&self, version: Version) -> Option<&Revision> {
        self.revisions.iter().find(|r| r.version == version)
    }
}

/// Lines where top-level list entries (`- version: …`) start, in order.
fn entry_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("- ") || *l == "-")
        .map(|(i, _)| i + 1)
        .collect()
}

/// Today's date in the site's time zone, or from `TRUSTDOCS_NOW` (an RFC 3339 instant,
/// for tests): a release at 08:00 JST on July 1 is dated July 1, although it is still
/// June 30 in UTC.
pub fn today(time_zone: &jiff::tz::TimeZone) -> Date {
    let now = std::env::var("TRUSTDOCS_NOW")
        .ok()
        .and_then(|s| s.parse::<jiff::Timestamp>().ok())
        .unwrap_or_else(jiff::Timestamp::now);
    time_zone.to_datetime(now).date()
}

/// The YAML text of one entry, appended to `history.yaml` by `release`.
pub fn entry_yaml(version: Version, date: Date, summary: &BTreeMap<Language, String>) -> String {
    let mut text = format!("- version: \"{version}\"\n  date: {date}\n  summary:\n");
    for (language, line) in summary {
        let quoted = line.replace('\\', "\\\\").replace('"', "\\\"");
        text.push_str(&format!("    {}: \"{quoted}\"\n", language.code()));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn langs() -> Vec<Language> {
        vec![
            Language::parse("ja").unwrap(),
            Language::parse("en").unwrap(),
        ]
    }

    fn parse(text: &str) -> Result<History, Vec<Error>> {
        History::parse(
            text,
            Path::new("h.yaml"),
            &langs(),
            jiff::civil::date(2025, 12, 31),
        )
    }

    #[test]
    fn versions_compare_numerically() {
        let v = |s: &str| s.parse::<Version>().unwrap();
        assert!(v("4.10") > v("4.9"));
        assert!(v("10.0") > v("9.9"));
        assert_eq!(v("4.9").next_minor(), v("4.10"));
        assert_eq!(v("4.9").next_major(), v("5.0"));
        assert!("4".parse::<Version>().is_err());
        assert!("4.x".parse::<Version>().is_err());
        assert!("04.1".parse::<Version>().is_err());
    }

    #[test]
    fn history_in_order_parses() {
        let h = parse("- version: \"4.9\"\n  date: 2025-01-01\n  summary: {ja: あ, en: a}\n- version: \"4.10\"\n  date: 2025-02-01\n  summary: {ja: い, en: b}\n").unwrap();
        assert_eq!(h.revisions.len(), 2);
        assert_eq!(h.revisions[1].line, 4);
        assert_eq!(h.latest().unwrap().version.to_string(), "4.10");
    }

    #[test]
    fn problems_are_reported_at_their_entry() {
        let text = "- version: \"2.0\"\n  date: 2025-03-01\n  summary: {ja: あ, en: a}\n- version: \"1.0\"\n  date: 2025-01-01\n  summary: {ja: い}\n- version: \"3.0\"\n  date: 2030-01-01\n  summary: {ja: う, en: c}\n";
        let errors = parse(text).unwrap_err();
        let shown: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert!(
            shown
                .iter()
                .any(|e| e.contains("h.yaml:4") && e.contains("no summary in en")),
            "{shown:?}"
        );
        assert!(
            shown
                .iter()
                .any(|e| e.contains("h.yaml:4") && e.contains("does not come after 2.0")),
            "{shown:?}"
        );
        assert!(
            shown
                .iter()
                .any(|e| e.contains("h.yaml:4") && e.contains("before 2025-03-01")),
            "{shown:?}"
        );
        assert!(
            shown
                .iter()
                .any(|e| e.contains("h.yaml:7") && e.contains("in the future")),
            "{shown:?}"
        );
    }

    #[test]
    fn unparseable_version_is_reported() {
        let errors = parse("- version: \"v4\"\n  date: 2025-01-01\n  summary: {ja: あ, en: a}\n")
            .unwrap_err();
        assert!(
            errors[0].to_string().contains("not MAJOR.MINOR"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn release_date_is_taken_in_the_site_time_zone() {
        let tokyo = jiff::tz::TimeZone::get("Asia/Tokyo").unwrap();
        // 2025-06-30 23:00 UTC is 2025-07-01 08:00 in Tokyo.
        unsafe { std::env::set_var("TRUSTDOCS_NOW", "2025-06-30T23:00:00Z") };
        assert_eq!(today(&tokyo), jiff::civil::date(2025, 7, 1));
        assert_eq!(
            today(&jiff::tz::TimeZone::UTC),
            jiff::civil::date(2025, 6, 30)
        );
        unsafe { std::env::remove_var("TRUSTDOCS_NOW") };
    }
}
