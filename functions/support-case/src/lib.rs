//! AWS Support case updates (`aws.support` / `Support Case Update`) →
//! alerts.
//!
//! AWS Support sends one event when a case is created, when someone writes
//! in it (`origin` `AWS` or `CUSTOMER`), when it is resolved and when it is
//! reopened, in us-east-1 only, best effort (AWS Support User Guide,
//! "Monitoring AWS Support cases with Amazon EventBridge"). The event names
//! the case and nothing else: its subject, who opened it and what AWS wrote
//! come from the Support API (`DescribeCases`, Business support or higher),
//! when the function may ask it ([`enrich`]).
//!
//! What on-call sees:
//! - AWS writes in a case, or AWS opened one: an alert with a reply-by
//!   deadline (`support.aws_reply`), critical when the case is about a
//!   compromise (`support.compromise`), with an English reply draft.
//! - A case opened and nobody can say by whom (no Support API): high, with
//!   a deadline (`support.origin_unknown`), saying so; never assumed to be
//!   the team's own.
//! - A case the account opened itself (the API says who): information.
//! - The account's own message in a case: a follow-up on the case's alert
//!   (its thread in app mode), never a page; skipped when no alert of the
//!   case is open.
//! - Resolved: the case's alert closes. Reopened: a new episode with a
//!   deadline.
//!
//! What the function knew before (the case's tracked alert, read by
//! `main.rs` from the state table) keeps a case's standing across events:
//! a case known to be about a compromise stays critical when a later
//! lookup fails, and the account's own message mirrors the alert it
//! follows up on.

#[cfg(feature = "aws")]
pub mod enrich;
pub mod reply;
pub mod texts;

use respondby_core::deadline::CaseClock;
use respondby_core::event::{Ctx, Envelope, EventError};
use respondby_core::i18n::T;
use respondby_core::slack::escape::one_line;
use respondby_core::time::{human_utc, parse_iso};
use respondby_core::tracked::Tracked;
use respondby_core::{Alert, Lang, Outcome, Severity, Source, Status};
use serde_json::Value;

/// How AWS Support names itself as a case's or message's submitter
/// (`submittedBy`; AWS CLI example of `describe-communications`).
pub const AWS_SUBMITTER: &str = "Amazon Web Services";

/// The longest part of AWS's message shown in the alert.
pub const MAX_MESSAGE: usize = 700;

/// The policy classes of this source (registered in core's `sources.rs`).
pub mod class {
    pub const COMPROMISE: &str = "support.compromise";
    pub const AWS_REPLY: &str = "support.aws_reply";
    pub const ORIGIN_UNKNOWN: &str = "support.origin_unknown";
    pub const ACCOUNT_CASE: &str = "support.account_case";
}

/// The event's `detail`, read field by field so that a wrong one is named.
#[derive(Debug, Clone, PartialEq)]
pub struct Detail {
    pub case_id: String,
    pub display_id: Option<String>,
    pub communication_id: Option<String>,
    pub event_name: String,
    pub origin: Option<String>,
}

fn text_field(detail: &Value, key: &str) -> Result<Option<String>, EventError> {
    match detail.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(EventError::malformed(
            Source::Support,
            format!("detail.{key} must be text, found {other}"),
        )),
    }
}

impl Detail {
    pub fn read(detail: &Value) -> Result<Detail, EventError> {
        if !detail.is_object() {
            return Err(EventError::malformed(
                Source::Support,
                "detail must be an object with case-id and event-name",
            ));
        }
        let required = |key: &str| {
            text_field(detail, key)?.ok_or_else(|| {
                EventError::malformed(
                    Source::Support,
                    format!(
                        "detail.{key} is missing or empty: it names the case and what happened"
                    ),
                )
            })
        };
        Ok(Detail {
            case_id: required("case-id")?,
            event_name: required("event-name")?,
            display_id: text_field(detail, "display-id")?,
            communication_id: text_field(detail, "communication-id")?,
            origin: text_field(detail, "origin")?,
        })
    }

