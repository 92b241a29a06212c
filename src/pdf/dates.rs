//! The dates of a PDF as `SOURCE_DATE_EPOCH` says, so that the same sources give the same
//! bytes: Chromium writes the moment of printing as `/CreationDate` and `/ModDate` in the
//! document's information dictionary. Each `(D:…)` string is rewritten in place with a
//! date of the same length, so every byte offset of the file (its cross-reference table)
//! stays valid.

/// `pdf` with the text of every `/CreationDate (D:…)` and `/ModDate (D:…)` replaced by
/// the moment `epoch` (seconds since 1970, UTC), kept at its length: padded with the
/// fields PDF dates may leave out, or cut where a shorter form is allowed.
pub fn set_dates(mut pdf: Vec<u8>, epoch: i64) -> Vec<u8> {
    let Ok(moment) = jiff::Timestamp::from_second(epoch) else {
        return pdf;
    };
    let full = moment.strftime("D:%Y%m%d%H%M%S+00'00'").to_string();
    for key in [&b"/CreationDate"[..], &b"/ModDate"[..]] {
        let mut from = 0;
        while let Some(at) = find(&pdf[from..], key).map(|i| i + from) {
            from = at + key.len();
            let Some((start, end)) = date_string(&pdf, from) else {
                continue;
            };
            let date = fitted(&full, end - start);
            pdf[start..end].copy_from_slice(date.as_bytes());
        }
    }
    pdf
}

/// Where the text of the literal string after a key starts and ends: `(D:…)` after
/// optional spaces, without the parentheses.
fn date_string(pdf: &[u8], mut i: usize) -> Option<(usize, usize)> {
    while pdf.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
        i += 1;
    }
    if pdf.get(i) != Some(&b'(') || pdf.get(i + 1..i + 3) != Some(&b"D:"[..]) {
        return None;
    }
    let start = i + 1;
    let end = start + pdf[start..].iter().position(|&b| b == b')')?;
    Some((start, end))
}

/// The date `D:YYYYMMDDHHmmSS+00'00'` at `len` bytes: in UTC written `Z` where the
/// offset does not fit, cut to a shorter valid form (seconds, minutes … dropped) where even
/// that does not, padded with spaces (which readers ignore after a date) where it is longer.
fn fitted(full: &str, len: usize) -> String {
    let local = &full[..16];
    match len {
        n if n >= full.len() => format!("{full:<n$}"),
        n if n > local.len() => format!("{:<n$}", format!("{local}Z")),
        n => local[..n].to_string(),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_the_epoch_and_keep_their_length() {
        let pdf = b"<< /CreationDate (D:20261203171512+00'00') /ModDate (D:20261203171512+00'00') >>\nxref".to_vec();
        let set = set_dates(pdf.clone(), 1_751_328_000);
        assert_eq!(set.len(), pdf.len());
        let text = String::from_utf8(set).unwrap();
        assert_eq!(
            text,
            "<< /CreationDate (D:20250701000000+00'00') /ModDate (D:20250701000000+00'00') >>\nxref"
        );
    }

    #[test]
    fn a_shorter_or_longer_date_is_fitted_to_its_place() {
        let set = set_dates(b"/ModDate (D:20261203171512Z)".to_vec(), 0);
        assert_eq!(set, b"/ModDate (D:19700101000000Z)");
        let set = set_dates(b"/CreationDate(D:2026)".to_vec(), 0);
        assert_eq!(set, b"/CreationDate(D:1970)");
    }
}
