//! The alert's tracked state: one room with one job.
//!
//! A case (an AWS Health event, a GuardDuty finding, an alarm) is posted
//! once and then tracked: who acknowledged it, who answered (for ABUSE and
//! RISK: replied to AWS), who resolved it, where its message is, which
//! reminders went out, and its deadlines. Updates of the same case follow
//! up on it instead of opening a new page. Everything here is pure; the
//! store ([`crate::store`]) keeps it, with optimistic concurrency on
//! `version`.

use crate::alert::{Alert, Status};
use crate::i18n::{ui, Lang};
use crate::slack::escape;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Where a case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Open,
    Acknowledged,
    Answered,
    Resolved,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Open => "open",
            Phase::Acknowledged => "acknowledged",
            Phase::Answered => "answered",
            Phase::Resolved => "resolved",
        }
    }
}

/// Who did something, and when. `by` is a Slack user id (`U…`), or
/// `aws` / `source` when AWS closed the case or the source recovered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    pub by: String,
    #[serde(default)]
    pub name: Option<String>,
    pub at: DateTime<Utc>,
}

impl Mark {
    pub fn user(id: &str, name: Option<&str>, at: DateTime<Utc>) -> Mark {
        Mark {
            by: id.to_owned(),
            name: name.map(str::to_owned),
            at,
        }
    }

    /// True when a person (a Slack user) did it.
    pub fn is_person(&self) -> bool {
        self.by != "aws" && self.by != "source"
    }
}

/// Where the case's message is in Slack (app mode; webhooks return none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageRef {
    pub channel: String,
    pub ts: String,
}

/// Slack refused for good to post this case's reminders where they go (the
/// channel archived or gone, the app not in it): no more reminders are
/// tried for the case until it is updated (its update reached Slack, so
/// the place works again).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refused {
    pub at: DateTime<Utc>,
    /// Slack's reason (`channel_is_archived`, `HTTP 410`, ...).
    pub reason: String,
}

/// What a person can do from Slack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// "I'm on it."
    Acknowledge,
    /// Responded (for ABUSE/RISK: replied to AWS). Meets the deadline.
    Answer,
    Resolve,
}

impl Action {
    /// The `action_id` of its button.
    pub fn id(self) -> &'static str {
        match self {
            Action::Acknowledge => "respondby.ack",
            Action::Answer => "respondby.answer",
            Action::Resolve => "respondby.resolve",
        }
    }

    pub fn from_id(id: &str) -> Option<Action> {
        [Action::Acknowledge, Action::Answer, Action::Resolve]
            .into_iter()
            .find(|a| a.id() == id)
    }
}

/// Why a click changed nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The case is already resolved (by whom, when).
    AlreadyResolved(Mark),
}

/// A tracked case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tracked {
    pub case_key: String,
    pub phase: Phase,
    #[serde(default)]
    pub acked: Option<Mark>,
    #[serde(default)]
    pub answered: Option<Mark>,
    #[serde(default)]
    pub resolved: Option<Mark>,
    /// The case's deadlines, kept from its first post: an update of the
    /// case does not move them.
    pub respond_by: Option<DateTime<Utc>>,
    pub fix_by: Option<DateTime<Utc>>,
    /// When the case started (AWS told the account of its first version):
    /// its reminder plan counts from here, whatever its updates say. None
    /// in records written before it was kept (their snapshot's start).
    #[serde(default)]
    pub started: Option<DateTime<Utc>>,
    /// The parent message (app mode).
    #[serde(default)]
    pub message: Option<MessageRef>,
    /// Where its first message went (`CHANNEL_ROUTES`: a channel id or a
    /// webhook secret); its follow-ups and reminders go there too. `None`:
    /// the default channel or webhook.
    #[serde(default)]
    pub route: Option<String>,
    /// The latest alert of the case (re-rendered when its state changes).
    pub alert: Alert,
    pub posted_at: DateTime<Utc>,
    /// Reminder steps that went out (each fires once).
    #[serde(default)]
    pub fired: BTreeSet<String>,
    /// When the next reminder is due (the due index); none when nothing is.
    #[serde(default)]
    pub next_due: Option<DateTime<Utc>>,
    /// Slack refused its reminders for good (see [`Refused`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refused: Option<Refused>,
    /// Incremented by every write; writes are conditional on it.
    pub version: u64,
}

