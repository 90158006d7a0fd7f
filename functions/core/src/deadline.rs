//! The deadline policy: for each kind of case, by when a first response is
//! due, and by when it must be fixed. One room with one job.
//!
//! A source says which kind of case an alert is (its [`CaseClock`]: the
//! policy class, when AWS told this account, and any hard stop or fix period
//! AWS stated). This module turns that into `respond_by` and `fix_by`.
//!
//! - Deadlines count from when AWS told this account (the event's emission),
//!   never from when a function ran: a retried or replayed event keeps them.
//! - A deadline is never born overdue: every class's first response is at
//!   least a minute after the emission.
//! - Recoveries, closed cases and informational alerts have no deadline.
//! - Ops tune every class with one setting, `DEADLINE_POLICY`
//!   (`guardduty.low=none,guardduty.critical=2h,risk.fix=12h`); classes whose
//!   default is 24 hours follow `DEADLINE_HOURS`.

use crate::alert::{Alert, Severity, Status};
pub use crate::clock::{CaseClock, Class, Default};
use chrono::{DateTime, Duration, Utc};

/// Default hours to respond (AWS Trust & Safety asks for a reply within 24 hours).
pub const DEFAULT_DEADLINE_HOURS: u32 = 24;
/// Longest deadline ops may configure (30 days).
pub const MAX_DEADLINE_HOURS: u32 = 720;
/// Longest fix-by period ops may configure (90 days).
const MAX_FIX_HOURS: i64 = 90 * 24;

/// Every class the policy knows, in the order of README's table: each
/// registered source's classes (see [`crate::sources`]).
pub fn classes() -> impl Iterator<Item = &'static Class> {
    crate::sources::SOURCES
        .iter()
        .flat_map(|s| s.classes.iter())
}

fn class(key: &str) -> Option<&'static Class> {
    classes().find(|c| c.key == key)
}

/// The class key for a severity-banded source (`guardduty`, `env`).
pub fn banded(prefix: &str, severity: Severity) -> String {
    let band = match severity {
        Severity::Critical => "critical",
        Severity::High => "high",
        Severity::Medium => "medium",
        Severity::Low | Severity::Info => "low",
    };
    format!("{prefix}.{band}")
}

/// The two deadlines of a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Deadlines {
    pub respond_by: Option<DateTime<Utc>>,
    pub fix_by: Option<DateTime<Utc>>,
}

/// One override from `DEADLINE_POLICY`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Override {
    class: &'static str,
    fix: bool,
    value: Option<Duration>,
}

/// The deadline policy: the defaults of the [`classes`], `DEADLINE_HOURS`, and
/// the overrides ops set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlinePolicy {
    /// `DEADLINE_HOURS`: the classes whose default is 24 hours use this.
    pub hours: u32,
    overrides: Vec<Override>,
}

impl std::default::Default for DeadlinePolicy {
    fn default() -> Self {
        DeadlinePolicy::new(DEFAULT_DEADLINE_HOURS)
    }
}

/// Reads `90m`, `4h`, `3d`, `1d12h`, `2h30m`. A number a duration cannot
/// hold, or a sum that overflows, is no duration (`None`): checked
/// constructors and additions throughout, never a panic on what ops typed.
pub fn parse_duration(s: &str) -> Option<Duration> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let mut total = Duration::zero();
    let mut num = String::new();
    let mut seen_unit = false;
    for c in s.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let n: i64 = num.parse().ok()?;
        num.clear();
        let part = match c.to_ascii_lowercase() {
            'd' => Duration::try_days(n),
            'h' => Duration::try_hours(n),
            'm' => Duration::try_minutes(n),
            _ => return None,
        }?;
        total = total.checked_add(&part)?;
        seen_unit = true;
    }
    if !num.is_empty() || !seen_unit {
        return None;
    }
    Some(total)
}

/// `4h`, `3d`, `1d 12h`, `90m`: a duration as ops would write it.
pub fn format_duration(d: Duration) -> String {
    let mins = d.num_minutes();
    let (days, hours, minutes) = (mins / 1440, (mins % 1440) / 60, mins % 60);
    let mut parts = Vec::new();
    if days > 0 {
        parts.push(format!("{days}d"));
    }
    if hours > 0 {
        parts.push(format!("{hours}h"));
    }
    if minutes > 0 || parts.is_empty() {
        parts.push(format!("{minutes}m"));
    }
    parts.join(" ")
}

