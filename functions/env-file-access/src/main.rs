//! The .env read Lambda function. It makes no AWS call per event, so the AWS
//! SDK is only loaded when the webhook comes from Secrets Manager.

use lambda_runtime::{run, service_fn, LambdaEvent};
use respondby_core::lambda::{bootstrap, fail_init, handle, Settings};
use respondby_core::Source;
use respondby_env_file_access::Setup;
use serde_json::Value;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    let boot = bootstrap(false).await?;
    let setup = match Setup::from_lookup(|k| std::env::var(k).ok()) {
        Ok(t) => t,
        Err(e) => return Err(fail_init(e).await),
    };
    let (boot, setup) = (&boot, &setup);
    run(service_fn(move |event: LambdaEvent<Value>| async move {
        handle(
            event,
            Source::EnvFile,
            &boot.poster,
            &boot.guard,
            Settings::of(&boot.config),
            |env, ctx| async move { respondby_env_file_access::normalise(&env, &ctx, setup) },
        )
        .await
    }))
    .await
}
