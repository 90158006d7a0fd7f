//! `SlackApiStub` over real HTTP (reqwest), the way the notifier's app mode
//! will call it.

use respondby_testkit::{
    authorization_of, interaction_request, sign, ApiReply, EditedBy, SlackApiStub, Via,
    BLOCKS_TEXT_LIMIT, BOT_USER_ID, POST_TEXT_LIMIT, RESPONSE_URL_USES, UPDATE_TEXT_LIMIT,
    WEBHOOK_CHANNEL,
};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const TOKEN: &str = "xoxb-1111-2222-abcdefghijklmnopqrstuvwx";
const CHANNEL: &str = "C0CRIT";

struct Answer {
    status: u16,
    retry_after: Option<String>,
    content_type: String,
    json: Value,
}

async fn raw(
    stub: &SlackApiStub,
    method: &str,
    token: Option<&str>,
    content_type: Option<&str>,
    body: String,
) -> Answer {
    let mut req = reqwest::Client::new()
        .post(format!("{}{method}", stub.base_url()))
        .body(body);
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    if let Some(ct) = content_type {
        req = req.header("content-type", ct);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let header = |n: &str| {
        resp.headers()
            .get(n)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    let retry_after = header("retry-after");
    let content_type = header("content-type").unwrap_or_default();
    let text = resp.text().await.unwrap();
    let json = serde_json::from_str(&text).unwrap_or(Value::String(text));
    Answer {
        status,
        retry_after,
        content_type,
        json,
    }
}

async fn call(stub: &SlackApiStub, method: &str, token: Option<&str>, body: Value) -> Answer {
    raw(
        stub,
        method,
        token,
        Some("application/json; charset=utf-8"),
        body.to_string(),
    )
    .await
}

/// Calls with the valid token and returns the JSON; HTTP 200 expected.
async fn api(stub: &SlackApiStub, method: &str, body: Value) -> Value {
    let a = call(stub, method, Some(TOKEN), body).await;
    assert_eq!(a.status, 200, "{}", a.json);
    assert_eq!(a.content_type, "application/json; charset=utf-8");
    a.json
}

fn error(v: &Value) -> &str {
    assert_eq!(v["ok"], false, "{v}");
    v["error"].as_str().unwrap()
}

async fn stub() -> SlackApiStub {
    let stub = SlackApiStub::start().await;
    stub.accept_token(TOKEN);
    stub.add_channel(CHANNEL, true);
    stub
}

fn section(text: &str) -> Value {
    json!({"type": "section", "text": {"type": "mrkdwn", "text": text}})
}

fn ack_buttons(value: &str) -> Value {
    json!({"type": "actions", "block_id": "acts", "elements": [
        {"type": "button", "action_id": "ack", "value": value,
         "text": {"type": "plain_text", "text": "Acknowledge"}, "style": "primary"},
        {"type": "button", "action_id": "mute", "value": value,
         "text": {"type": "plain_text", "text": "Mute"}}
    ]})
}

async fn post(stub: &SlackApiStub, body: Value) -> String {
    let v = api(stub, "chat.postMessage", body).await;
    assert_eq!(v["ok"], true, "{v}");
    v["ts"].as_str().unwrap().to_owned()
}

async fn post_json(url: &str, body: &str) -> (u16, String) {
    let resp = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    (resp.status().as_u16(), resp.text().await.unwrap())
}

// ---------------------------------------------------------------------------
// Authentication

#[tokio::test]
async fn tokens_are_checked_like_slack_with_http_200() {
    let stub = stub().await;
    let base = stub.base_url();
    assert!(
        base.starts_with("http://127.0.0.1:") && base.ends_with("/api/"),
        "{base}"
    );

    let none = call(&stub, "auth.test", None, json!({})).await;
    assert_eq!((none.status, error(&none.json)), (200, "not_authed"));
    let unknown = call(&stub, "auth.test", Some("xoxb-nope"), json!({})).await;
    assert_eq!(
        (unknown.status, error(&unknown.json)),
        (200, "invalid_auth")
    );
    // "You cannot send your token ... as an attribute in your posted JSON."
    let in_json = call(&stub, "auth.test", None, json!({"token": TOKEN})).await;
    assert_eq!(error(&in_json.json), "not_authed");

    let me = api(&stub, "auth.test", json!({})).await;
    assert_eq!(me["ok"], true);
    assert_eq!(me["user_id"], BOT_USER_ID);
    assert_eq!(me["team_id"], "T000");

    // Several tokens may be valid at once (rotation).
    stub.accept_token("xoxb-second");
    assert_eq!(
        call(&stub, "auth.test", Some("xoxb-second"), json!({}))
            .await
            .json["ok"],
        true
    );
    stub.revoke_token(TOKEN);
    let revoked = call(
        &stub,
        "chat.postMessage",
        Some(TOKEN),
        json!({"channel": CHANNEL, "text": "x"}),
    )
    .await;
    assert_eq!(
        (revoked.status, error(&revoked.json)),
        (200, "token_revoked")
    );
    assert!(stub.messages(CHANNEL).is_empty());
    stub.accept_token(TOKEN);
    post(&stub, json!({"channel": CHANNEL, "text": "back"})).await;
}

#[tokio::test]
async fn the_token_is_recorded_but_never_shown() {
    let stub = stub().await;
    post(&stub, json!({"channel": CHANNEL, "text": "hello"})).await;
    let reqs = stub.requests();
    assert_eq!(reqs.len(), 1);
    let shown = format!("{reqs:?}");
    assert!(!shown.contains(TOKEN), "{shown}");
    assert!(shown.contains("<redacted>"));
    assert_eq!(
        authorization_of(&reqs[0]),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(reqs[0].method, "chat.postMessage");
    assert_eq!(
        reqs[0].header("Content-Type"),
        Some("application/json; charset=utf-8")
    );
    assert_eq!(reqs[0].body, json!({"channel": CHANNEL, "text": "hello"}));
    assert!(reqs[0].ok());
}

#[tokio::test]
async fn bodies_are_read_like_slack_reads_them() {
    let stub = stub().await;
    let no_type = raw(&stub, "chat.postMessage", Some(TOKEN), None, "{}".into()).await;
    assert_eq!(error(&no_type.json), "missing_post_type");
    let xml = raw(
        &stub,
        "chat.postMessage",
        Some(TOKEN),
        Some("text/xml"),
        "<a/>".into(),
    )
    .await;
    assert_eq!(error(&xml.json), "invalid_post_type");
    let bad = raw(
        &stub,
        "chat.postMessage",
        Some(TOKEN),
        Some("application/json"),
        "{".into(),
    )
    .await;
    assert_eq!(error(&bad.json), "invalid_json");
    let array = raw(
        &stub,
        "chat.postMessage",
        Some(TOKEN),
        Some("application/json"),
        "[]".into(),
    )
    .await;
    assert_eq!(error(&array.json), "json_not_object");
    let charset = raw(
        &stub,
        "chat.postMessage",
        Some(TOKEN),
        Some("application/json; charset=koi8-r"),
        "{}".into(),
    )
    .await;
    assert_eq!(error(&charset.json), "invalid_charset");

    // A form body may carry the token and JSON-encoded blocks.
    let form = form_urlencoded::Serializer::new(String::new())
        .append_pair("token", TOKEN)
        .append_pair("channel", CHANNEL)
        .append_pair("text", "from a form")
        .append_pair("blocks", &json!([section("*form*")]).to_string())
        .finish();
    let ok = raw(
        &stub,
        "chat.postMessage",
        None,
        Some("application/x-www-form-urlencoded"),
        form,
    )
    .await;
    assert_eq!(ok.json["ok"], true, "{}", ok.json);
    let m = &stub.messages(CHANNEL)[0];
    assert_eq!(m.text, "from a form");
    assert_eq!(m.blocks[0]["text"]["text"], "*form*");
    // The form token is not kept in the recorded body.
    assert!(!format!("{:?}", stub.requests()).contains(TOKEN));

    let unknown = call(&stub, "chat.scheduleMessage", Some(TOKEN), json!({})).await;
    assert_eq!(
        (unknown.status, error(&unknown.json)),
        (404, "unknown_method")
    );
}

// ---------------------------------------------------------------------------
// chat.postMessage

#[tokio::test]
async fn post_message_stores_the_message_and_answers_like_slack() {
    let stub = stub().await;
    stub.add_channel("C0QUIET", false);
    let v = api(
        &stub,
        "chat.postMessage",
        json!({"channel": "C0NONE", "text": "x"}),
    )
    .await;
    assert_eq!(error(&v), "channel_not_found");
    assert_eq!(v, json!({"ok": false, "error": "channel_not_found"}));
    let v = api(
        &stub,
        "chat.postMessage",
        json!({"channel": "C0QUIET", "text": "x"}),
    )
    .await;
    assert_eq!(error(&v), "not_in_channel");

    let body = json!({
        "channel": CHANNEL,
        "text": "CPU high on web-1",
        "blocks": [section("*CPU high*"), ack_buttons("case-1")],
        "unfurl_links": false,
        "unfurl_media": false,
        "metadata": {"event_type": "case_opened", "event_payload": {"case": 1}},
    });
    let v = api(&stub, "chat.postMessage", body).await;
    assert_eq!(v["ok"], true, "{v}");
    assert_eq!(v["channel"], CHANNEL);
    let ts = v["ts"].as_str().unwrap();
    let (secs, frac) = ts.split_once('.').unwrap();
    assert_eq!((secs.len(), frac.len()), (10, 6), "{ts}");
    assert_eq!(v["message"]["ts"], ts);
    assert_eq!(v["message"]["user"], BOT_USER_ID);
    assert_eq!(v["message"]["text"], "CPU high on web-1");
    // Slack gives blocks without a block_id one; given ones are kept.
    let blocks = v["message"]["blocks"].as_array().unwrap();
    assert!(blocks[0]["block_id"]
        .as_str()
        .is_some_and(|b| !b.is_empty()));
    assert_eq!(blocks[1]["block_id"], "acts");

    let m = stub.message(CHANNEL, ts).unwrap();
    assert_eq!(m.user, BOT_USER_ID);
    assert_eq!(m.via, Via::WebApi);
    assert_eq!(m.blocks, *blocks);
    assert_eq!(m.unfurl_links, Some(false));
    assert_eq!(m.unfurl_media, Some(false));
    assert_eq!(m.metadata.as_ref().unwrap()["event_type"], "case_opened");
    assert_eq!(m.thread_ts, None);
    assert_eq!(stub.messages(CHANNEL), vec![m]);
}

#[tokio::test]
async fn timestamps_are_unique_and_increasing() {
    let stub = stub().await;
    let mut seen = Vec::new();
    for i in 0..30 {
        seen.push(post(&stub, json!({"channel": CHANNEL, "text": format!("m{i}")})).await);
    }
    let as_num = |t: &String| {
        let (s, f) = t.split_once('.').unwrap();
        s.parse::<u64>().unwrap() * 1_000_000 + f.parse::<u64>().unwrap()
    };
    for w in seen.windows(2) {
        assert!(as_num(&w[0]) < as_num(&w[1]), "{w:?}");
    }
    let texts: Vec<String> = stub.messages(CHANNEL).into_iter().map(|m| m.text).collect();
    assert_eq!(texts.len(), 30);
    assert_eq!(texts[0], "m0");
    assert_eq!(texts[29], "m29");
}

#[tokio::test]
async fn content_is_validated_like_slack() {
    let stub = stub().await;
    let refused = |body: Value| {
        let stub = &stub;
        async move {
            let mut body = body;
            body["channel"] = json!(CHANNEL);
            let v = api(stub, "chat.postMessage", body).await;
            error(&v).to_owned()
        }
    };
    assert_eq!(refused(json!({})).await, "no_text");
    assert_eq!(refused(json!({"text": "", "blocks": []})).await, "no_text");
    assert_eq!(
        refused(json!({"text": "x", "blocks": {"type": "section"}})).await,
        "invalid_blocks_format"
    );
    assert_eq!(
        refused(json!({"text": "x", "blocks": "[nope"})).await,
        "invalid_blocks_format"
    );
    let many: Vec<Value> = (0..51).map(|i| section(&format!("b{i}"))).collect();
    assert_eq!(
        refused(json!({"text": "x", "blocks": many})).await,
        "invalid_blocks"
    );
    assert_eq!(
        refused(json!({"text": "x", "blocks": [{"text": "no type"}]})).await,
        "invalid_blocks"
    );
    assert_eq!(
        refused(json!({"text": "x", "blocks": [section(&"a".repeat(3001))]})).await,
        "invalid_blocks"
    );
    assert_eq!(
        refused(json!({"text": "x", "blocks": [ack_buttons(&"v".repeat(2001))]})).await,
        "invalid_blocks"
    );
    assert_eq!(
        refused(json!({"text": "x", "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": "h".repeat(151)}}
        ]}))
        .await,
        "invalid_blocks"
    );
    assert_eq!(
        refused(json!({"text": "x", "blocks": [
            {"type": "header", "text": {"type": "mrkdwn", "text": "*h*"}}
        ]}))
        .await,
        "invalid_blocks"
    );
    assert_eq!(
        refused(json!({"text": "x", "blocks": [ack_buttons("a"), ack_buttons("b")]})).await,
        "invalid_blocks",
        "the same block_id twice"
    );
    let long_text: Vec<Value> = (0..5).map(|_| section(&"é".repeat(2700))).collect();
    assert_eq!(
        refused(json!({"text": "x", "blocks": long_text})).await,
        "msg_blocks_too_long"
    );
    assert_eq!(
        refused(json!({"text": "字".repeat(POST_TEXT_LIMIT + 1)})).await,
        "msg_too_long"
    );
    let v = api(
        &stub,
        "chat.postMessage",
        json!({"channel": CHANNEL, "text": "x", "blocks": {}}),
    )
    .await;
    assert!(
        v["response_metadata"]["messages"][0].as_str().is_some(),
        "{v}"
    );
    assert!(stub.messages(CHANNEL).is_empty());

    // The limits themselves pass: 50 blocks, 13,200 characters of block
    // text (counted as characters, not bytes), 40,000 of text.
    let fifty: Vec<Value> = (0..50).map(|i| section(&format!("b{i}"))).collect();
    post(
        &stub,
        json!({"channel": CHANNEL, "text": "x", "blocks": fifty}),
    )
    .await;
    let mut exact: Vec<Value> = (0..4).map(|_| section(&"é".repeat(3000))).collect();
    exact.push(section(&"é".repeat(BLOCKS_TEXT_LIMIT - 12_000)));
    post(
        &stub,
        json!({"channel": CHANNEL, "text": "x", "blocks": exact}),
    )
    .await;
    post(
        &stub,
        json!({"channel": CHANNEL, "text": "字".repeat(POST_TEXT_LIMIT)}),
    )
    .await;
    post(
        &stub,
        json!({"channel": CHANNEL, "blocks": [section("blocks only")]}),
    )
    .await;
    assert_eq!(stub.messages(CHANNEL).len(), 4);
}