    pub fn event(&self) -> Event {
        match self.event_name.as_str() {
            "CreateCase" => Event::Created,
            "AddCommunicationToCase" => Event::Communication(Origin::of(self.origin.as_deref())),
            "ResolveCase" => Event::Resolved,
            "ReopenCase" => Event::Reopened,
            _ => Event::Other,
        }
    }
}

/// What happened to the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    Created,
    Communication(Origin),
    Resolved,
    Reopened,
    /// An event name AWS has not documented (yet).
    Other,
}

/// Who wrote in the case (`origin`, only on `AddCommunicationToCase`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Aws,
    Customer,
    /// Empty or a value AWS does not document.
    NotStated,
}

impl Origin {
    pub fn of(raw: Option<&str>) -> Origin {
        match raw.map(str::trim) {
            // `AWS` in AWS's documentation; `Amazon` in a rebranded copy of it.
            Some(o) if o.eq_ignore_ascii_case("AWS") || o.eq_ignore_ascii_case("Amazon") => {
                Origin::Aws
            }
            Some(o) if o.eq_ignore_ascii_case("CUSTOMER") => Origin::Customer,
            _ => Origin::NotStated,
        }
    }
}

/// A message in the case, as the Support API returned it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Message {
    pub body: String,
    pub at: Option<String>,
}

/// What the Support API (`DescribeCases`) says about the case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseInfo {
    pub subject: Option<String>,
    pub status: Option<String>,
    pub severity_code: Option<String>,
    pub submitted_by: Option<String>,
    pub service_code: Option<String>,
    pub category_code: Option<String>,
    /// AWS's latest message in the case (submitted by [`AWS_SUBMITTER`]).
    pub latest_aws: Option<Message>,
}

/// Why the Support API could not describe the case.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    #[error(
        "the AWS Support API needs Business support or higher (SubscriptionRequiredException)"
    )]
    NotSubscribed,
    #[error("the function may not call the AWS Support API ({0})")]
    Denied(String),
    #[error("the AWS Support API did not answer in time")]
    Timeout,
    #[error("the AWS Support API does not know the case")]
    NotFound,
    #[error("the AWS Support API failed: {0}")]
    Failed(String),
}

impl LookupError {
    /// What went wrong, for the note in the message.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            LookupError::NotSubscribed => texts::E_NOT_SUBSCRIBED.get(lang).to_owned(),
            LookupError::Denied(code) => texts::E_DENIED.fill(lang, &[("code", code)]),
            LookupError::Timeout => texts::E_TIMEOUT.get(lang).to_owned(),
            LookupError::NotFound => texts::E_NOT_FOUND.get(lang).to_owned(),
            LookupError::Failed(why) => texts::E_FAILED.fill(lang, &[("why", why)]),
        }
    }
}

/// What is known besides the event.
#[derive(Debug, Clone, Copy, Default)]
pub struct Known<'a> {
    /// The Support API's answer, when the function asked it.
    pub api: Option<&'a Result<CaseInfo, LookupError>>,
    /// The case's alert as Respond By tracks it, if it does.
    pub tracked: Option<&'a Tracked>,
}

/// Who opened the case, and how we know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opener {
    /// `submittedBy` is AWS.
    Aws(String),
    /// `submittedBy` is someone of the account (an e-mail address, a user).
    Account(String),
    /// Nothing says.
    Unknown,
}

impl Opener {
    pub fn of(info: Option<&CaseInfo>) -> Opener {
        match info.and_then(|i| i.submitted_by.as_deref()).map(str::trim) {
            Some(s) if s.eq_ignore_ascii_case(AWS_SUBMITTER) => Opener::Aws(s.to_owned()),
            Some(s) if !s.is_empty() => Opener::Account(s.to_owned()),
            _ => Opener::Unknown,
        }
    }
}

