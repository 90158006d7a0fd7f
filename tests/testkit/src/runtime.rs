//! The AWS Lambda Runtime API (2018-06-01), as a function binary sees it.
//!
//! `GET /2018-06-01/runtime/invocation/next` hands out queued events one at
//! a time (and blocks while there are none); the function answers with
//! `POST .../invocation/{id}/response` or `.../invocation/{id}/error`, or
//! reports a failed start with `POST /2018-06-01/runtime/init/error`.

use crate::server::{serve, Incoming, Server};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::{json, Value};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::sync::{watch, Notify};

/// The ARN sent in `Lambda-Runtime-Invoked-Function-Arn`: the hub runs in
/// 111122223333, the account of most fixtures.
pub const FUNCTION_ARN: &str = "arn:aws:lambda:us-east-1:111122223333:function:respondby-test";

/// How an invocation ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The function's response body.
    Response(Value),
    /// The function's error: `errorType` from the body, else the
    /// `Lambda-Runtime-Function-Error-Type` header.
    Error {
        error_type: String,
        error_message: String,
    },
}

/// One finished invocation.
#[derive(Debug, Clone, PartialEq)]
pub struct Invocation {
    pub request_id: String,
    pub event: Value,
    pub outcome: Outcome,
}

#[derive(Default)]
struct State {
    queue: VecDeque<Value>,
    timeout: Duration,
    handed_out: u64,
    in_flight: HashMap<String, (u64, Value, Instant)>,
    /// Request ID → from handing the event out to its response or error.
    took: HashMap<String, Duration>,
    finished: Vec<(u64, Invocation)>,
    init_error: Option<Value>,
    first_next_at: Option<Instant>,
}

struct Shared {
    state: Mutex<State>,
    queued: Notify,
    changed: watch::Sender<()>,
}

/// A running Runtime API stand-in. Dropping it stops the server.
pub struct RuntimeApi {
    shared: Arc<Shared>,
    server: Server,
}

impl RuntimeApi {
    /// Serves `events` in order; each invocation gets 10 s.
    pub async fn start(events: Vec<Value>) -> RuntimeApi {
        Self::start_with_timeout(events, Duration::from_secs(10)).await
    }

    /// Serves `events` in order; each invocation's deadline is `timeout`
    /// after its `/next` answer.
    pub async fn start_with_timeout(events: Vec<Value>, timeout: Duration) -> RuntimeApi {
        let (changed, _) = watch::channel(());
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                queue: events.into(),
                timeout,
                ..State::default()
            }),
            queued: Notify::new(),
            changed,
        });
        let s = shared.clone();
        let router = Router::new().fallback(move |req: Request<Body>| handle(s.clone(), req));
        let server = serve(router).await;
        RuntimeApi { shared, server }
    }

    /// `127.0.0.1:PORT`, the value of `AWS_LAMBDA_RUNTIME_API`.
    pub fn addr(&self) -> String {
        self.server.addr.to_string()
    }

    /// Queues one more event (wakes a waiting `/next`).
    pub fn push(&self, event: Value) {
        self.shared.state.lock().unwrap().queue.push_back(event);
        self.shared.queued.notify_one();
    }

    /// The time each later invocation gets.
    pub fn set_timeout(&self, timeout: Duration) {
        self.shared.state.lock().unwrap().timeout = timeout;
    }

    /// How long the invocation `request_id` took, from the event handed out
    /// (when its deadline starts) to its response or error reaching the API:
    /// what Lambda holds against the function's timeout.
    pub fn took(&self, request_id: &str) -> Option<Duration> {
        self.shared
            .state
            .lock()
            .unwrap()
            .took
            .get(request_id)
            .copied()
    }

    /// When `/next` was first called: the end of the function's init.
    pub fn first_next_at(&self) -> Option<Instant> {
        self.shared.state.lock().unwrap().first_next_at
    }

    /// The invocations finished so far, in the order they were handed out.
    pub fn finished(&self) -> Vec<Invocation> {
        let st = self.shared.state.lock().unwrap();
        let mut done = st.finished.clone();
        done.sort_by_key(|(seq, _)| *seq);
        done.into_iter().map(|(_, inv)| inv).collect()
    }

    /// Waits until at least `n` invocations have finished (response or
    /// error) or `timeout` passed, then returns all finished ones in the
    /// order they were handed out — fewer than `n` on timeout.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Invocation> {
        self.wait_until(timeout, |st| st.finished.len() >= n).await;
        self.finished()
    }

    /// Waits for the function to report an init error; returns its body.
    pub async fn wait_for_init_error(&self, timeout: Duration) -> Option<Value> {
        self.wait_until(timeout, |st| st.init_error.is_some()).await;
        self.shared.state.lock().unwrap().init_error.clone()
    }

    async fn wait_until(&self, timeout: Duration, done: impl Fn(&State) -> bool) {
        let deadline = tokio::time::Instant::now() + timeout;
        let mut rx = self.shared.changed.subscribe();
        loop {
            rx.borrow_and_update();
            if done(&self.shared.state.lock().unwrap()) {
                return;
            }
            match tokio::time::timeout_at(deadline, rx.changed()).await {
                Ok(Ok(())) => {}
                _ => return,
            }
        }
    }
}

