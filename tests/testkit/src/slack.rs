//! A Slack incoming webhook, with scripted answers.

use crate::server::{serve, Incoming, Server};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::Value;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The path of [`SlackStub::url`]; the last segment is the secret part.
pub const WEBHOOK_PATH: &str = "/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX";
/// The secret part of [`WEBHOOK_PATH`], to check it never leaks.
pub const WEBHOOK_TOKEN: &str = "XXXXXXXXXXXXXXXXXXXXXXXX";

/// One scripted answer to one POST.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// 200, body `ok`.
    Ok,
    /// Any status with a body such as `no_service` or `invalid_payload`.
    Status(u16, &'static str),
    /// 429 with `Retry-After: <secs>`, body `rate_limited`.
    RetryAfter(u64),
    /// Waits this long, then answers 200 `ok`.
    Hang(Duration),
}

/// A request the stub received, answered or not.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    /// Header names are lower case.
    pub headers: Vec<(String, String)>,
    /// The body as JSON (a JSON string if it was not JSON, `Null` if empty).
    pub body: Value,
    pub at: Instant,
    /// The status answered; `None` while a [`Reply::Hang`] is still waiting.
    pub status: Option<u16>,
}

impl Recorded {
    /// The first value of a header (name in any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn delivered(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

enum Mode {
    Script(VecDeque<Reply>),
    RateLimited {
        per_second: u32,
        retry_after_secs: u64,
        window: u64,
        in_window: u32,
    },
}

/// What [`SlackStub::on_accept`] runs.
type Hook = Arc<dyn Fn() + Send + Sync>;

struct State {
    started: Instant,
    mode: Mode,
    requests: Vec<Recorded>,
    on_accept: Option<Hook>,
}

/// A running Slack webhook stand-in. Dropping it stops the server.
pub struct SlackStub {
    state: Arc<Mutex<State>>,
    server: Server,
}

impl SlackStub {
    /// Answers successive POSTs with `script`, then with [`Reply::Ok`].
    pub async fn start(script: Vec<Reply>) -> SlackStub {
        Self::with_mode(Mode::Script(script.into())).await
    }

    /// Answers 429 with `Retry-After: retry_after_secs` to every message
    /// beyond the `per_second`-th in the current one-second window (windows
    /// count from the start of the stub; refused messages count too).
    pub async fn rate_limited(per_second: u32, retry_after_secs: u64) -> SlackStub {
        Self::with_mode(Mode::RateLimited {
            per_second,
            retry_after_secs,
            window: 0,
            in_window: 0,
        })
        .await
    }

    async fn with_mode(mode: Mode) -> SlackStub {
        let state = Arc::new(Mutex::new(State {
            started: Instant::now(),
            mode,
            requests: Vec::new(),
            on_accept: None,
        }));
        let s = state.clone();
        let router = Router::new().fallback(move |req: Request<Body>| handle(s.clone(), req));
        let server = serve(router).await;
        SlackStub { state, server }
    }

    /// `http://127.0.0.1:PORT/services/T000/B000/XXXX…`
    pub fn url(&self) -> String {
        format!("http://{}{WEBHOOK_PATH}", self.server.addr)
    }

    /// Runs `hook` each time a message is accepted, after Slack has it and
    /// before the 200 is sent: the moment a test breaks something (the state
    /// table) to see what the function does once Slack has the alert.
    pub fn on_accept(&self, hook: impl Fn() + Send + Sync + 'static) {
        self.state.lock().unwrap().on_accept = Some(Arc::new(hook));
    }

    /// Every request received so far, in order, including refused ones.
    pub fn requests(&self) -> Vec<Recorded> {
        self.state.lock().unwrap().requests.clone()
    }

