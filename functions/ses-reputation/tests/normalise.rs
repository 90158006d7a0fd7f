//! SES reputation alarms from tests/fixtures/ses → alerts.

use chrono::{DateTime, Utc};
use respondby_core::slack::{check_limits, render_with, texts, Extras, RenderOptions};
use respondby_core::tracked::Tracked;
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

use respondby_core::i18n::has_japanese;

/// The message on-call sees for a new case: tracked, with its buttons.
fn render_tracked(a: &Alert, lang: Lang, now: DateTime<Utc>) -> serde_json::Value {
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

/// Every word of ours in an alert and its message, one text a line: the
/// title, facts, steps, notes and link labels, and every text of the
/// rendered message (fallback text included). CloudWatch's own reason text
/// (the description) and the team's description of the alarm are set
/// aside: they are theirs, not ours.
fn our_words(a: &Alert, lang: Lang, now: DateTime<Utc>) -> String {
    let mut ours = a.clone();
    ours.description = None;
    let theirs = respondby_ses_reputation::texts::F_ALARM_DESCRIPTION.get(lang);
    ours.facts.retain(|f| f.label != theirs);
    let a = &ours;
    let mut lines = vec![a.title.clone()];
    lines.extend(a.facts.iter().map(|f| format!("{}: {}", f.label, f.value)));
    lines.extend(a.next_steps.iter().cloned());
    lines.extend(a.notes.iter().cloned());
    lines.extend(a.links.iter().map(|l| l.label.clone()));
    lines.extend(
        texts(&render_tracked(&ours, lang, now))
            .into_iter()
            .map(|(_, t)| t),
    );
    lines.join("\n")
}

/// In Japanese, every SES alarm (with the account's status added as
/// enrichment adds it, healthy-ish and paused) renders as a tracked case
/// with its buttons within Slack's limits, with no English of ours left in
/// the message or the alert, and every fact label, step, note and button in
/// Japanese; the alert is the same alert (same keys, deadline, severity).
/// `skip-` fixtures are skipped in both languages, the others notify.
#[test]
fn every_ses_alarm_renders_in_japanese_with_the_same_deadline() {
    use respondby_core::i18n::{english_in, ui};
    let catalogues = [respondby_ses_reputation::texts::ALL, ui::ALL];
    let accounts = [
        Account {
            enforcement_status: Some("PROBATION".into()),
            sending_enabled: true,
            production_access: false,
            sent_last_24h: Some(812.0),
            max_24h_send: Some(-1.0),
        },
        Account {
            enforcement_status: None,
            sending_enabled: false,
            production_access: true,
            sent_last_24h: Some(1234.0),
            max_24h_send: Some(50000.0),
        },
    ];
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
        let (a_en, a_ja) = match (normalise(&env, &en).unwrap(), normalise(&env, &ja).unwrap()) {
            (Outcome::Notify(a_en), Outcome::Notify(a_ja)) => (a_en, a_ja),
            (Outcome::Skip { .. }, Outcome::Skip { .. }) => {
                assert!(name.starts_with("skip-"), "{name} was skipped");
                continue;
            }
            _ => panic!("{name}: notified in one language and skipped in the other"),
        };
        assert!(!name.starts_with("skip-"), "{name} was not skipped");
        for account in &accounts {
            let (mut a_en, mut a_ja) = (a_en.clone(), a_ja.clone());
            apply(&mut a_en, account, Lang::En);
            apply(&mut a_ja, account, Lang::Ja);
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
            assert!(!a_ja.facts.is_empty(), "{name}");
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
            // As posted (just told) and as a reminder sees it (now, overdue).
            for now in [a_ja.clock.started, Utc::now()] {
                let body = render_tracked(&a_ja, Lang::Ja, now);
                check_limits(&body).unwrap_or_else(|e| panic!("{name}: {e}"));
                let text = our_words(&a_ja, Lang::Ja, now);
                let left = english_in(&text, &catalogues);
                assert!(left.is_empty(), "{name}: {left:#?}\n{text}");
            }
            // The same check finds the English rendering's words (it can fail).
            let en_text = our_words(&a_en, Lang::En, Utc::now());
            assert!(!english_in(&en_text, &catalogues).is_empty(), "{name}");
            n += 1;
        }
    }
    assert!(n >= 10, "only {n} SES alarms rendered");
}

