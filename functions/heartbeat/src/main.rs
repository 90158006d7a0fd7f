//! The hub's heartbeat function. EventBridge rules invoke it with each
//! spoke's heartbeat; a schedule every five minutes with
//! `{"respondby": "silence-check"}`.

use lambda_runtime::{run, service_fn, LambdaEvent};
use respondby_core::event;
use respondby_core::lambda::{bootstrap, fail_init, invocation_deadline, Settings};
use respondby_core::Source;
use respondby_heartbeat::run::{Hub, RunError};
use respondby_heartbeat::store::DynamoSpokes;
use respondby_heartbeat::{heartbeat, Watch};
use serde_json::Value;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How often a warm instance reads the whole partition to bring
/// `EXPECTED_SPOKES` up to date (and on its first check).
const LIST_EVERY: Duration = Duration::from_secs(3600);

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    let boot = bootstrap(false).await?;
    let watch = match Watch::from_lookup(|k| std::env::var(k).ok()) {
        Ok(w) => w,
        Err(e) => return Err(fail_init(e).await),
    };
    let spokes =
        match (&boot.config.guard.table, &boot.sdk) {
            (Some(table), Some(sdk)) => DynamoSpokes::new(sdk, table.clone()),
            _ => return Err(fail_init(
                "configuration error: the heartbeat function needs DEDUP_TABLE (the state table)",
            )
            .await),
        };
    tracing::info!(
        silence_minutes = watch.silence_minutes,
        expected = !watch.expected.is_empty(),
        "ready: heartbeats"
    );
    let listed: Mutex<Option<Instant>> = Mutex::new(None);
    let (boot, watch, spokes, listed) = (&boot, &watch, &spokes, &listed);
    run(service_fn(move |event: LambdaEvent<Value>| async move {
        let deadline = invocation_deadline(event.context.deadline);
        let now = chrono::Utc::now();
        let hub = Hub {
            poster: &boot.poster,
            guard: &boot.guard,
            spokes,
            settings: Settings::of(&boot.config),
            watch,
        };
        if event.payload.get("respondby").and_then(Value::as_str) == Some("silence-check") {
            let list = {
                let last = *listed.lock().expect("not poisoned");
                last.is_none_or(|t| t.elapsed() >= LIST_EVERY)
            };
            let report = hub.check(now, deadline, list).await.inspect_err(|e| {
                tracing::error!(error = %e, error_type = e.error_type(), "silence check failed; the next run catches up");
            })?;
            if report.listed {
                *listed.lock().expect("not poisoned") = Some(Instant::now());
            }
            tracing::info!(due = report.due, silent = report.silent, recovered = report.recovered, "checked");
            return Ok::<Value, RunError>(report.to_json());
        }
        let (env, routed) = event::parse_value(event.payload)?;
        event::expect_source(&env, routed, Source::Heartbeat)?;
        let hb = heartbeat(&env, now)?;
        hub.heartbeat(&hb, now, deadline).await.inspect_err(|e| {
            tracing::error!(error = %e, error_type = e.error_type(), spoke = %hb.id.text(), "heartbeat failed");
        })
    }))
    .await
}
