//! What Slack sends to an app's interactivity Request URL when someone
//! clicks a button: a signed `application/x-www-form-urlencoded` POST whose
//! `payload` field is a `block_actions` JSON document.
//!
//! Sources (copies read, see /work/notes/slack-research.md §1–2):
//! - Signing: <https://docs.slack.dev/authentication/verifying-requests-from-slack>
//!   — `v0=` + hex HMAC-SHA256 of `v0:{X-Slack-Request-Timestamp}:{raw body}`,
//!   the signing secret used as a plain UTF-8 key.
//! - Transport: <https://docs.slack.dev/interactivity/handling-user-interaction>
//!   — "an HTTP POST request in the form `application/x-www-form-urlencoded`
//!   ... The body of the request will contain a `payload` parameter".
//! - Payload: <https://docs.slack.dev/reference/interaction-payloads/block_actions-payload>
//!   plus captured real payloads (container `type: "message"`, `user.name`).

use crate::ids::{hex, random_hex, unix_micros};
use serde_json::{json, Value};
use std::fmt::Display;

/// The workspace every stub message and payload belongs to.
pub const TEAM_ID: &str = "T000";
pub const TEAM_DOMAIN: &str = "respondby-test";
/// The app (`api_app_id`), its bot (`bot_id`) and the bot's user ID: the
/// Web API stub's tokens all act as this one bot.
pub const APP_ID: &str = "A000APP";
pub const BOT_ID: &str = "B000BOT";
pub const BOT_USER_ID: &str = "U000BOT";

/// The deprecated verification token Slack still puts in payloads
/// (`token`); apps must use the signature instead.
pub const VERIFICATION_TOKEN: &str = "verification-token-deprecated";

/// The `X-Slack-Signature` for a request: `v0=<hex HMAC-SHA256 of
/// "v0:{timestamp}:{body}">`, keyed with the signing secret as UTF-8 bytes.
/// `body` is the raw request body, exactly as sent.
pub fn sign(secret: &str, timestamp: impl Display, body: impl AsRef<[u8]>) -> String {
    use ring::hmac;
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes());
    let mut ctx = hmac::Context::with_key(&key);
    ctx.update(format!("v0:{timestamp}:").as_bytes());
    ctx.update(body.as_ref());
    format!("v0={}", hex(ctx.sign().as_ref()))
}

/// Seconds since the Unix epoch, for `X-Slack-Request-Timestamp`.
pub fn unix_now() -> u64 {
    unix_micros() / 1_000_000
}

/// A Slack-style `ts`/`action_ts` for now: `seconds.microseconds`.
pub(crate) fn slack_ts_now() -> String {
    let us = unix_micros();
    format!("{}.{:06}", us / 1_000_000, us % 1_000_000)
}

/// A `trigger_id` shaped like Slack's (`<digits>.<digits>.<32 hex>`).
/// Slack documents them as usable once, within three seconds; nothing here
/// checks that.
fn trigger_id() -> String {
    format!(
        "{}.{}.{}",
        unix_micros() % 100_000_000_000,
        crate::ids::random_u64() % 1_000_000_000_000,
        random_hex(32)
    )
}

/// One button click, for [`block_actions_payload`] and
/// [`crate::SlackApiStub::click`].
pub(crate) struct Click<'a> {
    pub action_id: &'a str,
    pub block_id: &'a str,
    pub value: Option<&'a str>,
    /// The button's `text` object, when known.
    pub button_text: Option<Value>,
    pub user_id: &'a str,
    pub user_name: &'a str,
    pub channel_id: &'a str,
    pub channel_name: &'a str,
    /// The message the button is in, as Slack describes it in the payload.
    pub message: Value,
    pub response_url: &'a str,
}

pub(crate) fn payload(c: Click<'_>) -> Value {
    let message_ts = c.message["ts"].as_str().unwrap_or_default().to_owned();
    let mut action = json!({
        "action_id": c.action_id,
        "block_id": c.block_id,
        "type": "button",
        "action_ts": slack_ts_now(),
    });
    if let Some(text) = c.button_text {
        action["text"] = text;
    }
    if let Some(value) = c.value {
        action["value"] = json!(value);
    }
    json!({
        "type": "block_actions",
        "user": {
            "id": c.user_id,
            "username": c.user_name,
            "name": c.user_name,
            "team_id": TEAM_ID,
        },
        "api_app_id": APP_ID,
        "token": VERIFICATION_TOKEN,
        "container": {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": c.channel_id,
            "is_ephemeral": false,
        },
        "trigger_id": trigger_id(),
        "team": {"id": TEAM_ID, "domain": TEAM_DOMAIN},
        "enterprise": null,
        "is_enterprise_install": false,
        "channel": {"id": c.channel_id, "name": c.channel_name},
        "message": c.message,
        "state": {"values": {}},
        "response_url": c.response_url,
        "actions": [action],
    })
}

