//! The state store's semantics, one script run against every implementation:
//! the in-memory store, the DynamoDB store (real SDK) against the testkit's
//! DynamoDB stand-in, and — run by `.ci/run` — against moto's DynamoDB
//! server, an implementation we did not write.

use aws_sdk_dynamodb::config::{Credentials, Region};
use chrono::{TimeZone, Utc};
use respondby_core::alert::{Alert, Severity, Source};
use respondby_core::store::{
    Anchor, Claim, Consumed, Due, DynamoStore, Fold, MemoryStore, Settled, StateStore,
};
use respondby_core::tracked::{Action, Mark, Tracked};
use respondby_testkit::DynamoStub;

fn case(key: &str, due_at: Option<i64>) -> Tracked {
    let t = Utc.with_ymd_and_hms(2026, 6, 24, 9, 0, 0).unwrap();
    let mut a = Alert::new(
        Source::Health,
        "AWS_ABUSE_DOS_REPORT",
        Severity::Critical,
        "t",
        t,
    );
    a.case_key = key.into();
    a.respond_by = Some(t + chrono::Duration::hours(24));
    let mut c = Tracked::new(&a, None, t);
    c.next_due = due_at.map(|s| Utc.timestamp_opt(s, 0).unwrap());
    c
}

/// Every store operation, with what each returned.
async fn script(store: &impl StateStore) -> Vec<String> {
    let mut seen = Vec::new();
    macro_rules! log {
        ($what:expr, $e:expr) => {
            seen.push(format!("{}: {:?}", $what, $e))
        };
    }
    // Claims.
    log!("claim", store.claim("k", "t1", 100, 160, 999).await);
    log!(
        "claim while held",
        store.claim("k", "t2", 101, 161, 999).await
    );
    log!(
        "settle",
        store.settle("k", "t1", Settled::Posted, 999).await
    );
    log!(
        "claim when posted",
        store.claim("k", "t3", 102, 162, 999).await
    );
    log!("claim k2", store.claim("k2", "t1", 100, 160, 999).await);
    log!("release k2", store.release("k2", "t1").await);
    log!(
        "claim k2 again",
        store.claim("k2", "t2", 101, 161, 999).await
    );
    log!("claim k3", store.claim("k3", "t1", 100, 160, 999).await);
    log!(
        "claim k3 after lease",
        store.claim("k3", "t2", 200, 260, 999).await
    );
    log!(
        "settle with a lost claim",
        store
            .settle("k3", "t1", Settled::Posted, 999)
            .await
            .is_err()
    );
    log!(
        "settle folded",
        store.settle("k3", "t2", Settled::Folded, 999).await
    );
    log!(
        "claim when folded",
        store.claim("k3", "t4", 300, 360, 999).await
    );

    // Flood groups.
    let anchor = Anchor {
        case_key: "c1".into(),
        title: "first".into(),
        message: None,
        route: None,
    };
    log!("fold, no window", store.fold("g", 100, 3, Some("a")).await);
    log!("opened", store.opened("g", 200, 3, &anchor, 9999).await);
    log!("fold a", store.fold("g", 150, 3, Some("a")).await);
    log!("fold a again", store.fold("g", 151, 3, Some("a")).await);
    log!("fold b", store.fold("g", 152, 3, Some("b")).await);
    log!("more severe", store.fold("g", 153, 4, Some("b")).await);
    log!("consume", store.consume("g", 0).await);
    log!("consume again, stale", store.consume("g", 0).await);
    log!("fold c", store.fold("g", 154, 3, Some("c")).await);
    let back = {
        let mut c = Consumed {
            count: 3,
            ..Default::default()
        };
        c.members.insert("a".into(), 2);
        c.members.insert("b".into(), 1);
        c
    };
    log!("unconsume", store.unconsume("g", &back).await);
    log!("consume all", store.consume("g", 0).await);
    log!("due groups", due_keys(store, 250).await);
    log!(
        "clear with stale count",
        store.clear_group_due("g", 3).await
    );
    log!("still due", due_keys(store, 250).await);
    log!("clear", store.clear_group_due("g", 4).await);
    log!("not due", due_keys(store, 250).await);
    log!("window over", store.fold("g", 250, 3, Some("a")).await);
    log!("close window", store.close_window("g", 170).await);
    log!("closed", store.fold("g", 180, 3, Some("a")).await);

    // Cases, with optimistic concurrency.
    let c1 = case("c1", Some(500));
    log!("put new", store.put_case(&c1, None, 9999).await);
    log!("put new again", store.put_case(&c1, None, 9999).await);
    let loaded = store.load_case("c1").await.unwrap().unwrap();
    log!("version", loaded.version);
    let mut acked = loaded.clone();
    acked
        .apply(
            Action::Acknowledge,
            Mark::user("U0SATO", Some("sato"), Utc.timestamp_opt(400, 0).unwrap()),
        )
        .unwrap();
    log!("put acked", store.put_case(&acked, Some(1), 9999).await);
    log!("put stale", store.put_case(&loaded, Some(1), 9999).await);
    let now = store.load_case("c1").await.unwrap().unwrap();
    log!(
        "phase",
        (now.phase, now.version, now.acked.clone().map(|m| m.by))
    );
    log!("due cases", due_keys(store, 600).await);
    log!("not due yet", due_keys(store, 499).await);
    let mut resolved = now.clone();
    resolved
        .apply(
            Action::Resolve,
            Mark::user("U0SATO", None, Utc.timestamp_opt(450, 0).unwrap()),
        )
        .unwrap();
    resolved.next_due = None;
    log!(
        "put resolved",
        store.put_case(&resolved, Some(2), 9999).await
    );
    log!("resolved not due", due_keys(store, 600).await);
    log!(
        "new episode",
        store.put_case(&case("c1", None), None, 9999).await
    );
    // A new episode goes on from the old one's version, so a slow writer
    // still holding a version of the old episode cannot overwrite it.
    let episode = store.load_case("c1").await.unwrap().unwrap();
    log!("new episode version", episode.version);
    let mut ep_acked = episode.clone();
    ep_acked
        .apply(
            Action::Acknowledge,
            Mark::user("U0TANAKA", None, Utc.timestamp_opt(700, 0).unwrap()),
        )
        .unwrap();
    log!(
        "ack the new episode",
        store.put_case(&ep_acked, Some(episode.version), 9999).await
    );
    log!(
        "slow writer of the old episode",
        store.put_case(&acked, Some(2), 9999).await
    );
    log!(
        "the new episode stands",
        store
            .load_case("c1")
            .await
            .unwrap()
            .map(|c| (c.version, c.acked.map(|m| m.by)))
    );
    log!(
        "a new episode over an open one",
        store.put_case(&case("c1", None), None, 9999).await
    );
    log!(
        "unknown case",
        store.load_case("nope").await.map(|c| c.is_none())
    );
    seen
}

