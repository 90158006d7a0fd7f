//! The DynamoDB stand-in, driven by the real `aws-sdk-dynamodb` client:
//! every feature the project relies on, as DynamoDB documents it.

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region};
use aws_sdk_dynamodb::config::Credentials;
use aws_sdk_dynamodb::error::ProvideErrorMetadata;
use aws_sdk_dynamodb::operation::delete_item::DeleteItemError;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use aws_sdk_dynamodb::types::{
    AttributeValue as Av, ConditionCheck, Delete, KeysAndAttributes, Put, ReturnValue,
    ReturnValuesOnConditionCheckFailure as OnFailure, Select, TransactWriteItem, Update,
};
use aws_sdk_dynamodb::Client;
use respondby_testkit::{DynamoStub, GlobalIndex, KeyType, Projection, DUE_INDEX};
use serde_json::json;
use std::collections::HashMap;
use std::time::Duration;

const TABLE: &str = "respondby-state";

type Item = HashMap<String, Av>;

fn s(v: &str) -> Av {
    Av::S(v.to_owned())
}

fn n(v: impl ToString) -> Av {
    Av::N(v.to_string())
}

fn item<const N: usize>(pairs: [(&str, Av); N]) -> Item {
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

/// An error's code and message.
type Meta = (Option<String>, Option<String>);

fn meta(e: impl ProvideErrorMetadata) -> Meta {
    (e.code().map(String::from), e.message().map(String::from))
}

fn num(i: &Item, name: &str) -> i64 {
    i[name].as_n().unwrap().parse().unwrap()
}

async fn client_with(stub: &DynamoStub, retry: RetryConfig) -> Client {
    use aws_smithy_http_client::tls::{rustls_provider::CryptoMode, Provider};
    let https = aws_smithy_http_client::Builder::new()
        .tls_provider(Provider::rustls(CryptoMode::Ring))
        .build_https();
    let sdk = aws_config::defaults(BehaviorVersion::latest())
        .http_client(https)
        .endpoint_url(stub.endpoint())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("test", "test", None, None, "test"))
        .retry_config(retry)
        .load()
        .await;
    Client::new(&sdk)
}

async fn client(stub: &DynamoStub) -> Client {
    client_with(
        stub,
        RetryConfig::standard().with_initial_backoff(Duration::from_millis(5)),
    )
    .await
}

async fn put(c: &Client, i: Item) {
    c.put_item()
        .table_name(TABLE)
        .set_item(Some(i))
        .send()
        .await
        .unwrap();
}

async fn get(c: &Client, pk: &str) -> Option<Item> {
    c.get_item()
        .table_name(TABLE)
        .key("pk", s(pk))
        .consistent_read(true)
        .send()
        .await
        .unwrap()
        .item
}

