//! `function_url_event` against the event type Rust Lambda handlers use
//! (aws_lambda_events' `LambdaFunctionUrlRequest`), carrying a signed Slack
//! interaction the way a handler will have to take it apart.

use aws_lambda_events::lambda_function_urls::LambdaFunctionUrlRequest;
use respondby_testkit::{
    block_actions_payload, function_url_event, interaction_request, sign, FUNCTION_URL_DOMAIN,
    FUNCTION_URL_ID,
};

const SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";

fn decode_base64(s: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let mut out = Vec::new();
    for chunk in s.as_bytes().chunks(4) {
        let pad = chunk.iter().filter(|&&c| c == b'=').count();
        let n = chunk
            .iter()
            .filter(|&&c| c != b'=')
            .fold(0u32, |n, &c| (n << 6) | u32::from(value(c)))
            << (6 * pad);
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    out
}

fn interaction_event(base64: bool) -> (LambdaFunctionUrlRequest, String) {
    let payload = block_actions_payload(
        "ack",
        "case-7",
        "U0ALICE",
        "alice",
        "C0CRIT",
        "1782378877.000100",
        "https://hooks.slack.com/actions/T000/1/x",
    );
    let (headers, body) = interaction_request(SECRET, 1_782_378_900u64, &payload);
    let event = function_url_event("POST", "/slack/interactivity", &headers, &body, base64);
    let typed: LambdaFunctionUrlRequest =
        serde_json::from_value(event).expect("a LambdaFunctionUrlRequest");
    (typed, body)
}

#[test]
fn a_signed_interaction_deserialises_as_a_function_url_request() {
    let (req, body) = interaction_event(false);
    assert_eq!(req.version.as_deref(), Some("2.0"));
    assert_eq!(req.raw_path.as_deref(), Some("/slack/interactivity"));
    assert_eq!(req.raw_query_string.as_deref(), Some(""));
    assert!(req.query_string_parameters.is_empty());
    assert!(!req.is_base64_encoded);
    assert_eq!(req.body.as_deref(), Some(body.as_str()));
    let header = |name: &str| req.headers.get(name).unwrap().to_str().unwrap().to_owned();
    assert_eq!(header("content-type"), "application/x-www-form-urlencoded");
    assert_eq!(header("host"), FUNCTION_URL_DOMAIN);
    let ts = header("x-slack-request-timestamp");
    assert_eq!(ts, "1782378900");
    // What the handler will do: recompute over the raw body and compare.
    assert_eq!(header("x-slack-signature"), sign(SECRET, &ts, &body));

    let rc = &req.request_context;
    assert_eq!(rc.apiid.as_deref(), Some(FUNCTION_URL_ID));
    assert_eq!(rc.domain_name.as_deref(), Some(FUNCTION_URL_DOMAIN));
    assert_eq!(rc.domain_prefix.as_deref(), Some(FUNCTION_URL_ID));
    assert_eq!(rc.account_id.as_deref(), Some("123456789012"));
    assert!(rc.authorizer.is_none());
    assert!(rc.time_epoch > 1_700_000_000_000);
    assert!(rc.request_id.is_some() && rc.time.is_some());
    assert_eq!(rc.http.method.as_deref(), Some("POST"));
    assert_eq!(rc.http.path.as_deref(), Some("/slack/interactivity"));
    assert_eq!(rc.http.protocol.as_deref(), Some("HTTP/1.1"));
    assert!(rc.http.source_ip.is_some());
}

#[test]
fn a_base64_body_decodes_to_the_signed_bytes() {
    let (req, body) = interaction_event(true);
    assert!(req.is_base64_encoded);
    let raw = decode_base64(req.body.as_deref().unwrap());
    assert_eq!(raw, body.as_bytes());
    let ts = req.headers["x-slack-request-timestamp"].to_str().unwrap();
    let sig = req.headers["x-slack-signature"].to_str().unwrap();
    assert_eq!(sig, sign(SECRET, ts, &raw));
    // The signature is over the raw body, not its base64 form.
    assert_ne!(sig, sign(SECRET, ts, req.body.as_deref().unwrap()));
    // And the payload survives the trip.
    let (_, json) = form_urlencoded_payload(&raw);
    assert_eq!(json["actions"][0]["value"], "case-7");
}

fn form_urlencoded_payload(raw: &[u8]) -> (String, serde_json::Value) {
    let (name, value) = form_urlencoded::parse(raw).next().unwrap();
    assert_eq!(name, "payload");
    let json = serde_json::from_str(&value).unwrap();
    (value.into_owned(), json)
}

#[test]
fn cookies_and_queries_fit_the_typed_event() {
    let event = function_url_event(
        "GET",
        "/x?a=1&a=2",
        &[("Cookie", "k=v; k2=v2"), ("X-A", "1"), ("x-a", "2")],
        "",
        false,
    );
    let req: LambdaFunctionUrlRequest = serde_json::from_value(event).unwrap();
    assert_eq!(
        req.cookies,
        Some(vec!["k=v".to_owned(), "k2=v2".to_owned()])
    );
    assert_eq!(req.query_string_parameters["a"], "1,2");
    assert_eq!(req.headers["x-a"], "1,2");
    assert!(req.body.is_none());
}
