//! CloudTrail records of snapshots, AMIs and DB snapshots made public or
//! shared (tests/fixtures/public-exposure, and the records Stratus Red Team
//! captured in ../shared/fixtures/cloudtrail_ec2_rds) → alerts.

use chrono::{DateTime, Duration, Utc};
use respondby_core::i18n::has_japanese;
use respondby_core::slack::{
    check_limits, has_control_sequence, outside_code_spans, render, render_with, texts, Extras,
    RenderOptions,
};
use respondby_core::tracked::Tracked;
use respondby_core::{
    event, Alert, Ctx, DeadlinePolicy, Envelope, EventError, Lang, Outcome, Severity, Source,
    Status,
};
use respondby_public_exposure::{normalise, Known};
use respondby_testkit::fixture_bytes;
use serde_json::{json, Value};

const DIR: &str = "public-exposure";

fn load(name: &str) -> Envelope {
    let (env, source) = event::parse(&fixture_bytes(DIR, name)).unwrap();
    assert_eq!(source, Source::PublicExposure, "{name}");
    env
}

fn outcome_with(env: &Envelope, known: &Known, lang: Lang) -> Result<Outcome, EventError> {
    let policy = DeadlinePolicy::default();
    let ctx = Ctx {
        lang,
        ..Ctx::new(&policy)
    };
    normalise(env, &ctx, known)
}

fn alert_of(env: &Envelope, known: &Known) -> Alert {
    match outcome_with(env, known, Lang::En).unwrap() {
        Outcome::Notify(a) => *a,
        Outcome::Skip { reason } => panic!("skipped: {reason}"),
    }
}

fn alert_with(name: &str, known: &Known) -> Alert {
    alert_of(&load(name), known)
}

fn alert(name: &str) -> Alert {
    alert_with(name, &Known::default())
}

fn skip_reason(name: &str, known: &Known) -> String {
    match outcome_with(&load(name), known, Lang::En).unwrap() {
        Outcome::Skip { reason } => reason,
        Outcome::Notify(a) => panic!("{name} notified: {}", a.title),
    }
}

fn known(trusted: &str, organisation: &str, names: &str) -> Known {
    Known::parse(trusted, organisation, names).unwrap()
}

fn steps(a: &Alert) -> String {
    a.next_steps.join("\n")
}

fn told(a: &Alert) -> DateTime<Utc> {
    a.clock.started
}

// --- Public to everyone -----------------------------------------------------

#[test]
fn an_ebs_snapshot_made_public_is_critical_due_in_an_hour_and_says_who_from_where() {
    let a = alert("ebs-snapshot-made-public.json");
    assert_eq!(a.source, Source::PublicExposure);
    assert_eq!(a.kind, "ec2:ModifySnapshotAttribute");
    assert_eq!(a.severity, Severity::Critical);
    assert_eq!(a.status, Status::Open);
    assert_eq!(
        a.title,
        "EBS snapshot snap-0a1b2c3d4e5f60718 was made public"
    );
    assert_eq!(a.account, "111122223333");
    assert_eq!(a.region, "eu-central-1");
    assert_eq!(a.clock.class, "exposure.public");
    assert_eq!(
        respondby_core::time::rfc3339(told(&a)),
        "2026-06-24T09:14:05Z"
    );
    assert_eq!(a.respond_by, Some(told(&a) + Duration::hours(1)));
    assert_eq!(
        respondby_core::time::rfc3339(a.occurred_at),
        "2026-06-24T09:14:01Z"
    );
    assert_eq!(a.fact_value("Resource type"), Some("EBS snapshot"));
    assert_eq!(a.fact_value("Resource"), Some("snap-0a1b2c3d4e5f60718"));
    assert_eq!(a.fact_value("Shared with"), Some("everyone (public)"));
    assert_eq!(a.fact_value("Principal type"), Some("IAMUser"));
    assert_eq!(
        a.fact_value("Principal"),
        Some("arn:aws:iam::111122223333:user/build-bot")
    );
    assert_eq!(a.fact_value("Access key"), Some("AKIAEXAMPLEBUILD7Q2Z"));
    assert_eq!(a.fact_value("Source IP"), Some("203.0.113.77"));
    assert!(a
        .fact_value("User agent")
        .unwrap()
        .starts_with("aws-cli/2.17.1"));
    assert_eq!(
        a.fact_value("CloudTrail event ID"),
        Some("e3000001-5b6c-4d7e-8f90-a1b2c3d4e5f6")
    );
    assert_eq!(
        a.resources,
        ["arn:aws:ec2:eu-central-1::snapshot/snap-0a1b2c3d4e5f60718"]
    );
    assert_eq!(
        a.case_key,
        "public-exposure:111122223333:eu-central-1:ebs-snapshot/snap-0a1b2c3d4e5f60718:public"
    );
    assert_eq!(
        a.dedup_key,
        "public-exposure:e3000001-5b6c-4d7e-8f90-a1b2c3d4e5f6"
    );
    // The console links open the event's Region.
    let urls: Vec<&str> = a.links.iter().map(|l| l.url.as_str()).collect();
    assert!(urls.contains(
        &"https://eu-central-1.console.aws.amazon.com/ec2/home?region=eu-central-1#SnapshotDetails:snapshotId=snap-0a1b2c3d4e5f60718"
    ), "{urls:#?}");
    assert!(urls.contains(
        &"https://eu-central-1.console.aws.amazon.com/cloudtrailv2/home?region=eu-central-1#/events/e3000001-5b6c-4d7e-8f90-a1b2c3d4e5f6"
    ), "{urls:#?}");
    assert!(urls
        .iter()
        .any(|u| u.contains("AccessKeyId=AKIAEXAMPLEBUILD7Q2Z")));
}

