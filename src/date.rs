//! Dates as the portal shows them: `2025年7月1日` in Japanese text and `2025/7/1` in
//! Japanese tables; `July 1, 2025` and `Jul 1, 2025` in English. Western calendar always;
//! `iso` for `<time datetime>`.

use jiff::civil::Date;
use serde::Serialize;

use crate::language::Language;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DateText {
    /// `2025-07-01`
    pub iso: String,
    /// For running text: `2025年7月1日`, `July 1, 2025`.
    pub long: String,
    /// For tables: `2025/7/1`, `Jul 1, 2025`.
    pub short: String,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl DateText {
    pub fn new(date: Date, language: &Language) -> DateText {
        let (y, m, d) = (date.year(), date.month(), date.day());
        let iso = format!("{y:04}-{m:02}-{d:02}");
        let month = MONTHS[(m as usize).saturating_sub(1) % 12];
        let (long, short) = if language.is_cjk() {
            (format!("{y}年{m}月{d}日"), format!("{y}/{m}/{d}"))
        } else {
            (
                format!("{month} {d}, {y}"),
                format!("{} {d}, {y}", &month[..3]),
            )
        };
        DateText { iso, long, short }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_and_english_forms() {
        let date = jiff::civil::date(2025, 7, 1);
        let ja = DateText::new(date, &Language::parse("ja").unwrap());
        assert_eq!(
            (ja.iso.as_str(), ja.long.as_str(), ja.short.as_str()),
            ("2025-07-01", "2025年7月1日", "2025/7/1")
        );
        let en = DateText::new(date, &Language::parse("en").unwrap());
        assert_eq!(
            (en.long.as_str(), en.short.as_str()),
            ("July 1, 2025", "Jul 1, 2025")
        );
    }
}
