//! Health events from tests/fixtures/health → alerts.

use chrono::{TimeZone, Utc};
use respondby_core::slack::{has_control_sequence, render, texts, RenderOptions};
use respondby_core::{
    event, Alert, Ctx, DeadlinePolicy, Envelope, Outcome, Severity, Source, Status,
};
use respondby_health::enrich::{enrich, Details, EnrichError, HealthApi};
use respondby_health::normalise;
use respondby_testkit::fixture_bytes;

fn load(name: &str) -> Envelope {
    let (env, source) = event::parse(&fixture_bytes("health", name)).unwrap();
    assert_eq!(source, Source::Health);
    env
}

fn alert(name: &str) -> Alert {
    match normalise(&load(name), &Ctx::new(&DeadlinePolicy::default())).unwrap() {
        Outcome::Notify(a) => *a,
        Outcome::Skip { reason } => panic!("{name} skipped: {reason}"),
    }
}

#[test]
fn abuse_report_is_critical_and_due_24_hours_after_aws_sent_it() {
    let a = alert("abuse-dos-report.json");
    assert_eq!(a.severity, Severity::Critical);
    assert_eq!(a.kind, "AWS_ABUSE_DOS_REPORT");
    assert_eq!(
        a.occurred_at,
        Utc.with_ymd_and_hms(2026, 6, 24, 9, 14, 37).unwrap()
    );
    assert_eq!(
        a.respond_by,
        Some(Utc.with_ymd_and_hms(2026, 6, 25, 9, 14, 37).unwrap())
    );
    assert_eq!(a.fact_value("Report type"), Some("Denial of service (DoS)"));
    assert!(a
        .description
        .as_deref()
        .unwrap()
        .contains("denial-of-service"));
    assert_eq!(a.resources.len(), 2);
    assert!(a
        .next_steps
        .iter()
        .any(|s| s.contains("English") && s.contains("subject line")));
    assert!(a
        .links
        .iter()
        .any(|l| l.url.starts_with("https://health.aws.amazon.com/")));
}

#[test]
fn global_abuse_event_uses_the_event_region() {
    let env = load("abuse-dos-report.json");
    assert_eq!(env.region, "global");
    assert_eq!(alert("abuse-dos-report.json").region, "eu-central-1");
    // Without eventRegion the envelope's region is kept.
    assert_eq!(alert("abuse-new-type-minimal.json").region, "global");
}

#[test]
fn the_deadline_counts_from_when_aws_told_the_account_and_a_retry_keeps_it() {
    let env = load("abuse-dos-report.json");
    let ctx = |p| Ctx::new(p);
    let six = DeadlinePolicy::new(6);
    let Outcome::Notify(a) = normalise(&env, &ctx(&six)).unwrap() else {
        panic!()
    };
    // The envelope's time (AWS sent it) + 6 hours, not when we ran.
    assert_eq!(
        a.respond_by,
        Some(Utc.with_ymd_and_hms(2026, 6, 24, 15, 14, 37).unwrap())
    );
    // A retry or a replay is the same event: the same deadline, whenever it runs.
    let mut replay_ctx = ctx(&six);
    replay_ctx.received = Utc.with_ymd_and_hms(2026, 7, 30, 0, 0, 0).unwrap();
    let Outcome::Notify(b) = normalise(&env, &replay_ctx).unwrap() else {
        panic!()
    };
    assert_eq!(a.respond_by, b.respond_by);
    assert_eq!(a.clock.class, "abuse");
    assert!(a.clock.reply_to_aws);
}

#[test]
fn an_update_first_seen_weeks_after_the_report_is_not_born_overdue() {
    // AWS first reported this in 2018 and updated it in 2023; the event
    // reached the account at 2018-08-01T06:27:57Z (AWS's published sample).
    // A case Respond By has not posted before counts from the emission.
    let a = alert("abuse-dos-report-updated.json");
    let told = Utc.with_ymd_and_hms(2026, 6, 24, 21, 40, 0).unwrap();
    assert_eq!(
        a.occurred_at,
        Utc.with_ymd_and_hms(2026, 6, 24, 9, 14, 37).unwrap()
    );
    assert_eq!(
        a.latest_activity,
        Some(Utc.with_ymd_and_hms(2026, 6, 24, 21, 39, 51).unwrap())
    );
    assert!(a.respond_by.unwrap() > told, "{:?}", a.respond_by);
}