#[test]
fn the_steps_ask_first_then_make_it_private_with_the_id_filled_in_and_say_no_log_of_copies_exists()
{
    let a = alert("ebs-snapshot-made-public.json");
    let s = &a.next_steps;
    assert!(
        s[0].contains("Did your team mean to make this public"),
        "{s:#?}"
    );
    let all = steps(&a);
    assert!(
        all.contains(
            "aws ec2 modify-snapshot-attribute --region eu-central-1 --snapshot-id snap-0a1b2c3d4e5f60718 --attribute createVolumePermission --operation-type remove --group-names all"
        ),
        "{all}"
    );
    // The console path, too.
    assert!(all.contains("Modify permissions"), "{all}");
    // Said plainly: nobody can tell who copied it.
    assert!(all.contains("no log"), "{all}");
    assert!(
        all.contains("aws ec2 enable-snapshot-block-public-access --region eu-central-1 --state block-all-sharing"),
        "{all}"
    );
    assert!(all.contains("rotate"), "{all}");
    // The key that did it may be stolen.
    assert!(all.contains("AKIAEXAMPLEBUILD7Q2Z"), "{all}");
}

#[test]
fn an_ami_made_public_is_critical_with_its_own_commands_and_block() {
    let a = alert("ami-made-public.json");
    assert_eq!(a.severity, Severity::Critical);
    assert_eq!(a.title, "AMI ami-0c1d2e3f4a5b6c7d8 was made public");
    assert_eq!(a.kind, "ec2:ModifyImageAttribute");
    assert_eq!(a.region, "ap-northeast-1");
    assert_eq!(
        a.resources,
        ["arn:aws:ec2:ap-northeast-1::image/ami-0c1d2e3f4a5b6c7d8"]
    );
    // An SSO user: the session's role is named beside the caller.
    assert!(a
        .fact_value("Principal")
        .unwrap()
        .ends_with("/hanako.sato@example.com"));
    assert!(a
        .fact_value("Role")
        .unwrap()
        .contains("AWSReservedSSO_AdministratorAccess"));
    let all = steps(&a);
    assert!(
        all.contains(
            "aws ec2 modify-image-attribute --region ap-northeast-1 --image-id ami-0c1d2e3f4a5b6c7d8 --launch-permission \"Remove=[{Group=all}]\""
        ),
        "{all}"
    );
    assert!(
        all.contains("aws ec2 enable-image-block-public-access --region ap-northeast-1 --image-block-public-access-state block-new-sharing"),
        "{all}"
    );
    assert!(all.contains("no log"), "{all}");
    assert!(a.links.iter().any(|l| l.url
        == "https://ap-northeast-1.console.aws.amazon.com/ec2/home?region=ap-northeast-1#ImageDetails:imageId=ami-0c1d2e3f4a5b6c7d8"));
}

#[test]
fn an_rds_snapshot_made_public_is_critical_and_shows_who_may_restore_it_now() {
    let a = alert("rds-snapshot-made-public.json");
    assert_eq!(a.severity, Severity::Critical);
    assert_eq!(a.kind, "rds:ModifyDBSnapshotAttribute");
    assert_eq!(
        a.title,
        "RDS DB snapshot orders-db-2026-06-23 was made public"
    );
    assert_eq!(a.fact_value("Restorable by after the change"), Some("all"));
    assert_eq!(
        a.resources,
        ["arn:aws:rds:eu-central-1:111122223333:snapshot:orders-db-2026-06-23"]
    );
    let all = steps(&a);
    assert!(
        all.contains(
            "aws rds modify-db-snapshot-attribute --region eu-central-1 --db-snapshot-identifier orders-db-2026-06-23 --attribute-name restore --values-to-remove all"
        ),
        "{all}"
    );
    // RDS has no account-level block: say what there is instead.
    assert!(!all.contains("block-public-access"), "{all}");
    assert!(all.contains("rds:ModifyDBSnapshotAttribute"), "{all}");
    assert!(a.links.iter().any(|l| l.url
        == "https://eu-central-1.console.aws.amazon.com/rds/home?region=eu-central-1#db-snapshot:id=orders-db-2026-06-23"));
}

#[test]
fn public_and_two_accounts_in_one_call_is_one_critical_case_listing_the_accounts() {
    let a = alert("ebs-snapshot-public-and-two-accounts.json");
    assert_eq!(a.severity, Severity::Critical);
    assert!(a.case_key.ends_with(":public"), "{}", a.case_key);
    assert_eq!(
        a.fact_value("Also shared with"),
        Some("444455556666 (not trusted), 999988887777 (not trusted)")
    );
    let trusted = known("999988887777", "", "999988887777=backup-vault");
    let a = alert_with("ebs-snapshot-public-and-two-accounts.json", &trusted);
    assert_eq!(
        a.fact_value("Also shared with"),
        Some("444455556666 (not trusted), 999988887777 backup-vault (trusted)")
    );
}

