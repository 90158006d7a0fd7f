//! Cost anomalies from tests/fixtures/cost-anomaly → alerts.

use chrono::{Duration, TimeZone, Utc};
use respondby_core::i18n::{english_in, has_japanese};
use respondby_core::slack::{has_control_sequence, render, render_with, Extras, RenderOptions};
use respondby_core::tracked::{changes, Tracked};
use respondby_core::{
    event, Alert, Ctx, DeadlinePolicy, Envelope, Lang, Outcome, Severity, Source,
};
use respondby_cost_anomaly::{normalise, texts, CostSettings, Thresholds};
use respondby_testkit::fixture_bytes;

fn load(name: &str) -> Envelope {
    let (env, source) = event::parse(&fixture_bytes("cost-anomaly", name)).unwrap();
    assert_eq!(source, Source::CostAnomaly);
    env
}

fn outcome_with(name: &str, settings: &CostSettings, lang: Lang) -> Outcome {
    let policy = DeadlinePolicy::default();
    let mut ctx = Ctx::new(&policy);
    ctx.lang = lang;
    normalise(&load(name), &ctx, settings).unwrap()
}

fn alert_with(name: &str, settings: &CostSettings, lang: Lang) -> Alert {
    match outcome_with(name, settings, lang) {
        Outcome::Notify(a) => *a,
        Outcome::Skip { reason } => panic!("{name} skipped: {reason}"),
    }
}

fn alert(name: &str) -> Alert {
    alert_with(name, &CostSettings::default(), Lang::En)
}

fn body(a: &Alert, lang: Lang) -> String {
    let opts = RenderOptions {
        lang,
        ..RenderOptions::default()
    };
    render(a, &opts, a.clock.started).to_string()
}

const EVERY_FIXTURE: &[&str] = &[
    "ec2-mining-ap-south-1.json",
    "ec2-mining-first-seen.json",
    "hostile-fields.json",
    "many-regions-twelve-root-causes.json",
    "new-spend-nothing-expected.json",
    "odd-impact-and-dates.json",
    "org-member-lambda-high.json",
    "planned-activity-assessed.json",
    "s3-requests-medium.json",
];

#[test]
fn every_fixture_file_is_checked_here() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/cost-anomaly");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("skip-") && !n.starts_with("error-"))
        .collect();
    on_disk.sort();
    assert_eq!(on_disk, EVERY_FIXTURE);
}

#[test]
fn the_mining_anomaly_shows_impact_spend_dates_root_causes_and_monitor() {
    let a = alert("ec2-mining-ap-south-1.json");
    assert_eq!(a.source, Source::CostAnomaly);
    assert_eq!(a.kind, "Anomaly Detected");
    assert_eq!(a.severity, Severity::Critical);
    assert_eq!(
        a.title,
        "Spend $4,857 over expected: Amazon Elastic Compute Cloud - Compute in ap-south-1"
    );
    assert_eq!(
        a.fact_value("Total impact"),
        Some("$4,857.20 (7,936.6% over expected)")
    );
    assert_eq!(a.fact_value("Actual spend"), Some("$4,918.40"));
    assert_eq!(a.fact_value("Expected spend"), Some("$61.20"));
    assert_eq!(a.fact_value("Largest impact observed"), Some("$3,104.62"));
    assert_eq!(
        a.fact_value("Anomaly dates"),
        Some("2026-06-23 to 2026-06-24 (2 days)")
    );
    assert_eq!(
        a.fact_value("Root cause 1"),
        Some("Amazon Elastic Compute Cloud - Compute · ap-south-1 · APS3-BoxUsage:c5.24xlarge · account 111122223333 (example-prod) · $4,610.88")
    );
    assert!(a
        .fact_value("Root cause 2")
        .unwrap()
        .contains("APS3-DataTransfer-Out-Bytes"));
    assert_eq!(a.fact_value("Monitor"), Some("Default-Services-Monitor"));
    assert_eq!(
        a.fact_value("Anomaly score"),
        Some("0.93 now, 0.93 at most")
    );
    assert_eq!(
        a.fact_value("Anomaly id"),
        Some("9a4d6c2e-1f3b-4a5c-8d7e-6f5a4b3c2d1e")
    );
    // Where the money goes: the root cause's account and Region.
    assert_eq!(a.account, "111122223333");
    assert_eq!(a.region, "ap-south-1");
    assert_eq!(
        a.occurred_at,
        Utc.with_ymd_and_hms(2026, 6, 23, 0, 0, 0).unwrap()
    );
    assert_eq!(
        a.latest_activity,
        Some(Utc.with_ymd_and_hms(2026, 6, 24, 0, 0, 0).unwrap())
    );
    assert_eq!(
        a.resources,
        ["arn:aws:ce::111122223333:anomalymonitor/5e2f8a1c-7d3b-4c9e-8f10-2a3b4c5d6e7f"]
    );
    // AWS's link is a console address: it is the first button.
    assert_eq!(
        a.links[0].label,
        "Open the anomaly in Cost Anomaly Detection"
    );
    assert_eq!(
        a.links[0].url,
        "https://console.aws.amazon.com/cost-management/home#/anomaly-detection/monitors/5e2f8a1c-7d3b-4c9e-8f10-2a3b4c5d6e7f/anomalies/9a4d6c2e-1f3b-4a5c-8d7e-6f5a4b3c2d1e"
    );
    assert!(a.links.len() <= 5);
    assert!(a.notes.is_empty(), "{:?}", a.notes);
}

