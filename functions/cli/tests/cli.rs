//! The `respondby` command, run as a user runs it.

use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

fn respondby(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_respondby"));
    cmd.args(args)
        .env_clear()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("respondby starts");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn preview_json(path: &str) -> Value {
    let out = respondby(&["preview", "--json", path], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("exactly one JSON object on stdout")
}

fn fixture(rel: &str) -> String {
    fixtures().join(rel).to_string_lossy().into_owned()
}

#[test]
fn json_preview_follows_the_contract() {
    let v = preview_json(&fixture("health/abuse-dos-report.json"));
    assert_eq!(v["action"], "notify");
    assert!(v["reason"].is_null());
    let a = &v["alert"];
    for key in [
        "source",
        "kind",
        "severity",
        "title",
        "account",
        "region",
        "occurred_at",
        "respond_by",
        "fix_by",
        "dedup_key",
        "resources",
        "links",
    ] {
        assert!(a.get(key).is_some(), "alert.{key} missing");
    }
    assert_eq!(a["source"], "health");
    assert_eq!(a["severity"], "critical");
    assert_eq!(a["occurred_at"], "2026-06-24T09:14:37Z");
    assert_eq!(a["respond_by"], "2026-06-25T09:14:37Z");
    assert!(v["slack"]["blocks"].is_array());
    assert!(v["slack"]["text"].as_str().unwrap().contains("CRITICAL"));
}

#[test]
fn recovery_has_null_respond_by() {
    let v = preview_json(&fixture("ses/complaint-rate-recovered.json"));
    assert_eq!(v["alert"]["source"], "ses");
    assert!(v["alert"]["respond_by"].is_null());
}

#[test]
fn skip_has_a_reason_and_no_alert() {
    let v = preview_json(&fixture("env-file/skip-not-env-key.json"));
    assert_eq!(v["action"], "skip");
    assert!(v["reason"].as_str().unwrap().contains("envelope.png"));
    assert!(v["alert"].is_null() && v["slack"].is_null());
}

#[test]
fn sources_are_named_as_documented() {
    for (file, source) in [
        ("health/risk-credentials-exposed.json", "health"),
        ("guardduty/iam-malicious-ip-caller.json", "guardduty"),
        ("ses/bounce-rate-review-level.json", "ses"),
        ("env-file/read-denied.json", "env-file"),
        ("cost-anomaly/s3-requests-medium.json", "cost-anomaly"),
    ] {
        assert_eq!(
            preview_json(&fixture(file))["alert"]["source"],
            source,
            "{file}"
        );
    }
}

#[test]
fn slack_body_in_preview_is_deterministic_with_now() {
    let args = ["preview", "--json", "--now", "2026-06-24T10:00:00Z"];
    let f = fixture("guardduty/s3-exfiltration-critical.json");
    let a = respondby(&[args[0], args[1], args[2], args[3], &f], None);
    let b = respondby(&[args[0], args[1], args[2], args[3], &f], None);
    assert_eq!(a.stdout, b.stdout);
    let v: Value = serde_json::from_slice(&a.stdout).unwrap();
    // Critical GuardDuty: 4 hours from when AWS sent it (08:45:10).
    assert_eq!(v["alert"]["respond_by"], "2026-06-24T12:45:10Z");
    assert!(
        v["slack"]["text"].as_str().unwrap().contains("2h 45m left"),
        "{}",
        v["slack"]["text"]
    );
}

#[test]
fn terminal_preview_reads_from_stdin_and_shows_the_deadline() {
    let bytes = std::fs::read(fixture("health/risk-credentials-exposed.json")).unwrap();
    let out = respondby(&["preview", "-"], Some(&bytes));
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("CRITICAL · AWS Health · AWS access key exposed publicly"),
        "{text}"
    );
    assert!(
        text.contains("REPLY TO AWS BY 2026-06-23 03:01 UTC"),
        "{text}"
    );
    assert!(text.contains("FIX BY 2026-06-23 03:01 UTC"), "{text}");
    assert!(text.contains("Deactivate access key AKIAEXAMPLEKEY7Q2ZP4"));
}

#[test]
fn terminal_preview_does_not_pass_escape_sequences_through() {
    let out = respondby(
        &["preview", &fixture("env-file/hostile-user-agent.json")],
        None,
    );
    assert!(out.status.success());
    assert!(!out.stdout.contains(&0x1b), "ESC byte reached the terminal");
}

fn assert_exit_2(out: &Output, needle: &str) {
    assert_eq!(
        out.status.code(),
        Some(2),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stdout.is_empty(),
        "stdout must be empty: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err.trim_end().lines().count(),
        1,
        "one line expected: {err}"
    );
    assert!(err.contains(needle), "{err:?} should mention {needle:?}");
}

#[test]
fn malformed_json_exits_2_with_one_line() {
    assert_exit_2(
        &respondby(&["preview", "--json", "-"], Some(b"{\"source\": ")),
        "not valid JSON",
    );
}

#[test]
fn missing_required_field_exits_2_naming_it() {
    assert_exit_2(
        &respondby(
            &[
                "preview",
                "--json",
                &fixture("health/error-missing-event-type-code.json"),
            ],
            None,
        ),
        "eventTypeCode",
    );
}

#[test]
fn unhandled_event_exits_2() {
    let ev = br#"{"version":"0","id":"x","detail-type":"EC2 Instance State-change Notification","source":"aws.ec2","account":"1","time":"2026-01-01T00:00:00Z","region":"us-east-1","resources":[],"detail":{}}"#;
    assert_exit_2(&respondby(&["preview", "-"], Some(ev)), "aws.ec2");
}

#[test]
fn detail_only_payload_exits_2() {
    let ev = br#"{"schemaVersion":"2.0","type":"Recon:EC2/PortProbeUnprotectedPort","severity":2}"#;
    assert_exit_2(
        &respondby(&["preview", "--json", "-"], Some(ev)),
        "detail-type",
    );
}

#[test]
fn missing_file_exits_2() {
    assert_exit_2(
        &respondby(&["preview", "/nonexistent/event.json"], None),
        "cannot read",
    );
}

/// Every fixture gives the outcome its name promises: `skip-*` skips,
/// `error-*` exits 2, the rest notify.
#[test]
fn every_project_fixture_has_the_outcome_its_name_says() {
    let mut n = 0;
    for dir in ["health", "guardduty", "ses", "env-file"] {
        for entry in std::fs::read_dir(fixtures().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let out = respondby(&["preview", "--json", &path.to_string_lossy()], None);
            n += 1;
            if name.starts_with("error-") {
                assert_eq!(out.status.code(), Some(2), "{name}");
                continue;
            }
            assert!(
                out.status.success(),
                "{name}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let v: Value = serde_json::from_slice(&out.stdout).unwrap();
            let want = if name.starts_with("skip-") {
                "skip"
            } else {
                "notify"
            };
            assert_eq!(v["action"], want, "{name}");
            if want == "notify" {
                respondby_core::slack::check_limits(&v["slack"])
                    .unwrap_or_else(|e| panic!("{name}: {e}"));
            }
        }
    }
    assert!(n >= 30, "only {n} fixtures found");
}

/// The product's promise, for every source: a deadline is never born
/// overdue. Over the project's fixtures and AWS's published samples, every
/// `respond_by` is later than the envelope's `time`.
#[test]
fn no_deadline_is_born_overdue_for_any_fixture_or_published_sample() {
    let shared = fixtures().join("../../../shared/fixtures");
    let mut files: Vec<PathBuf> = Vec::new();
    let mut dirs = vec![fixtures()];
    if shared.is_dir() {
        dirs.push(shared);
    }
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                files.push(path);
            }
        }
    }
    let mut checked = 0;
    for path in files {
        let event: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let Some(time) = event
            .get("time")
            .and_then(Value::as_str)
            .and_then(respondby_core::time::parse_iso)
        else {
            continue;
        };
        let out = respondby(&["preview", "--json", &path.to_string_lossy()], None);
        let Ok(v) = serde_json::from_slice::<Value>(&out.stdout) else {
            continue;
        };
        for key in ["respond_by", "fix_by"] {
            if let Some(t) = v["alert"][key].as_str() {
                let t = respondby_core::time::parse_iso(t).unwrap();
                assert!(
                    t > time,
                    "{}: {key} {t} is not after {time}",
                    path.display()
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 30, "only {checked} deadlines checked");
}

#[test]
fn mentions_come_only_from_configuration() {
    let f = fixture("health/abuse-dos-report.json");
    let plain = preview_json(&f);
    assert!(!plain["slack"]["text"].as_str().unwrap().contains("<!here>"));
    let out = Command::new(env!("CARGO_BIN_EXE_respondby"))
        .args(["preview", "--json", &f])
        .env_clear()
        .env("MENTION_CRITICAL", "here")
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["slack"]["text"].as_str().unwrap().starts_with("<!here>"));
}

#[test]
fn bad_configuration_is_refused_clearly() {
    let out = Command::new(env!("CARGO_BIN_EXE_respondby"))
        .args(["preview", &fixture("health/abuse-dos-report.json")])
        .env_clear()
        .env("DEADLINE_HOURS", "forever")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("DEADLINE_HOURS"));
}