#[test]
fn a_scheduled_change_is_due_before_it_starts_and_first_reported_is_never_in_the_future() {
    let soon = alert("scheduled-maintenance-in-6-hours.json");
    assert_eq!(
        soon.respond_by,
        Some(Utc.with_ymd_and_hms(2026, 6, 24, 15, 14, 37).unwrap())
    );
    assert_eq!(
        soon.occurred_at,
        Utc.with_ymd_and_hms(2026, 6, 24, 9, 14, 37).unwrap()
    );
    assert_eq!(soon.fact_value("Starts"), Some("2026-06-24 15:14 UTC"));
    // Retirement on 3 July: the ordinary deadline is sooner, and "first
    // reported" is when AWS told us, not the retirement date.
    let later = alert("ec2-scheduled-retirement.json");
    let told = Utc.with_ymd_and_hms(2026, 6, 24, 9, 14, 37).unwrap();
    assert_eq!(later.occurred_at, told);
    assert_eq!(later.respond_by, Some(told + chrono::Duration::hours(24)));
}

#[test]
fn a_closed_case_has_no_deadline_is_not_critical_and_says_aws_closed_it() {
    let a = alert("abuse-closed-by-aws.json");
    assert_eq!(a.status, Status::Closed);
    assert_eq!(a.severity, Severity::Info);
    assert_eq!(a.respond_by, None);
    let body = render(&a, &RenderOptions::default(), Utc::now()).to_string();
    assert!(body.contains("AWS closed this case"), "{body}");
}

#[test]
fn an_informational_account_notification_has_no_deadline() {
    let a = alert("account-notification-informational.json");
    assert_eq!(a.severity, Severity::Info);
    assert_eq!(a.respond_by, None);
    // Abuse notifications of that category still get one.
    let mut env = load("abuse-dos-report.json");
    env.detail["eventTypeCategory"] = "accountNotification".into();
    let Outcome::Notify(b) = normalise(&env, &Ctx::new(&DeadlinePolicy::default())).unwrap() else {
        panic!()
    };
    assert!(b.respond_by.is_some());
}

#[test]
fn with_the_organizational_view_the_affected_account_is_the_account_and_part_of_the_key() {
    let member = alert("org-view-member-account.json");
    assert_eq!(member.account, "111122223333");
    assert!(
        member.case_key.contains(":111122223333:"),
        "{}",
        member.case_key
    );
    assert!(member.dedup_key.starts_with(&member.case_key));
    assert_eq!(
        member.fact_value("Reported to"),
        Some("999988887777 (organizational view)")
    );
    // The same event ARN for another member account is another case.
    let mut env = load("org-view-member-account.json");
    env.detail["affectedAccount"] = "444455556666".into();
    let Outcome::Notify(other) = normalise(&env, &Ctx::new(&DeadlinePolicy::default())).unwrap()
    else {
        panic!()
    };
    assert_ne!(member.case_key, other.case_key);
    assert_ne!(member.dedup_key, other.dedup_key);
    // A RISK sample carries an access key id there: not an account.
    assert_eq!(
        alert("risk-credentials-exposed.json").account,
        "111122223333"
    );
}