async fn due_keys(store: &impl StateStore, now: i64) -> Vec<String> {
    let mut keys = Vec::new();
    let mut page = None;
    loop {
        let p = store.due(now, page.as_deref()).await.unwrap();
        for d in p.items {
            keys.push(match d {
                Due::Case(c) => format!("case {}", c.case_key),
                Due::Group(g) => format!("group {} pending {}", g.group, g.pending()),
            });
        }
        match p.next {
            Some(n) => page = Some(n),
            None => break,
        }
    }
    keys.sort();
    keys
}

/// The SDK's configuration for a local DynamoDB (the stand-in or moto).
async fn local_sdk(endpoint: &str) -> aws_config::SdkConfig {
    respondby_core::secrets::sdk_defaults()
        .endpoint_url(endpoint)
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("test", "test", None, None, "test"))
        .load()
        .await
}

async fn dynamo(endpoint: &str, table: &str) -> DynamoStore {
    DynamoStore::new(&local_sdk(endpoint).await, table)
}

fn check(results: &[String]) {
    let get = |what: &str| {
        results
            .iter()
            .find(|r| r.starts_with(&format!("{what}: ")))
            .unwrap_or_else(|| panic!("no {what} in {results:#?}"))
            .clone()
    };
    let ok = |what: &str, v: &str| assert_eq!(get(what), format!("{what}: {v}"), "{results:#?}");
    ok("claim", &format!("{:?}", Ok::<_, ()>(Claim::Claimed)));
    ok(
        "claim while held",
        &format!("{:?}", Ok::<_, ()>(Claim::Busy)),
    );
    ok(
        "claim when posted",
        &format!("{:?}", Ok::<_, ()>(Claim::Done)),
    );
    ok(
        "claim k2 again",
        &format!("{:?}", Ok::<_, ()>(Claim::Claimed)),
    );
    ok(
        "claim k3 after lease",
        &format!("{:?}", Ok::<_, ()>(Claim::Claimed)),
    );
    ok("settle with a lost claim", "true");
    ok(
        "claim when folded",
        &format!("{:?}", Ok::<_, ()>(Claim::Done)),
    );
    assert!(get("fold b").contains("pending: 3"), "{results:#?}");
    assert!(get("more severe").contains("NoWindow { pending: 3, reported: 0 }"));
    assert!(get("consume").contains("count: 3") && get("consume").contains("\"a\": 2"));
    ok("consume again, stale", "Ok(None)");
    assert!(get("consume all").contains("count: 4"), "{results:#?}");
    ok("due groups", "[\"group g pending 0\"]");
    ok("still due", "[\"group g pending 0\"]");
    ok("not due", "[]");
    assert!(get("closed").contains("NoWindow"), "{results:#?}");
    ok("put new", "Ok(true)");
    ok("put new again", "Ok(false)");
    ok("version", "1");
    ok("put acked", "Ok(true)");
    ok("put stale", "Ok(false)");
    ok("phase", "(Acknowledged, 2, Some(\"U0SATO\"))");
    ok("due cases", "[\"case c1\"]");
    ok("not due yet", "[]");
    ok("resolved not due", "[]");
    ok("new episode", "Ok(true)");
    ok("new episode version", "4");
    ok("ack the new episode", "Ok(true)");
    ok("slow writer of the old episode", "Ok(false)");
    ok("the new episode stands", "Some((5, Some(\"U0TANAKA\")))");
    ok("a new episode over an open one", "Ok(false)");
    ok("unknown case", "Ok(true)");
    let _ = Fold::NoWindow {
        pending: 0,
        reported: 0,
    };
}

