//! The plain text of the HTML a shortcode's template rendered, for the search index: what
//! a reader sees of it, one line per block (a paragraph, a list item, a table cell), tags
//! dropped, entities decoded, scripts and styles left out. It reads the template's output,
//! never changes it: the page shows the HTML as the template made it.

/// Elements whose start or end breaks the text into lines.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// The text of `html`, one line per block, without empty lines.
pub fn text_of_html(html: &str) -> String {
    let mut text = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        push_decoded(&mut text, &rest[..open]);
        let tag = &rest[open + 1..];
        let Some(close) = tag.find('>') else {
            // A lone `<`: text.
            push_decoded(&mut text, &rest[open..]);
            rest = "";
            break;
        };
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        rest = &tag[close + 1..];
        if (name == "script" || name == "style") && !tag.starts_with('/') {
            // Skipped up to its end tag.
            let end = format!("</{name}");
            rest = match rest.to_ascii_lowercase().find(&end) {
                Some(at) => rest[at..].split_once('>').map_or("", |(_, after)| after),
                None => "",
            };
            continue;
        }
        if BLOCKS.contains(&name.as_str()) {
            text.push('\n');
        }
    }
    push_decoded(&mut text, rest);
    text.lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Appends `raw` (text between tags) with its character references decoded.
fn push_decoded(text: &mut String, raw: &str) {
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        text.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after
            .find(';')
            .filter(|&end| end <= 10)
            .and_then(|end| Some((reference(&after[..end])?, end)));
        match decoded {
            Some((c, end)) => {
                text.push(c);
                rest = &after[end + 1..];
            }
            None => {
                text.push('&');
                rest = after;
            }
        }
    }
    text.push_str(rest);
}

/// The character of a reference's name (`amp`, `#39`, `#x2F`).
fn reference(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_reads_one_cell_a_line() {
        let html = "<table class=\"x\">\n<thead><tr><th>サービス</th><th>所在地</th></tr></thead>\n<tbody><tr><td><a href=\"https://a\">Amazon&nbsp;Web Services</a></td><td>日本、米国</td></tr></tbody></table>\n<p>A &amp; B &#x2F; C &lt;D&gt; &unknown; &#39;q&#39;</p><script>var x = '<p>no</p>';</script><STYLE>p{}</STYLE>after";
        assert_eq!(
            text_of_html(html),
            "サービス\n所在地\nAmazon Web Services\n日本、米国\nA & B / C <D> &unknown; 'q'\nafter"
        );
        assert_eq!(text_of_html("a < b"), "a < b");
    }
}
