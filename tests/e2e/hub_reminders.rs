//! Reminders in a hub with `CHANNEL_ROUTES` (issue 19): a case's reminders,
//! and a flood window's summary, go where its first message went, through
//! the sweep's binary.

use aws_sdk_dynamodb::config::{Credentials, Region};
use chrono::{Duration as Hours, Utc};
use respondby_core::plan::ReminderPlan;
use respondby_core::store::{Anchor, DynamoStore, StateStore};
use respondby_core::tracked::Tracked;
use respondby_core::{Alert, DeadlinePolicy, Severity, Source};
use respondby_testkit::{AwsStub, DynamoStub, FunctionProcess, Outcome, RuntimeApi, SlackStub};
use serde_json::json;
use std::time::Duration;

const SWEEP: &str = env!("CARGO_BIN_EXE_respondby-reminders");
const WAIT: Duration = Duration::from_secs(60);
const DEFAULT: &str = "arn:aws:secretsmanager:us-east-1:999988887777:secret:respondby/slack-AbCdEf";
const PAYMENTS: &str = "respondby/payments";

async fn store(endpoint: &str) -> DynamoStore {
    let sdk = respondby_core::secrets::sdk_defaults()
        .endpoint_url(endpoint)
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("test", "test", None, None, "test"))
        .load()
        .await;
    DynamoStore::new(&sdk, "respondby-state")
}

/// A case told 13 hours ago with a 24-hour deadline (its 50% reminder is
/// due), posted to `route`.
fn due_case(key: &str, account: &str, route: Option<&str>) -> Tracked {
    let told = Utc::now() - Hours::hours(13);
    let mut a = Alert::new(
        Source::GuardDuty,
        "Backdoor:EC2/C&CActivity.B",
        Severity::High,
        key,
        told,
    );
    a.account = account.into();
    a.case_key = key.into();
    a.clock = respondby_core::clock::CaseClock::new("guardduty.high", told);
    DeadlinePolicy::default().apply(&mut a);
    let mut c = Tracked::new(&a, None, told);
    c.route = route.map(str::to_owned);
    ReminderPlan::default().start(&mut c, told);
    c
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reminders_and_summaries_go_where_the_case_first_went() {
    let (default, payments) = (
        SlackStub::start(vec![]).await,
        SlackStub::start(vec![]).await,
    );
    let aws = AwsStub::builder()
        .secret(DEFAULT, &default.url())
        .secret(PAYMENTS, &payments.url())
        .start()
        .await;
    let dynamo = DynamoStub::start().await;
    let s = store(&dynamo.endpoint()).await;
    for c in [
        due_case("case-payments", "111122223333", Some(PAYMENTS)),
        due_case("case-sandbox", "444455556666", None),
    ] {
        assert!(s.put_case(&c, None, i64::MAX / 4).await.unwrap());
    }
    // A flood window of the payments account that ended with folds left.
    let now = Utc::now().timestamp();
    let group = "guardduty:Recon:arn:aws:iam::111122223333:user/scraper";
    let anchor = Anchor {
        case_key: "case-payments".into(),
        title: "Recon by scraper".into(),
        message: None,
        route: Some(PAYMENTS.into()),
    };
    s.opened(group, now + 1, 2, &anchor, now + 86_400)
        .await
        .unwrap();
    s.fold(group, now, 2, Some("from 198.51.100.7"))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(2100)).await;

    let api = RuntimeApi::start(vec![json!({"source": "aws.scheduler", "detail": {}})]).await;
    let (ep, ddb) = (aws.endpoint(), dynamo.endpoint());
    let f = FunctionProcess::spawn(
        SWEEP,
        &api.addr(),
        &[
            ("SLACK_WEBHOOK_SECRET_ARN", DEFAULT),
            // Today's routes would send both elsewhere: a case keeps its own.
            ("CHANNEL_ROUTES", "*=respondby/payments"),
            ("AWS_ENDPOINT_URL_SECRETS_MANAGER", ep.as_str()),
            ("DEDUP_TABLE", "respondby-state"),
            ("AWS_ENDPOINT_URL_DYNAMODB", ddb.as_str()),
        ],
    );
    let done = api.wait_for(1, WAIT).await;
    match &done[0].outcome {
        Outcome::Response(r) => {
            assert_eq!(
                (r["reminders"].as_u64(), r["summaries"].as_u64()),
                (Some(2), Some(1)),
                "{r}"
            )
        }
        o => panic!("{o:?}\n{}", f.logs()),
    }
    let to_payments: Vec<String> = payments.delivered().iter().map(|b| b.to_string()).collect();
    let to_default: Vec<String> = default.delivered().iter().map(|b| b.to_string()).collect();
    assert_eq!(to_payments.len(), 2, "{to_payments:?}");
    assert!(to_payments.iter().any(|b| b.contains("case-payments")));
    assert!(
        to_payments.iter().any(|b| b.contains("198.51.100.7")),
        "the summary"
    );
    assert_eq!(to_default.len(), 1, "{to_default:?}");
    assert!(to_default[0].contains("case-sandbox"));
}