#[tokio::test]
async fn the_memory_store_keeps_the_documented_semantics() {
    check(&script(&MemoryStore::default()).await);
}

#[tokio::test]
async fn the_dynamodb_store_behaves_like_memory_against_the_stand_in() {
    let stub = DynamoStub::start().await;
    let dynamo = script(&dynamo(&stub.endpoint(), "state").await).await;
    check(&dynamo);
    assert_eq!(dynamo, script(&MemoryStore::default()).await);
    // What is due is found with a Query on the index, never a Scan.
    let calls = stub.calls();
    assert!(calls.iter().any(|c| c.starts_with("Query")), "{calls:?}");
    assert!(!calls.iter().any(|c| c.starts_with("Scan")), "{calls:?}");
}

/// Counts taken for a post that then failed are given back whole, however
/// many distinct members the flood had (DynamoDB refuses an expression over
/// 4 KB) and when the repeats had no member at all.
async fn give_back_whole(store: &impl StateStore) {
    let anchor = Anchor {
        case_key: "c".into(),
        title: "t".into(),
        message: None,
        route: None,
    };
    store
        .opened("wide", 10_000, 3, &anchor, 99_999)
        .await
        .unwrap();
    for i in 0..150 {
        store
            .fold("wide", 100, 3, Some(&format!("203.0.113.{i}")))
            .await
            .unwrap();
    }
    let taken = store.consume("wide", 0).await.unwrap().unwrap();
    assert_eq!((taken.count, taken.members.len()), (150, 150));
    store.unconsume("wide", &taken).await.unwrap();
    let again = store.consume("wide", 0).await.unwrap().unwrap();
    assert_eq!(again, taken);

    store
        .opened("bare", 10_000, 3, &anchor, 99_999)
        .await
        .unwrap();
    for _ in 0..3 {
        store.fold("bare", 100, 3, None).await.unwrap();
    }
    let taken = store.consume("bare", 0).await.unwrap().unwrap();
    assert_eq!((taken.count, taken.members.len()), (3, 0));
    store.unconsume("bare", &taken).await.unwrap();
    assert_eq!(store.consume("bare", 0).await.unwrap().unwrap(), taken);
}