// --- Shared with one account ------------------------------------------------

#[test]
fn a_snapshot_shared_with_an_unknown_account_is_high_and_names_the_account() {
    let a = alert("ebs-snapshot-shared-with-unknown-account.json");
    assert_eq!(a.severity, Severity::High);
    assert_eq!(a.clock.class, "exposure.account");
    assert_eq!(a.respond_by, Some(told(&a) + Duration::hours(4)));
    assert_eq!(
        a.title,
        "EBS snapshot snap-0f9e8d7c6b5a40312 was shared with account 444455556666"
    );
    assert_eq!(a.fact_value("Shared with"), Some("account 444455556666"));
    // Nothing claimed that is not known: without the organisation's list,
    // whether the account belongs to it is unknown, and the alert says so.
    let checked = a.fact_value("Account checked against").unwrap();
    assert!(checked.contains("not on the trusted list"), "{checked}");
    assert!(checked.contains("not known"), "{checked}");
    assert!(checked.contains("ORGANIZATION_ACCOUNT_IDS"), "{checked}");
    assert_eq!(
        a.case_key,
        "public-exposure:111122223333:ap-south-1:ebs-snapshot/snap-0f9e8d7c6b5a40312:444455556666"
    );
    let all = steps(&a);
    assert!(all.contains("Did your team mean to share this"), "{all}");
    assert!(
        all.contains("aws ec2 modify-snapshot-attribute --region ap-south-1 --snapshot-id snap-0f9e8d7c6b5a40312 --attribute createVolumePermission --operation-type remove --user-ids 444455556666"),
        "{all}"
    );
    // Account-level public blocks do not stop a share with an account.
    assert!(
        !all.contains("enable-snapshot-block-public-access"),
        "{all}"
    );
}

#[test]
fn an_account_on_the_organisation_list_is_checked_against_it_and_named() {
    let k = known("", "222233334444,555566667777", "444455556666=vendor-x");
    let a = alert_with("ebs-snapshot-shared-with-unknown-account.json", &k);
    assert_eq!(
        a.title,
        "EBS snapshot snap-0f9e8d7c6b5a40312 was shared with account 444455556666 (vendor-x)"
    );
    assert_eq!(
        a.fact_value("Shared with"),
        Some("account 444455556666 (vendor-x)")
    );
    let checked = a.fact_value("Account checked against").unwrap();
    assert!(checked.contains("not in the organisation"), "{checked}");
    assert!(!checked.contains("not known"), "{checked}");
}

#[test]
fn a_share_with_a_trusted_or_organisation_account_or_with_itself_is_skipped_by_name() {
    let reason = skip_reason(
        "ebs-snapshot-shared-with-unknown-account.json",
        &known("444455556666", "", ""),
    );
    assert!(
        reason.contains("444455556666") && reason.contains("trusted"),
        "{reason}"
    );
    let reason = skip_reason(
        "ebs-snapshot-shared-with-unknown-account.json",
        &known("", "444455556666", ""),
    );
    assert!(reason.contains("organisation"), "{reason}");
    let reason = skip_reason(
        "skip-rds-snapshot-shared-with-own-account.json",
        &Known::default(),
    );
    assert!(reason.contains("its own account"), "{reason}");
}

#[test]
fn an_ami_shared_with_an_organisation_is_high_unless_that_organisation_is_trusted() {
    let a = alert("ami-shared-with-organization.json");
    assert_eq!(a.severity, Severity::High);
    assert_eq!(
        a.title,
        "AMI ami-0123456789abcdef0 was shared with AWS organization o-exampleorgx"
    );
    assert!(steps(&a).contains(
        "--launch-permission \"Remove=[{OrganizationArn=arn:aws:organizations::999988887777:organization/o-exampleorgx}]\""
    ));
    let reason = skip_reason(
        "ami-shared-with-organization.json",
        &known("o-exampleorgx", "", ""),
    );
    assert!(reason.contains("o-exampleorgx"), "{reason}");
}

#[test]
fn an_ami_and_an_rds_cluster_snapshot_shared_with_an_account_are_high() {
    let a = alert("ami-shared-with-account.json");
    assert_eq!(a.severity, Severity::High);
    assert!(steps(&a).contains("--launch-permission \"Remove=[{UserId=444455556666}]\""));
    let c = alert("rds-cluster-snapshot-shared-with-account.json");
    assert_eq!(c.severity, Severity::High);
    assert_eq!(
        c.title,
        "RDS DB cluster snapshot billing-cluster-final was shared with account 444455556666"
    );
    assert_eq!(
        c.resources,
        ["arn:aws:rds:eu-central-1:111122223333:cluster-snapshot:billing-cluster-final"]
    );
    assert!(steps(&c).contains(
        "aws rds modify-db-cluster-snapshot-attribute --region eu-central-1 --db-cluster-snapshot-identifier billing-cluster-final --attribute-name restore --values-to-remove 444455556666"
    ));
}

// --- Private again: the same case recovers ----------------------------------

