//! One Function URL serves everything Slack sends the app, each signed the
//! same way: the signature is checked first (`lib.rs`), then the request is
//! told apart by its content type and shape:
//!
//! - a form body with `payload=`: a click, on an alert's buttons or on the
//!   Home tab's controls (action ids `respondby.home.*`);
//! - a form body with `command=`: the `/respondby` slash command;
//! - a JSON body: the Events API (`url_verification`, or an
//!   `event_callback` such as `app_home_opened`).

use crate::command::SlashCommand;
use crate::home::{self, HomeClick};
use respondby_core::slack::interaction::{self, Click};
use serde::Deserialize;

/// What a signed request asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Incoming {
    /// Clicks on an alert's buttons.
    Clicks(Vec<Click>),
    /// A filter or page button of the Home tab.
    Home(HomeClick),
    Command(SlashCommand),
    /// The Events API's `url_verification`: answer with the challenge.
    Challenge(String),
    /// `app_home_opened` on the Home tab, by this user.
    HomeOpened {
        user: String,
        team_id: Option<String>,
        api_app_id: Option<String>,
    },
    /// Another event or interaction: acknowledged, nothing done.
    Ignored(String),
}

impl Incoming {
    /// The workspace and app each part of the request says it came from
    /// (a click payload may carry several clicks); nothing for the
    /// challenge and what is ignored.
    pub fn origins(&self) -> Vec<(Option<&str>, Option<&str>)> {
        match self {
            Incoming::Clicks(clicks) => clicks
                .iter()
                .map(|c| (c.team_id.as_deref(), c.app_id.as_deref()))
                .collect(),
            Incoming::Home(h) => vec![(h.team_id.as_deref(), h.app_id.as_deref())],
            Incoming::Command(c) => vec![(c.team_id.as_deref(), c.api_app_id.as_deref())],
            Incoming::HomeOpened {
                team_id,
                api_app_id,
                ..
            } => vec![(team_id.as_deref(), api_app_id.as_deref())],
            Incoming::Challenge(_) | Incoming::Ignored(_) => vec![],
        }
    }
}

#[derive(Deserialize)]
struct EventBody {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    challenge: Option<String>,
    #[serde(default)]
    team_id: Option<String>,
    #[serde(default)]
    api_app_id: Option<String>,
    #[serde(default)]
    event: Option<Event>,
}

#[derive(Deserialize)]
struct Event {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    user: Option<String>,
    #[serde(default)]
    tab: Option<String>,
}

/// Tells a signed request apart; `Err` says why it is none of Slack's.
pub fn classify(content_type: Option<&str>, body: &[u8]) -> Result<Incoming, String> {
    let json = content_type
        .map(|c| {
            c.trim()
                .to_ascii_lowercase()
                .starts_with("application/json")
        })
        .unwrap_or(false)
        || body.first() == Some(&b'{');
    if json {
        return event(body);
    }
    if let Some(c) = SlashCommand::parse(body) {
        return Ok(Incoming::Command(c));
    }
    let payload = home::payload_of(body).ok_or("neither a click, a command nor an event")?;
    if let Some(h) = home::parse_click(&payload) {
        return Ok(Incoming::Home(h));
    }
    match interaction::parse_form(body) {
        Ok(c) if c.iter().any(|c| c.action_id.starts_with("respondby.home.")) => Ok(
            Incoming::Ignored("a Home tab control with a value this version does not read".into()),
        ),
        Ok(c) => Ok(Incoming::Clicks(c)),
        Err(e) => Err(e.to_string()),
    }
}

fn event(body: &[u8]) -> Result<Incoming, String> {
    let e: EventBody =
        serde_json::from_slice(body).map_err(|e| format!("a JSON body that is no event: {e}"))?;
    match e.kind.as_str() {
        "url_verification" => e
            .challenge
            .map(Incoming::Challenge)
            .ok_or_else(|| "url_verification without a challenge".into()),
        "event_callback" => {
            let Some(ev) = e.event else {
                return Err("event_callback without an event".into());
            };
            match (ev.kind.as_str(), ev.tab.as_deref(), ev.user) {
                ("app_home_opened", Some("home"), Some(user)) => Ok(Incoming::HomeOpened {
                    user,
                    team_id: e.team_id,
                    api_app_id: e.api_app_id,
                }),
                (kind, tab, _) => Ok(Incoming::Ignored(format!(
                    "event {kind} (tab {})",
                    tab.unwrap_or("-")
                ))),
            }
        }
        other => Ok(Incoming::Ignored(format!("Events API request {other}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_kind_of_request_is_told_apart() {
        let v = json!({"token": "x", "challenge": "3eZbrw1aB", "type": "url_verification"});
        assert_eq!(
            classify(Some("application/json"), v.to_string().as_bytes()),
            Ok(Incoming::Challenge("3eZbrw1aB".into()))
        );
        let v = json!({"type": "event_callback", "team_id": "T1", "api_app_id": "A1",
            "event": {"type": "app_home_opened", "user": "U1", "tab": "home"}});
        assert!(matches!(
            classify(Some("application/json"), v.to_string().as_bytes()),
            Ok(Incoming::HomeOpened { user, .. }) if user == "U1"
        ));
        let v = json!({"type": "event_callback",
            "event": {"type": "app_home_opened", "user": "U1", "tab": "messages"}});
        assert!(matches!(
            classify(Some("application/json"), v.to_string().as_bytes()),
            Ok(Incoming::Ignored(_))
        ));
        let form = b"command=%2Frespondby&text=open+overdue&user_id=U1&team_id=T1";
        assert!(matches!(
            classify(Some("application/x-www-form-urlencoded"), form),
            Ok(Incoming::Command(c)) if c.text == "open overdue" && c.user_id == "U1"
        ));
        let home = json!({"type": "block_actions", "user": {"id": "U1"},
            "view": {"type": "home"},
            "actions": [{"action_id": "respondby.home.more", "value": "overdue|2"}]});
        let form = form_urlencoded::Serializer::new(String::new())
            .append_pair("payload", &home.to_string())
            .finish();
        assert_eq!(
            classify(None, form.as_bytes()),
            Ok(Incoming::Home(HomeClick {
                user: "U1".into(),
                filter: respondby_core::listing::Filter::Overdue,
                page: 2,
                team_id: None,
                app_id: None,
            }))
        );
        assert!(classify(None, b"what=ever").is_err());
        assert!(classify(Some("application/json"), b"{not json").is_err());
    }
}
