//! Shortcodes: a paragraph made of lines like `{{ subprocessors() }}` or
//! `{{ certifications(id="isms") }}` is rendered by the theme's template
//! `shortcodes/<name>.html` instead of as text, in the page's language, with the trust data
//! as it stands on the page's day (today for the current copy, the revision's date for an
//! archived one). The syntax is Zola's: nothing in CommonMark reads `{{` specially, and a
//! line that is not `{{ name(…) }}` (`{{ x }}` in a sentence, code spans, code blocks) is
//! left as it is. An unknown shortcode, a bad argument or a template error is an error at
//! the Markdown line; the search index gets the text the template rendered.

use std::collections::BTreeMap;
use std::ops::Range;

use jiff::civil::Date;
use pulldown_cmark::{CowStr, Event};
use serde::Serialize;

use crate::load::locales::Locales;
use crate::load::shortcode_templates::{is_name_byte, template_name};
use crate::load::theme::Theme;
use crate::load::{Partial, Site};
use crate::markdown::stream::Stream;
use crate::model::trust::TrustData;
use crate::model::trust::view::TrustView;
use crate::model::urls::Urls;
use crate::report::error::Error;

/// What shortcodes render with: the theme's templates and the site's trust data (and the
/// theme's UI strings, for the rest of the Markdown's few words of its own).
pub struct Shortcodes<'a> {
    pub theme: &'a Theme,
    /// The theme's UI strings: the few words the Markdown itself needs (the names of a
    /// task list's checkboxes).
    pub locales: &'a Locales,
    pub trust: &'a TrustData,
    pub notice_days: u32,
    pub urls: &'a Urls,
    /// Today in the site's time zone: the day the current copies show.
    pub today: Date,
}

impl<'a> Shortcodes<'a> {
    /// What a site that may have problems renders shortcodes with, when its theme loaded
    /// (without one they stay text, and the theme's errors are reported).
    pub fn of_partial(site: &'a Partial, urls: &'a Urls) -> Option<Shortcodes<'a>> {
        Some(Shortcodes {
            theme: site.theme.as_ref()?,
            locales: site.locales.as_deref()?,
            trust: &site.trust,
            notice_days: site.config.trust.notice_days,
            urls,
            today: site.today,
        })
    }

    pub fn of_site(site: &'a Site, urls: &'a Urls) -> Shortcodes<'a> {
        Shortcodes {
            theme: &site.theme,
            locales: &site.locales,
            trust: &site.trust,
            notice_days: site.config.trust.notice_days,
            urls,
            today: site.today,
        }
    }
}

/// The shortcodes of one page copy: with the day whose data it shows.
#[derive(Clone, Copy)]
pub struct ShortcodeDay<'a> {
    pub shortcodes: &'a Shortcodes<'a>,
    pub day: Date,
}

/// A shortcode's template context: `lang`, `args` (what the call passed) and `trust`.
#[derive(Serialize)]
struct Context<'c> {
    lang: &'c str,
    args: &'c BTreeMap<String, serde_json::Value>,
    trust: TrustView,
}

/// One call as written.
#[derive(Debug, PartialEq)]
struct Call {
    name: String,
    args: BTreeMap<String, serde_json::Value>,
}

impl<'a> Stream<'a, '_> {
    /// Renders the paragraph at `range` as shortcodes if it is made of them: true when it
    /// was (its events are then to be skipped up to its end).
    pub(super) fn shortcode_paragraph(&mut self, range: &Range<usize>) -> bool {
        let Some(day) = self.input.shortcodes else {
            return false;
        };
        let body = self.input.body;
        let Some(source) = body.get(range.clone()) else {
            return false;
        };
        if !source.trim_start().starts_with("{{") {
            return false;
        }
        let lines: Vec<&str> = source
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if !lines.iter().all(|l| looks_like_call(l)) {
            return false;
        }
        self.flush_run();
        let first_line = self.lines.line(range.start);
        for (i, text) in lines.iter().enumerate() {
            let line = first_line + i;
            self.used_shortcodes = true;
            match parse_call(text).and_then(|call| render(&call, day, self.input.language.code())) {
                Ok((html, search_text)) => {
                    self.push(Event::Html(CowStr::from(html)), range.clone());
                    self.shortcode_texts
                        .push((self.events.len() - 1, search_text));
                }
                Err(problem) => self.errors.push(Error::Shortcode {
                    path: self.input.path.to_path_buf(),
                    line,
                    name: name_of(text).to_string(),
                    message: problem,
                }),
            }
        }
        true
    }
}

