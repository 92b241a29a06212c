//! `/.well-known/security.txt` (RFC 9116): where to report a vulnerability, until when
//! that holds, in which languages, and the file's own address, from `site.yaml`'s
//! `security:` section, the site's languages and `base_url`.

use jiff::tz::TimeZone;

use crate::model::language::Language;
use crate::model::trust::SecurityContact;
use crate::model::urls::Urls;

/// The file's text. `Expires` is the end of the last day written, in the site's time zone.
pub fn security_txt(
    security: &SecurityContact,
    title: &str,
    languages: &[Language],
    time_zone: &TimeZone,
    urls: &Urls,
) -> String {
    let mut text = format!("# {title}\n");
    for contact in &security.contact {
        text.push_str(&format!("Contact: {contact}\n"));
    }
    let expires = security
        .expires
        .at(23, 59, 59, 0)
        .to_zoned_datetime(time_zone.clone())
        .map(|z| z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string())
        .unwrap_or_else(|_| format!("{}T23:59:59Z", security.expires));
    text.push_str(&format!("Expires: {expires}\n"));
    if let Some(encryption) = &security.encryption {
        text.push_str(&format!("Encryption: {encryption}\n"));
    }
    let codes: Vec<&str> = languages.iter().map(Language::code).collect();
    text.push_str(&format!("Preferred-Languages: {}\n", codes.join(", ")));
    text.push_str(&format!("Canonical: {}\n", urls.security_txt_permalink()));
    if let Some(policy) = &security.policy {
        text.push_str(&format!("Policy: {policy}\n"));
    }
    text
}