#[tokio::test]
async fn a_conditional_put_claims_a_key_once() {
    let stub = DynamoStub::start().await;
    let c = client(&stub).await;
    let claim = || {
        c.put_item()
            .table_name(TABLE)
            .item("pk", s("claim#a"))
            .item("owner", s("run-1"))
            .condition_expression("attribute_not_exists(pk)")
            .return_values_on_condition_check_failure(OnFailure::AllOld)
            .send()
    };
    claim().await.unwrap();
    let e = claim().await.unwrap_err();
    match e.as_service_error() {
        Some(PutItemError::ConditionalCheckFailedException(refusal)) => {
            assert_eq!(refusal.message(), Some("The conditional request failed"));
            assert_eq!(refusal.item().unwrap()["owner"], s("run-1"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(stub.calls(), ["PutItem claim#a", "PutItem claim#a"]);
    assert_eq!(stub.requests()[1].status, 400);
    assert_eq!(
        stub.item("claim#a"),
        Some(json!({"pk": {"S": "claim#a"}, "owner": {"S": "run-1"}}))
    );
}

#[tokio::test]
async fn a_refused_update_carries_the_old_item_only_when_asked_and_only_if_it_exists() {
    let stub = DynamoStub::start().await;
    let c = client(&stub).await;
    let bump = |pk: &str, on_failure: OnFailure| {
        c.update_item()
            .table_name(TABLE)
            .key("pk", s(pk))
            .update_expression("SET folded = if_not_exists(folded, :zero) + :one")
            .condition_expression("window_until > :now AND max_rank >= :rank")
            .expression_attribute_values(":zero", n(0))
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":now", n(100))
            .expression_attribute_values(":rank", n(3))
            .return_values(ReturnValue::UpdatedNew)
            .return_values_on_condition_check_failure(on_failure)
            .send()
    };
    // No item: refused, and no Item in the refusal.
    let e = bump("group#g", OnFailure::AllOld).await.unwrap_err();
    let Some(UpdateItemError::ConditionalCheckFailedException(r)) = e.as_service_error() else {
        panic!("{e:?}")
    };
    assert_eq!(r.item(), None);
    assert!(
        stub.item("group#g").is_none(),
        "a refused update creates nothing"
    );

    put(
        &c,
        item([
            ("pk", s("group#g")),
            ("window_until", n(200)),
            ("max_rank", n(3)),
            ("folded", n(0)),
        ]),
    )
    .await;
    for want in 1..=3 {
        let out = bump("group#g", OnFailure::AllOld).await.unwrap();
        assert_eq!(out.attributes().unwrap(), &item([("folded", n(want))]));
    }
    put(
        &c,
        item([
            ("pk", s("group#g")),
            ("window_until", n(50)),
            ("max_rank", n(3)),
            ("folded", n(7)),
        ]),
    )
    .await;
    let e = bump("group#g", OnFailure::AllOld).await.unwrap_err();
    let Some(UpdateItemError::ConditionalCheckFailedException(r)) = e.as_service_error() else {
        panic!("{e:?}")
    };
    assert_eq!(num(r.item().unwrap(), "folded"), 7);
    assert_eq!(r.item().unwrap().len(), 4);
    // Without ReturnValuesOnConditionCheckFailure: no item.
    let e = bump("group#g", OnFailure::None).await.unwrap_err();
    let Some(UpdateItemError::ConditionalCheckFailedException(r)) = e.as_service_error() else {
        panic!("{e:?}")
    };
    assert_eq!(r.item(), None);
}

#[tokio::test]
async fn update_return_values_and_update_actions() {
    let stub = DynamoStub::start().await;
    let c = client(&stub).await;
    put(
        &c,
        item([
            ("pk", s("a")),
            ("n", n(1)),
            ("tags", Av::Ss(vec!["y".into()])),
            ("labels", Av::Ss(vec!["x".into(), "w".into()])),
            ("doc", Av::M(item([("note", s("old")), ("keep", s("k"))]))),
            ("list", Av::L(vec![n(1), n(2)])),
            ("gone", s("bye")),
        ]),
    )
    .await;
    let update = |rv: ReturnValue| {
        c.update_item()
            .table_name(TABLE)
            .key("pk", s("a"))
            .update_expression(
                "SET #d.note = :new, #l = list_append(#l, :more), n = n + :one \
                 REMOVE gone ADD tags :z, hits :one DELETE labels :x",
            )
            .expression_attribute_names("#d", "doc")
            .expression_attribute_names("#l", "list")
            .expression_attribute_values(":new", s("new"))
            .expression_attribute_values(":more", Av::L(vec![n(3)]))
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":z", Av::Ss(vec!["z".into()]))
            .expression_attribute_values(":x", Av::Ss(vec!["x".into()]))
            .return_values(rv)
            .send()
    };
    let out = update(ReturnValue::UpdatedOld).await.unwrap();
    let old = out.attributes().unwrap();
    // Only what was updated, as it was; a nested path keeps its nesting.
    assert_eq!(old["doc"], Av::M(item([("note", s("old"))])));
    assert_eq!(old["n"], n(1));
    assert_eq!(old["gone"], s("bye"));
    assert!(!old.contains_key("hits"), "did not exist before");
    assert!(!old.contains_key("pk"));

    let out = update(ReturnValue::UpdatedNew).await.unwrap();
    let new = out.attributes().unwrap();
    assert_eq!(new["n"], n(3));
    assert_eq!(new["hits"], n(2));
    assert_eq!(new["list"], Av::L(vec![n(1), n(2), n(3), n(3)]));
    assert!(!new.contains_key("gone"));
    let mut tags = new["tags"].as_ss().unwrap().clone();
    tags.sort();
    assert_eq!(tags, ["y", "z"]);
    assert_eq!(new["labels"], Av::Ss(vec!["w".into()]));

    let all_new = update(ReturnValue::AllNew).await.unwrap();
    assert_eq!(
        all_new.attributes().unwrap()["doc"],
        Av::M(item([("note", s("new")), ("keep", s("k"))]))
    );
    assert_eq!(all_new.attributes().unwrap()["pk"], s("a"));
    let all_old = update(ReturnValue::AllOld).await.unwrap();
    assert_eq!(num(all_old.attributes().unwrap(), "n"), 4);
    let none = update(ReturnValue::None).await.unwrap();
    assert!(none.attributes().is_none());
    assert_eq!(num(&get(&c, "a").await.unwrap(), "n"), 6);
}

#[tokio::test]
async fn validation_errors_come_back_as_dynamodb_sends_them() {
    let stub = DynamoStub::start().await;
    let c = client(&stub).await;
    put(&c, item([("pk", s("a")), ("text", s("x"))])).await;
    let cases: Vec<(&str, Result<(), Meta>)> = vec![
        (
            "An operand in the update expression has an incorrect data type",
            c.update_item()
                .table_name(TABLE)
                .key("pk", s("a"))
                .update_expression("SET #t = #t + :one")
                .expression_attribute_names("#t", "text")
                .expression_attribute_values(":one", n(1))
                .send()
                .await
                .map(|_| ())
                .map_err(meta),
        ),
        (
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}",
            c.update_item()
                .table_name(TABLE)
                .key("pk", s("a"))
                .update_expression("SET x = :one")
                .expression_attribute_values(":one", n(1))
                .expression_attribute_values(":unused", n(1))
                .send()
                .await
                .map(|_| ())
                .map_err(meta),
        ),
        (
            "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status",
            c.update_item()
                .table_name(TABLE)
                .key("pk", s("a"))
                .update_expression("SET status = :one")
                .expression_attribute_values(":one", n(1))
                .send()
                .await
                .map(|_| ())
                .map_err(meta),
        ),
        (
            "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key",
            c.update_item()
                .table_name(TABLE)
                .key("pk", s("a"))
                .update_expression("SET pk = :one")
                .expression_attribute_values(":one", s("b"))
                .send()
                .await
                .map(|_| ())
                .map_err(meta),
        ),
        (
            "The provided key element does not match the schema",
            c.update_item()
                .table_name(TABLE)
                .key("pk", n(1))
                .update_expression("SET x = :one")
                .expression_attribute_values(":one", n(1))
                .send()
                .await
                .map(|_| ())
                .map_err(meta),
        ),
        (
            "One or more parameter values were invalid: Type mismatch for Index Key due_at Expected: N Actual: S IndexName: due-index",
            c.put_item()
                .table_name(TABLE)
                .item("pk", s("b"))
                .item("due_at", s("tomorrow"))
                .send()
                .await
                .map(|_| ())
                .map_err(meta),
        ),
    ];
    for (want, got) in cases {
        let (code, message) = got.unwrap_err();
        assert_eq!(code.as_deref(), Some("ValidationException"), "{want}");
        assert_eq!(message.as_deref(), Some(want));
    }
    assert!(stub.item("b").is_none());
    assert_eq!(stub.item("a").unwrap()["text"], json!({"S": "x"}));
}

async fn seed_reminders(c: &Client) {
    // Five due reminders in shard 0, one in shard 1, and records without a
    // due time that the sparse index must leave out.
    for (pk, shard, at) in [
        ("r1", "0", 100),
        ("r2", "0", 300),
        ("r3", "0", 200),
        ("r4", "0", 1000),
        ("r5", "0", 50),
        ("r6", "1", 100),
    ] {
        put(
            c,
            item([
                ("pk", s(pk)),
                ("due_shard", s(shard)),
                ("due_at", n(at)),
                ("channel", s("#ops")),
            ]),
        )
        .await;
    }
    put(c, item([("pk", s("alert#1")), ("due_shard", s("0"))])).await;
    put(c, item([("pk", s("alert#2")), ("state", s("open"))])).await;
}

fn pks(items: &[Item]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["pk"].as_s().unwrap().clone())
        .collect()
}

