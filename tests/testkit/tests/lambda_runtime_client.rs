//! The real `lambda_runtime` client, in process, against `RuntimeApi`: the
//! stand-in speaks the protocol the functions' runtime expects.

use lambda_runtime::{service_fn, Diagnostic, LambdaEvent};
use respondby_testkit::{Outcome, RuntimeApi};
use serde_json::{json, Value};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

async fn handler(event: LambdaEvent<Value>) -> Result<Value, Diagnostic> {
    if event.payload.get("fail").is_some() {
        return Err(Diagnostic {
            error_type: "Permanent.Test".into(),
            error_message: "asked to fail".into(),
        });
    }
    let now_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    Ok(json!({
        "echo": event.payload,
        "ms_left": event.context.deadline.saturating_sub(now_ms),
        "request_id": event.context.request_id,
        "arn": event.context.invoked_function_arn,
    }))
}

// One test in this binary: it sets process-wide environment variables.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lambda_runtime_gets_events_in_order_and_reports_responses_and_errors() {
    let api = RuntimeApi::start_with_timeout(
        vec![json!({"n": 1}), json!({"fail": true})],
        Duration::from_secs(3),
    )
    .await;
    std::env::set_var("AWS_LAMBDA_RUNTIME_API", api.addr());
    std::env::set_var("AWS_LAMBDA_FUNCTION_NAME", "respondby-test");
    std::env::set_var("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128");
    std::env::set_var("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    let runtime = tokio::spawn(lambda_runtime::run(service_fn(handler)));

    let done = api.wait_for(2, Duration::from_secs(20)).await;
    assert!(api.first_next_at().is_some());
    api.push(json!({"n": 3}));
    let all = api.wait_for(3, Duration::from_secs(20)).await;
    runtime.abort();

    assert_eq!(done.len(), 2, "{done:?}");
    assert_eq!(all.len(), 3, "{all:?}");
    let events: Vec<&Value> = all.iter().map(|i| &i.event).collect();
    assert_eq!(
        events,
        [&json!({"n": 1}), &json!({"fail": true}), &json!({"n": 3})]
    );

    let Outcome::Response(first) = &all[0].outcome else {
        panic!("{:?}", all[0]);
    };
    assert_eq!(first["echo"], json!({"n": 1}));
    assert_eq!(first["request_id"], all[0].request_id.as_str());
    assert!(first["arn"]
        .as_str()
        .unwrap()
        .starts_with("arn:aws:lambda:"));
    let left = first["ms_left"].as_u64().unwrap();
    assert!((1_000..=3_000).contains(&left), "deadline {left} ms away");

    assert_eq!(
        all[1].outcome,
        Outcome::Error {
            error_type: "Permanent.Test".into(),
            error_message: "asked to fail".into(),
        }
    );
    assert!(matches!(&all[2].outcome, Outcome::Response(v) if v["echo"] == json!({"n": 3})));
}
