//! The GuardDuty Lambda function. It makes no AWS call per event, so the AWS
//! SDK is only loaded when the webhook comes from Secrets Manager.

use lambda_runtime::{run, service_fn, LambdaEvent};
use respondby_core::lambda::{bootstrap, handle, Settings};
use respondby_core::Source;
use serde_json::Value;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    let boot = bootstrap(false).await?;
    let boot = &boot;
    run(service_fn(move |event: LambdaEvent<Value>| async move {
        handle(
            event,
            Source::GuardDuty,
            &boot.poster,
            &boot.guard,
            Settings::of(&boot.config),
            |env, ctx| async move { respondby_guardduty::normalise(&env, &ctx) },
        )
        .await
    }))
    .await
}