#[test]
fn removing_the_public_permission_recovers_the_same_case() {
    for (public, private) in [
        (
            "ebs-snapshot-made-public.json",
            "ebs-snapshot-private-again.json",
        ),
        ("ami-made-public.json", "ami-private-again.json"),
        (
            "rds-snapshot-made-public.json",
            "rds-snapshot-private-again.json",
        ),
    ] {
        let open = alert(public);
        let closed = alert(private);
        assert_eq!(closed.status, Status::Recovered, "{private}");
        assert_eq!(closed.case_key, open.case_key, "{private}");
        assert_ne!(closed.dedup_key, open.dedup_key, "{private}");
        assert!(closed.respond_by.is_none(), "{private}");
        assert_eq!(closed.severity, Severity::Info, "{private}");
        assert!(
            closed.title.ends_with("is private again"),
            "{}",
            closed.title
        );
        // Private now is not private all along: the rotation still applies.
        assert!(steps(&closed).contains("rotate"), "{private}");
        // The tracked case resolves itself.
        let mut case = Tracked::new(&open, None, Utc::now());
        case.follow_up(&closed, Lang::En, Utc::now());
        assert!(!case.is_open(), "{private}");
    }
}

#[test]
fn removing_an_accounts_permission_recovers_that_accounts_case() {
    let open = alert("ebs-snapshot-shared-with-unknown-account.json");
    let closed = alert("ebs-snapshot-account-removed.json");
    assert_eq!(closed.status, Status::Recovered);
    assert_eq!(closed.case_key, open.case_key);
    assert_eq!(
        closed.title,
        "EBS snapshot snap-0f9e8d7c6b5a40312 is no longer shared with account 444455556666"
    );
}

// --- The account-level blocks ------------------------------------------------

#[test]
fn switching_off_snapshot_block_public_access_is_high_and_switching_it_on_recovers() {
    let off = alert("snapshot-block-public-access-disabled.json");
    assert_eq!(off.severity, Severity::High);
    assert_eq!(off.clock.class, "exposure.guard");
    assert_eq!(off.respond_by, Some(told(&off) + Duration::hours(24)));
    assert_eq!(
        off.title,
        "Block public access for EBS snapshots was turned off in eu-central-1"
    );
    assert_eq!(off.fact_value("Block public access"), Some("unblocked"));
    let all = steps(&off);
    assert!(all.contains("Did your team mean to turn it off"), "{all}");
    assert!(
        all.contains("aws ec2 enable-snapshot-block-public-access --region eu-central-1 --state block-all-sharing"),
        "{all}"
    );
    // What it hid is public again: list what says public.
    assert!(
        all.contains("aws ec2 describe-snapshots --region eu-central-1 --owner-ids self --restorable-by-user-ids all"),
        "{all}"
    );
    let on = alert("snapshot-block-public-access-enabled.json");
    assert_eq!(on.status, Status::Recovered);
    assert_eq!(on.case_key, off.case_key);
    assert_eq!(
        on.fact_value("Block public access"),
        Some("block-all-sharing")
    );
    assert_eq!(
        on.title,
        "Block public access for EBS snapshots is on again in eu-central-1 (block-all-sharing)"
    );
}

#[test]
fn switching_off_image_block_public_access_is_high_and_on_again_says_public_amis_stay_public() {
    let off = alert("image-block-public-access-disabled.json");
    assert_eq!(off.severity, Severity::High);
    assert_eq!(
        off.title,
        "Block public access for AMIs was turned off in ap-northeast-1"
    );
    assert!(steps(&off).contains(
        "aws ec2 describe-images --region ap-northeast-1 --owners self --executable-users all"
    ));
    let on = alert("image-block-public-access-enabled.json");
    assert_eq!(on.status, Status::Recovered);
    assert_eq!(on.case_key, off.case_key);
    // block-new-sharing blocks new sharing only (EC2 User Guide).
    assert!(
        steps(&on).contains("AMIs that are already public stay public"),
        "{:#?}",
        on.next_steps
    );
}

#[test]
fn enabling_snapshot_block_in_new_sharing_mode_says_public_snapshots_stay_public_and_unblocked_is_off(
) {
    let mut env = load("snapshot-block-public-access-enabled.json");
    env.detail["requestParameters"] =
        json!({"EnableSnapshotBlockPublicAccessRequest": {"State": "block-new-sharing"}});
    env.detail["responseElements"] =
        json!({"EnableSnapshotBlockPublicAccessResponse": {"state": "block-new-sharing"}});
    let a = alert_of(&env, &Known::default());
    assert_eq!(a.status, Status::Recovered);
    assert!(
        steps(&a).contains("snapshots that are already public stay public"),
        "{:#?}",
        a.next_steps
    );
    // "Enabling" it as unblocked switches it off.
    env.detail["requestParameters"] =
        json!({"EnableSnapshotBlockPublicAccessRequest": {"State": "unblocked"}});
    env.detail["responseElements"] =
        json!({"EnableSnapshotBlockPublicAccessResponse": {"state": "unblocked"}});
    let a = alert_of(&env, &Known::default());
    assert_eq!(a.status, Status::Open);
    assert_eq!(a.severity, Severity::High);
    // And with the state in neither place, it is shown as not recorded.
    env.detail["requestParameters"] = Value::Null;
    env.detail["responseElements"] = Value::Null;
    let a = alert_of(&env, &Known::default());
    assert_eq!(a.status, Status::Recovered);
    assert_eq!(a.fact_value("Block public access"), Some("(not recorded)"));
}

