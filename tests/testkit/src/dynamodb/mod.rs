//! A local stand-in for DynamoDB: the JSON 1.0 protocol over HTTP, one
//! in-memory table whose key schema and global secondary indexes are
//! declared at start, and expressions evaluated in general (parsed, not
//! matched as strings). The real AWS SDK talks to it through
//! `AWS_ENDPOINT_URL_DYNAMODB` or `endpoint_url`.
//!
//! Operations: GetItem, PutItem, UpdateItem, DeleteItem, Query, Scan,
//! BatchGetItem, BatchWriteItem, TransactWriteItems, TransactGetItems and
//! DescribeTable. Any table name is accepted and names the one table,
//! except the names declared with [`DynamoStubBuilder::table`], each a
//! table of its own (the hub's spoke table beside the state table), for
//! the single-table operations (a name or an ARN ending `table/<name>`).
//!
//! Behaviour follows the DynamoDB API reference and Developer Guide, with
//! DynamoDB's error codes and wording, including where the usual emulators
//! differ (see `tests/testkit/tests/dynamodb_vs_moto.rs` for moto):
//! numbers are exact decimals read back in canonical form; a Query or Scan
//! stopped by `Limit` or by 1 MB returns a LastEvaluatedKey even when
//! nothing follows; an index key attribute of the wrong type is refused;
//! a transaction item failing at run time is a `ValidationError`
//! cancellation reason. Not modelled: TTL expiry (DynamoDB deletes lazily
//! anyway), capacity, streams, local secondary indexes, the legacy
//! parameters (`Expected`, `AttributesToGet`, …: refused), PartiQL.
//!
//! Each request is applied whole under one lock, so racing conditional
//! writes see one another as they would on DynamoDB.

mod error;
mod expr;
mod table;
mod value;

pub use table::{GlobalIndex, KeyType, Projection};

use crate::server::{serve, Server};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use error::DdbError;
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use table::{render_key, Schema, Table};

/// The Respond By table's index of due reminders.
pub const DUE_INDEX: &str = "due-index";
/// The Respond By table's index for lists (same keys; `listed`, `version`).
pub const LISTING_INDEX: &str = "listing-index";

/// The spoke table's name in [`DynamoStub::hub`].
pub const SPOKE_TABLE: &str = "respondby-spokes";

/// One request the stand-in received.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// `GetItem`, `Query`, … (the `X-Amz-Target` operation).
    pub operation: String,
    /// The keys it names, space separated: `pk` (or `pk sk`) of each item;
    /// for Query and Scan the index name, if any, then the partition value.
    pub keys: String,
    /// The request body.
    pub request: Value,
    /// The HTTP status answered (200, 400, 500, …).
    pub status: u16,
}

impl Call {
    fn line(&self) -> String {
        if self.keys.is_empty() {
            self.operation.clone()
        } else {
            format!("{} {}", self.operation, self.keys)
        }
    }
}

#[derive(Debug)]
struct Fault {
    operation: Option<String>,
    code: String,
    remaining: usize,
}

#[derive(Debug)]
struct Inner {
    table: Table,
    /// Tables declared by name ([`DynamoStubBuilder::table`]).
    named: Vec<(String, Table)>,
    calls: Vec<Call>,
    faults: Vec<Fault>,
    down: bool,
    /// Each request waits this long before it is served.
    stall: Option<Duration>,
}

/// The running stand-in. Dropping it stops the server.
pub struct DynamoStub {
    server: Server,
    inner: Arc<Mutex<Inner>>,
}

/// Declares the table of a [`DynamoStub`] before it starts.
#[derive(Debug, Clone)]
pub struct DynamoStubBuilder {
    schema: Schema,
    named: Vec<(String, Schema)>,
}

impl DynamoStubBuilder {
    /// The partition key (default `pk`, a string).
    pub fn hash_key(mut self, name: &str, key_type: KeyType) -> Self {
        self.schema.hash = (name.to_owned(), key_type);
        self
    }

    /// A sort key (default none).
    pub fn range_key(mut self, name: &str, key_type: KeyType) -> Self {
        self.schema.range = Some((name.to_owned(), key_type));
        self
    }

    /// A global secondary index.
    pub fn index(mut self, index: GlobalIndex) -> Self {
        self.schema.indexes.push(index);
        self
    }

    /// A second table, `name`, with `schema`'s key schema and indexes
    /// (any other name still names the first table).
    pub fn table(mut self, name: &str, schema: DynamoStubBuilder) -> Self {
        self.named.push((name.to_owned(), schema.schema));
        self
    }

