//! The reminder plan: one room with one job. When a tracked case is
//! reminded of its deadline, with whom mentioned.
//!
//! `REMINDER_PLAN` (default `50%,4h,1h,0,every 4h`): when half the time is
//! gone, 4 h before, 1 h before, at the deadline, then every 4 h overdue.
//! From `REMINDER_ESCALATE_FROM` before the deadline (default `1h`) on, the
//! reminders also mention `MENTION_ESCALATION`.
//!
//! - The plan counts down to the first response until the case is
//!   answered, then to its fix-by deadline if it has one.
//! - Acknowledging ("I'm on it") skips the early steps; from the escalation
//!   step on, reminders go on until the case is answered: for ABUSE and
//!   RISK the deadline is the reply to AWS, not the click.
//! - Answered cases without a fix-by, resolved cases, recoveries and
//!   informational alerts get none.
//! - Steps already past when a case is posted are not sent; after a missed
//!   run, only the latest due step is sent (all due ones are recorded).

use crate::alert::Status;
use crate::deadline::{format_duration, parse_duration};
use crate::i18n::{ui, Lang};
use crate::mention::{Mention, Mentions};
use crate::tracked::{Phase, Tracked};
use chrono::{DateTime, Duration, Utc};

/// The default plan.
pub const DEFAULT_PLAN: &str = "50%,4h,1h,0,every 4h";
/// How many overdue repeats `respondby plan` lists.
pub const LISTED_REPEATS: u32 = 3;
/// The most steps a plan lists (or records at once): a case from long
/// ago is not expanded repeat by repeat.
pub const MAX_LISTED: usize = 100;

/// One step of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// When this percentage of the time from start to the deadline is gone.
    Fraction(u8),
    /// This long before the deadline (zero: at the deadline).
    Before(Duration),
    /// Every this long after the deadline.
    Every(Duration),
}

/// Which deadline a reminder counts down to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    FirstResponse,
    Fix,
}

/// What a reminder is, for its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    Fraction(u8),
    Before(Duration),
    AtDeadline,
    Overdue(Duration),
}

/// A planned reminder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub at: DateTime<Utc>,
    pub kind: StepKind,
    /// Its identity in the case's record (`first:50%`, `first:-1h`,
    /// `first:+8h`, `fix:0`): each fires once.
    pub key: String,
    /// How a person reads it: `50% of the time gone`, `1h before`,
    /// `at the deadline`, `8h overdue`.
    pub step: String,
    pub target: Target,
    pub escalate: bool,
    /// Steps of the other deadline due at the same instant, which this
    /// reminder stands for too (it names them, and records them as fired).
    pub also: Vec<Reminder>,
}

impl Reminder {
    /// The steps this reminder records as fired: its own and the ones it
    /// stands for.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.key.as_str()).chain(self.also.iter().map(|r| r.key.as_str()))
    }

    /// How a person reads the step, in `lang`.
    pub fn label(&self, lang: Lang) -> String {
        match self.kind {
            StepKind::Fraction(p) => ui::STEP_FRACTION.fill(lang, &[("p", &p)]),
            StepKind::Before(d) => ui::STEP_BEFORE.fill(lang, &[("span", &short(d, lang))]),
            StepKind::AtDeadline => ui::STEP_AT_DEADLINE.get(lang).to_owned(),
            StepKind::Overdue(d) => ui::STEP_OVERDUE.fill(lang, &[("span", &short(d, lang))]),
        }
    }
}

/// `4h`, `1h 30m`, `1d 2h 30m` (`1時間30分`, `1日2時間30分`): a plan
/// step's duration in every unit it has, and only those (no `0m`).
fn short(d: Duration, lang: Lang) -> String {
    let mins = d.num_minutes();
    let (days, hours, minutes) = (mins / 1440, (mins % 1440) / 60, mins % 60);
    let mut parts = Vec::new();
    if days > 0 {
        parts.push(ui::UNIT_DAYS.fill(lang, &[("n", &days)]));
    }
    if hours > 0 {
        parts.push(ui::UNIT_HOURS.fill(lang, &[("n", &hours)]));
    }
    if minutes > 0 || parts.is_empty() {
        parts.push(ui::UNIT_MINUTES.fill(lang, &[("n", &minutes)]));
    }
    parts.join(match lang {
        Lang::En => " ",
        Lang::Ja => "",
    })
}

