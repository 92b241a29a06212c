//! YAML through serde-saphyr, with its limits against alias bombs left on, and errors
//! turned into `Error::Yaml` with the line and column in the writer's file.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::report::error::Error;

/// Parses `yaml`, which starts at line `first_line` of the file `path`.
pub fn from_str<T: DeserializeOwned>(
    yaml: &str,
    first_line: usize,
    path: &Path,
) -> Result<T, Error> {
    serde_saphyr::from_str(yaml).map_err(|e| {
        let (line, column) = match e.location() {
            Some(loc) if loc.line() > 0 => (loc.line() as usize, loc.column() as usize),
            _ => (1, 1),
        };
        Error::Yaml {
            path: path.to_path_buf(),
            line: line + first_line - 1,
            column,
            message: message_of(&e),
        }
    })
}

/// The error's message without serde-saphyr's own rendering of the location and snippet
/// (`error: line 1 column 8: expected …`): trustdocs prints the location itself, in the
/// writer's file coordinates.
fn message_of(e: &serde_saphyr::Error) -> String {
    let full = e.to_string();
    let first = full.lines().next().unwrap_or("invalid YAML").trim();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    with_suggestion(strip_line_column(first))
}

/// `unknown field `titel`, expected one of title, …` gains `(did you mean `title`?)`.
fn with_suggestion(message: &str) -> String {
    let Some(rest) = message.strip_prefix("unknown field `") else {
        return message.to_string();
    };
    let Some((field, expected)) = rest.split_once('`') else {
        return message.to_string();
    };
    let Some(list) = expected
        .split_once("expected one of ")
        .map(|(_, l)| l)
        .or_else(|| expected.split_once("expected ").map(|(_, l)| l))
    else {
        return message.to_string();
    };
    let candidates = list.split(", ").map(|c| c.trim_matches(['`', ' ']));
    match crate::report::suggest::closest(field, candidates) {
        Some(best) => format!("{message} (did you mean `{best}`?)"),
        None => message.to_string(),
    }
}

/// `line 1 column 8: expected string scalar` → `expected string scalar`.
fn strip_line_column(message: &str) -> &str {
    let Some(rest) = message.strip_prefix("line ") else {
        return message;
    };
    match rest.split_once(": ") {
        Some((position, text)) if position.contains(" column ") => text,
        _ => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_lose_serde_saphyrs_location_prefix() {
        assert_eq!(
            strip_line_column("line 1 column 8: expected string scalar"),
            "expected string scalar"
        );
        assert_eq!(strip_line_column("unknown field"), "unknown field");
        assert_eq!(
            with_suggestion("unknown field `titel`, expected one of title, description"),
            "unknown field `titel`, expected one of title, description (did you mean `title`?)"
        );
    }
}
