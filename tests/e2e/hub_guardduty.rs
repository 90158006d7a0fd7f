//! The GuardDuty function binary in a hub (issue 19): a finding forwarded
//! from another account shows that account, its name and its Region; a
//! member's finding that reaches the hub twice — through the delegated
//! administrator's feed and through the member's own spoke — pages once,
//! also when the two deliveries race in two function instances.

use respondby_testkit::{fixture, DynamoStub, FunctionProcess, Outcome, RuntimeApi, SlackStub};
use serde_json::Value;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_respondby-guardduty");
const WAIT: Duration = Duration::from_secs(30);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forwarded_finding_shows_its_account_its_name_and_its_region() {
    let slack = SlackStub::start(vec![]).await;
    let api = RuntimeApi::start(vec![fixture("guardduty", "org-member-spoke-copy.json")]).await;
    let url = slack.url();
    let f = FunctionProcess::spawn(
        BIN,
        &api.addr(),
        &[
            ("SLACK_WEBHOOK_URL", url.as_str()),
            (
                "ACCOUNT_NAMES",
                "111122223333=prod-payments,999988887777=security-admin",
            ),
            // The hub runs elsewhere: the event keeps its own Region.
            ("AWS_REGION", "us-east-1"),
        ],
    );
    let done = api.wait_for(1, WAIT).await;
    assert!(
        matches!(&done[0].outcome, Outcome::Response(r) if r["action"] == "notify"),
        "{:?}\n{}",
        done[0].outcome,
        f.logs()
    );
    let posted = slack.delivered();
    assert_eq!(posted.len(), 1);
    let body = posted[0].to_string();
    assert!(body.contains("111122223333 (prod-payments)"), "{body}");
    assert!(body.contains("ap-south-1"), "{body}");
    assert!(
        body.contains("https://ap-south-1.console.aws.amazon.com/guardduty/home?region=ap-south-1"),
        "{body}"
    );
    let text = posted[0]["text"].as_str().unwrap();
    assert!(text.contains("111122223333 (prod-payments)"), "{text}");
}

const REGIONS: [&str; 5] = [
    "us-east-1",
    "eu-west-1",
    "ap-south-1",
    "ap-northeast-1",
    "sa-east-1",
];

/// `n` member findings, each as the administrator's feed and the member's
/// spoke deliver it.
fn both_ways(n: usize) -> (Vec<Value>, Vec<Value>) {
    let admin = fixture("guardduty", "org-admin-feed-member-finding.json");
    let member = fixture("guardduty", "org-member-spoke-copy.json");
    let mut a = Vec::new();
    let mut m = Vec::new();
    for i in 0..n {
        let id = format!("3fe1d0c9b8a7f6e5d4c3b2a1f0e9{i:04}");
        for (from, to) in [(&admin, &mut a), (&member, &mut m)] {
            let mut ev = from.clone();
            ev["id"] = format!("{}-{i}", ev["id"].as_str().unwrap()).into();
            ev["detail"]["id"] = id.clone().into();
            // A resource and a Region of its own: no flood window folds one
            // into another (miners on many instances of one Region are one
            // page by design).
            ev["detail"]["resource"]["instanceDetails"]["instanceId"] =
                format!("i-0b9a8c7d6e5f4{i:04}").into();
            let region = REGIONS[i % REGIONS.len()];
            ev["region"] = region.into();
            ev["detail"]["region"] = region.into();
            to.push(ev);
        }
    }
    (a, m)
}

