//! A revision's number, `MAJOR.MINOR`: how releases are named, ordered and bumped.

use std::fmt;
use std::str::FromStr;

/// `MAJOR.MINOR`, compared numerically: 4.10 comes after 4.9.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    pub major: u32,
    pub minor: u32,
}

impl Version {
    pub fn next_minor(self) -> Version {
        Version {
            major: self.major,
            minor: self.minor + 1,
        }
    }

    pub fn next_major(self) -> Version {
        Version {
            major: self.major + 1,
            minor: 0,
        }
    }
}

impl FromStr for Version {
    type Err = ();

    fn from_str(s: &str) -> Result<Version, ()> {
        let (major, minor) = s.split_once('.').ok_or(())?;
        let number = |p: &str| {
            if p.is_empty()
                || !p.bytes().all(|b| b.is_ascii_digit())
                || (p.len() > 1 && p.starts_with('0'))
            {
                return Err(());
            }
            p.parse::<u32>().map_err(|_| ())
        };
        Ok(Version {
            major: number(major)?,
            minor: number(minor)?,
        })
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_numerically() {
        let v = |s: &str| s.parse::<Version>().unwrap();
        assert!(v("4.10") > v("4.9"));
        assert!(v("10.0") > v("9.9"));
        assert_eq!(v("4.9").next_minor(), v("4.10"));
        assert_eq!(v("4.9").next_major(), v("5.0"));
        assert!("4".parse::<Version>().is_err());
        assert!("4.x".parse::<Version>().is_err());
        assert!("04.1".parse::<Version>().is_err());
    }
}