    /// The bodies of the requests answered 2xx, in order.
    pub fn delivered(&self) -> Vec<Value> {
        let st = self.state.lock().unwrap();
        st.requests
            .iter()
            .filter(|r| r.delivered())
            .map(|r| r.body.clone())
            .collect()
    }
}

fn text(status: u16, body: &'static str) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, [("content-type", "text/html")], body).into_response()
}

/// The message a webhook body carries, parsed as Slack does: a JSON body, or
/// the older form body `payload=<JSON>` (what Python notifiers such as
/// terraform-aws-modules' notify_slack send).
fn message(inc: &Incoming) -> Option<Value> {
    if inc.is_json() {
        return Some(inc.json());
    }
    let form = inc
        .header("content-type")
        .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
    if !form {
        return None;
    }
    form_urlencoded::parse(&inc.raw)
        .find(|(k, _)| k == "payload")
        .and_then(|(_, v)| serde_json::from_str(&v).ok())
}

async fn handle(state: Arc<Mutex<State>>, req: Request<Body>) -> Response {
    let inc = Incoming::read(req).await;
    let body = message(&inc);
    let (index, reply, hook) = {
        let mut st = state.lock().unwrap();
        let now = Instant::now();
        let reply = if inc.method != "POST" {
            Reply::Status(405, "invalid_method")
        } else if body.is_none() {
            // What Slack says to a body it cannot parse; the script is kept.
            Reply::Status(400, "invalid_payload")
        } else {
            let window_now = now.duration_since(st.started).as_secs();
            match &mut st.mode {
                Mode::Script(script) => script.pop_front().unwrap_or(Reply::Ok),
                Mode::RateLimited {
                    per_second,
                    retry_after_secs,
                    window,
                    in_window,
                } => {
                    if *window != window_now {
                        *window = window_now;
                        *in_window = 0;
                    }
                    *in_window += 1;
                    if *in_window > *per_second {
                        Reply::RetryAfter(*retry_after_secs)
                    } else {
                        Reply::Ok
                    }
                }
            }
        };
        let status = match &reply {
            Reply::Ok => Some(200),
            Reply::Status(s, _) => Some(*s),
            Reply::RetryAfter(_) => Some(429),
            Reply::Hang(_) => None,
        };
        st.requests.push(Recorded {
            method: inc.method.clone(),
            path: inc.path.clone(),
            headers: inc.header_pairs(),
            body: body.unwrap_or_else(|| inc.json()),
            at: now,
            status,
        });
        let hook = matches!(reply, Reply::Ok)
            .then(|| st.on_accept.clone())
            .flatten();
        (st.requests.len() - 1, reply, hook)
    };
    if let Some(hook) = hook {
        hook();
    }
    match reply {
        Reply::Ok => text(200, "ok"),
        Reply::Status(s, body) => text(s, body),
        Reply::RetryAfter(secs) => (
            StatusCode::TOO_MANY_REQUESTS,
            [
                ("content-type", "text/html".to_owned()),
                ("retry-after", secs.to_string()),
            ],
            "rate_limited",
        )
            .into_response(),
        Reply::Hang(d) => {
            tokio::time::sleep(d).await;
            // Only reached if the client is still connected (hyper drops
            // this future when the connection closes).
            state.lock().unwrap().requests[index].status = Some(200);
            text(200, "ok")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    async fn post(url: &str, body: &str) -> (u16, Option<String>, String) {
        let resp = reqwest::Client::new()
            .post(url)
            .header("content-type", "application/json")
            .body(body.to_owned())
            .send()
            .await
            .unwrap();
        let status = resp.status().as_u16();
        let ra = resp
            .headers()
            .get("retry-after")
            .map(|v| v.to_str().unwrap().to_owned());
        (status, ra, resp.text().await.unwrap())
    }

    #[tokio::test]
    async fn script_is_served_in_order_then_ok() {
        let slack = SlackStub::start(vec![
            Reply::Status(500, "oops"),
            Reply::RetryAfter(7),
            Reply::Status(404, "no_service"),
        ])
        .await;
        let url = slack.url();
        assert!(url.starts_with("http://127.0.0.1:") && url.ends_with(WEBHOOK_PATH));
        let mut got = Vec::new();
        for i in 0..5 {
            got.push(post(&url, &json!({ "text": i }).to_string()).await);
        }
        assert_eq!(got[0], (500, None, "oops".into()));
        assert_eq!(got[1], (429, Some("7".into()), "rate_limited".into()));
        assert_eq!(got[2], (404, None, "no_service".into()));
        assert_eq!(got[3], (200, None, "ok".into()));
        assert_eq!(got[4], (200, None, "ok".into()));
        let reqs = slack.requests();
        assert_eq!(reqs.len(), 5);
        assert_eq!(reqs[0].path, WEBHOOK_PATH);
        assert_eq!(reqs[0].method, "POST");
        assert_eq!(reqs[0].header("Content-Type"), Some("application/json"));
        assert_eq!(
            slack.delivered(),
            vec![json!({"text": 3}), json!({"text": 4})]
        );
    }

    #[tokio::test]
    async fn a_body_that_is_not_json_is_refused_without_using_the_script() {
        let slack = SlackStub::start(vec![Reply::Status(500, "oops")]).await;
        let (status, _, body) = post(&slack.url(), "{not json").await;
        assert_eq!((status, body.as_str()), (400, "invalid_payload"));
        assert_eq!(post(&slack.url(), "{}").await.0, 500);
        assert!(slack.delivered().is_empty());
    }

    #[tokio::test]
    async fn a_form_body_with_a_json_payload_is_a_message_like_on_slack() {
        let slack = SlackStub::start(vec![]).await;
        let form = |body: &str| {
            reqwest::Client::new()
                .post(slack.url())
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body.to_owned())
                .send()
        };
        let ok = form("payload=%7B%22text%22%3A%22a+b%22%7D").await.unwrap();
        assert_eq!(ok.status().as_u16(), 200);
        let no_payload = form("text=hello").await.unwrap();
        assert_eq!(no_payload.status().as_u16(), 400);
        let bad_json = form("payload=%7Bnot").await.unwrap();
        assert_eq!(bad_json.status().as_u16(), 400);
        assert_eq!(slack.delivered(), vec![json!({"text": "a b"})]);
    }

    #[tokio::test]
    async fn hang_answers_after_the_delay() {
        let slack = SlackStub::start(vec![Reply::Hang(Duration::from_millis(300))]).await;
        let t = Instant::now();
        assert_eq!(post(&slack.url(), "{}").await.0, 200);
        assert!(t.elapsed() >= Duration::from_millis(300));
        assert_eq!(slack.delivered().len(), 1);
    }

    #[tokio::test]
    async fn rate_limit_mode_refuses_beyond_n_per_second() {
        let slack = SlackStub::rate_limited(2, 3).await;
        let mut got = Vec::new();
        for _ in 0..4 {
            got.push(post(&slack.url(), "{}").await);
        }
        let started = slack.state.lock().unwrap().started;
        let last = slack.requests().last().unwrap().at;
        // Four local requests take milliseconds; they share the first window
        // unless the machine stalled for a second, and then this proves nothing.
        assert!(last.duration_since(started) < Duration::from_secs(1));
        let codes: Vec<u16> = got.iter().map(|s| s.0).collect();
        assert_eq!(codes, [200, 200, 429, 429]);
        assert_eq!(got[2].1.as_deref(), Some("3"));
        assert_eq!(slack.delivered().len(), 2);
        assert_eq!(slack.requests().len(), 4);
    }
}
