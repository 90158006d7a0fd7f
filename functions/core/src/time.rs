//! Times: reading the formats AWS sources use, showing times to people, and
//! the clock (injected, so tests can run a simulated day).

use crate::i18n::{ui, Lang};
use chrono::{DateTime, Duration, FixedOffset, NaiveDateTime, SecondsFormat, Utc};

/// Where "now" comes from. Production uses [`SystemClock`]; tests hand in a
/// fixed or moving time.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The machine's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that says what it is told (tests, simulated days).
#[derive(Debug, Default)]
pub struct ManualClock(std::sync::Mutex<Option<DateTime<Utc>>>);

impl ManualClock {
    pub fn at(t: DateTime<Utc>) -> ManualClock {
        ManualClock(std::sync::Mutex::new(Some(t)))
    }
    pub fn set(&self, t: DateTime<Utc>) {
        *self.0.lock().expect("not poisoned") = Some(t);
    }
    pub fn advance(&self, d: Duration) {
        let mut g = self.0.lock().expect("not poisoned");
        *g = Some(g.unwrap_or_else(Utc::now) + d);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
            .lock()
            .expect("not poisoned")
            .unwrap_or_else(Utc::now)
    }
}

/// The first year an AWS event's time can be in: AWS's first services
/// launched in 2006 (its oldest published samples are from 2016).
pub const EARLIEST_YEAR: i32 = 2006;
/// The last: a four-digit year. Beyond it lie chrono's limits
/// (`+262142-12-31`), where adding a deadline overflows.
pub const LATEST_YEAR: i32 = 9999;

/// Can an AWS event carry this time? One outside [`EARLIEST_YEAR`] to
/// [`LATEST_YEAR`] is odd: it is noted and not used, so no deadline, plan
/// or expiry is computed from it.
pub fn in_range(t: DateTime<Utc>) -> bool {
    use chrono::Datelike;
    (EARLIEST_YEAR..=LATEST_YEAR).contains(&t.year())
}

/// Parses the RFC 1123 times of Health events: `Wed, 01 Aug 2018 06:27:57 GMT`.
/// ISO 8601 is accepted too, in case AWS changes its mind.
///
/// The weekday is ignored: AWS's own published samples carry weekdays that do
/// not match the date (`Thu, 27 Jan 2023` was a Friday), and a strict parser
/// would drop a real abuse report over it.
pub fn parse_rfc1123(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc2822(s) {
        return Some(t.with_timezone(&Utc));
    }
    let without_weekday = s.split_once(", ").map_or(s, |(_, rest)| rest);
    for fmt in ["%d %b %Y %H:%M:%S GMT", "%d %b %Y %H:%M:%S UTC"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(without_weekday, fmt) {
            return Some(t.and_utc());
        }
    }
    // A numeric offset: read with it (a naive parse would drop it).
    if let Ok(t) = DateTime::<FixedOffset>::parse_from_str(without_weekday, "%d %b %Y %H:%M:%S %z")
    {
        return Some(t.with_timezone(&Utc));
    }
    parse_iso(s)
}

/// Parses ISO 8601 / RFC 3339 times (`2026-06-24T09:14:37Z`, `...37.123Z`), and
/// the CloudWatch alarm form whose offset has no colon (`2019-10-02T17:04:40.989+0000`).
pub fn parse_iso(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    // `2025-02-25 20:40:06.721`: a space where ISO 8601 has `T` (RFC 3339
    // allows it, chrono's parser does not).
    let spaced;
    let s = if s.len() > 10 && s.as_bytes()[10] == b' ' && s.is_char_boundary(11) {
        spaced = format!("{}T{}", &s[..10], &s[11..]);
        spaced.as_str()
    } else {
        s
    };
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M:%S%z"] {
        if let Ok(t) = DateTime::<FixedOffset>::parse_from_str(s, fmt) {
            return Some(t.with_timezone(&Utc));
        }
    }
    // No zone at all: CloudTrail and GuardDuty always mean UTC.
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(t.and_utc());
        }
    }
    None
}

/// `2026-06-24T09:14:37Z`: the form the JSON preview uses.
pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// `2026-06-24 09:14 UTC`: the absolute form shown to people.
pub fn human_utc(t: DateTime<Utc>) -> String {
    let mut out = String::with_capacity(20);
    push_minute(&mut out, &t);
    out.push_str(" UTC");
    out
}

/// Appends `2026-06-24 09:14`, the minute without a zone, as chrono's
/// `%Y-%m-%d %H:%M` writes it for years 0 to 9999. By hand rather than
/// `format("%Y-…")`, which parses the pattern on every call; a message
/// shows this several times.
pub fn push_minute<T: chrono::Datelike + chrono::Timelike>(out: &mut String, t: &T) {
    use std::fmt::Write as _;
    let _ = write!(
        out,
        "{:04}-{:02}-{:02} {:02}:{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute()
    );
}

/// `23h 12m left`, or `overdue by 2h 5m` (残り23時間12分, 期限を2時間5分超過).
pub fn time_left(deadline: DateTime<Utc>, now: DateTime<Utc>, lang: Lang) -> String {
    let diff = deadline - now;
    if diff >= Duration::zero() {
        ui::LEFT.fill(lang, &[("span", &span(diff, lang))])
    } else {
        ui::OVERDUE_BY.fill(lang, &[("span", &span(-diff, lang))])
    }
}

