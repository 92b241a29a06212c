//! The trust data against today: a subprocessor that starts before its notice period
//! ends (or in the future without being announced), dates out of order, repeated ids,
//! unknown countries, entries without locations, certifications expired or about to, and
//! `security.txt`'s expiry. Each at its line; what is "today" is the run's (the site's time
//! zone), so the same sources and day give the same findings.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::load::config::{CONFIG_FILE, Config};
use crate::model::trust::TrustData;
use crate::report::{Code, Diagnostic};

/// Days before its end from which a certification is reported as expiring.
pub const CERTIFICATE_WARNING_DAYS: i64 = 60;
/// Days before its expiry from which `security.txt` is reported as expiring.
pub const SECURITY_TXT_WARNING_DAYS: i64 = 30;
/// RFC 9116 2.5.5: an expiry "less than a year into the future" is recommended.
pub const SECURITY_TXT_MAX_DAYS: i64 = 366;

pub fn trust_data(config: &Config, data: &TrustData, today: Date) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if let Some(file) = &data.subprocessors {
        subprocessors(
            &file.path,
            data,
            config.trust.notice_days,
            today,
            &mut found,
        );
    }
    if let Some(file) = &data.certifications {
        certifications(&file.path, data, today, &mut found);
    }
    security_txt(config, today, &mut found);
    found
}

fn subprocessors(
    path: &Path,
    data: &TrustData,
    notice_days: u32,
    today: Date,
    found: &mut Vec<Diagnostic>,
) {
    let error = |line: usize, code: Code, message: String| {
        Diagnostic::error(path, Some(line), code, message)
    };
    let mut first_of: BTreeMap<&str, usize> = BTreeMap::new();
    for s in data.subprocessors() {
        let lines = &s.lines;
        if let Some(first) = first_of.insert(&s.id, lines.id) {
            first_of.insert(&s.id, first);
            found.push(error(
                lines.id,
                Code::DuplicateEntry,
                format!("id `{}` is already used on line {first}: give each subprocessor its own (an entry stays in the file after removal)", s.id),
            ));
        }
        match s.announced {
            Some(announced) => {
                let days = (s.added - announced).get_days();
                // A notice period beyond the calendar's end is never over.
                let period = jiff::Span::new()
                    .try_days(i64::from(notice_days))
                    .ok()
                    .and_then(|span| announced.checked_add(span).ok())
                    .unwrap_or(Date::MAX);
                if s.added < period {
                    found.push(error(
                        lines.added,
                        Code::SubprocessorNotice,
                        format!(
                            "`{}` starts {} but was announced {announced}, {days} days before: the notice period is {notice_days} days (subprocessor_notice_days), so it may start {period} at the earliest",
                            s.id, s.added
                        ),
                    ));
                }
            }
            None if s.added > today => found.push(error(
                lines.added,
                Code::SubprocessorNotice,
                format!(
                    "`{}` starts {} (in the future) without `announced`: say when customers were told, at least {notice_days} days before",
                    s.id, s.added
                ),
            )),
            None => {}
        }
        if let Some(removed) = s.removed
            && removed < s.added
        {
            found.push(error(
                lines.removed,
                Code::TrustDates,
                format!(
                    "`{}` is removed {removed}, before it was added ({})",
                    s.id, s.added
                ),
            ));
        }
        if s.locations.is_empty() {
            found.push(error(
                lines.locations,
                Code::NoLocations,
                format!("`{}` has no locations: list the countries where it stores data, as ISO 3166-1 codes such as JP", s.id),
            ));
        }
        for country in &s.locations {
            if !country.is_known() {
                let upper = country.code.to_ascii_uppercase();
                let hint = if upper != country.code && upper.len() == 2 {
                    format!(" (write it in capitals: {upper})")
                } else {
                    String::new()
                };
                found.push(error(
                    country.line,
                    Code::UnknownCountry,
                    format!(
                        "`{}` is not an ISO 3166-1 alpha-2 country code{hint}",
                        country.code
                    ),
                ));
            }
        }
    }
}

fn certifications(path: &Path, data: &TrustData, today: Date, found: &mut Vec<Diagnostic>) {
    let mut first_of: BTreeMap<&str, usize> = BTreeMap::new();
    for c in data.certifications() {
        let lines = &c.lines;
        if let Some(first) = first_of.insert(&c.id, lines.id) {
            first_of.insert(&c.id, first);
            found.push(Diagnostic::error(
                path,
                Some(lines.id),
                Code::DuplicateEntry,
                format!("id `{}` is already used on line {first}", c.id),
            ));
        }
        if c.valid_until < c.valid_from {
            found.push(Diagnostic::error(
                path,
                Some(lines.valid_until),
                Code::TrustDates,
                format!(
                    "`{}` is valid until {}, before it is valid from ({})",
                    c.id, c.valid_until, c.valid_from
                ),
            ));
        } else if c.valid_until < today {
            found.push(Diagnostic::error(
                path,
                Some(lines.valid_until),
                Code::CertificateExpired,
                format!("`{}` expired on {} (today is {today}): renew it and update valid_from and valid_until, or remove it; the portal does not show it as held", c.id, c.valid_until),
            ));
        } else if days_between(today, c.valid_until) <= CERTIFICATE_WARNING_DAYS {
            found.push(Diagnostic::warning(
                path,
                Some(lines.valid_until),
                Code::CertificateExpiring,
                format!(
                    "`{}` expires on {}, in {} days",
                    c.id,
                    c.valid_until,
                    days_between(today, c.valid_until)
                ),
            ));
        }
    }
}

fn security_txt(config: &Config, today: Date, found: &mut Vec<Diagnostic>) {
    let Some(security) = &config.trust.security else {
        return;
    };
    let path = PathBuf::from(CONFIG_FILE);
    let line = Some(security.expires_line);
    let expires = security.expires;
    let days = days_between(today, expires);
    if expires < today {
        found.push(Diagnostic::error(
            &path,
            line,
            Code::SecurityTxtExpiry,
            format!("security.txt expired on {expires} (today is {today}): set a new `expires`, less than a year ahead"),
        ));
    } else if days <= SECURITY_TXT_WARNING_DAYS {
        found.push(Diagnostic::warning(
            &path,
            line,
            Code::SecurityTxtExpiry,
            format!("security.txt expires on {expires}, in {days} days"),
        ));
    } else if days > SECURITY_TXT_MAX_DAYS {
        found.push(Diagnostic::warning(
            &path,
            line,
            Code::SecurityTxtExpiry,
            format!("security.txt expires on {expires}, more than a year ahead: RFC 9116 advises less, so that the information is reviewed"),
        ));
    }
}

/// Whole days from `from` to `to`.
fn days_between(from: Date, to: Date) -> i64 {
    i64::from((to - from).get_days())
}
