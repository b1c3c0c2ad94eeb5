//! How dates, times and counts read in the report, in one place so that every
//! page says them the same way (the NHS style: "14 November 2026").

use chrono::{DateTime, NaiveDate, Utc};

/// "14 November 2026".
pub(crate) fn long_date(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// "14 Nov 2026", for narrow table columns.
pub(crate) fn short_date(date: NaiveDate) -> String {
    date.format("%-d %b %Y").to_string()
}

/// "21 November 2026 at 14:05 UTC".
pub(crate) fn date_time_utc(at: DateTime<Utc>) -> String {
    at.format("%-d %B %Y at %H:%M UTC").to_string()
}

/// "21 Nov 2026 14:05", for the audit trail's "when" column (all UTC).
pub(crate) fn short_date_time(at: DateTime<Utc>) -> String {
    at.format("%-d %b %Y %H:%M").to_string()
}

/// "1 action", "3 actions".
pub(crate) fn count(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The first `n` characters of a hex string.
pub(crate) fn short_hex(hex: &str, n: usize) -> &str {
    hex.get(..n).unwrap_or(hex)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn dates_read_the_nhs_way() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 4).expect("date");
        assert_eq!(long_date(date), "4 November 2026");
        assert_eq!(short_date(date), "4 Nov 2026");
        let at = Utc
            .with_ymd_and_hms(2026, 11, 21, 14, 5, 0)
            .single()
            .expect("time");
        assert_eq!(date_time_utc(at), "21 November 2026 at 14:05 UTC");
        assert_eq!(short_date_time(at), "21 Nov 2026 14:05");
        assert_eq!(count(1, "action", "actions"), "1 action");
        assert_eq!(count(0, "action", "actions"), "0 actions");
    }
}
