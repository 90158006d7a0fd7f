//! Health events from tests/fixtures/health → alerts.

use chrono::{TimeZone, Utc};
use respondby_core::slack::{has_control_sequence, render, texts, RenderOptions};
use respondby_core::{event, Alert, DeadlinePolicy, Envelope, Outcome, Severity, Source, Status};
use respondby_health::enrich::{enrich, Details, EnrichError, HealthApi};
use respondby_health::normalise;
use respondby_testkit::fixture_bytes;

fn load(name: &str) -> Envelope {
    let (env, source) = event::parse(&fixture_bytes("health", name)).unwrap();
    assert_eq!(source, Source::Health);
    env
}

fn alert(name: &str) -> Alert {
    match normalise(&load(name), &DeadlinePolicy::default()).unwrap() {
        Outcome::Notify(a) => *a,
        Outcome::Skip { reason } => panic!("{name} skipped: {reason}"),
    }
}

#[test]
fn abuse_report_is_critical_and_due_24_hours_after_aws_first_reported_it() {
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
fn deadline_hours_come_from_the_policy_and_never_from_the_clock() {
    let env = load("abuse-dos-report.json");
    let Outcome::Notify(a) = normalise(&env, &DeadlinePolicy::new(6)).unwrap() else {
        panic!()
    };
    assert_eq!(
        a.respond_by,
        Some(Utc.with_ymd_and_hms(2026, 6, 24, 15, 14, 37).unwrap())
    );
    // The envelope's delivery time does not move the deadline (a replay keeps it).
    let mut later = env.clone();
    later.time = "2026-07-30T00:00:00Z".into();
    let Outcome::Notify(b) = normalise(&later, &DeadlinePolicy::new(6)).unwrap() else {
        panic!()
    };
    assert_eq!(a.respond_by, b.respond_by);
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
fn missing_type_code_and_bad_times_are_named_errors() {
    let err = normalise(
        &load("error-missing-event-type-code.json"),
        &DeadlinePolicy::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("eventTypeCode"), "{err}");
    let err = normalise(
        &load("error-bad-start-time.json"),
        &DeadlinePolicy::default(),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("startTime") && err.to_string().contains("last Tuesday"),
        "{err}"
    );
}

#[test]
fn an_update_of_the_same_event_gets_a_new_dedup_key_a_repeat_does_not() {
    let env = load("abuse-dos-report.json");
    let a = alert("abuse-dos-report.json");
    assert_eq!(a.dedup_key, alert("abuse-dos-report.json").dedup_key);
    let mut updated = env.clone();
    updated.detail["lastUpdatedTime"] = "Wed, 24 Jun 2026 15:00:00 GMT".into();
    let Outcome::Notify(b) = normalise(&updated, &DeadlinePolicy::default()).unwrap() else {
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
    enrich(&api, &mut a, "arn").await;
    assert_eq!(a.description.as_deref(), Some("Full text from the API"));
    assert_eq!(a.fact_value("Status"), Some("closed"));
    assert_eq!(a.resources.len(), 120);
    assert!(a.notes.is_empty());
}

#[tokio::test]
async fn without_a_support_plan_the_alert_keeps_the_event_data_and_says_so() {
    let mut a = alert("abuse-dos-report.json");
    let before = a.clone();
    let api = FakeHealth {
        details: Err(EnrichError::NotSubscribed),
        entities: Err(EnrichError::NotSubscribed),
    };
    enrich(&api, &mut a, "arn").await;
    assert_eq!(a.description, before.description);
    assert_eq!(a.resources, before.resources);
    assert_eq!(a.notes.len(), 1);
    assert!(
        a.notes[0].contains("support plan") && a.notes[0].contains("Health dashboard"),
        "{}",
        a.notes[0]
    );
}