#[tokio::test]
async fn the_due_index_is_sparse_ordered_and_queried_with_le() {
    let stub = DynamoStub::start().await;
    let c = client(&stub).await;
    seed_reminders(&c).await;
    let due = |now: i64, forward: bool| {
        c.query()
            .table_name(TABLE)
            .index_name(DUE_INDEX)
            .key_condition_expression("due_shard = :shard AND due_at <= :now")
            .expression_attribute_values(":shard", s("0"))
            .expression_attribute_values(":now", n(now))
            .scan_index_forward(forward)
            .send()
    };
    let out = due(300, true).await.unwrap();
    assert_eq!(pks(out.items()), ["r5", "r1", "r3", "r2"]);
    assert_eq!((out.count(), out.scanned_count()), (4, 4));
    assert!(out.last_evaluated_key().is_none());
    assert_eq!(out.items()[0]["channel"], s("#ops"), "projection ALL");
    let out = due(300, false).await.unwrap();
    assert_eq!(pks(out.items()), ["r2", "r3", "r1", "r5"]);
    assert!(due(10, true).await.unwrap().items().is_empty());

    // Only items with both index keys are in the index.
    let out = c
        .scan()
        .table_name(TABLE)
        .index_name(DUE_INDEX)
        .send()
        .await
        .unwrap();
    assert_eq!(out.count(), 6);
    assert!(stub.calls().contains(&"Query due-index 0".to_owned()));
    assert!(stub.calls().contains(&"Scan due-index".to_owned()));

    // Removing the due time takes an item out of the index.
    c.update_item()
        .table_name(TABLE)
        .key("pk", s("r1"))
        .update_expression("REMOVE due_at")
        .send()
        .await
        .unwrap();
    assert_eq!(
        pks(due(300, true).await.unwrap().items()),
        ["r5", "r3", "r2"]
    );

    let e = c
        .query()
        .table_name(TABLE)
        .index_name(DUE_INDEX)
        .key_condition_expression("due_shard = :shard")
        .expression_attribute_values(":shard", s("0"))
        .consistent_read(true)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        e.message(),
        Some("Consistent reads are not supported on global secondary indexes")
    );
    let e = c
        .query()
        .table_name(TABLE)
        .index_name(DUE_INDEX)
        .key_condition_expression("due_shard = :shard AND due_at <= :now")
        .expression_attribute_values(":shard", s("0"))
        .expression_attribute_values(":now", s("300"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        e.message(),
        Some("One or more parameter values were invalid: Condition parameter type does not match schema type")
    );
}