/// `{{ name(` … `) }}`: a line meant as a shortcode (whose arguments may still be wrong).
fn looks_like_call(line: &str) -> bool {
    let Some(inner) = line.strip_prefix("{{").and_then(|l| l.strip_suffix("}}")) else {
        return false;
    };
    let inner = inner.trim();
    let name_end = inner
        .bytes()
        .position(|b| !is_name_byte(b))
        .unwrap_or(inner.len());
    name_end > 0 && inner[name_end..].trim_start().starts_with('(') && inner.ends_with(')')
}

/// The name of a call that `looks_like_call`.
fn name_of(line: &str) -> &str {
    let inner = line.trim_start_matches('{').trim_start();
    let end = inner
        .bytes()
        .position(|b| !is_name_byte(b))
        .unwrap_or(inner.len());
    &inner[..end]
}

/// Parses a line that `looks_like_call`: `name(key="text", n=3, flag=true)`.
fn parse_call(line: &str) -> Result<Call, String> {
    let name = name_of(line).to_string();
    let inner = line.trim_start_matches('{').trim_end_matches('}').trim();
    let open = inner.find('(').unwrap_or(inner.len());
    let args_text = inner[open + 1..].strip_suffix(')').unwrap_or_default();
    let mut args = BTreeMap::new();
    let mut rest = args_text.trim_start();
    while !rest.is_empty() {
        let key_end = rest
            .bytes()
            .position(|b| !is_name_byte(b))
            .unwrap_or(rest.len());
        if key_end == 0 {
            return Err(format!(
                "expected an argument like `key=\"value\"`, found `{}`",
                clip(rest)
            ));
        }
        let key = rest[..key_end].replace('-', "_");
        rest = rest[key_end..].trim_start();
        rest = rest
            .strip_prefix('=')
            .ok_or_else(|| format!("argument `{key}` needs a value: `{key}=\"…\"`"))?
            .trim_start();
        let (value, after) = parse_value(rest).map_err(|e| format!("argument `{key}`: {e}"))?;
        if args.insert(key.clone(), value).is_some() {
            return Err(format!("argument `{key}` is given twice"));
        }
        rest = after.trim_start();
        if let Some(after_comma) = rest.strip_prefix(',') {
            rest = after_comma.trim_start();
        } else if !rest.is_empty() {
            return Err(format!(
                "expected `,` between arguments, found `{}`",
                clip(rest)
            ));
        }
    }
    Ok(Call { name, args })
}

/// A value: `"text"` (with `\"` and `\\`), an integer, `true` or `false`.
fn parse_value(text: &str) -> Result<(serde_json::Value, &str), String> {
    if let Some(quoted) = text.strip_prefix('"') {
        let mut value = String::new();
        let mut chars = quoted.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => return Ok((value.into(), &quoted[i + 1..])),
                '\\' => match chars.next() {
                    Some((_, escaped @ ('"' | '\\'))) => value.push(escaped),
                    Some((_, 'n')) => value.push('\n'),
                    _ => return Err("only `\\\"`, `\\\\` and `\\n` may follow `\\`".into()),
                },
                _ => value.push(c),
            }
        }
        return Err("the text is never closed with `\"`".into());
    }
    let end = text
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
        .unwrap_or(text.len());
    let (word, rest) = text.split_at(end);
    match word {
        "true" => Ok((true.into(), rest)),
        "false" => Ok((false.into(), rest)),
        _ => word.parse::<i64>().map(|n| (n.into(), rest)).map_err(|_| {
            format!(
                "`{}` is not a value: quote a text (\"…\"), or give a whole number, true or false",
                clip(text)
            )
        }),
    }
}

