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

/// The spoke table (template.yaml's `SpokeTable`).
const SPOKE_TABLE: &str = "SPOKE_TABLE";

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    let boot = bootstrap(false).await?;
    let watch = match Watch::from_lookup(|k| std::env::var(k).ok()) {
        Ok(w) => w,
        Err(e) => return Err(fail_init(e).await),
    };
    // Cases (claims, reminders) stay in the state table; the spokes have
    // a table of their own, so a heartbeat is one 1-unit write.
    let spokes = match (
        std::env::var(SPOKE_TABLE).ok().filter(|t| !t.trim().is_empty()),
        &boot.config.guard.table,
        &boot.sdk,
    ) {
        (Some(spokes), Some(_), Some(sdk)) => DynamoSpokes::new(sdk, spokes.trim()),
        (None, _, _) => {
            return Err(fail_init(
                "configuration error: the heartbeat function needs SPOKE_TABLE (the spoke table, the stack's SpokeTable)",
            )
            .await)
        }
        _ => {
            return Err(fail_init(
                "configuration error: the heartbeat function needs DEDUP_TABLE (the state table, where silence alerts are cases)",
            )
            .await)
        }
    };
    tracing::info!(
        silence_minutes = watch.silence_minutes,
        expected = !watch.expected.is_empty(),
        "ready: heartbeats"
    );
    let (boot, watch, spokes) = (&boot, &watch, &spokes);
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
            let report = hub.check(now, deadline).await.inspect_err(|e| {
                tracing::error!(error = %e, error_type = e.error_type(), "silence check failed; the next run catches up");
            })?;
            tracing::info!(spokes = report.spokes, due = report.due, silent = report.silent, recovered = report.recovered, "checked");
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