#[tokio::test]
async fn query_pages_with_limit_filter_and_count() {
    let stub = DynamoStub::start().await;
    let c = client(&stub).await;
    seed_reminders(&c).await;
    let mut start: Option<Item> = None;
    let mut pages = Vec::new();
    loop {
        let out = c
            .query()
            .table_name(TABLE)
            .index_name(DUE_INDEX)
            .key_condition_expression("due_shard = :shard")
            .expression_attribute_values(":shard", s("0"))
            .limit(2)
            .set_exclusive_start_key(start.take())
            .send()
            .await
            .unwrap();
        pages.push(pks(out.items()));
        match out.last_evaluated_key() {
            Some(k) => {
                // The table key and the index key, as DynamoDB gives them.
                let mut names: Vec<&String> = k.keys().collect();
                names.sort();
                assert_eq!(names, ["due_at", "due_shard", "pk"]);
                start = Some(k.clone());
            }
            None => break,
        }
    }
    // Stopped at the limit with nothing after it: a key all the same, then
    // an empty last page (DynamoDB does not look ahead).
    assert_eq!(
        pages,
        [vec!["r5", "r1"], vec!["r3", "r2"], vec!["r4"]]
            .map(|p| p.into_iter().map(String::from).collect::<Vec<_>>())
    );
    let out = c
        .query()
        .table_name(TABLE)
        .index_name(DUE_INDEX)
        .key_condition_expression("due_shard = :shard")
        .expression_attribute_values(":shard", s("0"))
        .limit(5)
        .send()
        .await
        .unwrap();
    assert!(out.last_evaluated_key().is_some());
    let next = c
        .query()
        .table_name(TABLE)
        .index_name(DUE_INDEX)
        .key_condition_expression("due_shard = :shard")
        .expression_attribute_values(":shard", s("0"))
        .set_exclusive_start_key(out.last_evaluated_key().cloned())
        .send()
        .await
        .unwrap();
    assert_eq!((next.count(), next.last_evaluated_key()), (0, None));

    // Limit counts items read, before the filter.
    let out = c
        .query()
        .table_name(TABLE)
        .index_name(DUE_INDEX)
        .key_condition_expression("due_shard = :shard")
        .filter_expression("pk IN (:a, :b)")
        .expression_attribute_values(":shard", s("0"))
        .expression_attribute_values(":a", s("r3"))
        .expression_attribute_values(":b", s("r4"))
        .limit(3)
        .send()
        .await
        .unwrap();
    assert_eq!(pks(out.items()), ["r3"]);
    assert_eq!((out.count(), out.scanned_count()), (1, 3));

    let out = c
        .query()
        .table_name(TABLE)
        .index_name(DUE_INDEX)
        .key_condition_expression("due_shard = :shard")
        .expression_attribute_values(":shard", s("0"))
        .select(Select::Count)
        .send()
        .await
        .unwrap();
    assert_eq!((out.count(), out.items().len()), (5, 0));

    // The index's own keys cannot be filtered on.
    let e = c
        .query()
        .table_name(TABLE)
        .index_name(DUE_INDEX)
        .key_condition_expression("due_shard = :shard")
        .filter_expression("due_at > :t")
        .expression_attribute_values(":shard", s("0"))
        .expression_attribute_values(":t", n(1))
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        e.message(),
        Some("Filter Expression can only contain non-primary key attributes: Primary key attribute: due_at")
    );
}

