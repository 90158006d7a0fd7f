//! One hub hears the same alarm, by the same name, from many accounts and
//! Regions (a StackSet creates it everywhere): each is its own alert
//! (issue 19).

use respondby_core::{event, Alert, Ctx, DeadlinePolicy, Outcome};
use respondby_testkit::fixture;
use serde_json::Value;

fn alert(ev: Value) -> Alert {
    let (env, _) = event::parse_value(ev).unwrap();
    match respondby_ses_reputation::normalise(&env, &Ctx::new(&DeadlinePolicy::default())).unwrap()
    {
        Outcome::Notify(a) => *a,
        Outcome::Skip { reason } => panic!("skipped: {reason}"),
    }
}

#[test]
fn the_same_alarm_in_another_account_or_region_is_another_alert() {
    let ev = fixture("ses", "bounce-rate-review-level.json");
    let mut other_account = ev.clone();
    other_account["account"] = "444455556666".into();
    let mut other_region = ev.clone();
    other_region["region"] = "ap-northeast-1".into();
    let (a, b, c) = (alert(ev), alert(other_account), alert(other_region));
    assert_eq!(b.account, "444455556666");
    assert_eq!(c.region, "ap-northeast-1");
    assert!(c
        .links
        .iter()
        .all(|l| !l.url.contains("amazonaws.com") || l.url.contains("ap-northeast-1")));
    let keys = [&a.dedup_key, &b.dedup_key, &c.dedup_key];
    assert!(
        keys[0] != keys[1] && keys[0] != keys[2] && keys[1] != keys[2],
        "a state change of one alarm must not drop another's: {keys:?}"
    );
    assert!(a.case_key != b.case_key && a.case_key != c.case_key);
}
