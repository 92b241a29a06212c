//! Loading: the site's files read from disk and checked as they are parsed (`site.yaml`,
//! `content/` with front matter, histories and frozen releases, the Fluent files, the
//! theme's templates). The result is the model; nothing here renders.

pub mod config;
pub mod content;
pub mod front_matter;
pub mod history;
pub mod locales;
pub mod text_file;
pub mod theme;
pub mod yaml;

/// Today's date in the site's time zone, or from `TRUSTDOCS_NOW` (an RFC 3339 instant,
/// for tests): a release at 08:00 JST on July 1 is dated July 1, although it is still
/// June 30 in UTC.
pub fn today(time_zone: &jiff::tz::TimeZone) -> jiff::civil::Date {
    let now = std::env::var("TRUSTDOCS_NOW")
        .ok()
        .and_then(|s| s.parse::<jiff::Timestamp>().ok())
        .unwrap_or_else(jiff::Timestamp::now);
    time_zone.to_datetime(now).date()
}
