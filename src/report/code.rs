//! The short stable codes of problems, as in `error[broken-link]`: what `check --format
//! json` prints in its `code` field and what CI scripts match on. Serialised as written in
//! the comments (kebab case); never renamed.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// `read`: a file that cannot be read, or is not a regular file.
    Read,
    /// `utf8`: a file that is not UTF-8.
    Utf8,
    /// `yaml`: broken YAML, unknown keys, wrong types.
    Yaml,
    /// `front-matter`: front matter never closed; a notice without its date.
    FrontMatter,
    /// `config`: `site.yaml` settings that cannot be used.
    Config,
    /// `file-name`: a page not named `<name>.<lang>.md`.
    FileName,
    /// `missing-translation`: a page missing in a language.
    MissingTranslation,
    /// `broken-link`: a link to a page or file that does not exist.
    BrokenLink,
    /// `broken-anchor`: an `#anchor` that is no heading id of its page.
    BrokenAnchor,
    /// `draft-link`: a published page linking to a never-released document.
    DraftLink,
    /// `duplicate-id`: one explicit `{#id}` given to two headings of a page.
    DuplicateId,
    /// `symlink`: a symbolic link under `content/`, which is never followed.
    Symlink,
    /// `external-link`: an `http(s)` link that is broken (`check --external`).
    ExternalLink,
    /// `external-anchor`: an `#anchor` that is no id of the external HTML page.
    ExternalAnchor,
    /// `external-redirect`: an external link that has moved for good (301, 308).
    ExternalRedirect,
    /// `external-unchecked`: an external link the server would not answer in time (429).
    ExternalUnchecked,
    /// `template`: a template error, or a template the theme lacks.
    Template,
    /// `fluent`: a Fluent syntax error, or a language without Fluent files.
    Fluent,
    /// `fluent-missing`: a key the theme uses that a locale lacks.
    FluentMissing,
    /// `fluent-one-locale`: a key only some locales have.
    FluentOneLocale,
    /// `fluent-unused`: a key no template uses.
    FluentUnused,
    /// `duplicate-url`: two sources for one page address.
    DuplicateUrl,
    /// `no-index`: pages in a folder without an index page.
    NoIndex,
    /// `history`: a history that goes backwards, lacks a summary, or cannot be read.
    History,
    /// `extra-release`: a frozen copy its history does not list.
    ExtraRelease,
    /// `interrupted-release`: a release killed after its commit point, not yet finished.
    InterruptedRelease,
    /// `missing-release`: a revision after the first frozen one without its copy.
    MissingRelease,
    /// `unfrozen-asset`: a frozen page links to a file of its document that its release
    /// did not freeze (a release made before files were frozen): it shows today's file.
    UnfrozenAsset,
    /// `unreleased`: a document never released (`build` leaves it out).
    Unreleased,
    /// `translation-lag`: a translation behind the authoritative revision.
    TranslationLag,
    /// `translation-unversioned`: a translation without `translation_of`.
    TranslationUnversioned,
    /// `translation-version`: a `translation_of` that is not `MAJOR.MINOR` or is too new.
    TranslationVersion,
    /// `search-variants`: a group of `search.yaml` that cannot be used.
    SearchVariants,
    /// `data`: an entry of a data file that cannot be used (a text missing a language,
    /// an id or URL that is not one).
    Data,
    /// `shortcode`: an unknown shortcode, a bad argument, or its template failing.
    Shortcode,
    /// `subprocessor-notice`: a subprocessor starting before its notice period ends, or
    /// in the future without being announced.
    SubprocessorNotice,
    /// `trust-dates`: an entry removed before it was added, or valid until before valid
    /// from.
    TrustDates,
    /// `duplicate-entry`: two entries of a data file with the same id.
    DuplicateEntry,
    /// `unknown-country`: a location that is no ISO 3166-1 alpha-2 country code.
    UnknownCountry,
    /// `no-locations`: a subprocessor without a country where data is stored.
    NoLocations,
    /// `certificate-expired`: a certification past its `valid_until`.
    CertificateExpired,
    /// `certificate-expiring`: a certification within 60 days of its `valid_until`.
    CertificateExpiring,
    /// `security-txt-expiry`: `security.txt` expired, about to, or set too far ahead.
    SecurityTxtExpiry,
    /// `write`: an output file that cannot be written.
    Write,
    /// `output`: an output folder trustdocs did not write.
    Output,
    /// `pdf`: a PDF that cannot be printed (`build --pdf`), or no browser to print it.
    Pdf,
}

impl Code {
    /// The code as printed: `broken-link`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Read => "read",
            Code::Utf8 => "utf8",
            Code::Yaml => "yaml",
            Code::FrontMatter => "front-matter",
            Code::Config => "config",
            Code::FileName => "file-name",
            Code::MissingTranslation => "missing-translation",
            Code::BrokenLink => "broken-link",
            Code::BrokenAnchor => "broken-anchor",
            Code::DraftLink => "draft-link",
            Code::DuplicateId => "duplicate-id",
            Code::Symlink => "symlink",
            Code::ExternalLink => "external-link",
            Code::ExternalAnchor => "external-anchor",
            Code::ExternalRedirect => "external-redirect",
            Code::ExternalUnchecked => "external-unchecked",
            Code::Template => "template",
            Code::Fluent => "fluent",
            Code::FluentMissing => "fluent-missing",
            Code::FluentOneLocale => "fluent-one-locale",
            Code::FluentUnused => "fluent-unused",
            Code::DuplicateUrl => "duplicate-url",
            Code::NoIndex => "no-index",
            Code::History => "history",
            Code::ExtraRelease => "extra-release",
            Code::InterruptedRelease => "interrupted-release",
            Code::MissingRelease => "missing-release",
            Code::UnfrozenAsset => "unfrozen-asset",
            Code::Unreleased => "unreleased",
            Code::TranslationLag => "translation-lag",
            Code::TranslationUnversioned => "translation-unversioned",
            Code::TranslationVersion => "translation-version",
            Code::SearchVariants => "search-variants",
            Code::Data => "data",
            Code::Shortcode => "shortcode",
            Code::SubprocessorNotice => "subprocessor-notice",
            Code::TrustDates => "trust-dates",
            Code::DuplicateEntry => "duplicate-entry",
            Code::UnknownCountry => "unknown-country",
            Code::NoLocations => "no-locations",
            Code::CertificateExpired => "certificate-expired",
            Code::CertificateExpiring => "certificate-expiring",
            Code::SecurityTxtExpiry => "security-txt-expiry",
            Code::Write => "write",
            Code::Output => "output",
            Code::Pdf => "pdf",
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialise_as_they_print() {
        for code in [
            Code::Read,
            Code::Utf8,
            Code::FrontMatter,
            Code::MissingTranslation,
            Code::FluentOneLocale,
            Code::ExternalUnchecked,
            Code::TranslationUnversioned,
            Code::SubprocessorNotice,
            Code::CertificateExpiring,
            Code::SecurityTxtExpiry,
            Code::UnfrozenAsset,
            Code::Output,
        ] {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }
}