#[test]
fn unreadable_or_missing_times_fall_back_to_the_envelope_and_say_so() {
    let odd = alert("odd-start-time-falls-back.json");
    let told = Utc.with_ymd_and_hms(2026, 6, 24, 9, 14, 37).unwrap();
    assert_eq!(odd.occurred_at, told);
    assert_eq!(odd.respond_by, Some(told + chrono::Duration::hours(24)));
    assert!(
        odd.notes
            .iter()
            .any(|n| n.contains("detail.startTime") && n.contains("last Tuesday")),
        "{:?}",
        odd.notes
    );
    let none = alert("risk-without-start-time.json");
    assert_eq!(
        none.occurred_at,
        Utc.with_ymd_and_hms(2026, 6, 22, 3, 1, 12).unwrap()
    );
    assert!(none.respond_by.is_some());
    assert!(
        none.notes.iter().any(|n| n.contains("no startTime")),
        "{:?}",
        none.notes
    );
    // Even an unreadable envelope time posts, counting from receipt.
    let mut env = load("odd-start-time-falls-back.json");
    env.time = "XXXX-XX-XXTXX:XX:XXZ".into();
    env.detail["lastUpdatedTime"] = "XXX, XX XXX XXXX XX:XX:XX GMT".into();
    let policy = DeadlinePolicy::default();
    let mut ctx = Ctx::new(&policy);
    ctx.received = Utc.with_ymd_and_hms(2026, 6, 24, 10, 0, 0).unwrap();
    let Outcome::Notify(a) = normalise(&env, &ctx).unwrap() else {
        panic!()
    };
    assert_eq!(
        a.respond_by,
        Some(ctx.received + chrono::Duration::hours(24))
    );
    assert!(
        a.notes.iter().any(|n| n.contains("received")),
        "{:?}",
        a.notes
    );
}

#[test]
fn unknown_abuse_type_without_optional_fields_still_alerts_critically() {
    let a = alert("abuse-new-type-minimal.json");
    assert_eq!(a.severity, Severity::Critical);
    assert_eq!(a.title, "AWS abuse report: IP address cycling");
    assert!(a.resources.is_empty());
    assert!(a.respond_by.is_some());
}

#[test]
fn exposed_key_names_the_key_the_user_and_how_to_contain_it() {
    let a = alert("risk-credentials-exposed.json");
    assert_eq!(a.severity, Severity::Critical);
    assert_eq!(
        a.fact_value("Exposed access key"),
        Some("AKIAEXAMPLEKEY7Q2ZP4")
    );
    assert_eq!(a.fact_value("IAM user"), Some("smtp-mailer"));
    assert!(a.next_steps[0].contains("Deactivate access key AKIAEXAMPLEKEY7Q2ZP4"));
    assert!(a
        .links
        .iter()
        .any(|l| l.url.contains("AccessKeyId=AKIAEXAMPLEKEY7Q2ZP4")));
}

#[test]
fn ses_pause_is_critical_although_health_marks_it_closed() {
    let a = alert("ses-enforcement-shutdown.json");
    assert_eq!(a.severity, Severity::Critical);
    assert_eq!(a.status, Status::Open);
    assert!(a.respond_by.is_some());
}

#[test]
fn ses_heal_is_a_recovery_with_no_deadline() {
    let a = alert("ses-enforcement-heal.json");
    assert_eq!(a.status, Status::Recovered);
    assert_eq!(a.respond_by, None);
}

#[test]
fn other_health_events_alert_at_lower_severity() {
    let a = alert("ec2-scheduled-retirement.json");
    assert_eq!(a.severity, Severity::Low);
    assert_eq!(
        a.title,
        "AWS Health Scheduled change for EC2: Instance retirement scheduled"
    );
}

#[test]
fn only_a_missing_identity_is_an_error() {
    let err = normalise(
        &load("error-missing-event-type-code.json"),
        &Ctx::new(&DeadlinePolicy::default()),
    )
    .unwrap_err();
    assert!(err.to_string().contains("eventTypeCode"), "{err}");
    let mut env = load("abuse-dos-report.json");
    env.detail.as_object_mut().unwrap().remove("eventArn");
    let err = normalise(&env, &Ctx::new(&DeadlinePolicy::default())).unwrap_err();
    assert!(err.to_string().contains("eventArn"), "{err}");
}