/// GetAccount not answering in time is said in Japanese too (a real wait of
/// the 3-second bound: tokio's test clock is not in this build).
#[tokio::test]
async fn an_account_status_timeout_is_noted_in_japanese() {
    struct Slow;
    impl SesApi for Slow {
        async fn account(&self, _region: &str) -> Result<Account, String> {
            let timeout = respondby_ses_reputation::enrich::ENRICH_TIMEOUT;
            tokio::time::sleep(timeout + std::time::Duration::from_secs(1)).await;
            Err("too late".into())
        }
    }
    let mut a = alert("bounce-rate-review-level.json");
    enrich(&Slow, &mut a, Lang::Ja).await;
    assert_eq!(a.notes.len(), 1, "{:?}", a.notes);
    assert!(
        has_japanese(&a.notes[0]) && a.notes[0].contains("SESコンソール"),
        "{:?}",
        a.notes
    );
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

/// Issue 14: why this source reads alarm state changes with its own type,
/// not `aws_lambda_events`' `CloudWatchAlarmData` (see the comment on
/// `Detail`): an odd state time would refuse the alarm, where ours posts it
/// and says what was odd.
#[test]
fn aws_lambda_events_alarm_type_would_drop_an_alarm_for_an_odd_time() {
    use aws_lambda_events::event::cloudwatch_alarms::CloudWatchAlarmData;
    let read = |name: &str| {
        let ev = respondby_testkit::fixture("ses", name);
        serde_json::from_value::<CloudWatchAlarmData>(ev["detail"].clone())
    };
    // It reads a well-formed state change…
    read("bounce-rate-review-level.json").unwrap();
    // …and refuses the odd one, which we post.
    assert!(read("odd-timestamp-falls-back.json").is_err());
    assert!(!alert("odd-timestamp-falls-back.json").notes.is_empty());
}

/// Issue 22 items 4 and 7: the alarm's reason is CloudWatch's words, and
/// the alarm's own description is the team's: neither is labelled as AWS's.
#[test]
fn the_alarm_reason_is_cloudwatchs_words_and_its_description_the_teams() {
    use respondby_core::i18n::ui;
    use respondby_core::TextBy;
    let a = alert("bounce-rate-pause-level.json");
    assert_eq!(a.description_by, TextBy::CloudWatch);
    for lang in [Lang::En, Lang::Ja] {
        let now = Utc::now();
        let text = texts(&render_tracked(&a, lang, now))
            .into_iter()
            .map(|(_, t)| t)
            .collect::<Vec<_>>()
            .join("\n");
        assert!(text.contains(ui::WHAT_CLOUDWATCH_SAYS.get(lang)), "{text}");
        assert!(!text.contains(ui::WHAT_AWS_SAYS.get(lang)), "{text}");
        let term = respondby_core::preview::terminal(
            &Outcome::notify(a.clone()),
            &RenderOptions {
                lang,
                ..Default::default()
            },
            None,
            now,
        );
        assert!(term.contains(ui::WHAT_CLOUDWATCH_SAYS.get(lang)), "{term}");
        assert!(!term.contains(ui::WHAT_AWS_SAYS.get(lang)), "{term}");
    }
    assert_eq!(
        a.fact_value(respondby_ses_reputation::texts::F_ALARM_DESCRIPTION.en),
        Some("Respond By: SES reputation")
    );
}

/// Issue 22 item 7: SMTP sends are not in CloudTrail; a sending spike
/// points to each SMTP credential's last use instead.
#[test]
fn a_sending_spike_points_to_each_smtp_credentials_last_use_not_cloudtrail() {
    use respondby_ses_reputation::texts as t;
    for lang in [Lang::En, Lang::Ja] {
        let env = load("send-volume-spike.json");
        let policy = DeadlinePolicy::default();
        let Outcome::Notify(a) = normalise(
            &env,
            &Ctx {
                lang,
                ..Ctx::new(&policy)
            },
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(a.next_steps[0], t::S_SEND_WHO.get(lang));
        assert!(a
            .links
            .iter()
            .any(|l| l.url == "https://console.aws.amazon.com/iam/home#/users"));
    }
    let s = t::S_SEND_WHO.en;
    assert!(
        s.contains("not in CloudTrail") && s.contains("last used"),
        "{s}"
    );
    assert!(!s.contains("CloudTrail for"), "{s}");
}

/// Issue 22 item 7: the account's status says plainly whether mail leaves
/// the Region now.
#[test]
fn a_paused_account_says_no_mail_leaves_the_region_now_and_a_review_that_it_still_does() {
    use respondby_ses_reputation::texts as t;
    for lang in [Lang::En, Lang::Ja] {
        let mut a = alert("complaint-rate-early-warning.json");
        let region = a.region.clone();
        apply(
            &mut a,
            &Account {
                enforcement_status: Some("SHUTDOWN".into()),
                sending_enabled: false,
                production_access: true,
                sent_last_24h: None,
                max_24h_send: None,
            },
            lang,
        );
        assert_eq!(
            a.fact_value(t::F_SENDING_ENABLED.get(lang)),
            Some(t::V_SENDING_NO.fill(lang, &[("region", &region)]).as_str())
        );
        let mut b = alert("complaint-rate-early-warning.json");
        apply(
            &mut b,
            &Account {
                enforcement_status: Some("PROBATION".into()),
                sending_enabled: true,
                production_access: true,
                sent_last_24h: None,
                max_24h_send: None,
            },
            lang,
        );
        assert_eq!(
            b.fact_value(t::F_SENDING_ENABLED.get(lang)),
            Some(
                t::V_SENDING_UNDER_REVIEW
                    .fill(lang, &[("region", &region)])
                    .as_str()
            )
        );
    }
    assert!(respondby_ses_reputation::texts::V_SENDING_NO
        .en
        .contains("is not sending any mail"));
}