#[tokio::test]
async fn threads_and_replies_to_unknown_parents() {
    let stub = stub().await;
    let parent = post(&stub, json!({"channel": CHANNEL, "text": "parent"})).await;
    let reply = post(
        &stub,
        json!({"channel": CHANNEL, "text": "r1", "thread_ts": parent}),
    )
    .await;
    post(
        &stub,
        json!({"channel": CHANNEL, "text": "r2", "thread_ts": parent, "reply_broadcast": true}),
    )
    .await;
    let replies = stub.replies(CHANNEL, &parent);
    assert_eq!(replies.len(), 2);
    assert_eq!(replies[0].ts, reply);
    assert_eq!(replies[0].thread_ts.as_deref(), Some(parent.as_str()));
    assert!(!replies[0].orphan);
    // Top level: the parent and the broadcast reply only.
    let top: Vec<String> = stub.messages(CHANNEL).into_iter().map(|m| m.text).collect();
    assert_eq!(top, ["parent", "r2"]);

    // Slack answers ok for a parent that does not exist, and the message
    // is then seen nowhere.
    let lost = post(
        &stub,
        json!({"channel": CHANNEL, "text": "lost", "thread_ts": "1500000000.000100"}),
    )
    .await;
    let m = stub.message(CHANNEL, &lost).unwrap();
    assert!(m.orphan);
    assert_eq!(stub.messages(CHANNEL).len(), 2);
    // thread_ts sent as a number (slackapi/node-slack-sdk#780).
    let v = api(
        &stub,
        "chat.postMessage",
        json!({"channel": CHANNEL, "text": "float", "thread_ts": 1.5e9}),
    )
    .await;
    let m = stub.message(CHANNEL, v["ts"].as_str().unwrap()).unwrap();
    assert!(m.orphan);
    assert!(stub
        .replies(CHANNEL, &parent)
        .iter()
        .all(|r| r.text != "float"));
}

