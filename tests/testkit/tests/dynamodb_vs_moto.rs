//! The DynamoDB stand-in against an implementation we did not write:
//! moto's server (`moto_server`, pinned in tests/moto-requirements.txt).
//! The same script of operations runs through the real SDK against both,
//! and what a caller can observe (results, error codes, items carried by
//! refusals, cancellation reasons, final table) must be the same.
//!
//! Run: `bash .ci/moto.sh run cargo test -p respondby-testkit --test
//! dynamodb_vs_moto -- --ignored` (it starts moto, exports
//! RESPONDBY_MOTO_ENDPOINT, stops moto afterwards). Each test creates its
//! own table on moto, so runs against one long-lived server do not mix.
//!
//! Where moto differs from DynamoDB the stub follows DynamoDB (the AWS
//! documentation, and behaviour reported from the real service), and
//! `where_moto_differs_from_dynamodb_the_stub_follows_dynamodb` pins each
//! difference down, so a moto upgrade that fixes one shows up here:
//!
//! 1. Query/Scan stopped by `Limit` exactly at the last item: DynamoDB
//!    returns a LastEvaluatedKey (it does not look ahead; the next page is
//!    empty); moto returns none (moto `Table.query` / `scan` only set it
//!    when another item follows).
//! 2. Numbers: DynamoDB trims leading and trailing zeros ("Leading and
//!    trailing zeroes are trimmed", Developer Guide, Number data type), so
//!    `1.50` reads back as `1.5`, and `1.50 + 0.1` is `1.6`; moto keeps the
//!    text it was given (`1.50`, `1.60`).
//! 3. A global secondary index key attribute of the wrong type: DynamoDB
//!    refuses the write (`ValidationException: One or more parameter
//!    values were invalid: Type mismatch for Index Key due_at Expected: N
//!    Actual: S IndexName: due-index`); moto stores it, and from then on
//!    every Query of that index fails with HTTP 500 (Python's TypeError
//!    comparing Decimal and str).
//! 4. A FilterExpression naming a key attribute of the queried table or
//!    index: DynamoDB refuses the Query (`Filter Expression can only
//!    contain non-primary key attributes: Primary key attribute: due_at`);
//!    moto accepts it and filters.
//! 5. A TransactWriteItems item that fails at run time (here `SET t = t +
//!    :one` on a string): DynamoDB cancels the transaction,
//!    `TransactionCanceledException` with a `ValidationError` reason for
//!    that item (API reference, TransactWriteItems, "Validation Error");
//!    moto answers a plain `ValidationException` for the whole request.
//! 6. The same run-time error in UpdateItem: both answer
//!    ValidationException, but DynamoDB's message is "An operand in the
//!    update expression has an incorrect data type"; moto reports it like
//!    a parse error ("Invalid UpdateExpression: Incorrect operand type for
//!    operator or function; operator or function: +, operand type: S").
//! 7. `BETWEEN :lo AND :hi` with constant bounds in the wrong order:
//!    DynamoDB refuses the expression ("The BETWEEN operator requires upper
//!    bound to be greater than or equal to lower bound; …"); moto accepts
//!    it and matches nothing.
//! 8. A key condition with the value first (`:now >= due_at`): DynamoDB
//!    accepts it (reported against the real service, e.g. ExtendDB PR
//!    #114); moto refuses it ("Query condition missed key schema element:
//!    due_at").
//! 9. ReturnValues UPDATED_NEW when the update creates the item: DynamoDB
//!    returns the attributes the update expression names (API reference:
//!    "only the updated attributes"; dynalite, checked against DynamoDB,
//!    projects the expression's paths), so not the key; moto diffs the
//!    item before and after and returns the key attributes too.
//! 10. UPDATED_NEW (and UPDATED_OLD) for an attribute SET to the value it
//!     already had: DynamoDB returns it (it was updated); moto, diffing,
//!     returns an empty `Attributes` map.
//!
//! Also seen, not asserted (not observable through the SDK's typed
//! outputs the project reads): moto sends `ConsumedCapacity` unasked, and
//! puts the ConditionalCheckFailedException message under `Message`, not
//! `message`, when it carries an `Item` (the SDK reads both).

