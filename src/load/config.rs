//! `site.yaml`: the site's title per language, its address, languages and time zone.
//! Read once per build; everything downstream gets a `Config`, never the raw file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::load::data::{Texts, Written};
use crate::load::text_file::read_text;
use crate::model::language::{Language, TagProblem};
use crate::model::trust::{Text, TrustSettings};
use crate::report::error::{ConfigProblem, Error};

pub const CONFIG_FILE: &str = "site.yaml";

/// The file as written. Unknown keys are errors.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    title: BTreeMap<String, String>,
    #[serde(default)]
    description: BTreeMap<String, String>,
    base_url: String,
    languages: Vec<String>,
    #[serde(default)]
    default_language: Option<String>,
    #[serde(default = "default_time_zone")]
    time_zone: String,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default = "default_notice_days")]
    subprocessor_notice_days: u32,
    #[serde(default)]
    security: Option<crate::load::security_txt::SecurityFile>,
    #[serde(default)]
    organisation: Option<OrganisationFile>,
}

/// `organisation:` as written: who publishes the portal. Texts are one string or one per
/// language, as in `data/`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OrganisationFile {
    name: Spanned<Written>,
    #[serde(default)]
    url: Option<Spanned<String>>,
    #[serde(default)]
    links: Vec<LinkFile>,
    #[serde(default)]
    logo: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LinkFile {
    label: Spanned<Written>,
    url: Spanned<String>,
}

/// Who publishes the portal: the name the footer, the print cover and the PDFs give as
/// issuer, the company's own site, and the links every page's footer carries (privacy
/// policy, contact, …).
#[derive(Debug, Clone, Default)]
pub struct Organisation {
    pub name: Text,
    pub url: Option<String>,
    pub links: Vec<OrganisationLink>,
    /// The header's mark in place of the theme's own: a file of the theme's `static/`
    /// folder, `/`-separated (written `logo.svg` or as its site path `/static/logo.svg`);
    /// the theme checks that it is there (`Theme::load`).
    pub logo: Option<Logo>,
}

/// `organisation.logo`: the file it names under the theme's `static/` folder and the line
/// of `site.yaml` that names it.
#[derive(Debug, Clone)]
pub struct Logo {
    pub file: String,
    pub line: usize,
}

impl Logo {
    fn of(written: Spanned<String>) -> Logo {
        let value = written.value.trim();
        let file = value.strip_prefix("/static/").unwrap_or(value);
        Logo {
            file: file.to_string(),
            line: (written.referenced.line() as usize).max(1),
        }
    }
}

#[derive(Debug, Clone)]
pub struct OrganisationLink {
    pub label: Text,
    pub url: String,
}

fn default_notice_days() -> u32 {
    crate::model::trust::DEFAULT_NOTICE_DAYS
}

fn default_time_zone() -> String {
    "Asia/Tokyo".to_string()
}

fn default_theme() -> String {
    "default".to_string()
}

/// The site settings, checked.
#[derive(Debug, Clone)]
pub struct Config {
    /// Languages, the default (authoritative) one first.
    pub languages: Vec<Language>,
    pub title: BTreeMap<Language, String>,
    pub description: BTreeMap<Language, String>,
    /// Scheme and host, e.g. `https://trust.example.com`, no trailing slash.
    pub origin: String,
    /// Path prefix under which the site is served: `` or `/portal`, no trailing slash.
    pub base_path: String,
    pub time_zone: jiff::tz::TimeZone,
    pub time_zone_name: String,
    /// The name of the theme, a folder of `themes/`.
    pub theme: String,
    /// The line of `site.yaml` that names the theme (1 when it is left to the default).
    pub theme_line: usize,
    /// The notice period for subprocessors and the `security.txt` contact.
    pub trust: TrustSettings,
    /// Who publishes the portal; none when `site.yaml` does not say.
    pub organisation: Option<Organisation>,
}

