//! The `respondby` command in a hub: accounts named, alerts routed, every
//! spoke's coverage listed (issue 19).

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

fn fixture(rel: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

fn respondby(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_respondby"))
        .args(args)
        .env_clear()
        .envs(env.iter().copied())
        .output()
        .expect("respondby runs")
}

fn preview_json(file: &str, env: &[(&str, &str)]) -> Value {
    let out = respondby(&["preview", "--json", &fixture(file)], env);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

#[test]
fn preview_names_the_account_from_account_names_and_null_when_unknown() {
    let names = [(
        "ACCOUNT_NAMES",
        "111122223333=prod-payments,999988887777=security-admin",
    )];
    let v = preview_json("guardduty/iam-malicious-ip-caller.json", &names);
    assert_eq!(v["alert"]["account"], "111122223333");
    assert_eq!(v["alert"]["account_name"], "prod-payments");
    let slack = v["slack"].to_string();
    assert!(slack.contains("111122223333 (prod-payments)"), "{slack}");
    let text = v["slack"]["text"].as_str().unwrap();
    assert!(text.contains("prod-payments"), "{text}");
    let terminal = respondby(
        &[
            "preview",
            &fixture("guardduty/iam-malicious-ip-caller.json"),
        ],
        &names,
    );
    let terminal = String::from_utf8_lossy(&terminal.stdout);
    assert!(
        terminal.contains("111122223333 (prod-payments)"),
        "{terminal}"
    );

    let unnamed = preview_json("guardduty/iam-malicious-ip-caller.json", &[]);
    assert!(unnamed["alert"]["account_name"].is_null(), "{unnamed}");
    assert!(unnamed["alert"]
        .as_object()
        .unwrap()
        .contains_key("account_name"));
}

#[test]
fn a_wrong_account_names_entry_stops_the_preview_naming_it() {
    let out = respondby(
        &[
            "preview",
            &fixture("guardduty/iam-malicious-ip-caller.json"),
        ],
        &[("ACCOUNT_NAMES", "prod-payments=111122223333")],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("ACCOUNT_NAMES") && err.contains("prod-payments=111122223333"),
        "{err}"
    );
}

#[test]
fn preview_names_the_route_an_alert_takes() {
    let file = "guardduty/iam-malicious-ip-caller.json"; // 111122223333, medium
    let app = [
        ("SLACK_MODE", "app"),
        ("SLACK_CHANNEL", "C0ALERTS"),
        ("SLACK_CHANNEL_MEDIUM", "C0MEDIUM"),
    ];
    // No route matches: the default channel for its severity.
    let v = preview_json(file, &app);
    assert_eq!(
        v["route"],
        serde_json::json!({"mode": "app", "selector": null, "target": "C0MEDIUM"})
    );
    let mut routed = app.to_vec();
    routed.push((
        "CHANNEL_ROUTES",
        "critical=C0PAGE,111122223333=C0PAYMENTS,*=C0ALL",
    ));
    let v = preview_json(file, &routed);
    assert_eq!(
        v["route"],
        serde_json::json!({"mode": "app", "selector": "111122223333", "target": "C0PAYMENTS"})
    );
    // Webhook mode: a secret, never a URL.
    let secret = "arn:aws:secretsmanager:us-east-1:999988887777:secret:respondby/payments-AbCdEf";
    let routes = format!("444455556666=respondby/sandbox,111122223333/medium={secret}");
    let v = preview_json(
        file,
        &[
            (
                "SLACK_WEBHOOK_URL",
                "https://hooks.slack.com/services/T0123/B0456/SeCrEt",
            ),
            ("CHANNEL_ROUTES", &routes),
        ],
    );
    assert_eq!(v["route"]["selector"], "111122223333/medium");
    assert_eq!(v["route"]["target"], secret);
    // The default webhook given directly is shown redacted.
    let v = preview_json(
        "guardduty/ec2-port-probe-low.json",
        &[
            (
                "SLACK_WEBHOOK_URL",
                "https://hooks.slack.com/services/T0123/B0456/SeCrEt",
            ),
            ("CHANNEL_ROUTES", &routes),
        ],
    );
    assert_eq!(
        v["route"],
        serde_json::json!({"mode": "webhook", "selector": null, "target": "https://hooks.slack.com/services/T0123/…"})
    );
    assert!(!v.to_string().contains("SeCrEt"));
    // A skipped event goes nowhere.
    let v = preview_json("guardduty/skip-archived.json", &routed);
    assert!(v["route"].is_null());
}

#[test]
fn terminal_preview_says_where_a_routed_alert_goes() {
    let out = respondby(
        &[
            "preview",
            &fixture("guardduty/iam-malicious-ip-caller.json"),
        ],
        &[
            ("SLACK_MODE", "app"),
            ("SLACK_CHANNEL", "C0ALERTS"),
            ("CHANNEL_ROUTES", "111122223333=C0PAYMENTS"),
        ],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("C0PAYMENTS (CHANNEL_ROUTES 111122223333)"),
        "{text}"
    );
}

#[test]
fn a_wrong_route_stops_the_preview_naming_it() {
    let out = respondby(
        &[
            "preview",
            &fixture("guardduty/iam-malicious-ip-caller.json"),
        ],
        &[(
            "CHANNEL_ROUTES",
            "*=https://hooks.slack.com/services/T/B/SeCrEt",
        )],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("CHANNEL_ROUTES") && err.contains("secret"),
        "{err}"
    );
    assert!(
        !err.contains("SeCrEt"),
        "the webhook URL is a secret: {err}"
    );
}

#[test]
fn a_heartbeat_previews_as_recorded_not_posted_and_a_bad_one_names_its_field() {
    let v = preview_json("heartbeat/skip-heartbeat-mumbai.json", &[]);
    assert_eq!(v["action"], "skip");
    let reason = v["reason"].as_str().unwrap();
    assert!(
        reason.contains("111122223333/ap-south-1") && reason.contains("every 60 minutes"),
        "{reason}"
    );
    let out = respondby(
        &[
            "preview",
            &fixture("heartbeat/error-heartbeat-bad-interval.json"),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("interval_minutes"), "{err}");
}
