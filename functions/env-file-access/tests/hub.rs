//! A read across accounts is logged twice by CloudTrail: in the bucket
//! owner's account and in the reader's, each copy with its own `eventID`
//! and `recipientAccountId` and one `sharedEventID`. A hub hears both
//! spokes: one alert, about the bucket's owner (issue 19).

use respondby_core::{event, Alert, Ctx, DeadlinePolicy, Outcome, Severity};
use respondby_env_file_access::{normalise, Setup};
use respondby_testkit::fixture_bytes;

fn alert(name: &str) -> Alert {
    let (env, _) = event::parse(&fixture_bytes("env-file", name)).unwrap();
    match normalise(
        &env,
        &Ctx::new(&DeadlinePolicy::default()),
        &Setup::default(),
    )
    .unwrap()
    {
        Outcome::Notify(a) => *a,
        Outcome::Skip { reason } => panic!("{name} skipped: {reason}"),
    }
}

#[test]
fn the_owner_s_and_the_reader_s_copies_of_a_read_are_one_alert_about_the_owner() {
    let owner = alert("cross-account-read-owner-copy.json");
    let reader = alert("cross-account-read-reader-copy.json");
    for a in [&owner, &reader] {
        assert_eq!(a.account, "111122223333", "the bucket's owner");
        assert_eq!(a.severity, Severity::Critical, "read from another account");
    }
    assert_eq!(owner.case_key, reader.case_key);
    assert_eq!(owner.dedup_key, reader.dedup_key);
}

#[test]
fn a_read_without_a_shared_event_id_is_keyed_by_its_event_id() {
    let a = alert("read-by-iam-user-foreign-ip.json");
    assert!(
        a.dedup_key
            .ends_with("5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9"),
        "{}",
        a.dedup_key
    );
}