impl DeadlinePolicy {
    /// The defaults, with `hours` for the classes that follow `DEADLINE_HOURS`.
    pub fn new(hours: u32) -> DeadlinePolicy {
        DeadlinePolicy {
            hours,
            overrides: Vec::new(),
        }
    }

    /// The defaults plus the overrides in `spec`: comma- or
    /// whitespace-separated `class=duration|none` (first response) and
    /// `class.fix=duration|none` (fix-by) entries. An error names the entry.
    pub fn parse(hours: u32, spec: &str) -> Result<DeadlinePolicy, String> {
        let mut policy = DeadlinePolicy::new(hours);
        for entry in spec
            .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
            .filter(|e| !e.is_empty())
        {
            let Some((key, value)) = entry.split_once('=') else {
                return Err(format!(
                    "{entry:?} is not class=duration (e.g. guardduty.critical=2h)"
                ));
            };
            let key = key.trim().to_ascii_lowercase();
            let (name, fix) = match key.strip_suffix(".fix") {
                Some(n) => (n, true),
                None => (key.strip_suffix(".first").unwrap_or(&key), false),
            };
            let Some(class) = class(name) else {
                let known: Vec<&str> = classes().map(|c| c.key).collect();
                return Err(format!(
                    "{entry:?}: unknown class {name:?} (known: {})",
                    known.join(", ")
                ));
            };
            let value = value.trim();
            let parsed = if value.eq_ignore_ascii_case("none") {
                None
            } else {
                let max = if fix {
                    MAX_FIX_HOURS
                } else {
                    i64::from(MAX_DEADLINE_HOURS)
                };
                match parse_duration(value) {
                    Some(d) if d >= Duration::minutes(1) && d <= Duration::hours(max) => Some(d),
                    Some(_) => {
                        return Err(format!("{entry:?}: the duration must be from 1m to {max}h"))
                    }
                    None => {
                        return Err(format!(
                            "{entry:?}: {value:?} is not a duration of 1m to {max}h (use 90m, 4h, 3d or none)"
                        ))
                    }
                }
            };
            policy
                .overrides
                .retain(|o| !(o.class == class.key && o.fix == fix));
            policy.overrides.push(Override {
                class: class.key,
                fix,
                value: parsed,
            });
        }
        Ok(policy)
    }

    fn resolve(&self, d: Default) -> Option<Duration> {
        match d {
            Default::Hours(h) => Some(Duration::hours(h)),
            Default::DeadlineHours => Some(Duration::hours(i64::from(self.hours))),
            Default::None => None,
        }
    }

    fn overridden(&self, class: &str, fix: bool) -> Option<Option<Duration>> {
        self.overrides
            .iter()
            .find(|o| o.class == class && o.fix == fix)
            .map(|o| o.value)
    }

    /// How long a first response may take for a class (`None`: no deadline).
    /// An unknown class gets `DEADLINE_HOURS`.
    pub fn first(&self, class: &str) -> Option<Duration> {
        if let Some(v) = self.overridden(class, false) {
            return v;
        }
        match self::class(class) {
            Some(c) => self.resolve(c.first),
            None => Some(Duration::hours(i64::from(self.hours))),
        }
    }

    /// How long the fix may take for a class (`None`: no fix-by deadline).
    pub fn fix(&self, class: &str) -> Option<Duration> {
        if let Some(v) = self.overridden(class, true) {
            return v;
        }
        self::class(class).and_then(|c| self.resolve(c.fix))
    }

