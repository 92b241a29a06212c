//! An output file as the text of an insta snapshot, so that the snapshot holds its exact
//! bytes. insta compares text snapshots with trailing whitespace trimmed and `\r\n` read
//! as `\n`; so the text ends in a visible marker (a lost or doubled final newline shows),
//! and a carriage return fails outright. What varies with the machine, the temporary
//! folder the site was copied to, is redacted to a visible `[temporary folder]`: a page
//! that named it would be a leak a reviewer should see in the snapshot, not a flaky test.

use std::path::Path;

use super::site::Site;

/// The last line of every file snapshot; what comes before it is the file, byte for byte.
pub const END: &str = "[end of file]";

/// `bytes`, output file `rel` of a site copied under `temporary`, as snapshot text.
pub fn text(rel: &str, bytes: &[u8], temporary: &Path) -> String {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|_| panic!("{rel} is not UTF-8"));
    assert!(
        !text.contains('\r'),
        "{rel} has a carriage return, which a text snapshot cannot hold"
    );
    let temporary = temporary.to_str().expect("temporary path is UTF-8");
    let temporary = temporary.trim_end_matches('/');
    format!("{}{END}", text.replace(temporary, "[temporary folder]"))
}

/// Output file `rel` of `site` (under `public/`) as snapshot text.
pub fn output_file(site: &Site, rel: &str) -> String {
    text(rel, site.raw_file(rel).as_bytes(), &site.beside(""))
}
