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
