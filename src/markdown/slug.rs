//! Heading ids: lowercase ASCII, Japanese (and any other letters) kept as written, spaces
//! and ASCII punctuation to hyphens, Japanese brackets dropped. Never transliterated into romaji.

/// `1. 責任分界` → `1-責任分界`; `Data Storage` → `data-storage`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut hyphen = false;
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            if hyphen && !slug.is_empty() {
                slug.push('-');
            }
            hyphen = false;
            slug.extend(c.to_lowercase());
        } else if (c.is_ascii_punctuation() && c != '\'') || c.is_whitespace() {
            hyphen = true;
        }
    }
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn keeps_japanese_and_drops_punctuation() {
        assert_eq!(slugify("1. 責任分界"), "1-責任分界");
        assert_eq!(slugify("Data Storage & Location"), "data-storage-location");
        assert_eq!(slugify("ISO/IEC 27001"), "iso-iec-27001");
        assert_eq!(slugify("「重要」なお知らせ"), "重要なお知らせ");
        assert_eq!(slugify("!!!"), "section");
    }
}