/// Two function instances (as Lambda runs two concurrent invocations), one
/// given the administrator's copies and one the member spoke's, started
/// together against one state table.
async fn race(table: &str, endpoint: &str, n: usize) -> (SlackStub, Vec<String>) {
    let slack = SlackStub::start(vec![]).await;
    let (admin, member) = both_ways(n);
    let (api_a, api_m) = (
        RuntimeApi::start(vec![]).await,
        RuntimeApi::start(vec![]).await,
    );
    let url = slack.url();
    let env = [
        ("SLACK_WEBHOOK_URL", url.as_str()),
        ("DEDUP_TABLE", table),
        ("AWS_ENDPOINT_URL_DYNAMODB", endpoint),
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
        ("AWS_REGION", "us-east-1"),
    ];
    let fa = FunctionProcess::spawn(BIN, &api_a.addr(), &env);
    let fm = FunctionProcess::spawn(BIN, &api_m.addr(), &env);
    let ready = tokio::time::Instant::now() + WAIT;
    while api_a.first_next_at().is_none() || api_m.first_next_at().is_none() {
        assert!(
            tokio::time::Instant::now() < ready,
            "{}\n{}",
            fa.logs(),
            fm.logs()
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    for (a, m) in admin.into_iter().zip(member) {
        api_a.push(a);
        api_m.push(m);
    }
    let (da, dm) = tokio::join!(api_a.wait_for(n, WAIT), api_m.wait_for(n, WAIT));
    assert_eq!((da.len(), dm.len()), (n, n), "{}\n{}", fa.logs(), fm.logs());
    let actions = da
        .iter()
        .chain(&dm)
        .map(|d| match &d.outcome {
            Outcome::Response(r) => r["action"].as_str().unwrap_or("?").to_owned(),
            o => panic!("{o:?}\n{}\n{}", fa.logs(), fm.logs()),
        })
        .collect();
    (slack, actions)
}

fn assert_paged_once(slack: &SlackStub, mut actions: Vec<String>, n: usize) {
    actions.sort();
    let notified = actions.iter().filter(|a| *a == "notify").count();
    let duplicates = actions.iter().filter(|a| *a == "duplicate").count();
    assert_eq!((notified, duplicates), (n, n), "{actions:?}");
    let posted = slack.delivered();
    assert_eq!(posted.len(), n, "one page per finding");
    for p in &posted {
        let body = p.to_string();
        assert!(
            body.contains("111122223333") && !body.contains("999988887777"),
            "{body}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_finding_through_the_admin_feed_and_the_member_spoke_pages_once_racing() {
    let dynamo = DynamoStub::start().await;
    let (slack, actions) = race("respondby-state", &dynamo.endpoint(), 5).await;
    assert_paged_once(&slack, actions, 5);
}

/// The same race against moto's DynamoDB server (`.ci/moto.sh run` sets
/// RESPONDBY_MOTO_ENDPOINT and creates the table `respondby-state`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs moto_server: .ci/run starts it and runs the ignored tests with RESPONDBY_MOTO_ENDPOINT"]
async fn a_member_finding_through_both_ways_pages_once_racing_against_moto() {
    let endpoint = std::env::var("RESPONDBY_MOTO_ENDPOINT")
        .expect("RESPONDBY_MOTO_ENDPOINT must point at a running moto_server");
    let table = std::env::var("RESPONDBY_MOTO_TABLE").unwrap_or_else(|_| "respondby-state".into());
    let (slack, actions) = race(&table, &endpoint, 5).await;
    assert_paged_once(&slack, actions, 5);
}

/// In the management or a delegated administrator account, names come
/// from Organizations `ListAccounts`, every page, read once at start-up;
/// a name in ACCOUNT_NAMES wins.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn organization_account_names_are_read_once_at_start_and_account_names_win() {
    use respondby_testkit::{Api, AwsStub};
    let slack = SlackStub::start(vec![]).await;
    let aws = AwsStub::builder()
        .organization_accounts(vec![
            serde_json::json!([{"Id": "999988887777", "Name": "security-admin"}]),
            serde_json::json!([
                {"Id": "111122223333", "Name": "Payments Production"},
                {"Id": "444455556666", "Name": "Sandbox"}
            ]),
        ])
        .start()
        .await;
    let mut other = fixture("guardduty", "org-member-spoke-copy.json");
    other["account"] = "444455556666".into();
    other["id"] = "other-account-copy".into();
    other["detail"]["accountId"] = "444455556666".into();
    let api = RuntimeApi::start(vec![
        fixture("guardduty", "org-member-spoke-copy.json"),
        other,
    ])
    .await;
    let (url, ep) = (slack.url(), aws.endpoint());
    let f = FunctionProcess::spawn(
        BIN,
        &api.addr(),
        &[
            ("SLACK_WEBHOOK_URL", url.as_str()),
            ("USE_ORGANIZATIONS_ACCOUNT_NAMES", "true"),
            ("ACCOUNT_NAMES", "111122223333=prod-payments"),
            ("AWS_ENDPOINT_URL_ORGANIZATIONS", ep.as_str()),
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test"),
            ("AWS_REGION", "eu-west-1"),
        ],
    );
    let done = api.wait_for(2, WAIT).await;
    assert_eq!(done.len(), 2, "{}", f.logs());
    let posted = slack.delivered();
    let texts: Vec<&str> = posted.iter().map(|p| p["text"].as_str().unwrap()).collect();
    assert!(
        texts[0].contains("111122223333 (prod-payments)"),
        "{texts:?}"
    );
    assert!(texts[1].contains("444455556666 (Sandbox)"), "{texts:?}");
    assert_eq!(
        aws.calls(Api::ListAccounts).len(),
        2,
        "two pages, read once"
    );
}

/// Outside the management account ListAccounts is refused: the function
/// starts anyway and posts with the names it has.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_organizations_access_alerts_still_go_out_with_the_names_given() {
    use respondby_testkit::{Api, AwsError, AwsStub};
    let slack = SlackStub::start(vec![]).await;
    let aws = AwsStub::builder()
        .error(
            Api::ListAccounts,
            AwsError::new(
                400,
                "AccessDeniedException",
                "You don't have permissions to access this resource.",
            ),
        )
        .start()
        .await;
    let api = RuntimeApi::start(vec![fixture("guardduty", "org-member-spoke-copy.json")]).await;
    let (url, ep) = (slack.url(), aws.endpoint());
    let f = FunctionProcess::spawn(
        BIN,
        &api.addr(),
        &[
            ("SLACK_WEBHOOK_URL", url.as_str()),
            ("USE_ORGANIZATIONS_ACCOUNT_NAMES", "true"),
            ("AWS_ENDPOINT_URL_ORGANIZATIONS", ep.as_str()),
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test"),
            ("AWS_REGION", "eu-west-1"),
        ],
    );
    let done = api.wait_for(1, WAIT).await;
    assert!(
        matches!(&done[0].outcome, Outcome::Response(r) if r["action"] == "notify"),
        "{:?}\n{}",
        done[0].outcome,
        f.logs()
    );
    let logs = f.logs();
    assert!(
        logs.contains("AccessDeniedException"),
        "the reason is logged: {logs}"
    );
}
