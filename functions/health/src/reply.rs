//! The English reply to AWS, drafted from what the event knows, in two
//! stages: the first reply within the deadline (received, investigating,
//! what was done, when we follow up) and the follow-up (root cause,
//! actions, prevention).
//!
//! Where it goes: an abuse report is answered by replying to AWS Trust &
//! Safety's notice e-mail with the subject unchanged (AWS Support does not
//! handle abuse reports); a RISK notice as AWS's own text instructs, in the
//! Support case AWS opened, named when the text names it. If the
//! investigation takes longer, the first reply says so with a concrete date.
//!
//! Nothing in a draft claims what is not known: every action it could
//! state as done is a `<<Keep only what is true: …>>` choice the person
//! confirms, with the resource ids filled in. The draft is plain ASCII
//! English, and so is every value put in it: event text that is not ASCII,
//! or that could open or close a `<<…>>` or the code block, stays out (a
//! placeholder takes its place).

use crate::{abuse_report_type, Family};
use chrono::{DateTime, Duration, Utc};
use respondby_core::alert::{ReplyDraft, ReplyVia};
use respondby_core::time::human_utc;
use respondby_core::{Alert, Lang};

/// The longest event value put in the draft; anything longer is not an
/// ID, an ARN or an address, and a placeholder takes its place.
const MAX_VALUE: usize = 256;

/// An event value fit for the draft: printable ASCII on one line, no
/// backquote (the draft is shown in a code block it could close), no `<`
/// or `>` (it could close a `<<…>>` choice and leave a claim outside it),
/// at most `MAX_VALUE` characters; else `None`.
fn ascii(v: &str) -> Option<&str> {
    let v = v.trim();
    (!v.is_empty()
        && v.len() <= MAX_VALUE
        && v.chars()
            .all(|c| c.is_ascii() && !c.is_ascii_control() && !matches!(c, '`' | '<' | '>')))
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
    /// The Support case AWS opened, when its text names it.
    pub support_case: Option<&'a str>,
}

/// What a person calls an affected resource: an instance id rather than
/// its ARN, without the status Health adds (`… (IMPAIRED)`).
fn resource_id(r: &str) -> &str {
    let r = match r.rfind(" (") {
        Some(i) if r.ends_with(')') => &r[..i],
        _ => r,
    };
    match r.strip_prefix("arn:").and_then(|_| r.rsplit_once('/')) {
        Some((_, id)) if !id.is_empty() => id,
        _ => r,
    }
}

