//! The Slack interactivity endpoint's Lambda function (behind a Function
//! URL): configuration, Slack, the state table, the signing secret and the
//! Lambda client built once, then one `dispatch` per invocation: a Function
//! URL request, or a long `/respondby open` list this function handed to
//! itself (`open_list`).

use lambda_runtime::{run, service_fn, LambdaEvent};
use respondby_core::config::{vars, SecretSource};
use respondby_core::lambda::{bootstrap_with, fail_init, init_tracing, read_credential};
use respondby_core::slack::signature::SigningSecret;
use respondby_core::slack::AnyPoster;
use respondby_core::store::AnyStore;
use respondby_core::Config;
use respondby_slack_actions::command::{Coverage, NoCoverage};
use respondby_slack_actions::open_list::{LambdaInvoker, FUNCTION_NAME_VAR};
use respondby_slack_actions::spokes::{SpokeCoverage, SPOKE_TABLE_VAR};
use respondby_slack_actions::{dispatch, Deps, Origin, APP_ID_VAR, TEAM_ID_VAR};
use std::time::Duration;

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
    // A long `/respondby open` list goes to an asynchronous invocation of
    // this function (by its own name); without one, the answer says the
    // rest could not be sent.
    let invoker = LambdaInvoker::from_env(boot.sdk.as_ref(), get(FUNCTION_NAME_VAR));
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
        invoker: invoker.as_ref(),
    };
    let deps = &deps;
    run(service_fn(
        move |event: LambdaEvent<serde_json::Value>| async move {
            // A job may run until the invocation's own deadline, less a
            // margin to report how it went.
            let left = (event.context.deadline as i64)
                .saturating_sub(chrono::Utc::now().timestamp_millis())
                .clamp(0, 15 * 60 * 1000) as u64;
            let job_deadline = tokio::time::Instant::now()
                + Duration::from_millis(left).saturating_sub(Duration::from_millis(500));
            dispatch(event.payload, deps, chrono::Utc::now(), job_deadline)
                .await
                .map_err(lambda_runtime::Error::from)
        },
    ))
    .await
}
