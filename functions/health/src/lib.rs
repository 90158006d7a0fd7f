//! AWS Health events → alerts: abuse reports (Trust & Safety), exposed or
//! compromised credentials (RISK), SES enforcement, and any other Health event.

#[cfg(feature = "aws")]
pub mod enrich;
pub mod playbook;
pub mod reply;
pub mod support_ref;
pub mod texts;
pub mod values;

use chrono::Duration;
use respondby_core::deadline::CaseClock;
use respondby_core::event::{detail_as, read_time, Ctx, Envelope, EventError};
use respondby_core::links::{console_region, encode};
use respondby_core::time::{human_utc, parse_rfc1123};
use respondby_core::{Alert, Lang, Outcome, Severity, Source, Status};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// The `detail` of a Health event. Only the event's identity is required
/// (its ARN, service, type code and category); the rest is optional because
/// AWS omits it (abuse events have no `endTime`, older samples no
/// `eventScopeCode`, a real RISK sample no `startTime`), and times are kept
/// as text so an unreadable one is noted, never an error.
///
/// Not `aws_lambda_events`' `cloudwatch_events::health::Event` (1.2): it
/// requires `endTime` and every affected entity's `tags`, and refuses every
/// Health event in tests/fixtures/health and ../shared/fixtures/health (the
/// abuse reports have entities without tags; the SES enforcement notices and
/// abuse-new-type-minimal have no `endTime`). See the test
/// `aws_lambda_events_health_type_refuses_the_real_events_this_source_reads`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Detail {
    pub event_arn: String,
    pub service: String,
    pub event_type_code: String,
    pub event_type_category: String,
    #[serde(default)]
    pub start_time: Option<String>,
    #[serde(default)]
    pub end_time: Option<String>,
    #[serde(default)]
    pub last_updated_time: Option<String>,
    #[serde(default)]
    pub status_code: Option<String>,
    #[serde(default)]
    pub event_scope_code: Option<String>,
    #[serde(default)]
    pub event_region: Option<String>,
    #[serde(default)]
    pub communication_id: Option<String>,
    #[serde(default)]
    pub event_description: Vec<Description>,
    #[serde(default)]
    pub event_metadata: BTreeMap<String, Value>,
    #[serde(default)]
    pub affected_entities: Vec<Entity>,
    /// With the organizational view: the member account the event is about.
    #[serde(default)]
    pub affected_account: Option<String>,
    #[serde(default)]
    pub page: Option<Value>,
    #[serde(default)]
    pub total_pages: Option<Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Description {
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub latest_description: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entity {
    pub entity_value: String,
    #[serde(default)]
    pub status: Option<String>,
}

/// What kind of Health event this is, which decides severity and next steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Abuse,
    Risk,
    SesEnforcement,
    SesRecovered,
    Ses,
    Other,
}

pub fn family(service: &str, code: &str) -> Family {
    let code = code.to_ascii_uppercase();
    if service.eq_ignore_ascii_case("ABUSE") || code.starts_with("AWS_ABUSE_") {
        Family::Abuse
    } else if service.eq_ignore_ascii_case("RISK") || code.starts_with("AWS_RISK_") {
        Family::Risk
    } else if code.starts_with("AWS_SES_") || service.eq_ignore_ascii_case("SES") {
        if code.ends_with("_HEAL") {
            Family::SesRecovered
        } else if code.ends_with("_SHUTDOWN") || code.ends_with("_PROBATION") {
            Family::SesEnforcement
        } else {
            Family::Ses
        }
    } else {
        Family::Other
    }
}