impl Config {
    /// The authoritative language (Japanese in the example portal).
    pub fn default_language(&self) -> &Language {
        &self.languages[0]
    }

    /// Reads and checks `<root>/site.yaml`.
    pub fn load(root: &Path) -> Result<Config, Error> {
        let shown = PathBuf::from(CONFIG_FILE);
        let text = read_text(&root.join(CONFIG_FILE), &shown)?;
        Config::parse(&text, &shown)
    }

    pub fn parse(text: &str, shown: &Path) -> Result<Config, Error> {
        let file: ConfigFile = crate::load::yaml::from_str(text, 1, shown)?;
        let problem = |key: &str, problem: ConfigProblem| Error::Config {
            path: shown.to_path_buf(),
            line: line_of_key(text, key),
            problem,
        };

        if file.languages.is_empty() {
            return Err(problem("languages", ConfigProblem::NoLanguages));
        }
        let mut languages = Vec::new();
        for (i, code) in file.languages.iter().enumerate() {
            // At the code's own line in the list (`- xx`, or the line of `[ja, xx]`).
            let seen = file.languages[..=i].iter().filter(|c| *c == code).count();
            let at = |problem| Error::Config {
                path: shown.to_path_buf(),
                line: list_item_line(text, "languages", code, seen),
                problem,
            };
            let language = Language::of_site(code).map_err(|tag| {
                at(match tag {
                    TagProblem::NotBcp47 => ConfigProblem::BadLanguage(code.clone()),
                    TagProblem::NoCldrData => ConfigProblem::NoLanguageData(code.clone()),
                })
            })?;
            if languages.contains(&language) {
                return Err(at(ConfigProblem::DuplicateLanguage(code.clone())));
            }
            languages.push(language);
        }
        if let Some(default) = &file.default_language {
            let at = languages
                .iter()
                .position(|l| l.code() == default)
                .ok_or_else(|| {
                    problem(
                        "default_language",
                        ConfigProblem::UnknownDefault(default.clone()),
                    )
                })?;
            let first = languages.remove(at);
            languages.insert(0, first);
        }

        let mut title = BTreeMap::new();
        for language in &languages {
            let t = file.title.get(language.code()).ok_or_else(|| {
                problem("title", ConfigProblem::MissingTitle(language.code().into()))
            })?;
            title.insert(language.clone(), t.clone());
        }
        let description = languages
            .iter()
            .filter_map(|l| Some((l.clone(), file.description.get(l.code())?.clone())))
            .collect();

        let (origin, base_path) = split_base_url(&file.base_url)
            .ok_or_else(|| problem("base_url", ConfigProblem::BadBaseUrl(file.base_url.clone())))?;
        let time_zone = jiff::tz::TimeZone::get(&file.time_zone).map_err(|_| {
            problem(
                "time_zone",
                ConfigProblem::BadTimeZone(file.time_zone.clone()),
            )
        })?;

        let theme = &file.theme;
        if theme.is_empty()
            || theme == "."
            || theme == ".."
            || theme.contains(['/', '\\'])
            || crate::load::is_ignored(theme)
        {
            return Err(problem("theme", ConfigProblem::BadTheme(theme.clone())));
        }

        let security = match file.security {
            None => None,
            Some(section) => Some(
                section
                    .check(line_of_nested_key(text, "security", "expires"))
                    .map_err(|p| problem("security", p))?,
            ),
        };
        let organisation = match file.organisation {
            None => None,
            Some(written) => Some(organisation(written, shown, &languages)?),
        };
        Ok(Config {
            organisation,
            trust: TrustSettings {
                notice_days: file.subprocessor_notice_days,
                security,
            },
            theme_line: line_of_key(text, "theme"),
            languages,
            title,
            description,
            origin,
            base_path,
            time_zone,
            time_zone_name: file.time_zone,
            theme: file.theme,
        })
    }

