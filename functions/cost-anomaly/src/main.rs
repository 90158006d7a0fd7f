//! The cost anomaly Lambda function. It makes no AWS call per event, so the
//! AWS SDK is only loaded when the webhook comes from Secrets Manager or the
//! state table is on.

use lambda_runtime::{run, service_fn, LambdaEvent};
use respondby_core::lambda::{bootstrap, fail_init, handle, Settings};
use respondby_core::Source;
use respondby_cost_anomaly::CostSettings;
use serde_json::Value;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    let boot = bootstrap(false).await?;
    let cost = match CostSettings::from_lookup(|k| std::env::var(k).ok()) {
        Ok(c) => c,
        Err(e) => return Err(fail_init(e).await),
    };
    let (boot, cost) = (&boot, &cost);
    run(service_fn(move |event: LambdaEvent<Value>| async move {
        handle(
            event,
            Source::CostAnomaly,
            &boot.poster,
            &boot.guard,
            Settings::of(&boot.config),
            |env, ctx| async move { respondby_cost_anomaly::normalise(&env, &ctx, cost) },
        )
        .await
    }))
    .await
}