#[test]
fn severity_follows_the_total_impact_through_the_thresholds() {
    assert_eq!(
        alert("ec2-mining-ap-south-1.json").severity,
        Severity::Critical
    );
    assert_eq!(alert("ec2-mining-first-seen.json").severity, Severity::High);
    assert_eq!(
        alert("org-member-lambda-high.json").severity,
        Severity::High
    );
    assert_eq!(alert("s3-requests-medium.json").severity, Severity::Medium);
    // Ops' own levels: $42 is low under medium=50; $712.50 critical from $500.
    let s = CostSettings {
        thresholds: Thresholds::parse("medium=50,high=200,critical=500").unwrap(),
        ..CostSettings::default()
    };
    assert_eq!(
        alert_with("s3-requests-medium.json", &s, Lang::En).severity,
        Severity::Low
    );
    assert_eq!(
        alert_with("ec2-mining-first-seen.json", &s, Lang::En).severity,
        Severity::Critical
    );
}

#[test]
fn deadlines_count_from_when_aws_told_the_account_by_class() {
    let told = |h, m, s| Utc.with_ymd_and_hms(2026, 6, 24, h, m, s).unwrap();
    let crit = alert("ec2-mining-ap-south-1.json");
    assert_eq!(crit.clock.class, "cost.critical");
    assert_eq!(crit.clock.started, told(11, 32, 7));
    assert_eq!(crit.respond_by, Some(told(11, 32, 7) + Duration::hours(4)));
    let high = alert("org-member-lambda-high.json");
    assert_eq!(high.clock.class, "cost.high");
    assert_eq!(high.respond_by, Some(told(7, 41, 19) + Duration::hours(24)));
    let medium = alert("s3-requests-medium.json");
    assert_eq!(medium.clock.class, "cost.medium");
    assert_eq!(
        medium.respond_by,
        Some(told(3, 15, 0) + Duration::hours(72))
    );
    // None of them is born overdue, and none has a fix-by.
    for a in [&crit, &high, &medium] {
        assert!(a.respond_by.unwrap() > a.clock.started);
        assert_eq!(a.fix_by, None);
    }
    // Low has none (only when ops set a medium level).
    let s = CostSettings {
        thresholds: Thresholds::parse("medium=50").unwrap(),
        ..CostSettings::default()
    };
    let low = alert_with("s3-requests-medium.json", &s, Lang::En);
    assert_eq!(
        (low.clock.class.as_str(), low.respond_by),
        ("cost.low", None)
    );
}

#[test]
fn an_organisation_anomaly_names_the_member_account_and_the_monitors_own() {
    let a = alert("org-member-lambda-high.json");
    assert_eq!(a.account, "444455556666");
    assert_eq!(a.region, "us-west-2");
    assert_eq!(
        a.fact_value("Monitor's account"),
        Some("999988887777 (example-management)")
    );
    assert!(a
        .fact_value("Root cause 1")
        .unwrap()
        .contains("account 444455556666 (example-staging)"));
    // Date-only dates (the API's pattern allows them) are read.
    assert_eq!(
        a.fact_value("Anomaly dates"),
        Some("2026-06-22 to 2026-06-23 (2 days)")
    );
    // The case is the monitor's account's anomaly.
    assert_eq!(
        a.case_key,
        "cost-anomaly:999988887777:6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a"
    );
}