// --- Refused attempts ---------------------------------------------------------

#[test]
fn a_refused_attempt_to_make_public_is_low_without_a_deadline_and_apart_from_the_real_case() {
    let a = alert("refused-make-snapshot-public.json");
    assert_eq!(a.severity, Severity::Low);
    assert_eq!(a.clock.class, "exposure.refused");
    assert!(a.respond_by.is_none());
    assert_eq!(
        a.title,
        "Refused: an attempt to make EBS snapshot snap-0a1b2c3d4e5f60718 public (Client.UnauthorizedOperation)"
    );
    assert!(a
        .fact_value("Result")
        .unwrap()
        .starts_with("REFUSED: Client.UnauthorizedOperation (You are not authorized"));
    // A later success is a case of its own, not an update of this one.
    assert_ne!(a.case_key, alert("ebs-snapshot-made-public.json").case_key);
    let all = steps(&a);
    assert!(all.contains("Did your team try this"), "{all}");
    assert!(!all.contains("modify-snapshot-attribute"), "{all}");
}

#[test]
fn a_dry_run_says_the_call_would_have_succeeded() {
    let a = alert("refused-dry-run-share-ami.json");
    assert_eq!(a.severity, Severity::Low);
    assert_eq!(
        a.title,
        "Dry run: an attempt to share AMI ami-0c1d2e3f4a5b6c7d8 with account 444455556666 would have succeeded"
    );
    assert!(a.fact_value("Result").unwrap().starts_with("DRY RUN"));
    assert!(
        steps(&a).contains("has the permission"),
        "{:#?}",
        a.next_steps
    );
}

#[test]
fn a_refused_attempt_to_turn_the_block_off_is_low_and_a_refused_removal_is_skipped() {
    let mut env = load("snapshot-block-public-access-disabled.json");
    env.detail["errorCode"] = "Client.UnauthorizedOperation".into();
    env.detail["errorMessage"] = "You are not authorized to perform this operation.".into();
    let a = alert_of(&env, &Known::default());
    assert_eq!(a.severity, Severity::Low);
    assert_eq!(
        a.title,
        "Refused: an attempt to turn off block public access for EBS snapshots in eu-central-1 (Client.UnauthorizedOperation)"
    );
    let reason = skip_reason("skip-refused-removal.json", &Known::default());
    assert!(
        reason.contains("Client.InvalidSnapshot.NotFound"),
        "{reason}"
    );
}

// --- Not ours, and malformed --------------------------------------------------

#[test]
fn other_attributes_and_calls_are_skipped_with_the_reason() {
    for (name, says) in [
        ("skip-snapshot-product-codes.json", "PRODUCT_CODES"),
        ("skip-ami-description-change.json", "description"),
        ("skip-run-instances.json", "RunInstances"),
    ] {
        let reason = skip_reason(name, &Known::default());
        assert!(reason.contains(says), "{name}: {reason}");
    }
}

#[test]
fn a_record_without_its_resource_or_permission_items_is_an_error_naming_the_field() {
    for (name, field) in [
        ("error-no-snapshot-id.json", "requestParameters.snapshotId"),
        (
            "error-permission-without-items.json",
            "requestParameters.launchPermission",
        ),
    ] {
        let err = outcome_with(&load(name), &Known::default(), Lang::En).unwrap_err();
        assert!(err.to_string().contains(field), "{name}: {err}");
    }
}

/// A record that says it changes the permission but carries it in a form we
/// do not read is an error naming the field, never "changes no permission".
#[test]
fn a_permission_change_in_an_unknown_form_is_an_error_not_a_skip() {
    let mut env = load("ebs-snapshot-made-public.json");
    let rp = env.detail["requestParameters"].as_object_mut().unwrap();
    rp.remove("createVolumePermission");
    rp.insert("operationType".into(), "add".into());
    rp.insert("groupNames".into(), json!(["all"]));
    let err = outcome_with(&env, &Known::default(), Lang::En).unwrap_err();
    assert!(
        err.to_string()
            .contains("requestParameters.createVolumePermission"),
        "{err}"
    );
    let mut env = load("ami-made-public.json");
    env.detail["requestParameters"]
        .as_object_mut()
        .unwrap()
        .remove("launchPermission");
    let err = outcome_with(&env, &Known::default(), Lang::En).unwrap_err();
    assert!(
        err.to_string()
            .contains("requestParameters.launchPermission"),
        "{err}"
    );
}

#[test]
fn an_unreadable_event_time_is_noted_and_the_deadline_counts_from_the_envelope() {
    let a = alert("odd-event-time.json");
    assert_eq!(a.severity, Severity::Critical);
    assert!(
        a.notes.iter().any(|n| n.contains("detail.eventTime")),
        "{:?}",
        a.notes
    );
    assert_eq!(
        respondby_core::time::rfc3339(told(&a)),
        "2026-06-24T09:14:05Z"
    );
    assert!(a.respond_by.unwrap() > told(&a));
}

// --- Untrusted text stays text -----------------------------------------------

