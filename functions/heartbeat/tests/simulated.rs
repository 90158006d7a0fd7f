//! Heartbeats and silence on a simulated clock (issue 19): a spoke beats
//! hourly, stops, is alerted once however often the check runs (and when
//! two checks overlap), recovers once when heard again; spokes named in
//! EXPECTED_SPOKES that never start are alerted too. The same script runs
//! against the in-memory stores, the DynamoDB stand-in and (ignored test)
//! moto's DynamoDB.

use aws_sdk_dynamodb::config::{Credentials, Region};
use chrono::{DateTime, Duration, TimeZone, Utc};
use respondby_core::accounts::AccountNames;
use respondby_core::guard::Guard;
use respondby_core::lambda::Settings;
use respondby_core::plan::ReminderPlan;
use respondby_core::route::{Mode, Routes};
use respondby_core::slack::{Delivered, DeliveryError, Poster, RenderOptions, Route};
use respondby_core::store::{DynamoStore, MemoryStore, StateStore};
use respondby_core::tracked::Phase;
use respondby_core::{DeadlinePolicy, Lang};
use respondby_heartbeat::run::Hub;
use respondby_heartbeat::store::{DynamoSpokes, MemorySpokes, SpokeStore};
use respondby_heartbeat::{Coverage, Expected, Heartbeat, SpokeId, Watch};
use respondby_testkit::{DynamoStub, SPOKE_TABLE};
use serde_json::Value;
use std::sync::Mutex;

/// Slack as a list: every message, with the route it was given.
#[derive(Default)]
struct Recorder {
    sent: Mutex<Vec<(String, Option<String>)>>,
}

impl Poster for Recorder {
    async fn post(
        &self,
        body: &Value,
        route: Route<'_>,
        _: tokio::time::Instant,
    ) -> Result<Delivered, DeliveryError> {
        let text = body["text"].as_str().unwrap_or_default().to_owned();
        self.sent
            .lock()
            .unwrap()
            .push((text, route.to.map(str::to_owned)));
        Ok(Delivered {
            attempts: 1,
            at: None,
            fallback: false,
        })
    }
}

impl Recorder {
    fn texts(&self) -> Vec<String> {
        self.sent
            .lock()
            .unwrap()
            .iter()
            .map(|(t, _)| t.clone())
            .collect()
    }
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 24, 0, 0, 0).unwrap()
}

fn beat(account: &str, region: &str, at: DateTime<Utc>) -> Heartbeat {
    Heartbeat {
        id: SpokeId::new(account, region),
        spoke: Some(format!("respondby-spoke-{region}")),
        interval_minutes: Some(60),
        at,
        event_id: format!("hb-{account}-{region}-{}", at.timestamp()),
    }
}

struct World<S, T> {
    guard: Guard<S>,
    spokes: T,
    slack: Recorder,
    watch: Watch,
    names: AccountNames,
    routes: Routes,
    policy: DeadlinePolicy,
    plan: ReminderPlan,
    render: RenderOptions,
}

impl<S: StateStore, T: SpokeStore> World<S, T> {
    fn new(store: S, spokes: T, expected: &str) -> World<S, T> {
        World {
            guard: Guard::new(store, 3600),
            spokes,
            slack: Recorder::default(),
            watch: Watch {
                silence_minutes: 150,
                expected: Expected::parse(expected).unwrap(),
            },
            names: AccountNames::parse("111122223333=prod-payments").unwrap(),
            routes: Routes::parse("111122223333=C0PAY,*=C0HUB", Mode::App).unwrap(),
            policy: DeadlinePolicy::default(),
            plan: ReminderPlan::default(),
            render: RenderOptions::default(),
        }
    }

