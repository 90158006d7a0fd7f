//! The English reply to AWS Trust & Safety, drafted from what the event
//! knows, in two stages: the first reply within the deadline (received,
//! investigating, what is isolated, when we follow up) and the follow-up
//! (root cause, actions, prevention).
//!
//! AWS asks for a reply in English within 24 hours, to its e-mail with the
//! subject line unchanged, or in the Support case; if the investigation
//! takes longer, the first reply says so with a concrete date. The draft is
//! plain ASCII English, and so is every value put in it: event text that
//! is not ASCII stays out (a `<<…>>` placeholder takes its place). What only
//! the human knows is a `<<…>>` placeholder.

use crate::{abuse_report_type, Family};
use chrono::{DateTime, Duration, Utc};
use respondby_core::alert::ReplyDraft;
use respondby_core::time::human_utc;
use respondby_core::{Alert, Lang};

/// The longest event value put in the draft; anything longer is not an
/// ID, an ARN or an address, and a placeholder takes its place.
const MAX_VALUE: usize = 256;

/// An event value fit for the draft: printable ASCII on one line, no
/// backquote (the draft is shown in a code block it could close), at most
/// `MAX_VALUE` characters; else `None`.
fn ascii(v: &str) -> Option<&str> {
    let v = v.trim();
    (!v.is_empty()
        && v.len() <= MAX_VALUE
        && v.chars()
            .all(|c| c.is_ascii() && !c.is_ascii_control() && c != '`'))
    .then_some(v)
}

fn or_placeholder(v: Option<&str>, what: &str) -> String {
    v.and_then(ascii)
        .map(str::to_owned)
        .unwrap_or_else(|| format!("<<{what}>>"))
}

/// What the draft needs from the event.
pub struct Facts<'a> {
    pub family: Family,
    pub event_type_code: &'a str,
    pub event_arn: &'a str,
    pub communication_id: Option<&'a str>,
    pub reported_at: DateTime<Utc>,
    pub access_key: Option<&'a str>,
    pub iam_user: Option<&'a str>,
    pub exposed_at: Option<&'a str>,
}

/// The draft's list of affected resources (at most 20).
fn resource_lines(resources: &[String]) -> String {
    if resources.is_empty() {
        return "  - <<the affected resources (instance IDs, IP addresses)>>".to_owned();
    }
    resources
        .iter()
        .take(20)
        .map(|r| format!("  - {}", or_placeholder(Some(r), "an affected resource")))
        .collect::<Vec<_>>()
        .join("\n")
}

/// After enrichment replaced the alert's resources (`old` before), the
/// draft lists the new ones.
pub fn refresh_resources(alert: &mut Alert, old: &[String]) {
    let (before, after) = (resource_lines(old), resource_lines(&alert.resources));
    if let Some(d) = alert.reply_draft.as_mut() {
        d.first = d.first.replace(&before, &after);
        d.followup = d.followup.replace(&before, &after);
    }
}