#[test]
fn hostile_ids_agents_and_addresses_render_as_text_and_never_become_a_command() {
    let a = alert("hostile-text.json");
    assert_eq!(a.severity, Severity::Critical);
    // The identifier is not one a shell can take as it is: no command is
    // built from it, the console is named instead.
    let all = steps(&a);
    assert!(!all.contains("modify-db-snapshot-attribute"), "{all}");
    assert!(!all.contains("curl"), "{all}");
    assert!(all.contains("console"), "{all}");
    let body = render(&a, &RenderOptions::default(), Utc::now());
    check_limits(&body).unwrap();
    for (kind, t) in texts(&body) {
        if kind != "plain_text" {
            assert!(!has_control_sequence(&t), "{kind}: {t}");
            assert!(!outside_code_spans(&t).contains("@here"), "{kind}: {t}");
        }
    }
    // The lines core keeps one line (header, notification text), and the
    // steps, where event values sit inside our sentences: no newline, line
    // separator or bidi control from the event forges another line.
    let header = body["blocks"][0]["text"]["text"].as_str().unwrap();
    let top = body["text"].as_str().unwrap();
    let forging = |c: char| c == '\n' || respondby_core::slack::escape::is_forging(c);
    for t in [header, top] {
        assert!(!t.chars().any(forging), "{t:?}");
    }
    for step in &a.next_steps {
        assert!(!step.chars().any(forging), "{step:?}");
    }
}

#[test]
fn long_lists_of_accounts_are_cut_with_a_count() {
    let mut env = load("ebs-snapshot-public-and-two-accounts.json");
    let items: Vec<Value> = std::iter::once(json!({"group": "all"}))
        .chain((0..60).map(|i| json!({"userId": format!("{:012}", 500000000000u64 + i)})))
        .collect();
    env.detail["requestParameters"]["createVolumePermission"]["add"]["items"] = Value::Array(items);
    let a = alert_of(&env, &Known::default());
    let also = a.fact_value("Also shared with").unwrap();
    assert!(also.ends_with("and 50 more"), "{also}");
    let body = render(&a, &RenderOptions::default(), Utc::now());
    check_limits(&body).unwrap();
}

// --- The real records Stratus Red Team captured --------------------------------

/// A CloudTrail log-file record as EventBridge delivers it: one record in
/// `detail`, the envelope's `source` from its `eventSource`.
fn wrapped(record: &Value) -> Envelope {
    let service = record["eventSource"]
        .as_str()
        .unwrap()
        .trim_end_matches(".amazonaws.com");
    let ev = json!({
        "version": "0",
        "id": "3f2e1d0c-0000-4000-8000-000000000001",
        "detail-type": "AWS API Call via CloudTrail",
        "source": format!("aws.{service}"),
        "account": record["recipientAccountId"],
        "time": record["eventTime"],
        "region": record["awsRegion"],
        "resources": [],
        "detail": record,
    });
    let (env, source) = event::parse_value(ev).unwrap();
    assert_eq!(source, Source::PublicExposure);
    env
}

