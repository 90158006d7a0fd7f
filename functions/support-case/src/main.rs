//! The Support case Lambda function: configuration and clients built once,
//! then one `handle` per event. Per event it asks the Support API about the
//! case and reads the case's tracked alert, both at once.

use lambda_runtime::{run, service_fn, LambdaEvent};
use respondby_core::lambda::{bootstrap, handle, Settings};
use respondby_core::store::StateStore;
use respondby_core::Source;
use respondby_support_case::enrich::{lookup, SdkSupport};
use respondby_support_case::{case_id, case_key, describe, Known};
use serde_json::Value;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    let boot = bootstrap(true).await?;
    let support = SdkSupport::new(boot.sdk.as_ref().expect("loaded when needs_aws"));
    let (boot, support) = (&boot, &support);
    run(service_fn(move |event: LambdaEvent<Value>| async move {
        handle(
            event,
            Source::Support,
            &boot.poster,
            &boot.guard,
            Settings::of(&boot.config),
            |env, ctx| async move {
                let Some(id) = case_id(&env.detail) else {
                    // Malformed: describe names what is missing.
                    return describe(&env, &ctx, Known::default());
                };
                let key = case_key(&env.account, id);
                let (api, tracked) =
                    tokio::join!(lookup(support, id), boot.guard.store.load_case(&key));
                let tracked = tracked.unwrap_or_else(|e| {
                    tracing::warn!(error = %e, "could not read the case; describing it from the event");
                    None
                });
                describe(
                    &env,
                    &ctx,
                    Known {
                        api: Some(&api),
                        tracked: tracked.as_ref(),
                    },
                )
            },
        )
        .await
    }))
    .await
}
