//! The errors the stages find, each naming the file (and line) it is about. A stage
//! collects every error it can find before giving up, so a writer fixes them all in one
//! go; the run turns them into diagnostics once (`report::Report`), beside what the
//! checks find.

use std::path::PathBuf;

use jiff::civil::Date;

use crate::model::version::Version;
use crate::report::code::Code;

/// One problem that makes the site unbuildable.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}:{line}: not valid UTF-8 (save the file as UTF-8)", path.display())]
    NotUtf8 { path: PathBuf, line: usize },
    #[error("{}:{line}:{column}: {message}", path.display())]
    Yaml {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}:{line}: {problem}", path.display())]
    FrontMatter {
        path: PathBuf,
        line: usize,
        problem: FrontMatterProblem,
    },
    #[error("{}:{line}: {problem}", path.display())]
    Config {
        path: PathBuf,
        line: usize,
        problem: ConfigProblem,
    },
    #[error("{}: file name must be <name>.<lang>.md with <lang> one of {languages}", path.display())]
    BadFileName { path: PathBuf, languages: String },
    #[error("{}: this page has no {language} version: expected {}", path.display(), expected.display())]
    MissingTranslation {
        path: PathBuf,
        language: String,
        expected: PathBuf,
    },
    #[error("{}:{line}: link to `{target}` goes nowhere: {reason}", path.display())]
    BrokenLink {
        path: PathBuf,
        line: usize,
        target: String,
        reason: &'static str,
    },
    #[error("{}:{line}:{column}: template error: {message}", path.display())]
    Template {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}: missing template `{name}` (the theme must provide it)", path.display())]
    MissingTemplate { path: PathBuf, name: String },
    #[error("{}:{line}: Fluent: {message}", path.display())]
    Fluent {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{}: no Fluent files for language {language} (expected locales/{language}/*.ftl)", path.display())]
    MissingLocale { path: PathBuf, language: String },
    #[error("{}: two sources make the same page {url}: {} and {}", first.display(), first.display(), second.display())]
    DuplicateUrl {
        url: String,
        first: PathBuf,
        second: PathBuf,
    },
    #[error("{}: pages here need an index page: add index.<lang>.md to this folder", path.display())]
    NoIndex { path: PathBuf },
    #[error("{}:{line}: {problem}", path.display())]
    History {
        path: PathBuf,
        line: usize,
        problem: HistoryProblem,
    },
    #[error("{}: frozen copy of {version} has no entry in {}: add its entry there, or remove the folder if {version} was never released", path.display(), history.display())]
    ExtraRelease {
        path: PathBuf,
        version: String,
        history: PathBuf,
    },
    #[error("{}: the release of {version} was interrupted (or is still running) before {} listed it: `trustdocs build`, `check` or `release` finishes it", path.display(), history.display())]
    InterruptedRelease {
        path: PathBuf,
        version: String,
        history: PathBuf,
    },
    #[error("{}:{line}: {problem}", path.display())]
    SearchVariants {
        path: PathBuf,
        line: usize,
        problem: VariantsProblem,
    },
    #[error("{}:{line}: {problem}", path.display())]
    Data {
        path: PathBuf,
        line: usize,
        problem: DataProblem,
    },
    #[error("{}:{line}: shortcode `{name}`: {message}", path.display())]
    Shortcode {
        path: PathBuf,
        line: usize,
        name: String,
        message: String,
    },
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: `build --pdf` prints with headless Chromium and chromedriver, and {missing} is not installed (no program on PATH): install the Debian packages chromium and chromium-driver (`apt-get install chromium chromium-driver`), or build without --pdf", path.display())]
    NoBrowser { path: PathBuf, missing: String },
    #[error("{}: cannot print the PDF: {message}", path.display())]
    Print { path: PathBuf, message: String },
    #[error("{}: refusing to replace a folder that trustdocs did not write (no {marker} inside); choose another --out or remove it", path.display())]
    ForeignOutput { path: PathBuf, marker: &'static str },
}

/// What is wrong with a page's front matter, beyond YAML syntax.
#[derive(Debug, thiserror::Error)]
pub enum FrontMatterProblem {
    #[error("front matter opened with `---` is never closed with a `---` line")]
    Unclosed,
    #[error("a notice needs `date: YYYY-MM-DD` in its front matter")]
    NoticeWithoutDate,
    #[error("notice date {front_matter} does not match the date {file_name} in its file name")]
    NoticeDateMismatch {
        front_matter: String,
        file_name: String,
    },
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

/// Spellings in all groups of `search.yaml`, at most: the groups are sent with every search.
pub const MAX_VARIANT_SPELLINGS: usize = 1000;

/// What is wrong with a group of `search.yaml`, beyond YAML syntax.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum VariantsProblem {
    #[error("`{0}` is empty once normalised: write the word itself")]
    Empty(String),
    #[error(
        "`{0}` holds a space between Latin words: a query is split there, so it could never match"
    )]
    Space(String),
    #[error("this group has only one spelling (`{0}`): list two or more that mean the same")]
    Single(String),
    #[error("`{member}` is also in the group at line {line}: merge the two groups")]
    Repeated { member: String, line: usize },
    #[error(
        "more than {MAX_VARIANT_SPELLINGS} spellings: the list is sent with every search, keep it short"
    )]
    TooMany,
}

/// What is wrong with an entry of a data file (`data/*.yaml`), beyond YAML syntax.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DataProblem {
    #[error("`{field}` has no {language} text: give one per site language, or one text for all")]
    MissingLanguage {
        field: &'static str,
        language: String,
    },
    #[error("`{field}` has a text in `{language}`, which is not a site language{}", suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
    UnknownLanguage {
        field: &'static str,
        language: String,
        suggestion: Option<String>,
    },
    #[error("`{field}` is empty")]
    EmptyText { field: &'static str },
    #[error("`{field}` is empty in {language}")]
    EmptyLanguage {
        field: &'static str,
        language: String,
    },
    #[error(
        "id `{0}` must be lower-case letters, digits, `-` or `_` (it names the entry in URLs and feeds)"
    )]
    BadId(String),
    #[error("`{field}` `{url}` must be an http:// or https:// URL")]
    BadUrl { field: &'static str, url: String },
}

/// What is wrong with `site.yaml`, beyond YAML syntax.
#[derive(Debug, thiserror::Error)]
pub enum ConfigProblem {
    #[error("`languages` is empty: list at least one, e.g. [ja, en]")]
    NoLanguages,
    #[error("language `{0}` is not a valid BCP 47 language tag (like ja, en or pt-BR)")]
    BadLanguage(String),
    #[error(
        "language `{0}` has no CLDR data, so Fluent cannot choose its plural forms: use a language tag CLDR knows, like ja or en"
    )]
    NoLanguageData(String),
    #[error("language `{0}` is listed twice")]
    DuplicateLanguage(String),
    #[error("default_language `{0}` is not one of `languages`")]
    UnknownDefault(String),
    #[error("`title` has no {0} entry: give the site title in every language")]
    MissingTitle(String),
    #[error("`base_url` `{0}` must be an absolute http(s) URL, like https://trust.example.com/")]
    BadBaseUrl(String),
    #[error("unknown time zone `{0}` (use an IANA name such as Asia/Tokyo)")]
    BadTimeZone(String),
    #[error("theme `{0}` must be the name of a folder in themes/, without `/` or `..`")]
    BadTheme(String),
    #[error("theme `{name}` not found: there is no folder themes/{name}/ ({found})")]
    UnknownTheme { name: String, found: String },
    #[error("`organisation.logo` `{file}` not found: there is no file {dir}/{file}")]
    MissingLogo { file: String, dir: String },
    #[error("`security.contact` is empty: give at least one mailto:, https:// or tel: URI")]
    NoSecurityContact,
    #[error("security contact `{0}` must be a mailto:, https:// or tel: URI (RFC 9116)")]
    BadSecurityContact(String),
    #[error("`security.{key}` `{url}` must be an https:// URL (RFC 9116)")]
    BadSecurityUrl { key: &'static str, url: String },
}

impl Error {
    /// Its short stable code (see `Code`).
    pub fn code(&self) -> Code {
        match self {
            Error::Read { .. } => Code::Read,
            Error::NotUtf8 { .. } => Code::Utf8,
            Error::Yaml { .. } => Code::Yaml,
            Error::FrontMatter { .. } => Code::FrontMatter,
            Error::Config { .. } => Code::Config,
            Error::BadFileName { .. } => Code::FileName,
            Error::MissingTranslation { .. } => Code::MissingTranslation,
            Error::BrokenLink { .. } => Code::BrokenLink,
            Error::Template { .. } | Error::MissingTemplate { .. } => Code::Template,
            Error::Fluent { .. } | Error::MissingLocale { .. } => Code::Fluent,
            Error::DuplicateUrl { .. } => Code::DuplicateUrl,
            Error::NoIndex { .. } => Code::NoIndex,
            Error::History { .. } => Code::History,
            Error::ExtraRelease { .. } => Code::ExtraRelease,
            Error::InterruptedRelease { .. } => Code::InterruptedRelease,
            Error::SearchVariants { .. } => Code::SearchVariants,
            Error::Data { .. } => Code::Data,
            Error::Shortcode { .. } => Code::Shortcode,
            Error::Write { .. } => Code::Write,
            Error::ForeignOutput { .. } => Code::Output,
            Error::NoBrowser { .. } | Error::Print { .. } => Code::Pdf,
        }
    }

    /// The line the error is about, where there is one.
    pub fn line(&self) -> Option<usize> {
        match self {
            Error::NotUtf8 { line, .. }
            | Error::Yaml { line, .. }
            | Error::FrontMatter { line, .. }
            | Error::Config { line, .. }
            | Error::BrokenLink { line, .. }
            | Error::Template { line, .. }
            | Error::Fluent { line, .. }
            | Error::History { line, .. }
            | Error::SearchVariants { line, .. }
            | Error::Data { line, .. }
            | Error::Shortcode { line, .. } => Some(*line),
            _ => None,
        }
    }

    /// The column, where the parser knows it.
    pub fn column(&self) -> Option<usize> {
        match self {
            Error::Yaml { column, .. } | Error::Template { column, .. } => Some(*column),
            _ => None,
        }
    }

    /// The message without the leading `path:line:` part.
    pub fn message(&self) -> String {
        let full = self.to_string();
        let prefix = match (self.line(), self) {
            (Some(line), Error::Yaml { column, .. } | Error::Template { column, .. }) => {
                format!("{}:{line}:{column}: ", self.path().display())
            }
            (Some(line), _) => format!("{}:{line}: ", self.path().display()),
            (None, _) => format!("{}: ", self.path().display()),
        };
        full.strip_prefix(&prefix)
            .map(str::to_string)
            .unwrap_or(full)
    }

    /// The file this error is about, for sorting.
    pub fn path(&self) -> &std::path::Path {
        match self {
            Error::Read { path, .. }
            | Error::NotUtf8 { path, .. }
            | Error::Yaml { path, .. }
            | Error::FrontMatter { path, .. }
            | Error::Config { path, .. }
            | Error::BadFileName { path, .. }
            | Error::MissingTranslation { path, .. }
            | Error::BrokenLink { path, .. }
            | Error::Template { path, .. }
            | Error::MissingTemplate { path, .. }
            | Error::Fluent { path, .. }
            | Error::MissingLocale { path, .. }
            | Error::NoIndex { path }
            | Error::History { path, .. }
            | Error::ExtraRelease { path, .. }
            | Error::InterruptedRelease { path, .. }
            | Error::SearchVariants { path, .. }
            | Error::Data { path, .. }
            | Error::Shortcode { path, .. }
            | Error::Write { path, .. }
            | Error::ForeignOutput { path, .. }
            | Error::NoBrowser { path, .. }
            | Error::Print { path, .. } => path,
            Error::DuplicateUrl { first, .. } => first,
        }
    }
}

/// Line numbers of byte offsets in one text, found by binary search: cheap for the many
/// links and headings of a long page, where scanning from the start each time is quadratic.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(
                text.bytes()
                    .enumerate()
                    .filter(|(_, b)| *b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        LineIndex { starts }
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

/// 1-based line of a byte offset in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}
