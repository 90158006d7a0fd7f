//! The one alert shape every source is turned into.
//!
//! Every string in an [`Alert`] that came from an event is *raw*: it is kept
//! exactly as the event had it, and escaped only when it is rendered (see
//! [`crate::slack`]). Nothing here is Slack markup.

use crate::clock::CaseClock;
use crate::i18n::{ui, Lang};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

pub use crate::sources::Source;

/// How bad it is. Ordered: `Info < Low < Medium < High < Critical`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    pub fn upper(self) -> &'static str {
        match self {
            Severity::Info => "INFO",
            Severity::Low => "LOW",
            Severity::Medium => "MEDIUM",
            Severity::High => "HIGH",
            Severity::Critical => "CRITICAL",
        }
    }

    /// The word for it in a message (`CRITICAL`, 緊急).
    pub fn word(self, lang: Lang) -> &'static str {
        match self {
            Severity::Info => ui::SEV_INFO,
            Severity::Low => ui::SEV_LOW,
            Severity::Medium => ui::SEV_MEDIUM,
            Severity::High => ui::SEV_HIGH,
            Severity::Critical => ui::SEV_CRITICAL,
        }
        .get(lang)
    }

    /// Slack emoji shortcode shown next to the severity.
    pub fn emoji(self) -> &'static str {
        match self {
            Severity::Critical => ":rotating_light:",
            Severity::High => ":red_circle:",
            Severity::Medium => ":large_orange_circle:",
            Severity::Low => ":large_yellow_circle:",
            Severity::Info => ":information_source:",
        }
    }

    /// One step less severe (used when a reader is trusted or a read was denied).
    pub fn lowered(self) -> Severity {
        match self {
            Severity::Critical => Severity::High,
            Severity::High => Severity::Medium,
            Severity::Medium => Severity::Low,
            Severity::Low | Severity::Info => Severity::Info,
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL
            .into_iter()
            .find(|sev| sev.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A problem, its recovery, or AWS closing the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Something needs a response.
    Open,
    /// The source says things are back to normal (an alarm back to OK, SES healed).
    Recovered,
    /// AWS closed the case (a Health event whose status is `closed`).
    Closed,
}

/// Whose words a text is, as its heading says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TextBy {
    /// AWS's own text (an abuse report, a Health notice, a GuardDuty
    /// finding's description): quoted as it is, untranslated.
    #[default]
    Aws,
    /// Text CloudWatch wrote (an alarm's state reason).
    CloudWatch,
    /// Respond By's own text.
    RespondBy,
}

impl TextBy {
    /// The heading of the text in a message.
    pub fn heading(self, lang: Lang) -> &'static str {
        match self {
            TextBy::Aws => ui::WHAT_AWS_SAYS,
            TextBy::CloudWatch => ui::WHAT_CLOUDWATCH_SAYS,
            TextBy::RespondBy => ui::ABOUT_THIS_ALERT,
        }
        .get(lang)
    }

    /// What an update says when this author's text changed.
    pub fn text_changed(self, lang: Lang) -> &'static str {
        match self {
            TextBy::Aws => ui::CH_TEXT,
            TextBy::CloudWatch => ui::CH_TEXT_CLOUDWATCH,
            TextBy::RespondBy => ui::CH_TEXT_RESPONDBY,
        }
        .get(lang)
    }
}

/// A label and a value, shown as a field. The value is raw event text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fact {
    pub label: String,
    pub value: String,
}

/// A link to a console page. `url` is built by us from event values that were
/// percent-encoded; `label` is ours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub label: String,
    pub url: String,
}