fn accepted() -> Response {
    (StatusCode::ACCEPTED, axum::Json(json!({"status": "OK"}))).into_response()
}

fn bad(status: StatusCode, error_type: &str, message: &str) -> Response {
    (
        status,
        axum::Json(json!({"errorType": error_type, "errorMessage": message})),
    )
        .into_response()
}

fn epoch_ms(t: SystemTime) -> u128 {
    t.duration_since(UNIX_EPOCH).unwrap_or_default().as_millis()
}

async fn handle(shared: Arc<Shared>, req: Request<Body>) -> Response {
    let inc = Incoming::read(req).await;
    let path = inc
        .path
        .strip_prefix("/2018-06-01/runtime/")
        .unwrap_or("")
        .to_owned();
    match (inc.method.as_str(), path.as_str()) {
        ("GET", "invocation/next") => next(&shared).await,
        ("POST", "init/error") => {
            shared.state.lock().unwrap().init_error = Some(inc.json());
            shared.changed.send_replace(());
            accepted()
        }
        ("POST", p) if p.starts_with("invocation/") => {
            let rest = &p["invocation/".len()..];
            let (id, outcome) = if let Some(id) = rest.strip_suffix("/response") {
                (id, Outcome::Response(inc.json()))
            } else if let Some(id) = rest.strip_suffix("/error") {
                let body = inc.json();
                let field = |k: &str| body.get(k).and_then(Value::as_str).map(str::to_owned);
                let error_type = field("errorType")
                    .or_else(|| {
                        inc.header("lambda-runtime-function-error-type")
                            .map(str::to_owned)
                    })
                    .unwrap_or_default();
                (
                    id,
                    Outcome::Error {
                        error_type,
                        error_message: field("errorMessage").unwrap_or_default(),
                    },
                )
            } else {
                return bad(StatusCode::NOT_FOUND, "NotFound", "no such path");
            };
            let mut st = shared.state.lock().unwrap();
            let Some((seq, event, handed_out)) = st.in_flight.remove(id) else {
                return bad(
                    StatusCode::BAD_REQUEST,
                    "InvalidRequestID",
                    "no invocation in flight with this request ID",
                );
            };
            st.took.insert(id.to_owned(), handed_out.elapsed());
            st.finished.push((
                seq,
                Invocation {
                    request_id: id.to_owned(),
                    event,
                    outcome,
                },
            ));
            drop(st);
            shared.changed.send_replace(());
            accepted()
        }
        _ => bad(StatusCode::NOT_FOUND, "NotFound", "no such path"),
    }
}