#[test]
fn an_update_of_the_same_event_gets_a_new_dedup_key_a_repeat_does_not() {
    let env = load("abuse-dos-report.json");
    let a = alert("abuse-dos-report.json");
    assert_eq!(a.dedup_key, alert("abuse-dos-report.json").dedup_key);
    let mut updated = env.clone();
    updated.detail["lastUpdatedTime"] = "Wed, 24 Jun 2026 15:00:00 GMT".into();
    let Outcome::Notify(b) = normalise(&updated, &Ctx::new(&DeadlinePolicy::default())).unwrap()
    else {
        panic!()
    };
    assert_ne!(a.dedup_key, b.dedup_key);
    assert_eq!(a.group_key, b.group_key);
}

#[test]
fn hostile_abuse_report_text_renders_as_text() {
    let a = alert("abuse-hostile-description.json");
    let body = render(&a, &RenderOptions::default(), Utc::now());
    for (kind, t) in texts(&body) {
        if kind != "plain_text" {
            assert!(!has_control_sequence(&t), "{kind}: {t}");
        }
        assert!(
            !t.contains('\u{1b}'),
            "escape character reached Slack: {t:?}"
        );
    }
    // The report itself is still there for on-call to read, as literal text.
    assert!(texts(&body)
        .iter()
        .any(|(kind, t)| kind == "plain_text" && t.contains("<!channel> URGENT")));
}

struct FakeHealth {
    details: Result<Details, EnrichError>,
    entities: Result<Vec<String>, EnrichError>,
}

impl HealthApi for FakeHealth {
    async fn details(&self, _arn: &str) -> Result<Details, EnrichError> {
        self.details.clone()
    }
    async fn entities(&self, _arn: &str) -> Result<Vec<String>, EnrichError> {
        self.entities.clone()
    }
}

#[tokio::test]
async fn enrichment_replaces_description_status_and_resources() {
    let mut a = alert("abuse-dos-report.json");
    let api = FakeHealth {
        details: Ok(Details {
            description: Some("Full text from the API".into()),
            status: Some("closed".into()),
        }),
        entities: Ok((0..120).map(|i| format!("i-{i:04}")).collect()),
    };
    enrich(&api, &mut a, "arn", respondby_core::Lang::En).await;
    assert_eq!(a.description.as_deref(), Some("Full text from the API"));
    assert_eq!(a.fact_value("Status"), Some("closed"));
    assert_eq!(a.resources.len(), 120);
    assert!(a.notes.is_empty());
}

/// Issue 22 item 7: the API's status of an SES pause is `closed` too; the
/// enriched alert does not show it as if the pause were over.
#[tokio::test]
async fn enrichment_keeps_an_ses_pauses_closed_status_from_reading_as_over() {
    for lang in [respondby_core::Lang::En, respondby_core::Lang::Ja] {
        let policy = DeadlinePolicy::default();
        let ctx = Ctx {
            lang,
            ..Ctx::new(&policy)
        };
        let Outcome::Notify(mut a) =
            normalise(&load("ses-enforcement-shutdown.json"), &ctx).unwrap()
        else {
            panic!()
        };
        let api = FakeHealth {
            details: Ok(Details {
                description: None,
                status: Some("closed".into()),
            }),
            entities: Ok(vec![]),
        };
        enrich(&api, &mut a, "arn", lang).await;
        let label = respondby_health::texts::F_STATUS.get(lang);
        assert_eq!(
            a.fact_value(label),
            Some(respondby_health::texts::V_SES_ALWAYS_CLOSED.get(lang))
        );
    }
}

#[tokio::test]
async fn without_a_support_plan_the_alert_keeps_the_event_data_and_says_so() {
    let mut a = alert("abuse-dos-report.json");
    let before = a.clone();
    let api = FakeHealth {
        details: Err(EnrichError::NotSubscribed),
        entities: Err(EnrichError::NotSubscribed),
    };
    enrich(&api, &mut a, "arn", respondby_core::Lang::En).await;
    assert_eq!(a.description, before.description);
    assert_eq!(a.resources, before.resources);
    assert_eq!(a.notes.len(), 1);
    assert!(
        a.notes[0].contains("support plan") && a.notes[0].contains("Health dashboard"),
        "{}",
        a.notes[0]
    );
}