#[tokio::test]
async fn a_page_stops_at_one_megabyte() {
    let stub = DynamoStub::start().await;
    let c = client(&stub).await;
    let blob = "x".repeat(100 * 1024);
    for i in 0..25 {
        put(
            &c,
            item([
                ("pk", s(&format!("big#{i:02}"))),
                ("due_shard", s("0")),
                ("due_at", n(i)),
                ("blob", s(&blob)),
            ]),
        )
        .await;
    }
    let mut seen = 0;
    let mut pages = 0;
    let mut start = None;
    loop {
        let out = c
            .scan()
            .table_name(TABLE)
            .set_exclusive_start_key(start)
            .send()
            .await
            .unwrap();
        pages += 1;
        seen += out.items().len();
        assert!(
            out.items().len() <= 11,
            "{} items in one page",
            out.items().len()
        );
        start = out.last_evaluated_key().cloned();
        if start.is_none() {
            break;
        }
    }
    assert_eq!((seen, pages), (25, 3));
}

#[tokio::test]
async fn scans_are_recorded_so_tests_can_forbid_them() {
    let stub = DynamoStub::start().await;
    let c = client(&stub).await;
    seed_reminders(&c).await;
    let mut start = None;
    let mut found = Vec::new();
    loop {
        let out = c
            .scan()
            .table_name(TABLE)
            .filter_expression("begins_with(pk, :r) AND due_at BETWEEN :lo AND :hi")
            .expression_attribute_values(":r", s("r"))
            .expression_attribute_values(":lo", n(100))
            .expression_attribute_values(":hi", n(300))
            .limit(3)
            .set_exclusive_start_key(start)
            .send()
            .await
            .unwrap();
        found.extend(pks(out.items()));
        start = out.last_evaluated_key().cloned();
        if start.is_none() {
            break;
        }
    }
    found.sort();
    assert_eq!(found, ["r1", "r2", "r3", "r6"]);
    assert!(stub.calls().iter().filter(|c| *c == "Scan").count() >= 3);
}