// ---------------------------------------------------------------------------
// chat.update

#[tokio::test]
async fn update_replaces_text_and_blocks_of_the_bots_own_messages() {
    let stub = stub().await;
    let ts = post(
        &stub,
        json!({"channel": CHANNEL, "text": "open", "blocks": [section("*open*"), ack_buttons("c1")]}),
    )
    .await;

    let v = api(
        &stub,
        "chat.update",
        json!({"channel": CHANNEL, "ts": ts, "text": "acked", "blocks": [section("*acked* by alice")]}),
    )
    .await;
    assert_eq!(v["ok"], true, "{v}");
    assert_eq!(
        (&v["channel"], &v["ts"], &v["text"]),
        (&json!(CHANNEL), &json!(ts), &json!("acked"))
    );
    let m = stub.message(CHANNEL, &ts).unwrap();
    assert_eq!(m.text, "acked");
    assert_eq!(m.blocks.len(), 1);
    assert_eq!(m.blocks[0]["text"]["text"], "*acked* by alice");
    assert_eq!(m.edits, 1);

    // Text without blocks removes the blocks (chat.update's page).
    api(
        &stub,
        "chat.update",
        json!({"channel": CHANNEL, "ts": ts, "text": "plain"}),
    )
    .await;
    let m = stub.message(CHANNEL, &ts).unwrap();
    assert_eq!((m.text.as_str(), m.blocks.len(), m.edits), ("plain", 0, 2));

    let updates = stub.updates();
    assert_eq!(updates.len(), 2);
    assert_eq!(updates[0].by, EditedBy::ChatUpdate);
    assert_eq!(updates[1].text, "plain");
    assert_eq!(stub.requests_to("chat.update").len(), 2);

    let refused = |body: Value| {
        let stub = &stub;
        async move { error(&api(stub, "chat.update", body).await).to_owned() }
    };
    assert_eq!(
        refused(json!({"channel": CHANNEL, "ts": "1.000100", "text": "x"})).await,
        "message_not_found"
    );
    assert_eq!(
        refused(json!({"channel": "C0NONE", "ts": ts, "text": "x"})).await,
        "channel_not_found"
    );
    let theirs = stub.add_user_message(CHANNEL, "U0ALICE", "hi");
    assert_eq!(
        refused(json!({"channel": CHANNEL, "ts": theirs, "text": "x"})).await,
        "cant_update_message"
    );
    assert_eq!(
        refused(json!({"channel": CHANNEL, "ts": ts})).await,
        "no_text"
    );
    assert_eq!(
        refused(json!({"channel": CHANNEL, "ts": ts, "text": "u".repeat(UPDATE_TEXT_LIMIT + 1)}))
            .await,
        "msg_too_long"
    );
    assert_eq!(
        refused(json!({"channel": CHANNEL, "ts": ts, "text": "x", "blocks": "{"})).await,
        "invalid_blocks_format"
    );
    assert_eq!(stub.message(CHANNEL, &ts).unwrap().edits, 2);
    assert_eq!(stub.message(CHANNEL, &theirs).unwrap().text, "hi");
}