/// Words in a case's subject that say it is about a compromise of the
/// account (AWS's subjects for such cases: "[ACTION REQUIRED]", "Your AWS
/// account may be compromised", "unauthorized activity", "exposed
/// credentials"; for a case handled in Japanese, 不正アクセス, 不正利用,
/// 侵害, 漏洩/漏えい). Matched case-insensitively; the first found is
/// returned.
pub const COMPROMISE_SIGNALS: &[&str] = &[
    "[action required]",
    "compromise",
    "unauthorized",
    "unauthorised",
    "exposed",
    "exposure",
    "suspicious activity",
    "不正アクセス",
    "不正利用",
    "侵害",
    "漏洩",
    "漏えい",
];

/// The compromise signal in a case's subject, if any.
pub fn compromise_signal(subject: &str) -> Option<&'static str> {
    let lower = subject.to_lowercase();
    COMPROMISE_SIGNALS
        .iter()
        .copied()
        .find(|s| lower.contains(s))
}

/// The case's `case-id`, for the Support API lookup.
pub fn case_id(detail: &Value) -> Option<&str> {
    detail
        .get("case-id")
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
}

/// The key a case is tracked under: one account's one case.
pub fn case_key(account: &str, case_id: &str) -> String {
    format!("support:{account}:{case_id}")
}

/// The case in the Support Center, by its display id.
pub use respondby_core::links::support_case as case_link;

/// The Support Center's case list.
pub const SUPPORT_CENTER: &str = "https://support.console.aws.amazon.com/support/home#/";

/// A display id fit for our sentences: one line, at most 40 characters.
fn shown_id(d: &Detail, lang: Lang) -> String {
    match &d.display_id {
        Some(id) => {
            let id = one_line(id);
            let id = id.trim();
            if id.chars().count() > 40 {
                format!("{}…", id.chars().take(39).collect::<String>())
            } else {
                id.to_owned()
            }
        }
        None => texts::V_NO_DISPLAY_ID.get(lang).to_owned(),
    }
}

fn non_empty(s: Option<&String>) -> Option<&str> {
    s.map(|s| s.trim()).filter(|s| !s.is_empty())
}

/// Replaces the value of the fact with this label, or adds it.
fn set_fact(a: &mut Alert, label: &str, value: impl Into<String>) {
    let value = value.into();
    if value.trim().is_empty() {
        return;
    }
    match a.facts.iter_mut().find(|f| f.label == label) {
        Some(f) => f.value = value,
        None => {
            a.fact(label, value);
        }
    }
}

/// The start of AWS's message, and whether it was cut.
fn message_start(body: &str) -> (String, bool) {
    let body = body.trim();
    if body.chars().count() <= MAX_MESSAGE {
        (body.to_owned(), false)
    } else {
        let cut: String = body.chars().take(MAX_MESSAGE).collect();
        (format!("{}…", cut.trim_end()), true)
    }
}

/// How this case stands: what the alert's severity and class are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Standing {
    /// AWS waits for an answer about a compromise.
    Compromise,
    /// AWS waits for an answer.
    AwsWaits,
    /// Nobody can say who opened it.
    Unknown,
    /// The account's own case.
    AccountCase,
}

impl Standing {
    fn severity(self) -> Severity {
        match self {
            Standing::Compromise => Severity::Critical,
            Standing::AwsWaits | Standing::Unknown => Severity::High,
            Standing::AccountCase => Severity::Info,
        }
    }

    fn class(self) -> &'static str {
        match self {
            Standing::Compromise => class::COMPROMISE,
            Standing::AwsWaits => class::AWS_REPLY,
            Standing::Unknown => class::ORIGIN_UNKNOWN,
            Standing::AccountCase => class::ACCOUNT_CASE,
        }
    }

    fn of_class(class: &str) -> Option<Standing> {
        [
            Standing::Compromise,
            Standing::AwsWaits,
            Standing::Unknown,
            Standing::AccountCase,
        ]
        .into_iter()
        .find(|s| s.class() == class)
    }

    /// AWS waits for a reply: "Reply to AWS by", and a reply draft.
    fn aws_waits(self) -> bool {
        matches!(self, Standing::Compromise | Standing::AwsWaits)
    }
}