/// The plan, the escalation threshold and who it mentions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderPlan {
    pub steps: Vec<Step>,
    /// Steps at or after this long before the deadline escalate.
    pub escalate_from: Duration,
    pub escalation: Vec<Mention>,
}

impl Default for ReminderPlan {
    fn default() -> Self {
        ReminderPlan::parse(DEFAULT_PLAN, "1h", "").expect("the default plan parses")
    }
}

impl ReminderPlan {
    /// Parses `REMINDER_PLAN`, `REMINDER_ESCALATE_FROM` and
    /// `MENTION_ESCALATION`. An error names the entry.
    /// Steps are bounded as deadlines are (720 h): the date sums a plan
    /// makes cannot overflow.
    pub fn parse(
        plan: &str,
        escalate_from: &str,
        escalation: &str,
    ) -> Result<ReminderPlan, String> {
        let mut steps = Vec::new();
        for raw in plan.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let step = if let Some(p) = raw.strip_suffix('%') {
                match p.trim().parse::<u8>() {
                    Ok(n) if (1..=99).contains(&n) => Step::Fraction(n),
                    _ => {
                        return Err(format!(
                            "{raw:?}: a percentage of the time gone is 1% to 99%"
                        ))
                    }
                }
            } else if let Some(d) = raw.strip_prefix("every") {
                match parse_duration(d) {
                    Some(d) if d >= Duration::minutes(15) && d <= longest() => Step::Every(d),
                    _ => {
                        return Err(format!(
                        "{raw:?}: overdue repeats are `every <duration>` of 15m to 720h (every 4h)"
                    ))
                    }
                }
            } else if raw == "0" {
                Step::Before(Duration::zero())
            } else {
                match parse_duration(raw) {
                    Some(d) if d > Duration::zero() && d <= longest() => Step::Before(d),
                    _ => {
                        return Err(format!(
                            "{raw:?} is not a step (use 50%, 4h, 1h, 0 or every 4h; at most 720h)"
                        ))
                    }
                }
            };
            steps.push(step);
        }
        if steps.iter().filter(|s| matches!(s, Step::Every(_))).count() > 1 {
            return Err("only one `every <duration>` step".into());
        }
        let escalate_from = match escalate_from.trim() {
            "" => Duration::hours(1),
            "0" => Duration::zero(),
            s => parse_duration(s)
                .filter(|d| *d <= longest())
                .ok_or_else(|| format!("{s:?} is not a duration of at most 720h (use 1h, 30m)"))?,
        };
        Ok(ReminderPlan {
            steps,
            escalate_from,
            escalation: Mentions::parse_list(escalation)?,
        })
    }

    /// The plan as it would be written.
    pub fn describe(&self) -> String {
        self.steps
            .iter()
            .map(|s| match s {
                Step::Fraction(p) => format!("{p}%"),
                Step::Before(d) if d.is_zero() => "0".to_owned(),
                Step::Before(d) => format_duration(*d).replace(' ', ""),
                Step::Every(d) => format!("every {}", format_duration(*d).replace(' ', "")),
            })
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Every reminder towards `deadline` (counted from `start`), overdue
    /// repeats from the latest one at or before `from` up to `until`, at
    /// most [`MAX_LISTED`] of them. Checked arithmetic throughout: a step
    /// whose time a date cannot hold is left out, never a panic.
    fn towards(
        &self,
        target: Target,
        start: DateTime<Utc>,
        deadline: DateTime<Utc>,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Vec<Reminder> {
        let prefix = match target {
            Target::FirstResponse => "first",
            Target::Fix => "fix",
        };
        let mut out = Vec::new();
        for s in &self.steps {
            match *s {
                Step::Fraction(p) => {
                    let Some(at) = (deadline - start)
                        .checked_mul(i32::from(p))
                        .and_then(|d| d.checked_div(100))
                        .and_then(|d| start.checked_add_signed(d))
                    else {
                        continue;
                    };
                    out.push(Reminder {
                        at,
                        kind: StepKind::Fraction(p),
                        key: format!("{prefix}:{p}%"),
                        step: format!("{p}% of the time gone"),
                        target,
                        escalate: deadline - at <= self.escalate_from,
                        also: Vec::new(),
                    });
                }
                Step::Before(d) => {
                    let Some(at) = deadline.checked_sub_signed(d) else {
                        continue;
                    };
                    let name = if d.is_zero() {
                        "at the deadline".to_owned()
                    } else {
                        format!("{} before", format_duration(d))
                    };
                    out.push(Reminder {
                        at,
                        kind: if d.is_zero() {
                            StepKind::AtDeadline
                        } else {
                            StepKind::Before(d)
                        },
                        key: if d.is_zero() {
                            format!("{prefix}:0")
                        } else {
                            format!("{prefix}:-{}", format_duration(d).replace(' ', ""))
                        },
                        step: name,
                        target,
                        escalate: d <= self.escalate_from,
                        also: Vec::new(),
                    });
                }
                Step::Every(d) => {
                    let every = d.num_seconds().max(1);
                    // The latest repeat at or before `from`: the ones
                    // before it are past and never sent (only the latest
                    // due step is), so they are not listed one by one.
                    let first = ((from - deadline).num_seconds() / every).max(1);
                    for k in (first..).take(MAX_LISTED) {
                        let Some(late) = k.checked_mul(every).and_then(Duration::try_seconds)
                        else {
                            break;
                        };
                        match deadline.checked_add_signed(late) {
                            Some(at) if at <= until => out.push(Reminder {
                                at,
                                kind: StepKind::Overdue(late),
                                key: format!(
                                    "{prefix}:+{}",
                                    format_duration(late).replace(' ', "")
                                ),
                                step: format!("{} overdue", format_duration(late)),
                                target,
                                escalate: true,
                                also: Vec::new(),
                            }),
                            _ => break,
                        }
                    }
                }
            }
        }
        // Only steps after the start (a 4 h deadline has no "4h before").
        out.retain(|r| r.at > start);
        out.sort_by_key(|r| r.at);
        out.dedup_by_key(|r| r.at);
        out
    }

    /// The reminders a case gets, from its start, overdue repeats listed up
    /// to `until` (at most [`MAX_LISTED`]). Empty for cases that need none.
    pub fn schedule(&self, case: &Tracked, until: DateTime<Utc>) -> Vec<Reminder> {
        self.between(case, case.start(), until)
    }

    /// The reminders of a case from `from` on (with the latest overdue
    /// repeat at or before it) up to `until`, at most [`MAX_LISTED`].
    pub fn between(
        &self,
        case: &Tracked,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Vec<Reminder> {
        let a = &case.alert;
        if !case.is_open() || a.status != Status::Open {
            return Vec::new();
        }
        // The case's own start: an update does not move the plan.
        let start = case.start();
        let mut out = Vec::new();
        let answered = case.answered.is_some();
        if let (false, Some(by)) = (answered, case.respond_by) {
            let mut first = self.towards(Target::FirstResponse, start, by, from, until);
            if case.phase == Phase::Acknowledged {
                // "I'm on it" quiets the early steps; the deadline still holds.
                first.retain(|r| r.escalate);
            }
            out.extend(first);
        }
        if let Some(fix) = case.fix_by {
            let mut f = self.towards(Target::Fix, start, fix, from, until);
            if !answered {
                // Before the first response is in, only reminders after it
                // is due count down to the fix (no double reminders).
                if let Some(by) = case.respond_by {
                    f.retain(|r| r.at > by);
                }
            }
            out.extend(f);
        }
        out.sort_by_key(|r| r.at);
        // One reminder per instant. While the reply is unanswered, a fix-by
        // step due with a reply-by step is said by the reply's reminder
        // (the deadline that is pressing), named in it and recorded with
        // it, never dropped; the reminder escalates if either does.
        let mut merged: Vec<Reminder> = Vec::with_capacity(out.len());
        for r in out {
            match merged.last_mut() {
                Some(last) if last.at == r.at => {
                    let mut other = r;
                    if other.target == Target::FirstResponse {
                        std::mem::swap(last, &mut other);
                    }
                    last.escalate |= other.escalate;
                    last.also.push(other);
                }
                _ => merged.push(r),
            }
        }
        merged.truncate(MAX_LISTED);
        merged
    }

    /// The reminders due at `now` that have not fired, and the next time
    /// anything is due after `now` (for the due index).
    pub fn due(
        &self,
        case: &Tracked,
        now: DateTime<Utc>,
    ) -> (Vec<Reminder>, Option<DateTime<Utc>>) {
        // Far enough ahead for the next overdue repeat.
        let horizon = now
            .checked_add_signed(self.longest_repeat() + Duration::hours(1))
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        let all = self.between(case, now, horizon);
        // Slack refused its reminders for good: none is tried again.
        let refused = case.refused.is_some();
        let due: Vec<Reminder> = all
            .iter()
            .filter(|r| !refused && r.at <= now && r.keys().any(|k| !case.fired.contains(k)))
            .cloned()
            .collect();
        let next = all.iter().map(|r| r.at).find(|at| !refused && *at > now);
        (due, next)
    }

    /// When a newly posted case is first due (steps already past at `now`
    /// are recorded as fired, not sent).
    pub fn start(&self, case: &mut Tracked, now: DateTime<Utc>) {
        let (past, next) = self.due(case, now);
        for r in &past {
            case.fired.extend(r.keys().map(str::to_owned));
        }
        case.next_due = next.or_else(|| parked(case, now));
    }

    /// After a change (a click, an update, a reminder): the next time due.
    pub fn reschedule(&self, case: &mut Tracked, now: DateTime<Utc>) {
        let (due, next) = self.due(case, now);
        case.next_due = if due.is_empty() {
            next.or_else(|| parked(case, now))
        } else {
            Some(now)
        };
    }
}

/// An open case with a deadline and no reminder left (a plan without
/// overdue repeats) stays on the due index, far ahead, so `respondby open`
/// still lists it; resolved cases and cases without a deadline leave it.
fn parked(case: &Tracked, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let last = case.fix_by.max(case.respond_by)?;
    (case.is_open() && case.alert.status == Status::Open).then(|| {
        last.max(now)
            .checked_add_signed(Duration::days(30))
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    })
}

impl ReminderPlan {
    fn longest_repeat(&self) -> Duration {
        self.steps
            .iter()
            .filter_map(|s| match s {
                Step::Every(d) => Some(*d),
                _ => None,
            })
            .max()
            .unwrap_or(Duration::zero())
    }
}

/// The longest step or repeat: the deadline policy's own limit.
fn longest() -> Duration {
    Duration::hours(720)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alert::{Alert, Severity, Source};
    use crate::deadline::CaseClock;
    use crate::tracked::{Action, Mark};
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 6, 24, 9, 0, 0).unwrap()
    }

    fn abuse() -> Tracked {
        let mut a = Alert::new(
            Source::Health,
            "AWS_ABUSE_DOS_REPORT",
            Severity::Critical,
            "t",
            t0(),
        );
        a.clock = CaseClock::new("abuse", t0());
        a.clock.reply_to_aws = true;
        a.respond_by = Some(t0() + Duration::hours(24));
        a.case_key = "c".into();
        Tracked::new(&a, None, t0())
    }

    fn hours(rs: &[Reminder]) -> Vec<i64> {
        rs.iter().map(|r| (r.at - t0()).num_hours()).collect()
    }

    #[test]
    fn the_default_plan_for_a_24_hour_report() {
        let p = ReminderPlan::default();
        let rs = p.schedule(&abuse(), t0() + Duration::hours(40));
        assert_eq!(hours(&rs), vec![12, 20, 23, 24, 28, 32, 36, 40]);
        let keys: Vec<&str> = rs.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(
            keys[..5],
            [
                "first:50%",
                "first:-4h",
                "first:-1h",
                "first:0",
                "first:+4h"
            ]
        );
        let esc: Vec<bool> = rs.iter().map(|r| r.escalate).collect();
        assert_eq!(esc, vec![false, false, true, true, true, true, true, true]);
        assert_eq!(rs[3].step, "at the deadline");
        assert_eq!(rs[4].step, "4h overdue");
    }

    #[test]
    fn acknowledging_skips_the_early_steps_but_not_the_deadline() {
        let mut c = abuse();
        c.apply(Action::Acknowledge, Mark::user("U1", None, t0()))
            .unwrap();
        let rs = ReminderPlan::default().schedule(&c, t0() + Duration::hours(30));
        assert_eq!(hours(&rs), vec![23, 24, 28]);
    }

    #[test]
    fn answered_and_resolved_cases_get_none_unless_a_fix_is_due() {
        let p = ReminderPlan::default();
        let mut c = abuse();
        c.apply(Action::Answer, Mark::user("U1", None, t0()))
            .unwrap();
        assert!(p.schedule(&c, t0() + Duration::days(3)).is_empty());
        // With a fix-by (RISK: rotate the key within 24 h), the plan counts
        // down to it once the first response is in.
        let mut risk = abuse();
        risk.fix_by = Some(t0() + Duration::hours(48));
        risk.apply(Action::Answer, Mark::user("U1", None, t0()))
            .unwrap();
        let rs = p.schedule(&risk, t0() + Duration::hours(50));
        assert!(rs.iter().all(|r| r.target == Target::Fix), "{rs:?}");
        assert_eq!(hours(&rs), vec![24, 44, 47, 48]);
        risk.apply(Action::Resolve, Mark::user("U1", None, t0()))
            .unwrap();
        assert!(p.schedule(&risk, t0() + Duration::days(3)).is_empty());
    }

    #[test]
    fn recoveries_and_cases_without_a_deadline_have_no_plan() {
        let p = ReminderPlan::default();
        let mut c = abuse();
        c.respond_by = None;
        assert!(p.schedule(&c, t0() + Duration::days(3)).is_empty());
        let mut r = abuse();
        r.alert.status = Status::Recovered;
        assert!(p.schedule(&r, t0() + Duration::days(3)).is_empty());
    }

    #[test]
    fn steps_past_at_posting_are_not_sent_and_a_missed_run_sends_the_latest() {
        let p = ReminderPlan::default();
        let mut c = abuse();
        // Posted 21 hours after AWS sent it: 50% and 4h-before are past.
        p.start(&mut c, t0() + Duration::hours(21));
        assert!(c.fired.contains("first:50%") && c.fired.contains("first:-4h"));
        assert_eq!(c.next_due, Some(t0() + Duration::hours(23)));
        // The sweep was down until 24h30: two steps are due.
        let (due, next) = p.due(&c, t0() + Duration::hours(24) + Duration::minutes(30));
        assert_eq!(due.len(), 2);
        assert_eq!(next, Some(t0() + Duration::hours(28)));
    }

    #[test]
    fn a_short_deadline_has_no_steps_before_its_start() {
        let mut c = abuse();
        c.respond_by = Some(t0() + Duration::hours(4));
        let rs = ReminderPlan::default().schedule(&c, t0() + Duration::hours(5));
        // 50% (2h), 1h before (3h), at the deadline; "4h before" is the start.
        assert_eq!(hours(&rs), vec![2, 3, 4]);
    }

    fn case_at(start: DateTime<Utc>, deadline: Option<DateTime<Utc>>) -> Tracked {
        let mut c = abuse();
        c.alert.clock = CaseClock::new("abuse", start);
        c.started = Some(start);
        c.respond_by = deadline;
        c.posted_at = start;
        c
    }

    /// A case from long ago (or at chrono's earliest) plans in a bounded
    /// number of steps: the overdue repeats are not expanded one by one
    /// from its deadline to now, and a listing never has more than
    /// [`MAX_LISTED`] steps.
    #[test]
    fn a_case_from_long_ago_plans_in_bounded_steps_and_time() {
        let p = ReminderPlan::default();
        let now = t0();
        for start in [
            DateTime::<Utc>::MIN_UTC,
            Utc.with_ymd_and_hms(1970, 1, 1, 0, 0, 0).unwrap(),
        ] {
            let began = std::time::Instant::now();
            let mut c = case_at(start, start.checked_add_signed(Duration::hours(24)));
            p.start(&mut c, now);
            assert!(c.fired.len() <= MAX_LISTED, "{}", c.fired.len());
            // The next overdue repeat is within 4 h of now.
            let next = c.next_due.unwrap();
            assert!(next > now && next <= now + Duration::hours(4), "{next}");
            let (due, _) = p.due(&c, now + Duration::hours(8));
            assert!(!due.is_empty() && due.len() <= 2, "{due:?}");
            let listed = p.schedule(&c, DateTime::<Utc>::MAX_UTC);
            assert!(listed.len() <= MAX_LISTED, "{}", listed.len());
            assert!(began.elapsed() < std::time::Duration::from_secs(1));
        }
    }

    /// A deadline at chrono's latest: no overflow, no panic.
    #[test]
    fn a_case_at_the_end_of_time_plans_without_overflow() {
        let p = ReminderPlan::default();
        let end = DateTime::<Utc>::MAX_UTC;
        let mut c = case_at(end - Duration::hours(24), Some(end));
        c.fix_by = Some(end);
        p.start(&mut c, end - Duration::hours(1));
        let _ = p.due(&c, end);
        let _ = p.schedule(&c, end);
        c.apply(Action::Answer, Mark::user("U1", None, end))
            .unwrap();
        p.reschedule(&mut c, end);
    }

    /// Every combination of days, hours and minutes keeps its units in
    /// both languages: `90m` is 1時間30分, never 期限の3前.
    #[test]
    fn step_labels_keep_every_unit_in_both_languages() {
        let cases = [
            ("30m", "30m", "30分"),
            ("2h", "2h", "2時間"),
            ("3d", "3d", "3日"),
            ("90m", "1h 30m", "1時間30分"),
            ("1d12h", "1d 12h", "1日12時間"),
            ("2d30m", "2d 30m", "2日30分"),
            ("1d2h30m", "1d 2h 30m", "1日2時間30分"),
            ("10m", "10m", "10分"),
            ("20h", "20h", "20時間"),
            ("10d", "10d", "10日"),
        ];
        for (raw, en, ja) in cases {
            let d = parse_duration(raw).unwrap();
            let label = |kind, lang| {
                Reminder {
                    at: t0(),
                    kind,
                    key: String::new(),
                    step: String::new(),
                    target: Target::FirstResponse,
                    escalate: false,
                    also: Vec::new(),
                }
                .label(lang)
            };
            assert_eq!(label(StepKind::Before(d), Lang::En), format!("{en} before"));
            assert_eq!(
                label(StepKind::Overdue(d), Lang::En),
                format!("{en} overdue")
            );
            assert_eq!(
                label(StepKind::Before(d), Lang::Ja),
                format!("期限の{ja}前")
            );
            assert_eq!(
                label(StepKind::Overdue(d), Lang::Ja),
                format!("期限を{ja}超過")
            );
        }
        // The plan, as on-call reads it.
        let p = ReminderPlan::parse("90m,30m,every 30m", "1h", "").unwrap();
        let labels: Vec<String> = p
            .schedule(&abuse(), t0() + Duration::hours(25) + Duration::minutes(30))
            .iter()
            .map(|r| r.label(Lang::Ja))
            .collect();
        assert_eq!(
            labels,
            [
                "期限の1時間30分前",
                "期限の30分前",
                "期限を30分超過",
                "期限を1時間超過",
                "期限を1時間30分超過"
            ]
        );
    }

    /// An update told later (a Health update, a re-emitted finding) keeps
    /// the case's deadline, and its plan: 50% is still half-way from when
    /// the case started, not from the update.
    #[test]
    fn an_update_does_not_move_the_plan() {
        let p = ReminderPlan::default();
        let mut c = abuse();
        let before = p.schedule(&c, t0() + Duration::hours(30));
        let mut update = c.alert.clone();
        update.clock = CaseClock::new("abuse", t0() + Duration::hours(10));
        update.respond_by = Some(t0() + Duration::hours(34));
        c.follow_up(&update, Lang::En, t0() + Duration::hours(10));
        assert_eq!(c.respond_by, Some(t0() + Duration::hours(24)));
        let after = p.schedule(&c, t0() + Duration::hours(30));
        assert_eq!(hours(&after), hours(&before));
        assert_eq!(hours(&after)[0], 12, "50% of the time from the start");
        // And it survives the store's round trip.
        let stored: Tracked = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(
            hours(&p.schedule(&stored, t0() + Duration::hours(30))),
            hours(&before)
        );
    }

    /// A RISK report: reply and fix both due in 24 h, so their overdue
    /// repeats fall together. While the reply is unanswered, one reminder
    /// per instant, speaking of the reply, standing for the fix step too
    /// (both recorded when it goes out); escalated if either was.
    #[test]
    fn the_reply_by_and_the_fix_by_never_collide() {
        let p = ReminderPlan::default();
        let mut risk = abuse();
        risk.fix_by = Some(t0() + Duration::hours(24));
        let rs = p.schedule(&risk, t0() + Duration::hours(40));
        assert_eq!(hours(&rs), vec![12, 20, 23, 24, 28, 32, 36, 40]);
        for r in &rs[4..] {
            assert_eq!(r.target, Target::FirstResponse, "{r:?}");
            assert!(r.escalate);
            assert_eq!(r.also.len(), 1, "{r:?}");
            assert_eq!(r.also[0].target, Target::Fix);
            assert_eq!(r.also[0].at, r.at);
        }
        // Due together: both keys are recorded by the one reminder.
        let (due, _) = p.due(&risk, t0() + Duration::hours(28));
        let r = due.last().unwrap();
        assert_eq!(
            r.keys().collect::<Vec<_>>(),
            vec!["first:+4h", "fix:+4h"],
            "{due:?}"
        );
        let mut c = risk.clone();
        for r in &due {
            c.fired.extend(r.keys().map(str::to_owned));
        }
        assert!(p.due(&c, t0() + Duration::hours(28)).0.is_empty());
        // A fix-by later than the reply-by: its steps fall on the reply's
        // overdue repeats (44 h = 4 h before 48 h = 20 h overdue).
        let mut later = abuse();
        later.fix_by = Some(t0() + Duration::hours(48));
        let rs = p.schedule(&later, t0() + Duration::hours(52));
        let at: Vec<i64> = hours(&rs);
        let mut unique = at.clone();
        unique.dedup();
        assert_eq!(at, unique);
        let r44 = rs
            .iter()
            .find(|r| r.at == t0() + Duration::hours(44))
            .unwrap();
        assert_eq!(r44.target, Target::FirstResponse);
        assert_eq!(r44.also[0].kind, StepKind::Before(Duration::hours(4)));
        // Once the reply is in, the fix steps speak for themselves.
        later
            .apply(Action::Answer, Mark::user("U1", None, t0()))
            .unwrap();
        let rs = p.schedule(&later, t0() + Duration::hours(52));
        assert!(rs
            .iter()
            .all(|r| r.target == Target::Fix && r.also.is_empty()));
    }

    #[test]
    fn plans_parse_and_bad_ones_name_the_entry() {
        let p = ReminderPlan::parse("25%, 2h, 0, every 1h", "30m", "U0ONCALL,here").unwrap();
        assert_eq!(p.describe(), "25%,2h,0,every 1h");
        assert_eq!(p.escalation.len(), 2);
        for (bad, needle) in [
            ("50%,soon", "soon"),
            ("150%", "150%"),
            ("every 1m", "every 1m"),
            ("every 4h,every 2h", "only one"),
            // Beyond the policy's 720 h: it would overflow the date sums.
            ("99999999d", "99999999d"),
            ("every 99999999d", "every 99999999d"),
        ] {
            let err = ReminderPlan::parse(bad, "1h", "").unwrap_err();
            assert!(err.contains(needle), "{bad}: {err}");
        }
        // Numbers a duration cannot hold: the error names them, no panic.
        for bad in [
            "50%,99999999999999h",
            "9223372036854775807m",
            "every 9223372036854775807m",
            "106751991167d106751991167d",
        ] {
            let err = ReminderPlan::parse(bad, "1h", "").unwrap_err();
            let entry = bad.rsplit(',').next().unwrap();
            assert!(err.contains(entry), "{bad}: {err}");
        }
        let err = ReminderPlan::parse("1h", "9223372036854775807m", "").unwrap_err();
        assert!(err.contains("9223372036854775807m"), "{err}");
        assert!(ReminderPlan::parse("1h", "1h", "@bob").is_err());
        assert!(ReminderPlan::parse("1h", "99999999d", "").is_err());
        assert_eq!(ReminderPlan::default().describe(), DEFAULT_PLAN);
    }
}