#[test]
fn new_spend_says_nothing_was_expected_instead_of_a_percentage() {
    let a = alert("new-spend-nothing-expected.json");
    assert_eq!(a.severity, Severity::High);
    assert_eq!(
        a.fact_value("Total impact"),
        Some("$150.40 (nothing was expected: new spend)")
    );
    assert_eq!(a.fact_value("Expected spend"), Some("$0.00"));
    assert_eq!(a.fact_value("Anomaly dates"), Some("2026-06-23 (1 day)"));
}

#[test]
fn an_anomaly_assessed_as_planned_is_posted_for_information_without_a_deadline() {
    let a = alert("planned-activity-assessed.json");
    assert_eq!(a.severity, Severity::Info);
    assert_eq!(a.respond_by, None);
    assert_eq!(
        a.fact_value("Assessment in Cost Anomaly Detection"),
        Some("planned activity")
    );
    assert!(
        a.notes.iter().any(|n| n.contains("planned activity")),
        "{:?}",
        a.notes
    );
}

#[test]
fn many_root_causes_are_listed_up_to_five_and_the_rest_counted() {
    let a = alert("many-regions-twelve-root-causes.json");
    assert!(a.fact_value("Root cause 5").is_some());
    assert!(a.fact_value("Root cause 6").is_none());
    // 7 more: 1900 - i*150.5 for i in 5..12.
    let rest: f64 = (5..12).map(|i| 1900.0 - i as f64 * 150.5).sum();
    assert_eq!(
        a.fact_value("More root causes"),
        Some(
            format!(
                "7 more, with {} between them (see the anomaly in Cost Anomaly Detection)",
                respondby_cost_anomaly::usd(rest)
            )
            .as_str()
        )
    );
    // The Regions step names six and says there are more.
    let step = &a.next_steps[1];
    assert!(
        step.contains("starting with ap-south-1, ap-southeast-1, ap-northeast-2, sa-east-1, eu-north-1, me-south-1, …"),
        "{step}"
    );
    let b = body(&a, Lang::En);
    let v: serde_json::Value = serde_json::from_str(&b).unwrap();
    assert!(v["blocks"].as_array().unwrap().len() <= 50);
    assert!(b.len() < 12_000 * 2, "{}", b.len());
}

#[test]
fn next_steps_ask_first_then_follow_awss_guidance_for_a_compromised_account() {
    let a = alert("ec2-mining-ap-south-1.json");
    let s = &a.next_steps;
    assert!(
        s[0].starts_with("First ask your team: did anyone start this"),
        "{s:#?}"
    );
    assert!(
        s[1].contains("Look in every Region") && s[1].contains("starting with ap-south-1"),
        "{s:#?}"
    );
    assert!(s[1].contains("including Regions you never use"), "{s:#?}");
    // Whether ap-south-1 is used is not known here: said as a condition.
    assert!(
        s[2].starts_with("If your team never uses ap-south-1"),
        "{s:#?}"
    );
    assert!(
        s.iter()
            .any(|x| x.starts_with("Stop the instances you did not launch")),
        "{s:#?}"
    );
    assert!(
        s.iter().any(
            |x| x.contains("Delete IAM users, access keys and roles you did not create")
                && x.contains("multi-factor authentication")
        ),
        "{s:#?}"
    );
    let last = s.last().unwrap();
    assert!(
        last.starts_with("Once the account is clean, open a Support case")
            && last.contains("billing adjustment"),
        "{last}"
    );
    // No EC2 step for an S3 anomaly.
    let s3 = alert("s3-requests-medium.json");
    assert!(!s3
        .next_steps
        .iter()
        .any(|x| x.contains("instances you did not launch")));
    let labels: Vec<&str> = a.links.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Open the anomaly in Cost Anomaly Detection",
            "Costs by Region (Cost Explorer)",
            "EC2 in every Region (EC2 Global View)",
            "IAM users",
            "Open a Support case"
        ]
    );
}