/// `AWS_ABUSE_EC2_DOS_REPORT` → `Denial of service (DoS)` (in `lang`); an
/// unknown type reads as its words (`AWS_ABUSE_BRAND_NEW_THING` → `Brand new thing`).
pub fn abuse_report_type(code: &str, lang: Lang) -> String {
    let core = code
        .trim_start_matches("AWS_ABUSE_")
        .trim_start_matches("EC2_")
        .trim_end_matches("_REPORT");
    let known = match core {
        "DOS" => texts::R_DOS,
        "COPYRIGHT_DMCA" => texts::R_COPYRIGHT_DMCA,
        "COPYRIGHT_NON_DMCA" => texts::R_COPYRIGHT_NON_DMCA,
        "EMAIL_SPAM" => texts::R_EMAIL_SPAM,
        "FORUM_SPAM" => texts::R_FORUM_SPAM,
        "SPAM_WEBSITE" => texts::R_SPAM_WEBSITE,
        "PORT_SCANNING" => texts::R_PORT_SCANNING,
        "INTRUSION_ATTEMPT" => texts::R_INTRUSION_ATTEMPT,
        "MALWARE_WEBSITE" => texts::R_MALWARE_WEBSITE,
        "PHISHING" => texts::R_PHISHING,
        "BOTNET" => texts::R_BOTNET,
        "OPEN_PROXY" => texts::R_OPEN_PROXY,
        "CC_FRAUD" => texts::R_CC_FRAUD,
        "ILLEGAL_CONTENT" => texts::R_ILLEGAL_CONTENT,
        "PII_CONTENT_REMOVAL" => texts::R_PII_CONTENT_REMOVAL,
        "TAKEDOWN_REQUEST" => texts::R_TAKEDOWN_REQUEST,
        "WEBCRAWL" => texts::R_WEBCRAWL,
        "IP_CYCLING" => texts::R_IP_CYCLING,
        "CONFIGURATION_REVIEW" => texts::R_CONFIGURATION_REVIEW,
        "HATE_SPEECH" => texts::R_HATE_SPEECH,
        "EXTREMIST_VIOLENT_CONTENT" => texts::R_EXTREMIST_VIOLENT_CONTENT,
        "PUBLICLY_AVAILABLE_INFORMATION" => texts::R_PUBLICLY_AVAILABLE_INFORMATION,
        _ => return words(core),
    };
    known.get(lang).to_owned()
}

/// `SOME_THING_HERE` → `Some thing here`; `scheduledChange` → `Scheduled change`.
fn words(code: &str) -> String {
    let mut spaced = String::with_capacity(code.len() + 4);
    let mut prev_lower = false;
    for c in code.chars() {
        if c.is_ascii_uppercase() && prev_lower {
            spaced.push(' ');
        }
        prev_lower = c.is_ascii_lowercase();
        spaced.push(if c == '_' { ' ' } else { c });
    }
    let lower = spaced.to_ascii_lowercase();
    let mut c = lower.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => "Unknown".to_owned(),
    }
}

fn title_for(fam: Family, d: &Detail, lang: Lang) -> String {
    let code = d.event_type_code.as_str();
    // The event type's words: English reads them from the code; Japanese
    // names the kind in the console's words, with AWS's code.
    let what = |part: &str| match lang {
        Lang::En => words(part),
        Lang::Ja => values::event_type_ja(code),
    };
    let t = |t: respondby_core::i18n::T| t.get(lang).to_owned();
    match fam {
        Family::Abuse => texts::T_ABUSE.fill(lang, &[("type", &abuse_report_type(code, lang))]),
        Family::Risk => match code {
            "AWS_RISK_CREDENTIALS_EXPOSED" => t(texts::T_KEY_EXPOSED),
            "AWS_RISK_CREDENTIALS_EXPOSURE_SUSPECTED" => t(texts::T_KEY_EXPOSURE_SUSPECTED),
            "AWS_RISK_CREDENTIALS_COMPROMISED" => t(texts::T_CREDS_COMPROMISED),
            "AWS_RISK_CREDENTIALS_COMPROMISE_SUSPECTED" => t(texts::T_CREDS_COMPROMISE_SUSPECTED),
            "AWS_RISK_IAM_QUARANTINE" => t(texts::T_IAM_QUARANTINE),
            "AWS_RISK_ACCOUNT_CONSOLE_COMPROMISE" => t(texts::T_CONSOLE_COMPROMISE),
            _ => texts::T_RISK_OTHER.fill(
                lang,
                &[("what", &what(code.trim_start_matches("AWS_RISK_")))],
            ),
        },
        Family::SesEnforcement if code.ends_with("_SHUTDOWN") => t(texts::T_SES_PAUSED),
        Family::SesEnforcement => t(texts::T_SES_REVIEW),
        Family::SesRecovered => t(texts::T_SES_HEALED),
        Family::Ses => texts::T_SES_OTHER.fill(
            lang,
            &[("what", &what(code.trim_start_matches("AWS_SES_")))],
        ),
        Family::Other => {
            let category = match d.event_type_category.as_str() {
                "issue" => t(texts::CAT_ISSUE),
                "scheduledChange" => t(texts::CAT_SCHEDULED),
                "accountNotification" => t(texts::CAT_NOTIFICATION),
                "investigation" => t(texts::CAT_INVESTIGATION),
                other => match lang {
                    Lang::En => words(other),
                    Lang::Ja => other.to_owned(),
                },
            };
            texts::T_OTHER.fill(
                lang,
                &[
                    ("category", &category),
                    ("service", &d.service),
                    (
                        "what",
                        &what(
                            code.trim_start_matches("AWS_")
                                .trim_start_matches(&format!("{}_", d.service)),
                        ),
                    ),
                ],
            )
        }
    }
}