    /// Serves the site under another address (`--base-url`).
    pub fn with_base_url(mut self, base_url: &str) -> Result<Config, ConfigProblem> {
        let (origin, base_path) = split_base_url(base_url)
            .ok_or_else(|| ConfigProblem::BadBaseUrl(base_url.to_string()))?;
        self.origin = origin;
        self.base_path = base_path;
        Ok(self)
    }
}

/// `organisation:` checked: every text in every site language, links http(s) only; the
/// first problem is the error, at its line.
fn organisation(
    written: OrganisationFile,
    shown: &Path,
    languages: &[Language],
) -> Result<Organisation, Error> {
    let mut errors = Vec::new();
    let mut texts = Texts::new(shown, languages, &mut errors);
    let name = texts.resolve("organisation.name", written.name);
    let url = written.url.map(|url| texts.url("organisation.url", url));
    let links = written
        .links
        .into_iter()
        .map(|link| OrganisationLink {
            label: texts.resolve("organisation.links.label", link.label),
            url: texts.url("organisation.links.url", link.url),
        })
        .collect();
    let logo = written.logo.map(Logo::of);
    match errors.into_iter().next() {
        Some(error) => Err(error),
        None => Ok(Organisation {
            name,
            url,
            links,
            logo,
        }),
    }
}

/// `https://host/sub/` → (`https://host`, `/sub`).
pub fn split_base_url(url: &str) -> Option<(String, String)> {
    let rest = url
        .strip_prefix("https://")
        .map(|r| ("https://", r))
        .or_else(|| url.strip_prefix("http://").map(|r| ("http://", r)))?;
    let (scheme, rest) = rest;
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if host.is_empty() || host.contains(char::is_whitespace) || path.contains(['?', '#', ' ']) {
        return None;
    }
    let path = path.trim_end_matches('/');
    Some((format!("{scheme}{host}"), path.to_string()))
}

/// The line where `key:` starts at the top level, or 1 when it is absent.
fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map_or(1, |i| i + 1)
}

/// The line of the `nth` (1-based) item `item` of the top-level list `key`, written as a
/// block (`- ja` lines) or a flow (`[ja, en]`, over one or more lines); the line of `key:`
/// when it is not found.
fn list_item_line(text: &str, key: &str, item: &str, nth: usize) -> usize {
    let start = line_of_key(text, key);
    let is_item = |token: &str| token.trim_matches(|c| c == '"' || c == '\'') == item;
    let mut found = 0;
    for (i, line) in text.lines().enumerate().skip(start - 1) {
        let content = if i + 1 == start {
            line.split_once(':').map_or("", |(_, rest)| rest)
        } else if line.starts_with(|c: char| !c.is_whitespace() && c != '-' && c != ']') {
            break;
        } else {
            line
        };
        let content = content.split(" #").next().unwrap_or(content);
        let tokens = content.split(['[', ']', ',', ' ', '\t']);
        found += tokens.filter(|t| is_item(t)).count();
        if found >= nth {
            return i + 1;
        }
    }
    start
}

