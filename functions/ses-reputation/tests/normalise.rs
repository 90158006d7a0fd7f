//! SES reputation alarms from tests/fixtures/ses → alerts.

use respondby_core::{
    event, Alert, Ctx, DeadlinePolicy, Envelope, Lang, Outcome, Severity, Source, Status,
};
use respondby_ses_reputation::enrich::{apply, enrich, Account, SesApi};
use respondby_ses_reputation::normalise;
use respondby_testkit::fixture_bytes;

fn load(name: &str) -> Envelope {
    let (env, source) = event::parse(&fixture_bytes("ses", name)).unwrap();
    assert_eq!(source, Source::Ses);
    env
}

fn outcome(name: &str) -> Outcome {
    normalise(&load(name), &Ctx::new(&DeadlinePolicy::default())).unwrap()
}

fn alert(name: &str) -> Alert {
    match outcome(name) {
        Outcome::Notify(a) => *a,
        Outcome::Skip { reason } => panic!("{name} skipped: {reason}"),
    }
}

#[test]
fn bounce_rate_at_review_level_is_high_and_shown_as_percentage_against_aws_levels() {
    let a = alert("bounce-rate-review-level.json");
    assert_eq!(a.severity, Severity::High);
    assert_eq!(a.kind, "Reputation.BounceRate");
    assert_eq!(a.fact_value("Latest value"), Some("6.21%"));
    let standing = a.fact_value("Against AWS's levels").unwrap();
    assert!(
        standing.contains("5.00%") && standing.contains("review"),
        "{standing}"
    );
    assert_eq!(a.fact_value("Alarm threshold"), Some("4.00%"));
    assert!(a.respond_by.is_some());
}

#[test]
fn bounce_rate_at_pause_level_is_critical() {
    let a = alert("bounce-rate-pause-level.json");
    assert_eq!(a.severity, Severity::Critical);
    assert!(a
        .fact_value("Against AWS's levels")
        .unwrap()
        .contains("pause"));
}

#[test]
fn complaint_rate_below_review_is_an_early_warning() {
    let a = alert("complaint-rate-early-warning.json");
    assert_eq!(a.severity, Severity::High);
    assert_eq!(a.fact_value("Latest value"), Some("0.085%"));
    assert!(a
        .fact_value("Against AWS's levels")
        .unwrap()
        .starts_with("below AWS's review level of 0.100%"));
}

#[test]
fn ok_state_posts_a_recovery_without_deadline() {
    let a = alert("complaint-rate-recovered.json");
    assert_eq!(a.status, Status::Recovered);
    assert_eq!(a.respond_by, None);
    assert!(a.next_steps.is_empty());
}

#[test]
fn deadline_counts_from_the_state_timestamp() {
    let a = alert("bounce-rate-review-level.json");
    assert_eq!(
        respondby_core::time::rfc3339(a.occurred_at),
        "2026-06-24T10:02:11Z"
    );
    assert_eq!(
        a.respond_by.map(respondby_core::time::rfc3339).as_deref(),
        Some("2026-06-25T10:02:11Z")
    );
}

#[test]
fn send_volume_spike_points_at_leaked_smtp_credentials() {
    let a = alert("send-volume-spike.json");
    assert_eq!(a.kind, "Send");
    assert!(a.title.contains("25000"));
    assert!(a.next_steps.iter().any(|s| s.contains("SMTP credentials")));
}

#[test]
fn configuration_changes_other_namespaces_and_insufficient_data_are_skipped_with_reasons() {
    for (name, needle) in [
        ("skip-configuration-change.json", "configuration change"),
        ("skip-other-namespace.json", "AWS/EC2 CPUUtilization"),
        ("skip-insufficient-data.json", "INSUFFICIENT_DATA"),
    ] {
        match outcome(name) {
            Outcome::Skip { reason } => assert!(reason.contains(needle), "{name}: {reason}"),
            Outcome::Notify(_) => panic!("{name} was posted"),
        }
    }
}

#[test]
fn composite_alarms_are_skipped() {
    let mut env = load("bounce-rate-review-level.json");
    env.detail["configuration"] = serde_json::json!({"alarmRule": "ALARM(a) OR ALARM(b)"});
    match normalise(&env, &Ctx::new(&DeadlinePolicy::default())).unwrap() {
        Outcome::Skip { reason } => assert!(reason.contains("composite"), "{reason}"),
        Outcome::Notify(_) => panic!("composite alarm posted"),
    }
}

#[test]
fn an_unreadable_timestamp_falls_back_to_the_envelope_and_says_so() {
    let a = alert("odd-timestamp-falls-back.json");
    let env = load("odd-timestamp-falls-back.json");
    let told = respondby_core::time::parse_iso(&env.time).unwrap();
    assert_eq!(a.occurred_at, told);
    assert_eq!(a.respond_by, Some(told + chrono::Duration::hours(24)));
    assert!(
        a.notes
            .iter()
            .any(|n| n.contains("state.timestamp") && n.contains("yesterday")),
        "{:?}",
        a.notes
    );
}

