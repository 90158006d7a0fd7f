//! The scheduled sweep's Lambda function: configuration, Slack and the
//! state table built once, then one sweep per scheduled invocation.

use lambda_runtime::{run, service_fn, LambdaEvent};
use respondby_core::lambda::{bootstrap, fail_init, invocation_deadline};
use respondby_core::store::AnyStore;
use serde_json::Value;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    let boot = bootstrap(false).await?;
    if matches!(boot.guard.store, AnyStore::Off(_)) {
        return Err(fail_init(
            "configuration error: the sweep needs DEDUP_TABLE (the state table)",
        )
        .await);
    }
    let boot = &boot;
    run(service_fn(move |event: LambdaEvent<Value>| async move {
        let deadline = invocation_deadline(event.context.deadline);
        let now = chrono::Utc::now();
        let how = respondby_reminders::Sweep {
            plan: &boot.config.plan,
            render: &boot.config.render,
        };
        match respondby_reminders::sweep(&boot.guard.store, &boot.poster, how, now, deadline).await {
            Ok(report) => {
                tracing::info!(queries = report.queries, due = report.due, summaries = report.summaries, "swept");
                Ok(report.to_json())
            }
            Err(e) => {
                tracing::error!(error = %e, error_type = e.error_type(), "sweep failed; the next run catches up");
                Err(e)
            }
        }
    }))
    .await
}