#[tokio::test]
async fn delete_with_a_condition_and_batch_get() {
    let stub = DynamoStub::start().await;
    let c = client(&stub).await;
    seed_reminders(&c).await;
    let delete = |owner: &str| {
        c.delete_item()
            .table_name(TABLE)
            .key("pk", s("r1"))
            .condition_expression("channel = :c")
            .expression_attribute_values(":c", s(owner))
            .return_values(ReturnValue::AllOld)
            .return_values_on_condition_check_failure(OnFailure::AllOld)
            .send()
    };
    let e = delete("#other").await.unwrap_err();
    let Some(DeleteItemError::ConditionalCheckFailedException(r)) = e.as_service_error() else {
        panic!("{e:?}")
    };
    assert_eq!(r.item().unwrap()["channel"], s("#ops"));
    let out = delete("#ops").await.unwrap();
    assert_eq!(num(out.attributes().unwrap(), "due_at"), 100);
    assert!(get(&c, "r1").await.is_none());

    let out = c
        .batch_get_item()
        .request_items(
            TABLE,
            KeysAndAttributes::builder()
                .keys(item([("pk", s("r1"))]))
                .keys(item([("pk", s("r2"))]))
                .keys(item([("pk", s("alert#2"))]))
                .projection_expression("pk, #s")
                .expression_attribute_names("#s", "state")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let mut got = out.responses().unwrap()[TABLE].clone();
    got.sort_by_key(|i| i["pk"].as_s().unwrap().clone());
    assert_eq!(
        got,
        [
            item([("pk", s("alert#2")), ("state", s("open"))]),
            item([("pk", s("r2"))])
        ]
    );
    assert!(stub
        .calls()
        .contains(&"BatchGetItem r1 r2 alert#2".to_owned()));
}

fn claim(pk: &str) -> TransactWriteItem {
    TransactWriteItem::builder()
        .put(
            Put::builder()
                .table_name(TABLE)
                .item("pk", s(pk))
                .item("by", s("tx"))
                .condition_expression("attribute_not_exists(pk)")
                .return_values_on_condition_check_failure(OnFailure::AllOld)
                .build()
                .unwrap(),
        )
        .build()
}

#[tokio::test]
async fn a_transaction_is_all_or_nothing_with_reasons_per_item() {
    let stub = DynamoStub::start().await;
    let c = client(&stub).await;
    put(&c, item([("pk", s("taken")), ("by", s("earlier"))])).await;
    put(
        &c,
        item([("pk", s("counter")), ("n", n(1)), ("text", s("t"))]),
    )
    .await;
    let bump = |expr: &str| {
        TransactWriteItem::builder()
            .update(
                Update::builder()
                    .table_name(TABLE)
                    .key("pk", s("counter"))
                    .update_expression(expr)
                    .expression_attribute_values(":one", n(1))
                    .build()
                    .unwrap(),
            )
            .build()
    };
    let e = c
        .transact_write_items()
        .transact_items(claim("fresh"))
        .transact_items(bump("SET n = n + :one"))
        .transact_items(claim("taken"))
        .send()
        .await
        .unwrap_err();
    let Some(TransactWriteItemsError::TransactionCanceledException(t)) = e.as_service_error()
    else {
        panic!("{e:?}")
    };
    assert_eq!(
        t.message(),
        Some("Transaction cancelled, please refer cancellation reasons for specific reasons [None, None, ConditionalCheckFailed]")
    );
    let reasons = t.cancellation_reasons();
    assert_eq!(reasons[0].code(), Some("None"));
    assert_eq!(reasons[0].item(), None);
    assert_eq!(reasons[2].code(), Some("ConditionalCheckFailed"));
    assert_eq!(reasons[2].item().unwrap()["by"], s("earlier"));
    assert!(get(&c, "fresh").await.is_none(), "nothing applied");
    assert_eq!(num(&get(&c, "counter").await.unwrap(), "n"), 1);

    // A run-time data error is a ValidationError reason, not a request error.
    let e = c
        .transact_write_items()
        .transact_items(claim("fresh"))
        .transact_items(
            TransactWriteItem::builder()
                .update(
                    Update::builder()
                        .table_name(TABLE)
                        .key("pk", s("counter"))
                        .update_expression("SET #t = #t + :one")
                        .expression_attribute_names("#t", "text")
                        .expression_attribute_values(":one", n(1))
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap_err();
    let Some(TransactWriteItemsError::TransactionCanceledException(t)) = e.as_service_error()
    else {
        panic!("{e:?}")
    };
    let codes: Vec<_> = t
        .cancellation_reasons()
        .iter()
        .map(|r| r.code().unwrap())
        .collect();
    assert_eq!(codes, ["None", "ValidationError"]);
    assert_eq!(
        t.cancellation_reasons()[1].message(),
        Some("An operand in the update expression has an incorrect data type")
    );

    let e = c
        .transact_write_items()
        .transact_items(claim("fresh"))
        .transact_items(
            TransactWriteItem::builder()
                .delete(
                    Delete::builder()
                        .table_name(TABLE)
                        .key("pk", s("fresh"))
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("ValidationException"));
    assert_eq!(
        e.message(),
        Some("Transaction request cannot include multiple operations on one item")
    );

    c.transact_write_items()
        .transact_items(claim("fresh"))
        .transact_items(bump("SET n = n + :one"))
        .transact_items(
            TransactWriteItem::builder()
                .condition_check(
                    ConditionCheck::builder()
                        .table_name(TABLE)
                        .key("pk", s("taken"))
                        .condition_expression("attribute_exists(pk)")
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(get(&c, "fresh").await.unwrap()["by"], s("tx"));
    assert_eq!(num(&get(&c, "counter").await.unwrap(), "n"), 2);
    assert!(stub
        .calls()
        .contains(&"TransactWriteItems fresh counter taken".to_owned()));
}

#[tokio::test]
async fn numbers_binaries_and_sets_round_trip() {
    let stub = DynamoStub::start().await;
    let c = client(&stub).await;
    put(
        &c,
        item([
            ("pk", s("types")),
            ("price", n("1.50")),
            ("big", n("12345678901234567890123456789012345678")),
            ("raw", Av::B(vec![0, 255, 7].into())),
            ("flag", Av::Bool(true)),
            ("nothing", Av::Null(true)),
            ("nums", Av::Ns(vec!["1".into(), "2.0".into()])),
            ("blobs", Av::Bs(vec![vec![1].into()])),
        ]),
    )
    .await;
    let got = get(&c, "types").await.unwrap();
    assert_eq!(got["price"], n("1.5"), "canonical form, as DynamoDB");
    assert_eq!(got["big"], n("12345678901234567890123456789012345678"));
    assert_eq!(got["raw"], Av::B(vec![0, 255, 7].into()));
    assert_eq!(got["flag"], Av::Bool(true));
    assert_eq!(got["nothing"], Av::Null(true));
    assert_eq!(got["nums"], Av::Ns(vec!["1".into(), "2".into()]));
    let out = c
        .update_item()
        .table_name(TABLE)
        .key("pk", s("types"))
        .update_expression("SET price = price + :tenth ADD big :one")
        .expression_attribute_values(":tenth", n("0.1"))
        .expression_attribute_values(":one", n(1))
        .return_values(ReturnValue::UpdatedNew)
        .send()
        .await
        .unwrap();
    let a = out.attributes().unwrap();
    assert_eq!(
        a["price"],
        n("1.6"),
        "exact decimal, not 1.6000000000000001"
    );
    assert_eq!(a["big"], n("12345678901234567890123456789012345679"));
    let e = c
        .put_item()
        .table_name(TABLE)
        .item("pk", s("bad"))
        .item("s", Av::Ss(vec!["a".into(), "a".into()]))
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("ValidationException"));
}

#[tokio::test]
async fn another_schema_with_a_sort_key_and_a_keys_only_index() {
    let stub = DynamoStub::builder()
        .hash_key("tenant", KeyType::S)
        .range_key("ts", KeyType::N)
        .index(
            GlobalIndex::new("by-kind", "kind", KeyType::S)
                .range_key("name", KeyType::S)
                .projection(Projection::KeysOnly),
        )
        .start()
        .await;
    let c = client(&stub).await;
    for (at, kind, name) in [
        (5, "a", "apple"),
        (10, "b", "banana"),
        (15, "a", "avocado"),
        (20, "a", "cherry"),
    ] {
        put(
            &c,
            item([
                ("tenant", s("t1")),
                ("ts", n(at)),
                ("kind", s(kind)),
                ("name", s(name)),
                ("extra", s("hidden in the index")),
            ]),
        )
        .await;
    }
    put(&c, item([("tenant", s("t2")), ("ts", n(1))])).await;
    let q = |cond: &str| {
        c.query()
            .table_name("any-name")
            .key_condition_expression(cond)
            .expression_attribute_values(":t", s("t1"))
            .expression_attribute_values(":lo", n(6))
            .expression_attribute_values(":hi", n(15))
            .send()
    };
    let ats = |items: &[Item]| items.iter().map(|i| num(i, "ts")).collect::<Vec<_>>();
    let out = q("tenant = :t AND ts BETWEEN :lo AND :hi").await.unwrap();
    assert_eq!(ats(out.items()), [10, 15]);
    assert_eq!(stub.item("t1 10").unwrap()["name"], json!({"S": "banana"}));

    let out = c
        .query()
        .table_name("x")
        .index_name("by-kind")
        .key_condition_expression("kind = :k AND begins_with(#n, :p)")
        .expression_attribute_names("#n", "name")
        .expression_attribute_values(":k", s("a"))
        .expression_attribute_values(":p", s("a"))
        .send()
        .await
        .unwrap();
    let names: Vec<_> = out
        .items()
        .iter()
        .map(|i| i["name"].as_s().unwrap().as_str())
        .collect();
    assert_eq!(names, ["apple", "avocado"]);
    // KEYS_ONLY: table and index keys, nothing else.
    let mut attrs: Vec<_> = out.items()[0].keys().cloned().collect();
    attrs.sort();
    assert_eq!(attrs, ["kind", "name", "tenant", "ts"]);

    let e = c
        .query()
        .table_name("x")
        .index_name("by-kind")
        .key_condition_expression("kind = :k")
        .expression_attribute_values(":k", s("a"))
        .select(Select::AllAttributes)
        .send()
        .await
        .unwrap_err();
    assert!(e.message().unwrap().contains("projection type is not ALL"));

    // Nested projection on GetItem.
    c.update_item()
        .table_name("x")
        .key("tenant", s("t2"))
        .key("ts", n(1))
        .update_expression("SET doc = :d")
        .expression_attribute_values(
            ":d",
            Av::M(item([
                ("a", Av::L(vec![s("zero"), s("one")])),
                ("b", s("bee")),
            ])),
        )
        .send()
        .await
        .unwrap();
    let got = c
        .get_item()
        .table_name("x")
        .key("tenant", s("t2"))
        .key("ts", n(1))
        .projection_expression("doc.a[1], tenant")
        .send()
        .await
        .unwrap();
    assert_eq!(
        got.item().unwrap(),
        &item([
            ("tenant", s("t2")),
            ("doc", Av::M(item([("a", Av::L(vec![s("one")]))])))
        ])
    );
}

#[tokio::test]
async fn injected_faults_fail_requests_and_change_nothing() {
    let stub = DynamoStub::start().await;
    let c = client(&stub).await;
    // Two throttled attempts, the third (SDK retry) goes through.
    stub.fail_next(2, "ProvisionedThroughputExceededException");
    put(&c, item([("pk", s("a"))])).await;
    let statuses: Vec<u16> = stub.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [400, 400, 200]);

    // Only Query fails; other operations are served.
    stub.fail_operation("Query", 3, "ThrottlingException");
    assert!(get(&c, "a").await.is_some());
    let e = c
        .query()
        .table_name(TABLE)
        .key_condition_expression("pk = :p")
        .expression_attribute_values(":p", s("a"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("ThrottlingException"));

    // Down: HTTP 500 to every attempt; nothing written; back up, all there.
    let once = client_with(&stub, RetryConfig::disabled()).await;
    stub.set_down(true);
    let e = once
        .put_item()
        .table_name(TABLE)
        .item("pk", s("b"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("InternalServerError"));
    assert_eq!(stub.requests().last().unwrap().status, 500);
    stub.set_down(false);
    assert!(get(&once, "b").await.is_none());
    assert!(get(&once, "a").await.is_some());
    stub.fail_next(5, "InternalServerError");
    stub.clear_faults();
    assert!(get(&once, "a").await.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_conditional_writes_see_each_other() {
    let stub = DynamoStub::start().await;
    let c = client(&stub).await;
    let mut tasks = Vec::new();
    for i in 0..40 {
        let c = c.clone();
        tasks.push(tokio::spawn(async move {
            let claimed = c
                .put_item()
                .table_name(TABLE)
                .item("pk", s("claim"))
                .item("by", n(i))
                .condition_expression("attribute_not_exists(pk)")
                .send()
                .await
                .is_ok();
            // A capped counter: never more than 25, however many race.
            let counted = c
                .update_item()
                .table_name(TABLE)
                .key("pk", s("counter"))
                .update_expression("ADD n :one")
                .condition_expression("attribute_not_exists(n) OR n < :cap")
                .expression_attribute_values(":one", n(1))
                .expression_attribute_values(":cap", n(25))
                .send()
                .await
                .is_ok();
            (claimed, counted)
        }));
    }
    let mut claims = 0;
    let mut counts = 0;
    for t in tasks {
        let (claimed, counted) = t.await.unwrap();
        claims += usize::from(claimed);
        counts += usize::from(counted);
    }
    assert_eq!((claims, counts), (1, 25));
    assert_eq!(num(&get(&c, "counter").await.unwrap(), "n"), 25);
}

#[tokio::test]
async fn describe_table_reports_the_schema() {
    let stub = DynamoStub::start().await;
    let c = client(&stub).await;
    let t = c
        .describe_table()
        .table_name(TABLE)
        .send()
        .await
        .unwrap()
        .table
        .unwrap();
    assert_eq!(t.table_name(), Some(TABLE));
    assert_eq!(t.key_schema()[0].attribute_name(), "pk");
    let idx = &t.global_secondary_indexes()[0];
    assert_eq!(idx.index_name(), Some(DUE_INDEX));
    assert_eq!(idx.key_schema()[1].attribute_name(), "due_at");
}

#[tokio::test]
async fn batch_write_transact_get_and_parallel_scan_segments() {
    use aws_sdk_dynamodb::types::{DeleteRequest, Get, PutRequest, TransactGetItem, WriteRequest};
    let stub = DynamoStub::start().await;
    let c = client(&stub).await;
    put(&c, item([("pk", s("old"))])).await;
    let mut writes: Vec<WriteRequest> = (0..20)
        .map(|i| {
            WriteRequest::builder()
                .put_request(
                    PutRequest::builder()
                        .set_item(Some(item([("pk", s(&format!("b{i:02}"))), ("i", n(i))])))
                        .build()
                        .unwrap(),
                )
                .build()
        })
        .collect();
    writes.push(
        WriteRequest::builder()
            .delete_request(
                DeleteRequest::builder()
                    .key("pk", s("old"))
                    .build()
                    .unwrap(),
            )
            .build(),
    );
    let out = c
        .batch_write_item()
        .request_items(TABLE, writes)
        .send()
        .await
        .unwrap();
    assert!(out.unprocessed_items().is_none_or(|u| u.is_empty()));
    assert!(stub.item("old").is_none());
    assert_eq!(stub.items().len(), 20);

    let out = c
        .transact_get_items()
        .transact_items(
            TransactGetItem::builder()
                .get(
                    Get::builder()
                        .table_name(TABLE)
                        .key("pk", s("b03"))
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .transact_items(
            TransactGetItem::builder()
                .get(
                    Get::builder()
                        .table_name(TABLE)
                        .key("pk", s("nope"))
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap();
    let r = out.responses();
    assert_eq!(num(r[0].item().unwrap(), "i"), 3);
    assert!(r[1].item().is_none());

    // Four segments together cover the table once.
    let mut seen = Vec::new();
    for segment in 0..4 {
        let out = c
            .scan()
            .table_name(TABLE)
            .segment(segment)
            .total_segments(4)
            .send()
            .await
            .unwrap();
        seen.extend(pks(out.items()));
    }
    seen.sort();
    let all: Vec<String> = (0..20).map(|i| format!("b{i:02}")).collect();
    assert_eq!(seen, all);

    // Key size limits.
    let e = c
        .put_item()
        .table_name(TABLE)
        .item("pk", s(&"k".repeat(2049)))
        .send()
        .await
        .unwrap_err();
    assert!(e.message().unwrap().contains("Size of hashkey"), "{e:?}");
    let e = c
        .put_item()
        .table_name(TABLE)
        .item("pk", s(""))
        .send()
        .await
        .unwrap_err();
    assert!(
        e.message()
            .unwrap()
            .contains("cannot contain an empty string"),
        "{e:?}"
    );
}
