//! The theme: Tera templates parsed once per build (and reused by every page), the `t()`
//! function that reads UI strings from Fluent, and the list of static files to copy.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use fluent_bundle::{FluentArgs, FluentValue};
use rustc_hash::FxHashMap;
use serde::Serialize;
use tera::{Kwargs, State, StringInput, Tera, Value};

use crate::load::config::Config;
use crate::load::locales::Locales;
use crate::load::text_file::read_text;
use crate::report::error::{ConfigProblem, Error};

pub const THEMES_DIR: &str = "themes";

/// Templates every theme must have, one per kind of page.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "home.html",
    "document.html",
    "manual.html",
    "chapter.html",
    "print.html",
    "notices.html",
    "notice.html",
    "diff.html",
    "search.html",
    "root.html",
    "404.html",
    "feed.xml",
];

/// The shared part of the context of many renders, converted for Tera once (see
/// `Theme::shared`). Its maps and lists are reference-counted: cloning it is cheap.
pub struct SharedContext(tera::Context);

pub struct Theme {
    tera: Tera,
    /// `themes/<name>`, relative to the site root.
    dir: PathBuf,
    /// Files under `static/`, relative to it, `/`-separated.
    pub static_files: Vec<String>,
    /// The shortcodes of `templates/shortcodes/`, by name, with the arguments each reads.
    pub shortcodes: crate::load::shortcode_templates::ShortcodeTemplates,
}

impl Theme {
    pub fn load(root: &Path, config: &Config, locales: Arc<Locales>) -> Result<Theme, Vec<Error>> {
        let dir = PathBuf::from(THEMES_DIR).join(&config.theme);
        if !root.join(&dir).is_dir() {
            return Err(vec![Error::Config {
                path: PathBuf::from(crate::load::config::CONFIG_FILE),
                line: config.theme_line,
                problem: ConfigProblem::UnknownTheme {
                    name: config.theme.clone(),
                    found: themes_found(root),
                },
            }]);
        }
        let templates_dir = dir.join("templates");
        let mut names = Vec::new();
        let mut errors = Vec::new();
        list_files(root, &templates_dir, "", &mut names, &mut errors);
        let mut sources = Vec::new();
        for name in &names {
            let shown = templates_dir.join(name);
            match read_text(&root.join(&shown), &shown) {
                Ok(text) => sources.push((name.clone(), text)),
                Err(e) => errors.push(e),
            }
        }
        for required in REQUIRED_TEMPLATES {
            if !names.iter().any(|n| n == required) {
                errors.push(Error::MissingTemplate {
                    path: templates_dir.clone(),
                    name: required.to_string(),
                });
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }

        let shortcodes = crate::load::shortcode_templates::find(&sources);
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        let translator = Translator::new(locales);
        tera.register_function("t", move |kwargs: Kwargs, state: &State| {
            translator.translate(kwargs, state)
        });
        tera.register_filter("css_string", |text: &str, _: Kwargs, _: &State| {
            css_string(text)
        });
        // `{{ page.title | phrases }}`: the text with a `<wbr>` at each Japanese phrase
        // break, for titles, leads, cards and navigation (never in attributes).
        tera.register_filter(
            "phrases",
            |text: StringInput, _: Kwargs, state: &State| -> tera::TeraResult<Value> {
                let html = text.rendered(state)?;
                Ok(Value::safe_string(&crate::typography::phrases::in_html(
                    &html,
                )))
            },
        );
        if let Err(e) =
            tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        {
            return Err(vec![template_error(&templates_dir, e)]);
        }

        let mut static_files = Vec::new();
        list_files(
            root,
            &dir.join("static"),
            "",
            &mut static_files,
            &mut errors,
        );
        if let Some(logo) = config.organisation.as_ref().and_then(|o| o.logo.as_ref())
            && !static_files.contains(&logo.file)
        {
            errors.push(Error::Config {
                path: PathBuf::from(crate::load::config::CONFIG_FILE),
                line: logo.line,
                problem: ConfigProblem::MissingLogo {
                    file: logo.file.clone(),
                    dir: dir.join("static").display().to_string().replace('\\', "/"),
                },
            });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Theme {
            tera,
            dir,
            static_files,
            shortcodes,
        })
    }

    /// Renders `template` with a typed context into `out`.
    pub fn render_to<C: Serialize>(
        &self,
        template: &str,
        context: &C,
        out: &mut dyn Write,
    ) -> Result<(), Error> {
        let context = tera::Context::from_serialize(context).map_err(|e| self.error(e))?;
        self.tera
            .render_to(template, &context, out)
            .map_err(|e| self.error(e))
    }

    /// Converts the part of a context that many pages share (`lang`, `site`) once, so that
    /// `render_page_to` converts only what is the page's own.
    pub fn shared<C: Serialize>(&self, context: &C) -> Result<SharedContext, Error> {
        tera::Context::from_serialize(context)
            .map(SharedContext)
            .map_err(|e| self.error(e))
    }

    /// Renders `template` with `shared` and `page` as the context's `page` into `out`.
    pub fn render_page_to<P: Serialize>(
        &self,
        template: &str,
        shared: &SharedContext,
        page: &P,
        out: &mut dyn Write,
    ) -> Result<(), Error> {
        let page = tera::Value::try_from_serializable(page).map_err(|e| self.error(e))?;
        let mut context = shared.0.clone();
        context.insert_value("page", page);
        self.tera
            .render_to(template, &context, out)
            .map_err(|e| self.error(e))
    }

    fn error(&self, e: tera::Error) -> Error {
        template_error(&self.dir.join("templates"), e)
    }

    /// Names of the loaded templates, relative to `templates/`.
    pub fn template_names(&self) -> Vec<String> {
        self.tera.get_template_names().map(str::to_string).collect()
    }

    /// `themes/<name>/templates/<name>`, relative to the site root.
    pub fn template_path(&self, name: &str) -> PathBuf {
        self.dir.join("templates").join(name)
    }

    /// `themes/<name>/static/<file>`, relative to the site root.
    pub fn static_path(&self, file: &str) -> PathBuf {
        self.dir.join("static").join(file)
    }
}

/// The `t(key="…", arg=…)` template function: a UI string in the page's language.
struct Translator {
    locales: Arc<Locales>,
    /// Messages without arguments (a dozen calls per page), by language and key, as the
    /// template values handed out: a call copies no text.
    plain: FxHashMap<String, FxHashMap<String, tera::Value>>,
}

impl Translator {
    fn new(locales: Arc<Locales>) -> Translator {
        // Formatted once here; a message that needs arguments fails without them and is
        // left to `translate`, which reports it.
        let plain = locales
            .keys
            .iter()
            .map(|(language, keys)| {
                let code = language.code();
                let messages = keys
                    .keys()
                    .filter_map(|key| {
                        let text = locales.message(code, key, None).ok()?;
                        Some((key.clone(), tera::Value::from(text)))
                    })
                    .collect();
                (code.to_string(), messages)
            })
            .collect();
        Translator { locales, plain }
    }