/// The draft for an ABUSE or RISK case; `None` for anything else.
pub fn draft(f: &Facts<'_>, alert: &Alert) -> Option<ReplyDraft> {
    if !matches!(f.family, Family::Abuse | Family::Risk) {
        return None;
    }
    let account = or_placeholder(Some(&alert.account), "your AWS account ID");
    let arn = or_placeholder(Some(f.event_arn), "the case or event ID from the e-mail");
    let comm = or_placeholder(f.communication_id, "the communication ID from the e-mail");
    let received = human_utc(f.reported_at);
    // A concrete date two days after the first reply is due, to adjust.
    let follow_by = alert
        .respond_by
        .map(|d| (d + Duration::days(2)).format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "YYYY-MM-DD".into());
    let resource_lines = resource_lines(&alert.resources);
    let (subject, done_first, done_followup) = match f.family {
        Family::Abuse => {
            // An unknown type reads as its code's words: event text too.
            let kind = abuse_report_type(f.event_type_code, Lang::En);
            let kind = or_placeholder(Some(&kind), "the report type from the e-mail");
            (
                format!("the abuse report ({kind}) concerning our AWS account {account}"),
                format!(
                    "- We isolated or stopped the affected resources:\n{resource_lines}\n- <<Other immediate actions, e.g. blocked outbound traffic, rotated credentials>>"
                ),
                format!(
                    "- <<What you changed, e.g. terminated the compromised instance, removed the malicious software, patched the application>>\n- Affected resources:\n{resource_lines}"
                ),
            )
        }
        _ => {
            let key = or_placeholder(f.access_key, "the exposed access key ID");
            let user = f
                .iam_user
                .and_then(ascii)
                .map(|u| format!(" of IAM user {u}"))
                .unwrap_or_default();
            let at = f
                .exposed_at
                .and_then(ascii)
                .map(|u| format!(" (exposed at {u})"))
                .unwrap_or_default();
            (
                format!(
                    "the exposed access key {key}{user}{at} in our AWS account {account}"
                ),
                format!(
                    "- We deactivated access key {key} <<and deleted it / and will delete it once no legitimate use remains>>.\n- <<We reviewed CloudTrail for activity with this key since it was exposed: what you found>>"
                ),
                format!(
                    "- Access key {key} was deleted and replaced <<by an IAM role / a new key stored in Secrets Manager>>.\n- <<Resources the key created or changed, and what you did with them>>"
                ),
            )
        }
    };
    let first = format!(
        "Hello AWS Trust & Safety team,\n\
         \n\
         Thank you for contacting us about {subject}\n\
         (case: {arn}; communication ID: {comm}; received {received}).\n\
         \n\
         We have received your report and are investigating it now.\n\
         \n\
         What we have done so far:\n\
         {done_first}\n\
         \n\
         What we know so far:\n\
         <<The likely cause, or \"We are still investigating the cause.\">>\n\
         \n\
         We will send you a full follow-up with the root cause, the actions we\n\
         have taken and how we will prevent this from happening again by\n\
         <<a concrete date, e.g. {follow_by}>>.\n\
         \n\
         Best regards,\n\
         <<Your name>>\n\
         <<Your company>>\n"
    );
    let followup = format!(
        "Hello AWS Trust & Safety team,\n\
         \n\
         This is our follow-up on {subject}\n\
         (case: {arn}; communication ID: {comm}; received {received}).\n\
         \n\
         Root cause:\n\
         <<What happened and how, e.g. an access key in a public repository, a vulnerable plugin, a weak SSH password>>\n\
         \n\
         Actions taken:\n\
         {done_followup}\n\
         \n\
         Prevention:\n\
         - <<e.g. secrets moved to AWS Secrets Manager, GuardDuty enabled, security groups restricted>>\n\
         \n\
         Please let us know if you need any further information.\n\
         \n\
         Best regards,\n\
         <<Your name>>\n\
         <<Your company>>\n"
    );
    Some(ReplyDraft {
        first,
        followup,
        how: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use respondby_core::{Severity, Source};

    fn alert() -> Alert {
        let t = Utc.with_ymd_and_hms(2026, 6, 24, 9, 14, 37).unwrap();
        let mut a = Alert::new(
            Source::Health,
            "AWS_ABUSE_DOS_REPORT",
            Severity::Critical,
            "t",
            t,
        );
        a.account = "111122223333".into();
        a.respond_by = Some(t + Duration::hours(24));
        a.resources = vec!["i-0abc".into(), "サーバー".into()];
        a
    }

    fn facts(family: Family) -> Facts<'static> {
        Facts {
            family,
            event_type_code: "AWS_ABUSE_DOS_REPORT",
            event_arn: "arn:aws:health:global::event/ABUSE/x",
            communication_id: Some("5f2c-1"),
            reported_at: Utc.with_ymd_and_hms(2026, 6, 24, 9, 14, 37).unwrap(),
            access_key: Some("AKIAEXAMPLE"),
            iam_user: Some("smtp-ユーザー"),
            exposed_at: Some("https://github.com/x/y"),
        }
    }

    #[test]
    fn the_first_reply_is_filled_from_the_event_and_is_plain_ascii() {
        let d = draft(&facts(Family::Abuse), &alert()).unwrap();
        for text in [&d.first, &d.followup] {
            assert!(text.is_ascii(), "{text}");
            assert!(text.contains("arn:aws:health:global::event/ABUSE/x"));
            assert!(text.contains("5f2c-1") && text.contains("111122223333"));
            assert!(text.contains("Denial of service (DoS)"));
            assert!(text.contains("i-0abc"));
            // Non-ASCII event text stays out, a placeholder instead.
            assert!(text.contains("<<an affected resource>>"));
        }
        assert!(d.first.contains("2026-06-24 09:14 UTC"));
        assert!(d.first.contains("e.g. 2026-06-27"), "{}", d.first);
        assert!(d.followup.contains("Root cause:") && d.followup.contains("Prevention:"));
    }

    #[test]
    fn a_risk_draft_names_the_key_and_leaves_out_a_non_ascii_user() {
        let d = draft(&facts(Family::Risk), &alert()).unwrap();
        assert!(d.first.contains("access key AKIAEXAMPLE"));
        assert!(!d.first.contains("IAM user"), "{}", d.first);
        assert!(d.first.is_ascii());
    }

    #[test]
    fn a_value_that_could_close_the_code_block_or_is_not_an_id_stays_out() {
        let mut a = alert();
        a.resources = vec![
            "i-1```<@U1>".into(),
            "x".repeat(MAX_VALUE + 1),
            "i-ok".into(),
        ];
        let d = draft(&facts(Family::Abuse), &a).unwrap();
        assert!(!d.first.contains('`'), "{}", d.first);
        assert!(!d.first.contains(&"x".repeat(MAX_VALUE + 1)));
        assert_eq!(
            d.first.matches("<<an affected resource>>").count(),
            2,
            "{}",
            d.first
        );
        assert!(d.first.contains("  - i-ok"));
    }

    #[test]
    fn an_unknown_report_type_with_odd_characters_stays_out_of_the_draft() {
        let mut f = facts(Family::Abuse);
        f.event_type_code = "AWS_ABUSE_Ü```<@U1>_REPORT";
        let d = draft(&f, &alert()).unwrap();
        for text in [&d.first, &d.followup] {
            assert!(text.is_ascii() && !text.contains('`'), "{text}");
        }
        assert!(
            d.first.contains("<<the report type from the e-mail>>"),
            "{}",
            d.first
        );
        // A readable unknown type is kept, in words.
        f.event_type_code = "AWS_ABUSE_BRAND_NEW_THING_REPORT";
        assert!(draft(&f, &alert())
            .unwrap()
            .first
            .contains("(Brand new thing)"));
    }

    #[test]
    fn enriched_resources_replace_the_ones_the_event_had() {
        let mut a = alert();
        a.resources.clear();
        a.reply_draft = draft(&facts(Family::Abuse), &a);
        assert!(a
            .reply_draft
            .as_ref()
            .unwrap()
            .first
            .contains("<<the affected resources"));
        a.resources = vec!["i-0new".into(), "203.0.113.9".into()];
        refresh_resources(&mut a, &[]);
        let d = a.reply_draft.unwrap();
        for t in [&d.first, &d.followup] {
            assert!(t.contains("  - i-0new\n  - 203.0.113.9"), "{t}");
            assert!(!t.contains("<<the affected resources"), "{t}");
        }
    }

    #[test]
    fn other_cases_have_no_draft() {
        for f in [
            Family::SesEnforcement,
            Family::Ses,
            Family::Other,
            Family::SesRecovered,
        ] {
            assert!(draft(&facts(f), &alert()).is_none());
        }
    }
}
