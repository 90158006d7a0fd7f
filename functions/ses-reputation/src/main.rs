//! The SES reputation Lambda function: configuration and clients built once,
//! then one `handle` per event.

use lambda_runtime::{run, service_fn, LambdaEvent};
use respondby_core::lambda::{bootstrap, handle, Settings};
use respondby_core::{Outcome, Source};
use respondby_ses_reputation::enrich::{enrich, SdkSes};
use serde_json::Value;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    let boot = bootstrap(true).await?;
    let ses = SdkSes::new(boot.sdk.as_ref().expect("loaded when needs_aws"));
    let (boot, ses) = (&boot, &ses);
    run(service_fn(move |event: LambdaEvent<Value>| async move {
        handle(
            event,
            Source::Ses,
            &boot.poster,
            &boot.guard,
            Settings::of(&boot.config),
            |env, ctx| async move {
                let mut outcome = respondby_ses_reputation::normalise(&env, &ctx)?;
                if let Outcome::Notify(alert) = &mut outcome {
                    enrich(ses, alert, ctx.lang).await;
                }
                Ok(outcome)
            },
        )
        .await
    }))
    .await
}