#[tokio::test]
async fn counts_are_given_back_whole_for_any_number_of_members() {
    give_back_whole(&MemoryStore::default()).await;
    let stub = DynamoStub::start().await;
    give_back_whole(&dynamo(&stub.endpoint(), "state").await).await;
}

/// A group TTL already deleted is not made again by a late sweep: it would
/// come back without its expiry and stay for ever.
#[tokio::test]
async fn a_group_ttl_deleted_is_not_made_again() {
    let stub = DynamoStub::start().await;
    let store = dynamo(&stub.endpoint(), "state").await;
    assert_eq!(store.consume("gone", 0).await.unwrap(), None);
    store.clear_group_due("gone", 0).await.unwrap();
    assert!(
        stub.item("group#gone").is_none(),
        "{:?}",
        stub.item("group#gone")
    );
    assert_eq!(
        MemoryStore::default().consume("gone", 0).await.unwrap(),
        None
    );
}

/// The due index pages: 250 due cases come back, each once.
#[tokio::test]
async fn the_due_index_pages_through_every_due_case_once() {
    let stub = DynamoStub::start().await;
    let store = dynamo(&stub.endpoint(), "state").await;
    for i in 0..250 {
        assert!(store
            .put_case(&case(&format!("c{i:03}"), Some(100 + i)), None, 9999)
            .await
            .unwrap());
    }
    let keys = due_keys(&store, 1000).await;
    assert_eq!(keys.len(), 250);
    let memory = MemoryStore::default();
    for i in 0..250 {
        memory
            .put_case(&case(&format!("c{i:03}"), Some(100 + i)), None, 9999)
            .await
            .unwrap();
    }
    assert_eq!(keys, due_keys(&memory, 1000).await);
}

/// Races, as EventBridge's at-least-once delivery and Lambda's retries make
/// them: 16 invocations claim one event at once (one wins); 200 repeats
/// fold at once while 8 messages race to report them (every repeat is
/// reported exactly once, none twice, the count never negative).
async fn races(store: std::sync::Arc<impl StateStore + 'static>, prefix: &str) {
    use std::sync::Arc;
    let key = format!("{prefix}-event");
    let claims = (0..16).map(|i| {
        let (store, key) = (Arc::clone(&store), key.clone());
        tokio::spawn(async move {
            store
                .claim(&key, &format!("t{i}"), 100, 160, 999)
                .await
                .unwrap()
        })
    });
    let won = futures_all(claims.collect())
        .await
        .into_iter()
        .filter(|c| *c == Claim::Claimed)
        .count();
    assert_eq!(won, 1, "exactly one invocation may post the event");

    let group = format!("{prefix}-group");
    let anchor = Anchor {
        case_key: "c".into(),
        title: "t".into(),
        message: None,
        route: None,
    };
    store
        .opened(&group, 10_000, 3, &anchor, 99_999)
        .await
        .unwrap();
    let folds = (0..200).map(|i| {
        let (store, group) = (Arc::clone(&store), group.clone());
        tokio::spawn(async move {
            store
                .fold(&group, 100, 3, Some(&format!("m{}", i % 7)))
                .await
                .unwrap()
        })
    });
    let takers = (0..8).map(|_| {
        let (store, group) = (Arc::clone(&store), group.clone());
        tokio::spawn(async move {
            let mut taken = 0u64;
            for _ in 0..20 {
                let reported = match store.fold(&group, 20_000, 3, None).await.unwrap() {
                    Fold::NoWindow { reported, .. } | Fold::Counted { reported, .. } => reported,
                };
                if let Some(c) = store.consume(&group, reported).await.unwrap() {
                    assert_eq!(c.members.values().sum::<u64>(), c.count, "{c:?}");
                    taken += c.count;
                }
                tokio::task::yield_now().await;
            }
            taken
        })
    });
    let folded = futures_all(folds.collect()).await;
    assert!(
        folded.iter().all(|f| matches!(f, Fold::Counted { .. })),
        "{folded:?}"
    );
    let mut reported: u64 = futures_all(takers.collect()).await.into_iter().sum();
    // What was still pending after the race.
    if let Some(c) = store.consume(&group, reported).await.unwrap() {
        reported += c.count;
    }
    assert_eq!(reported, 200, "each folded repeat is reported once");
}