#[test]
fn a_region_outside_the_usual_ones_is_named_as_such() {
    let s = CostSettings::from_lookup(|k| {
        (k == "COST_ANOMALY_USUAL_REGIONS").then(|| "us-east-1,eu-west-1".to_owned())
    })
    .unwrap();
    let a = alert_with("ec2-mining-ap-south-1.json", &s, Lang::En);
    assert_eq!(a.fact_value("Not a Region you use"), Some("ap-south-1"));
    assert!(
        a.next_steps[2].starts_with("ap-south-1 is not a Region you use"),
        "{:#?}",
        a.next_steps
    );
    // A Region in the list is not flagged, and no conditional step is left.
    let s = CostSettings::from_lookup(|k| {
        (k == "COST_ANOMALY_USUAL_REGIONS").then(|| "eu-central-1".to_owned())
    })
    .unwrap();
    let a = alert_with("s3-requests-medium.json", &s, Lang::En);
    assert_eq!(a.fact_value("Not a Region you use"), None);
    assert!(!a
        .next_steps
        .iter()
        .any(|x| x.contains("never uses") || x.contains("not a Region you use")));
}

#[test]
fn hostile_event_text_stays_text_and_never_becomes_a_link_or_a_line() {
    let a = alert("hostile-fields.json");
    // The look-alike link is not a button: the button is built from the ids.
    assert_eq!(
        a.links[0].url,
        "https://console.aws.amazon.com/cost-management/home#/anomaly-detection/monitors/5e2f8a1c-7d3b-4c9e-8f10-2a3b4c5d6e7f/anomalies/aa11bb22-cc33-4d44-8e55-ff6677889900"
    );
    assert!(a.links.iter().all(|l| !l.url.contains("evil")));
    assert_eq!(
        a.fact_value("Link in the event (not opened: not an AWS console address)"),
        Some("https://console.aws.amazon.com.evil.example/cost-management/home#/anomaly-detection")
    );
    assert!(a.notes.iter().any(|n| n.contains("shown as text")));
    // The written Region is no Region: not in the title, the steps or a link.
    assert!(
        !a.title.contains("<!here>") && !a.title.contains(" in ap-south-1"),
        "{}",
        a.title
    );
    assert!(a.next_steps.iter().all(|s| !s.contains("<!here>")));
    assert_eq!(a.region, "us-east-1");
    let b = body(&a, Lang::En);
    let v: serde_json::Value = serde_json::from_str(&b).unwrap();
    // What Slack parses (mrkdwn, the top-level text) has no mention, no
    // link and no bidi control of the event's; plain_text (the header, the
    // steps) is shown literally.
    let mut parsed = vec![v["text"].as_str().unwrap().to_owned()];
    collect_mrkdwn(&v["blocks"], &mut parsed);
    assert!(parsed.len() > 10, "{parsed:?}");
    for t in &parsed {
        assert!(!has_control_sequence(t), "{t}");
        for bad in [
            "<!channel>",
            "<!here>",
            "<@U0ADMIN>",
            "<https://evil",
            "\u{202e}",
            "\u{2066}",
        ] {
            assert!(!t.contains(bad), "{bad:?} in {t}");
        }
    }
    // Every root cause field is one line: the newline did not forge a bullet.
    for block in v["blocks"].as_array().unwrap() {
        for f in block["fields"].as_array().into_iter().flatten() {
            let t = f["text"].as_str().unwrap();
            if t.contains("Root cause 1") {
                assert_eq!(t.lines().count(), 2, "{t}");
                assert!(t.contains("&lt;!here&gt;") || !t.contains("here"), "{t}");
            }
        }
    }
    // Buttons link only where we built the address.
    for block in v["blocks"].as_array().unwrap() {
        if block["type"] == "actions" {
            for e in block["elements"].as_array().unwrap() {
                let url = e["url"].as_str().unwrap();
                assert!(
                    url.starts_with("https://console.aws.amazon.com/")
                        || url.starts_with("https://support.console.aws.amazon.com/"),
                    "{url}"
                );
            }
        }
    }
}

fn collect_mrkdwn(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            if m.get("type").and_then(|t| t.as_str()) == Some("mrkdwn") {
                out.push(m["text"].as_str().unwrap().to_owned());
            }
            m.values().for_each(|x| collect_mrkdwn(x, out));
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_mrkdwn(x, out)),
        _ => {}
    }
}