    fn hub(&self) -> Hub<'_, Recorder, S, T> {
        Hub {
            poster: &self.slack,
            guard: &self.guard,
            spokes: &self.spokes,
            settings: Settings {
                policy: &self.policy,
                render: &self.render,
                lang: Lang::En,
                plan: &self.plan,
                names: &self.names,
                routes: &self.routes,
            },
            watch: &self.watch,
        }
    }

    async fn heard(&self, hb: Heartbeat) -> Value {
        self.hub().heartbeat(&hb, hb.at, far()).await.unwrap()
    }

    async fn check(&self, now: DateTime<Utc>) -> respondby_heartbeat::run::Report {
        self.hub().check(now, far()).await.unwrap()
    }

    async fn coverage(&self, now: DateTime<Utc>) -> Vec<(String, Coverage)> {
        let p = self.spokes.all(None).await.unwrap();
        let mut v: Vec<(String, Coverage)> = p
            .items
            .iter()
            .map(|s| (s.id.text(), s.coverage(now.timestamp())))
            .collect();
        v.sort();
        v
    }
}

fn far() -> tokio::time::Instant {
    tokio::time::Instant::now() + std::time::Duration::from_secs(600)
}

async fn a_day_of_heartbeats<S: StateStore, T: SpokeStore>(w: World<S, T>) {
    let (pay, sandbox) = ("111122223333", "444455556666");
    // Both spokes beat hourly for five hours; checks every five minutes.
    for h in 0..=5 {
        let at = t0() + Duration::hours(h);
        assert_eq!(
            w.heard(beat(pay, "ap-south-1", at)).await["action"],
            "recorded"
        );
        w.heard(beat(sandbox, "us-east-1", at)).await;
        for m in (0..60).step_by(5) {
            let r = w.check(at + Duration::minutes(m)).await;
            assert_eq!(r.silent, 0, "no alert while heartbeats arrive");
        }
    }
    // An old heartbeat delivered late never moves last-heard backwards.
    assert_eq!(
        w.heard(beat(pay, "ap-south-1", t0() + Duration::hours(1)))
            .await["action"],
        "stale"
    );
    // Mumbai stops after 05:00; the sandbox goes on.
    let last = t0() + Duration::hours(5);
    let mut alerted_at = None;
    for step in 1..=60 {
        let now = last + Duration::minutes(5 * step);
        if now.timestamp() % 3600 == 0 {
            w.heard(beat(sandbox, "us-east-1", now)).await;
        }
        let r = w.check(now).await;
        if r.silent > 0 {
            assert!(alerted_at.is_none(), "alerted twice");
            alerted_at = Some(now);
        }
    }
    let alerted_at = alerted_at.expect("the silent spoke was alerted");
    assert_eq!(
        alerted_at,
        last + Duration::minutes(150),
        "after 150 minutes, not before"
    );
    // Two checks at once (a slow run overlapping the next) post nothing more.
    let (a, b) = tokio::join!(
        w.check(alerted_at + Duration::minutes(1)),
        w.check(alerted_at + Duration::minutes(1))
    );
    assert_eq!((a.silent, b.silent), (0, 0));
    let sent = w.slack.sent.lock().unwrap().clone();
    assert_eq!(sent.len(), 1, "{sent:?}");
    let (text, to) = &sent[0];
    assert!(
        text.contains("No heartbeat from 111122223333 (prod-payments) in ap-south-1 since 2026-06-24 05:00 UTC"),
        "{text}"
    );
    assert_eq!(
        to.as_deref(),
        Some("C0HUB"),
        "silence alerts go to the * route"
    );
    assert_eq!(
        w.coverage(alerted_at).await,
        [
            ("111122223333/ap-south-1".to_owned(), Coverage::Silent),
            ("444455556666/us-east-1".to_owned(), Coverage::Heard)
        ]
    );
    let case_key = format!("heartbeat:{pay}:ap-south-1:{}", last.timestamp());
    let case = w
        .guard
        .store
        .load_case(&case_key)
        .await
        .unwrap()
        .expect("tracked");
    assert!(case.is_open() && case.respond_by.is_some());

    // Heard again: one recovery, which resolves the case; a duplicate
    // delivery of that heartbeat posts nothing more.
    let back = alerted_at + Duration::minutes(42);
    assert_eq!(
        w.heard(beat(pay, "ap-south-1", back)).await["action"],
        "recovered"
    );
    assert_eq!(
        w.heard(beat(pay, "ap-south-1", back)).await["action"],
        "recorded"
    );
    let texts = w.slack.texts();
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert!(
        texts[1].contains("[RECOVERED]") && texts[1].contains("again"),
        "{}",
        texts[1]
    );
    let case = w.guard.store.load_case(&case_key).await.unwrap().unwrap();
    assert_eq!(case.phase, Phase::Resolved);
    assert_eq!(w.check(back + Duration::minutes(5)).await.silent, 0);
    assert_eq!(w.slack.texts().len(), 2);
    // A second silence later is a new case.
    let r = w.check(back + Duration::minutes(151)).await;
    assert_eq!(r.silent, 1);
    assert_eq!(w.slack.texts().len(), 3);
}