fn shared_records() -> Vec<(String, Value)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/cloudtrail_ec2_rds");
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return out;
    };
    for e in entries {
        let path = e.unwrap().path();
        let records: Vec<Value> = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        for r in records {
            out.push((path.file_name().unwrap().to_string_lossy().into_owned(), r));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn the_records_stratus_red_team_captured_are_high_shares_naming_the_account() {
    let records = shared_records();
    if records.is_empty() {
        // ../shared/fixtures exists beside the repository in CI, not in a
        // fresh clone (as for the cli's and the template's tests).
        eprintln!("../shared/fixtures/cloudtrail_ec2_rds not found: the published records were not checked");
        return;
    }
    assert_eq!(records.len(), 3);
    for (file, record) in records {
        let a = alert_of(&wrapped(&record), &Known::default());
        assert_eq!(a.severity, Severity::High, "{file}");
        assert_eq!(a.clock.class, "exposure.account", "{file}");
        let grantee = if file.contains("ebs") {
            "098797384747"
        } else if file.contains("ami") {
            "846424999548"
        } else {
            "503161813013"
        };
        assert!(a.title.contains(grantee), "{file}: {}", a.title);
        assert_eq!(a.account, record["recipientAccountId"], "{file}");
        assert_eq!(a.region, record["awsRegion"], "{file}");
        assert!(a
            .fact_value("User agent")
            .unwrap()
            .starts_with("stratus-red-team_"));
        let steps = steps(&a);
        assert!(steps.contains(grantee), "{file}: {steps}");
        assert!(
            steps.contains(&format!(
                "--region {}",
                record["awsRegion"].as_str().unwrap()
            )),
            "{file}: {steps}"
        );
        // Trusting the account silences it.
        let reason =
            match outcome_with(&wrapped(&record), &known(grantee, "", ""), Lang::En).unwrap() {
                Outcome::Skip { reason } => reason,
                Outcome::Notify(a) => panic!("{file}: {}", a.title),
            };
        assert!(reason.contains(grantee), "{reason}");
    }
}

// --- Japanese -----------------------------------------------------------------

/// The message on-call sees for a new case: tracked, with its buttons.
fn render_tracked(a: &Alert, lang: Lang, now: DateTime<Utc>) -> Value {
    let tracked = Tracked::new(a, None, now);
    render_with(
        a,
        &RenderOptions {
            lang,
            buttons: true,
            ..Default::default()
        },
        Extras {
            state: Some(&tracked),
            ..Default::default()
        },
        now,
    )
}

/// Every word of an alert and its message, one text a line.
fn words(a: &Alert, lang: Lang, now: DateTime<Utc>) -> String {
    let mut lines = vec![a.title.clone()];
    lines.extend(a.facts.iter().map(|f| format!("{}: {}", f.label, f.value)));
    lines.extend(a.next_steps.iter().cloned());
    lines.extend(a.notes.iter().cloned());
    lines.extend(a.links.iter().map(|l| l.label.clone()));
    lines.extend(
        texts(&render_tracked(a, lang, now))
            .into_iter()
            .map(|(_, t)| t),
    );
    lines.join("\n")
}

/// Every fixture but `error-` ones, and variants that reach the branches a
/// fixture alone does not: named accounts, an organisation list, a refused
/// block, a DB snapshot private again with another account still on it.
fn every_event() -> Vec<(String, Envelope)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/public-exposure");
    let mut events = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.starts_with("error-") {
            continue;
        }
        let env = load(&name);
        if env.detail["eventName"]
            .as_str()
            .is_some_and(|n| n.starts_with("Disable"))
        {
            let mut refused = env.clone();
            refused.detail["errorCode"] = "AccessDenied".into();
            events.push((format!("{name} (refused)"), refused));
            let mut dry = env.clone();
            dry.detail["errorCode"] = "Client.DryRunOperation".into();
            events.push((format!("{name} (dry run)"), dry));
        }
        events.push((name, env));
    }
    // Branches no fixture reaches alone: a caller without an access key, a
    // Region no command can name, a mode not recorded, an account share of
    // an identifier a shell would read as code.
    let mut no_key = load("ebs-snapshot-made-public.json");
    no_key.detail["userIdentity"]
        .as_object_mut()
        .unwrap()
        .remove("accessKeyId");
    events.push(("no access key".into(), no_key));
    for name in [
        "ebs-snapshot-made-public.json",
        "snapshot-block-public-access-disabled.json",
    ] {
        let mut odd = load(name);
        odd.detail["awsRegion"] = "eu central 1".into();
        odd.region = "eu central 1".into();
        events.push((format!("{name} (odd Region)"), odd));
    }
    let mut no_state = load("snapshot-block-public-access-enabled.json");
    no_state.detail["requestParameters"] = Value::Null;
    no_state.detail["responseElements"] = Value::Null;
    events.push(("block on, mode not recorded".into(), no_state));
    let mut new_sharing = load("snapshot-block-public-access-enabled.json");
    new_sharing.detail["responseElements"] =
        json!({"EnableSnapshotBlockPublicAccessResponse": {"state": "block-new-sharing"}});
    events.push(("block on, new sharing only".into(), new_sharing));
    let mut unsafe_id = load("ebs-snapshot-shared-with-unknown-account.json");
    unsafe_id.detail["requestParameters"]["snapshotId"] = "snap-1; rm -rf ~".into();
    events.push(("account share of an unsafe id".into(), unsafe_id));
    for (file, record) in shared_records() {
        events.push((format!("shared {file}"), wrapped(&record)));
    }
    events.sort_by(|a, b| a.0.cmp(&b.0));
    events
}

/// In Japanese, every event renders as a tracked case within Slack's
/// limits with no English of ours left, and is the same alert as in
/// English (keys, deadline, severity, status, resources).
#[test]
fn every_event_renders_in_japanese_with_the_same_case_and_deadline() {
    use respondby_core::i18n::{english_in, ui};
    let catalogues = [respondby_public_exposure::texts::ALL, ui::ALL];
    let knowns = [
        Known::default(),
        known(
            "999988887777",
            "222233334444",
            "444455556666=vendor-x,999988887777=backup-vault",
        ),
    ];
    let mut n = 0;
    let mut steps_seen = std::collections::BTreeSet::new();
    for (name, env) in every_event() {
        for k in &knowns {
            let (a_en, a_ja) = match (
                outcome_with(&env, k, Lang::En).unwrap(),
                outcome_with(&env, k, Lang::Ja).unwrap(),
            ) {
                (Outcome::Notify(en), Outcome::Notify(ja)) => (en, ja),
                (Outcome::Skip { .. }, Outcome::Skip { .. }) => {
                    assert!(name.starts_with("skip-"), "{name} was skipped");
                    continue;
                }
                _ => panic!("{name}: notified in one language and skipped in the other"),
            };
            assert!(!name.starts_with("skip-"), "{name} was not skipped");
            assert_eq!(
                (
                    &a_en.dedup_key,
                    &a_en.case_key,
                    &a_en.group_key,
                    a_en.respond_by,
                    a_en.severity,
                    a_en.status,
                    &a_en.resources,
                ),
                (
                    &a_ja.dedup_key,
                    &a_ja.case_key,
                    &a_ja.group_key,
                    a_ja.respond_by,
                    a_ja.severity,
                    a_ja.status,
                    &a_ja.resources,
                ),
                "{name}"
            );
            assert_eq!(a_en.facts.len(), a_ja.facts.len(), "{name}");
            assert_eq!(a_en.next_steps.len(), a_ja.next_steps.len(), "{name}");
            assert!(!a_ja.next_steps.is_empty(), "{name}");
            assert!(has_japanese(&a_ja.title), "{name}: {}", a_ja.title);
            for f in &a_ja.facts {
                assert!(has_japanese(&f.label), "{name}: fact {f:?}");
            }
            for s in a_ja.next_steps.iter().chain(&a_ja.notes) {
                assert!(has_japanese(s), "{name}: {s:?}");
            }
            for l in &a_ja.links {
                assert!(has_japanese(&l.label), "{name}: link {l:?}");
            }
            steps_seen.extend(a_en.next_steps.iter().cloned());
            for now in [a_ja.clock.started, Utc::now()] {
                let body = render_tracked(&a_ja, Lang::Ja, now);
                check_limits(&body).unwrap_or_else(|e| panic!("{name}: {e}"));
                let text = words(&a_ja, Lang::Ja, now);
                let left = english_in(&text, &catalogues);
                assert!(left.is_empty(), "{name}: {left:#?}\n{text}");
            }
            let en_text = words(&a_en, Lang::En, Utc::now());
            assert!(!english_in(&en_text, &catalogues).is_empty(), "{name}");
            n += 1;
        }
    }
    assert!(n >= 40, "only {n} events rendered");
    // Every step this function can write was written by one of them.
    for (step, text) in respondby_public_exposure::texts::ALL {
        if !step.starts_with("S_") {
            continue;
        }
        let shown = steps_seen.iter().any(|seen| {
            let mut rest = seen.as_str();
            text.en.split(['{', '}']).step_by(2).all(|piece| {
                rest.find(piece)
                    .map(|at| rest = &rest[at + piece.len()..])
                    .is_some()
            })
        });
        assert!(shown, "{step} never shown");
    }
}