#[test]
fn replay_unwraps_dead_letter_records_and_reports_each_event() {
    let ev: Value = serde_json::from_slice(
        &std::fs::read(fixture("guardduty/ec2-port-probe-low.json")).unwrap(),
    )
    .unwrap();
    let record = serde_json::json!({"version": "1.0", "requestContext": {"condition": "RetriesExhausted"}, "requestPayload": ev});
    let lines = format!(
        "{}\n{}\n{{\"bad\": true}}\n",
        record,
        serde_json::to_string(&ev).unwrap()
    );
    let dir = std::env::temp_dir().join(format!("respondby-replay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("dlq.jsonl");
    std::fs::write(&file, lines).unwrap();
    let out = respondby(&["replay", &file.to_string_lossy()], None);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.matches("would notify: [low]").count(), 2, "{stdout}");
    assert!(stdout.contains("2 processed, 1 failed"), "{stdout}");
    assert_eq!(out.status.code(), Some(1));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn send_without_a_webhook_says_what_to_set() {
    let out = respondby(
        &["send", &fixture("guardduty/ec2-port-probe-low.json")],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("SLACK_WEBHOOK_URL"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_posts_the_previewed_message_to_the_webhook() {
    use respondby_testkit::{Reply, SlackStub};
    let slack = SlackStub::start(vec![Reply::Status(500, "rollup_error")]).await;
    let f = fixture("guardduty/iam-malicious-ip-caller.json");
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_respondby"))
        .args(["send", &f])
        .env_clear()
        .env("SLACK_WEBHOOK_URL", slack.url())
        .env("RESPONDBY_ALLOW_LOOPBACK", "1")
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("sent medium guardduty alert") && stdout.contains("2 attempts"),
        "{stdout}"
    );
    assert!(!stdout.contains(respondby_testkit::WEBHOOK_TOKEN));
    let posted = slack.delivered();
    assert_eq!(posted.len(), 1);
    let preview = preview_json(&f);
    assert_eq!(posted[0]["blocks"][0], preview["slack"]["blocks"][0]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_refuses_a_loopback_webhook_without_the_test_switch() {
    use respondby_testkit::SlackStub;
    let slack = SlackStub::start(vec![]).await;
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_respondby"))
        .args(["send", &fixture("guardduty/iam-malicious-ip-caller.json")])
        .env_clear()
        .env("SLACK_WEBHOOK_URL", slack.url())
        .output()
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("RESPONDBY_ALLOW_LOOPBACK"), "{err}");
    assert!(slack.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_to_a_dead_webhook_fails_naming_the_cause() {
    use respondby_testkit::{Reply, SlackStub};
    let slack = SlackStub::start(vec![Reply::Status(404, "no_service")]).await;
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_respondby"))
        .args(["send", &fixture("guardduty/iam-malicious-ip-caller.json")])
        .env_clear()
        .env("SLACK_WEBHOOK_URL", slack.url())
        .env("RESPONDBY_ALLOW_LOOPBACK", "1")
        .output()
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no_service"), "{err}");
    assert!(!err.contains(respondby_testkit::WEBHOOK_TOKEN));
}

/// Proxy policy: `HTTPS_PROXY` is honoured for Slack (a VPC egress proxy),
/// and the proxy sees only a CONNECT to Slack's host: never the webhook's
/// path or token, which travel inside TLS.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_proxy_is_used_for_slack_and_sees_only_its_host() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let proxy = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = proxy.local_addr().unwrap();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut conn, _)) = proxy.accept().await {
            let mut buf = vec![0u8; 4096];
            let n = conn.read(&mut buf).await.unwrap_or(0);
            log.lock()
                .unwrap()
                .push(String::from_utf8_lossy(&buf[..n]).into_owned());
            let _ = conn
                .write_all(b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n")
                .await;
        }
    });
    let token = "PrOxYsHoUlDnEvErSeEtHiS";
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_respondby"))
        .args(["send", &fixture("guardduty/iam-malicious-ip-caller.json")])
        .env_clear()
        .env(
            "SLACK_WEBHOOK_URL",
            format!("https://hooks.slack.com/services/T0/B0/{token}"),
        )
        .env("HTTPS_PROXY", format!("http://{addr}"))
        .output()
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "no Slack behind this proxy");
    let seen = seen.lock().unwrap().clone();
    assert!(
        seen.iter()
            .any(|r| r.starts_with("CONNECT hooks.slack.com:443 ")),
        "{seen:?}"
    );
    assert!(seen.iter().all(|r| !r.contains(token)), "{seen:?}");
    assert!(!String::from_utf8_lossy(&out.stderr).contains(token));
}

#[test]
fn plan_prints_each_reminder_with_its_time_and_mentions() {
    let out = Command::new(env!("CARGO_BIN_EXE_respondby"))
        .args([
            "plan",
            &fixture("health/abuse-dos-report.json"),
            "--now",
            "2026-06-24T09:14:37Z",
        ])
        .env_clear()
        .env("MENTION_CRITICAL", "here")
        .env("MENTION_ESCALATION", "U0ONCALL")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["respond_by"], "2026-06-25T09:14:37Z");
    let at: Vec<&str> = v["reminders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["at"].as_str().unwrap())
        .collect();
    assert_eq!(
        at,
        [
            "2026-06-24T21:14:37Z",
            "2026-06-25T05:14:37Z",
            "2026-06-25T08:14:37Z",
            "2026-06-25T09:14:37Z",
            "2026-06-25T13:14:37Z",
            "2026-06-25T17:14:37Z",
            "2026-06-25T21:14:37Z",
        ]
    );
    assert_eq!(
        v["reminders"][0]["mentions"],
        serde_json::json!(["<!here>"])
    );
    assert_eq!(
        v["reminders"][2]["mentions"],
        serde_json::json!(["<!here>", "<@U0ONCALL>"])
    );
    assert_eq!(v["then"], "every 4h overdue until answered");
    // Posted late (20 h after AWS sent it): the past steps are not planned.
    let late = respondby(
        &[
            "plan",
            &fixture("health/abuse-dos-report.json"),
            "--now",
            "2026-06-25T05:30:00Z",
        ],
        None,
    );
    let v: Value = serde_json::from_slice(&late.stdout).unwrap();
    assert_eq!(v["reminders"][0]["at"], "2026-06-25T08:14:37Z");
}

#[test]
fn plan_of_an_alert_without_a_deadline_is_empty_and_bad_input_exits_2() {
    let v: Value = serde_json::from_slice(
        &respondby(
            &["plan", &fixture("guardduty/ec2-port-probe-low.json")],
            None,
        )
        .stdout,
    )
    .unwrap();
    assert_eq!(v["respond_by"], Value::Null);
    assert_eq!(v["reminders"], serde_json::json!([]));
    assert_exit_2(&respondby(&["plan", "-"], Some(b"{")), "not valid JSON");
    assert_exit_2(
        &respondby(
            &[
                "plan",
                &fixture("health/error-missing-event-type-code.json"),
            ],
            None,
        ),
        "eventTypeCode",
    );
}

#[test]
fn preview_with_a_state_shows_the_message_as_updated_in_slack() {
    let f = fixture("health/abuse-dos-report.json");
    let now = "2026-06-24T12:00:00Z";
    let v = |state: &str, extra: &[&str]| -> Value {
        let mut args = vec!["preview", "--json", &f, "--now", now, "--state", state];
        args.extend_from_slice(extra);
        serde_json::from_slice(&respondby(&args, None).stdout).unwrap()
    };
    let answered = v("answered", &["--by", "U0SATO"]);
    assert_eq!(answered["state"]["phase"], "answered");
    let text = answered["slack"].to_string();
    assert!(
        text.contains("Replied to AWS by <@U0SATO>")
            && text.contains("21h 14m before the deadline"),
        "{text}"
    );
    let resolved = v("resolved", &[]);
    assert!(resolved["slack"]["blocks"][0]["text"]["text"]
        .as_str()
        .unwrap()
        .contains("RESOLVED"));
    let open = v("open", &["--buttons"]);
    let actions = open["slack"]["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["block_id"] == "respondby.state")
        .expect("the state buttons");
    let ids: Vec<&str> = actions["elements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["respondby.ack", "respondby.answer", "respondby.resolve"]
    );
    let term = respondby(&["preview", &f, "--now", now, "--state", "acked"], None);
    assert!(String::from_utf8_lossy(&term.stdout)
        .contains("Acknowledged by U0ONCALL at 2026-06-24 12:00 UTC"));
    assert_eq!(
        respondby(&["preview", &f, "--state", "sleeping"], None)
            .status
            .code(),
        Some(2)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_lists_the_open_alerts_of_the_state_table() {
    use respondby_core::store::StateStore;
    let stub = respondby_testkit::DynamoStub::start().await;
    let sdk = respondby_core::secrets::sdk_defaults()
        .endpoint_url(stub.endpoint())
        .region(aws_sdk_dynamodb::config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_dynamodb::config::Credentials::new(
            "test", "test", None, None, "test",
        ))
        .load()
        .await;
    let store = respondby_core::store::DynamoStore::new(&sdk, "respondby-state");
    let settings = respondby_cli::Settings::default();
    for (name, state) in [
        ("health/abuse-dos-report.json", "acked"),
        ("health/risk-credentials-exposed.json", "resolved"),
        ("guardduty/iam-malicious-ip-caller.json", "open"),
    ] {
        let ev: Value = serde_json::from_slice(&std::fs::read(fixture(name)).unwrap()).unwrap();
        let now = chrono::Utc::now();
        let respondby_core::Outcome::Notify(a) =
            respondby_cli::normalise(ev, &settings, now).unwrap()
        else {
            panic!()
        };
        let mut t = respondby_core::preview::demo_state(&a, state, "U0SATO", now).unwrap();
        settings.plan.start(&mut t, now);
        assert!(store.put_case(&t, None, i64::MAX / 4).await.unwrap());
    }
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_respondby"))
        .arg("open")
        .env_clear()
        .env("DEDUP_TABLE", "respondby-state")
        .env("AWS_ENDPOINT_URL_DYNAMODB", stub.endpoint())
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .output()
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "header + two open alerts: {text}");
    assert!(lines[0].starts_with("DEADLINE"));
    assert!(
        text.contains("acknowledged")
            && text.contains("U0SATO")
            && text.contains("AWS abuse report"),
        "{text}"
    );
    assert!(
        !text.contains("AWS access key exposed"),
        "resolved is not open: {text}"
    );
    assert!(stub.calls().iter().all(|c| !c.starts_with("Scan")));
}

/// The English reply to AWS: drafted for every open ABUSE and RISK report,
/// for nothing else, and plain ASCII English whatever the message language.
#[test]
fn a_reply_draft_comes_with_exactly_the_reports_aws_expects_an_answer_to() {
    let mut drafted = 0;
    for dir in ["health", "guardduty", "ses", "env-file"] {
        for entry in std::fs::read_dir(fixtures().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with("error-") {
                continue;
            }
            let p = path.to_string_lossy();
            for lang in ["en", "ja"] {
                let out = respondby(&["preview", "--json", "--lang", lang, &p], None);
                let v: Value = serde_json::from_slice(&out.stdout).unwrap();
                let event: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
                let want = event["source"] == "aws.health"
                    && ["ABUSE", "RISK"]
                        .contains(&event["detail"]["service"].as_str().unwrap_or(""))
                    && v["alert"]["status"] == "open";
                let d = &v["reply_draft"];
                assert_eq!(!d.is_null(), want, "{name} ({lang}): {d}");
                if want {
                    let body = d["body"].as_str().unwrap();
                    assert_eq!(d["stage"], "first");
                    assert!(body.is_ascii(), "{name}: {body}");
                    // An abuse report is answered to Trust & Safety's
                    // e-mail; a RISK notice in the Support case AWS opened.
                    let (hello, to) = match event["detail"]["service"].as_str() {
                        Some("ABUSE") => ("Hello AWS Trust & Safety team,", "notice_email"),
                        _ => ("Hello AWS team,", "support_case"),
                    };
                    assert!(body.starts_with(hello), "{name}: {body}");
                    assert_eq!(d["via"]["to"], to, "{name}: {d}");
                    // The Slack message carries it, under a heading in the
                    // message's language.
                    let slack = v["slack"].to_string();
                    let heading = if lang == "ja" {
                        "AWSへの返信: 最初の返信"
                    } else {
                        "Reply to AWS: first reply"
                    };
                    assert!(slack.contains(heading), "{name}: {slack}");
                    drafted += 1;
                }
            }
        }
    }
    assert!(drafted >= 12, "only {drafted} drafts");
}

#[test]
fn reply_prints_the_draft_to_complete_and_send() {
    let out = respondby(&["reply", &fixture("health/abuse-dos-report.json")], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let first = String::from_utf8(out.stdout).unwrap();
    assert!(
        first.starts_with("Hello AWS Trust & Safety team,"),
        "{first}"
    );
    assert!(
        first.contains("communication ID: 5f2c0a77b1d94e0c8a6b3e1d-1"),
        "{first}"
    );
    assert!(first.contains("<<Your name>>") && first.is_ascii());

    let out = respondby(
        &[
            "reply",
            "--stage",
            "followup",
            &fixture("health/risk-credentials-exposed.json"),
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let followup = String::from_utf8(out.stdout).unwrap();
    assert!(
        followup.contains("This is our follow-up on the exposed access key"),
        "{followup}"
    );
    assert!(followup.contains("Root cause:") && followup.contains("Prevention:"));

    // From standard input, as from a saved e-mail's event.
    let bytes = std::fs::read(fixture("health/abuse-dos-report.json")).unwrap();
    let out = respondby(&["reply", "-"], Some(&bytes));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), first);
}

#[test]
fn reply_for_an_event_without_a_draft_says_so() {
    let out = respondby(
        &["reply", &fixture("guardduty/ec2-crypto-bitcoin-dns.json")],
        None,
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no reply to draft") && err.contains("ABUSE and RISK"),
        "{err}"
    );

    let out = respondby(
        &["reply", &fixture("health/abuse-closed-by-aws.json")],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let out = respondby(
        &[
            "reply",
            "--stage",
            "third",
            &fixture("health/abuse-dos-report.json"),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert_exit_2(
        &respondby(
            &[
                "reply",
                &fixture("health/error-missing-event-type-code.json"),
            ],
            None,
        ),
        "eventTypeCode",
    );
}

/// README's table of deadline defaults is what the code does: it is
/// `respondby policy` with no settings, byte for byte.
#[test]
fn readme_deadline_table_is_the_policy_in_the_code() {
    let out = respondby(&["policy"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8(out.stdout).unwrap();
    let readme =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../README.md"))
            .unwrap();
    let start = readme
        .find("<!-- policy:start -->\n")
        .expect("policy marker")
        + 22;
    let end = readme
        .find("<!-- policy:end -->")
        .expect("policy end marker");
    assert_eq!(
        readme[start..end],
        table,
        "update README from `respondby policy`"
    );
    for class in respondby_core::deadline::classes() {
        assert!(table.contains(&format!("| `{}` |", class.key)));
    }
}

#[test]
fn policy_shows_the_overrides_and_refuses_a_bad_one() {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_respondby"));
    let out = cmd
        .arg("policy")
        .env_clear()
        .env("DEADLINE_POLICY", "guardduty.low=2h,risk.fix=none")
        .output()
        .unwrap();
    let t = String::from_utf8(out.stdout).unwrap();
    assert!(t.contains("| `guardduty.low` | 2h | none |"), "{t}");
    assert!(t.contains("| `risk` | 24h | none |"), "{t}");
    let out = Command::new(env!("CARGO_BIN_EXE_respondby"))
        .arg("policy")
        .env_clear()
        .env("DEADLINE_POLICY", "guardduty.lo=2h")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("guardduty.lo"));
}

#[test]
fn a_display_time_zone_shows_the_deadline_in_its_local_time_too() {
    let run = |zone: &str| {
        Command::new(env!("CARGO_BIN_EXE_respondby"))
            .args([
                "preview",
                "--now",
                "2026-06-24T10:00:00Z",
                &fixture("health/abuse-dos-report.json"),
            ])
            .env_clear()
            .env("DISPLAY_TIME_ZONE", zone)
            .output()
            .unwrap()
    };
    let out = run("Asia/Tokyo");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("2026-06-25 09:14 UTC / 2026-06-25 18:14 JST"),
        "{text}"
    );
    let out = run("Asia/Tokio");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("DISPLAY_TIME_ZONE") && err.contains("Asia/Tokio"),
        "{err}"
    );
}

/// The previews README shows (English and Japanese) are what the command
/// prints today.
#[test]
fn readme_previews_are_what_the_command_prints() {
    let readme =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../README.md"))
            .unwrap();
    for lang in ["en", "ja"] {
        let out = respondby(
            &[
                "preview",
                "--lang",
                lang,
                "--now",
                "2026-06-24T09:59:45Z",
                &fixture("health/abuse-dos-report.json"),
            ],
            None,
        );
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            readme.contains(&format!("```text\n{text}```")),
            "README's {lang} preview is out of date; it is now:\n{text}"
        );
    }
}

/// A cost anomaly goes through preview, plan and reply like the other
/// sources, with the function's own settings read from the environment.
#[test]
fn cost_anomalies_preview_plan_and_reply_like_the_other_sources() {
    let mining = fixture("cost-anomaly/ec2-mining-ap-south-1.json");
    let v = preview_json(&mining);
    assert_eq!(v["action"], "notify");
    assert_eq!(v["alert"]["source"], "cost-anomaly");
    assert_eq!(v["alert"]["severity"], "critical");
    assert_eq!(v["alert"]["region"], "ap-south-1");
    assert_eq!(v["alert"]["respond_by"], "2026-06-24T15:32:07Z");
    assert!(v["reply_draft"].is_null());
    // The plan: reminders up to the 4-hour deadline, then overdue repeats.
    let out = respondby(&["plan", &mining, "--now", "2026-06-24T11:32:07Z"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let plan: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan["respond_by"], "2026-06-24T15:32:07Z");
    let at: Vec<&str> = plan["reminders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["at"].as_str().unwrap())
        .collect();
    for t in [
        "2026-06-24T13:32:07Z",
        "2026-06-24T14:32:07Z",
        "2026-06-24T15:32:07Z",
        "2026-06-24T19:32:07Z",
    ] {
        assert!(at.contains(&t), "{t} not in {at:?}");
    }
    // An anomaly assessed as planned has no deadline and no reminders.
    let planned = respondby(
        &[
            "plan",
            &fixture("cost-anomaly/planned-activity-assessed.json"),
        ],
        None,
    );
    let planned: Value = serde_json::from_slice(&planned.stdout).unwrap();
    assert_eq!(planned["reminders"], serde_json::json!([]));
    // Japanese terminal preview.
    let out = respondby(&["preview", "--lang", "ja", &mining], None);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("支出が想定より$4,857多い") && text.contains("まずチームに確認"),
        "{text}"
    );
    // AWS expects no answer to an anomaly: no reply to draft.
    let out = respondby(&["reply", &mining], None);
    assert_eq!(out.status.code(), Some(3));
    // The function's settings are checked like the others.
    let out = Command::new(env!("CARGO_BIN_EXE_respondby"))
        .args(["preview", &mining])
        .env_clear()
        .env("COST_ANOMALY_THRESHOLDS", "high=lots")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("COST_ANOMALY_THRESHOLDS"));
    let low = Command::new(env!("CARGO_BIN_EXE_respondby"))
        .args(["preview", "--json", &mining])
        .env_clear()
        .env("COST_ANOMALY_THRESHOLDS", "critical=10000,high=5000")
        .output()
        .unwrap();
    let low: Value = serde_json::from_slice(&low.stdout).unwrap();
    assert_eq!(low["alert"]["severity"], "medium");
}