/// Everything [`describe`] works from.
struct Case<'a> {
    env: &'a Envelope,
    d: &'a Detail,
    lang: Lang,
    told: chrono::DateTime<chrono::Utc>,
    info: Option<&'a CaseInfo>,
    prior: Option<&'a Tracked>,
    /// The display id for our sentences.
    id: String,
    key: String,
    subject: Option<&'a str>,
    signal: Option<&'static str>,
}

impl Case<'_> {
    /// The standing AWS's knowledge or ours gives: a compromise stays one.
    fn prior_standing(&self) -> Option<Standing> {
        self.prior
            .and_then(|p| Standing::of_class(&p.alert.clock.class))
    }

    fn dedup_key(&self) -> String {
        let what = non_empty(self.d.communication_id.as_ref()).unwrap_or(&self.env.time);
        format!("{}:{}:{what}", self.key, self.d.event_name)
    }

    /// A new alert for this event, with the case's facts and link.
    fn alert(&self, standing: Standing, title: String) -> Alert {
        let lang = self.lang;
        let mut a = Alert::new(
            Source::Support,
            &self.d.event_name,
            standing.severity(),
            title,
            self.told,
        );
        a.account = self.env.account.clone();
        a.region = self.env.region.clone();
        a.case_key = self.key.clone();
        a.dedup_key = self.dedup_key();
        a.group_key = format!("support:{}", self.key);
        a.clock = CaseClock::new(standing.class(), self.told);
        a.clock.reply_to_aws = standing.aws_waits();
        if let Some(id) = &self.d.display_id {
            a.fact(texts::F_CASE.get(lang), id);
        }
        if let Some(p) = self.prior {
            // What an earlier event told (the subject, who opened it) stays.
            for f in &p.alert.facts {
                if a.fact_value(&f.label).is_none() {
                    a.facts.push(f.clone());
                }
            }
        }
        self.facts(&mut a);
        match &self.d.display_id {
            Some(id) => a.link(texts::L_OPEN_CASE.get(lang), case_link(id)),
            None => a.link(texts::L_SUPPORT_CENTER.get(lang), SUPPORT_CENTER.to_owned()),
        };
        a
    }

    /// The event's and the Support API's facts, set on `a`.
    fn facts(&self, a: &mut Alert) {
        let lang = self.lang;
        let t = |t: T| t.get(lang);
        if let Some(i) = self.info {
            if let Some(s) = self.subject {
                set_fact(a, t(texts::F_SUBJECT), s);
            }
            let opened = match Opener::of(Some(i)) {
                Opener::Aws(who) => texts::V_OPENED_BY_AWS.fill(lang, &[("who", &who)]),
                Opener::Account(who) => texts::V_OPENED_BY_ACCOUNT.fill(lang, &[("who", &who)]),
                Opener::Unknown => t(texts::V_OPENED_BY_UNKNOWN).to_owned(),
            };
            set_fact(a, t(texts::F_OPENED_BY), opened);
            if let Some(s) = non_empty(i.status.as_ref()) {
                set_fact(a, t(texts::F_CASE_STATUS), s);
            }
            if let Some(s) = non_empty(i.severity_code.as_ref()) {
                set_fact(a, t(texts::F_CASE_SEVERITY), s);
            }
            let service = [&i.service_code, &i.category_code]
                .into_iter()
                .filter_map(|s| non_empty(s.as_ref()))
                .collect::<Vec<_>>()
                .join(" / ");
            set_fact(a, t(texts::F_SERVICE), service);
            if let Some(at) = i.latest_aws.as_ref().and_then(|m| m.at.as_deref()) {
                set_fact(
                    a,
                    t(texts::F_LATEST_FROM_AWS),
                    parse_iso(at)
                        .map(human_utc)
                        .unwrap_or_else(|| at.to_owned()),
                );
            }
        } else if matches!(self.d.event(), Event::Created | Event::Reopened)
            && a.fact_value(t(texts::F_OPENED_BY)).is_none()
        {
            set_fact(a, t(texts::F_OPENED_BY), t(texts::V_OPENED_BY_UNKNOWN));
        }
        if let Event::Communication(origin) = self.d.event() {
            let who = match origin {
                Origin::Aws => t(texts::V_WRITTEN_BY_AWS).to_owned(),
                Origin::Customer => t(texts::V_WRITTEN_BY_ACCOUNT).to_owned(),
                Origin::NotStated => texts::V_WRITTEN_BY_NOT_STATED.fill(
                    lang,
                    &[(
                        "raw",
                        &format!("{:?}", self.d.origin.as_deref().unwrap_or("")),
                    )],
                ),
            };
            set_fact(a, t(texts::F_WRITTEN_BY), who);
            if let Some(c) = &self.d.communication_id {
                set_fact(a, t(texts::F_COMMUNICATION_ID), c);
            }
        }
        if let Some(signal) = self.signal {
            set_fact(
                a,
                t(texts::F_CRITICAL_BECAUSE),
                texts::V_SUBJECT_SAYS.fill(lang, &[("signal", &signal)]),
            );
        }
        set_fact(a, t(texts::F_CASE_ID), &self.d.case_id);
    }

    /// AWS's latest message as the alert's description (AWS's own words).
    fn describe_message(&self, a: &mut Alert) {
        if let Some(m) = self.info.and_then(|i| i.latest_aws.as_ref()) {
            if !m.body.trim().is_empty() {
                let (start, cut) = message_start(&m.body);
                a.description = Some(start);
                if cut {
                    a.notes.push(texts::N_MESSAGE_CUT.get(self.lang).to_owned());
                }
            }
        }
    }

    fn steps(&self, a: &mut Alert, standing: Standing) {
        let lang = self.lang;
        let id: &dyn std::fmt::Display = &self.id;
        let list: Vec<String> = match standing {
            Standing::Compromise => vec![
                texts::S_READ.fill(lang, &[("id", id)]),
                texts::S_COMPROMISE_CREDENTIALS.get(lang).to_owned(),
                texts::S_COMPROMISE_REGIONS.get(lang).to_owned(),
                texts::S_COMPROMISE_ANSWER.get(lang).to_owned(),
            ],
            Standing::AwsWaits => vec![
                texts::S_READ.fill(lang, &[("id", id)]),
                texts::S_ANSWER.get(lang).to_owned(),
            ],
            Standing::Unknown => vec![
                texts::S_UNKNOWN_WHO.fill(lang, &[("id", id)]),
                texts::S_UNKNOWN_READ.get(lang).to_owned(),
                texts::S_UNKNOWN_THEN.get(lang).to_owned(),
            ],
            Standing::AccountCase => vec![texts::S_ACCOUNT_CASE.get(lang).to_owned()],
        };
        a.next_steps = list;
    }

    fn draft(&self, a: &mut Alert, standing: Standing) {
        a.reply_draft = if standing.aws_waits() {
            reply::draft(
                &reply::Facts {
                    display_id: self.d.display_id.as_deref(),
                    subject: self.subject,
                    compromise: standing == Standing::Compromise,
                    aws_wrote_at: self.told,
                },
                a,
                self.lang,
            )
        } else {
            None
        };
    }

    fn title(&self, plain: T, with_subject: T) -> String {
        match self.subject {
            Some(s) => with_subject.fill(
                self.lang,
                &[("id", &self.id), ("subject", &one_line(s).trim())],
            ),
            None => plain.fill(self.lang, &[("id", &self.id)]),
        }
    }
}