async fn futures_all<T: Send + 'static>(handles: Vec<tokio::task::JoinHandle<T>>) -> Vec<T> {
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_claims_and_folds_count_once_in_memory_and_against_the_stand_in() {
    races(std::sync::Arc::new(MemoryStore::default()), "mem").await;
    let stub = DynamoStub::start().await;
    races(
        std::sync::Arc::new(dynamo(&stub.endpoint(), "state").await),
        "ddb",
    )
    .await;
}

/// The races against moto's DynamoDB server.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs moto_server: .ci/run starts it and runs the ignored tests with RESPONDBY_MOTO_ENDPOINT"]
async fn racing_claims_and_folds_count_once_against_moto() {
    let endpoint = std::env::var("RESPONDBY_MOTO_ENDPOINT")
        .expect("RESPONDBY_MOTO_ENDPOINT must point at a running moto_server");
    let table = format!("respondby-{}", fastrand::u32(..));
    create_state_table(&endpoint, &table).await;
    races(std::sync::Arc::new(dynamo(&endpoint, &table).await), "moto").await;
}

/// Against moto's DynamoDB server (`.ci/run` starts it and sets
/// RESPONDBY_MOTO_ENDPOINT): the same script, the same answers.
#[tokio::test]
#[ignore = "needs moto_server: .ci/run starts it and runs the ignored tests with RESPONDBY_MOTO_ENDPOINT"]
async fn the_dynamodb_store_behaves_like_memory_against_moto() {
    let endpoint = std::env::var("RESPONDBY_MOTO_ENDPOINT")
        .expect("RESPONDBY_MOTO_ENDPOINT must point at a running moto_server");
    let table = format!("respondby-{}", fastrand::u32(..));
    create_state_table(&endpoint, &table).await;
    let results = script(&dynamo(&endpoint, &table).await).await;
    check(&results);
    assert_eq!(results, script(&MemoryStore::default()).await);
}

