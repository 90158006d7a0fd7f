//! The Slack interactivity endpoint's Lambda function (behind a Function
//! URL): configuration, Slack, the state table and the signing secret built
//! once, then one `handle` per request.

use aws_lambda_events::event::lambda_function_urls::LambdaFunctionUrlRequest;
use lambda_runtime::{run, service_fn, LambdaEvent};
use respondby_core::config::{vars, SecretSource};
use respondby_core::lambda::{bootstrap_with, fail_init, init_tracing, read_credential};
use respondby_core::slack::signature::SigningSecret;
use respondby_core::slack::AnyPoster;
use respondby_core::store::AnyStore;
use respondby_core::Config;
use respondby_slack_actions::command::{Coverage, NoCoverage};
use respondby_slack_actions::spokes::{SpokeCoverage, SPOKE_TABLE_VAR};
use respondby_slack_actions::{handle, Deps, Origin, APP_ID_VAR, TEAM_ID_VAR};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    init_tracing();
    let get = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => return Err(fail_init(e).await),
    };
    let signing = match (get(vars::SIGNING_SECRET_ARN), get(vars::SIGNING_SECRET)) {
        (Some(arn), _) => SecretSource::Secret(arn),
        (None, Some(v)) => SecretSource::Direct(v),
        (None, None) => {
            return Err(fail_init(format!(
                "configuration error: set {} to the ARN of the secret holding the Slack app's signing secret (or {} for local testing)",
                vars::SIGNING_SECRET_ARN,
                vars::SIGNING_SECRET
            ))
            .await)
        }
    };
    let origin = match Origin::parse(get(TEAM_ID_VAR).as_deref(), get(APP_ID_VAR).as_deref()) {
        Ok(o) => o,
        Err(e) => return Err(fail_init(e).await),
    };
    let reads_secret = matches!(signing, SecretSource::Secret(_));
    let boot = bootstrap_with(config, false, reads_secret).await?;
    if matches!(boot.guard.store, AnyStore::Off(_)) {
        return Err(fail_init("configuration error: the actions endpoint needs DEDUP_TABLE (clicks are recorded in the state table)").await);
    }
    let secret = match read_credential(
        &signing,
        boot.secrets.as_ref(),
        &["signing_secret", "SLACK_SIGNING_SECRET"],
        "<the app's signing secret>",
    )
    .await
    {
        Ok(s) => SigningSecret::new(s),
        Err(e) => return Err(fail_init(e).await),
    };
    // `/respondby coverage` reads the hub's spoke table when SPOKE_TABLE
    // names it (with EXPECTED_SPOKES as the heartbeat function reads it);
    // otherwise it says coverage is not available here.
    let watch = match respondby_heartbeat::Watch::from_lookup(|k| std::env::var(k).ok()) {
        Ok(w) => w,
        Err(e) => return Err(fail_init(e).await),
    };
    let spoke_coverage = match (get(SPOKE_TABLE_VAR), &boot.sdk) {
        (Some(table), Some(sdk)) => Some(SpokeCoverage::new(
            respondby_heartbeat::store::DynamoSpokes::new(sdk, table.trim()),
            watch.expected,
            boot.config.names.clone(),
        )),
        _ => None,
    };
    let coverage: &dyn Coverage = match &spoke_coverage {
        Some(c) => c,
        None => &NoCoverage,
    };
    let http = respondby_core::slack::deliver::http_client();
    let plan = boot.config.plan.clone();
    let reschedule = move |c: &mut respondby_core::tracked::Tracked,
                           now: chrono::DateTime<chrono::Utc>| {
        plan.reschedule(c, now)
    };
    let deps = Deps {
        store: &boot.guard.store,
        poster: &boot.poster,
        http: &http,
        render: &boot.config.render,
        secret: &secret,
        origin: &origin,
        hosts: boot.config.hosts,
        reschedule: &reschedule,
        policy: &boot.config.deadline,
        plan: &boot.config.plan,
        views: match &boot.poster {
            AnyPoster::App(app) => Some(app),
            AnyPoster::Webhook(_) | AnyPoster::Routed(_) => None,
        },
        coverage,
    };
    let deps = &deps;
    run(service_fn(
        move |event: LambdaEvent<LambdaFunctionUrlRequest>| async move {
            Ok::<_, lambda_runtime::Error>(handle(event.payload, deps, chrono::Utc::now()).await)
        },
    ))
    .await
}
