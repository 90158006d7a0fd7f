//! The one way every stand-in serves HTTP: axum on 127.0.0.1, OS-assigned
//! port, stopped on drop.

use axum::body::Body;
use axum::http::{HeaderMap, Request};
use axum::Router;
use serde_json::Value;
use std::net::SocketAddr;
use tokio::task::JoinHandle;

/// A running server; dropping it stops accepting connections.
pub(crate) struct Server {
    pub(crate) addr: SocketAddr,
    task: JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

pub(crate) async fn serve(router: Router) -> Server {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .expect("bind 127.0.0.1:0");
    let addr = listener
        .local_addr()
        .expect("local address of a bound socket");
    let task = tokio::spawn(async move {
        // Only fails if the listener breaks; nothing a test could do then.
        let _ = axum::serve(listener, router).await;
    });
    Server { addr, task }
}

/// The parts of a request the stand-ins look at, with the body read whole.
pub(crate) struct Incoming {
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) headers: HeaderMap,
    pub(crate) raw: Vec<u8>,
}

impl Incoming {
    pub(crate) async fn read(req: Request<Body>) -> Incoming {
        let (parts, body) = req.into_parts();
        let raw = axum::body::to_bytes(body, 16 * 1024 * 1024)
            .await
            .map(|b| b.to_vec())
            .unwrap_or_default();
        Incoming {
            method: parts.method.to_string(),
            path: parts.uri.path().to_owned(),
            headers: parts.headers,
            raw,
        }
    }

    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body as JSON; `Null` when empty, a JSON string when not JSON.
    pub(crate) fn json(&self) -> Value {
        if self.raw.iter().all(u8::is_ascii_whitespace) {
            return Value::Null;
        }
        serde_json::from_slice(&self.raw)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&self.raw).into_owned()))
    }

    pub(crate) fn is_json(&self) -> bool {
        serde_json::from_slice::<Value>(&self.raw).is_ok()
    }

    pub(crate) fn header_pairs(&self) -> Vec<(String, String)> {
        self.headers
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect()
    }
}
