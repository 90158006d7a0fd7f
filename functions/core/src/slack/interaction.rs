//! What Slack sends when someone clicks a button on our message: a form
//! body with one field, `payload`, holding a `block_actions` JSON document
//! (Slack: "Handling user interaction"). Only the fields Respond By needs
//! are read; `response_url` and `user.name` are optional, as Slack's own
//! SDK types have them.

use serde::Deserialize;
use thiserror::Error;

/// A click, as Slack reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Click {
    pub action_id: String,
    /// Our button's `value`: the case key.
    pub value: String,
    pub user_id: String,
    pub user_name: Option<String>,
    pub channel: Option<String>,
    pub message_ts: Option<String>,
    pub response_url: Option<String>,
    /// The workspace's domain (`acme` of acme.slack.com): links to messages.
    pub team_domain: Option<String>,
    /// The workspace the click came from (`team.id`, else `user.team_id`).
    pub team_id: Option<String>,
    /// The Slack app whose message was clicked (`api_app_id`).
    pub app_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum InteractionError {
    #[error("the body has no `payload` field")]
    NoPayload,
    #[error("the payload is not a Slack interaction: {0}")]
    BadPayload(String),
}

#[derive(Deserialize)]
struct Payload {
    #[serde(rename = "type")]
    kind: String,
    user: User,
    #[serde(default)]
    container: Option<Container>,
    #[serde(default)]
    channel: Option<Channel>,
    #[serde(default)]
    response_url: Option<String>,
    #[serde(default)]
    actions: Vec<ActionItem>,
    #[serde(default)]
    team: Option<Team>,
    #[serde(default)]
    api_app_id: Option<String>,
}

#[derive(Deserialize)]
struct Team {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    domain: Option<String>,
}

#[derive(Deserialize)]
struct User {
    id: String,
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    team_id: Option<String>,
}

#[derive(Deserialize)]
struct Container {
    #[serde(default)]
    message_ts: Option<String>,
    #[serde(default)]
    channel_id: Option<String>,
}

#[derive(Deserialize)]
struct Channel {
    id: String,
}

#[derive(Deserialize)]
struct ActionItem {
    action_id: String,
    #[serde(default)]
    value: Option<String>,
}

/// The clicks in a form body. A payload of another type (a shortcut, a
/// view submission) holds none.
pub fn parse_form(body: &[u8]) -> Result<Vec<Click>, InteractionError> {
    let json = form_urlencoded::parse(body)
        .find(|(k, _)| k == "payload")
        .map(|(_, v)| v.into_owned())
        .ok_or(InteractionError::NoPayload)?;
    let p: Payload =
        serde_json::from_str(&json).map_err(|e| InteractionError::BadPayload(e.to_string()))?;
    if p.kind != "block_actions" {
        return Ok(Vec::new());
    }
    let channel = p
        .container
        .as_ref()
        .and_then(|c| c.channel_id.clone())
        .or(p.channel.map(|c| c.id));
    let message_ts = p.container.and_then(|c| c.message_ts);
    let team_id = p
        .team
        .as_ref()
        .and_then(|t| t.id.clone())
        .or(p.user.team_id.clone());
    let team_domain = p.team.and_then(|t| t.domain);
    let app_id = p.api_app_id;
    Ok(p.actions
        .into_iter()
        .map(|a| Click {
            action_id: a.action_id,
            value: a.value.unwrap_or_default(),
            user_id: p.user.id.clone(),
            user_name: p.user.username.clone().or(p.user.name.clone()),
            channel: channel.clone(),
            message_ts: message_ts.clone(),
            response_url: p.response_url.clone(),
            team_domain: team_domain.clone(),
            team_id: team_id.clone(),
            app_id: app_id.clone(),
        })
        .collect())
}

