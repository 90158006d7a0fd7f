//! SES enforcement notices tell the truth about sending (issue 22 item 7):
//! a pause says plainly that no mail leaves that Region now; Health's
//! always-closed status does not read as if it were over; a probation says
//! sending still works and what must be fixed by when; SMTP sends, which
//! CloudTrail does not log, are traced through each SMTP credential's last
//! use.

mod common;

use common::{alert, shown};
use respondby_core::time::human_utc;
use respondby_core::{event, Ctx, DeadlinePolicy, Lang, Outcome, Severity, Status};
use respondby_health::normalise;
use respondby_health::texts as t;

const LANGS: [Lang; 2] = [Lang::En, Lang::Ja];

#[test]
fn a_pause_says_plainly_that_no_mail_leaves_its_region_now() {
    for lang in LANGS {
        let a = alert("ses-enforcement-shutdown.json", lang);
        assert_eq!(a.severity, Severity::Critical);
        let sending = a
            .fact_value(t::F_SENDING_NOW.get(lang))
            .unwrap_or_else(|| panic!("{lang:?}: {:?}", a.facts));
        assert_eq!(
            sending,
            t::V_NOT_SENDING.fill(lang, &[("region", &"eu-west-1")])
        );
        assert!(
            sending.contains(match lang {
                Lang::En => "is not sending any mail",
                Lang::Ja => "送信されていません",
            }),
            "{sending}"
        );
    }
}

#[test]
fn healths_always_closed_status_does_not_read_as_if_it_were_over() {
    for name in [
        "ses-enforcement-shutdown.json",
        "ses-enforcement-probation.json",
    ] {
        for lang in LANGS {
            let a = alert(name, lang);
            assert_eq!(a.status, Status::Open);
            let status = a.fact_value(t::F_STATUS.get(lang)).unwrap();
            assert_eq!(status, t::V_SES_ALWAYS_CLOSED.get(lang), "{name}");
            let text = shown(&a, lang);
            for over in [
                "AWS closed this case",
                "AWSがこのケースをクローズしました",
                "No response needed",
            ] {
                assert!(!text.contains(over), "{name}: {text}");
            }
        }
    }
    // A notice AWS really closed still says so.
    let closed = alert("abuse-closed-by-aws.json", Lang::En);
    assert_eq!(closed.fact_value("Status"), Some("closed"));
}

#[test]
fn a_probation_says_sending_still_works_and_what_to_fix_by_when() {
    for lang in LANGS {
        let a = alert("ses-enforcement-probation.json", lang);
        assert_eq!(a.severity, Severity::High);
        assert_eq!(
            a.fact_value(t::F_SENDING_NOW.get(lang)),
            Some(
                t::V_STILL_SENDING
                    .fill(lang, &[("region", &"eu-west-1")])
                    .as_str()
            )
        );
        // The review period AWS states: 14 days from when it told us.
        let fix = a.fix_by.expect("a fix-by from the review period");
        assert_eq!(fix - a.clock.started, chrono::Duration::days(14));
        let by = human_utc(fix);
        assert!(
            a.next_steps.iter().any(|s| s.contains(&by)),
            "{lang:?}: {by} not in {:?}",
            a.next_steps
        );
    }
    // Without a stated period: before the end of the period in AWS's notice.
    let mut ev = respondby_testkit::fixture("health", "ses-enforcement-probation.json");
    ev["detail"]["eventDescription"][0]["latestDescription"] =
        "Your Amazon SES account is under review.".into();
    let (env, _) = event::parse(&serde_json::to_vec(&ev).unwrap()).unwrap();
    let Outcome::Notify(a) = normalise(&env, &Ctx::new(&DeadlinePolicy::default())).unwrap() else {
        panic!()
    };
    assert_eq!(a.fix_by, None);
    assert!(a
        .next_steps
        .iter()
        .any(|s| s == t::S_SES_FIX_IN_PERIOD.get(Lang::En)));
}

#[test]
fn smtp_sends_are_traced_through_each_smtp_credentials_last_use() {
    for name in [
        "ses-enforcement-shutdown.json",
        "ses-enforcement-probation.json",
    ] {
        for lang in LANGS {
            let a = alert(name, lang);
            assert!(
                a.next_steps
                    .iter()
                    .any(|s| s == t::S_SES_SMTP_LAST_USED.get(lang)),
                "{name}: {:?}",
                a.next_steps
            );
            assert!(
                a.links
                    .iter()
                    .any(|l| l.url == respondby_health::playbook::IAM_USERS),
                "{name}"
            );
        }
    }
    let s = t::S_SES_SMTP_LAST_USED.en;
    assert!(
        s.contains("not in CloudTrail") && s.contains("last used"),
        "{s}"
    );
}