    fn translate(&self, kwargs: Kwargs, state: &State) -> tera::TeraResult<tera::Value> {
        let key: &str = kwargs.must_get("key")?;
        let language: tera::Value = state
            .get("lang")?
            .ok_or_else(|| tera::Error::message("t(): the template context has no `lang`"))?;
        let language = language.as_str().unwrap_or_default();
        if kwargs.iter().nth(1).is_none() {
            // Only the key, as in most calls.
            if let Some(value) = self.plain.get(language).and_then(|m| m.get(key)) {
                return Ok(value.clone());
            }
            return self
                .locales
                .message(language, key, None)
                .map(tera::Value::from)
                .map_err(tera::Error::message);
        }
        let mut args = FluentArgs::new();
        for (name, value) in kwargs.iter() {
            let Some(name) = name.as_str() else { continue };
            if name == "key" {
                continue;
            }
            let value: FluentValue = if let Some(s) = value.as_str() {
                FluentValue::from(s.to_string())
            } else if let Some(n) = value.as_i64() {
                FluentValue::from(n)
            } else if let Some(n) = value.as_f64() {
                FluentValue::from(n)
            } else {
                FluentValue::from(value.to_string())
            };
            args.set(name.to_string(), value);
        }
        let args = args.iter().next().is_some().then_some(&args);
        self.locales
            .message(language, key, args)
            .map(tera::Value::from)
            .map_err(tera::Error::message)
    }
}

fn template_error(templates_dir: &Path, e: tera::Error) -> Error {
    use tera::ErrorKind;
    match e.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let span = report.span();
            Error::Template {
                path: templates_dir.join(report.filename()),
                line: span.start_line.max(1),
                column: span.start_col + 1,
                message: report.message().to_string(),
            }
        }
        ErrorKind::TemplateNotFound(name) => Error::MissingTemplate {
            path: templates_dir.to_path_buf(),
            name: name.clone(),
        },
        ErrorKind::CircularInclude { tpl, include_chain } => Error::Template {
            path: templates_dir.join(tpl),
            line: 1,
            column: 1,
            message: format!("includes itself: {}", include_chain.join(" → ")),
        },
        ErrorKind::CircularExtend {
            tpl,
            inheritance_chain,
        } => Error::Template {
            path: templates_dir.join(tpl),
            line: 1,
            column: 1,
            message: format!("extends itself: {}", inheritance_chain.join(" → ")),
        },
        ErrorKind::MissingParent { current, parent } => Error::Template {
            path: templates_dir.join(current),
            line: 1,
            column: 1,
            message: format!("extends `{parent}`, which the theme does not have"),
        },
        _ => {
            // Some checks come as a message with a report already laid out, the place on a
            // `--> name:line:col` line: take the place from there.
            let text = e.to_string();
            let place = text
                .lines()
                .find_map(|l| l.trim_start().strip_prefix("--> "))
                .and_then(parse_place);
            let message = text
                .lines()
                .next()
                .unwrap_or_default()
                .trim_start_matches("error: ")
                .to_string();
            match place {
                Some((name, line, column)) => Error::Template {
                    path: templates_dir.join(name),
                    line,
                    column,
                    message,
                },
                None => Error::Template {
                    path: templates_dir.to_path_buf(),
                    line: 1,
                    column: 1,
                    message: text,
                },
            }
        }
    }
}

