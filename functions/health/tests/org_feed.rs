//! AWS Health's organizational view: the management or delegated
//! administrator account receives its members' events, the member named in
//! `detail.affectedAccount`. The member's own spoke, and the backup Region,
//! deliver the same event again. Every copy is one alert about the member
//! (issue 19).

use respondby_core::{event, Alert, Ctx, DeadlinePolicy, Outcome};
use respondby_testkit::fixture;
use serde_json::Value;

const MEMBER: &str = "111122223333";
const ADMIN: &str = "999988887777";

fn alert(ev: Value) -> Alert {
    let (env, _) = event::parse_value(ev).unwrap();
    match respondby_health::normalise(&env, &Ctx::new(&DeadlinePolicy::default())).unwrap() {
        Outcome::Notify(a) => *a,
        Outcome::Skip { reason } => panic!("skipped: {reason}"),
    }
}

/// The member's own delivery of an event, and the copies AWS also sends:
/// through the organizational view (envelope: the administrator) and to the
/// backup Region, each with its own envelope id, time and Region.
fn copies(member_event: &Value) -> Vec<Value> {
    let mut org = member_event.clone();
    org["account"] = ADMIN.into();
    org["id"] = "0e1d2c3b-4a59-4687-9a8b-7c6d5e4f3a2b".into();
    org["time"] = "2026-06-22T03:01:19Z".into();
    org["detail"]["affectedAccount"] = MEMBER.into();
    let mut backup = member_event.clone();
    backup["region"] = "us-west-2".into();
    backup["id"] = "1f2e3d4c-5b6a-4798-8a9b-0c1d2e3f4a5b".into();
    backup["time"] = "2026-06-22T03:01:27Z".into();
    backup["detail"]["backupEvent"] = "true".into();
    vec![member_event.clone(), org, backup]
}

#[test]
fn every_copy_of_a_health_event_is_one_case_about_the_member() {
    for name in ["abuse-dos-report.json", "risk-without-start-time.json"] {
        let alerts: Vec<Alert> = copies(&fixture("health", name))
            .into_iter()
            .map(alert)
            .collect();
        for a in &alerts {
            assert_eq!(a.account, MEMBER, "{name}");
            for key in [&a.case_key, &a.dedup_key] {
                assert!(
                    key.contains(MEMBER) && !key.contains(ADMIN),
                    "{name}: {key}"
                );
            }
        }
        // Page once: one dedup key for every copy, even for an event that
        // carries no time of its own (the envelopes' times differ).
        for a in &alerts[1..] {
            assert_eq!(a.case_key, alerts[0].case_key, "{name}");
            assert_eq!(a.dedup_key, alerts[0].dedup_key, "{name}");
        }
    }
}

#[test]
fn a_new_communication_of_the_same_event_is_a_new_delivery() {
    let first = fixture("health", "risk-without-start-time.json");
    let mut update = first.clone();
    update["detail"]["communicationId"] = "c0ffee1234-2".into();
    let (a, b) = (alert(first), alert(update));
    assert_eq!(a.case_key, b.case_key);
    assert_ne!(a.dedup_key, b.dedup_key);
}