// ---------------------------------------------------------------------------
// Scripted faults

#[tokio::test]
async fn scripted_faults_are_served_once_each_then_normal_behaviour() {
    let stub = stub().await;
    stub.script(
        "chat.postMessage",
        vec![
            ApiReply::RateLimited(7),
            ApiReply::Status(500),
            ApiReply::Error("channel_not_found"),
        ],
    );
    let body = json!({"channel": CHANNEL, "text": "x"});
    let a = call(&stub, "chat.postMessage", Some(TOKEN), body.clone()).await;
    assert_eq!((a.status, a.retry_after.as_deref()), (429, Some("7")));
    assert_eq!(error(&a.json), "ratelimited");
    let a = call(&stub, "chat.postMessage", Some(TOKEN), body.clone()).await;
    assert_eq!(a.status, 500);
    assert!(!a.json.is_object());
    let a = call(&stub, "chat.postMessage", Some(TOKEN), body.clone()).await;
    assert_eq!((a.status, error(&a.json)), (200, "channel_not_found"));
    // Other methods are not affected.
    assert_eq!(api(&stub, "auth.test", json!({})).await["ok"], true);
    assert!(stub.messages(CHANNEL).is_empty());
    post(&stub, body).await;
    assert_eq!(stub.messages(CHANNEL).len(), 1);
    let statuses: Vec<Option<u16>> = stub
        .requests_to("chat.postMessage")
        .iter()
        .map(|r| r.status)
        .collect();
    assert_eq!(statuses, [Some(429), Some(500), Some(200), Some(200)]);
}