async fn next(shared: &Shared) -> Response {
    {
        let mut st = shared.state.lock().unwrap();
        st.first_next_at.get_or_insert_with(Instant::now);
    }
    shared.changed.send_replace(());
    loop {
        let popped = {
            let mut st = shared.state.lock().unwrap();
            st.queue.pop_front().map(|event| {
                st.handed_out += 1;
                let seq = st.handed_out;
                let id = format!("8476a536-e9f4-11e8-9739-{seq:012x}");
                st.in_flight
                    .insert(id.clone(), (seq, event.clone(), Instant::now()));
                (id, seq, event, st.timeout)
            })
        };
        if let Some((id, seq, event, timeout)) = popped {
            let deadline = epoch_ms(SystemTime::now() + timeout);
            return (
                StatusCode::OK,
                [
                    ("content-type", "application/json".to_owned()),
                    ("lambda-runtime-aws-request-id", id),
                    ("lambda-runtime-deadline-ms", deadline.to_string()),
                    (
                        "lambda-runtime-invoked-function-arn",
                        FUNCTION_ARN.to_owned(),
                    ),
                    (
                        "lambda-runtime-trace-id",
                        format!("Root=1-5bef4de7-{seq:024x};Parent=9a9197af755a6419;Sampled=0"),
                    ),
                ],
                event.to_string(),
            )
                .into_response();
        }
        // `push` uses `notify_one`, which leaves a permit when nobody waits,
        // so a push between looking and waiting is not missed.
        shared.queued.notified().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn next_event(client: &reqwest::Client, api: &RuntimeApi) -> (String, u64, Value) {
        let resp = client
            .get(format!(
                "http://{}/2018-06-01/runtime/invocation/next",
                api.addr()
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), 200);
        let h = |k: &str| resp.headers().get(k).unwrap().to_str().unwrap().to_owned();
        let id = h("Lambda-Runtime-Aws-Request-Id");
        let deadline: u64 = h("Lambda-Runtime-Deadline-Ms").parse().unwrap();
        assert_eq!(h("Lambda-Runtime-Invoked-Function-Arn"), FUNCTION_ARN);
        assert!(h("Lambda-Runtime-Trace-Id").starts_with("Root=1-"));
        (id, deadline, resp.json().await.unwrap())
    }

    #[tokio::test]
    async fn serves_queued_events_in_order_and_records_outcomes() {
        let api = RuntimeApi::start(vec![json!({"n": 1}), json!({"n": 2})]).await;
        assert!(api.first_next_at().is_none());
        let client = reqwest::Client::new();
        let base = format!("http://{}/2018-06-01/runtime", api.addr());

        let (id1, deadline, ev1) = next_event(&client, &api).await;
        assert!(api.first_next_at().is_some());
        assert_eq!(ev1, json!({"n": 1}));
        let now = epoch_ms(SystemTime::now()) as u64;
        assert!(
            deadline > now + 8_000 && deadline <= now + 10_000,
            "{deadline} vs {now}"
        );
        let r = client
            .post(format!("{base}/invocation/{id1}/response"))
            .body(r#"{"ok":true}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 202);

        let (id2, _, ev2) = next_event(&client, &api).await;
        assert_eq!(ev2, json!({"n": 2}));
        assert_ne!(id1, id2);
        client
            .post(format!("{base}/invocation/{id2}/error"))
            .header("Lambda-Runtime-Function-Error-Type", "unhandled")
            .body(r#"{"errorType":"Permanent.SlackRejected","errorMessage":"no_service"}"#)
            .send()
            .await
            .unwrap();

        let done = api.wait_for(2, Duration::from_secs(5)).await;
        assert_eq!(
            done,
            vec![
                Invocation {
                    request_id: id1.clone(),
                    event: json!({"n": 1}),
                    outcome: Outcome::Response(json!({"ok": true})),
                },
                Invocation {
                    request_id: id2,
                    event: json!({"n": 2}),
                    outcome: Outcome::Error {
                        error_type: "Permanent.SlackRejected".into(),
                        error_message: "no_service".into(),
                    },
                },
            ]
        );
        // A second answer for the same invocation is refused.
        let again = client
            .post(format!("{base}/invocation/{id1}/response"))
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(again.status().as_u16(), 400);
    }

    #[tokio::test]
    async fn next_blocks_until_an_event_is_pushed() {
        let api = RuntimeApi::start(vec![]).await;
        let client = reqwest::Client::new();
        let url = format!("http://{}/2018-06-01/runtime/invocation/next", api.addr());
        let pending = tokio::spawn(client.get(url).send());
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(!pending.is_finished(), "/next answered with an empty queue");
        api.push(json!({"late": true}));
        let resp = tokio::time::timeout(Duration::from_secs(5), pending)
            .await
            .expect("/next still blocked after a push")
            .unwrap()
            .unwrap();
        assert_eq!(resp.json::<Value>().await.unwrap(), json!({"late": true}));
    }

    #[tokio::test]
    async fn wait_for_gives_up_at_the_timeout_and_init_errors_are_kept() {
        let api = RuntimeApi::start(vec![json!(1)]).await;
        let t = Instant::now();
        assert!(api.wait_for(1, Duration::from_millis(200)).await.is_empty());
        assert!(t.elapsed() >= Duration::from_millis(200));
        assert!(t.elapsed() < Duration::from_secs(3));
        reqwest::Client::new()
            .post(format!(
                "http://{}/2018-06-01/runtime/init/error",
                api.addr()
            ))
            .body(r#"{"errorType":"Runtime.InitError","errorMessage":"no secret"}"#)
            .send()
            .await
            .unwrap();
        let err = api.wait_for_init_error(Duration::from_secs(5)).await;
        assert_eq!(err.unwrap()["errorMessage"], "no secret");
    }
}