impl Tracked {
    /// A newly posted case.
    pub fn new(alert: &Alert, message: Option<MessageRef>, now: DateTime<Utc>) -> Tracked {
        let mut t = Tracked {
            case_key: alert.case_key.clone(),
            phase: Phase::Open,
            acked: None,
            answered: None,
            resolved: None,
            respond_by: alert.respond_by,
            fix_by: alert.fix_by,
            started: Some(alert.clock.started),
            message,
            route: None,
            alert: alert.clone(),
            posted_at: now,
            fired: BTreeSet::new(),
            next_due: None,
            refused: None,
            version: 0,
        };
        if alert.status != Status::Open {
            t.resolve_by_source(alert.status, now);
        }
        t
    }

    /// Which episode of its case this is: when it was posted, in
    /// milliseconds. A case key can have several episodes (an alarm in
    /// ALARM, then OK, then in ALARM again); each new one is posted anew,
    /// and the buttons of each message carry the episode they were posted
    /// for, so an earlier message's buttons cannot act on a later episode.
    pub fn episode(&self) -> String {
        self.posted_at.timestamp_millis().to_string()
    }

    /// The `value` of this case's buttons: its key and its episode.
    pub fn button_value(&self) -> String {
        serde_json::json!({"case": self.case_key, "ep": self.episode()}).to_string()
    }

    /// When the case started: what its plan counts from.
    pub fn start(&self) -> DateTime<Utc> {
        self.started.unwrap_or(self.alert.clock.started)
    }

    /// True while a response is still expected.
    pub fn is_open(&self) -> bool {
        self.phase != Phase::Resolved
    }

    /// Applies a click. Idempotent: acknowledging an acknowledged case (a
    /// double click, a retried request) changes nothing and is no error.
    pub fn apply(&mut self, action: Action, who: Mark) -> Result<bool, Refusal> {
        if let Some(r) = &self.resolved {
            return Err(Refusal::AlreadyResolved(r.clone()));
        }
        let changed = match action {
            Action::Acknowledge => {
                if self.acked.is_some() || self.answered.is_some() {
                    false
                } else {
                    self.acked = Some(who);
                    self.phase = Phase::Acknowledged;
                    true
                }
            }
            Action::Answer => {
                if self.answered.is_some() {
                    false
                } else {
                    self.answered = Some(who);
                    self.phase = Phase::Answered;
                    true
                }
            }
            Action::Resolve => {
                self.resolved = Some(who);
                self.phase = Phase::Resolved;
                true
            }
        };
        Ok(changed)
    }

    /// AWS closed the case, or the source recovered (an alarm back to OK).
    pub fn resolve_by_source(&mut self, status: Status, at: DateTime<Utc>) {
        if self.resolved.is_none() {
            let by = if status == Status::Closed {
                "aws"
            } else {
                "source"
            };
            self.resolved = Some(Mark {
                by: by.to_owned(),
                name: None,
                at,
            });
            self.phase = Phase::Resolved;
        }
    }

    /// Takes in an update of the case: the latest alert, keeping the case's
    /// deadlines (a deadline it had none of is adopted). A closed or
    /// recovered update resolves the case. Returns what changed, for the
    /// follow-up message.
    pub fn follow_up(&mut self, update: &Alert, lang: Lang, now: DateTime<Utc>) -> Vec<String> {
        let mut changes = changes(&self.alert, update, lang);
        // A deadline is the case's: an update keeps it, unless it brings it
        // forward (the case escalated, or AWS moved a change earlier). One
        // already past when the update arrives is never taken.
        for (mine, theirs, words) in [
            (
                &mut self.respond_by,
                update.respond_by,
                ui::CH_REPLY_BY_EARLIER,
            ),
            (&mut self.fix_by, update.fix_by, ui::CH_FIX_BY_EARLIER),
        ] {
            match (*mine, theirs) {
                (Some(old), Some(new)) if new < old && new > now => {
                    changes.push(words.fill(
                        lang,
                        &[
                            ("from", &crate::time::human_utc(old)),
                            ("to", &crate::time::human_utc(new)),
                        ],
                    ));
                    *mine = Some(new);
                }
                (None, new) => *mine = new,
                _ => {}
            }
        }
        self.alert = update.clone();
        // The update is posted where the case lives: try reminders again.
        self.refused = None;
        if update.status != Status::Open {
            self.resolve_by_source(update.status, now);
        }
        changes
    }

    /// The alert as it should be shown now: the latest snapshot with the
    /// case's own deadlines.
    pub fn current_alert(&self) -> Alert {
        let mut a = self.alert.clone();
        if a.status == Status::Open {
            a.respond_by = self.respond_by;
            a.fix_by = self.fix_by;
        }
        a
    }