    /// The deadlines for an alert, from its clock, severity and status.
    pub fn deadlines(&self, alert: &Alert) -> Deadlines {
        if matches!(alert.status, Status::Recovered | Status::Closed)
            || alert.severity == Severity::Info
        {
            return Deadlines::default();
        }
        let clock = &alert.clock;
        let start = clock.started;
        // Checked sums: a time a date cannot hold gives no deadline, never
        // a panic (sources keep times in range, see `time::in_range`).
        let respond_by = self.first(&clock.class).and_then(|d| {
            let by = start.checked_add_signed(d)?;
            Some(match clock.due_before {
                // A scheduled change is due before it happens, if that is
                // sooner and still ahead; never sooner than a minute after
                // AWS told us (a deadline is never born overdue).
                Some(stop) if stop < by && stop > start => stop
                    .max(start.checked_add_signed(Duration::minutes(1))?)
                    .min(by),
                _ => by,
            })
        });
        let fix = match (clock.aws_fix_period, self.overridden(&clock.class, true)) {
            // An override can only bring AWS's own period forward or switch it off.
            (Some(aws), Some(Some(ops))) => Some(aws.min(ops)),
            (Some(_), Some(None)) => None,
            (Some(aws), None) => Some(aws),
            (None, _) => self.fix(&clock.class),
        };
        Deadlines {
            respond_by,
            fix_by: fix.and_then(|d| start.checked_add_signed(d)),
        }
    }

    /// Sets `respond_by` and `fix_by` on an alert.
    pub fn apply(&self, alert: &mut Alert) {
        let d = self.deadlines(alert);
        alert.respond_by = d.respond_by;
        alert.fix_by = d.fix_by;
    }