use aws_config::{BehaviorVersion, Region};
use aws_sdk_dynamodb::config::Credentials;
use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::operation::delete_item::DeleteItemError;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue as Av, BillingMode, ConditionCheck, GlobalSecondaryIndex,
    KeySchemaElement, KeyType, Projection, ProjectionType, Put, ReturnValue,
    ReturnValuesOnConditionCheckFailure as OnFailure, ScalarAttributeType, Select,
    TransactWriteItem, Update,
};
use aws_sdk_dynamodb::Client;
use respondby_testkit::DynamoStub;
use std::collections::{BTreeMap, HashMap};

type Item = HashMap<String, Av>;

const NEEDS_MOTO: &str = "RESPONDBY_MOTO_ENDPOINT is not set. This test compares the DynamoDB \
     stand-in with moto_server and must not pass without it: run \
     `bash .ci/moto.sh run cargo test -p respondby-testkit --test dynamodb_vs_moto -- --ignored`";

fn moto_endpoint() -> String {
    match std::env::var("RESPONDBY_MOTO_ENDPOINT") {
        Ok(e) if !e.trim().is_empty() => e,
        _ => panic!("{NEEDS_MOTO}"),
    }
}

async fn client(endpoint: &str) -> Client {
    use aws_smithy_http_client::tls::{rustls_provider::CryptoMode, Provider};
    let https = aws_smithy_http_client::Builder::new()
        .tls_provider(Provider::rustls(CryptoMode::Ring))
        .build_https();
    let sdk = aws_config::defaults(BehaviorVersion::latest())
        .http_client(https)
        .endpoint_url(endpoint)
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("test", "test", None, None, "test"))
        // No retries: a 500 from either side must show, not be hidden.
        .retry_config(aws_config::retry::RetryConfig::disabled())
        .load()
        .await;
    Client::new(&sdk)
}