    /// The case as lists show it (the Home tab, `/respondby open`,
    /// `respondby open`): everything but the alert's long parts (AWS's
    /// text, facts, links, steps, notes, the reply draft, resources) and
    /// the fired reminder steps. Stored beside the case so a list of a
    /// thousand cases reads ~0.5 KB a case instead of the whole case.
    pub fn listing_copy(&self) -> Tracked {
        let a = &self.alert;
        Tracked {
            alert: Alert {
                source: a.source,
                kind: a.kind.clone(),
                severity: a.severity,
                status: a.status,
                title: a.title.clone(),
                account: a.account.clone(),
                account_name: a.account_name.clone(),
                region: a.region.clone(),
                global_service: a.global_service.clone(),
                occurred_at: a.occurred_at,
                latest_activity: a.latest_activity,
                clock: a.clock.clone(),
                respond_by: a.respond_by,
                fix_by: a.fix_by,
                fix_now: None,
                dedup_key: a.dedup_key.clone(),
                case_key: a.case_key.clone(),
                group_key: a.group_key.clone(),
                fold_member: a.fold_member.clone(),
                resources: Vec::new(),
                facts: Vec::new(),
                description: None,
                description_by: a.description_by,
                links: Vec::new(),
                next_steps: Vec::new(),
                step_links: Vec::new(),
                notes: Vec::new(),
                reply_draft: None,
            },
            fired: BTreeSet::new(),
            case_key: self.case_key.clone(),
            phase: self.phase,
            acked: self.acked.clone(),
            answered: self.answered.clone(),
            resolved: self.resolved.clone(),
            respond_by: self.respond_by,
            fix_by: self.fix_by,
            started: self.started,
            message: self.message.clone(),
            route: self.route.clone(),
            posted_at: self.posted_at,
            next_due: self.next_due,
            refused: self.refused.clone(),
            version: self.version,
        }
    }
}

/// A button's `value`: the case key, and the episode it was posted for
/// (`None` for buttons posted before episodes were told apart, whose value
/// is the bare case key; case keys begin with their source's name, never
/// with `{`).
pub fn parse_button_value(value: &str) -> (String, Option<String>) {
    #[derive(Deserialize)]
    struct Value {
        case: String,
        ep: String,
    }
    match serde_json::from_str::<Value>(value) {
        Ok(v) if value.starts_with('{') => (v.case, Some(v.ep)),
        _ => (value.to_owned(), None),
    }
}