/// `document.html:3:17` → (`document.html`, 3, 17); the report's columns start at 1.
fn parse_place(place: &str) -> Option<(&str, usize, usize)> {
    let (rest, column) = place.trim().rsplit_once(':')?;
    let (name, line) = rest.rsplit_once(':')?;
    Some((name, line.parse().ok()?, column.parse().ok()?))
}

/// What `themes/` holds, for the error that names a theme it lacks.
fn themes_found(root: &Path) -> String {
    let Ok(entries) = std::fs::read_dir(root.join(THEMES_DIR)) else {
        return format!("there is no {THEMES_DIR}/ folder either");
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| !crate::load::is_ignored(name))
        .collect();
    names.sort();
    if names.is_empty() {
        format!("{THEMES_DIR}/ holds no theme")
    } else {
        format!("{THEMES_DIR}/ holds: {}", names.join(", "))
    }
}

/// Files under `root/dir`, recursively, as `/`-separated paths relative to `dir`.
fn list_files(
    root: &Path,
    dir: &Path,
    prefix: &str,
    out: &mut Vec<String>,
    errors: &mut Vec<Error>,
) {
    let entries = match std::fs::read_dir(root.join(dir)) {
        Ok(entries) => entries,
        Err(source) if prefix.is_empty() && source.kind() == std::io::ErrorKind::NotFound => return,
        Err(source) => {
            errors.push(Error::Read {
                path: dir.to_path_buf(),
                source,
            });
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(|e| e.ok()).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        if crate::load::is_ignored(&name) {
            continue;
        }
        let rel = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        match entry.file_type() {
            Ok(t) if t.is_dir() => list_files(root, &dir.join(&name), &rel, out, errors),
            Ok(t) if t.is_file() => out.push(rel),
            _ => {}
        }
    }
}

/// `text` as the inside of a double-quoted CSS string, for what only CSS can show (the
/// running header of a printed sheet): quotes, backslashes and line breaks escaped, and `<`,
/// `>`, `&` too, so that the string can neither end the `<style>` element it stands in nor
/// read as markup there.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' | '\'' => out.push_str(&format!("\\{:x} ", c as u32)),
            c if c.is_control() => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod css_string_tests {
    use super::css_string;

    #[test]
    fn a_css_string_cannot_end_its_quotes_nor_its_style_element() {
        assert_eq!(css_string("第4.6版"), "第4.6版");
        assert_eq!(css_string(r#"a"b\c"#), r"a\22 b\5c c");
        assert_eq!(css_string("</style>"), r"\3c /style\3e ");
        assert_eq!(css_string("a\nb"), r"a\a b");
    }
}