#[tokio::test]
async fn a_hang_posts_at_once_and_answers_late() {
    let stub = stub().await;
    stub.script(
        "chat.postMessage",
        vec![ApiReply::Hang(Duration::from_secs(10))],
    );
    // Long enough for the request to reach the stub on a busy machine,
    // far shorter than the hang.
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    let gave_up = client
        .post(format!("{}chat.postMessage", stub.base_url()))
        .bearer_auth(TOKEN)
        .json(&json!({"channel": CHANNEL, "text": "slow"}))
        .send()
        .await;
    assert!(gave_up.unwrap_err().is_timeout());
    // Slack acted although the client never heard back: a retry would
    // post twice.
    assert_eq!(stub.messages(CHANNEL).len(), 1);
    assert_eq!(stub.requests()[0].status, None);

    stub.script(
        "chat.update",
        vec![ApiReply::Hang(Duration::from_millis(300))],
    );
    let ts = stub.messages(CHANNEL)[0].ts.clone();
    let t = Instant::now();
    let v = api(
        &stub,
        "chat.update",
        json!({"channel": CHANNEL, "ts": ts, "text": "late"}),
    )
    .await;
    assert!(t.elapsed() >= Duration::from_millis(300));
    assert_eq!(v["ok"], true);
    assert!(stub.requests_to("chat.update")[0].ok());
}