    pub async fn start(self) -> DynamoStub {
        let inner = Arc::new(Mutex::new(Inner {
            table: Table::new(self.schema),
            named: self
                .named
                .into_iter()
                .map(|(n, s)| (n, Table::new(s)))
                .collect(),
            calls: Vec::new(),
            faults: Vec::new(),
            down: false,
            stall: None,
        }));
        let app = Router::new()
            .fallback(axum::routing::post(handle))
            .with_state(inner.clone());
        DynamoStub {
            server: serve(app).await,
            inner,
        }
    }
}

fn reply(status: u16, body: &Value) -> Response {
    (
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        [("content-type", "application/x-amz-json-1.0")],
        body.to_string(),
    )
        .into_response()
}

async fn handle(
    State(inner): State<Arc<Mutex<Inner>>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let operation = headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .trim_start_matches("DynamoDB_20120810.")
        .to_owned();
    let request: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let stall = inner.lock().expect("not poisoned").stall;
    if let Some(d) = stall {
        tokio::time::sleep(d).await;
    }
    let mut g = inner.lock().expect("not poisoned");
    let name = request["TableName"]
        .as_str()
        .map(|n| n.rsplit("table/").next().unwrap_or(n).to_owned());
    let at = name
        .as_deref()
        .and_then(|n| g.named.iter().position(|(t, _)| t == n));
    let keys = g.table_at(at).describe(&operation, &request);
    let result = if g.down {
        Err(DdbError::new(
            "InternalServerError",
            "Internal server error",
        ))
    } else if let Some(code) = g.take_fault(&operation) {
        Err(DdbError::new(
            &code,
            format!("injected by the test: {code}"),
        ))
    } else if request.is_null() {
        Err(DdbError::new(
            "SerializationException",
            "Start of structure or map found where not expected",
        ))
    } else {
        g.table_at_mut(at).handle(&operation, &request)
    };
    let (status, body) = match result {
        Ok(v) => (200, v),
        Err(e) => (e.status, e.body()),
    };
    g.calls.push(Call {
        operation,
        keys,
        request,
        status,
    });
    reply(status, &body)
}

impl Inner {
    fn table_at(&self, at: Option<usize>) -> &Table {
        match at {
            Some(i) => &self.named[i].1,
            None => &self.table,
        }
    }

    fn table_at_mut(&mut self, at: Option<usize>) -> &mut Table {
        match at {
            Some(i) => &mut self.named[i].1,
            None => &mut self.table,
        }
    }

    fn take_fault(&mut self, operation: &str) -> Option<String> {
        let i = self
            .faults
            .iter()
            .position(|f| f.operation.as_deref().is_none_or(|o| o == operation))?;
        let f = &mut self.faults[i];
        f.remaining -= 1;
        let code = f.code.clone();
        if f.remaining == 0 {
            self.faults.remove(i);
        }
        Some(code)
    }
}

impl DynamoStub {
    /// The Respond By table: partition key `pk` (S), no sort key, and the
    /// sparse index `due-index` (`due_shard` S, `due_at` N, projection ALL)
    /// and `listing-index` (the same keys, projection INCLUDE `listed`,
    /// `version`).
    pub async fn start() -> DynamoStub {
        DynamoStub::respond_by().start().await
    }

    /// The Respond By table's schema, to add to before starting.
    pub fn respond_by() -> DynamoStubBuilder {
        DynamoStub::builder()
            .index(
                GlobalIndex::new(DUE_INDEX, "due_shard", KeyType::S)
                    .range_key("due_at", KeyType::N),
            )
            .index(
                GlobalIndex::new(LISTING_INDEX, "due_shard", KeyType::S)
                    .range_key("due_at", KeyType::N)
                    .projection(Projection::Include(vec![
                        "listed".to_owned(),
                        "version".to_owned(),
                    ])),
            )
    }

    /// Another schema: partition key `pk` (S) unless changed, nothing else.
    pub fn builder() -> DynamoStubBuilder {
        DynamoStubBuilder {
            schema: Schema {
                hash: ("pk".to_owned(), KeyType::S),
                range: None,
                indexes: Vec::new(),
            },
            named: Vec::new(),
        }
    }

    /// The hub: the Respond By state table, and the spoke table
    /// [`SPOKE_TABLE`] (`pk` S, sort key `spoke` S, no index) as
    /// template.yaml declares them.
    pub async fn hub() -> DynamoStub {
        DynamoStub::respond_by()
            .table(SPOKE_TABLE, DynamoStub::spoke_schema())
            .start()
            .await
    }

