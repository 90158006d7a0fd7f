//! The English reply to AWS in a Support case, drafted from what is known,
//! in two stages: the first answer by the deadline, and the update after.
//!
//! A Support case is answered in the case itself (Support Center, Reply):
//! AWS's case e-mails come from an address that takes no mail. The draft
//! states nothing as done: every action is a `<<…>>` the human confirms,
//! and every event value in it is plain printable ASCII on one line (else a
//! `<<…>>` placeholder takes its place), so it cannot close the code block
//! it is shown in or carry invisible characters.

use crate::texts;
use chrono::{DateTime, Duration, Utc};
use respondby_core::alert::{ReplyDraft, ReplyVia};
use respondby_core::time::human_utc;
use respondby_core::{Alert, Lang};

/// The longest event value put in the draft.
const MAX_VALUE: usize = 256;

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

/// What the draft needs besides the alert.
pub struct Facts<'a> {
    pub display_id: Option<&'a str>,
    /// The case's subject (from the Support API), if known.
    pub subject: Option<&'a str>,
    /// The case is about a compromise of the account.
    pub compromise: bool,
    /// When AWS wrote (or opened the case).
    pub aws_wrote_at: DateTime<Utc>,
}

/// The draft for a case where AWS waits for an answer.
pub fn draft(f: &Facts<'_>, alert: &Alert, lang: Lang) -> Option<ReplyDraft> {
    let case = or_placeholder(f.display_id, "the case number");
    let about = f
        .subject
        .and_then(ascii)
        .map(|s| format!(" (\"{s}\")"))
        .unwrap_or_default();
    let account = or_placeholder(Some(&alert.account), "your AWS account ID");
    let written = human_utc(f.aws_wrote_at);
    let follow_by = alert
        .respond_by
        .map(|d| (d + Duration::days(2)).format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "YYYY-MM-DD".into());
    let (first, followup) = if f.compromise {
        (
            format!(
                "Hello AWS Support,\n\
                 \n\
                 Thank you for case {case}{about}, about our AWS account {account}\n\
                 (your message of {written}).\n\
                 \n\
                 We are looking into it now.\n\
                 \n\
                 What we have done so far:\n\
                 - <<e.g. Changed the root user's password and turned on MFA>>\n\
                 - <<e.g. Deleted the access keys and IAM users we did not create: list them>>\n\
                 - <<e.g. Terminated the resources we did not launch, in every Region: list them>>\n\
                 \n\
                 What we know so far:\n\
                 <<How the credentials were exposed, or \"We are still investigating the cause.\">>\n\
                 \n\
                 We will send a full update with the root cause and the actions taken by\n\
                 <<a concrete date, e.g. {follow_by}>>.\n\
                 \n\
                 Best regards,\n\
                 <<Your name>>\n\
                 <<Your company>>\n"
            ),
            format!(
                "Hello AWS Support,\n\
                 \n\
                 This is our update on case {case}{about}, about our AWS account {account}.\n\
                 \n\
                 Root cause:\n\
                 <<What happened and how, e.g. an access key committed to a public repository>>\n\
                 \n\
                 Actions taken:\n\
                 - <<Each credential changed or deleted, with its user or key ID>>\n\
                 - <<Each resource removed, with its ID and Region>>\n\
                 \n\
                 Prevention:\n\
                 - <<e.g. no long-term access keys, MFA for every user, GuardDuty and cost anomaly alerts on>>\n\
                 \n\
                 <<Only if it applies: We ask you to review the charges this unauthorized activity caused, from DATE to DATE.>>\n\
                 \n\
                 Please let us know if you need anything else.\n\
                 \n\
                 Best regards,\n\
                 <<Your name>>\n\
                 <<Your company>>\n"
            ),
        )
    } else {
        (
            format!(
                "Hello AWS Support,\n\
                 \n\
                 Thank you for your message of {written} in case {case}{about}.\n\
                 \n\
                 <<Your answer to each question AWS asked: read AWS's message in the case first>>\n\
                 \n\
                 <<Anything AWS asked for, e.g. resource IDs, the Region, times, logs>>\n\
                 \n\
                 Best regards,\n\
                 <<Your name>>\n\
                 <<Your company>>\n"
            ),
            format!(
                "Hello AWS Support,\n\
                 \n\
                 Following up on case {case}{about}:\n\
                 \n\
                 <<What changed since our last message, or the information you promised>>\n\
                 \n\
                 Best regards,\n\
                 <<Your name>>\n\
                 <<Your company>>\n"
            ),
        )
    };
    Some(ReplyDraft {
        first,
        followup,
        via: ReplyVia::Stated {
            how: texts::D_HOW.get(lang).to_owned(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use respondby_core::{Severity, Source};

    fn alert() -> Alert {
        let t = Utc.with_ymd_and_hms(2026, 6, 22, 3, 7, 2).unwrap();
        let mut a = Alert::new(
            Source::Support,
            "AddCommunicationToCase",
            Severity::High,
            "t",
            t,
        );
        a.account = "111122223333".into();
        a.respond_by = Some(t + Duration::hours(24));
        a
    }

    fn facts(compromise: bool) -> Facts<'static> {
        Facts {
            display_id: Some("178120556800417"),
            subject: Some("[ACTION REQUIRED] Your AWS account may be compromised"),
            compromise,
            aws_wrote_at: Utc.with_ymd_and_hms(2026, 6, 22, 3, 7, 2).unwrap(),
        }
    }

    #[test]
    fn the_draft_names_the_case_and_is_plain_ascii_english() {
        for compromise in [true, false] {
            let d = draft(&facts(compromise), &alert(), Lang::Ja).unwrap();
            for text in [&d.first, &d.followup] {
                assert!(text.is_ascii() && !text.contains('`'), "{text}");
                assert!(text.contains("case 178120556800417"), "{text}");
                assert!(
                    text.contains("(\"[ACTION REQUIRED] Your AWS account may be compromised\")"),
                    "{text}"
                );
                assert!(text.starts_with("Hello AWS Support,"), "{text}");
            }
            // How to send it is said in the on-call's language.
            assert_eq!(d.via.how(Lang::Ja), texts::D_HOW.ja);
        }
        let d = draft(&facts(true), &alert(), Lang::En).unwrap();
        assert!(d.first.contains("2026-06-22 03:07 UTC"), "{}", d.first);
        assert!(d.first.contains("e.g. 2026-06-25"), "{}", d.first);
        assert!(d.followup.contains("Root cause:") && d.followup.contains("Prevention:"));
    }

    #[test]
    fn no_action_is_stated_as_done_outside_a_placeholder() {
        let verbs = [
            "isolated",
            "stopped",
            "deactivated",
            "removed",
            "terminated",
            "deleted",
            "rotated",
            "disabled",
            "blocked",
            "revoked",
            "changed",
            "turned",
        ];
        let past: Vec<String> = verbs
            .iter()
            .flat_map(|v| [format!("we {v}"), format!("we have {v}")])
            .collect();
        for compromise in [true, false] {
            let d = draft(&facts(compromise), &alert(), Lang::En).unwrap();
            for text in [&d.first, &d.followup] {
                let mut bare = String::new();
                let mut rest = text.as_str();
                while let Some(open) = rest.find("<<") {
                    bare.push_str(&rest[..open]);
                    rest = rest[open..].split_once(">>").map_or("", |(_, r)| r);
                }
                bare.push_str(rest);
                let lower = bare.to_lowercase();
                for p in &past {
                    assert!(!lower.contains(p.as_str()), "{p:?} in {bare}");
                }
            }
        }
    }

    #[test]
    fn event_values_that_are_not_plain_ascii_stay_out() {
        let mut f = facts(false);
        f.display_id = Some("1781```<@U1>");
        f.subject = Some("件名 <!channel>");
        let d = draft(&f, &alert(), Lang::En).unwrap();
        assert!(d.first.is_ascii() && !d.first.contains('`'), "{}", d.first);
        assert!(d.first.contains("case <<the case number>>"), "{}", d.first);
        assert!(!d.first.contains("channel"), "{}", d.first);
    }
}