// ---------------------------------------------------------------------------
// response_url

#[tokio::test]
async fn response_url_replaces_deletes_and_answers_ok() {
    let stub = stub().await;
    let ts = post(
        &stub,
        json!({"channel": CHANNEL, "text": "open", "blocks": [section("*open*"), ack_buttons("c1")]}),
    )
    .await;
    let url = stub.response_url(CHANNEL, &ts);
    let path = url.split_once("127.0.0.1:").unwrap().1;
    let parts: Vec<&str> = path.split('/').collect();
    assert_eq!(&parts[1..3], ["actions", "T000"], "{url}");
    assert_eq!(parts.len(), 5, "{url}");

    let replaced = json!({"replace_original": "true", "text": "acked",
                          "blocks": [section("*acked*")]});
    assert_eq!(
        post_json(&url, &replaced.to_string()).await,
        (200, "ok".into())
    );
    let m = stub.message(CHANNEL, &ts).unwrap();
    assert_eq!((m.text.as_str(), m.blocks.len(), m.edits), ("acked", 1, 1));
    assert_eq!(stub.response_url_message(&url).unwrap().text, "acked");

    // A replacement is the whole message: no blocks given, none left.
    let text_only = json!({"replace_original": true, "text": "text only"});
    assert_eq!(post_json(&url, &text_only.to_string()).await.0, 200);
    let m = stub.message(CHANNEL, &ts).unwrap();
    assert_eq!((m.text.as_str(), m.blocks.len()), ("text only", 0));
    let by: Vec<EditedBy> = stub.updates().iter().map(|u| u.by).collect();
    assert_eq!(by, [EditedBy::ResponseUrl, EditedBy::ResponseUrl]);

    assert_eq!(
        post_json(&url, r#"{"delete_original": true}"#).await,
        (200, "ok".into())
    );
    assert!(stub.message(CHANNEL, &ts).is_none());
    assert!(stub.messages(CHANNEL).is_empty());
    assert!(stub.all_messages()[0].deleted);
    assert_eq!(
        post_json(&url, r#"{"replace_original": true, "text": "x"}"#).await,
        (404, "message_not_found".into())
    );
    let calls = stub.response_url_calls();
    assert_eq!(calls.len(), 4);
    assert_eq!(calls[0].body, replaced);
    assert_eq!(calls[3].status, 404);
}

#[tokio::test]
async fn response_url_posts_ephemeral_by_default_or_in_channel() {
    let stub = stub().await;
    let ts = post(&stub, json!({"channel": CHANNEL, "text": "open"})).await;
    let url = stub.response_url(CHANNEL, &ts);

    assert_eq!(post_json(&url, r#"{"text": "only you"}"#).await.0, 200);
    let e = stub.ephemerals();
    assert_eq!(e.len(), 1);
    assert_eq!(
        (e[0].channel.as_str(), e[0].text.as_str()),
        (CHANNEL, "only you")
    );
    assert_eq!(stub.messages(CHANNEL).len(), 1);

    let in_channel = json!({"response_type": "in_channel", "text": "for all"});
    assert_eq!(post_json(&url, &in_channel.to_string()).await.0, 200);
    let in_thread = json!({"response_type": "in_channel", "replace_original": "false",
                           "thread_ts": ts, "text": "in the thread"});
    assert_eq!(post_json(&url, &in_thread.to_string()).await.0, 200);
    let top = stub.messages(CHANNEL);
    assert_eq!(top.len(), 2);
    assert_eq!(
        (top[1].text.as_str(), top[1].via),
        ("for all", Via::ResponseUrl)
    );
    assert_eq!(stub.replies(CHANNEL, &ts)[0].text, "in the thread");
    // The source message is untouched.
    assert_eq!(stub.message(CHANNEL, &ts).unwrap().text, "open");

    // Deleting with a message along: deleted, and the message published.
    let both = json!({"delete_original": "true", "response_type": "in_channel", "text": "moved"});
    assert_eq!(post_json(&url, &both.to_string()).await.0, 200);
    assert!(stub.message(CHANNEL, &ts).is_none());
    assert_eq!(stub.messages(CHANNEL).last().unwrap().text, "moved");
}

#[tokio::test]
async fn response_url_allows_five_uses_within_thirty_minutes() {
    let stub = stub().await;
    let ts = post(&stub, json!({"channel": CHANNEL, "text": "open"})).await;
    let url = stub.response_url(CHANNEL, &ts);

    assert_eq!(
        post_json(&url, "not json").await,
        (400, "invalid_payload".into())
    );
    assert_eq!(post_json(&url, "{}").await, (400, "no_text".into()));
    for i in 0..RESPONSE_URL_USES {
        let body = json!({"text": format!("note {i}")}).to_string();
        assert_eq!(post_json(&url, &body).await, (200, "ok".into()), "use {i}");
    }
    assert_eq!(
        post_json(&url, r#"{"text": "6th"}"#).await,
        (404, "used_url".into())
    );
    assert_eq!(stub.ephemerals().len(), 5);

    let fresh = stub.response_url(CHANNEL, &ts);
    stub.age_response_urls(Duration::from_secs(29 * 60));
    assert_eq!(post_json(&fresh, r#"{"text": "in time"}"#).await.0, 200);
    stub.age_response_urls(Duration::from_secs(2 * 60));
    assert_eq!(
        post_json(&fresh, r#"{"text": "late"}"#).await,
        (404, "expired_url".into())
    );
    // A URL made after the clock moved is new again.
    let newer = stub.response_url(CHANNEL, &ts);
    assert_eq!(post_json(&newer, r#"{"text": "new"}"#).await.0, 200);

    let forged = format!("{}/99", url.rsplit_once('/').unwrap().0);
    assert_eq!(
        post_json(&forged, r#"{"text": "x"}"#).await,
        (404, "no_service".into())
    );
}

#[tokio::test]
async fn response_url_for_a_webhook_message_records_replacements() {
    let stub = stub().await;
    let webhook_body =
        json!({"text": "CPU high", "blocks": [section("*CPU high*"), ack_buttons("c9")]});
    let url = stub.response_url_for_webhook_message(&webhook_body);
    let m = stub.response_url_message(&url).unwrap();
    assert_eq!(
        (m.channel.as_str(), m.via, m.text.as_str()),
        (WEBHOOK_CHANNEL, Via::Webhook, "CPU high")
    );

    let body = json!({"replace_original": true, "text": "acked", "blocks": [section("*acked*")]});
    assert_eq!(post_json(&url, &body.to_string()).await, (200, "ok".into()));
    let m = stub.response_url_message(&url).unwrap();
    assert_eq!((m.text.as_str(), m.edits), ("acked", 1));
    let u = &stub.updates()[0];
    assert_eq!(
        (u.channel.as_str(), u.by),
        (WEBHOOK_CHANNEL, EditedBy::ResponseUrl)
    );

    // The Web API does not know webhook messages.
    let v = api(
        &stub,
        "chat.update",
        json!({"channel": WEBHOOK_CHANNEL, "ts": m.ts, "text": "x"}),
    )
    .await;
    assert_eq!(error(&v), "channel_not_found");

    assert_eq!(post_json(&url, r#"{"delete_original": true}"#).await.0, 200);
    assert!(stub.response_url_message(&url).is_none());
}

// ---------------------------------------------------------------------------
// Clicks

#[tokio::test]
async fn a_click_payload_comes_from_the_stored_message_and_its_url_works() {
    let stub = stub().await;
    let ts = post(
        &stub,
        json!({"channel": CHANNEL, "text": "open", "blocks": [section("*open*"), ack_buttons("case-3")]}),
    )
    .await;
    let p = stub.click(CHANNEL, &ts, "mute", "U0ALICE", "alice");
    assert_eq!(p["type"], "block_actions");
    assert_eq!(p["container"]["message_ts"], ts);
    assert_eq!(p["container"]["channel_id"], CHANNEL);
    assert_eq!(p["message"]["ts"], ts);
    assert_eq!(p["message"]["blocks"][1]["block_id"], "acts");
    let a = &p["actions"][0];
    assert_eq!(
        (&a["action_id"], &a["block_id"], &a["value"]),
        (&json!("mute"), &json!("acts"), &json!("case-3"))
    );
    assert_eq!(a["text"]["text"], "Mute");
    assert_eq!(p["user"]["id"], "U0ALICE");

    // Signed as Slack would send it.
    let (headers, body) = interaction_request("secret", 1_782_378_900u64, &p);
    let sig = &headers
        .iter()
        .find(|(k, _)| k == "x-slack-signature")
        .unwrap()
        .1;
    assert_eq!(*sig, sign("secret", "1782378900", &body));

    let url = p["response_url"].as_str().unwrap();
    assert_eq!(post_json(url, r#"{"text": "muted for you"}"#).await.0, 200);
    assert_eq!(stub.ephemerals()[0].user.as_deref(), Some("U0ALICE"));
    let replace =
        json!({"replace_original": true, "text": "muted", "blocks": [section("*muted*")]});
    assert_eq!(post_json(url, &replace.to_string()).await.0, 200);
    assert_eq!(stub.message(CHANNEL, &ts).unwrap().text, "muted");

    let waited = stub
        .wait_until(Duration::from_millis(200), |s| s.updates().len() == 1)
        .await;
    assert!(waited);
    assert!(
        !stub
            .wait_until(Duration::from_millis(30), |s| s.updates().len() == 2)
            .await
    );
}
