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
    assert_eq!(out.status.code(), Some(2));
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
    assert_eq!(out.status.code(), Some(2));
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

/// The 17 Regions of README's cost example.
const REGIONS: [&str; 17] = [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ca-central-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-central-1",
    "eu-north-1",
    "ap-south-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-southeast-1",
    "ap-southeast-2",
    "sa-east-1",
];

fn account(i: usize) -> String {
    format!("{:012}", 100_000_000_000u64 + i as u64)
}

/// 100 accounts × 17 Regions in the DynamoDB stand-in, as their heartbeats
/// left them: every Region of account 7 silent since five hours ago,
/// account 42's Mumbai expected and never heard, the rest heard ten
/// minutes ago.
pub async fn seed_spokes(endpoint: &str) {
    use respondby_heartbeat::store::{DynamoSpokes, SpokeStore};
    use respondby_heartbeat::{Heartbeat, SpokeId};
    let sdk = respondby_core::secrets::sdk_defaults()
        .endpoint_url(endpoint)
        .region(aws_sdk_dynamodb::config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_dynamodb::config::Credentials::new(
            "test", "test", None, None, "test",
        ))
        .load()
        .await;
    let store = std::sync::Arc::new(DynamoSpokes::new(&sdk, respondby_testkit::SPOKE_TABLE));
    let now = chrono::Utc::now();
    let mut tasks = tokio::task::JoinSet::new();
    for chunk in 0..10 {
        let store = store.clone();
        tasks.spawn(async move {
            for i in (chunk * 10)..(chunk * 10 + 10) {
                for r in REGIONS {
                    let id = SpokeId::new(&account(i), r);
                    if i == 42 && r == "ap-south-1" {
                        store
                            .expect(&id, now.timestamp(), now.timestamp() + 9000)
                            .await
                            .unwrap();
                        continue;
                    }
                    let ago = if i == 7 {
                        chrono::Duration::hours(5)
                    } else {
                        chrono::Duration::minutes(10)
                    };
                    let at = now - ago;
                    let hb = Heartbeat {
                        id,
                        spoke: Some("respondby-spoke".into()),
                        interval_minutes: Some(60),
                        at,
                        event_id: format!("hb-{i}-{r}"),
                    };
                    store.heard(&hb, at.timestamp() + 150 * 60).await.unwrap();
                }
            }
        });
    }
    while let Some(t) = tasks.join_next().await {
        t.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coverage_lists_every_one_of_1700_spokes_with_its_status() {
    let dynamo = respondby_testkit::DynamoStub::hub().await;
    seed_spokes(&dynamo.endpoint()).await;
    let ep = dynamo.endpoint();
    let names = format!("{}=prod-payments,{}=sandbox", account(7), account(42));
    let env = [
        ("SPOKE_TABLE", respondby_testkit::SPOKE_TABLE),
        ("AWS_ENDPOINT_URL_DYNAMODB", ep.as_str()),
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
        ("AWS_REGION", "us-east-1"),
        ("ACCOUNT_NAMES", names.as_str()),
        // Not yet seeded by the hub: one more Region everywhere expected.
        ("EXPECTED_SPOKES", "*/me-central-1"),
    ];
    let out = tokio::task::block_in_place(|| respondby(&["coverage", "--json"], &env));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(
        rows.len(),
        1700 + 100,
        "every spoke, and me-central-1 in each account"
    );
    let mut seen = std::collections::BTreeSet::new();
    for r in &rows {
        let (a, region) = (
            r["account"].as_str().unwrap(),
            r["region"].as_str().unwrap(),
        );
        assert!(
            seen.insert((a.to_owned(), region.to_owned())),
            "listed twice: {r}"
        );
        let want = match (a, region) {
            (_, "me-central-1") => "never heard",
            (a, "ap-south-1") if a == account(42) => "never heard",
            (a, _) if a == account(7) => "silent",
            _ => "heard",
        };
        assert_eq!(r["status"], want, "{r}");
        assert_eq!(r["last_heard"].is_null(), want == "never heard", "{r}");
        let name = match a {
            a if a == account(7) => Value::from("prod-payments"),
            a if a == account(42) => Value::from("sandbox"),
            _ => Value::Null,
        };
        assert_eq!(r["name"], name, "{r}");
    }
    // The table, with its summary.
    // The table named by the flag instead of SPOKE_TABLE.
    let env = [
        ("AWS_ENDPOINT_URL_DYNAMODB", ep.as_str()),
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
        ("AWS_REGION", "us-east-1"),
        ("ACCOUNT_NAMES", names.as_str()),
    ];
    let out = tokio::task::block_in_place(|| {
        respondby(
            &["coverage", "--spoke-table", respondby_testkit::SPOKE_TABLE],
            &env,
        )
    });
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("ACCOUNT       NAME           REGION"),
        "{}",
        &text[..200]
    );
    assert!(
        text.ends_with("1700 spokes: 1682 heard, 17 silent, 1 never heard\n"),
        "{}",
        &text[text.len() - 200..]
    );
    assert!(
        text.contains(&format!("{}  prod-payments  ap-south-1", account(7))),
        "{text}"
    );
    // Never a Scan.
    assert!(dynamo.calls().iter().all(|c| !c.starts_with("Scan")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coverage_forgets_a_retired_spoke() {
    use respondby_heartbeat::store::{DynamoSpokes, SpokeStore};
    let dynamo = respondby_testkit::DynamoStub::hub().await;
    let ep = dynamo.endpoint();
    let sdk = respondby_core::secrets::sdk_defaults()
        .endpoint_url(&ep)
        .region(aws_sdk_dynamodb::config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_dynamodb::config::Credentials::new(
            "test", "test", None, None, "test",
        ))
        .load()
        .await;
    let store = DynamoSpokes::new(&sdk, respondby_testkit::SPOKE_TABLE);
    let id = respondby_heartbeat::SpokeId::new("111122223333", "ap-south-1");
    store.expect(&id, 0, 100).await.unwrap();
    let env = [
        ("SPOKE_TABLE", respondby_testkit::SPOKE_TABLE),
        ("AWS_ENDPOINT_URL_DYNAMODB", ep.as_str()),
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
        ("AWS_REGION", "us-east-1"),
    ];
    let e = env;
    let out = tokio::task::block_in_place(|| {
        respondby(&["coverage", "--forget", "111122223333/ap-south-1"], &e)
    });
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(store.all(None).await.unwrap().items.is_empty());
    let out =
        tokio::task::block_in_place(|| respondby(&["coverage", "--forget", "prod/mumbai"], &env));
    assert_eq!(out.status.code(), Some(2));
}

/// `--enrich` reads the event's account, as the hub does: with that
/// account's enrichment role when the operator's credentials are of
/// another account, or not at all, saying why; never the operator's own
/// SES account described as the event's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enrich_reads_the_events_account_with_its_role_or_says_why_not() {
    use respondby_testkit::{assumed_account, Api, AwsStub};
    const ROLE: &str = "arn:aws:iam::444455556666:role/respondby-enrichment";
    let aws = AwsStub::builder()
        .caller("111122223333")
        // The operator's own account is healthy; the event's is paused.
        .ses_account(serde_json::json!({"EnforcementStatus": "HEALTHY", "SendingEnabled": true, "ProductionAccessEnabled": true}))
        .ses_account_for(
            "444455556666",
            serde_json::json!({"EnforcementStatus": "SHUTDOWN", "SendingEnabled": false, "ProductionAccessEnabled": true}),
        )
        .role(ROLE, Some("respondby-7f3a9c21"))
        .start()
        .await;
    let ep = aws.endpoint();
    let mut alarm: Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("ses/bounce-rate-review-level.json")).unwrap(),
    )
    .unwrap();
    alarm["account"] = "444455556666".into();
    let file = std::env::temp_dir().join(format!("respondby-enrich-{}.json", std::process::id()));
    std::fs::write(&file, alarm.to_string()).unwrap();
    let file = file.to_string_lossy().into_owned();
    let base = [
        ("AWS_ENDPOINT_URL_SESV2", ep.clone()),
        ("AWS_ENDPOINT_URL_STS", ep.clone()),
        ("AWS_ACCESS_KEY_ID", "AKIAOPERATOR".to_owned()),
        ("AWS_SECRET_ACCESS_KEY", "operator-secret".to_owned()),
        ("AWS_REGION", "us-east-1".to_owned()),
    ];
    let run = |extra: &[(&'static str, &'static str)]| {
        let mut env = base.to_vec();
        env.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
        let file = file.clone();
        async move {
            tokio::task::spawn_blocking(move || {
                let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let out = respondby(&["preview", "--json", "--enrich", &file], &env);
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
                serde_json::from_slice::<Value>(&out.stdout).unwrap()["slack"].to_string()
            })
            .await
            .unwrap()
        }
    };

    // Without a role: not read, and the alert says why.
    let body = run(&[]).await;
    assert!(body.contains("ENRICHMENT_ROLE_NAME"), "{body}");
    assert!(
        !body.contains("Healthy"),
        "the operator's account described: {body}"
    );
    assert!(aws.calls(Api::GetAccount).is_empty());

    // With the role: the event's account, signed with its credentials.
    let body = run(&[
        ("ENRICHMENT_ROLE_NAME", "respondby-enrichment"),
        ("ENRICHMENT_EXTERNAL_ID", "respondby-7f3a9c21"),
    ])
    .await;
    assert!(body.contains("Sending paused"), "{body}");
    let get = aws.calls(Api::GetAccount);
    assert_eq!(get.len(), 1);
    assert_eq!(
        get[0]
            .access_key
            .as_deref()
            .and_then(assumed_account)
            .as_deref(),
        Some("444455556666")
    );
    let _ = std::fs::remove_file(&file);
}
