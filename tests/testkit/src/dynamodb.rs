//! A local stand-in for the DynamoDB API (JSON 1.0 protocol) with just the
//! operations and expressions Respond By's state store uses: GetItem,
//! PutItem with `attribute_not_exists(pk)`, and the two UpdateItem forms of
//! `respondby_core::guard::DynamoStore`. Items live in memory.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

type Item = Map<String, Value>;

#[derive(Default)]
struct Inner {
    items: HashMap<String, Item>,
    calls: Vec<String>,
}

/// The running stand-in. Dropping it stops the server.
pub struct DynamoStub {
    endpoint: String,
    inner: Arc<Mutex<Inner>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for DynamoStub {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn err_body(code: &str, message: &str) -> Value {
    json!({"__type": format!("com.amazonaws.dynamodb.v20120810#{code}"), "message": message})
}

fn reply(status: StatusCode, v: Value) -> Response {
    (
        status,
        [("content-type", "application/x-amz-json-1.0")],
        v.to_string(),
    )
        .into_response()
}

fn err(code: &str, message: &str) -> Response {
    reply(StatusCode::BAD_REQUEST, err_body(code, message))
}

fn ok(v: Value) -> Response {
    reply(StatusCode::OK, v)
}

fn n(item: &Item, name: &str) -> f64 {
    item.get(name)
        .and_then(|v| v.get("N"))
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0.0)
}

fn val(req: &Value, name: &str) -> f64 {
    req["ExpressionAttributeValues"][name]["N"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0.0)
}

fn num(x: f64) -> Value {
    json!({"N": format!("{}", x as i64)})
}

async fn handle(
    State(inner): State<Arc<Mutex<Inner>>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let target = headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .trim_start_matches("DynamoDB_20120810.")
        .to_owned();
    let req: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let key = req["Key"]["pk"]["S"]
        .as_str()
        .or_else(|| req["Item"]["pk"]["S"].as_str())
        .unwrap_or("")
        .to_owned();
    let mut g = inner.lock().unwrap();
    g.calls.push(format!("{target} {key}"));
    match target.as_str() {
        "GetItem" => match g.items.get(&key) {
            Some(item) => ok(json!({"Item": item})),
            None => ok(json!({})),
        },
        "PutItem" => {
            let cond = req["ConditionExpression"].as_str().unwrap_or("");
            if cond.contains("attribute_not_exists(pk)") && g.items.contains_key(&key) {
                return err(
                    "ConditionalCheckFailedException",
                    "The conditional request failed",
                );
            }
            let item = req["Item"].as_object().cloned().unwrap_or_default();
            g.items.insert(key, item);
            ok(json!({}))
        }
        "UpdateItem" => {
            let expr = req["UpdateExpression"].as_str().unwrap_or("");
            let cond = req["ConditionExpression"].as_str().unwrap_or("");
            let existing = g.items.get(&key).cloned();
            let mut item = existing.clone().unwrap_or_else(|| {
                let mut m = Map::new();
                m.insert("pk".into(), json!({"S": key.clone()}));
                m
            });
            if cond.contains("window_until > :now") {
                let open = item.contains_key("window_until")
                    && n(&item, "window_until") > val(&req, ":now")
                    && n(&item, "max_rank") >= val(&req, ":rank");
                if !open {
                    // As DynamoDB: the refusal carries the item as it was
                    // when asked to (ReturnValuesOnConditionCheckFailure).
                    let mut refusal = err_body(
                        "ConditionalCheckFailedException",
                        "The conditional request failed",
                    );
                    if req["ReturnValuesOnConditionCheckFailure"] == "ALL_OLD" {
                        if let Some(old) = existing {
                            refusal["Item"] = Value::Object(old);
                        }
                    }
                    return reply(StatusCode::BAD_REQUEST, refusal);
                }
            } else if !cond.is_empty() {
                return err(
                    "ValidationException",
                    &format!("stub does not know condition {cond}"),
                );
            }
            if expr.starts_with("SET folded = if_not_exists(folded, :zero) + :one") {
                let f = n(&item, "folded") + val(&req, ":one");
                item.insert("folded".into(), num(f));
            } else if expr.contains("window_until = :until") {
                let f = n(&item, "folded") - val(&req, ":consumed");
                item.insert("folded".into(), num(f));
                item.insert("window_until".into(), num(val(&req, ":until")));
                item.insert("max_rank".into(), num(val(&req, ":rank")));
                item.insert("expires_at".into(), num(val(&req, ":ttl")));
            } else {
                return err(
                    "ValidationException",
                    &format!("stub does not know update {expr}"),
                );
            }
            let folded = item.get("folded").cloned();
            g.items.insert(key, item);
            if req["ReturnValues"] == "UPDATED_NEW" {
                ok(json!({"Attributes": {"folded": folded}}))
            } else {
                ok(json!({}))
            }
        }
        other => err(
            "UnknownOperationException",
            &format!("stub does not implement {other}"),
        ),
    }
}

impl DynamoStub {
    pub async fn start() -> DynamoStub {
        let inner = Arc::new(Mutex::new(Inner::default()));
        let app = Router::new()
            .fallback(axum::routing::post(handle))
            .with_state(inner.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.ok();
        });
        DynamoStub {
            endpoint,
            inner,
            task,
        }
    }

    /// `http://127.0.0.1:PORT`, for `AWS_ENDPOINT_URL_DYNAMODB`.
    pub fn endpoint(&self) -> String {
        self.endpoint.clone()
    }

    /// Every call as `Operation pk`.
    pub fn calls(&self) -> Vec<String> {
        self.inner.lock().unwrap().calls.clone()
    }

    /// The stored item under `pk`, if any.
    pub fn item(&self, pk: &str) -> Option<Value> {
        self.inner
            .lock()
            .unwrap()
            .items
            .get(pk)
            .map(|m| Value::Object(m.clone()))
    }
}
