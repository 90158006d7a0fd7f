//! The Health Lambda function: configuration and clients built once, then
//! one `handle` per event.

use lambda_runtime::{run, service_fn, LambdaEvent};
use respondby_core::assume::CrossAccount;
use respondby_core::lambda::{bootstrap, fail_init, handle, Settings};
use respondby_core::{Outcome, Source};
use respondby_health::enrich::{enrich, event_arn, unenriched, SdkHealth};
use serde_json::Value;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    let boot = bootstrap(true).await?;
    let sdk = boot.sdk.as_ref().expect("loaded when needs_aws");
    let health = SdkHealth::new(sdk);
    // Another account's events are enriched with its enrichment role.
    let cross = match CrossAccount::from_lookup(sdk, |k| std::env::var(k).ok()) {
        Ok(c) => c,
        Err(e) => return Err(fail_init(e).await),
    };
    let (boot, health, cross) = (&boot, &health, &cross);
    run(service_fn(move |event: LambdaEvent<Value>| async move {
        cross.learn_own(&event.context.invoked_function_arn);
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
                    match cross.config_for(&alert.account).await {
                        Ok(None) => enrich(health, alert, arn, ctx.lang).await,
                        Ok(Some(theirs)) => {
                            enrich(&SdkHealth::new(&theirs), alert, arn, ctx.lang).await
                        }
                        Err(why) => unenriched(alert, &why.describe(ctx.lang), ctx.lang),
                    }
                }
                Ok(outcome)
            },
        )
        .await
    }))
    .await
}