/// The first reply's "what we have done" lines for an abuse report: one
/// choice per affected resource (at most 20).
fn done_lines(resources: &[String]) -> String {
    if resources.is_empty() {
        return "- <<Keep only what is true: we stopped (the affected resource ID) at HH:MM UTC / we are isolating it now>>".to_owned();
    }
    resources
        .iter()
        .take(20)
        .map(|r| match ascii(resource_id(r)) {
            Some(id) => format!(
                "- <<Keep only what is true: we stopped {id} at HH:MM UTC / we are isolating {id} now / we have not acted on {id} yet>>"
            ),
            None => "- <<Keep only what is true: we stopped (an affected resource) at HH:MM UTC / we are isolating it now>>".to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
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
    let new = &alert.resources;
    let pairs = [
        (resource_lines(old), resource_lines(new)),
        (done_lines(old), done_lines(new)),
    ];
    if let Some(d) = alert.reply_draft.as_mut() {
        for (before, after) in &pairs {
            d.first = d.first.replace(before, after);
            d.followup = d.followup.replace(before, after);
        }
    }
}

/// What a RISK notice is about, in the draft's words.
fn risk_subject(f: &Facts<'_>, account: &str) -> String {
    let key = f.access_key.and_then(ascii);
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
    let key_words = |what: &str| match key {
        Some(k) => format!("the {what} access key {k}{user}{at} in our AWS account {account}"),
        None => format!("the {what} credentials{user}{at} in our AWS account {account}"),
    };
    match f.event_type_code {
        "AWS_RISK_CREDENTIALS_EXPOSED" => key_words("exposed"),
        "AWS_RISK_CREDENTIALS_EXPOSURE_SUSPECTED" => key_words("possibly exposed"),
        "AWS_RISK_CREDENTIALS_COMPROMISED" => key_words("compromised"),
        "AWS_RISK_CREDENTIALS_COMPROMISE_SUSPECTED" => key_words("possibly compromised"),
        "AWS_RISK_IAM_QUARANTINE" => format!(
            "the quarantine policy AWS applied{} in our AWS account {account}",
            f.iam_user
                .and_then(ascii)
                .map(|u| format!(" to IAM user {u}"))
                .unwrap_or_default()
        ),
        "AWS_RISK_ACCOUNT_CONSOLE_COMPROMISE" => {
            format!("the compromised console access to our AWS account {account}")
        }
        other => {
            let what = crate::words(other.trim_start_matches("AWS_RISK_"));
            let what = or_placeholder(Some(&what), "what AWS's notice is about");
            format!("your notice ({what}) concerning our AWS account {account}")
        }
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
    let via = match f.family {
        Family::Abuse => ReplyVia::NoticeEmail,
        _ => ReplyVia::SupportCase {
            case_id: f.support_case.map(str::to_owned),
        },
    };
    let case = match via.case_id() {
        Some(id) => format!("Support case {id}; AWS Health event: {arn}"),
        None => format!("case: {arn}"),
    };
    let (greeting, subject, done_first, dispute, done_followup) = match f.family {
        Family::Abuse => {
            // An unknown type reads as its code's words: event text too.
            let kind = abuse_report_type(f.event_type_code, Lang::En);
            let kind = or_placeholder(Some(&kind), "the report type from the e-mail");
            (
                "Hello AWS Trust & Safety team,",
                format!("the abuse report ({kind}) concerning our AWS account {account}"),
                format!(
                    "{}\n- <<Other actions, with the time in UTC, e.g. we blocked outbound traffic on port 25 at HH:MM UTC; else delete this line>>",
                    done_lines(&alert.resources)
                ),
                "\n<<or: we believe this is not abuse because ... (e.g. the traffic was an authorised test of our own systems); else delete this paragraph>>\n",
                format!(
                    "- <<What you changed, e.g. terminated the compromised instance, removed the malicious software, patched the application>>\n- Affected resources:\n{}",
                    resource_lines(&alert.resources)
                ),
            )
        }
        _ => {
            let key = f.access_key.and_then(ascii);
            let mut first = Vec::new();
            let mut followup = Vec::new();
            if let Some(k) = key {
                first.push(format!(
                    "- <<Keep only what is true: we deactivated access key {k} at HH:MM UTC / we are deactivating access key {k} now>>"
                ));
                first.push(format!(
                    "- <<Keep only what is true: we deleted access key {k} at HH:MM UTC / we will delete access key {k} once no legitimate use remains>>"
                ));
                first.push(format!(
                    "- <<What CloudTrail shows for access key {k} since it was exposed: the calls we do not recognise, or that we found none>>"
                ));
                followup.push(format!(
                    "- <<Keep only what is true: access key {k} was deleted on YYYY-MM-DD and replaced by an IAM role / by a new key stored in AWS Secrets Manager>>"
                ));
            }
            first.push(
                "- <<Keep only what is true: we changed the root user's password and turned on MFA at HH:MM UTC / we are doing so now>>".to_owned(),
            );
            first.push(
                "- <<Keep only what is true: we deleted the IAM users, roles and access keys we did not create: name them / we found none>>".to_owned(),
            );
            first.push(
                "- <<Keep only what is true: we checked every Region for resources we did not launch and terminated them: name them / we found none>>".to_owned(),
            );
            followup.push(
                "- <<Resources the credentials created or changed, in every Region, and what you did with them>>".to_owned(),
            );
            (
                "Hello AWS team,",
                risk_subject(f, &account),
                first.join("\n"),
                "",
                followup.join("\n"),
            )
        }
    };
    let first = format!(
        "{greeting}\n\
         \n\
         Thank you for contacting us about {subject}\n\
         ({case}; communication ID: {comm}; received {received}).\n\
         \n\
         We have received your report and are investigating it now.\n\
         \n\
         What we have done so far:\n\
         {done_first}\n\
         {dispute}\
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
        "{greeting}\n\
         \n\
         This is our follow-up on {subject}\n\
         ({case}; communication ID: {comm}; received {received}).\n\
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
        via,
    })
}

/// The Support case a RISK notice says AWS opened: the number after
/// "case" ("case 171234567890", "Case ID: 171234567890", "[CASE
/// 171234567890]"), if the text names one.
pub fn support_case_id(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let bare = |w: &str| {
        w.trim_matches(|c: char| !c.is_ascii_alphanumeric())
            .to_ascii_lowercase()
    };
    for (i, w) in words.iter().enumerate() {
        if !matches!(bare(w).as_str(), "case" | "cases") {
            continue;
        }
        for next in words.iter().skip(i + 1).take(3) {
            let n = bare(next);
            if matches!(n.as_str(), "id" | "number" | "no" | "") {
                continue;
            }
            if (6..=20).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()) {
                return Some(n);
            }
            break;
        }
    }
    None
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
            support_case: None,
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
        }
        // Non-ASCII event text stays out, a placeholder instead.
        assert!(d.followup.contains("<<an affected resource>>"));
        assert!(d.first.contains("we stopped (an affected resource)"));
        assert!(d.first.contains("2026-06-24 09:14 UTC"));
        assert!(d.first.contains("e.g. 2026-06-27"), "{}", d.first);
        assert!(d.followup.contains("Root cause:") && d.followup.contains("Prevention:"));
    }

    #[test]
    fn a_risk_draft_names_the_key_and_leaves_out_a_non_ascii_user() {
        let mut f = facts(Family::Risk);
        f.event_type_code = "AWS_RISK_CREDENTIALS_EXPOSED";
        let d = draft(&f, &alert()).unwrap();
        assert!(d.first.contains("the exposed access key AKIAEXAMPLE (exposed at https://github.com/x/y) in our AWS account 111122223333"), "{}", d.first);
        assert!(!d.first.contains("of IAM user"), "{}", d.first);
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
        for t in [&d.first, &d.followup] {
            assert!(!t.contains('`'), "{t}");
            assert!(!t.contains(&"x".repeat(MAX_VALUE + 1)));
        }
        assert_eq!(
            d.followup.matches("<<an affected resource>>").count(),
            2,
            "{}",
            d.followup
        );
        assert!(d.followup.contains("  - i-ok"));
        assert_eq!(d.first.matches("(an affected resource)").count(), 2);
        assert!(
            d.first.contains("we stopped i-ok at HH:MM UTC"),
            "{}",
            d.first
        );
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
        let d = a.reply_draft.as_ref().unwrap();
        assert!(d.followup.contains("<<the affected resources"));
        assert!(d.first.contains("(the affected resource ID)"));
        a.resources = vec![
            "arn:aws:ec2:eu-central-1:1:instance/i-0new (IMPAIRED)".into(),
            "203.0.113.9".into(),
        ];
        refresh_resources(&mut a, &[]);
        let d = a.reply_draft.unwrap();
        assert!(
            d.followup.contains(
                "  - arn:aws:ec2:eu-central-1:1:instance/i-0new (IMPAIRED)\n  - 203.0.113.9"
            ),
            "{}",
            d.followup
        );
        assert!(!d.followup.contains("<<the affected resources"));
        assert!(
            d.first.contains("we stopped i-0new at HH:MM UTC")
                && d.first.contains("we are isolating 203.0.113.9 now"),
            "{}",
            d.first
        );
        assert!(
            !d.first.contains("(the affected resource ID)"),
            "{}",
            d.first
        );
    }

    #[test]
    fn the_case_aws_opened_is_read_from_its_text() {
        for (text, want) in [
            (
                "We have opened AWS Support case 171234567890 with the steps.",
                Some("171234567890"),
            ),
            (
                "[CASE 17094393181] [ACTION REQUIRED] Your account",
                Some("17094393181"),
            ),
            ("See Case ID: 9876543210.", Some("9876543210")),
            ("We have opened a Support case.", None),
            ("In case 12 of 30 keys", None),
        ] {
            assert_eq!(support_case_id(text).as_deref(), want, "{text}");
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