/// Turns a Support case update into an alert from the event alone (what
/// `respondby preview` shows without `--enrich`).
pub fn normalise(env: &Envelope, ctx: &Ctx) -> Result<Outcome, EventError> {
    describe(env, ctx, Known::default())
}

/// Turns a Support case update into an alert, with what the Support API
/// and the case's tracked alert tell (see the crate documentation).
pub fn describe(env: &Envelope, ctx: &Ctx, known: Known<'_>) -> Result<Outcome, EventError> {
    let d = Detail::read(&env.detail)?;
    let lang = ctx.lang;
    let mut notes = Vec::new();
    let told = env.told_at(&[], ctx.received, lang, &mut notes);
    let key = case_key(&env.account, &d.case_id);
    let info = known.api.and_then(|r| r.as_ref().ok());
    let subject = info.and_then(|i| non_empty(i.subject.as_ref()));
    let case = Case {
        env,
        d: &d,
        lang,
        told,
        info,
        prior: known
            .tracked
            .filter(|t| t.case_key == key && t.alert.source == Source::Support),
        id: shown_id(&d, lang),
        key,
        subject,
        signal: subject.and_then(compromise_signal),
    };
    if let Some(e) = known.api.and_then(|r| r.as_ref().err()) {
        notes.push(texts::N_ENRICH.fill(lang, &[("why", &e.describe(lang))]));
    }
    let event = d.event();
    let mut a = match event {
        Event::Communication(Origin::Customer) => {
            let Some(prior) = case.prior.filter(|p| p.is_open()) else {
                return Ok(Outcome::skip(format!(
                    "your account's own message in Support case {}: no open alert of this case to follow up, and the account's own messages never page",
                    case.id
                )));
            };
            // A follow-up on the case's alert: the same alert, with the
            // message noted, so nothing but that shows as changed.
            let mut a = prior.alert.clone();
            a.dedup_key = case.dedup_key();
            set_fact(
                &mut a,
                texts::F_LATEST_FROM_ACCOUNT.get(lang),
                human_utc(told),
            );
            case.facts(&mut a);
            a.notes = notes;
            a
        }
        Event::Resolved => {
            let mut a = match case.prior {
                Some(p) => {
                    let mut a = p.alert.clone();
                    a.dedup_key = case.dedup_key();
                    case.facts(&mut a);
                    a
                }
                None => case.alert(
                    Standing::AccountCase,
                    texts::T_RESOLVED.fill(lang, &[("id", &case.id)]),
                ),
            };
            a.status = Status::Closed;
            a.next_steps.clear();
            a.reply_draft = None;
            a.latest_activity = Some(told);
            a.notes = notes;
            a.notes.push(texts::N_RESOLVED.get(lang).to_owned());
            a
        }
        Event::Other => {
            let mut a = match case.prior {
                Some(p) => {
                    let mut a = p.alert.clone();
                    a.dedup_key = case.dedup_key();
                    case.facts(&mut a);
                    a.notes.clear();
                    a
                }
                None => case.alert(
                    Standing::AccountCase,
                    texts::T_OTHER.fill(
                        lang,
                        &[("id", &case.id), ("event", &one_line(&d.event_name))],
                    ),
                ),
            };
            notes.push(texts::N_UNKNOWN_EVENT.fill(lang, &[("event", &one_line(&d.event_name))]));
            a.notes = notes;
            a
        }
        Event::Created | Event::Reopened | Event::Communication(_) => {
            let compromise =
                case.signal.is_some() || case.prior_standing() == Some(Standing::Compromise);
            let standing = match event {
                Event::Communication(_) if compromise => Standing::Compromise,
                Event::Communication(_) => Standing::AwsWaits,
                _ => match Opener::of(info) {
                    _ if compromise => Standing::Compromise,
                    Opener::Aws(_) => Standing::AwsWaits,
                    Opener::Account(_) => Standing::AccountCase,
                    // What an earlier event established stands (a case
                    // AWS wrote in stays one AWS waits on).
                    Opener::Unknown => case.prior_standing().unwrap_or(Standing::Unknown),
                },
            };
            let title = match event {
                Event::Communication(_) => {
                    case.title(texts::T_AWS_WROTE, texts::T_AWS_WROTE_SUBJECT)
                }
                Event::Reopened => case.title(texts::T_REOPENED, texts::T_REOPENED_SUBJECT),
                _ => match standing {
                    Standing::AccountCase => case.title(
                        texts::T_OPENED_BY_ACCOUNT,
                        texts::T_OPENED_BY_ACCOUNT_SUBJECT,
                    ),
                    Standing::Unknown => texts::T_OPENED_UNKNOWN.fill(lang, &[("id", &case.id)]),
                    _ => case.title(texts::T_AWS_OPENED, texts::T_AWS_OPENED_SUBJECT),
                },
            };
            let mut a = case.alert(standing, title);
            a.notes = notes;
            if standing == Standing::Unknown {
                a.notes.push(texts::N_ORIGIN_UNKNOWN.get(lang).to_owned());
            }
            if event == Event::Communication(Origin::NotStated) {
                a.notes.push(texts::N_NOT_STATED.fill(
                    lang,
                    &[("raw", &format!("{:?}", d.origin.as_deref().unwrap_or("")))],
                ));
            }
            if event == Event::Reopened {
                a.notes.push(texts::N_REOPENED.get(lang).to_owned());
            }
            case.describe_message(&mut a);
            case.steps(&mut a, standing);
            ctx.policy.apply(&mut a);
            case.draft(&mut a, standing);
            a
        }
    };
    ctx.policy.apply(&mut a);
    Ok(Outcome::notify(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_read_as_aws_documents_them() {
        assert_eq!(Origin::of(Some("AWS")), Origin::Aws);
        assert_eq!(Origin::of(Some("Amazon")), Origin::Aws);
        assert_eq!(Origin::of(Some("CUSTOMER")), Origin::Customer);
        assert_eq!(Origin::of(Some("")), Origin::NotStated);
        assert_eq!(Origin::of(Some("ROBOT")), Origin::NotStated);
        assert_eq!(Origin::of(None), Origin::NotStated);
    }

    #[test]
    fn only_aws_as_submitter_is_evidence_that_aws_opened_the_case() {
        let with = |s: &str| CaseInfo {
            submitted_by: Some(s.into()),
            ..CaseInfo::default()
        };
        assert_eq!(
            Opener::of(Some(&with("Amazon Web Services"))),
            Opener::Aws("Amazon Web Services".into())
        );
        assert_eq!(
            Opener::of(Some(&with("ops@example.com"))),
            Opener::Account("ops@example.com".into())
        );
        assert_eq!(Opener::of(Some(&with("  "))), Opener::Unknown);
        assert_eq!(Opener::of(None), Opener::Unknown);
    }

    #[test]
    fn compromise_is_read_from_the_subjects_words() {
        for (subject, want) in [
            (
                "[CASE 1781] [ACTION REQUIRED] Your AWS account",
                Some("[action required]"),
            ),
            ("Your AWS Account may be Compromised", Some("compromise")),
            (
                "Unauthorized activity on your account",
                Some("unauthorized"),
            ),
            ("Exposed credentials", Some("exposed")),
            (
                "お客様のAWSアカウントへの不正アクセスの可能性",
                Some("不正アクセス"),
            ),
            ("認証情報の漏えいについて", Some("漏えい")),
            ("Request: raise the EC2 vCPU limit", None),
            ("Question about billing", None),
        ] {
            assert_eq!(compromise_signal(subject), want, "{subject}");
        }
    }
}
