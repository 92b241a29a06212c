//! Bare mail addresses in a page's text (`security@soranote.example`), which the page
//! shows as `mailto:` links. Only where the text is no link already, no code and no
//! heading: `stream.rs` decides where to look; this file finds the addresses.

use std::ops::Range;

/// Where `text` has a mail address: a local part of letters, digits and `._%+-`, an `@`,
/// and a domain of two or more labels of letters, digits and `-`, the last alphabetic.
/// A full stop or hyphen at the end belongs to the sentence, not the address; an address
/// right after `/` or `:` is part of a URL (`ssh://git@host`) and is left alone.
pub(super) fn addresses(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(found) = memchr::memchr(b'@', &bytes[from..]) {
            let at = from + found;
            from = at + 1;
            let mut start = at;
            while start > 0 && is_local(bytes[start - 1]) {
                start -= 1;
            }
            while start < at && bytes[start] == b'.' {
                start += 1;
            }
            let mut end = at + 1;
            while end < bytes.len() && is_domain(bytes[end]) {
                end += 1;
            }
            while end > at + 1 && matches!(bytes[end - 1], b'.' | b'-') {
                end -= 1;
            }
            let in_url = start > 0 && matches!(bytes[start - 1], b'/' | b':');
            if start < at && !in_url && is_domain_name(&text[at + 1..end]) {
                from = end;
                return Some(start..end);
            }
        }
        None
    })
}

fn is_local(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-')
}

fn is_domain(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-')
}

/// Two or more labels, none empty or starting or ending with `-`, the last of letters.
fn is_domain_name(domain: &str) -> bool {
    let mut labels = 0;
    let mut last = "";
    for label in domain.split('.') {
        if label.is_empty() || label.starts_with('-') || label.ends_with('-') {
            return false;
        }
        labels += 1;
        last = label;
    }
    labels >= 2 && last.len() >= 2 && last.bytes().all(|b| b.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        addresses(text).map(|r| &text[r]).collect()
    }

    #[test]
    fn addresses_in_text() {
        let cases: &[(&str, &[&str])] = &[
            ("security@soranote.example", &["security@soranote.example"]),
            (
                "ご質問は、security@soranote.example までご連絡ください。",
                &["security@soranote.example"],
            ),
            (
                "宛先：privacy@soranote.example。",
                &["privacy@soranote.example"],
            ),
            (
                "Write to a.b+c@mail.example.co.jp.",
                &["a.b+c@mail.example.co.jp"],
            ),
            (
                "x@a.example and y@b.example",
                &["x@a.example", "y@b.example"],
            ),
            ("@soranote.example", &[]),
            ("user@localhost", &[]),
            ("user@example.123", &[]),
            ("ssh://git@host.example/repo", &[]),
            ("a @ b.example", &[]),
            ("@@", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(found(text), *expected, "{text}");
        }
    }
}