/// Answers a click through its `response_url` (valid 30 minutes, 5 times):
/// replacing the clicked message (webhook mode), or a note only the
/// clicker sees. The URL must be Slack's (or loopback with the test switch).
pub async fn respond(
    http: &reqwest::Client,
    response_url: &str,
    body: &serde_json::Value,
    hosts: super::deliver::Hosts,
    deadline: tokio::time::Instant,
) -> Result<(), super::deliver::DeliveryError> {
    use super::deliver::{exchange, DeliveryError, RetryPolicy};
    let url = reqwest::Url::parse(response_url).map_err(|_| DeliveryError::Rejected {
        status: 0,
        reason: "response_url is not a URL".into(),
        hint: "",
    })?;
    hosts
        .check(&url, &["hooks.slack.com", "hooks.slack-gov.com"])
        .map_err(|e| DeliveryError::Rejected {
            status: 0,
            reason: format!("response_url refused: {e}"),
            hint: "",
        })?;
    let bytes = serde_json::to_vec(body).expect("a JSON value serialises");
    let policy = RetryPolicy {
        max_attempts: 3,
        ..RetryPolicy::default()
    };
    exchange(&policy, deadline, "response_url", |timeout| {
        http.post(url.clone())
            .header("content-type", "application/json")
            .body(bytes.clone())
            .timeout(timeout)
    })
    .await
    .map(|_| ())
}

/// A note only the clicker sees (the message stays as it is).
pub fn ephemeral(text: &str) -> serde_json::Value {
    serde_json::json!({
        "response_type": "ephemeral",
        "replace_original": false,
        "text": text,
    })
}

/// The clicked message, replaced with `body` (its text and blocks).
pub fn replacing(body: &serde_json::Value) -> serde_json::Value {
    let mut v = body.clone();
    v["replace_original"] = true.into();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(payload: &serde_json::Value) -> Vec<u8> {
        form_urlencoded::Serializer::new(String::new())
            .append_pair("payload", &payload.to_string())
            .finish()
            .into_bytes()
    }

    #[test]
    fn a_button_click_is_read_from_the_form_payload() {
        let p = serde_json::json!({
            "type": "block_actions",
            "user": {"id": "U0SATO", "username": "sato", "name": "sato", "team_id": "T0"},
            "api_app_id": "A0", "team": {"id": "T0"},
            "container": {"type": "message", "message_ts": "1782378877.000100", "channel_id": "C0ALERTS", "is_ephemeral": false},
            "channel": {"id": "C0ALERTS", "name": "alerts"},
            "response_url": "https://hooks.slack.com/actions/T0/1/xyz",
            "trigger_id": "1.2.3",
            "actions": [{"action_id": "respondby.ack", "block_id": "respondby.state",
                         "value": "health:111122223333:arn:aws:health:global::event/ABUSE/x",
                         "type": "button", "action_ts": "1782378900.1"}]
        });
        let clicks = parse_form(&form(&p)).unwrap();
        assert_eq!(
            clicks,
            vec![Click {
                action_id: "respondby.ack".into(),
                value: "health:111122223333:arn:aws:health:global::event/ABUSE/x".into(),
                user_id: "U0SATO".into(),
                user_name: Some("sato".into()),
                channel: Some("C0ALERTS".into()),
                message_ts: Some("1782378877.000100".into()),
                response_url: Some("https://hooks.slack.com/actions/T0/1/xyz".into()),
                team_domain: None,
                team_id: Some("T0".into()),
                app_id: Some("A0".into()),
            }]
        );
    }

    #[test]
    fn other_interactions_hold_no_clicks_and_garbage_is_an_error() {
        let p = serde_json::json!({"type": "shortcut", "user": {"id": "U1"}});
        assert!(parse_form(&form(&p)).unwrap().is_empty());
        assert_eq!(parse_form(b"text=hi"), Err(InteractionError::NoPayload));
        assert!(matches!(
            parse_form(b"payload=%7Bnot"),
            Err(InteractionError::BadPayload(_))
        ));
    }
}
