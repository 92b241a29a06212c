//! Reading `history.yaml`: every entry checked (versions increasing, dates in order and
//! not in the future, a summary in every site language), each problem at its line; and
//! the text of a new entry, which `release` appends.

use std::collections::BTreeMap;
use std::path::Path;

use jiff::civil::Date;
use serde::Deserialize;

use crate::model::history::{History, Revision};
use crate::model::language::Language;
use crate::model::version::Version;
use crate::report::error::{Error, HistoryProblem};

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
        crate::load::yaml::from_str(text, 1, path).map_err(|e| vec![e])?
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
        // A problem with the date is shown on the entry's `date:` line.
        let date_line = key_line(text, line, lines.get(i + 1).copied(), "date");
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
                    date_line,
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
                date_line,
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

/// Lines where top-level list entries (`- version: …`) start, in order.
fn entry_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("- ") || *l == "-")
        .map(|(i, _)| i + 1)
        .collect()
}

/// The line of `key:` in the entry that starts on line `start` (before line `next`, where
/// the next entry starts), in block (`  date: …`) or flow (`- {date: …}`) form; `start`
/// when it is not found.
fn key_line(text: &str, start: usize, next: Option<usize>, key: &str) -> usize {
    let is_key = |part: &str| {
        part.trim_start_matches(|c: char| c == '-' || c == '{' || c.is_whitespace())
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
    };
    text.lines()
        .enumerate()
        .skip(start - 1)
        .take(next.map_or(usize::MAX, |n| n.saturating_sub(start)))
        .find(|(_, line)| line.split(',').any(is_key))
        .map_or(start, |(i, _)| i + 1)
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
        super::parse(
            text,
            Path::new("h.yaml"),
            &langs(),
            jiff::civil::date(2025, 12, 31),
        )
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
                .any(|e| e.contains("h.yaml:5") && e.contains("before 2025-03-01")),
            "{shown:?}"
        );
        assert!(
            shown
                .iter()
                .any(|e| e.contains("h.yaml:8") && e.contains("in the future")),
            "{shown:?}"
        );
    }

    #[test]
    fn a_date_problem_is_shown_on_the_date_line() {
        let text = "- version: \"1.0\"\n  summary: {ja: あ, en: a}\n  date: 2030-01-01\n\
                    - {version: \"1.1\", summary: {ja: い, en: b}, date: 2024-01-01}\n";
        let shown: Vec<String> = parse(text)
            .unwrap_err()
            .iter()
            .map(|e| e.to_string())
            .collect();
        assert!(
            shown
                .iter()
                .any(|e| e.starts_with("h.yaml:3: date 2030-01-01")),
            "{shown:?}"
        );
        assert!(
            shown
                .iter()
                .any(|e| e.starts_with("h.yaml:4: date 2024-01-01")),
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
}