#[test]
fn the_catalogue_is_complete_in_both_languages() {
    let problems = respondby_core::i18n::check(respondby_public_exposure::texts::ALL);
    assert!(problems.is_empty(), "{problems:#?}");
}

// --- Configuration -------------------------------------------------------------

#[test]
fn the_account_lists_are_checked_at_start_up_naming_the_variable_and_entry() {
    let k = Known::parse(
        " 444455556666, o-exampleorgx ,ou-ab12-cdef3456",
        "222233334444",
        "444455556666=vendor-x, 222233334444 = prod payments",
    )
    .unwrap();
    assert_eq!(k.name("222233334444"), Some("prod payments"));
    for (trusted, org, names, var, entry) in [
        ("4444", "", "", "TRUSTED_ACCOUNT_IDS", "4444"),
        (
            "arn:aws:iam::1:root",
            "",
            "",
            "TRUSTED_ACCOUNT_IDS",
            "arn:aws:iam::1:root",
        ),
        (
            "",
            "o-exampleorgx",
            "",
            "ORGANIZATION_ACCOUNT_IDS",
            "o-exampleorgx",
        ),
        ("", "", "444455556666", "ACCOUNT_NAMES", "444455556666"),
        ("", "", "vendor=444455556666", "ACCOUNT_NAMES", "vendor"),
    ] {
        let err = Known::parse(trusted, org, names).unwrap_err().to_string();
        assert!(err.contains(var) && err.contains(entry), "{err}");
    }
    let from_env = Known::from_lookup(|k| match k {
        "TRUSTED_ACCOUNT_IDS" => Some("444455556666".into()),
        _ => None,
    })
    .unwrap();
    assert!(matches!(
        outcome_with(
            &load("ebs-snapshot-shared-with-unknown-account.json"),
            &from_env,
            Lang::En
        )
        .unwrap(),
        Outcome::Skip { .. }
    ));
}

/// Each snapshot or AMI exposed is a case of its own, posted at once with
/// its own deadline and reminders, however many one caller exposes: only
/// repeats for the same resource fold. Refused attempts by one caller (a
/// script probing what it may do) fold together, told apart by resource.
#[test]
fn each_exposed_resource_is_its_own_page_and_refused_attempts_by_one_caller_fold() {
    let a = alert("ebs-snapshot-made-public.json");
    let mut env = load("ebs-snapshot-made-public.json");
    env.detail["eventID"] = "other-event".into();
    let again = alert_of(&env, &Known::default());
    assert_eq!(a.group_key, again.group_key, "the same snapshot again");
    env.detail["requestParameters"]["snapshotId"] = "snap-0ffffffffffffffff".into();
    let b = alert_of(&env, &Known::default());
    assert_ne!(a.group_key, b.group_key);
    assert_ne!(a.case_key, b.case_key);
    // A share with an account folds apart from public ones.
    let shared = alert("ebs-snapshot-shared-with-unknown-account.json");
    assert_ne!(shared.group_key, a.group_key);

    let r = alert("refused-make-snapshot-public.json");
    let mut env = load("refused-make-snapshot-public.json");
    env.detail["eventID"] = "other-refusal".into();
    env.detail["requestParameters"]["snapshotId"] = "snap-0ffffffffffffffff".into();
    let r2 = alert_of(&env, &Known::default());
    assert_eq!(r.group_key, r2.group_key);
    assert_ne!(r.fold_member, r2.fold_member);
    assert!(r2
        .fold_member
        .as_deref()
        .unwrap()
        .contains("snap-0ffffffffffffffff"));
}