/// A fresh Respond By table on moto (pk S; due-index: due_shard S,
/// due_at N, projection ALL), named uniquely for this run.
async fn moto_table(moto: &Client, purpose: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let name = format!("respondby-{purpose}-{nanos}");
    let attr = |n: &str, t: ScalarAttributeType| {
        AttributeDefinition::builder()
            .attribute_name(n)
            .attribute_type(t)
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
    moto.create_table()
        .table_name(&name)
        .billing_mode(BillingMode::PayPerRequest)
        .attribute_definitions(attr("pk", ScalarAttributeType::S))
        .attribute_definitions(attr("due_shard", ScalarAttributeType::S))
        .attribute_definitions(attr("due_at", ScalarAttributeType::N))
        .key_schema(key("pk", KeyType::Hash))
        .global_secondary_indexes(
            GlobalSecondaryIndex::builder()
                .index_name("due-index")
                .key_schema(key("due_shard", KeyType::Hash))
                .key_schema(key("due_at", KeyType::Range))
                .projection(
                    Projection::builder()
                        .projection_type(ProjectionType::All)
                        .build(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap_or_else(|e| {
            panic!(
                "creating a table on moto at {}: {}",
                moto_endpoint(),
                aws_sdk_dynamodb::error::DisplayErrorContext(&e)
            )
        });
    name
}

fn s(v: &str) -> Av {
    Av::S(v.to_owned())
}

fn n(v: impl ToString) -> Av {
    Av::N(v.to_string())
}

/// An item in a stable, comparable form.
fn show(i: Option<&Item>) -> String {
    match i {
        None => "-".into(),
        Some(i) => format!("{:?}", i.iter().collect::<BTreeMap<_, _>>()),
    }
}

/// What a caller sees of an error: its code, and what a refusal carries.
fn seen_err<E: ProvideErrorMetadata + std::fmt::Debug>(
    e: &SdkError<E>,
    item: Option<&Item>,
) -> String {
    match e.code() {
        Some(code) => format!("error {code} item={}", show(item)),
        None => format!("no service error: {e:?}"),
    }
}

fn put_refusal(e: &SdkError<PutItemError>) -> String {
    let item = match e.as_service_error() {
        Some(PutItemError::ConditionalCheckFailedException(c)) => c.item(),
        _ => None,
    };
    seen_err(e, item)
}

fn update_refusal(e: &SdkError<UpdateItemError>) -> String {
    let item = match e.as_service_error() {
        Some(UpdateItemError::ConditionalCheckFailedException(c)) => c.item(),
        _ => None,
    };
    seen_err(e, item)
}

fn transaction_refusal(e: &SdkError<TransactWriteItemsError>) -> String {
    match e.as_service_error() {
        Some(TransactWriteItemsError::TransactionCanceledException(t)) => {
            let reasons: Vec<String> = t
                .cancellation_reasons()
                .iter()
                .map(|r| {
                    format!(
                        "{}/{}/{}",
                        r.code().unwrap_or("?"),
                        r.message().unwrap_or("-"),
                        show(r.item())
                    )
                })
                .collect();
            format!("cancelled: {} {reasons:?}", t.message().unwrap_or(""))
        }
        _ => format!("{} {}", seen_err(e, None), e.message().unwrap_or("")),
    }
}

/// The script: what Respond By's state store does and is about to do.
async fn script(c: &Client, table: &str) -> Vec<String> {
    let mut log = Vec::new();
    let mut see = |step: &str, what: String| log.push(format!("{step}: {what}"));

    // Conditional put claims.
    let claim = |pk: &str, on_failure: OnFailure| {
        c.put_item()
            .table_name(table)
            .item("pk", s(pk))
            .item("owner", s("run-1"))
            .condition_expression("attribute_not_exists(pk)")
            .return_values_on_condition_check_failure(on_failure)
            .send()
    };
    see(
        "claim",
        format!(
            "{:?}",
            claim("claim#1", OnFailure::AllOld)
                .await
                .map(|_| ())
                .map_err(|e| put_refusal(&e))
        ),
    );
    for (step, on_failure) in [
        ("claim again, ALL_OLD", OnFailure::AllOld),
        ("claim again, NONE", OnFailure::None),
    ] {
        let r = claim("claim#1", on_failure).await;
        see(
            step,
            format!("{:?}", r.map(|_| ()).map_err(|e| put_refusal(&e))),
        );
    }

    // Flood-control counters, as respondby_core::guard::DynamoStore does them.
    let fold = |now: i64, rank: i64| {
        c.update_item()
            .table_name(table)
            .key("pk", s("group#g"))
            .update_expression("SET folded = if_not_exists(folded, :zero) + :one")
            .condition_expression("window_until > :now AND max_rank >= :rank")
            .expression_attribute_values(":zero", n(0))
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":now", n(now))
            .expression_attribute_values(":rank", n(rank))
            .return_values(ReturnValue::UpdatedNew)
            .return_values_on_condition_check_failure(OnFailure::AllOld)
            .send()
    };
    let opened = |until: i64, rank: i64, consumed: i64| {
        c.update_item()
            .table_name(table)
            .key("pk", s("group#g"))
            .update_expression(
                "SET window_until = :until, max_rank = :rank, expires_at = :ttl, folded = if_not_exists(folded, :zero) - :consumed",
            )
            .expression_attribute_values(":until", n(until))
            .expression_attribute_values(":rank", n(rank))
            .expression_attribute_values(":ttl", n(until + 86_400))
            .expression_attribute_values(":zero", n(0))
            .expression_attribute_values(":consumed", n(consumed))
            .return_values(ReturnValue::AllNew)
            .send()
    };
    let folded = |r: Result<
        aws_sdk_dynamodb::operation::update_item::UpdateItemOutput,
        SdkError<UpdateItemError>,
    >| {
        format!(
            "{:?}",
            r.map(|o| show(o.attributes()))
                .map_err(|e| update_refusal(&e))
        )
    };
    see("fold, no item", folded(fold(100, 3).await));
    see("open", folded(opened(200, 3, 0).await));
    see("fold 1", folded(fold(150, 3).await));
    see("fold 2", folded(fold(150, 3).await));
    see("fold, more severe", folded(fold(150, 4).await));
    see("fold, window over", folded(fold(250, 3).await));
    see("open again", folded(opened(400, 3, 2).await));
    see("fold in new window", folded(fold(300, 3).await));

    // A capped counter with ADD, and every ReturnValues. (The item exists
    // first: see difference 9 for UPDATED_NEW on an item the update creates.)
    c.put_item()
        .table_name(table)
        .item("pk", s("count#c"))
        .item("kind", s("counter"))
        .send()
        .await
        .unwrap();
    for (i, rv) in [
        ReturnValue::UpdatedNew,
        ReturnValue::UpdatedOld,
        ReturnValue::AllNew,
        ReturnValue::AllOld,
        ReturnValue::None,
    ]
    .into_iter()
    .enumerate()
    {
        let r = c
            .update_item()
            .table_name(table)
            .key("pk", s("count#c"))
            .update_expression("ADD hits :one SET last_run = :run")
            .condition_expression("attribute_not_exists(hits) OR hits < :cap")
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":run", n(i))
            .expression_attribute_values(":cap", n(4))
            .return_values(rv.clone())
            .return_values_on_condition_check_failure(OnFailure::AllOld)
            .send()
            .await;
        see(&format!("count {i} {rv:?}"), folded(r));
    }

    // Reminders in the sparse due-index, queried with <=.
    for (pk, shard, at) in [
        ("rem#1", "0", 100),
        ("rem#2", "0", 300),
        ("rem#3", "0", 200),
        ("rem#4", "0", 1000),
        ("rem#5", "0", 50),
        ("rem#6", "1", 100),
    ] {
        c.put_item()
            .table_name(table)
            .item("pk", s(pk))
            .item("due_shard", s(shard))
            .item("due_at", n(at))
            .item("channel", s("#ops"))
            .send()
            .await
            .unwrap();
    }
    // Not in the index: a due shard without a due time.
    c.put_item()
        .table_name(table)
        .item("pk", s("alert#1"))
        .item("due_shard", s("0"))
        .send()
        .await
        .unwrap();
    for forward in [true, false] {
        let r = c
            .query()
            .table_name(table)
            .index_name("due-index")
            .key_condition_expression("due_shard = :shard AND due_at <= :now")
            .expression_attribute_values(":shard", s("0"))
            .expression_attribute_values(":now", n(300))
            .scan_index_forward(forward)
            .send()
            .await
            .unwrap();
        let items: Vec<String> = r.items().iter().map(|i| show(Some(i))).collect();
        see(
            &format!("due <= 300, forward {forward}"),
            format!(
                "{} {} {items:?} {}",
                r.count(),
                r.scanned_count(),
                show(r.last_evaluated_key())
            ),
        );
    }
    let mut start = None;
    for page in 1..=3 {
        let r = c
            .query()
            .table_name(table)
            .index_name("due-index")
            .key_condition_expression("due_shard = :shard AND due_at <= :now")
            .expression_attribute_values(":shard", s("0"))
            .expression_attribute_values(":now", n(5000))
            .limit(2)
            .set_exclusive_start_key(start)
            .send()
            .await
            .unwrap();
        let pks: Vec<&str> = r
            .items()
            .iter()
            .map(|i| i["pk"].as_s().unwrap().as_str())
            .collect();
        see(
            &format!("due page {page}"),
            format!("{pks:?} next={}", show(r.last_evaluated_key())),
        );
        start = r.last_evaluated_key().cloned();
    }
    let r = c
        .query()
        .table_name(table)
        .index_name("due-index")
        .key_condition_expression("due_shard = :shard AND due_at BETWEEN :lo AND :hi")
        .filter_expression("channel = :c")
        .expression_attribute_values(":shard", s("0"))
        .expression_attribute_values(":lo", n(100))
        .expression_attribute_values(":hi", n(1000))
        .expression_attribute_values(":c", s("#ops"))
        .select(Select::Count)
        .send()
        .await
        .unwrap();
    see("due count", format!("{} {}", r.count(), r.scanned_count()));

    // A conditional delete, refused then accepted.
    for owner in ["#other", "#ops"] {
        let r = c
            .delete_item()
            .table_name(table)
            .key("pk", s("rem#1"))
            .condition_expression("channel = :c")
            .expression_attribute_values(":c", s(owner))
            .return_values(ReturnValue::AllOld)
            .return_values_on_condition_check_failure(OnFailure::AllOld)
            .send()
            .await;
        let seen = r.map(|o| show(o.attributes())).map_err(|e| {
            let item = match e.as_service_error() {
                Some(DeleteItemError::ConditionalCheckFailedException(x)) => x.item(),
                _ => None,
            };
            seen_err(&e, item)
        });
        see(&format!("delete if {owner}"), format!("{seen:?}"));
    }

    // Transactions: cancelled with a reason per item, then applied.
    let tx_claim = |pk: &str| {
        TransactWriteItem::builder()
            .put(
                Put::builder()
                    .table_name(table)
                    .item("pk", s(pk))
                    .item("by", s("tx"))
                    .condition_expression("attribute_not_exists(pk)")
                    .return_values_on_condition_check_failure(OnFailure::AllOld)
                    .build()
                    .unwrap(),
            )
            .build()
    };
    let tx_bump = TransactWriteItem::builder()
        .update(
            Update::builder()
                .table_name(table)
                .key("pk", s("count#c"))
                .update_expression("SET hits = hits + :one")
                .expression_attribute_values(":one", n(1))
                .build()
                .unwrap(),
        )
        .build();
    let tx_check = TransactWriteItem::builder()
        .condition_check(
            ConditionCheck::builder()
                .table_name(table)
                .key("pk", s("group#g"))
                .condition_expression("attribute_exists(window_until)")
                .build()
                .unwrap(),
        )
        .build();
    let r = c
        .transact_write_items()
        .transact_items(tx_claim("claim#2"))
        .transact_items(tx_bump.clone())
        .transact_items(tx_claim("claim#1"))
        .send()
        .await;
    see(
        "transaction, one taken",
        format!("{:?}", r.map(|_| ()).map_err(|e| transaction_refusal(&e))),
    );
    let r = c
        .transact_write_items()
        .transact_items(tx_claim("claim#2"))
        .transact_items(
            TransactWriteItem::builder()
                .delete(
                    aws_sdk_dynamodb::types::Delete::builder()
                        .table_name(table)
                        .key("pk", s("claim#2"))
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .send()
        .await;
    see(
        "transaction, one item twice",
        format!("{:?}", r.map(|_| ()).map_err(|e| transaction_refusal(&e))),
    );
    let r = c
        .transact_write_items()
        .transact_items(tx_claim("claim#2"))
        .transact_items(tx_bump)
        .transact_items(tx_check)
        .send()
        .await;
    see(
        "transaction applied",
        format!("{:?}", r.map(|_| ()).map_err(|e| transaction_refusal(&e))),
    );

    // What is left, read back whole.
    let mut all = Vec::new();
    let mut start = None;
    loop {
        let r = c
            .scan()
            .table_name(table)
            .set_exclusive_start_key(start)
            .send()
            .await
            .unwrap();
        all.extend(r.items().iter().map(|i| show(Some(i))));
        start = r.last_evaluated_key().cloned();
        if start.is_none() {
            break;
        }
    }
    all.sort();
    for item in all {
        see("final", item);
    }
    log
}

fn same(stub: &[String], moto: &[String]) {
    let mut diff = Vec::new();
    for i in 0..stub.len().max(moto.len()) {
        let a = stub.get(i).map_or("<none>", String::as_str);
        let b = moto.get(i).map_or("<none>", String::as_str);
        if a != b {
            diff.push(format!("  stub: {a}\n  moto: {b}"));
        }
    }
    assert!(
        diff.is_empty(),
        "the stub and moto differ in {} of {} observations:\n{}",
        diff.len(),
        stub.len(),
        diff.join("\n")
    );
}

#[tokio::test]
#[ignore = "needs moto_server: .ci/run starts it and runs ignored tests with RESPONDBY_MOTO_ENDPOINT"]
async fn the_stub_and_moto_answer_the_same_script_alike() {
    let endpoint = moto_endpoint();
    let moto = client(&endpoint).await;
    let table = moto_table(&moto, "vs-moto").await;
    let stub = DynamoStub::start().await;
    let on_stub = script(&client(&stub.endpoint()).await, "respondby-state").await;
    let on_moto = script(&moto, &table).await;
    let _ = moto.delete_table().table_name(&table).send().await;
    same(&on_stub, &on_moto);
    // The script meant something: refusals, counts and reasons all showed.
    let all = on_stub.join("\n");
    for expected in [
        "claim again, ALL_OLD: Err(\"error ConditionalCheckFailedException item={\\\"owner\\\"",
        "fold 2: Ok(\"{\\\"folded\\\": N(\\\"2\\\")}\")",
        "reasons [None, None, ConditionalCheckFailed]",
        "ConditionalCheckFailed/The conditional request failed/{",
        "due page 3: [\"rem#4\"] next=-",
        "transaction applied: Ok(())",
    ] {
        assert!(all.contains(expected), "{expected}\nnot in:\n{all}");
    }
}

/// One documented difference: what the stub (DynamoDB) and moto answer.
struct Deviation {
    what: &'static str,
    dynamodb: String,
    moto: String,
}

async fn deviations(c: &Client, table: &str) -> Vec<String> {
    let mut out = Vec::new();
    // 1. Limit reached exactly at the last item.
    for pk in ["d#1", "d#2"] {
        c.put_item()
            .table_name(table)
            .item("pk", s(pk))
            .item("due_shard", s("9"))
            .item("due_at", n(1))
            .send()
            .await
            .unwrap();
    }
    let r = c
        .query()
        .table_name(table)
        .index_name("due-index")
        .key_condition_expression("due_shard = :s")
        .expression_attribute_values(":s", s("9"))
        .limit(2)
        .send()
        .await
        .unwrap();
    out.push(format!(
        "{} next={}",
        r.count(),
        r.last_evaluated_key().is_some()
    ));
    // 2. Numbers in canonical form.
    c.put_item()
        .table_name(table)
        .item("pk", s("num"))
        .item("x", n("1.50"))
        .send()
        .await
        .unwrap();
    let r = c
        .update_item()
        .table_name(table)
        .key("pk", s("num"))
        .update_expression("SET x = x + :t")
        .expression_attribute_values(":t", n("0.1"))
        .return_values(ReturnValue::AllOld)
        .send()
        .await
        .unwrap();
    let got = c
        .get_item()
        .table_name(table)
        .key("pk", s("num"))
        .send()
        .await
        .unwrap();
    out.push(format!("{} {}", show(r.attributes()), show(got.item())));
    // 3. Index key of the wrong type (removed again right away on moto:
    //    it would break every later query of the index there).
    let r = c
        .put_item()
        .table_name(table)
        .item("pk", s("bad"))
        .item("due_shard", s("8"))
        .item("due_at", s("tomorrow"))
        .send()
        .await;
    out.push(format!(
        "{:?}",
        r.map(|_| ())
            .map_err(|e| format!("{:?} {:?}", e.code(), e.message()))
    ));
    let _ = c
        .delete_item()
        .table_name(table)
        .key("pk", s("bad"))
        .send()
        .await;
    // 4. Filter on an index key attribute.
    let r = c
        .query()
        .table_name(table)
        .index_name("due-index")
        .key_condition_expression("due_shard = :s")
        .filter_expression("due_at > :t")
        .expression_attribute_values(":s", s("9"))
        .expression_attribute_values(":t", n(0))
        .send()
        .await;
    out.push(format!(
        "{:?}",
        r.map(|o| o.count())
            .map_err(|e| format!("{:?} {:?}", e.code(), e.message()))
    ));
    // 5 and 6. A run-time type error, in a transaction and alone.
    c.put_item()
        .table_name(table)
        .item("pk", s("str"))
        .item("t", s("x"))
        .send()
        .await
        .unwrap();
    let bad_update = Update::builder()
        .table_name(table)
        .key("pk", s("str"))
        .update_expression("SET t = t + :one")
        .expression_attribute_values(":one", n(1))
        .build()
        .unwrap();
    let r = c
        .transact_write_items()
        .transact_items(
            TransactWriteItem::builder()
                .put(
                    Put::builder()
                        .table_name(table)
                        .item("pk", s("tx-new"))
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .transact_items(TransactWriteItem::builder().update(bad_update).build())
        .send()
        .await;
    out.push(format!(
        "{:?}",
        r.map(|_| ()).map_err(|e| transaction_refusal(&e))
    ));
    let r = c
        .update_item()
        .table_name(table)
        .key("pk", s("str"))
        .update_expression("SET t = t + :one")
        .expression_attribute_values(":one", n(1))
        .send()
        .await;
    out.push(format!(
        "{:?}",
        r.map(|_| ())
            .map_err(|e| format!("{:?} {:?}", e.code(), e.message()))
    ));
    // 7. BETWEEN with its bounds the wrong way round.
    let r = c
        .scan()
        .table_name(table)
        .filter_expression("x BETWEEN :hi AND :lo")
        .expression_attribute_values(":hi", n(5))
        .expression_attribute_values(":lo", n(1))
        .send()
        .await;
    out.push(format!(
        "{:?}",
        r.map(|o| o.count()).map_err(|e| format!("{:?}", e.code()))
    ));
    // 8. The value first in a key condition.
    let r = c
        .query()
        .table_name(table)
        .index_name("due-index")
        .key_condition_expression("due_shard = :s AND :t >= due_at")
        .expression_attribute_values(":s", s("9"))
        .expression_attribute_values(":t", n(5))
        .send()
        .await;
    out.push(format!(
        "{:?}",
        r.map(|o| o.count()).map_err(|e| format!("{:?}", e.code()))
    ));
    // 9 and 10. UPDATED_NEW: on an item the update creates, and for an
    //    attribute set to the value it already had.
    for _ in 0..2 {
        let r = c
            .update_item()
            .table_name(table)
            .key("pk", s("created"))
            .update_expression("SET a = :v")
            .expression_attribute_values(":v", n(1))
            .return_values(ReturnValue::UpdatedNew)
            .send()
            .await
            .unwrap();
        out.push(show(r.attributes()));
    }
    out
}

#[tokio::test]
#[ignore = "needs moto_server: .ci/run starts it and runs ignored tests with RESPONDBY_MOTO_ENDPOINT"]
async fn where_moto_differs_from_dynamodb_the_stub_follows_dynamodb() {
    let endpoint = moto_endpoint();
    let moto = client(&endpoint).await;
    let table = moto_table(&moto, "moto-deviations").await;
    let stub = DynamoStub::start().await;
    let on_stub = deviations(&client(&stub.endpoint()).await, "respondby-state").await;
    let on_moto = deviations(&moto, &table).await;
    let _ = moto.delete_table().table_name(&table).send().await;
    let expected = [
        Deviation {
            what: "1. LastEvaluatedKey when Limit ends at the last item",
            dynamodb: "2 next=true".into(),
            moto: "2 next=false".into(),
        },
        Deviation {
            what: "2. numbers in canonical form",
            dynamodb: r#"{"pk": S("num"), "x": N("1.5")} {"pk": S("num"), "x": N("1.6")}"#.into(),
            moto: r#"{"pk": S("num"), "x": N("1.50")} {"pk": S("num"), "x": N("1.60")}"#.into(),
        },
        Deviation {
            what: "3. index key attribute of the wrong type",
            dynamodb: r#"Err("Some(\"ValidationException\") Some(\"One or more parameter values were invalid: Type mismatch for Index Key due_at Expected: N Actual: S IndexName: due-index\")")"#.into(),
            moto: "Ok(())".into(),
        },
        Deviation {
            what: "4. FilterExpression on an index key attribute",
            dynamodb: r#"Err("Some(\"ValidationException\") Some(\"Filter Expression can only contain non-primary key attributes: Primary key attribute: due_at\")")"#.into(),
            moto: "Ok(2)".into(),
        },
        Deviation {
            what: "5. run-time type error inside a transaction",
            dynamodb: r#"Err("cancelled: Transaction cancelled, please refer cancellation reasons for specific reasons [None, ValidationError] [\"None/-/-\", \"ValidationError/An operand in the update expression has an incorrect data type/-\"]")"#.into(),
            moto: r#"Err("error ValidationException item=- Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: S")"#.into(),
        },
        Deviation {
            what: "6. run-time type error in UpdateItem: the message",
            dynamodb: r#"Err("Some(\"ValidationException\") Some(\"An operand in the update expression has an incorrect data type\")")"#.into(),
            moto: r#"Err("Some(\"ValidationException\") Some(\"Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: S\")")"#.into(),
        },
        Deviation {
            what: "7. BETWEEN with constant bounds in the wrong order",
            dynamodb: r#"Err("Some(\"ValidationException\")")"#.into(),
            moto: "Ok(0)".into(),
        },
        Deviation {
            what: "8. key condition with the value first",
            dynamodb: "Ok(2)".into(),
            moto: r#"Err("Some(\"ValidationException\")")"#.into(),
        },
        Deviation {
            what: "9. UPDATED_NEW on an item the update creates",
            dynamodb: r#"{"a": N("1")}"#.into(),
            moto: r#"{"a": N("1"), "pk": S("created")}"#.into(),
        },
        Deviation {
            what: "10. UPDATED_NEW for a value set to what it was",
            dynamodb: r#"{"a": N("1")}"#.into(),
            moto: "{}".into(),
        },
    ];
    let mut wrong = Vec::new();
    for (i, d) in expected.iter().enumerate() {
        let (stub_got, moto_got) = (&on_stub[i], &on_moto[i]);
        if *stub_got != d.dynamodb {
            wrong.push(format!(
                "{}: the stub no longer answers as DynamoDB does\n  want: {}\n  got:  {stub_got}",
                d.what, d.dynamodb
            ));
        }
        if *moto_got != d.moto {
            wrong.push(format!(
                "{}: moto's answer changed (fixed upstream? then update the list at the top of this file)\n  documented: {}\n  now:        {moto_got}",
                d.what, d.moto
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