/// What differs between two alerts of the same case, one mrkdwn line each:
/// our words, with the event's values (fact values and labels, resources)
/// in code spans, so they copy exactly and cannot forge a line or
/// formatting.
pub fn changes(old: &Alert, new: &Alert, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    if old.status != new.status {
        out.push(ui::CH_STATUS.fill(
            lang,
            &[
                ("from", &old.status_word(lang)),
                ("to", &new.status_word(lang)),
            ],
        ));
    }
    if old.severity != new.severity {
        out.push(ui::CH_SEVERITY.fill(
            lang,
            &[
                ("from", &old.severity.word(lang)),
                ("to", &new.severity.word(lang)),
            ],
        ));
    }
    for f in &new.facts {
        let label = escape::text(&escape::one_line(&f.label));
        match old.fact_value(&f.label) {
            Some(v) if v == f.value => {}
            Some(v) => out.push(ui::CH_FACT.fill(
                lang,
                &[
                    ("label", &label),
                    ("from", &escape::code(v)),
                    ("to", &escape::code(&f.value)),
                ],
            )),
            None => out.push(ui::CH_FACT_NEW.fill(
                lang,
                &[("label", &label), ("value", &escape::code(&f.value))],
            )),
        }
    }
    let added: Vec<&String> = new
        .resources
        .iter()
        .filter(|r| !old.resources.contains(r))
        .collect();
    if !added.is_empty() {
        let shown: Vec<String> = added.iter().take(10).map(|s| escape::code(s)).collect();
        let more = added.len().saturating_sub(shown.len());
        let mut list = shown.join(", ");
        if more > 0 {
            list.push_str(&ui::CH_AND_MORE.fill(lang, &[("n", &more)]));
        }
        out.push(ui::CH_NEW_RESOURCES.fill(lang, &[("list", &list)]));
    }
    if old.description != new.description {
        out.push(new.description_by.text_changed(lang).to_owned());
    }
    if out.is_empty() {
        out.push(ui::CH_NONE.get(lang).to_owned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alert::{Severity, Source};
    use chrono::TimeZone;

    fn t(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 6, 24, h, 0, 0).unwrap()
    }

    fn alert() -> Alert {
        let mut a = Alert::new(
            Source::Health,
            "AWS_ABUSE_DOS_REPORT",
            Severity::Critical,
            "x",
            t(9),
        );
        a.case_key = "health:1:arn".into();
        a.respond_by = Some(t(9) + chrono::Duration::hours(24));
        a.fact("Status", "open");
        a
    }

    fn sato(h: u32) -> Mark {
        Mark::user("U0SATO", Some("sato"), t(h))
    }

    #[test]
    fn a_changed_text_is_said_to_be_its_authors_not_always_awss() {
        use crate::alert::TextBy;
        let mut old = alert();
        old.description = Some("Threshold Crossed: [0.06]".into());
        old.description_by = TextBy::CloudWatch;
        let mut new = old.clone();
        new.description = Some("Threshold Crossed: [0.12]".into());
        for lang in [Lang::En, Lang::Ja] {
            let c = changes(&old, &new, lang);
            assert_eq!(c, vec![ui::CH_TEXT_CLOUDWATCH.get(lang).to_owned()]);
            let reply = crate::slack::render::update_reply(&new, &c, lang, t(10)).to_string();
            assert!(reply.contains("[0.12]"), "the new text is shown: {reply}");
        }
        new.description_by = TextBy::Aws;
        old.description_by = TextBy::Aws;
        assert_eq!(
            changes(&old, &new, Lang::En),
            vec![ui::CH_TEXT.get(Lang::En).to_owned()]
        );
    }

    #[test]
    fn ack_then_answer_then_resolve() {
        let mut c = Tracked::new(&alert(), None, t(9));
        assert_eq!(c.apply(Action::Acknowledge, sato(10)), Ok(true));
        assert_eq!(c.phase, Phase::Acknowledged);
        assert_eq!(c.apply(Action::Answer, sato(11)), Ok(true));
        assert_eq!(c.phase, Phase::Answered);
        assert_eq!(c.acked.as_ref().unwrap().at, t(10));
        assert_eq!(c.apply(Action::Resolve, sato(12)), Ok(true));
        assert!(!c.is_open());
    }

    #[test]
    fn answered_without_ack_and_double_clicks_change_nothing_twice() {
        let mut c = Tracked::new(&alert(), None, t(9));
        assert_eq!(c.apply(Action::Answer, sato(10)), Ok(true));
        assert_eq!(c.acked, None);
        assert_eq!(c.apply(Action::Answer, sato(11)), Ok(false));
        assert_eq!(c.answered.as_ref().unwrap().at, t(10));
        // Acknowledging after answering is moot.
        assert_eq!(c.apply(Action::Acknowledge, sato(12)), Ok(false));
        assert_eq!(c.phase, Phase::Answered);
    }

    #[test]
    fn a_click_after_resolved_is_refused_naming_who_resolved() {
        let mut c = Tracked::new(&alert(), None, t(9));
        c.apply(Action::Resolve, sato(10)).unwrap();
        assert_eq!(
            c.apply(Action::Acknowledge, Mark::user("U0TANAKA", None, t(11))),
            Err(Refusal::AlreadyResolved(sato(10)))
        );
    }

    /// A case whose reminders Slack refused for good has none due; an
    /// update of it (it reached Slack) lets them be tried again.
    #[test]
    fn a_refused_case_has_no_reminder_due_until_it_is_updated() {
        let plan = crate::plan::ReminderPlan::default();
        let mut c = Tracked::new(&alert(), None, t(9));
        let late = t(9) + chrono::Duration::hours(30);
        assert!(!plan.due(&c, late).0.is_empty());
        c.refused = Some(Refused {
            at: t(10),
            reason: "HTTP 200 channel_is_archived".into(),
        });
        assert_eq!(plan.due(&c, late), (vec![], None));
        c.follow_up(&alert(), Lang::En, t(11));
        assert_eq!(c.refused, None);
        assert!(!plan.due(&c, late).0.is_empty());
    }

    #[test]
    fn an_update_keeps_the_deadline_and_says_what_changed() {
        let mut c = Tracked::new(&alert(), None, t(9));
        let mut u = alert();
        u.respond_by = Some(t(23) + chrono::Duration::hours(24));
        u.facts[0].value = "closed".into();
        u.resources.push("i-123".into());
        let changes = c.follow_up(&u, Lang::En, t(23));
        assert_eq!(c.respond_by, Some(t(9) + chrono::Duration::hours(24)));
        assert!(
            changes.contains(&"Status: `open` → `closed`".to_owned()),
            "{changes:?}"
        );
        assert!(changes.iter().any(|c| c.contains("i-123")), "{changes:?}");
        assert!(c.is_open());
    }

    /// An escalation (a cost anomaly that grew to critical, a maintenance
    /// AWS moved earlier) brings the deadline forward and says so; an
    /// update whose deadline is later, or already past, leaves it.
    #[test]
    fn an_update_with_an_earlier_deadline_brings_the_case_forward_and_says_so() {
        let mut c = Tracked::new(&alert(), None, t(9));
        let first = t(9) + chrono::Duration::hours(24);
        assert_eq!(c.respond_by, Some(first));
        // Already past when it arrives: never an overdue deadline.
        let mut stale = alert();
        stale.respond_by = Some(t(10));
        let changes = c.follow_up(&stale, Lang::En, t(11));
        assert_eq!(c.respond_by, Some(first));
        assert!(
            !changes.iter().any(|l| l.contains("brought forward")),
            "{changes:?}"
        );
        let mut grown = alert();
        grown.severity = crate::alert::Severity::Critical;
        grown.respond_by = Some(t(11) + chrono::Duration::hours(4));
        let changes = c.follow_up(&grown, Lang::En, t(11));
        assert_eq!(c.respond_by, Some(t(11) + chrono::Duration::hours(4)));
        assert!(
            changes.contains(
                &"Reply-by brought forward: 2026-06-25 09:00 UTC → 2026-06-24 15:00 UTC".to_owned()
            ),
            "{changes:?}"
        );
        let ja = c.clone().follow_up(
            &{
                let mut g = grown.clone();
                g.respond_by = Some(t(12));
                g
            },
            Lang::Ja,
            t(11),
        );
        assert!(
            ja.iter().any(|l| l.starts_with("返信期限が早まりました")),
            "{ja:?}"
        );
        // A later one leaves it.
        let mut later = grown.clone();
        later.respond_by = Some(t(20));
        c.follow_up(&later, Lang::En, t(12));
        assert_eq!(c.respond_by, Some(t(11) + chrono::Duration::hours(4)));
    }

    #[test]
    fn changed_event_values_cannot_forge_lines_or_formatting() {
        let old = alert();
        let mut new = alert();
        new.facts[0].value = "OPEN\n• :white_check_mark: *Status*: forged <@U1>".into();
        new.fact("Note", "_new_ ~x~");
        new.resources = vec!["i-1\n• fake".into()];
        let ch = changes(&old, &new, Lang::En);
        assert_eq!(ch.len(), 3, "{ch:?}");
        let body = crate::slack::render::update_reply(&new, &ch, Lang::En, t(10));
        let text = body["blocks"][0]["text"]["text"].as_str().unwrap();
        // One heading line and one bullet per change: no forged line.
        assert_eq!(text.lines().count(), 1 + ch.len(), "{text}");
        assert!(
            text.contains("`OPEN • :white_check_mark: *Status*: forged &lt;@U1&gt;`"),
            "{text}"
        );
        assert!(
            text.contains("`_new_ ~x~`") && text.contains("`i-1 • fake`"),
            "{text}"
        );
    }

    #[test]
    fn aws_closing_the_case_resolves_it() {
        let mut c = Tracked::new(&alert(), None, t(9));
        let mut u = alert();
        u.status = Status::Closed;
        u.respond_by = None;
        c.follow_up(&u, Lang::En, t(20));
        assert_eq!(c.phase, Phase::Resolved);
        assert_eq!(c.resolved.as_ref().unwrap().by, "aws");
        assert!(!c.resolved.as_ref().unwrap().is_person());
    }

    /// A button carries its case and the episode it was posted for; a
    /// value from before episodes (the bare case key) reads as no episode.
    #[test]
    fn button_values_carry_the_case_and_its_episode() {
        let c = Tracked::new(&alert(), None, t(9));
        let v = c.button_value();
        assert_eq!(
            parse_button_value(&v),
            ("health:1:arn".to_owned(), Some(c.episode()))
        );
        assert_eq!(
            parse_button_value("health:1:arn"),
            ("health:1:arn".to_owned(), None)
        );
        // A later episode of the same case is another episode.
        let later = Tracked::new(&alert(), None, t(11));
        assert_ne!(later.episode(), c.episode());
        assert_ne!(later.button_value(), v);
        // Case keys are event text: any character survives the round trip.
        let mut odd = alert();
        odd.case_key = "ses:1:alarm \"x\"#ep=1\n{}".into();
        let c = Tracked::new(&odd, None, t(9));
        assert_eq!(parse_button_value(&c.button_value()).0, odd.case_key);
        assert_eq!(parse_button_value("{not json").0, "{not json");
    }

    #[test]
    fn actions_round_trip_through_their_button_ids() {
        for a in [Action::Acknowledge, Action::Answer, Action::Resolve] {
            assert_eq!(Action::from_id(a.id()), Some(a));
        }
        assert_eq!(Action::from_id("respondby.delete"), None);
    }
}