/// The common alert.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    pub source: Source,
    /// Health event type code, GuardDuty finding type, SES metric name, or the API call.
    pub kind: String,
    pub severity: Severity,
    pub status: Status,
    pub title: String,
    /// The account the alert is about: for an organisation's feed, the
    /// member account (never the account that received it).
    pub account: String,
    /// What the account is called ([`crate::accounts`]), when known.
    #[serde(default)]
    pub account_name: Option<String>,
    pub region: String,
    /// The subject works in every Region (an IAM user or access key): the
    /// service that makes it global (`IAM`). The message then says "all
    /// Regions (IAM is global)" rather than naming only the Region that
    /// reported it (see [`crate::regions::subject`]).
    #[serde(default)]
    pub global_service: Option<String>,
    /// When the source first reported the problem ("First reported"; never
    /// later than when AWS told this account).
    pub occurred_at: DateTime<Utc>,
    /// The latest activity the source reports (GuardDuty `updatedAt`, Health
    /// `lastUpdatedTime`), when it differs from `occurred_at`.
    pub latest_activity: Option<DateTime<Utc>>,
    /// The case's clock: its policy class and when AWS told this account.
    /// The deadlines come from it (see [`crate::deadline`]).
    pub clock: CaseClock,
    /// By when a first response is due; `None` for recoveries and info.
    pub respond_by: Option<DateTime<Utc>>,
    /// By when it must be fixed, where AWS (or the policy) sets a fix period.
    pub fix_by: Option<DateTime<Utc>>,
    /// What to do at once when the fix-by is no later than the reply-by (an
    /// exposed key: "Deactivate access key AKIA… now"): said in place of
    /// the fix-by's countdown, which would read as time to spare.
    #[serde(default)]
    pub fix_now: Option<String>,
    /// Identical for a retried or duplicated delivery of the same event.
    pub dedup_key: String,
    /// The case across updates: the same Health event ARN, GuardDuty finding
    /// id or alarm. Its tracked state (acknowledged, answered, Slack thread)
    /// is kept under this key.
    pub case_key: String,
    /// Groups repeats of the same thing (source, kind, principal or resource)
    /// for flood control.
    pub group_key: String,
    /// What distinguishes this event inside its group (an object read, a
    /// finding): folded repeats are listed by it with counts.
    pub fold_member: Option<String>,
    pub resources: Vec<String>,
    pub facts: Vec<Fact>,
    /// Long free text from the source (an abuse report, a finding description).
    pub description: Option<String>,
    /// Whose words the description is: its heading says so, and never
    /// calls CloudWatch's or our text AWS's.
    #[serde(default)]
    pub description_by: TextBy,
    pub links: Vec<Link>,
    pub next_steps: Vec<String>,
    /// A console link for a step, by the step's index (`None`, or shorter
    /// than `next_steps`, for steps without one).
    #[serde(default)]
    pub step_links: Vec<Option<Link>>,
    /// Remarks about how this alert was made (e.g. enrichment unavailable).
    pub notes: Vec<String>,
    /// A reply to whoever reported the problem (AWS Trust & Safety),
    /// drafted in the language they read.
    #[serde(default)]
    pub reply_draft: Option<ReplyDraft>,
}

/// A reply drafted for on-call to complete and send: the first reply (due
/// by the deadline) and the follow-up. `<<…>>` marks what only a person
/// knows, and every action the draft could state as done is such a choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyDraft {
    pub first: String,
    pub followup: String,
    /// Where the reply goes.
    #[serde(default)]
    pub via: ReplyVia,
}

/// Where a drafted reply is sent: AWS reads each kind of case in one place.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "to")]
pub enum ReplyVia {
    /// An answer to the notice e-mail, its subject unchanged: AWS Trust &
    /// Safety works by e-mail, and AWS Support does not handle its reports.
    #[default]
    NoticeEmail,
    /// In the Support case AWS opened, named when AWS's text names it.
    SupportCase { case_id: Option<String> },
    /// Where the source itself knows how the reply is sent (a reply in a
    /// Support case the event is about), in the on-call's language.
    Stated { how: String },
}

impl ReplyVia {
    /// The case number, if it is one (digits, as AWS numbers cases): it
    /// came from event text.
    pub fn case_id(&self) -> Option<&str> {
        match self {
            ReplyVia::SupportCase { case_id: Some(id) }
                if (4..=20).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_digit()) =>
            {
                Some(id)
            }
            _ => None,
        }
    }

    /// Where and how to send the draft, in the message's language.
    pub fn how(&self, lang: Lang) -> String {
        match (self, self.case_id()) {
            (ReplyVia::NoticeEmail, _) => ui::D_HOW_EMAIL.get(lang).to_owned(),
            (ReplyVia::SupportCase { .. }, Some(id)) => {
                ui::D_HOW_CASE_ID.fill(lang, &[("case", &id)])
            }
            (ReplyVia::SupportCase { .. }, None) => ui::D_HOW_CASE.get(lang).to_owned(),
            (ReplyVia::Stated { how }, _) => how.clone(),
        }
    }
}

/// Which stage of a reply draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyStage {
    First,
    Followup,
}

impl ReplyStage {
    pub fn as_str(self) -> &'static str {
        match self {
            ReplyStage::First => "first",
            ReplyStage::Followup => "followup",
        }
    }

    pub fn parse(s: &str) -> Option<ReplyStage> {
        match s {
            "first" => Some(ReplyStage::First),
            "followup" | "follow-up" => Some(ReplyStage::Followup),
            _ => None,
        }
    }
}

impl ReplyDraft {
    pub fn body(&self, stage: ReplyStage) -> &str {
        match stage {
            ReplyStage::First => &self.first,
            ReplyStage::Followup => &self.followup,
        }
    }
}