#[test]
fn ok_after_insufficient_data_is_not_a_recovery() {
    match normalise(
        &load("skip-ok-after-insufficient-data.json"),
        &Ctx::new(&DeadlinePolicy::default()),
    )
    .unwrap()
    {
        Outcome::Skip { reason } => {
            assert!(reason.contains("INSUFFICIENT_DATA"), "{reason}")
        }
        Outcome::Notify(a) => panic!("posted as {:?}: {}", a.status, a.title),
    }
}

#[test]
fn an_alarm_and_its_recovery_are_one_case_each_change_its_own_event() {
    let alarm = alert("complaint-rate-early-warning.json");
    let ok = alert("complaint-rate-recovered.json");
    assert_eq!(alarm.case_key, ok.case_key);
    assert_ne!(alarm.dedup_key, ok.dedup_key);
    assert_eq!(ok.status, Status::Recovered);
}

#[test]
fn paused_account_status_makes_the_alert_critical() {
    let mut a = alert("complaint-rate-early-warning.json");
    apply(
        &mut a,
        &Account {
            enforcement_status: Some("SHUTDOWN".into()),
            sending_enabled: false,
            production_access: true,
            sent_last_24h: Some(1234.0),
            max_24h_send: Some(50000.0),
        },
        Lang::En,
    );
    assert_eq!(a.severity, Severity::Critical);
    assert_eq!(a.fact_value("SES account status"), Some("SHUTDOWN"));
    assert_eq!(a.fact_value("Sent in last 24 h"), Some("1234 of 50000"));
}

struct Failing;
impl SesApi for Failing {
    async fn account(&self, _region: &str) -> Result<Account, String> {
        Err("AccessDeniedException: not allowed".into())
    }
}

#[tokio::test]
async fn account_status_failure_degrades_the_message_only() {
    let mut a = alert("bounce-rate-review-level.json");
    let sev = a.severity;
    enrich(&Failing, &mut a, Lang::En).await;
    assert_eq!(a.severity, sev);
    assert!(
        a.notes[0].contains("AccessDeniedException"),
        "{:?}",
        a.notes
    );
}

#[test]
fn the_ses_catalogue_is_complete_in_both_languages() {
    let problems = respondby_core::i18n::check(respondby_ses_reputation::texts::ALL);
    assert!(problems.is_empty(), "{problems:#?}");
}

/// The words of a rendered message, without CloudWatch's own reason text
/// (English by design).
fn our_words(a: &Alert, opts: &respondby_core::slack::RenderOptions) -> String {
    use respondby_core::slack::{render, texts};
    let mut ours = a.clone();
    ours.description = None;
    texts(&render(&ours, opts, chrono::Utc::now()))
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join("\n")
}

/// In Japanese, every SES alarm renders (with the account's status added as
/// enrichment adds it) with no English of ours left, within Slack's limits;
/// the alert is the same alert (same keys, deadline, severity).
#[test]
fn every_ses_alarm_renders_in_japanese_with_the_same_deadline() {
    use respondby_core::i18n::{english_in, ui};
    use respondby_core::slack::{check_limits, render, RenderOptions};
    let catalogues = [respondby_ses_reputation::texts::ALL, ui::ALL];
    let account = Account {
        enforcement_status: Some("PROBATION".into()),
        sending_enabled: true,
        production_access: false,
        sent_last_24h: Some(812.0),
        max_24h_send: Some(-1.0),
    };
    let policy = DeadlinePolicy::default();
    let mut n = 0;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/ses");
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
        let (Outcome::Notify(mut a_en), Outcome::Notify(mut a_ja)) =
            (normalise(&env, &en).unwrap(), normalise(&env, &ja).unwrap())
        else {
            continue;
        };
        apply(&mut a_en, &account, Lang::En);
        apply(&mut a_ja, &account, Lang::Ja);
        assert_eq!(
            (
                &a_en.dedup_key,
                &a_en.case_key,
                &a_en.group_key,
                a_en.respond_by,
                a_en.fix_by,
                a_en.severity,
                a_en.status,
            ),
            (
                &a_ja.dedup_key,
                &a_ja.case_key,
                &a_ja.group_key,
                a_ja.respond_by,
                a_ja.fix_by,
                a_ja.severity,
                a_ja.status,
            ),
            "{name}"
        );
        assert_eq!(a_en.facts.len(), a_ja.facts.len(), "{name}");
        assert_eq!(a_en.next_steps.len(), a_ja.next_steps.len(), "{name}");
        let opts = RenderOptions {
            lang: Lang::Ja,
            ..RenderOptions::default()
        };
        check_limits(&render(&a_ja, &opts, chrono::Utc::now()))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let text = our_words(&a_ja, &opts);
        let left = english_in(&text, &catalogues);
        assert!(left.is_empty(), "{name}: {left:#?}\n{text}");
        // The same check finds the English rendering's words (it can fail).
        let en_text = our_words(&a_en, &RenderOptions::default());
        assert!(!english_in(&en_text, &catalogues).is_empty(), "{name}");
        n += 1;
    }
    assert!(n >= 5, "only {n} SES alarms rendered");
}

#[tokio::test]
async fn account_status_failure_is_noted_in_japanese() {
    let mut a = alert("bounce-rate-review-level.json");
    enrich(&Failing, &mut a, Lang::Ja).await;
    assert!(
        a.notes[0].contains("AccessDeniedException") && a.notes[0].contains("SESコンソール"),
        "{:?}",
        a.notes
    );
}