/// A `block_actions` payload for a click on the button `action_id` (with
/// `value`) in the bot's message `message_ts` in `channel`.
///
/// The builder knows nothing about the message itself, so `message` is a
/// bare bot message (`ts`, `user`, `bot_id`, empty `text` and `blocks`),
/// the action's `block_id` is `"actions"` and `channel.name` is the
/// channel ID. Overwrite fields of the returned value where a test cares,
/// or use [`crate::SlackApiStub::click`], which fills them from a message
/// the stub holds.
pub fn block_actions_payload(
    action_id: &str,
    value: &str,
    user_id: &str,
    user_name: &str,
    channel: &str,
    message_ts: &str,
    response_url: &str,
) -> Value {
    payload(Click {
        action_id,
        block_id: "actions",
        value: Some(value),
        button_text: None,
        user_id,
        user_name,
        channel_id: channel,
        channel_name: channel,
        message: json!({
            "type": "message",
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "app_id": APP_ID,
            "team": TEAM_ID,
            "ts": message_ts,
            "text": "",
            "blocks": [],
        }),
        response_url,
    })
}

/// The headers and body of Slack's POST to the interactivity Request URL:
/// body `payload=<form-urlencoded JSON>`, headers (lower-case names)
/// `content-type: application/x-www-form-urlencoded`,
/// `x-slack-request-timestamp` and `x-slack-signature` over that exact body.
pub fn interaction_request(
    secret: &str,
    timestamp: impl Display,
    payload: &Value,
) -> (Vec<(String, String)>, String) {
    let body = form_urlencoded::Serializer::new(String::new())
        .append_pair("payload", &payload.to_string())
        .finish();
    let timestamp = timestamp.to_string();
    let headers = vec![
        (
            "content-type".to_owned(),
            "application/x-www-form-urlencoded".to_owned(),
        ),
        ("x-slack-request-timestamp".to_owned(), timestamp.clone()),
        (
            "x-slack-signature".to_owned(),
            sign(secret, &timestamp, &body),
        ),
    ];
    (headers, body)
}

/// Slack's POST of a slash command to its Request URL: a signed
/// `application/x-www-form-urlencoded` body with `command`, `text`,
/// `user_id`, `user_name`, `team_id`, `api_app_id`, `channel_id`,
/// `response_url` and `trigger_id` (Slack: "Implementing slash commands").
pub fn command_request(
    secret: &str,
    timestamp: impl Display,
    text: &str,
    user_id: &str,
    response_url: &str,
) -> (Vec<(String, String)>, String) {
    let body = form_urlencoded::Serializer::new(String::new())
        .append_pair("token", VERIFICATION_TOKEN)
        .append_pair("team_id", TEAM_ID)
        .append_pair("team_domain", TEAM_DOMAIN)
        .append_pair("channel_id", "C0ALERTS")
        .append_pair("channel_name", "alerts")
        .append_pair("user_id", user_id)
        .append_pair("user_name", &user_id.to_ascii_lowercase())
        .append_pair("command", "/respondby")
        .append_pair("text", text)
        .append_pair("api_app_id", APP_ID)
        .append_pair("response_url", response_url)
        .append_pair("trigger_id", "13345224609.738474920.8088930838d88f008e0")
        .finish();
    signed(secret, timestamp, "application/x-www-form-urlencoded", body)
}

/// Slack's POST of an Events API request: a signed JSON body
/// (`application/json`).
pub fn event_request(
    secret: &str,
    timestamp: impl Display,
    body: &Value,
) -> (Vec<(String, String)>, String) {
    signed(secret, timestamp, "application/json", body.to_string())
}

/// The `event_callback` Slack sends when `user` opens the app's Home tab.
pub fn app_home_opened(user: &str) -> Value {
    json!({
        "token": VERIFICATION_TOKEN,
        "team_id": TEAM_ID,
        "api_app_id": APP_ID,
        "type": "event_callback",
        "event_id": format!("Ev{}", random_hex(5).to_ascii_uppercase()),
        "event_time": unix_now(),
        "event": {
            "type": "app_home_opened",
            "user": user,
            "channel": "D0HOME",
            "tab": "home",
            "event_ts": slack_ts_now(),
        },
    })
}

