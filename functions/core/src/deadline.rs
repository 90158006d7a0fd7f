//! The response deadline, and the time formats the sources use.
//!
//! The deadline always counts from when the *source* first reported the
//! problem, never from when a function ran, so a retried or replayed event
//! keeps its original deadline.

use crate::alert::{Alert, Severity, Status};
use chrono::{DateTime, Duration, FixedOffset, NaiveDateTime, SecondsFormat, Utc};

/// Default hours to respond (AWS Trust & Safety asks for a reply within 24 hours).
pub const DEFAULT_DEADLINE_HOURS: u32 = 24;
/// Longest deadline ops may configure (30 days).
pub const MAX_DEADLINE_HOURS: u32 = 720;

/// How long on-call has to respond.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeadlinePolicy {
    pub hours: u32,
}

impl Default for DeadlinePolicy {
    fn default() -> Self {
        DeadlinePolicy {
            hours: DEFAULT_DEADLINE_HOURS,
        }
    }
}

impl DeadlinePolicy {
    pub fn new(hours: u32) -> DeadlinePolicy {
        DeadlinePolicy { hours }
    }

    /// Sets `respond_by` on an alert: `occurred_at + hours` for open problems,
    /// none for recoveries and informational alerts.
    pub fn apply(&self, alert: &mut Alert) {
        alert.respond_by = if alert.status == Status::Recovered || alert.severity == Severity::Info
        {
            None
        } else {
            Some(alert.occurred_at + Duration::hours(i64::from(self.hours)))
        };
    }
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
    for fmt in [
        "%d %b %Y %H:%M:%S GMT",
        "%d %b %Y %H:%M:%S UTC",
        "%d %b %Y %H:%M:%S %z",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(without_weekday, fmt) {
            return Some(t.and_utc());
        }
        if let Ok(t) = DateTime::<FixedOffset>::parse_from_str(without_weekday, fmt) {
            return Some(t.with_timezone(&Utc));
        }
    }
    parse_iso(s)
}

/// Parses ISO 8601 / RFC 3339 times (`2026-06-24T09:14:37Z`, `...37.123Z`), and
/// the CloudWatch alarm form whose offset has no colon (`2019-10-02T17:04:40.989+0000`).
pub fn parse_iso(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
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
    // By hand rather than `format("%Y-…")`, which parses the pattern on
    // every call; a message shows this four times.
    use chrono::{Datelike, Timelike};
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// `23h 12m left`, or `overdue by 2h 5m`.
pub fn time_left(deadline: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let diff = deadline - now;
    if diff >= Duration::zero() {
        format!("{} left", span(diff))
    } else {
        format!("overdue by {}", span(-diff))
    }
}

/// A duration in the two largest units: `3d 4h`, `23h 12m`, `5m`, `less than a minute`.
pub fn span(d: Duration) -> String {
    let mins = d.num_minutes();
    let (days, hours, minutes) = (mins / 1440, (mins % 1440) / 60, mins % 60);
    if days > 0 {
        format!("{days}d {hours}h")
    } else if hours > 0 {
        format!("{hours}h {minutes}m")
    } else if minutes > 0 {
        format!("{minutes}m")
    } else {
        "less than a minute".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alert::Source;
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
    fn deadline_counts_from_occurrence_not_from_now() {
        let mut a = Alert::new(
            Source::Health,
            "X",
            Severity::Critical,
            "t",
            at(2020, 1, 1, 0, 0, 0),
        );
        DeadlinePolicy::new(24).apply(&mut a);
        assert_eq!(a.respond_by, Some(at(2020, 1, 2, 0, 0, 0)));
        DeadlinePolicy::new(6).apply(&mut a);
        assert_eq!(a.respond_by, Some(at(2020, 1, 1, 6, 0, 0)));
    }

    #[test]
    fn recoveries_and_info_have_no_deadline() {
        let mut a = Alert::new(
            Source::Ses,
            "X",
            Severity::High,
            "t",
            at(2020, 1, 1, 0, 0, 0),
        );
        a.status = Status::Recovered;
        DeadlinePolicy::default().apply(&mut a);
        assert_eq!(a.respond_by, None);
        let mut b = Alert::new(
            Source::Ses,
            "X",
            Severity::Info,
            "t",
            at(2020, 1, 1, 0, 0, 0),
        );
        DeadlinePolicy::default().apply(&mut b);
        assert_eq!(b.respond_by, None);
    }

    #[test]
    fn time_left_reads_naturally_both_sides_of_the_deadline() {
        let deadline = at(2026, 6, 25, 9, 0, 0);
        assert_eq!(
            time_left(deadline, at(2026, 6, 24, 9, 48, 0)),
            "23h 12m left"
        );
        assert_eq!(
            time_left(deadline, at(2026, 6, 25, 11, 5, 0)),
            "overdue by 2h 5m"
        );
        assert_eq!(time_left(deadline, at(2026, 6, 21, 5, 0, 0)), "4d 4h left");
        assert_eq!(
            time_left(deadline, at(2026, 6, 25, 8, 59, 30)),
            "less than a minute left"
        );
    }

    #[test]
    fn display_formats() {
        let t = at(2026, 6, 24, 9, 14, 37);
        assert_eq!(rfc3339(t), "2026-06-24T09:14:37Z");
        assert_eq!(human_utc(t), "2026-06-24 09:14 UTC");
    }
}
