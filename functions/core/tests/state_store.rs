//! The DynamoDB state store (real SDK, local DynamoDB stand-in) and the
//! in-memory store answer the same script the same way.

use aws_sdk_dynamodb::config::{Credentials, Region};
use respondby_core::guard::{DynamoStore, Fold, MemoryStore, StateStore, StoreError};
use respondby_testkit::DynamoStub;

async fn script(store: &impl StateStore) -> Vec<String> {
    let mut seen = Vec::new();
    let mut log = |what: &str, v: String| seen.push(format!("{what}: {v}"));
    log("seen before", format!("{:?}", store.seen("k").await));
    log("remember", format!("{:?}", store.remember("k", 999).await));
    log("seen after", format!("{:?}", store.seen("k").await));
    log(
        "remember again",
        format!("{:?}", store.remember("k", 999).await),
    );
    log(
        "fold, no window",
        format!("{:?}", store.fold("g", 100, 3).await),
    );
    store.opened("g", 200, 3, 0).await.unwrap();
    log("fold 1", format!("{:?}", store.fold("g", 150, 3).await));
    log("fold 2", format!("{:?}", store.fold("g", 150, 3).await));
    log(
        "more severe",
        format!("{:?}", store.fold("g", 150, 4).await),
    );
    log(
        "window over",
        format!("{:?}", store.fold("g", 250, 3).await),
    );
    store.opened("g", 400, 3, 2).await.unwrap();
    log("new window", format!("{:?}", store.fold("g", 300, 3).await));
    seen
}

#[tokio::test]
async fn dynamodb_store_counts_folds_and_reports_pending_in_one_call_like_memory() {
    let stub = DynamoStub::start().await;
    let sdk = respondby_core::secrets::sdk_defaults()
        .endpoint_url(stub.endpoint())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("test", "test", None, None, "test"))
        .load()
        .await;
    let dynamo = script(&DynamoStore::new(&sdk, "state")).await;
    let memory = script(&MemoryStore::default()).await;
    assert_eq!(dynamo, memory);
    let ok = |what: &str, f: Fold| format!("{what}: {:?}", Ok::<_, StoreError>(f));
    assert_eq!(
        dynamo[4],
        ok("fold, no window", Fold::NoWindow { pending: 0 })
    );
    assert_eq!(dynamo[6], ok("fold 2", Fold::Counted(2)));
    assert_eq!(dynamo[7], ok("more severe", Fold::NoWindow { pending: 2 }));
    assert_eq!(dynamo[8], ok("window over", Fold::NoWindow { pending: 2 }));
    assert_eq!(dynamo[9], ok("new window", Fold::Counted(1)));
    // A refused fold is one UpdateItem: the pending count came with the refusal.
    let calls = stub.calls();
    assert!(
        calls.iter().all(|c| !c.starts_with("GetItem group#")),
        "{calls:?}"
    );
}
