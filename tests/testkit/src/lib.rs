//! Local stand-ins for the services Respond By talks to, for tests.
//!
//! Every server listens on 127.0.0.1 with a port the OS picks, is started
//! from a test with `.await`, records what it was sent behind an
//! `Arc<Mutex<_>>` (so a test can look while it runs) and stops when dropped.
//!
//! - [`SlackStub`]: a Slack incoming webhook with scripted answers.
//! - [`SlackApiStub`]: the Slack Web API for a bot token (`chat.postMessage`,
//!   `chat.update`, `auth.test`) and the `response_url`s of interactions.
//! - [`sign`], [`block_actions_payload`], [`interaction_request`]: what
//!   Slack POSTs to an interactivity Request URL when a button is clicked;
//!   [`function_url_event`]: that request as a Lambda Function URL event.
//! - [`AwsStub`]: Secrets Manager `GetSecretValue`, Health
//!   `DescribeEventDetails` / `DescribeAffectedEntities`, SESv2
//!   `GetAccount`, Support `DescribeCases`, Organizations `ListAccounts`,
//!   STS `AssumeRole` and Lambda `Invoke`, as the AWS SDK speaks them
//!   (awsJson1.1, RPC v2 CBOR, restJson1, awsQuery).
//! - [`DynamoStub`]: an in-memory DynamoDB (one table, its indexes,
//!   expressions evaluated for real) with fault injection.
//! - [`RuntimeApi`]: the AWS Lambda Runtime API a function binary polls.
//! - [`FunctionProcess`]: a function binary run the way Lambda runs it.
//! - [`fuzz`]: hostile times in the fixtures' time fields, for the CI fuzz.

mod aws;
mod cbor;
mod dynamodb;
mod function_url;
pub mod fuzz;
mod ids;
mod interactivity;
mod process;
mod runtime;
mod server;
mod slack;
mod slack_api;

pub use aws::{assumed_account, Api, AwsError, AwsRequest, AwsStub, AwsStubBuilder, Invoked};
pub use dynamodb::{
    Call as DynamoCall, DynamoStub, DynamoStubBuilder, DynamoSwitch, GlobalIndex, KeyType,
    Projection, DUE_INDEX, SPOKE_TABLE,
};
pub use function_url::{function_url_event, FUNCTION_URL_DOMAIN, FUNCTION_URL_ID};
pub use interactivity::{
    app_home_opened, block_actions_payload, command_request, event_request, interaction_request,
    sign, unix_now, APP_ID, BOT_ID, BOT_USER_ID, TEAM_DOMAIN, TEAM_ID, VERIFICATION_TOKEN,
};
pub use process::FunctionProcess;
pub use runtime::{Invocation, Outcome, RuntimeApi};
pub use slack::{Recorded, Reply, SlackStub, WEBHOOK_PATH, WEBHOOK_TOKEN};
pub use slack_api::{
    authorization_of, ApiReply, ApiRequest, EditedBy, Ephemeral, Message, PublishedView,
    ResponseUrlCall, SlackApiStub, Update, Via, BLOCKS_TEXT_LIMIT, MAX_BLOCKS, MAX_VIEW_BLOCKS,
    POST_TEXT_LIMIT, RESPONSE_URL_LIFETIME, RESPONSE_URL_USES, UPDATE_TEXT_LIMIT, WEBHOOK_CHANNEL,
};

/// The bytes of one of the project's own fixtures, `tests/fixtures/<source>/<name>`.
pub fn fixture_bytes(source: &str, name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures")
        .join(source)
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One of the project's own fixtures as JSON.
pub fn fixture(source: &str, name: &str) -> serde_json::Value {
    serde_json::from_slice(&fixture_bytes(source, name))
        .unwrap_or_else(|e| panic!("tests/fixtures/{source}/{name}: {e}"))
}

/// `http://127.0.0.1:PORT` where nothing listens: a port the OS just handed
/// out and took back (not a fixed one such as 9, which a machine may serve).
pub fn nothing_listening() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = l.local_addr().expect("its address").port();
    drop(l);
    format!("http://127.0.0.1:{port}")
}
