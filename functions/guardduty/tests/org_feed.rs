//! GuardDuty's delegated administrator receives its members' findings, the
//! member in `detail.accountId` and the administrator in the envelope; the
//! member's own spoke forwards the same finding to the hub. Both copies are
//! one alert about the member (issue 19).

use respondby_core::slack::{render, RenderOptions};
use respondby_core::{event, Alert, Ctx, DeadlinePolicy, Outcome, Source};
use respondby_testkit::fixture_bytes;

const MEMBER: &str = "111122223333";
const ADMIN: &str = "999988887777";

fn alert(name: &str) -> Alert {
    let (env, source) = event::parse(&fixture_bytes("guardduty", name)).unwrap();
    assert_eq!(source, Source::GuardDuty);
    match respondby_guardduty::normalise(&env, &Ctx::new(&DeadlinePolicy::default())).unwrap() {
        Outcome::Notify(a) => *a,
        Outcome::Skip { reason } => panic!("{name} skipped: {reason}"),
    }
}

#[test]
fn the_admin_feed_and_the_member_spoke_make_one_alert_about_the_member() {
    let via_admin = alert("org-admin-feed-member-finding.json");
    let via_spoke = alert("org-member-spoke-copy.json");
    for a in [&via_admin, &via_spoke] {
        assert_eq!(a.account, MEMBER);
        assert_eq!(a.region, "ap-south-1");
        // Case and dedup keys are the member's, never the receiver's.
        for key in [&a.case_key, &a.dedup_key] {
            assert!(key.contains(MEMBER) && !key.contains(ADMIN), "{key}");
        }
        let body = render(a, &RenderOptions::default(), chrono::Utc::now()).to_string();
        assert!(
            !body.contains(ADMIN),
            "the receiving account is named: {body}"
        );
        assert!(
            body.contains(
                "https://ap-south-1.console.aws.amazon.com/guardduty/home?region=ap-south-1"
            ),
            "the console opens the finding's Region: {body}"
        );
    }
    assert_eq!(via_admin.case_key, via_spoke.case_key);
    assert_eq!(via_admin.dedup_key, via_spoke.dedup_key);
}

#[test]
fn the_same_finding_id_in_two_accounts_or_regions_is_two_alerts() {
    let a = alert("org-member-spoke-copy.json");
    let mut other: serde_json::Value =
        serde_json::from_slice(&fixture_bytes("guardduty", "org-member-spoke-copy.json")).unwrap();
    other["account"] = "444455556666".into();
    other["detail"]["accountId"] = "444455556666".into();
    let (env, _) = event::parse_value(other).unwrap();
    let Outcome::Notify(b) =
        respondby_guardduty::normalise(&env, &Ctx::new(&DeadlinePolicy::default())).unwrap()
    else {
        panic!()
    };
    assert_ne!(a.dedup_key, b.dedup_key);
    assert_ne!(a.case_key, b.case_key);
}