    /// Every class with the deadlines this policy gives it, as a Markdown
    /// table (`respondby policy`; README's table of defaults is this with
    /// no overrides).
    pub fn table(&self) -> String {
        // Hours as AWS states them ("24 hours"), not days.
        let show = |d: Option<Duration>| match d {
            None => "none".to_owned(),
            Some(d) if d.num_minutes() % 60 == 0 => format!("{}h", d.num_hours()),
            Some(d) => format_duration(d),
        };
        let mut t = String::from(
            "| class | first response | fix by | where the numbers come from |\n|---|---|---|---|\n",
        );
        for c in classes() {
            let fix = match (c.fix_from_event, self.overridden(c.key, true)) {
                // AWS's own period from the event, unless ops set one.
                (Some(named), None) => named.to_owned(),
                (Some(_), Some(Some(d))) => format!(
                    "{}, or the period the event states if sooner",
                    show(Some(d))
                ),
                _ => show(self.fix(c.key)),
            };
            t.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                c.key,
                show(self.first(c.key)),
                fix,
                c.why
            ));
        }
        t
    }

    /// The overrides in effect, as `class=duration` text (for the start-up log).
    pub fn describe_overrides(&self) -> String {
        self.overrides
            .iter()
            .map(|o| {
                format!(
                    "{}{}={}",
                    o.class,
                    if o.fix { ".fix" } else { "" },
                    o.value.map_or("none".to_owned(), format_duration)
                )
            })
            .collect::<Vec<_>>()
            .join(",")
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

    fn alert(class: &str, severity: Severity) -> Alert {
        let t = at(2026, 6, 24, 9, 0, 0);
        let mut a = Alert::new(Source::Health, "X", severity, "t", t);
        a.clock = CaseClock::new(class, t);
        a
    }

    fn first_of(policy: &DeadlinePolicy, class: &str, severity: Severity) -> Option<Duration> {
        policy
            .deadlines(&alert(class, severity))
            .respond_by
            .map(|by| by - at(2026, 6, 24, 9, 0, 0))
    }

    #[test]
    fn each_default_is_as_documented() {
        let p = DeadlinePolicy::default();
        let h = Duration::hours;
        let cases = [
            ("abuse", Some(h(24)), None),
            ("risk", Some(h(24)), Some(h(24))),
            ("ses", Some(h(24)), None),
            ("ses.alarm", Some(h(24)), None),
            ("guardduty.critical", Some(h(4)), None),
            ("guardduty.high", Some(h(24)), None),
            ("guardduty.medium", Some(h(72)), None),
            ("guardduty.low", None, None),
            ("env.critical", Some(h(4)), None),
            ("env.high", Some(h(24)), None),
            ("env.medium", Some(h(72)), None),
            ("env.low", None, None),
            ("health", Some(h(24)), None),
            ("cost.critical", Some(h(4)), None),
            ("cost.high", Some(h(24)), None),
            ("cost.medium", Some(h(72)), None),
            ("cost.low", None, None),
            ("support.compromise", Some(h(24)), None),
            ("support.aws_reply", Some(h(24)), None),
            ("support.origin_unknown", Some(h(24)), None),
            ("support.account_case", None, None),
            ("exposure.public", Some(h(1)), None),
            ("exposure.account", Some(h(4)), None),
            ("exposure.guard", Some(h(24)), None),
            ("exposure.refused", None, None),
            ("heartbeat", Some(h(24)), None),
        ];
        assert_eq!(cases.len(), classes().count(), "a class without a test");
        for (class, first, fix) in cases {
            assert_eq!(p.first(class), first, "{class} first");
            assert_eq!(p.fix(class), fix, "{class} fix");
        }
    }

    #[test]
    fn deadline_hours_moves_only_the_classes_that_follow_it() {
        let p = DeadlinePolicy::new(6);
        assert_eq!(p.first("abuse"), Some(Duration::hours(6)));
        assert_eq!(p.first("guardduty.critical"), Some(Duration::hours(4)));
        assert_eq!(p.first("unknown.class"), Some(Duration::hours(6)));
    }

    #[test]
    fn overrides_change_first_response_and_fix_by_per_class() {
        let p = DeadlinePolicy::parse(
            24,
            "guardduty.low=12h, guardduty.critical=2h,abuse=24h risk.fix=90m ses.fix=14d env.high=none",
        )
        .unwrap();
        assert_eq!(p.first("guardduty.low"), Some(Duration::hours(12)));
        assert_eq!(p.first("guardduty.critical"), Some(Duration::hours(2)));
        assert_eq!(p.fix("risk"), Some(Duration::minutes(90)));
        assert_eq!(p.first("risk"), Some(Duration::hours(24)));
        assert_eq!(p.fix("ses"), Some(Duration::days(14)));
        assert_eq!(p.first("env.high"), None);
        assert_eq!(
            first_of(&p, "guardduty.critical", Severity::Critical),
            Some(Duration::hours(2))
        );
        // The last entry for a class wins.
        let p = DeadlinePolicy::parse(24, "abuse=2h,abuse=3h").unwrap();
        assert_eq!(p.first("abuse"), Some(Duration::hours(3)));
    }

    #[test]
    fn a_bad_policy_entry_is_an_error_naming_it() {
        for (spec, needle) in [
            ("guardduty.lowest=2h", "guardduty.lowest"),
            ("abuse", "abuse"),
            ("abuse=soon", "soon"),
            ("abuse=0m", "abuse=0m"),
            ("abuse=31d", "abuse=31d"),
            ("risk.fix=91d", "risk.fix=91d"),
            ("abuse=2x", "2x"),
        ] {
            let err = DeadlinePolicy::parse(24, spec).unwrap_err();
            assert!(err.contains(needle), "{spec}: {err}");
        }
        assert!(DeadlinePolicy::parse(24, "").is_ok());
    }

    #[test]
    fn huge_or_overflowing_durations_are_an_error_naming_the_entry_not_a_panic() {
        for spec in [
            "abuse=99999999999999d",
            "abuse=9223372036854775807m",
            "abuse=99999999999999999999h",
            "risk.fix=106751991167d106751991167d",
            "abuse=9223372036854775807h9223372036854775807m",
        ] {
            let err = DeadlinePolicy::parse(24, spec).unwrap_err();
            assert!(err.contains(spec), "{spec}: {err}");
        }
        assert_eq!(parse_duration("9223372036854775807m"), None);
        assert_eq!(parse_duration("106751991167d106751991167d"), None);
        assert_eq!(parse_duration("99999999999999d"), None);
    }

    #[test]
    fn deadlines_at_the_end_of_time_do_not_overflow() {
        let mut a = alert("risk", Severity::Critical);
        a.clock.started = DateTime::<Utc>::MAX_UTC - Duration::hours(1);
        a.clock.aws_fix_period = Some(Duration::days(14));
        let d = DeadlinePolicy::default().deadlines(&a);
        assert_eq!(d, Deadlines::default());
    }

    #[test]
    fn a_low_guardduty_finding_has_no_deadline() {
        let p = DeadlinePolicy::default();
        assert_eq!(
            p.deadlines(&alert("guardduty.low", Severity::Low)),
            Deadlines::default()
        );
    }

    #[test]
    fn deadlines_count_from_when_aws_told_the_account() {
        let mut a = alert("risk", Severity::Critical);
        a.clock.started = at(2026, 6, 24, 10, 0, 0);
        let d = DeadlinePolicy::default().deadlines(&a);
        assert_eq!(d.respond_by, Some(at(2026, 6, 25, 10, 0, 0)));
        assert_eq!(d.fix_by, Some(at(2026, 6, 25, 10, 0, 0)));
    }

    #[test]
    fn a_scheduled_change_is_due_before_it_starts() {
        let mut a = alert("health", Severity::Low);
        a.clock.due_before = Some(at(2026, 6, 24, 15, 0, 0));
        let d = DeadlinePolicy::default().deadlines(&a);
        assert_eq!(d.respond_by, Some(at(2026, 6, 24, 15, 0, 0)));
        // Later than the default deadline: the default stands.
        a.clock.due_before = Some(at(2026, 7, 3, 0, 0, 0));
        let d = DeadlinePolicy::default().deadlines(&a);
        assert_eq!(d.respond_by, Some(at(2026, 6, 25, 9, 0, 0)));
        // Already started: it cannot make the deadline overdue at birth.
        a.clock.due_before = Some(at(2026, 6, 24, 8, 0, 0));
        let d = DeadlinePolicy::default().deadlines(&a);
        assert_eq!(d.respond_by, Some(at(2026, 6, 25, 9, 0, 0)));
        // Starting seconds after AWS told us: still a minute to answer, so
        // the alert is not overdue by the time it reaches Slack.
        a.clock.due_before = Some(a.clock.started + Duration::seconds(10));
        let d = DeadlinePolicy::default().deadlines(&a);
        assert_eq!(d.respond_by, Some(a.clock.started + Duration::minutes(1)));
    }

    #[test]
    fn aws_stated_fix_period_wins_over_our_default_and_ops_can_only_shorten_it() {
        let mut a = alert("ses", Severity::High);
        a.clock.aws_fix_period = Some(Duration::days(14));
        assert_eq!(
            DeadlinePolicy::default().deadlines(&a).fix_by,
            Some(at(2026, 7, 8, 9, 0, 0))
        );
        let p = DeadlinePolicy::parse(24, "ses.fix=7d").unwrap();
        assert_eq!(p.deadlines(&a).fix_by, Some(at(2026, 7, 1, 9, 0, 0)));
        let p = DeadlinePolicy::parse(24, "ses.fix=30d").unwrap();
        assert_eq!(p.deadlines(&a).fix_by, Some(at(2026, 7, 8, 9, 0, 0)));
    }

    #[test]
    fn recoveries_closed_cases_and_info_have_no_deadline() {
        let p = DeadlinePolicy::default();
        for status in [Status::Recovered, Status::Closed] {
            let mut a = alert("risk", Severity::Critical);
            a.status = status;
            assert_eq!(p.deadlines(&a), Deadlines::default(), "{status:?}");
        }
        assert_eq!(
            p.deadlines(&alert("abuse", Severity::Info)),
            Deadlines::default()
        );
    }

    #[test]
    fn durations_read_and_print_as_ops_write_them() {
        assert_eq!(parse_duration("90m"), Some(Duration::minutes(90)));
        assert_eq!(parse_duration("1d12h"), Some(Duration::hours(36)));
        assert_eq!(parse_duration("2h30m"), Some(Duration::minutes(150)));
        for bad in ["", "4", "h", "4x", "-4h", "4h30"] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
        assert_eq!(format_duration(Duration::hours(36)), "1d 12h");
        assert_eq!(format_duration(Duration::minutes(90)), "1h 30m");
    }

    #[test]
    fn bands_name_their_class() {
        assert_eq!(
            banded("guardduty", Severity::Critical),
            "guardduty.critical"
        );
        assert_eq!(banded("env", Severity::Info), "env.low");
    }
}
