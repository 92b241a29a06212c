//! What makes two prints of the same page differ, made the same, so that the same sources
//! give the same bytes: the moment of printing, which Chromium writes as `/CreationDate`
//! and `/ModDate` (set to `SOURCE_DATE_EPOCH`), and the ids of the tagged PDF's structure
//! elements, `(node00011614)`, which are the browser's DOM node numbers and depend on what
//! it did before (renumbered in their order). Everything is rewritten in place at the same
//! length, so every byte offset of the file (its cross-reference table) stays valid.

use std::collections::BTreeMap;

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

/// `pdf` with each structure element id `(node<digits>)` replaced by its rank among the ids
/// of the file, at the same width: unique as before and in the same order, which the
/// sorted name tree of ids (`/IDTree`) needs.
pub fn renumber_nodes(mut pdf: Vec<u8>) -> Vec<u8> {
    const OPEN: &[u8] = b"(node";
    let mut places = Vec::new();
    let mut from = 0;
    while let Some(at) = find(&pdf[from..], OPEN).map(|i| i + from) {
        let start = at + OPEN.len();
        let digits = pdf[start..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        from = start + digits;
        if digits > 0 && pdf.get(from) == Some(&b')') {
            places.push((start, digits));
        }
    }
    let mut ranks: BTreeMap<(usize, &[u8]), usize> = BTreeMap::new();
    for &(start, digits) in &places {
        ranks.insert((digits, &pdf[start..start + digits]), 0);
    }
    let ranks: BTreeMap<(usize, Vec<u8>), usize> = ranks
        .into_keys()
        .enumerate()
        .map(|(rank, (width, id))| ((width, id.to_vec()), rank + 1))
        .collect();
    for (start, digits) in places {
        let key = (digits, pdf[start..start + digits].to_vec());
        let new = format!("{:0digits$}", ranks[&key]);
        // Fewer ids than numbers of this width: the rank always fits.
        if new.len() == digits {
            pdf[start..start + digits].copy_from_slice(new.as_bytes());
        }
    }
    pdf
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
    fn node_ids_are_renumbered_in_their_order_at_their_width() {
        let pdf = b"/ID (node00011615) /ID (node00011614) [(node00011614) 1 0 R (node00011615) 2 0 R] (nodes)".to_vec();
        let set = renumber_nodes(pdf.clone());
        assert_eq!(set.len(), pdf.len());
        assert_eq!(
            String::from_utf8(set).unwrap(),
            "/ID (node00000002) /ID (node00000001) [(node00000001) 1 0 R (node00000002) 2 0 R] (nodes)"
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