impl Alert {
    /// A blank alert to fill in. `respond_by` is left empty; see
    /// [`crate::deadline::DeadlinePolicy::apply`].
    pub fn new(
        source: Source,
        kind: impl Into<String>,
        severity: Severity,
        title: impl Into<String>,
        occurred_at: DateTime<Utc>,
    ) -> Alert {
        Alert {
            source,
            kind: kind.into(),
            severity,
            status: Status::Open,
            title: title.into(),
            account: String::new(),
            account_name: None,
            region: String::new(),
            global_service: None,
            occurred_at,
            latest_activity: None,
            clock: CaseClock::new(source.as_str(), occurred_at),
            respond_by: None,
            fix_by: None,
            fix_now: None,
            dedup_key: String::new(),
            case_key: String::new(),
            group_key: String::new(),
            fold_member: None,
            resources: Vec::new(),
            facts: Vec::new(),
            description: None,
            description_by: TextBy::Aws,
            links: Vec::new(),
            next_steps: Vec::new(),
            step_links: Vec::new(),
            notes: Vec::new(),
            reply_draft: None,
        }
    }

    /// The word that leads the message: the severity, or what happened to
    /// the case (`RECOVERED`, `CLOSED`).
    pub fn status_word(&self, lang: Lang) -> &'static str {
        match self.status {
            Status::Open => self.severity.word(lang),
            Status::Recovered => ui::ST_RECOVERED.get(lang),
            Status::Closed => ui::ST_CLOSED.get(lang),
        }
    }

    /// How the first-response deadline reads: a reply to AWS, or a response.
    pub fn deadline_label(&self, lang: Lang) -> &'static str {
        if self.clock.reply_to_aws {
            ui::REPLY_TO_AWS_BY.get(lang)
        } else {
            ui::RESPOND_BY.get(lang)
        }
    }

    /// The account as a message shows it: its id, and its name when known
    /// (`111122223333 (prod-payments)`). Raw text: escape where it goes.
    pub fn account_shown(&self) -> String {
        match self
            .account_name
            .as_deref()
            .filter(|n| !n.trim().is_empty())
        {
            Some(name) => format!("{} ({name})", self.account),
            None => self.account.clone(),
        }
    }

    /// Adds a fact unless the value is empty.
    pub fn fact(&mut self, label: &str, value: impl Into<String>) -> &mut Self {
        let value = value.into();
        if !value.trim().is_empty() {
            self.facts.push(Fact {
                label: label.to_owned(),
                value,
            });
        }
        self
    }

    /// The value of the first fact with this label.
    pub fn fact_value(&self, label: &str) -> Option<&str> {
        self.facts
            .iter()
            .find(|f| f.label == label)
            .map(|f| f.value.as_str())
    }

    /// Adds a fact if there is a value.
    pub fn fact_opt(&mut self, label: &str, value: Option<impl Into<String>>) -> &mut Self {
        if let Some(v) = value {
            self.fact(label, v);
        }
        self
    }

    pub fn link(&mut self, label: &str, url: String) -> &mut Self {
        self.links.push(Link {
            label: label.to_owned(),
            url,
        });
        self
    }

    pub fn step(&mut self, text: impl Into<String>) -> &mut Self {
        self.next_steps.push(text.into());
        self
    }

    /// A step with the console page where it is done (`url` built by us,
    /// event values percent-encoded).
    pub fn step_link(&mut self, text: impl Into<String>, label: &str, url: String) -> &mut Self {
        self.next_steps.push(text.into());
        self.step_links.resize(self.next_steps.len() - 1, None);
        self.step_links.push(Some(Link {
            label: label.to_owned(),
            url,
        }));
        self
    }

    /// The console link of step `i`, if it has one.
    pub fn link_of_step(&self, i: usize) -> Option<&Link> {
        self.step_links.get(i).and_then(Option::as_ref)
    }
}

/// What a normaliser decided for one event.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Post this alert.
    Notify(Box<Alert>),
    /// Deliberately not posted, and why (logged, and shown by `respondby preview`).
    Skip { reason: String },
}

impl Outcome {
    pub fn notify(alert: Alert) -> Outcome {
        Outcome::Notify(Box::new(alert))
    }

    pub fn skip(reason: impl Into<String>) -> Outcome {
        Outcome::Skip {
            reason: reason.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_orders_from_info_to_critical() {
        assert!(Severity::Critical > Severity::High);
        assert!(Severity::High > Severity::Medium);
        assert!(Severity::Medium > Severity::Low);
        assert!(Severity::Low > Severity::Info);
    }

    #[test]
    fn lowering_severity_stops_at_info() {
        assert_eq!(Severity::High.lowered(), Severity::Medium);
        assert_eq!(Severity::Info.lowered(), Severity::Info);
    }

    #[test]
    fn severity_parses_case_insensitively_and_rejects_unknown() {
        assert_eq!(Severity::parse(" Critical"), Some(Severity::Critical));
        assert_eq!(Severity::parse("urgent"), None);
    }

    #[test]
    fn empty_fact_values_are_dropped() {
        let mut a = Alert::new(Source::Ses, "k", Severity::Low, "t", Utc::now());
        a.fact("Empty", "  ")
            .fact("Kept", "x")
            .fact_opt("None", None::<String>);
        assert_eq!(a.facts.len(), 1);
        assert_eq!(a.facts[0].label, "Kept");
    }
}