fn meta(d: &Detail, key: &str) -> Option<String> {
    d.event_metadata.get(key).and_then(|v| match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

fn page_str(v: &Option<Value>) -> Option<String> {
    match v {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

/// Link to the event in the AWS Health dashboard.
pub fn dashboard_link(event_arn: &str) -> String {
    format!(
        "https://health.aws.amazon.com/health/home#/account/event-log?eventID={}&eventTab=details",
        encode(event_arn)
    )
}

/// A 12-digit AWS account id (the RISK sample carries an access key id in
/// `affectedAccount`, which is not one).
fn account_id(s: &str) -> Option<&str> {
    let s = s.trim();
    (s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())).then_some(s)
}

/// The deadline class of an SES review or sending pause: its fix-by is
/// the review period AWS states in the event's text.
pub const SES_REVIEW_CLASS: &str = "ses";

/// The review period an SES enforcement notice names ("within 14 days",
/// "a review period of 14 days", "a 14-day review period"), if it names one.
pub fn stated_review_period(text: &str) -> Option<Duration> {
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ',' || c == '.' || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .collect();
    for (i, w) in words.iter().enumerate() {
        let (num, rest) = match w.split_once('-') {
            Some((n, "day")) => (n, Some("day")),
            _ => (*w, None),
        };
        let Ok(n) = num.parse::<i64>() else { continue };
        if !(1..=90).contains(&n) {
            continue;
        }
        let next = rest.or_else(|| words.get(i + 1).copied()).unwrap_or("");
        if !next.starts_with("day") {
            continue;
        }
        let before = |k: usize| i.checked_sub(k).and_then(|j| words.get(j)).copied();
        let after = |k: usize| words.get(i + k).copied();
        let review_period = (before(1) == Some("of") && before(2) == Some("period"))
            || (before(1) == Some("within"))
            || (before(1) == Some("next"))
            || (rest.is_some() && after(1) == Some("review"))
            || (rest.is_none() && after(2) == Some("review"));
        if review_period {
            return Some(Duration::days(n));
        }
    }
    None
}

/// A Health status as the message shows it: Health logs every SES
/// enforcement notice as `closed`, paused or not, so that `closed` says it
/// does not mean the problem is over.
pub fn shown_status(event_type_code: &str, status: &str, lang: Lang) -> String {
    if family("", event_type_code) == Family::SesEnforcement
        && status.eq_ignore_ascii_case("closed")
    {
        texts::V_SES_ALWAYS_CLOSED.get(lang).to_owned()
    } else {
        status.to_owned()
    }
}

/// Turns a Health event into an alert (or a skip). Pure: no AWS calls; see
/// [`enrich`] for the API details added afterwards.
///
/// Times: the deadline counts from when AWS told this account (the
/// envelope's `time`); "First reported" is `startTime`, never a date after
/// that; a scheduled change is due before its `startTime`. An unreadable or
/// missing time falls back to the envelope's and says so.
pub fn normalise(env: &Envelope, ctx: &Ctx) -> Result<Outcome, EventError> {
    let d: Detail = detail_as(Source::Health, &env.detail)?;
    let lang = ctx.lang;
    let fam = family(&d.service, &d.event_type_code);
    let mut notes = Vec::new();
    let started = read_time(
        "detail.startTime",
        d.start_time.as_deref(),
        parse_rfc1123,
        ctx.lang,
        &mut notes,
    );
    let updated = read_time(
        "detail.lastUpdatedTime",
        d.last_updated_time.as_deref(),
        parse_rfc1123,
        ctx.lang,
        &mut notes,
    );
    if d.start_time.is_none() {
        notes.push(texts::N_NO_START.get(ctx.lang).to_owned());
    }
    let told = env.told_at(
        &[
            ("detail.lastUpdatedTime", updated),
            ("detail.startTime", started),
        ],
        ctx.received,
        ctx.lang,
        &mut notes,
    );
    let status = d
        .status_code
        .clone()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let scheduled = d.event_type_category == "scheduledChange";
    // "First reported" never shows a date after AWS told us (a scheduled
    // change's startTime is when it will happen, not when it was reported).
    let first_reported = match started {
        Some(t) if t <= told && !scheduled => t,
        _ => updated.filter(|t| *t <= told).unwrap_or(told),
    };

    // SES enforcement entries are always `closed` in the Health log (SES
    // Developer Guide, enforcement FAQ), so `closed` does not end those.
    let closed =
        status == "closed" && !matches!(fam, Family::SesEnforcement | Family::SesRecovered);
    let (severity, case_status) = match fam {
        _ if closed => (Severity::Info, Status::Closed),
        Family::Abuse | Family::Risk => (Severity::Critical, Status::Open),
        Family::SesEnforcement if d.event_type_code.ends_with("_SHUTDOWN") => {
            (Severity::Critical, Status::Open)
        }
        Family::SesEnforcement => (Severity::High, Status::Open),
        Family::SesRecovered => (Severity::Info, Status::Recovered),
        Family::Ses if d.event_type_code.contains("SECURITY") => (Severity::High, Status::Open),
        Family::Ses | Family::Other => match d.event_type_category.as_str() {
            "issue" | "investigation" => (Severity::Medium, Status::Open),
            // Informational: no deadline.
            "accountNotification" => (Severity::Info, Status::Open),
            _ => (Severity::Low, Status::Open),
        },
    };
    let recovered = case_status != Status::Open;

    let mut a = Alert::new(
        Source::Health,
        &d.event_type_code,
        severity,
        title_for(fam, &d, lang),
        first_reported,
    );
    a.status = case_status;
    a.notes = notes;
    a.latest_activity = updated;
    a.account = d
        .affected_account
        .as_deref()
        .and_then(account_id)
        .unwrap_or(&env.account)
        .to_owned();
    a.region = d
        .event_region
        .clone()
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| env.region.clone());
    let page = page_str(&d.page);
    let total = page_str(&d.total_pages);
    // One communication of the event: its id (AWS: the same in the backup
    // Region's copy and the organizational view's) and its time. The
    // envelope's time only when the event has neither: it differs from copy
    // to copy, so keyed on it the copies would page apart.
    let version = [
        d.communication_id.as_deref(),
        d.last_updated_time.as_deref().or(d.start_time.as_deref()),
    ]
    .into_iter()
    .flatten()
    .filter(|v| !v.trim().is_empty())
    .collect::<Vec<_>>()
    .join(":");
    let version = if version.is_empty() {
        env.time.clone()
    } else {
        version
    };
    // The same event reaches the affected Region and a backup Region (and,
    // with the organizational view, the delegated admin): the key is the
    // event as AWS identifies it, not where it was delivered.
    a.case_key = format!("health:{}:{}", a.account, d.event_arn);
    a.dedup_key = format!(
        "{}:{version}{}",
        a.case_key,
        page.as_deref()
            .map(|p| format!(":p{p}"))
            .unwrap_or_default()
    );
    a.group_key = format!("health:{}:{}", d.event_type_code, d.event_arn);
    a.clock = CaseClock::new(
        match fam {
            Family::Abuse => "abuse",
            Family::Risk => "risk",
            Family::SesEnforcement => SES_REVIEW_CLASS,
            _ => "health",
        },
        told,
    );
    a.clock.reply_to_aws = matches!(fam, Family::Abuse | Family::Risk | Family::SesEnforcement);
    if scheduled {
        a.clock.due_before = started.filter(|s| *s > told);
    }
    if closed {
        a.notes.push(texts::N_CLOSED.get(lang).to_owned());
    }
    if d.affected_account
        .as_deref()
        .is_some_and(|x| account_id(x).is_some())
        && a.account != env.account
    {
        a.fact(
            texts::F_REPORTED_TO.get(lang),
            texts::V_ORG_VIEW.fill(lang, &[("account", &env.account)]),
        );
    }

    if fam == Family::SesEnforcement {
        // Whether mail leaves the Region now, said before anything else.
        let region = &a.region;
        a.fact(
            texts::F_SENDING_NOW.get(lang),
            if d.event_type_code.ends_with("_SHUTDOWN") {
                texts::V_NOT_SENDING.fill(lang, &[("region", region)])
            } else {
                texts::V_STILL_SENDING.fill(lang, &[("region", region)])
            },
        );
    }
    if fam == Family::Abuse {
        a.fact(
            texts::F_REPORT_TYPE.get(lang),
            abuse_report_type(&d.event_type_code, lang),
        );
    }
    // Kind (the type code) and first-reported time are shown by the renderer.
    // AWS's codes in the console's words (an unknown one as AWS sent it).
    a.fact(
        texts::F_CATEGORY.get(lang),
        values::CATEGORY.show(&d.event_type_category, lang),
    )
    .fact_opt(
        texts::F_STATUS.get(lang),
        d.status_code
            .as_deref()
            .map(|s| values::STATUS.show(&shown_status(&d.event_type_code, s, lang), lang)),
    )
    .fact_opt(
        texts::F_SCOPE.get(lang),
        d.event_scope_code
            .as_deref()
            .map(|s| values::SCOPE.show(s, lang)),
    );
    if scheduled {
        a.fact_opt(texts::F_STARTS.get(lang), started.map(human_utc));
    }
    if let Some(end) = d.end_time.as_deref() {
        a.fact(
            texts::F_ENDS.get(lang),
            parse_rfc1123(end)
                .map(human_utc)
                .unwrap_or_else(|| end.to_owned()),
        );
    }
    let key = meta(&d, "publicKey");
    let user = meta(&d, "userName");
    let exposed_at = meta(&d, "exposedUrl");
    a.fact_opt(texts::F_EXPOSED_KEY.get(lang), key.clone())
        .fact_opt(texts::F_IAM_USER.get(lang), user.clone())
        .fact_opt(texts::F_EXPOSED_AT.get(lang), exposed_at.clone());
    for (k, v) in &d.event_metadata {
        if matches!(
            k.as_str(),
            "publicKey" | "userName" | "exposedUrl" | "truncated" | "accountId"
        ) {
            continue;
        }
        if let Some(s) = v.as_str() {
            a.fact(&values::METADATA.show(k, lang), s);
        }
    }
    a.fact_opt(
        texts::F_COMMUNICATION_ID.get(lang),
        d.communication_id.clone(),
    );
    if let (Some(p), Some(t)) = (&page, &total) {
        if t != "1" {
            a.fact(
                texts::F_PAGE.get(lang),
                texts::V_PAGE.fill(lang, &[("p", &p), ("t", &t)]),
            );
        }
    }

    // As AWS writes them (the reply draft to AWS lists them so), and as the
    // message shows them (the status in the console's words).
    let aws_resources: Vec<String> = if d.affected_entities.is_empty() {
        env.resources.clone()
    } else {
        d.affected_entities
            .iter()
            .map(|e| values::resource(&e.entity_value, e.status.as_deref(), Lang::En))
            .collect()
    };
    a.resources = if d.affected_entities.is_empty() {
        env.resources.clone()
    } else {
        d.affected_entities
            .iter()
            .map(|e| values::resource(&e.entity_value, e.status.as_deref(), lang))
            .collect()
    };
    // A global abuse event names no Region; its resources' ARNs do.
    if a.region == "global" || a.region.is_empty() {
        if let Some(r) = playbook::case_region(&a) {
            a.region = r;
        }
    }
    a.description = d
        .event_description
        .iter()
        .find(|x| x.language.as_deref() == Some("en_US"))
        .or(d.event_description.first())
        .map(|x| x.latest_description.clone());

    a.link(texts::L_OPEN_HEALTH.get(lang), dashboard_link(&d.event_arn));
    let region = console_region(&a.region).to_owned();
    // The Support case AWS opened about a RISK notice, when its text names it.
    let case = match fam {
        Family::Risk => a
            .description
            .as_deref()
            .and_then(support_ref::support_case_named),
        _ => None,
    };
    match fam {
        // No Support Center for abuse: AWS Support does not handle abuse reports.
        Family::Abuse => playbook::abuse(&mut a, &d.event_type_code, lang),
        Family::Risk => playbook::risk(
            &mut a,
            &playbook::Risk {
                code: &d.event_type_code,
                key: key.as_deref(),
                user: user.as_deref(),
                exposed_at: exposed_at.as_deref(),
                case: case.as_deref(),
            },
            lang,
        ),
        Family::SesEnforcement => {
            a.link(
                texts::L_SES_DASHBOARD.get(lang),
                format!(
                    "https://{region}.console.aws.amazon.com/ses/home?region={region}#/reputation"
                ),
            );
            a.link(texts::L_IAM_USERS.get(lang), playbook::IAM_USERS.to_owned());
        }
        Family::SesRecovered => {}
        Family::Ses | Family::Other => {
            if !recovered {
                a.step(texts::S_OTHER_OPEN.get(lang));
                a.step(texts::S_OTHER_CHECK.get(lang));
            }
        }
    }
    if fam == Family::SesEnforcement {
        a.clock.aws_fix_period = a.description.as_deref().and_then(stated_review_period);
    }
    ctx.policy.apply(&mut a);
    if fam == Family::SesEnforcement {
        ses_enforcement_steps(&mut a, lang, d.event_type_code.ends_with("_SHUTDOWN"));
    }
    // A key AWS names as exposed or compromised cannot wait for its fix-by
    // when that is also the reply-by: say so instead of counting down.
    if let (Family::Risk, Some(k), Some(fix)) = (fam, &key, a.fix_by) {
        if a.respond_by.is_some_and(|by| fix <= by) {
            a.fix_now = Some(texts::V_DEACTIVATE_NOW.fill(lang, &[("key", k)]));
        }
    }
    if a.status == Status::Open {
        a.reply_draft = reply::draft(
            &reply::Facts {
                family: fam,
                event_type_code: &d.event_type_code,
                event_arn: &d.event_arn,
                communication_id: d.communication_id.as_deref(),
                reported_at: first_reported,
                access_key: key.as_deref(),
                iam_user: user.as_deref(),
                exposed_at: exposed_at.as_deref(),
                support_case: case.as_deref(),
            },
            &Alert {
                resources: aws_resources,
                ..a.clone()
            },
        );
    }
    Ok(Outcome::notify(a))
}

/// An SES review or pause: read it, find the cause (SMTP credentials
/// through their last use: SMTP sends are not in CloudTrail), stop it, and
/// for a review, fix it by the end of the period AWS states.
fn ses_enforcement_steps(a: &mut Alert, lang: Lang, paused: bool) {
    for t in [
        texts::S_SES_OPEN,
        texts::S_SES_CAUSE,
        texts::S_SES_SMTP_LAST_USED,
        texts::S_SES_STOP,
    ] {
        a.step(t.get(lang));
    }
    if !paused {
        a.step(match a.fix_by {
            Some(by) => texts::S_SES_FIX_BY.fill(lang, &[("by", &human_utc(by))]),
            None => texts::S_SES_FIX_IN_PERIOD.get(lang).to_owned(),
        });
    }
    a.step(texts::S_SES_REPLY.get(lang));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abuse_is_matched_by_prefix_not_a_fixed_list() {
        assert_eq!(
            family("ABUSE", "AWS_ABUSE_SOMETHING_NEW_REPORT"),
            Family::Abuse
        );
        assert_eq!(family("EC2", "AWS_ABUSE_EC2_DOS_REPORT"), Family::Abuse);
        assert_eq!(family("RISK", "AWS_RISK_CREDENTIALS_EXPOSED"), Family::Risk);
        assert_eq!(
            family("SES", "AWS_SES_ENFORCEMENT_SHUTDOWN"),
            Family::SesEnforcement
        );
        assert_eq!(family("SES", "AWS_SES_SHUTDOWN"), Family::SesEnforcement);
        assert_eq!(
            family("SES", "AWS_SES_ENFORCEMENT_HEAL"),
            Family::SesRecovered
        );
        assert_eq!(family("EC2", "AWS_EC2_OPERATIONAL_ISSUE"), Family::Other);
    }

    #[test]
    fn a_review_period_is_read_only_where_the_text_names_one() {
        let d = |n| Some(Duration::days(n));
        assert_eq!(
            stated_review_period("You have a review period of 14 days to fix the issue."),
            d(14)
        );
        assert_eq!(
            stated_review_period("Please fix this within 14 days."),
            d(14)
        );
        assert_eq!(stated_review_period("during a 10-day review period"), d(10));
        assert_eq!(stated_review_period("over the next 7 days, we will"), d(7));
        assert_eq!(
            stated_review_period("Your bounce rate over the last 30 days was 12%."),
            None
        );
        assert_eq!(
            stated_review_period("We will review the next 2,700,000 emails you send."),
            None
        );
    }

    #[test]
    fn report_types_read_well_old_and_new_codes_alike() {
        assert_eq!(
            abuse_report_type("AWS_ABUSE_DOS_REPORT", Lang::En),
            "Denial of service (DoS)"
        );
        assert_eq!(
            abuse_report_type("AWS_ABUSE_EC2_DOS_REPORT", Lang::En),
            "Denial of service (DoS)"
        );
        assert_eq!(
            abuse_report_type("AWS_ABUSE_BRAND_NEW_THING", Lang::En),
            "Brand new thing"
        );
        assert_eq!(words("scheduledChange"), "Scheduled change");
    }
}
