//! The trust data as one page shows it: in one language, as it stands on one day. What a
//! shortcode's template gets as `trust`, and the subprocessors page as `page.subprocessors`
//! (both listed in the guide's template reference). Made of the loaded data alone, so the
//! Markdown stage (shortcodes) and the pages share it.

use jiff::civil::Date;
use serde::Serialize;

use crate::model::date::DateText;
use crate::model::language::Language;
use crate::model::trust::{
    Certification, Change, ChangeKind, Country, Status, Subprocessor, TrustData,
};
use crate::model::urls::Urls;

/// Everything a template may show of the trust data, in one language, on one day.
#[derive(Debug, Clone, Serialize)]
pub struct TrustView {
    /// The day it stands on: today, or the date of the archived revision showing it.
    pub day: DateText,
    /// Days of notice before a new subprocessor starts.
    pub notice_days: u32,
    pub subprocessors: SubprocessorsView,
    /// The countries where current subprocessors store data, by name, with the services
    /// storing there.
    pub locations: Vec<LocationView>,
    /// The certifications held on the day, in the file's order.
    pub certifications: Vec<CertificationView>,
    /// The subprocessors page of this language, when the site has subprocessors.
    pub page_url: Option<String>,
    /// Its change feed.
    pub feed_url: Option<String>,
    /// `/subprocessors.json`.
    pub json_url: Option<String>,
}

/// The subprocessors on one day.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SubprocessorsView {
    /// In effect on the day, in the file's order.
    pub current: Vec<SubprocessorView>,
    /// Announced, not yet in effect (additions and removals), soonest first.
    pub upcoming: Vec<ChangeView>,
    /// Additions and removals in effect, newest first.
    pub history: Vec<ChangeView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SubprocessorView {
    pub id: String,
    pub name: String,
    pub operator: String,
    pub purpose: String,
    pub data: String,
    pub locations: Vec<CountryView>,
    /// The country names joined as a list reads in the language (`日本、米国`).
    pub locations_text: String,
    pub added: DateText,
    pub announced: Option<DateText>,
    pub removed: Option<DateText>,
    pub url: Option<String>,
    pub status: Status,
}

#[derive(Debug, Clone, Serialize)]
pub struct CountryView {
    /// `JP`
    pub code: String,
    /// `日本`, `Japan`
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    pub kind: ChangeKind,
    /// Not yet in effect on the day.
    pub planned: bool,
    /// The day it takes effect.
    pub date: DateText,
    /// The day customers were told.
    pub announced: DateText,
    pub subprocessor: SubprocessorView,
    /// Stable over time: the id of its feed entry and its anchor on the page.
    pub key: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LocationView {
    pub code: String,
    pub name: String,
    /// The names of the current subprocessors storing data there.
    pub subprocessors: Vec<String>,
    /// Those names joined as a list reads in the language.
    pub subprocessors_text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CertificationView {
    pub id: String,
    pub name: String,
    pub standard: String,
    pub issuer: String,
    pub registration: String,
    pub registry_url: String,
    pub scope: String,
    pub valid_from: DateText,
    pub valid_until: DateText,
}

impl TrustView {
    /// The data in `language` as it stands on `day`.
    pub fn new(
        data: &TrustData,
        notice_days: u32,
        language: &Language,
        day: Date,
        urls: &Urls,
    ) -> TrustView {
        let has_subprocessors = data.subprocessors.is_some();
        let current: Vec<&Subprocessor> = data
            .subprocessors()
            .iter()
            .filter(|s| s.status(day) == Status::Current)
            .collect();
        let mut locations: Vec<LocationView> = Vec::new();
        for s in &current {
            for country in &s.locations {
                let name = s.name.get(language).to_string();
                match locations.iter_mut().find(|l| l.code == country.code) {
                    Some(known) if !known.subprocessors.contains(&name) => {
                        known.subprocessors.push(name)
                    }
                    Some(_) => {}
                    None => locations.push(LocationView {
                        code: country.code.clone(),
                        name: country.name(language).to_string(),
                        subprocessors: vec![name],
                        subprocessors_text: String::new(),
                    }),
                }
            }
        }
        for location in &mut locations {
            location.subprocessors_text = list_text(&location.subprocessors, language);
        }
        let changes = data.changes(day);
        let change = |c: &Change| ChangeView {
            kind: c.kind,
            planned: c.is_planned(day),
            date: DateText::new(c.effective, language),
            announced: DateText::new(c.announced, language),
            subprocessor: subprocessor_view(c.subprocessor, language, day),
            key: c.key(),
        };
        let mut upcoming: Vec<ChangeView> = changes
            .iter()
            .filter(|c| c.is_planned(day))
            .map(change)
            .collect();
        upcoming.sort_by(|a, b| (&a.date.iso, &a.key).cmp(&(&b.date.iso, &b.key)));
        let mut history: Vec<ChangeView> = changes
            .iter()
            .filter(|c| !c.is_planned(day))
            .map(change)
            .collect();
        history.sort_by(|a, b| (&b.date.iso, &a.key).cmp(&(&a.date.iso, &b.key)));
        TrustView {
            day: DateText::new(day, language),
            notice_days,
            subprocessors: SubprocessorsView {
                current: current
                    .iter()
                    .map(|s| subprocessor_view(s, language, day))
                    .collect(),
                upcoming,
                history,
            },
            locations,
            certifications: data
                .certifications()
                .iter()
                .filter(|c| c.is_valid_on(day))
                .map(|c| certification_view(c, language))
                .collect(),
            page_url: has_subprocessors.then(|| urls.subprocessors(language)),
            feed_url: has_subprocessors.then(|| urls.subprocessors_feed(language)),
            json_url: has_subprocessors.then(|| urls.subprocessors_json()),
        }
    }
}

pub fn subprocessor_view(s: &Subprocessor, language: &Language, day: Date) -> SubprocessorView {
    let locations: Vec<CountryView> = s
        .locations
        .iter()
        .map(|c| country_view(c, language))
        .collect();
    let names: Vec<String> = locations.iter().map(|c| c.name.clone()).collect();
    SubprocessorView {
        id: s.id.clone(),
        name: s.name.get(language).to_string(),
        operator: s.operator.get(language).to_string(),
        purpose: s.purpose.get(language).to_string(),
        data: s.data.get(language).to_string(),
        locations_text: list_text(&names, language),
        locations,
        added: DateText::new(s.added, language),
        announced: s.announced.map(|d| DateText::new(d, language)),
        removed: s.removed.map(|d| DateText::new(d, language)),
        url: s.url.clone(),
        status: s.status(day),
    }
}

/// Items joined as a list reads in `language`: `日本、米国`, `Japan, United States`.
fn list_text(items: &[String], language: &Language) -> String {
    items.join(if language.is_cjk() { "、" } else { ", " })
}

fn country_view(country: &Country, language: &Language) -> CountryView {
    CountryView {
        code: country.code.clone(),
        name: country.name(language).to_string(),
    }
}

fn certification_view(c: &Certification, language: &Language) -> CertificationView {
    CertificationView {
        id: c.id.clone(),
        name: c.name.get(language).to_string(),
        standard: c.standard.get(language).to_string(),
        issuer: c.issuer.get(language).to_string(),
        registration: c.registration.get(language).to_string(),
        registry_url: c.registry_url.clone(),
        scope: c.scope.get(language).to_string(),
        valid_from: DateText::new(c.valid_from, language),
        valid_until: DateText::new(c.valid_until, language),
    }
}
