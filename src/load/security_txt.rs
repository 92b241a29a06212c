//! The `security:` section of `site.yaml`: what `/.well-known/security.txt` (RFC 9116)
//! says, checked as it is read. The file itself is written by `outputs::trust`; the
//! expiry is checked against today by `check::trust`.

use jiff::civil::Date;
use serde::Deserialize;

use crate::model::trust::SecurityContact;
use crate::report::error::ConfigProblem;

/// The section as written. Unknown keys are errors.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityFile {
    contact: OneOrMany,
    expires: Date,
    #[serde(default)]
    policy: Option<String>,
    #[serde(default)]
    encryption: Option<String>,
}

/// `contact: mailto:…` or a list of them.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl SecurityFile {
    /// The checked section; `expires_line` is where `expires:` is written.
    pub fn check(self, expires_line: usize) -> Result<SecurityContact, ConfigProblem> {
        let contact = match self.contact {
            OneOrMany::One(one) => vec![one],
            OneOrMany::Many(many) => many,
        };
        if contact.is_empty() {
            return Err(ConfigProblem::NoSecurityContact);
        }
        for uri in &contact {
            // RFC 9116 2.5.3: a web URI must be https; mail and telephone are the others.
            let ok = ["mailto:", "tel:", "https://"]
                .iter()
                .any(|scheme| uri.starts_with(scheme) && uri.len() > scheme.len());
            if !ok || uri.contains(char::is_whitespace) {
                return Err(ConfigProblem::BadSecurityContact(uri.clone()));
            }
        }
        for (key, url) in [("policy", &self.policy), ("encryption", &self.encryption)] {
            if let Some(url) = url
                && (!url.starts_with("https://") || url.contains(char::is_whitespace))
            {
                return Err(ConfigProblem::BadSecurityUrl {
                    key,
                    url: url.clone(),
                });
            }
        }
        Ok(SecurityContact {
            contact,
            expires: self.expires,
            policy: self.policy,
            encryption: self.encryption,
            expires_line,
        })
    }
}