/// A duration in the two largest units: `3d 4h`, `23h 12m`, `5m`, `less than a minute`.
pub fn span(d: Duration, lang: Lang) -> String {
    let mins = d.num_minutes();
    let (days, hours, minutes) = (mins / 1440, (mins % 1440) / 60, mins % 60);
    if days > 0 {
        ui::SPAN_DAYS_HOURS.fill(lang, &[("d", &days), ("h", &hours)])
    } else if hours > 0 {
        ui::SPAN_HOURS_MINUTES.fill(lang, &[("h", &hours), ("m", &minutes)])
    } else if minutes > 0 {
        ui::SPAN_MINUTES.fill(lang, &[("m", &minutes)])
    } else {
        ui::LESS_THAN_A_MINUTE.get(lang).to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap()
    }

    #[test]
    fn health_rfc1123_times_parse_as_utc() {
        assert_eq!(
            parse_rfc1123("Wed, 01 Aug 2018 06:27:57 GMT"),
            Some(at(2018, 8, 1, 6, 27, 57))
        );
        assert_eq!(parse_rfc1123("yesterday"), None);
    }

    #[test]
    fn health_times_with_a_wrong_weekday_still_parse() {
        // From AWS's published sample: 27 Jan 2023 was a Friday.
        assert_eq!(
            parse_rfc1123("Thu, 27 Jan 2023 13:44:13 GMT"),
            Some(at(2023, 1, 27, 13, 44, 13))
        );
    }

    #[test]
    fn a_numeric_offset_counts_even_with_a_wrong_weekday() {
        // 27 Jan 2023 was a Friday: RFC 2822 parsing refuses it, and the
        // fallback must still apply the offset, or the deadline moves by it.
        assert_eq!(
            parse_rfc1123("Thu, 27 Jan 2023 13:44:13 +0900"),
            Some(at(2023, 1, 27, 4, 44, 13))
        );
    }

    #[test]
    fn alarm_timestamps_without_colon_in_offset_parse() {
        assert_eq!(
            parse_iso("2019-10-02T17:04:40.989+0000"),
            Some(at(2019, 10, 2, 17, 4, 40) + Duration::milliseconds(989))
        );
        assert_eq!(
            parse_iso("2019-10-02T19:04:40+0200"),
            Some(at(2019, 10, 2, 17, 4, 40))
        );
    }

    #[test]
    fn iso_times_with_and_without_fraction_parse() {
        assert_eq!(
            parse_iso("2026-06-24T09:14:37Z"),
            Some(at(2026, 6, 24, 9, 14, 37))
        );
        assert_eq!(
            parse_iso("2026-06-24T09:14:37.120Z"),
            Some(at(2026, 6, 24, 9, 14, 37) + Duration::milliseconds(120))
        );
        assert_eq!(parse_iso("not a time"), None);
    }

    #[test]
    fn a_space_instead_of_t_is_read_as_utc() {
        // Seen in real CloudTrail-derived samples: `2025-02-25 20:40:06.721`.
        assert_eq!(
            parse_iso("2025-02-25 20:40:06.721"),
            Some(at(2025, 2, 25, 20, 40, 6) + Duration::milliseconds(721))
        );
        assert_eq!(
            parse_iso("2025-02-25 20:40:06Z"),
            Some(at(2025, 2, 25, 20, 40, 6))
        );
    }

    #[test]
    fn redacted_times_are_unreadable_not_a_panic() {
        assert_eq!(parse_iso("XXXX-XX-XXTXX:XX:XXZ"), None);
        assert_eq!(parse_rfc1123("XXX, XX XXX XXXX XX:XX:XX GMT"), None);
        assert_eq!(parse_iso(""), None);
    }

    #[test]
    fn time_left_reads_naturally_both_sides_of_the_deadline() {
        let deadline = at(2026, 6, 25, 9, 0, 0);
        let en = Lang::En;
        assert_eq!(
            time_left(deadline, at(2026, 6, 24, 9, 48, 0), en),
            "23h 12m left"
        );
        assert_eq!(
            time_left(deadline, at(2026, 6, 25, 11, 5, 0), en),
            "overdue by 2h 5m"
        );
        assert_eq!(
            time_left(deadline, at(2026, 6, 21, 5, 0, 0), en),
            "4d 4h left"
        );
        assert_eq!(
            time_left(deadline, at(2026, 6, 25, 8, 59, 30), en),
            "less than a minute left"
        );
        let ja = Lang::Ja;
        assert_eq!(
            time_left(deadline, at(2026, 6, 24, 9, 48, 0), ja),
            "残り23時間12分"
        );
        assert_eq!(
            time_left(deadline, at(2026, 6, 25, 11, 5, 0), ja),
            "期限を2時間5分超過"
        );
        assert_eq!(
            time_left(deadline, at(2026, 6, 21, 5, 0, 0), ja),
            "残り4日4時間"
        );
    }

    #[test]
    fn display_formats() {
        let t = at(2026, 6, 24, 9, 14, 37);
        assert_eq!(rfc3339(t), "2026-06-24T09:14:37Z");
        assert_eq!(human_utc(t), "2026-06-24 09:14 UTC");
    }

    #[test]
    fn a_manual_clock_moves_only_when_told() {
        let c = ManualClock::at(at(2026, 1, 1, 0, 0, 0));
        c.advance(Duration::hours(5));
        assert_eq!(c.now(), at(2026, 1, 1, 5, 0, 0));
        c.set(at(2027, 1, 1, 0, 0, 0));
        assert_eq!(c.now(), at(2027, 1, 1, 0, 0, 0));
    }
}
