//! The public-exposure Lambda function. It makes no AWS call per event, so
//! the AWS SDK is only loaded when the webhook comes from Secrets Manager.

use lambda_runtime::{run, service_fn, LambdaEvent};
use respondby_core::lambda::{bootstrap, fail_init, handle, Settings};
use respondby_core::Source;
use respondby_public_exposure::Known;
use serde_json::Value;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    let boot = bootstrap(false).await?;
    let known = match Known::from_lookup(|k| std::env::var(k).ok()) {
        Ok(k) => k,
        Err(e) => return Err(fail_init(e).await),
    };
    let (boot, known) = (&boot, &known);
    run(service_fn(move |event: LambdaEvent<Value>| async move {
        handle(
            event,
            Source::PublicExposure,
            &boot.poster,
            &boot.guard,
            Settings::of(&boot.config),
            |env, ctx| async move { respondby_public_exposure::normalise(&env, &ctx, known) },
        )
        .await
    }))
    .await
}