#[test]
fn an_unreadable_impact_or_date_is_posted_anyway_saying_what_was_odd() {
    let a = alert("odd-impact-and-dates.json");
    assert_eq!(a.severity, Severity::High);
    assert_eq!(a.title, "Unusual spend: Amazon Simple Storage Service");
    assert_eq!(a.fact_value("Total impact"), Some("\"see console\""));
    assert!(
        a.notes
            .iter()
            .any(|n| n.contains("could not be read as an amount")),
        "{:?}",
        a.notes
    );
    assert!(
        a.notes
            .iter()
            .any(|n| n.contains("detail.anomalyStartDate") && n.contains("yesterday")),
        "{:?}",
        a.notes
    );
    // Counted from when AWS told the account; never born overdue.
    assert_eq!(a.occurred_at, a.clock.started);
    assert!(a.respond_by.unwrap() > a.clock.started);
    // No link in the event: the button is built from the ids.
    assert!(a.links[0]
        .url
        .ends_with("/anomalies/77665544-3322-4110-8ffe-eeddccbbaa99"));
}

#[test]
fn no_impact_over_expected_is_skipped_with_a_reason() {
    match outcome_with(
        "skip-no-impact-over-expected.json",
        &CostSettings::default(),
        Lang::En,
    ) {
        Outcome::Skip { reason } => {
            assert!(reason.contains("not over what AWS expected"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn malformed_anomalies_are_errors_naming_the_field() {
    let policy = DeadlinePolicy::default();
    for (name, field) in [
        ("error-no-anomaly-id.json", "detail.anomalyId"),
        (
            "error-detail-not-an-object.json",
            "detail must be an object",
        ),
    ] {
        let err = normalise(&load(name), &Ctx::new(&policy), &CostSettings::default()).unwrap_err();
        assert!(err.to_string().contains(field), "{name}: {err}");
        assert!(err.to_string().contains("cost-anomaly"), "{name}: {err}");
    }
}

#[test]
fn the_same_anomaly_again_is_one_case_and_the_follow_up_says_what_changed() {
    let first = alert("ec2-mining-first-seen.json");
    let again = alert("ec2-mining-ap-south-1.json");
    assert_eq!(first.case_key, again.case_key);
    assert_ne!(first.dedup_key, again.dedup_key);
    // The same evaluation delivered twice is one delivery.
    assert_eq!(
        first.dedup_key,
        alert("ec2-mining-first-seen.json").dedup_key
    );
    let mut case = Tracked::new(&first, None, first.clock.started);
    let ch = case.follow_up(&again, Lang::En, again.clock.started);
    assert!(
        ch.iter().any(|c| c == "Severity: HIGH → CRITICAL"),
        "{ch:#?}"
    );
    assert!(
        ch.iter().any(|c| c.contains("Total impact")
            && c.contains("$712.50")
            && c.contains("$4,857.20")),
        "{ch:#?}"
    );
    assert!(ch.iter().any(|c| c.contains("Anomaly dates")), "{ch:#?}");
    assert!(
        ch.iter()
            .any(|c| c.starts_with("*Root cause 2*") || c.contains("Root cause 2")),
        "{ch:#?}"
    );
    assert_eq!(
        changes(&first, &first, Lang::En),
        ["AWS sent the case again with no visible change."]
    );
    // The update renders as an update of the case, loud because it escalated.
    let msg = render_with(
        &case.current_alert(),
        &RenderOptions::default(),
        Extras {
            state: Some(&case),
            changes: Some(&ch),
            ..Extras::default()
        },
        again.clock.started,
    )
    .to_string();
    assert!(msg.contains("What changed"), "{msg}");
}

#[test]
fn japanese_messages_are_japanese_and_keep_awss_values() {
    for name in EVERY_FIXTURE {
        let a = alert_with(name, &CostSettings::default(), Lang::Ja);
        assert!(has_japanese(&a.title), "{name}: {}", a.title);
        for s in &a.next_steps {
            assert!(has_japanese(s), "{name}: {s}");
        }
        for f in &a.facts {
            assert!(has_japanese(&f.label), "{name}: {}", f.label);
        }
        let b = body(&a, Lang::Ja);
        let left = english_in(&b, &[texts::ALL, respondby_core::i18n::ui::ALL]);
        assert!(left.is_empty(), "{name}: {left:#?}");
    }
    let a = alert_with(
        "ec2-mining-ap-south-1.json",
        &CostSettings::default(),
        Lang::Ja,
    );
    assert_eq!(
        a.title,
        "支出が想定より$4,857多い: ap-south-1 の Amazon Elastic Compute Cloud - Compute"
    );
    assert_eq!(
        a.fact_value("影響額の合計"),
        Some("$4,857.20（想定より7,936.6%多い）")
    );
    assert!(a
        .fact_value("根本原因 1")
        .unwrap()
        .contains("APS3-BoxUsage:c5.24xlarge"));
}