fn signed(
    secret: &str,
    timestamp: impl Display,
    content_type: &str,
    body: String,
) -> (Vec<(String, String)>, String) {
    let timestamp = timestamp.to_string();
    let headers = vec![
        ("content-type".to_owned(), content_type.to_owned()),
        ("x-slack-request-timestamp".to_owned(), timestamp.clone()),
        (
            "x-slack-signature".to_owned(),
            sign(secret, &timestamp, &body),
        ),
    ];
    (headers, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    // The worked example of "Verifying requests from Slack", byte for byte
    // (see /work/notes/slack-research.md §1 for the copies it was read from).
    const DOC_SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";
    const DOC_TIMESTAMP: &str = "1531420618";
    const DOC_BODY: &str = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    const DOC_SIGNATURE: &str =
        "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    #[test]
    fn sign_reproduces_slacks_worked_example() {
        assert_eq!(DOC_BODY.len(), 362);
        assert_eq!(sign(DOC_SECRET, DOC_TIMESTAMP, DOC_BODY), DOC_SIGNATURE);
        // The timestamp may be given as a number, the body as bytes.
        assert_eq!(
            sign(DOC_SECRET, 1_531_420_618u64, DOC_BODY.as_bytes()),
            DOC_SIGNATURE
        );
    }

    #[test]
    fn sign_depends_on_every_input() {
        let other = |s: String| assert_ne!(s, DOC_SIGNATURE);
        other(sign(
            "8f742231b10e8888abcd99yyyzzz85a6",
            DOC_TIMESTAMP,
            DOC_BODY,
        ));
        other(sign(DOC_SECRET, "1531420619", DOC_BODY));
        other(sign(DOC_SECRET, DOC_TIMESTAMP, &DOC_BODY[..361]));
    }

    #[test]
    fn block_actions_payload_has_the_documented_fields() {
        let p = block_actions_payload(
            "ack",
            "case-42",
            "U0ALICE",
            "alice",
            "C0CRIT",
            "1782378877.000100",
            "http://127.0.0.1:1/actions/T000/1/s",
        );
        assert_eq!(p["type"], "block_actions");
        assert_eq!(
            p["user"],
            json!({"id": "U0ALICE", "username": "alice", "name": "alice", "team_id": TEAM_ID})
        );
        assert_eq!(p["api_app_id"], APP_ID);
        assert_eq!(p["team"]["id"], TEAM_ID);
        assert_eq!(
            p["container"],
            json!({"type": "message", "message_ts": "1782378877.000100",
                   "channel_id": "C0CRIT", "is_ephemeral": false})
        );
        assert_eq!(p["channel"], json!({"id": "C0CRIT", "name": "C0CRIT"}));
        assert_eq!(p["message"]["ts"], "1782378877.000100");
        assert_eq!(p["message"]["user"], BOT_USER_ID);
        assert_eq!(p["response_url"], "http://127.0.0.1:1/actions/T000/1/s");
        let trigger = p["trigger_id"].as_str().unwrap();
        assert_eq!(trigger.split('.').count(), 3, "{trigger}");
        let actions = p["actions"].as_array().unwrap();
        assert_eq!(actions.len(), 1);
        let a = &actions[0];
        assert_eq!(a["action_id"], "ack");
        assert_eq!(a["block_id"], "actions");
        assert_eq!(a["value"], "case-42");
        assert_eq!(a["type"], "button");
        let action_ts = a["action_ts"].as_str().unwrap();
        let (secs, frac) = action_ts.split_once('.').unwrap();
        assert_eq!(frac.len(), 6);
        assert!(secs.parse::<u64>().unwrap() > 1_700_000_000);
    }

    #[test]
    fn interaction_request_is_a_signed_form_with_the_payload() {
        let p = block_actions_payload("ack", "v & w=1 ✓", "U1", "bob", "C1", "1.000100", "u");
        let (headers, body) = interaction_request(DOC_SECRET, 1_700_000_000u64, &p);
        let h = |name: &str| {
            headers
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| panic!("no {name}"))
        };
        assert_eq!(h("content-type"), "application/x-www-form-urlencoded");
        assert_eq!(h("x-slack-request-timestamp"), "1700000000");
        assert_eq!(
            h("x-slack-signature"),
            sign(DOC_SECRET, "1700000000", &body)
        );
        assert!(body.starts_with("payload="), "{body}");
        let fields: Vec<_> = form_urlencoded::parse(body.as_bytes()).collect();
        assert_eq!(fields.len(), 1);
        assert_eq!(fields[0].0, "payload");
        let back: Value = serde_json::from_str(&fields[0].1).unwrap();
        assert_eq!(back, p);
        assert_eq!(back["actions"][0]["value"], "v & w=1 ✓");
    }
}