    /// The spoke table's schema: `pk` (S), sort key `spoke` (S).
    pub fn spoke_schema() -> DynamoStubBuilder {
        DynamoStub::builder().range_key("spoke", KeyType::S)
    }

    /// Every item stored in the table declared as `name`, in key order.
    pub fn items_in(&self, name: &str) -> Vec<Value> {
        let g = self.lock();
        let (_, t) = g
            .named
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no table {name} declared"));
        t.items()
            .map(|(_, item)| value::item_to_json(item))
            .collect()
    }

    /// `http://127.0.0.1:PORT`, for `AWS_ENDPOINT_URL_DYNAMODB`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.server.addr)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().expect("not poisoned")
    }

    /// Every call as `Operation keys` (see [`Call::keys`]), failed ones too.
    pub fn calls(&self) -> Vec<String> {
        self.lock().calls.iter().map(Call::line).collect()
    }

    /// Every call with its request and the status answered.
    pub fn requests(&self) -> Vec<Call> {
        self.lock().calls.clone()
    }

    /// The stored item whose key is `pk` (or `"pk sk"` with a sort key), if any.
    pub fn item(&self, pk: &str) -> Option<Value> {
        self.lock()
            .table
            .items()
            .find(|(k, _)| render_key(k) == pk)
            .map(|(_, item)| value::item_to_json(item))
    }

    /// Every stored item, in key order.
    pub fn items(&self) -> Vec<Value> {
        self.lock()
            .table
            .items()
            .map(|(_, item)| value::item_to_json(item))
            .collect()
    }

    /// Stores an item (wire form, `{"pk": {"S": "x"}, …}`) without a
    /// request. Panics if DynamoDB would refuse it.
    pub fn put(&self, item: Value) {
        let parsed = value::item_from_json(&item)
            .unwrap_or_else(|e| panic!("not a DynamoDB item: {}: {item}", e.message));
        self.lock()
            .table
            .insert(parsed)
            .unwrap_or_else(|e| panic!("DynamoDB would refuse {item}: {}", e.message));
    }

    /// The next `n` requests, whatever their operation, fail with `code`
    /// (`ProvisionedThroughputExceededException`, `ThrottlingException`,
    /// `InternalServerError` (HTTP 500), …) and change nothing. The SDK
    /// retries throttling and 5xx errors (3 attempts by default), so a
    /// fault that must reach the caller needs `n` ≥ its attempts.
    pub fn fail_next(&self, n: usize, code: &str) {
        self.add_fault(None, n, code);
    }

    /// The next `n` requests of `operation` (`Query`, `UpdateItem`, …) fail
    /// with `code`; other operations are served.
    pub fn fail_operation(&self, operation: &str, n: usize, code: &str) {
        self.add_fault(Some(operation), n, code);
    }

    fn add_fault(&self, operation: Option<&str>, n: usize, code: &str) {
        if n > 0 {
            self.lock().faults.push(Fault {
                operation: operation.map(str::to_owned),
                code: code.to_owned(),
                remaining: n,
            });
        }
    }

    /// While down, every request is answered HTTP 500 `InternalServerError`
    /// and changes nothing; `set_down(false)` brings it back with its items.
    pub fn set_down(&self, down: bool) {
        self.lock().down = down;
    }

    /// A handle that can take the table down or stall it from elsewhere
    /// (a [`crate::SlackStub::on_accept`] hook), while this stub keeps
    /// serving.
    pub fn switch(&self) -> DynamoSwitch {
        DynamoSwitch {
            inner: self.inner.clone(),
        }
    }

    /// Forgets faults not yet used.
    pub fn clear_faults(&self) {
        self.lock().faults.clear();
    }
}

/// Takes a running [`DynamoStub`] down or stalls it; see [`DynamoStub::switch`].
#[derive(Clone)]
pub struct DynamoSwitch {
    inner: Arc<Mutex<Inner>>,
}

impl DynamoSwitch {
    /// As [`DynamoStub::set_down`].
    pub fn set_down(&self, down: bool) {
        self.inner.lock().expect("not poisoned").down = down;
    }

    /// Every request from now on waits `stall` before it is served (a table
    /// that hangs); `None` serves at once again.
    pub fn set_stall(&self, stall: Option<Duration>) {
        self.inner.lock().expect("not poisoned").stall = stall;
    }
}
