//! Dates as the portal shows them: `2025年7月1日` in Japanese text and `2025/7/1` in
//! Japanese tables; `July 1, 2025` and `Jul 1, 2025` in English. Western calendar always;
//! `iso` for `<time datetime>`.

use jiff::civil::Date;
use serde::Serialize;

use crate::model::language::Language;

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
        if (1000..=9999).contains(&y) {
            // Every page shows a few dates (its revision table): put together from digits,
            // several times faster than `format!`.
            return Self::four_digit_year(y as u16, m as u8, d as u8, language);
        }
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

    /// `new` for a year of four digits, in the same forms.
    fn four_digit_year(y: u16, m: u8, d: u8, language: &Language) -> DateText {
        let mut iso = String::with_capacity(10);
        push_number(&mut iso, y);
        iso.push('-');
        push_two_digits(&mut iso, m);
        iso.push('-');
        push_two_digits(&mut iso, d);
        let (mut long, mut short) = (String::with_capacity(20), String::with_capacity(12));
        if language.is_cjk() {
            for (n, mark) in [(y, '年'), (m.into(), '月'), (d.into(), '日')] {
                push_number(&mut long, n);
                long.push(mark);
            }
            for (i, n) in [y, m.into(), d.into()].into_iter().enumerate() {
                if i > 0 {
                    short.push('/');
                }
                push_number(&mut short, n);
            }
        } else {
            let month = MONTHS[usize::from(m).saturating_sub(1) % 12];
            for (text, name) in [(&mut long, month), (&mut short, &month[..3])] {
                text.push_str(name);
                text.push(' ');
                push_number(text, d.into());
                text.push_str(", ");
                push_number(text, y);
            }
        }
        DateText { iso, long, short }
    }
}

/// `n` in decimal, without leading zeros.
fn push_number(text: &mut String, n: u16) {
    let mut digits = [0u8; 5];
    let mut start = digits.len();
    let mut rest = n;
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for &digit in &digits[start..] {
        text.push(char::from(digit));
    }
}

/// `n` (below 100) as two digits: `07`.
fn push_two_digits(text: &mut String, n: u8) {
    text.push(char::from(b'0' + n / 10 % 10));
    text.push(char::from(b'0' + n % 10));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_put_together_from_digits_read_as_format_writes_them() {
        let format = |date: Date, language: &Language| {
            let (y, m, d) = (date.year(), date.month(), date.day());
            let month = MONTHS[(m as usize) - 1];
            let (long, short) = if language.is_cjk() {
                (format!("{y}年{m}月{d}日"), format!("{y}/{m}/{d}"))
            } else {
                (
                    format!("{month} {d}, {y}"),
                    format!("{} {d}, {y}", &month[..3]),
                )
            };
            (format!("{y:04}-{m:02}-{d:02}"), long, short)
        };
        for code in ["ja", "en"] {
            let language = Language::parse(code).unwrap();
            for (y, m, d) in [(1000, 1, 1), (2025, 7, 1), (2026, 12, 31), (9999, 10, 9)] {
                let date = jiff::civil::date(y, m, d);
                let text = DateText::new(date, &language);
                assert_eq!((text.iso, text.long, text.short), format(date, &language));
            }
        }
    }

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