/// The table as template.yaml declares it: `pk`, and the sparse due index.
async fn create_state_table(endpoint: &str, table: &str) {
    use aws_sdk_dynamodb::types::{
        AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType,
        Projection, ProjectionType, ScalarAttributeType,
    };
    let sdk = local_sdk(endpoint).await;
    let attr = |n: &str, t| {
        AttributeDefinition::builder()
            .attribute_name(n)
            .attribute_type(t)
            .build()
            .unwrap()
    };
    let key = |n: &str, t| {
        KeySchemaElement::builder()
            .attribute_name(n)
            .key_type(t)
            .build()
            .unwrap()
    };
    // Both indexes have the same keys (due_shard, due_at).
    let index = |name: &str, projection: Projection| {
        GlobalSecondaryIndex::builder()
            .index_name(name)
            .key_schema(key("due_shard", KeyType::Hash))
            .key_schema(key("due_at", KeyType::Range))
            .projection(projection)
            .build()
            .unwrap()
    };
    aws_sdk_dynamodb::Client::new(&sdk)
        .create_table()
        .table_name(table)
        .billing_mode(BillingMode::PayPerRequest)
        .attribute_definitions(attr("pk", ScalarAttributeType::S))
        .attribute_definitions(attr("due_shard", ScalarAttributeType::S))
        .attribute_definitions(attr("due_at", ScalarAttributeType::N))
        .key_schema(key("pk", KeyType::Hash))
        .global_secondary_indexes(index(
            respondby_core::store::DUE_INDEX,
            Projection::builder()
                .projection_type(ProjectionType::All)
                .build(),
        ))
        .global_secondary_indexes(index(
            respondby_core::store::LISTING_INDEX,
            Projection::builder()
                .projection_type(ProjectionType::Include)
                .non_key_attributes("listed")
                .non_key_attributes("version")
                .build(),
        ))
        .send()
        .await
        .expect("create the state table in moto");
}

/// The open-case listing (Home tab, `/respondby open`, `respondby open`):
/// 300 cases of about 4 KB each (more than one 1 MB page of a Query), a
/// flood group on the same index, and cases resolved afterwards: every
/// open case once, soonest deadline first, no group, no resolved case.
async fn listing_script(store: &impl StateStore, listing_pages: Option<usize>) {
    use respondby_core::listing::{deadline, open_cases};
    let long = "x".repeat(4000);
    for i in 0..300 {
        let mut c = case(&format!("c{i:03}"), Some(1_000 + (i * 7919) % 300));
        c.alert.description = Some(long.clone());
        c.respond_by = Some(
            Utc.timestamp_opt(2_000_000 + ((i * 104_729) % 300) * 60, 0)
                .unwrap(),
        );
        assert!(store.put_case(&c, None, 4_000_000_000).await.unwrap());
    }
    let anchor = Anchor {
        case_key: "c000".into(),
        title: "t".into(),
        message: None,
        route: None,
    };
    store
        .opened("g", 5_000, 4, &anchor, 4_000_000_000)
        .await
        .unwrap();
    store.fold("g", 10, 4, Some("m")).await.unwrap();
    let listed = open_cases(store).await.unwrap();
    assert_eq!(listed.len(), 300);
    assert!(listed
        .windows(2)
        .all(|w| deadline(&w[0]) <= deadline(&w[1])));
    // Lists read what they show, not AWS's long text: each case as its
    // listing copy, with its deadlines, title and version.
    for c in &listed {
        assert_eq!(c.alert.description, None, "{} read whole", c.case_key);
        assert_eq!(c.alert.title, "t");
        assert!(c.respond_by.is_some() && c.next_due.is_some());
        assert_eq!(c.version, 1, "{}", c.case_key);
    }
    // The listing index holds only the listing copies: 300 cases of ~4 KB
    // are one Query page of DynamoDB's 1 MB (the memory store pages by 100,
    // the flood group included).
    let mut pages = 0;
    let mut page: Option<String> = None;
    loop {
        let p = store.listing_page(page.as_deref()).await.unwrap();
        pages += 1;
        match p.next {
            Some(n) => page = Some(n),
            None => break,
        }
    }
    if let Some(expected) = listing_pages {
        assert_eq!(pages, expected, "pages for 300 cases of ~4 KB");
    }
    // Resolving a case takes it off the index.
    let now = Utc.timestamp_opt(1_500, 0).unwrap();
    for i in [0, 150, 299] {
        let mut c = store.load_case(&format!("c{i:03}")).await.unwrap().unwrap();
        let v = c.version;
        c.apply(Action::Resolve, Mark::user("U1", None, now))
            .unwrap();
        respondby_core::plan::ReminderPlan::default().reschedule(&mut c, now);
        assert_eq!(c.next_due, None);
        assert!(store.put_case(&c, Some(v), 4_000_000_000).await.unwrap());
    }
    let listed = open_cases(store).await.unwrap();
    assert_eq!(listed.len(), 297);
    assert!(!listed
        .iter()
        .any(|c| ["c000", "c150", "c299"].contains(&c.case_key.as_str())));
}