/// The start of `text`, for a message.
fn clip(text: &str) -> String {
    text.chars().take(30).collect()
}

/// Renders a call: its HTML, and its text for the search index.
fn render(call: &Call, day: ShortcodeDay, lang: &str) -> Result<(String, String), String> {
    let shortcodes = day.shortcodes;
    let theme = shortcodes.theme;
    let Some(takes) = theme.shortcodes.get(&call.name) else {
        let known = theme.shortcodes.keys().map(String::as_str);
        let hint = match crate::report::suggest::closest(&call.name, known) {
            Some(best) => format!(" (did you mean `{best}`?)"),
            None => String::new(),
        };
        let listed: Vec<&str> = theme.shortcodes.keys().map(String::as_str).collect();
        return Err(format!(
            "no such shortcode{hint}: the theme has {} (templates in {})",
            if listed.is_empty() {
                "none".to_string()
            } else {
                listed.join(", ")
            },
            theme.template_path("shortcodes/").display()
        ));
    };
    for key in call.args.keys() {
        if !takes.contains(key) {
            let hint = match crate::report::suggest::closest(key, takes.iter().map(String::as_str))
            {
                Some(best) => format!(" (did you mean `{best}`?)"),
                None => String::new(),
            };
            let listed: Vec<&str> = takes.iter().map(String::as_str).collect();
            return Err(format!(
                "takes no argument `{key}`{hint}; it takes {}",
                if listed.is_empty() {
                    "none".to_string()
                } else {
                    listed.join(", ")
                }
            ));
        }
    }
    let Some(language) = crate::model::language::Language::parse(lang) else {
        return Err(format!("`{lang}` is not a language"));
    };
    let context = Context {
        lang,
        args: &call.args,
        trust: TrustView::new(
            shortcodes.trust,
            shortcodes.notice_days,
            &language,
            day.day,
            shortcodes.urls,
        ),
    };
    let mut html = Vec::new();
    theme
        .render_to(&template_name(&call.name), &context, &mut html)
        .map_err(|e| e.to_string())?;
    let mut html = String::from_utf8(html)
        .map_err(|_| "the template wrote bytes that are not UTF-8".to_string())?;
    if !html.ends_with('\n') {
        html.push('\n');
    }
    let text = crate::markdown::html_text::text_of_html(&html);
    Ok((html, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(pairs: &[(&str, serde_json::Value)]) -> BTreeMap<String, serde_json::Value> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn calls_are_told_from_text() {
        for call in [
            "{{ subprocessors() }}",
            "{{subprocessors()}}",
            "{{ certifications(id=\"isms\") }}",
            "{{ note( kind = \"warn\" , n=3) }}",
        ] {
            assert!(looks_like_call(call), "{call}");
        }
        for text in [
            "{{ site.title }}",
            "{{ x }} and more",
            "{ x() }",
            "{{ (x) }}",
            "{{ x() }} y",
        ] {
            assert!(!looks_like_call(text), "{text}");
        }
    }

    #[test]
    fn arguments_are_strings_numbers_and_flags() {
        let call =
            parse_call("{{ note(title=\"a \\\"b\\\", c\", n=-3, open=true, last-day=\"x\",) }}")
                .unwrap();
        assert_eq!(call.name, "note");
        assert_eq!(
            call.args,
            args(&[
                ("title", "a \"b\", c".into()),
                ("n", (-3).into()),
                ("open", true.into()),
                ("last_day", "x".into()),
            ])
        );
        for (bad, says) in [
            ("{{ x(a) }}", "needs a value"),
            ("{{ x(a=) }}", "is not a value"),
            ("{{ x(a=b) }}", "is not a value"),
            ("{{ x(a=\"b) }}", "never closed"),
            ("{{ x(a=1 b=2) }}", "expected `,`"),
            ("{{ x(a=1, a=2) }}", "given twice"),
            ("{{ x(=1) }}", "expected an argument"),
        ] {
            let problem = parse_call(bad).unwrap_err();
            assert!(problem.contains(says), "{bad}: {problem}");
        }
    }
}