#[test]
fn the_health_catalogue_is_complete_in_both_languages() {
    let problems = respondby_core::i18n::check(respondby_health::texts::ALL);
    assert!(problems.is_empty(), "{problems:#?}");
}

/// In Japanese, every Health fixture renders with no English of ours left
/// (AWS's own text and the English reply draft stay as they are), within
/// Slack's limits; the alert is the same alert (same keys, same deadline).
#[test]
fn every_health_event_renders_in_japanese_with_the_same_deadline() {
    use respondby_core::i18n::{english_in, ui};
    use respondby_core::Lang;
    let policy = DeadlinePolicy::default();
    let mut n = 0;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/health");
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.starts_with("error-") {
            continue;
        }
        let env = load(&name);
        let en = Ctx::new(&policy);
        let ja = Ctx {
            lang: Lang::Ja,
            ..Ctx::new(&policy)
        };
        let (a_en, a_ja) = match (normalise(&env, &en).unwrap(), normalise(&env, &ja).unwrap()) {
            (Outcome::Notify(a_en), Outcome::Notify(a_ja)) => (a_en, a_ja),
            (Outcome::Skip { .. }, Outcome::Skip { .. }) => continue,
            _ => panic!("{name}: notified in one language and skipped in the other"),
        };
        assert_eq!(
            (
                &a_en.dedup_key,
                &a_en.case_key,
                &a_en.group_key,
                a_en.respond_by,
                a_en.fix_by,
                a_en.severity,
                &a_en.resources,
            ),
            (
                &a_ja.dedup_key,
                &a_ja.case_key,
                &a_ja.group_key,
                a_ja.respond_by,
                a_ja.fix_by,
                a_ja.severity,
                &a_ja.resources,
            ),
            "{name}"
        );
        assert_eq!(
            a_en.reply_draft, a_ja.reply_draft,
            "{name}: the reply to AWS is English in both"
        );
        let opts = RenderOptions {
            lang: Lang::Ja,
            ..RenderOptions::default()
        };
        let body = render(&a_ja, &opts, Utc::now());
        respondby_core::slack::check_limits(&body).unwrap_or_else(|e| panic!("{name}: {e}"));
        // What we write, without AWS's text and the draft (both English by design).
        let mut ours = a_ja.clone();
        ours.description = None;
        ours.reply_draft = None;
        let text = texts(&render(&ours, &opts, Utc::now()))
            .into_iter()
            .map(|(_, t)| t)
            .collect::<Vec<_>>()
            .join("\n");
        let left = english_in(&text, &[respondby_health::texts::ALL, ui::ALL]);
        assert!(left.is_empty(), "{name}: {left:#?}\n{text}");
        // The same check finds the English rendering's words (it can fail).
        let mut theirs = a_en.clone();
        theirs.description = None;
        theirs.reply_draft = None;
        let en_text = texts(&render(&theirs, &RenderOptions::default(), Utc::now()))
            .into_iter()
            .map(|(_, t)| t)
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            !english_in(&en_text, &[respondby_health::texts::ALL, ui::ALL]).is_empty(),
            "{name}"
        );
        n += 1;
    }
    assert!(n >= 12, "only {n} Health events rendered");
}

/// Issue 14: why this source reads Health events with its own type, not
/// `aws_lambda_events`' `health::Event` (see the comment on `Detail`): that
/// type refuses every real Health event here, which ours reads.
#[test]
fn aws_lambda_events_health_type_refuses_the_real_events_this_source_reads() {
    use aws_lambda_events::event::cloudwatch_events::health::Event;
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/health");
    let mut read = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.starts_with("error-") || !name.ends_with(".json") {
            continue;
        }
        let ev = respondby_testkit::fixture("health", &name);
        let refused = serde_json::from_value::<Event>(ev["detail"].clone()).unwrap_err();
        let why = refused.to_string();
        assert!(
            why.contains("`tags`") || why.contains("`endTime`"),
            "{name}: {why}"
        );
        normalise(&load(&name), &Ctx::new(&DeadlinePolicy::default()))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        read += 1;
    }
    assert!(read >= 15, "{read} fixtures");
}
