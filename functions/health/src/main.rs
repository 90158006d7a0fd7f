//! The Health Lambda function: configuration and clients built once, then
//! one `handle` per event.

use lambda_runtime::{run, service_fn, LambdaEvent};
use respondby_core::lambda::{bootstrap, handle, Settings};
use respondby_core::{Outcome, Source};
use respondby_health::enrich::{enrich, event_arn, SdkHealth};
use serde_json::Value;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    let boot = bootstrap(true).await?;
    let health = SdkHealth::new(boot.sdk.as_ref().expect("loaded when needs_aws"));
    let (boot, health) = (&boot, &health);
    run(service_fn(move |event: LambdaEvent<Value>| async move {
        handle(
            event,
            Source::Health,
            &boot.poster,
            &boot.guard,
            Settings::of(&boot.config),
            |env, ctx| async move {
                let mut outcome = respondby_health::normalise(&env, &ctx)?;
                if let (Outcome::Notify(alert), Some(arn)) = (&mut outcome, event_arn(&env.detail))
                {
                    enrich(health, alert, arn, ctx.lang).await;
                }
                Ok(outcome)
            },
        )
        .await
    }))
    .await
}