#[tokio::test]
async fn the_open_case_listing_pages_and_drops_resolved_cases() {
    listing_script(&MemoryStore::default(), Some(4)).await;
    let stub = DynamoStub::start().await;
    listing_script(&dynamo(&stub.endpoint(), "state").await, Some(1)).await;
}

/// A case written before the listing copy existed (no `listed`) is
/// listed all the same, read whole; its next write adds the copy.
async fn legacy_script(store: &DynamoStore, client: &aws_sdk_dynamodb::Client, table: &str) {
    use aws_sdk_dynamodb::types::AttributeValue;
    let mut c = case("old", Some(1_000));
    c.alert.description = Some("AWS's long text".into());
    assert!(store.put_case(&c, None, 4_000_000_000).await.unwrap());
    client
        .update_item()
        .table_name(table)
        .key("pk", AttributeValue::S("case#old".into()))
        .update_expression("REMOVE listed")
        .send()
        .await
        .unwrap();
    assert!(store
        .put_case(&case("new", Some(2_000)), None, 4_000_000_000)
        .await
        .unwrap());
    let listed = respondby_core::listing::open_cases(store).await.unwrap();
    let keys: Vec<&str> = listed.iter().map(|c| c.case_key.as_str()).collect();
    // The same deadline: by case key.
    assert_eq!(keys, ["new", "old"]);
    let old = listed.iter().find(|c| c.case_key == "old").unwrap();
    assert_eq!(old.alert.description, None, "listed as lists show it");
    assert_eq!(old.version, 1);
}

async fn raw_client(endpoint: &str) -> aws_sdk_dynamodb::Client {
    aws_sdk_dynamodb::Client::new(&local_sdk(endpoint).await)
}

#[tokio::test]
async fn a_case_written_before_the_listing_copy_is_still_listed() {
    let stub = DynamoStub::start().await;
    let store = dynamo(&stub.endpoint(), "state").await;
    legacy_script(&store, &raw_client(&stub.endpoint()).await, "state").await;
}

#[tokio::test]
#[ignore = "needs moto_server: .ci/run starts it and runs the ignored tests with RESPONDBY_MOTO_ENDPOINT"]
async fn a_case_written_before_the_listing_copy_is_still_listed_against_moto() {
    let endpoint = std::env::var("RESPONDBY_MOTO_ENDPOINT")
        .expect("RESPONDBY_MOTO_ENDPOINT must point at a running moto_server");
    let table = format!("respondby-{}", fastrand::u32(..));
    create_state_table(&endpoint, &table).await;
    let store = dynamo(&endpoint, &table).await;
    legacy_script(&store, &raw_client(&endpoint).await, &table).await;
}

/// The listing against moto's DynamoDB (its own 1 MB pages and GSI).
#[tokio::test]
#[ignore = "needs moto_server: .ci/run starts it and runs the ignored tests with RESPONDBY_MOTO_ENDPOINT"]
async fn the_open_case_listing_pages_and_drops_resolved_cases_against_moto() {
    let endpoint = std::env::var("RESPONDBY_MOTO_ENDPOINT")
        .expect("RESPONDBY_MOTO_ENDPOINT must point at a running moto_server");
    let table = format!("respondby-{}", fastrand::u32(..));
    create_state_table(&endpoint, &table).await;
    // moto pages an INCLUDE index by its whole items (2 pages here), where
    // DynamoDB counts the index entries: the count is the stand-in's check.
    listing_script(&dynamo(&endpoint, &table).await, None).await;
}