/// The line of `key:` inside the top-level section `section:`, or the section's line.
fn line_of_nested_key(text: &str, section: &str, key: &str) -> usize {
    let start = line_of_key(text, section);
    text.lines()
        .enumerate()
        .skip(start)
        .take_while(|(_, l)| l.is_empty() || l.starts_with([' ', '#']))
        .find(|(_, l)| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map_or(start, |(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &str = "title:\n  ja: ポータル\n  en: Portal\nbase_url: https://x.example/sub/\nlanguages: [en, ja]\ndefault_language: ja\n";

    #[test]
    fn default_language_comes_first_and_base_path_is_split() {
        let c = Config::parse(SITE, Path::new("site.yaml")).unwrap();
        assert_eq!(c.default_language().code(), "ja");
        assert_eq!(c.origin, "https://x.example");
        assert_eq!(c.base_path, "/sub");
        assert_eq!(c.time_zone_name, "Asia/Tokyo");
    }

    #[test]
    fn unknown_key_is_reported_with_its_line() {
        let text = format!("{SITE}colour: blue\n");
        match Config::parse(&text, Path::new("site.yaml")).unwrap_err() {
            Error::Yaml { line, .. } => assert_eq!(line, 7),
            other => panic!("{other}"),
        }
    }

    #[test]
    fn missing_title_language_is_reported() {
        let text = SITE.replace("  en: Portal\n", "");
        let err = Config::parse(&text, Path::new("site.yaml")).unwrap_err();
        assert!(err.to_string().contains("no en entry"), "{err}");
    }

    #[test]
    fn a_bad_language_is_reported_at_its_line_in_the_list() {
        let line = |text: &str| match Config::parse(text, Path::new("site.yaml")) {
            Err(Error::Config { line, problem, .. }) => (line, problem.to_string()),
            other => panic!("{other:?}"),
        };
        let block = SITE.replace(
            "languages: [en, ja]\n",
            "languages:\n  - ja\n  - \"en\"\n  - xx\n",
        );
        let (at, message) = line(&block);
        assert_eq!(at, 8, "{message}");
        assert!(message.contains("no CLDR data"), "{message}");
        let flow = SITE.replace("[en, ja]", "[ja,\n  en, ja_JP]");
        let (at, message) = line(&flow);
        assert_eq!(at, 6, "{message}");
        assert!(message.contains("BCP 47"), "{message}");
        let twice = SITE.replace("[en, ja]", "\n  - ja\n  - en\n  - pt-BR\n  - ja");
        assert_eq!(line(&twice).0, 9);
    }

    #[test]
    fn the_organisation_has_its_name_in_every_language_and_its_links() {
        let text = format!(
            "{SITE}organisation:\n  name:\n    ja: 株式会社ポータル\n    en: Portal Inc.\n  \
             url: https://www.x.example/\n  links:\n    - label: {{ja: 個人情報保護方針, en: Privacy}}\n      \
             url: https://www.x.example/privacy/\n"
        );
        let c = Config::parse(&text, Path::new("site.yaml")).unwrap();
        let o = c.organisation.unwrap();
        let ja = &c.languages[0];
        assert_eq!(o.name.get(ja), "株式会社ポータル");
        assert_eq!(o.url.as_deref(), Some("https://www.x.example/"));
        assert_eq!(o.links[0].label.get(&c.languages[1]), "Privacy");
        let missing = text.replace("    en: Portal Inc.\n", "");
        let err = Config::parse(&missing, Path::new("site.yaml")).unwrap_err();
        assert!(
            err.to_string().starts_with("site.yaml:9:") && err.to_string().contains("no en text"),
            "{err}"
        );
        let bad = text.replace("url: https://www.x.example/privacy/", "url: privacy.html");
        let err = Config::parse(&bad, Path::new("site.yaml")).unwrap_err();
        assert!(err.to_string().starts_with("site.yaml:14:"), "{err}");
    }

    #[test]
    fn the_logo_is_a_file_of_the_theme_static_folder_at_its_line() {
        for written in ["/static/img/logo.svg", "img/logo.svg"] {
            let text = format!("{SITE}organisation:\n  name: Portal\n  logo: {written}\n");
            let c = Config::parse(&text, Path::new("site.yaml")).unwrap();
            let logo = c.organisation.unwrap().logo.unwrap();
            assert_eq!(
                (logo.file.as_str(), logo.line),
                ("img/logo.svg", 9),
                "{written}"
            );
        }
    }

    #[test]
    fn base_url_forms() {
        assert_eq!(
            split_base_url("https://a.b"),
            Some(("https://a.b".into(), "".into()))
        );
        assert_eq!(
            split_base_url("http://a.b/x/y/"),
            Some(("http://a.b".into(), "/x/y".into()))
        );
        assert_eq!(split_base_url("a.b/x"), None);
    }
}