#[tokio::test]
async fn a_spoke_that_stops_is_alerted_once_and_recovers_once_in_memory() {
    a_day_of_heartbeats(World::new(
        MemoryStore::default(),
        MemorySpokes::default(),
        "",
    ))
    .await;
}

async fn dynamo(endpoint: &str, table: &str, spoke_table: &str) -> (DynamoStore, DynamoSpokes) {
    let sdk = respondby_core::secrets::sdk_defaults()
        .endpoint_url(endpoint)
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("test", "test", None, None, "test"))
        .load()
        .await;
    (
        DynamoStore::new(&sdk, table),
        DynamoSpokes::new(&sdk, spoke_table),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spoke_that_stops_is_alerted_once_and_recovers_once_against_the_stand_in() {
    let stub = DynamoStub::hub().await;
    let (store, spokes) = dynamo(&stub.endpoint(), "respondby-state", SPOKE_TABLE).await;
    a_day_of_heartbeats(World::new(store, spokes, "")).await;
    // Silence was found by Query on the spoke table's one partition,
    // never by Scan; every spoke item is in the spoke table.
    let calls = stub.calls();
    assert!(calls.iter().all(|c| !c.starts_with("Scan")), "{calls:?}");
    assert!(calls.iter().any(|c| c == "Query spoke"), "{calls:?}");
    let spoke_items = stub.items_in(SPOKE_TABLE);
    assert_eq!(spoke_items.len(), 2, "{spoke_items:?}");
    assert!(
        stub.items().iter().all(|i| i["pk"]["S"]
            .as_str()
            .is_some_and(|pk| !pk.starts_with("spoke"))),
        "no spoke in the state table"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs moto_server: .ci/run starts it and runs the ignored tests with RESPONDBY_MOTO_ENDPOINT"]
async fn a_spoke_that_stops_is_alerted_once_and_recovers_once_against_moto() {
    let endpoint = std::env::var("RESPONDBY_MOTO_ENDPOINT")
        .expect("RESPONDBY_MOTO_ENDPOINT must point at a running moto_server");
    let table = std::env::var("RESPONDBY_MOTO_TABLE").unwrap_or_else(|_| "respondby-state".into());
    let spoke_table = moto_spoke_table(&endpoint, "respondby-spokes").await;
    let (store, spokes) = dynamo(&endpoint, &table, &spoke_table).await;
    // Accounts of their own: the moto table is shared by the ignored tests.
    a_day_of_heartbeats(World::new(store, spokes, "")).await;
}

async fn expected_spokes_that_never_start<S: StateStore, T: SpokeStore>(w: World<S, T>) {
    let start = t0();
    // The hub knows 111122223333 from its Mumbai spoke.
    w.heard(beat("111122223333", "ap-south-1", start)).await;
    let r = w.check(start).await;
    // Every check reads every spoke, and again after adding expectations.
    assert_eq!((r.queries, r.spokes), (2, 6), "{r:?}");
    // */us-east-1 in every account known (heard, or named):
    // 111122223333, 555566667777 and 888899990000; 555566667777/eu-west-1
    // as listed; and 888899990000 in any Region.
    assert_eq!(r.expected, 5, "{r:?}");
    assert_eq!(r.silent, 0, "nothing is due before the silence has passed");
    // Each beats until then except the listed ones; Mumbai goes on beating.
    for h in 1..=3 {
        w.heard(beat(
            "111122223333",
            "ap-south-1",
            start + Duration::hours(h),
        ))
        .await;
    }
    let r = w.check(start + Duration::minutes(150)).await;
    assert_eq!(r.silent, 5, "{r:?}");
    let texts = w.slack.texts();
    for needle in [
        "Never heard from 111122223333 (prod-payments) in us-east-1",
        "Never heard from 555566667777 in eu-west-1",
        "Never heard from 555566667777 in us-east-1",
        "Never heard from 888899990000 in us-east-1",
        "Never heard from 888899990000 in any Region",
    ] {
        assert!(
            texts.iter().any(|t| t.contains(needle)),
            "{needle}: {texts:?}"
        );
    }
    assert_eq!(w.check(start + Duration::minutes(155)).await.silent, 0);
    // 888899990000 starts, in one Region: the account-wide alert recovers
    // at the next listing; the us-east-1 spoke recovers with its first beat.
    let first = start + Duration::minutes(170);
    w.heard(beat("888899990000", "eu-central-1", first)).await;
    assert_eq!(
        w.heard(beat("111122223333", "us-east-1", first)).await["action"],
        "recovered"
    );
    let r = w.check(first + Duration::minutes(5)).await;
    assert_eq!(r.recovered, 1, "{r:?}");
    let texts = w.slack.texts();
    assert_eq!(texts.len(), 7, "{texts:?}");
    assert!(texts
        .iter()
        .any(|t| t.contains("[RECOVERED]") && t.contains("888899990000")));
    let cov = w.coverage(first + Duration::minutes(5)).await;
    assert!(
        cov.contains(&("555566667777/eu-west-1".into(), Coverage::NeverHeard)),
        "{cov:?}"
    );
    assert!(!cov.iter().any(|(id, _)| id.ends_with("/*")), "{cov:?}");
}

#[tokio::test]
async fn expected_spokes_that_never_start_are_alerted_in_memory() {
    expected_spokes_that_never_start(World::new(
        MemoryStore::default(),
        MemorySpokes::default(),
        "*/us-east-1 555566667777/eu-west-1 888899990000/*",
    ))
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expected_spokes_that_never_start_are_alerted_against_the_stand_in() {
    let stub = DynamoStub::hub().await;
    let (store, spokes) = dynamo(&stub.endpoint(), "respondby-state", SPOKE_TABLE).await;
    expected_spokes_that_never_start(World::new(
        store,
        spokes,
        "*/us-east-1 555566667777/eu-west-1 888899990000/*",
    ))
    .await;
}

/// The spoke table in moto, as template.yaml declares it (`pk` S, sort key
/// `spoke` S, no index, TTL on `expires_at`), made once per server.
async fn moto_spoke_table(endpoint: &str, name: &str) -> String {
    use aws_sdk_dynamodb::types::{
        AttributeDefinition, BillingMode, KeySchemaElement, KeyType, ScalarAttributeType,
        TimeToLiveSpecification,
    };
    let name = name.to_owned();
    let sdk = respondby_core::secrets::sdk_defaults()
        .endpoint_url(endpoint)
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("test", "test", None, None, "test"))
        .load()
        .await;
    let client = aws_sdk_dynamodb::Client::new(&sdk);
    let attr = |n: &str| {
        AttributeDefinition::builder()
            .attribute_name(n)
            .attribute_type(ScalarAttributeType::S)
            .build()
            .unwrap()
    };
    let key = |n: &str, t: KeyType| {
        KeySchemaElement::builder()
            .attribute_name(n)
            .key_type(t)
            .build()
            .unwrap()
    };
    let made = client
        .create_table()
        .table_name(&name)
        .billing_mode(BillingMode::PayPerRequest)
        .attribute_definitions(attr("pk"))
        .attribute_definitions(attr("spoke"))
        .key_schema(key("pk", KeyType::Hash))
        .key_schema(key("spoke", KeyType::Range))
        .send()
        .await;
    match made {
        Ok(_) => {
            client
                .update_time_to_live()
                .table_name(&name)
                .time_to_live_specification(
                    TimeToLiveSpecification::builder()
                        .enabled(true)
                        .attribute_name("expires_at")
                        .build()
                        .unwrap(),
                )
                .send()
                .await
                .unwrap();
        }
        Err(e) => {
            use aws_sdk_dynamodb::error::ProvideErrorMetadata;
            assert_eq!(e.code(), Some("ResourceInUseException"), "{e:?}");
        }
    }
    name
}

/// The heartbeat's one conditional write never moves last-heard backwards,
/// and the check's Query lists every spoke of the partition across pages,
/// against moto's DynamoDB.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs moto_server: .ci/run starts it and runs the ignored tests with RESPONDBY_MOTO_ENDPOINT"]
async fn the_spoke_table_never_goes_backwards_and_lists_every_spoke_against_moto() {
    let endpoint = std::env::var("RESPONDBY_MOTO_ENDPOINT")
        .expect("RESPONDBY_MOTO_ENDPOINT must point at a running moto_server");
    // A table of its own: the day above lists its spokes exactly.
    let spoke_table = moto_spoke_table(&endpoint, "respondby-spokes-writes").await;
    let (_, spokes) = dynamo(&endpoint, "unused", &spoke_table).await;
    use respondby_heartbeat::store::Heard;
    let at = t0() + Duration::days(400);
    let id = ("210987654321", "me-central-1");
    let r = spokes
        .heard(&beat(id.0, id.1, at), at.timestamp() + 9000)
        .await
        .unwrap();
    assert!(matches!(r, Heard::Recorded { .. }), "{r:?}");
    let older = spokes
        .heard(&beat(id.0, id.1, at - Duration::hours(1)), 0)
        .await
        .unwrap();
    assert_eq!(older, Heard::Stale, "an older heartbeat changes nothing");
    let again = spokes
        .heard(&beat(id.0, id.1, at), at.timestamp() + 9000)
        .await
        .unwrap();
    match again {
        Heard::Recorded { before: Some(b) } => {
            assert_eq!(b.last_heard, Some(at.timestamp()));
            assert_eq!(b.due_at, at.timestamp() + 9000, "not the stale one's");
        }
        other => panic!("{other:?}"),
    }
    // 150 more spokes of another account: the partition's Query lists
    // them all with the first, following LastEvaluatedKey if any.
    for i in 0..150 {
        let region = format!("zz-test-{i}");
        spokes
            .heard(&beat("210987654322", &region, at), at.timestamp() + 9000)
            .await
            .unwrap();
    }
    let mut all = Vec::new();
    let mut page: Option<String> = None;
    loop {
        let p = spokes.all(page.as_deref()).await.unwrap();
        all.extend(p.items);
        match p.next {
            Some(n) => page = Some(n),
            None => break,
        }
    }
    let mine: Vec<_> = all
        .iter()
        .filter(|s| s.id.account.starts_with("21098765432"))
        .collect();
    assert_eq!(mine.len(), 151);
    let first = mine.iter().find(|s| s.id.account == id.0).unwrap();
    assert_eq!(first.last_heard, Some(at.timestamp()));
    assert_eq!(first.due_at, at.timestamp() + 9000);
}
