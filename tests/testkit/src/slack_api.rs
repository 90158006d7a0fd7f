//! The Slack Web API as an app with a bot token sees it (`chat.postMessage`,
//! `chat.update`, `auth.test`), plus the `response_url`s Slack hands out
//! with interaction payloads.
//!
//! What the stub does and where that comes from (copies of Slack's pages
//! read for /work/notes/slack-research.md; "undocumented" marks choices
//! Slack's documentation does not settle):
//!
//! - Every Web API answer is a JSON object with `ok`; failures are HTTP 200
//!   with `ok: false` and an `error` code, except rate limiting: HTTP 429
//!   with `Retry-After` (docs.slack.dev/apis/web-api, …/rate-limits; the
//!   official Node SDK: "Slack's Web API doesn't use meaningful status codes
//!   besides 429 and 200").
//! - JSON bodies need `Content-type: application/json` and the token as
//!   `Authorization: Bearer …`; a token inside the JSON does not count
//!   (docs.slack.dev/apis/web-api). Form bodies (`token=` allowed) are
//!   accepted too, as on Slack.
//! - Error codes and their meaning: the `chat.postMessage` / `chat.update`
//!   method pages (see the notes, §3).
//! - Limits: 50 blocks per message and the per-element lengths of the Block
//!   Kit reference (notes §4); `text` over 40,000 characters refused by
//!   `chat.postMessage` (`msg_too_long`, older method page; the current page
//!   says Slack truncates), over 4,000 by `chat.update` (its method page).
//!   The aggregate limit behind `msg_blocks_too_long` is undocumented;
//!   13,200 characters is what slackapi/bolt-js#2509 reports.
//! - "Characters" are counted as Unicode scalar values; Slack never says
//!   what it counts (undocumented).

use crate::ids::{random_alnum, unix_micros};
use crate::interactivity::{payload, Click, APP_ID, BOT_ID, BOT_USER_ID, TEAM_DOMAIN, TEAM_ID};
use crate::server::{serve, Incoming, Server};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::{json, Map, Value};
use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Blocks in one message ("up to 50 blocks in each message").
pub const MAX_BLOCKS: usize = 50;
/// Blocks in a view (a Home tab): "Maximum of 100 blocks".
pub const MAX_VIEW_BLOCKS: usize = 100;
/// `chat.postMessage` `text` above this is `msg_too_long`.
pub const POST_TEXT_LIMIT: usize = 40_000;
/// `chat.update` `text` above this is `msg_too_long` ("The `text` field
/// cannot exceed 4,000 characters", chat.update's method page).
pub const UPDATE_TEXT_LIMIT: usize = 4_000;
/// All `text` strings inside `blocks` together above this are
/// `msg_blocks_too_long`. Undocumented: the figure reported in
/// slackapi/bolt-js#2509.
pub const BLOCKS_TEXT_LIMIT: usize = 13_200;
/// A `response_url` "can be sent up to 5 times within 30 minutes".
pub const RESPONSE_URL_USES: u32 = 5;
pub const RESPONSE_URL_LIFETIME: Duration = Duration::from_secs(30 * 60);
/// Where messages registered with
/// [`SlackApiStub::response_url_for_webhook_message`] live. It is not a
/// channel of the Web API: `chat.update` there is `channel_not_found`.
pub const WEBHOOK_CHANNEL: &str = "C000WEBHOOK";

/// One scripted answer to one call of a Web API method, used instead of
/// the normal behaviour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiReply {
    /// HTTP 429, `Retry-After: <secs>`, body `{"ok":false,"error":"ratelimited"}`
    /// (the code the method pages give for "Refer to the Retry-After header").
    /// Nothing is done.
    RateLimited(u64),
    /// That HTTP status with a plain-text body (an outage, a proxy error).
    /// Nothing is done.
    Status(u16),
    /// HTTP 200 `{"ok":false,"error":<code>}`. Nothing is done.
    Error(&'static str),
    /// The call is carried out at once (a message is posted, an update
    /// applied), but the answer only comes after the delay: the case where
    /// a client gives up on a request Slack did act on. The request's
    /// `status` stays `None` until the answer is sent.
    Hang(Duration),
}

/// A Web API request the stub received.
#[derive(Clone)]
pub struct ApiRequest {
    /// The method, e.g. `chat.postMessage` (the path after `/api/`).
    pub method: String,
    /// Header names are lower case. Includes `authorization`: see
    /// [`authorization_of`]; `Debug` hides its value.
    pub headers: Vec<(String, String)>,
    /// The arguments as a JSON object: the JSON body, or the form fields
    /// (with `blocks`, `attachments` and `metadata` parsed as JSON where they
    /// parse). A `token` argument is removed. `Null` for an empty body, a
    /// JSON string holding the text when the body could not be read.
    pub body: Value,
    pub at: Instant,
    /// The HTTP status answered; `None` while a [`ApiReply::Hang`] waits.
    pub status: Option<u16>,
    /// The JSON answered, if any.
    pub response: Option<Value>,
}

impl ApiRequest {
    /// The first value of a header (name in any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Answered HTTP 200 with `ok: true`.
    pub fn ok(&self) -> bool {
        self.status == Some(200) && self.response.as_ref().is_some_and(|r| r["ok"] == true)
    }

    /// The `error` code answered, if any.
    pub fn error(&self) -> Option<&str> {
        self.response.as_ref()?.get("error")?.as_str()
    }
}

impl fmt::Debug for ApiRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                if k == "authorization" {
                    (k.as_str(), "<redacted>")
                } else {
                    (k.as_str(), v.as_str())
                }
            })
            .collect();
        f.debug_struct("ApiRequest")
            .field("method", &self.method)
            .field("headers", &headers)
            .field("body", &self.body)
            .field("at", &self.at)
            .field("status", &self.status)
            .field("response", &self.response)
            .finish()
    }
}

/// The `Authorization` header of a request (`Bearer xoxb-…`), which the
/// `Debug` output of [`ApiRequest`] hides.
pub fn authorization_of(request: &ApiRequest) -> Option<&str> {
    request.header("authorization")
}

/// How a message came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// `chat.postMessage`.
    WebApi,
    /// A `response_url` POST with `"response_type": "in_channel"`.
    ResponseUrl,
    /// [`SlackApiStub::response_url_for_webhook_message`].
    Webhook,
    /// [`SlackApiStub::add_user_message`].
    Seeded,
}

/// A message as it stands now.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub channel: String,
    pub ts: String,
    /// [`BOT_USER_ID`] for the bot's messages.
    pub user: String,
    pub text: String,
    /// As posted, except that blocks without a `block_id` got one (Block Kit
    /// reference: "If not specified, a block_id will be generated").
    pub blocks: Vec<Value>,
    pub attachments: Option<Value>,
    /// The parent's `ts` for a reply. A reply to a `ts` that is no message
    /// in the channel is kept with `orphan` set. A reply to a reply ("Avoid
    /// using a reply's `ts` value; use its parent instead") is kept as sent:
    /// what Slack does with it is undocumented.
    pub thread_ts: Option<String>,
    pub reply_broadcast: bool,
    /// Set when `thread_ts` named no message of the channel (or was not a
    /// string). Slack answers `ok: true` and the message then shows nowhere
    /// (undocumented; reported in slackapi/node-slack-sdk#780 and
    /// slackapi/python-slack-sdk#840 for a `thread_ts` sent as a number).
    /// Such messages are in neither [`SlackApiStub::messages`] nor any
    /// thread's [`SlackApiStub::replies`] unless asked for by that `ts`.
    pub orphan: bool,
    pub metadata: Option<Value>,
    pub unfurl_links: Option<bool>,
    pub unfurl_media: Option<bool>,
    /// Successful `chat.update` calls and `response_url` replacements.
    pub edits: u32,
    pub deleted: bool,
    pub via: Via,
}

impl Message {
    /// The message as the Web API describes it in answers.
    pub fn to_json(&self) -> Value {
        let mut m = json!({
            "type": "message",
            "user": self.user,
            "text": self.text,
            "ts": self.ts,
            "team": TEAM_ID,
        });
        if self.user == BOT_USER_ID {
            m["bot_id"] = json!(BOT_ID);
            m["app_id"] = json!(APP_ID);
        }
        if !self.blocks.is_empty() {
            m["blocks"] = Value::Array(self.blocks.clone());
        }
        if let Some(a) = &self.attachments {
            m["attachments"] = a.clone();
        }
        if let Some(t) = &self.thread_ts {
            m["thread_ts"] = json!(t);
        }
        if let Some(md) = &self.metadata {
            m["metadata"] = md.clone();
        }
        m
    }

    fn is_top_level(&self) -> bool {
        !self.deleted && !self.orphan && (self.thread_ts.is_none() || self.reply_broadcast)
    }
}

/// How an edit was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditedBy {
    ChatUpdate,
    ResponseUrl,
}

/// One successful edit of a message: its content right after.
#[derive(Debug, Clone, PartialEq)]
pub struct Update {
    pub channel: String,
    pub ts: String,
    pub text: String,
    pub blocks: Vec<Value>,
    pub by: EditedBy,
    pub at: Instant,
}

/// An ephemeral message sent through a `response_url` (only the clicking
/// user would see it).
#[derive(Debug, Clone, PartialEq)]
pub struct Ephemeral {
    pub channel: String,
    /// The user who clicked, when the URL came from [`SlackApiStub::click`].
    pub user: Option<String>,
    pub text: String,
    pub blocks: Vec<Value>,
    pub thread_ts: Option<String>,
    pub at: Instant,
}

/// A Home tab published with `views.publish`.
#[derive(Debug, Clone, PartialEq)]
pub struct PublishedView {
    pub user: String,
    /// The view as accepted (blocks given a `block_id` if they had none).
    pub view: Value,
    pub at: Instant,
}

/// One POST to a `response_url`, answered or refused.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseUrlCall {
    pub url: String,
    /// The body as JSON (a JSON string if it was not JSON).
    pub body: Value,
    pub status: u16,
    /// The plain-text answer: `ok` or an error code.
    pub answer: String,
    pub at: Instant,
}

struct BoundUrl {
    channel: String,
    ts: String,
    user: Option<String>,
    created: Instant,
    uses: u32,
}

#[derive(Default)]
struct State {
    /// token → revoked
    tokens: HashMap<String, bool>,
    /// channel → the bot is a member
    channels: HashMap<String, bool>,
    messages: Vec<Message>,
    updates: Vec<Update>,
    ephemerals: Vec<Ephemeral>,
    scripts: HashMap<String, VecDeque<ApiReply>>,
    requests: Vec<ApiRequest>,
    last_ts: u64,
    urls: HashMap<String, BoundUrl>,
    url_seq: u64,
    url_calls: Vec<ResponseUrlCall>,
    /// Every `views.publish` accepted, in order.
    views: Vec<PublishedView>,
    /// How far [`SlackApiStub::age_response_urls`] moved the clock the
    /// `response_url`s are timed by.
    url_clock: Duration,
}

impl State {
    /// A fresh `ts`: `seconds.micros` from the clock, kept unique and
    /// increasing (steps of 100 µs, like the `…000100` Slack shows).
    fn next_ts(&mut self) -> String {
        let now = unix_micros() / 100 * 100;
        self.last_ts = now.max(self.last_ts + 100);
        format!(
            "{}.{:06}",
            self.last_ts / 1_000_000,
            self.last_ts % 1_000_000
        )
    }

    fn find(&self, channel: &str, ts: &str) -> Option<usize> {
        self.messages
            .iter()
            .position(|m| m.channel == channel && m.ts == ts && !m.deleted)
    }

    fn push_message(&mut self, mut m: Message) -> Message {
        m.ts = self.next_ts();
        self.messages.push(m.clone());
        m
    }
}

/// A running Slack Web API stand-in. Dropping it stops the server.
pub struct SlackApiStub {
    state: Arc<Mutex<State>>,
    server: Server,
}

impl SlackApiStub {
    /// A stub with no valid token and no channel.
    pub async fn start() -> SlackApiStub {
        let state = Arc::new(Mutex::new(State::default()));
        let s = state.clone();
        let router = Router::new().fallback(move |req: Request<Body>| handle(s.clone(), req));
        let server = serve(router).await;
        SlackApiStub { state, server }
    }

    /// `http://127.0.0.1:PORT/api/`; methods are POSTed to `{base}chat.postMessage`.
    pub fn base_url(&self) -> String {
        format!("http://{}/api/", self.server.addr)
    }

    fn st(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap()
    }

    /// Makes `token` valid (again). Several tokens may be valid at once;
    /// all act as the same bot.
    pub fn accept_token(&self, token: &str) {
        self.st().tokens.insert(token.to_owned(), false);
    }

    /// Later calls with `token` get `token_revoked`.
    pub fn revoke_token(&self, token: &str) {
        self.st().tokens.insert(token.to_owned(), true);
    }

    /// Adds (or changes) a channel; `member`: whether the bot is in it.
    pub fn add_channel(&self, channel: &str, member: bool) {
        self.st().channels.insert(channel.to_owned(), member);
    }

    /// Answers the next calls of `method` with `replies`, one per call,
    /// after any replies still queued; then the normal behaviour again.
    pub fn script(&self, method: &str, replies: Vec<ApiReply>) {
        self.st()
            .scripts
            .entry(method.to_owned())
            .or_default()
            .extend(replies);
    }

    /// Puts a message from someone else (`user`) in `channel`, e.g. to see
    /// `chat.update` refuse it; returns its `ts`.
    pub fn add_user_message(&self, channel: &str, user: &str, text: &str) -> String {
        let m = self.st().push_message(Message {
            channel: channel.to_owned(),
            ts: String::new(),
            user: user.to_owned(),
            text: text.to_owned(),
            blocks: Vec::new(),
            attachments: None,
            thread_ts: None,
            reply_broadcast: false,
            orphan: false,
            metadata: None,
            unfurl_links: None,
            unfurl_media: None,
            edits: 0,
            deleted: false,
            via: Via::Seeded,
        });
        m.ts
    }

    /// Every Web API request so far, in order, refused ones included.
    pub fn requests(&self) -> Vec<ApiRequest> {
        self.st().requests.clone()
    }

    /// The requests for one method, in order.
    pub fn requests_to(&self, method: &str) -> Vec<ApiRequest> {
        self.st()
            .requests
            .iter()
            .filter(|r| r.method == method)
            .cloned()
            .collect()
    }

    /// The channel's top-level messages (and replies sent with
    /// `reply_broadcast`), oldest first, as they stand now; deleted ones left out.
    pub fn messages(&self, channel: &str) -> Vec<Message> {
        self.st()
            .messages
            .iter()
            .filter(|m| m.channel == channel && m.is_top_level())
            .cloned()
            .collect()
    }

    /// The replies to `thread_ts` in `channel`, oldest first, deleted ones left out.
    pub fn replies(&self, channel: &str, thread_ts: &str) -> Vec<Message> {
        self.st()
            .messages
            .iter()
            .filter(|m| {
                m.channel == channel && !m.deleted && m.thread_ts.as_deref() == Some(thread_ts)
            })
            .cloned()
            .collect()
    }

    /// One message as it stands now; `None` if there is none or it was deleted.
    pub fn message(&self, channel: &str, ts: &str) -> Option<Message> {
        let st = self.st();
        st.find(channel, ts).map(|i| st.messages[i].clone())
    }

    /// Every message ever stored, deleted and orphaned ones included, in
    /// the order they were posted.
    pub fn all_messages(&self) -> Vec<Message> {
        self.st().messages.clone()
    }

    /// Every successful edit (`chat.update` or `response_url` replacement), in order.
    pub fn updates(&self) -> Vec<Update> {
        self.st().updates.clone()
    }

    /// The ephemeral messages sent through `response_url`s, in order.
    pub fn ephemerals(&self) -> Vec<Ephemeral> {
        self.st().ephemerals.clone()
    }

    /// Every view `views.publish` accepted, in order.
    pub fn views(&self) -> Vec<PublishedView> {
        self.st().views.clone()
    }

    /// The Home tab last published for `user`.
    pub fn home_of(&self, user: &str) -> Option<Value> {
        self.st()
            .views
            .iter()
            .rev()
            .find(|v| v.user == user)
            .map(|v| v.view.clone())
    }

    /// Every POST to a `response_url`, in order, refused ones included.
    pub fn response_url_calls(&self) -> Vec<ResponseUrlCall> {
        self.st().url_calls.clone()
    }

    /// A fresh `response_url` bound to the message `ts` in `channel`:
    /// `http://127.0.0.1:PORT/actions/T000/<n>/<secret>` (the shape of
    /// Slack's `https://hooks.slack.com/actions/…`). Panics if there is no
    /// such message.
    pub fn response_url(&self, channel: &str, ts: &str) -> String {
        self.bind_url(channel, ts, None)
    }

    /// A fresh `response_url` of a slash command typed by `user` in
    /// `channel`: `http://127.0.0.1:PORT/commands/T000/<n>/<secret>` (the
    /// shape of Slack's `https://hooks.slack.com/commands/…`). It is bound
    /// to no message: ephemeral answers go to `user`
    /// ([`Self::ephemerals`]), `in_channel` ones to the channel, and
    /// `replace_original` / `delete_original` have nothing to act on
    /// (`message_not_found`). 5 uses within 30 minutes, as for clicks.
    pub fn command_response_url(&self, channel: &str, user: &str) -> String {
        let mut st = self.st();
        st.url_seq += 1;
        let path = format!(
            "/commands/{TEAM_ID}/{}/{}",
            1_000_000_000_000 + st.url_seq,
            random_alnum(24)
        );
        let created = Instant::now() + st.url_clock;
        st.urls.insert(
            path.clone(),
            BoundUrl {
                channel: channel.to_owned(),
                ts: String::new(),
                user: Some(user.to_owned()),
                created,
                uses: 0,
            },
        );
        format!("http://{}{path}", self.server.addr)
    }

    /// Registers a message that was posted through an incoming webhook
    /// (`json_body` as sent to the webhook: `text`, `blocks`) — the Web API
    /// does not know it — and returns a `response_url` bound to it. The
    /// message lives in [`WEBHOOK_CHANNEL`]; follow it with
    /// [`Self::response_url_message`].
    pub fn response_url_for_webhook_message(&self, json_body: &Value) -> String {
        let blocks = match json_body.get("blocks") {
            Some(b) => check_blocks(b).unwrap_or_else(|(code, why)| {
                panic!("webhook message blocks would be refused: {code}: {why}")
            }),
            None => Vec::new(),
        };
        let ts = {
            let mut st = self.st();
            st.push_message(Message {
                channel: WEBHOOK_CHANNEL.to_owned(),
                ts: String::new(),
                user: BOT_USER_ID.to_owned(),
                text: string_arg(json_body.get("text")).unwrap_or_default(),
                blocks,
                attachments: json_body.get("attachments").cloned(),
                thread_ts: None,
                reply_broadcast: false,
                orphan: false,
                metadata: None,
                unfurl_links: json_body.get("unfurl_links").map(truthy),
                unfurl_media: json_body.get("unfurl_media").map(truthy),
                edits: 0,
                deleted: false,
                via: Via::Webhook,
            })
            .ts
        };
        self.response_url(WEBHOOK_CHANNEL, &ts)
    }

    /// The message a `response_url` is bound to, as it stands now (`None`
    /// once deleted, or for a URL the stub did not make).
    pub fn response_url_message(&self, url: &str) -> Option<Message> {
        let st = self.st();
        let bound = st.urls.get(url_path(url))?;
        st.find(&bound.channel, &bound.ts)
            .map(|i| st.messages[i].clone())
    }

    /// Makes every `response_url` made so far `by` older, to reach Slack's
    /// 30-minute limit without waiting.
    pub fn age_response_urls(&self, by: Duration) {
        self.st().url_clock += by;
    }

    fn bind_url(&self, channel: &str, ts: &str, user: Option<&str>) -> String {
        let mut st = self.st();
        assert!(
            st.find(channel, ts).is_some(),
            "no message {ts} in {channel} to bind a response_url to"
        );
        st.url_seq += 1;
        let path = format!(
            "/actions/{TEAM_ID}/{}/{}",
            1_000_000_000_000 + st.url_seq,
            random_alnum(24)
        );
        let created = Instant::now() + st.url_clock;
        st.urls.insert(
            path.clone(),
            BoundUrl {
                channel: channel.to_owned(),
                ts: ts.to_owned(),
                user: user.map(str::to_owned),
                created,
                uses: 0,
            },
        );
        format!("http://{}{path}", self.server.addr)
    }

    /// The `block_actions` payload Slack would send when `user_id`
    /// (`user_name`) clicks the button `action_id` in the message `ts` of
    /// `channel`: `message`, `block_id`, the button's `value` and `text`
    /// come from the message as it stands, and `response_url` is a fresh
    /// one bound to it. Panics if there is no such message or button.
    pub fn click(
        &self,
        channel: &str,
        ts: &str,
        action_id: &str,
        user_id: &str,
        user_name: &str,
    ) -> Value {
        let message = self
            .message(channel, ts)
            .unwrap_or_else(|| panic!("no message {ts} in {channel}"));
        let (block_id, button) = find_button(&message.blocks, action_id)
            .unwrap_or_else(|| panic!("no button {action_id:?} in message {ts}"));
        let response_url = self.bind_url(channel, ts, Some(user_id));
        payload(Click {
            action_id,
            block_id: &block_id,
            value: button.get("value").and_then(Value::as_str),
            button_text: button.get("text").cloned(),
            user_id,
            user_name,
            channel_id: channel,
            channel_name: channel,
            message: message.to_json(),
            response_url: &response_url,
        })
    }

    /// Waits until `done(self)` holds (checked every 10 ms) or `timeout`
    /// passed; returns whether it held.
    pub async fn wait_until(
        &self,
        timeout: Duration,
        done: impl Fn(&SlackApiStub) -> bool,
    ) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            if done(self) {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

fn url_path(url: &str) -> &str {
    match url.find("/actions/").or_else(|| url.find("/commands/")) {
        Some(i) => &url[i..],
        None => url,
    }
}

/// `true`, `"true"` or `"1"`; Slack's examples use both `true` and `"true"`.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::String(s) => s == "true" || s == "1",
        Value::Number(n) => n.as_u64() == Some(1),
        _ => false,
    }
}

/// A string argument; numbers are taken as their JSON text (as a
/// `thread_ts` sent as a float would be).
fn string_arg(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// The button `action_id` in `blocks` (in an `actions` block or as a
/// section accessory), with its block's `block_id`.
fn find_button(blocks: &[Value], action_id: &str) -> Option<(String, Value)> {
    for b in blocks {
        let block_id = b["block_id"].as_str().unwrap_or_default().to_owned();
        let mut candidates: Vec<&Value> = Vec::new();
        if let Some(els) = b["elements"].as_array() {
            candidates.extend(els);
        }
        if let Some(acc) = b.get("accessory") {
            candidates.push(acc);
        }
        if let Some(el) = candidates.into_iter().find(|e| e["action_id"] == action_id) {
            return Some((block_id, el.clone()));
        }
    }
    None
}

// ----------------------------------------------------------------------------
// Block Kit checks

type Refusal = (&'static str, String);

fn refuse<T>(code: &'static str, why: impl Into<String>) -> Result<T, Refusal> {
    Err((code, why.into()))
}

/// The sum of the characters of every `text` string anywhere in `v`.
fn text_chars(v: &Value) -> usize {
    match v {
        Value::Array(a) => a.iter().map(text_chars).sum(),
        Value::Object(o) => o
            .iter()
            .map(|(k, v)| match v {
                Value::String(s) if k == "text" => chars(s),
                other => text_chars(other),
            })
            .sum(),
        _ => 0,
    }
}

/// A text object: `plain_text` or `mrkdwn` (only `plain_text` if
/// `plain_only`), `text` of 1..=`max` characters (composition objects
/// reference: "The minimum length is 1 and maximum length is 3000").
fn check_text_object(v: &Value, max: usize, plain_only: bool, at: &str) -> Result<(), Refusal> {
    let kind = v["type"].as_str().unwrap_or_default();
    let allowed = if plain_only {
        kind == "plain_text"
    } else {
        kind == "plain_text" || kind == "mrkdwn"
    };
    if !allowed {
        return refuse(
            "invalid_blocks",
            format!("{at}: text object of type {kind:?}"),
        );
    }
    let Some(text) = v["text"].as_str() else {
        return refuse("invalid_blocks", format!("{at}: text object without text"));
    };
    let n = chars(text);
    if n == 0 || n > max {
        return refuse(
            "invalid_blocks",
            format!("{at}: text of {n} characters, must be 1..={max}"),
        );
    }
    Ok(())
}

fn check_max_len(v: &Value, key: &str, max: usize, at: &str) -> Result<(), Refusal> {
    match v.get(key) {
        None => Ok(()),
        Some(Value::String(s)) if chars(s) <= max => Ok(()),
        Some(Value::String(s)) => refuse(
            "invalid_blocks",
            format!("{at}: {key} of {} characters, max {max}", chars(s)),
        ),
        Some(_) => refuse("invalid_blocks", format!("{at}: {key} is not a string")),
    }
}

/// Button element (Block Kit reference, block elements): `text` plain_text
/// up to 75, `action_id` and 255, `value` 2000, `url` 3000, `style`
/// `primary` or `danger`.
fn check_element(e: &Value, at: &str) -> Result<(), Refusal> {
    if !e.is_object() || !e["type"].is_string() {
        return refuse("invalid_blocks", format!("{at}: element without type"));
    }
    check_max_len(e, "action_id", 255, at)?;
    if e["type"] == "button" {
        check_text_object(&e["text"], 75, true, &format!("{at}.text"))?;
        check_max_len(e, "value", 2000, at)?;
        check_max_len(e, "url", 3000, at)?;
        check_max_len(e, "accessibility_label", 75, at)?;
        if let Some(style) = e.get("style") {
            if style != "primary" && style != "danger" {
                return refuse("invalid_blocks", format!("{at}: style {style}"));
            }
        }
    }
    Ok(())
}

/// `blocks` as Slack checks them: a JSON array (or a string holding one,
/// as form bodies send it) of at most 50 blocks within the documented
/// per-block limits; blocks without a `block_id` get one. Undocumented
/// here: block types the stub does not know are let through, and the
/// order of the checks is the stub's own.
fn check_blocks(v: &Value) -> Result<Vec<Value>, Refusal> {
    check_blocks_of(v, MAX_BLOCKS, Some(BLOCKS_TEXT_LIMIT))
}

/// `blocks` of a message (at most `max` blocks, `text_limit` characters of
/// text) or of a view (100 blocks; no text total documented).
fn check_blocks_of(
    v: &Value,
    max_blocks: usize,
    text_limit: Option<usize>,
) -> Result<Vec<Value>, Refusal> {
    let parsed;
    let v = match v {
        Value::String(s) => {
            parsed = serde_json::from_str::<Value>(s)
                .or_else(|e| refuse("invalid_blocks_format", format!("blocks is not JSON: {e}")))?;
            &parsed
        }
        other => other,
    };
    // "The `blocks` is not a valid JSON object or doesn't match the Block
    // Kit syntax" (invalid_blocks_format, both method pages).
    let Some(blocks) = v.as_array() else {
        return refuse("invalid_blocks_format", "blocks is not an array");
    };
    if blocks.len() > max_blocks {
        return refuse(
            "invalid_blocks",
            format!("{} blocks, no more than {max_blocks} allowed", blocks.len()),
        );
    }
    let mut block_ids = HashSet::new();
    let mut out = Vec::with_capacity(blocks.len());
    for (i, b) in blocks.iter().enumerate() {
        let at = format!("blocks[{i}]");
        let Some(kind) = b.get("type").and_then(Value::as_str) else {
            return refuse("invalid_blocks", format!("{at}: not a block with a type"));
        };
        check_max_len(b, "block_id", 255, &at)?;
        match kind {
            "section" => {
                if b.get("text").is_none() && b.get("fields").is_none() {
                    return refuse(
                        "invalid_blocks",
                        format!("{at}: section without text or fields"),
                    );
                }
                if let Some(t) = b.get("text") {
                    check_text_object(t, 3000, false, &format!("{at}.text"))?;
                }
                if let Some(fields) = b.get("fields") {
                    let Some(fields) = fields.as_array() else {
                        return refuse("invalid_blocks", format!("{at}.fields is not an array"));
                    };
                    if fields.len() > 10 {
                        return refuse("invalid_blocks", format!("{at}: more than 10 fields"));
                    }
                    for (j, f) in fields.iter().enumerate() {
                        check_text_object(f, 2000, false, &format!("{at}.fields[{j}]"))?;
                    }
                }
                if let Some(acc) = b.get("accessory") {
                    check_element(acc, &format!("{at}.accessory"))?;
                }
            }
            "header" => check_text_object(&b["text"], 150, true, &format!("{at}.text"))?,
            "actions" | "context" => {
                let max = if kind == "actions" { 25 } else { 10 };
                let Some(els) = b["elements"].as_array() else {
                    return refuse("invalid_blocks", format!("{at}: no elements"));
                };
                // The maxima are documented; that an empty list is refused
                // too is not.
                if els.is_empty() || els.len() > max {
                    return refuse(
                        "invalid_blocks",
                        format!("{at}: {} elements, must be 1..={max}", els.len()),
                    );
                }
                if kind == "actions" {
                    // "Should be unique among all other action_ids in the
                    // containing block": the stub refuses duplicates.
                    let mut ids = HashSet::new();
                    for (j, e) in els.iter().enumerate() {
                        check_element(e, &format!("{at}.elements[{j}]"))?;
                        if let Some(id) = e["action_id"].as_str() {
                            if !ids.insert(id) {
                                return refuse(
                                    "invalid_blocks",
                                    format!("{at}: action_id {id:?} twice"),
                                );
                            }
                        }
                    }
                }
            }
            "markdown" => {
                // "Limit 12,000 characters max."
                let Some(t) = b["text"].as_str() else {
                    return refuse("invalid_blocks", format!("{at}: markdown without text"));
                };
                if chars(t) > 12_000 {
                    return refuse("invalid_blocks", format!("{at}: markdown over 12,000"));
                }
            }
            _ => {}
        }
        let mut b = b.clone();
        let id = match b.get("block_id").and_then(Value::as_str) {
            Some(id) => id.to_owned(),
            None => {
                let id = random_alnum(5);
                b["block_id"] = json!(id);
                id
            }
        };
        // "block_id should be unique for each message": the stub refuses
        // duplicates within one message.
        if !block_ids.insert(id.clone()) {
            return refuse("invalid_blocks", format!("{at}: block_id {id:?} twice"));
        }
        out.push(b);
    }
    let total = text_chars(&Value::Array(out.clone()));
    if let Some(limit) = text_limit.filter(|l| total > *l) {
        return refuse(
            "msg_blocks_too_long",
            format!("{total} characters of text in blocks, more than {limit}"),
        );
    }
    Ok(out)
}

// ----------------------------------------------------------------------------
// HTTP

fn json_response(status: StatusCode, body: Value) -> Response {
    (
        status,
        [("content-type", "application/json; charset=utf-8")],
        body.to_string(),
    )
        .into_response()
}

fn text_response(status: u16, body: &str) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, [("content-type", "text/plain")], body.to_owned()).into_response()
}

fn api_error(code: &str) -> Value {
    json!({"ok": false, "error": code})
}

fn api_refusal((code, why): Refusal) -> Value {
    let mut v = api_error(code);
    // Slack explains refused blocks in `response_metadata.messages`; the
    // wording here is the stub's own.
    if code.starts_with("invalid_blocks") || code == "msg_blocks_too_long" {
        v["response_metadata"] = json!({"messages": [format!("[ERROR] {why}")]});
    }
    v
}

async fn handle(state: Arc<Mutex<State>>, req: Request<Body>) -> Response {
    let inc = Incoming::read(req).await;
    if let Some(method) = inc.path.strip_prefix("/api/") {
        let method = method.to_owned();
        web_api(state, inc, method).await
    } else if inc.path.starts_with("/actions/") || inc.path.starts_with("/commands/") {
        response_url_post(&state, &inc)
    } else {
        text_response(404, "not_found")
    }
}

/// The arguments of a Web API call and the token sent in a form body.
type Args = (Map<String, Value>, Option<String>);

/// Reads the arguments as Slack does (docs.slack.dev/apis/web-api and the
/// generic errors of the method pages): JSON (`invalid_json`,
/// `json_not_object`), form bodies, `missing_post_type`,
/// `invalid_post_type`, `invalid_charset`.
fn read_args(inc: &Incoming) -> Result<Args, &'static str> {
    let content_type = inc
        .header("content-type")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let mut parts = content_type.split(';').map(str::trim);
    let mime = parts.next().unwrap_or_default();
    for p in parts {
        if let Some(cs) = p.strip_prefix("charset=") {
            let cs = cs.trim_matches('"');
            if cs != "utf-8" && cs != "iso-8859-1" {
                return Err("invalid_charset");
            }
        }
    }
    if inc.raw.iter().all(u8::is_ascii_whitespace) {
        return Ok((Map::new(), None));
    }
    match mime {
        "" => Err("missing_post_type"),
        "application/json" => match serde_json::from_slice::<Value>(&inc.raw) {
            Ok(Value::Object(mut m)) => {
                // "You cannot send your token ... as an attribute in your
                // posted JSON": it is dropped, not used.
                m.remove("token");
                Ok((m, None))
            }
            Ok(_) => Err("json_not_object"),
            Err(_) => Err("invalid_json"),
        },
        "application/x-www-form-urlencoded" => {
            let mut m = Map::new();
            let mut token = None;
            for (k, v) in form_urlencoded::parse(&inc.raw) {
                if k == "token" {
                    token = Some(v.into_owned());
                    continue;
                }
                let value = match k.as_ref() {
                    "blocks" | "attachments" | "metadata" => serde_json::from_str(&v)
                        .unwrap_or_else(|_| Value::String(v.clone().into_owned())),
                    _ => Value::String(v.into_owned()),
                };
                m.insert(k.into_owned(), value);
            }
            Ok((m, token))
        }
        // Slack also takes multipart/form-data and text/plain; the stub
        // does not, and says so the way Slack refuses unknown types.
        _ => Err("invalid_post_type"),
    }
}

async fn web_api(state: Arc<Mutex<State>>, inc: Incoming, method: String) -> Response {
    if inc.method != "POST" {
        // Slack also answers GET for many methods; the stub only takes POST.
        return text_response(405, "method_not_allowed");
    }
    let args = read_args(&inc);
    let recorded_body = match &args {
        Ok((m, _)) if m.is_empty() && inc.raw.iter().all(u8::is_ascii_whitespace) => Value::Null,
        Ok((m, _)) => Value::Object(m.clone()),
        Err(_) => Value::String(String::from_utf8_lossy(&inc.raw).into_owned()),
    };
    let (index, scripted) = {
        let mut st = state.lock().unwrap();
        st.requests.push(ApiRequest {
            method: method.clone(),
            headers: inc.header_pairs(),
            body: recorded_body,
            at: Instant::now(),
            status: None,
            response: None,
        });
        let scripted = st.scripts.get_mut(&method).and_then(VecDeque::pop_front);
        (st.requests.len() - 1, scripted)
    };
    let finish = |status: u16, body: Option<Value>| {
        let mut st = state.lock().unwrap();
        let r = &mut st.requests[index];
        r.status = Some(status);
        r.response = body;
    };
    let act = || {
        let mut st = state.lock().unwrap();
        call(&mut st, &method, inc.header("authorization"), args)
    };
    match scripted {
        Some(ApiReply::RateLimited(secs)) => {
            let body = api_error("ratelimited");
            finish(429, Some(body.clone()));
            let mut resp = json_response(StatusCode::TOO_MANY_REQUESTS, body);
            resp.headers_mut()
                .insert("retry-after", secs.to_string().parse().expect("digits"));
            resp
        }
        Some(ApiReply::Status(code)) => {
            finish(code, None);
            let reason = StatusCode::from_u16(code)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("error");
            text_response(code, reason)
        }
        Some(ApiReply::Error(code)) => {
            let body = api_error(code);
            finish(200, Some(body.clone()));
            json_response(StatusCode::OK, body)
        }
        Some(ApiReply::Hang(d)) => {
            let (status, body) = act();
            tokio::time::sleep(d).await;
            // Only reached if the client is still connected.
            finish(status.as_u16(), Some(body.clone()));
            json_response(status, body)
        }
        None => {
            let (status, body) = act();
            finish(status.as_u16(), Some(body.clone()));
            json_response(status, body)
        }
    }
}

/// Authentication as the method pages describe it: no token →
/// `not_authed`, an unknown one → `invalid_auth`, a revoked one →
/// `token_revoked`.
fn authenticate(
    st: &State,
    header: Option<&str>,
    form_token: Option<&str>,
) -> Result<(), &'static str> {
    let token = match header {
        Some(h) => match h.get(..7) {
            Some(scheme) if scheme.eq_ignore_ascii_case("bearer ") => h[7..].trim(),
            _ => return Err("invalid_auth"),
        },
        None => form_token.unwrap_or_default(),
    };
    if token.is_empty() {
        return Err("not_authed");
    }
    match st.tokens.get(token) {
        Some(false) => Ok(()),
        Some(true) => Err("token_revoked"),
        None => Err("invalid_auth"),
    }
}

fn call(
    st: &mut State,
    method: &str,
    authorization: Option<&str>,
    args: Result<Args, &'static str>,
) -> (StatusCode, Value) {
    let known = matches!(
        method,
        "auth.test" | "chat.postMessage" | "chat.update" | "views.publish"
    );
    if !known {
        // Undocumented; what Slack is seen to answer for a method it does
        // not have.
        return (StatusCode::NOT_FOUND, api_error("unknown_method"));
    }
    let (args, form_token) = match args {
        Ok(a) => a,
        Err(code) => return (StatusCode::OK, api_error(code)),
    };
    if let Err(code) = authenticate(st, authorization, form_token.as_deref()) {
        return (StatusCode::OK, api_error(code));
    }
    // The order of the checks after authentication (channel, then
    // content) is undocumented.
    let body = match method {
        "auth.test" => Ok(json!({
            "ok": true,
            "url": format!("https://{TEAM_DOMAIN}.slack.com/"),
            "team": "Respond By Test",
            "user": "respondby",
            "team_id": TEAM_ID,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
            "is_enterprise_install": false,
        })),
        "chat.postMessage" => post_message(st, &args),
        "views.publish" => publish_view(st, &args),
        _ => update(st, &args),
    };
    (StatusCode::OK, body.unwrap_or_else(api_refusal))
}

/// `blocks` if given, checked.
fn blocks_arg(args: &Map<String, Value>) -> Result<Option<Vec<Value>>, Refusal> {
    match args.get("blocks") {
        None | Some(Value::Null) => Ok(None),
        Some(b) => check_blocks(b).map(Some),
    }
}

/// `views.publish` (a Home tab): `user_id` and a `view` of type `home`
/// (an object, or a JSON string in a form body) with at most 100 blocks
/// (Slack: "Views": "Maximum of 100 blocks"); `private_metadata` at most
/// 3,000 characters. The last view published per user is kept.
fn publish_view(st: &mut State, args: &Map<String, Value>) -> Result<Value, Refusal> {
    let Some(user) = string_arg(args.get("user_id")).filter(|u| !u.is_empty()) else {
        return refuse("invalid_arguments", "user_id is required");
    };
    let parsed;
    let view = match args.get("view") {
        Some(Value::String(s)) => {
            parsed = serde_json::from_str::<Value>(s)
                .or_else(|e| refuse("invalid_arguments", format!("view is not JSON: {e}")))?;
            &parsed
        }
        Some(v @ Value::Object(_)) => v,
        _ => return refuse("invalid_arguments", "view is required"),
    };
    if view["type"] != "home" {
        return refuse(
            "invalid_arguments",
            "views.publish takes a view of type home",
        );
    }
    check_max_len(view, "private_metadata", 3000, "view")?;
    let blocks = check_blocks_of(&view["blocks"], MAX_VIEW_BLOCKS, None)?;
    let mut stored = view.clone();
    stored["blocks"] = Value::Array(blocks);
    st.views.push(PublishedView {
        user: user.clone(),
        view: stored.clone(),
        at: Instant::now(),
    });
    let id = format!("V{}", st.views.len());
    stored["id"] = json!(id);
    Ok(json!({"ok": true, "view": stored}))
}

fn post_message(st: &mut State, args: &Map<String, Value>) -> Result<Value, Refusal> {
    let channel = string_arg(args.get("channel")).unwrap_or_default();
    match st.channels.get(&channel) {
        None => return refuse("channel_not_found", format!("no channel {channel:?}")),
        // "Cannot post user messages to a channel they are not in."
        Some(false) => return refuse("not_in_channel", format!("the bot is not in {channel}")),
        Some(true) => {}
    }
    let blocks = blocks_arg(args)?.unwrap_or_default();
    let text = string_arg(args.get("text")).unwrap_or_default();
    let attachments = args
        .get("attachments")
        .filter(|a| a.as_array().is_some_and(|a| !a.is_empty()));
    if text.is_empty() && blocks.is_empty() && attachments.is_none() {
        return refuse("no_text", "neither text nor blocks");
    }
    if chars(&text) > POST_TEXT_LIMIT {
        return refuse(
            "msg_too_long",
            format!("text of {} characters, max {POST_TEXT_LIMIT}", chars(&text)),
        );
    }
    let thread_ts = string_arg(args.get("thread_ts")).filter(|t| !t.is_empty());
    let orphan = match (&thread_ts, args.get("thread_ts")) {
        (Some(_), Some(Value::Number(_))) => true,
        (Some(t), _) => st.find(&channel, t).is_none(),
        (None, _) => false,
    };
    let m = st.push_message(Message {
        channel: channel.clone(),
        ts: String::new(),
        user: BOT_USER_ID.to_owned(),
        text,
        blocks,
        attachments: attachments.cloned(),
        thread_ts,
        reply_broadcast: args.get("reply_broadcast").is_some_and(truthy),
        orphan,
        metadata: args.get("metadata").cloned(),
        unfurl_links: args.get("unfurl_links").map(truthy),
        unfurl_media: args.get("unfurl_media").map(truthy),
        edits: 0,
        deleted: false,
        via: Via::WebApi,
    });
    Ok(json!({"ok": true, "channel": channel, "ts": m.ts, "message": m.to_json()}))
}

fn update(st: &mut State, args: &Map<String, Value>) -> Result<Value, Refusal> {
    let channel = string_arg(args.get("channel")).unwrap_or_default();
    if !st.channels.contains_key(&channel) {
        return refuse("channel_not_found", format!("no channel {channel:?}"));
    }
    let ts = string_arg(args.get("ts")).unwrap_or_default();
    let Some(i) = st.find(&channel, &ts) else {
        return refuse(
            "message_not_found",
            format!("no message {ts:?} in {channel}"),
        );
    };
    // "Only messages posted by the authenticated user are able to be
    // updated ... Bot users may also update the messages they post."
    if st.messages[i].user != BOT_USER_ID {
        return refuse("cant_update_message", "not a message of this bot");
    }
    let blocks = blocks_arg(args)?;
    let text = string_arg(args.get("text"));
    let has_text = text.as_deref().is_some_and(|t| !t.is_empty());
    let has_blocks = blocks.as_ref().is_some_and(|b| !b.is_empty());
    if !has_text && !has_blocks {
        return refuse("no_text", "neither text nor blocks");
    }
    if let Some(t) = &text {
        if chars(t) > UPDATE_TEXT_LIMIT {
            return refuse(
                "msg_too_long",
                format!("text of {} characters, max {UPDATE_TEXT_LIMIT}", chars(t)),
            );
        }
    }
    let m = &mut st.messages[i];
    match blocks {
        Some(b) => m.blocks = b,
        // "If the text argument is provided and blocks are not provided,
        // the blocks will be removed."
        None => m.blocks.clear(),
    }
    // Undocumented: blocks without text keep the old text.
    if let Some(t) = text {
        m.text = t;
    }
    if let Some(md) = args.get("metadata") {
        m.metadata = Some(md.clone());
    }
    m.edits += 1;
    let m = m.clone();
    st.updates.push(Update {
        channel: m.channel.clone(),
        ts: m.ts.clone(),
        text: m.text.clone(),
        blocks: m.blocks.clone(),
        by: EditedBy::ChatUpdate,
        at: Instant::now(),
    });
    Ok(json!({
        "ok": true,
        "channel": m.channel,
        "ts": m.ts,
        "text": m.text,
        "message": m.to_json(),
    }))
}

// ----------------------------------------------------------------------------
// response_url

/// A POST to a `response_url`. Documented (docs.slack.dev/interactivity/
/// handling-user-interaction): ephemeral by default, `"response_type":
/// "in_channel"` posts to the channel (in the thread `thread_ts` if given),
/// `replace_original` replaces the source message ("in its entirety"),
/// `delete_original` deletes it and a message sent along is still
/// published, 5 uses within 30 minutes.
///
/// Undocumented, chosen here: success is HTTP 200 with the plain-text body
/// `ok` (what incoming webhooks answer, and what johnagan/serverless-slack#6
/// and pyslackers/slack-sansio#42 saw from response_urls); a body that is
/// not a JSON object is 400 `invalid_payload` and nothing to post is 400
/// `no_text` (incoming-webhook error codes); block errors are 400 with the
/// Web API's codes; the 6th use is 404 `used_url`, after 30 minutes 404
/// `expired_url`, a URL the stub did not make 404 `no_service`, a source
/// message that is gone 404 `message_not_found`. Refused calls do not
/// count as uses.
fn response_url_post(state: &Mutex<State>, inc: &Incoming) -> Response {
    let mut st = state.lock().unwrap();
    let body = inc.json();
    let (status, answer) = if inc.method != "POST" {
        (405, "method_not_allowed")
    } else {
        match apply_response(&mut st, &inc.path, &body) {
            Ok(()) => (200, "ok"),
            Err(e) => e,
        }
    };
    st.url_calls.push(ResponseUrlCall {
        url: inc.path.clone(),
        body,
        status,
        answer: answer.to_owned(),
        at: Instant::now(),
    });
    text_response(status, answer)
}

fn apply_response(st: &mut State, path: &str, body: &Value) -> Result<(), (u16, &'static str)> {
    let now = Instant::now() + st.url_clock;
    let Some(bound) = st.urls.get(path) else {
        return Err((404, "no_service"));
    };
    if now.duration_since(bound.created) > RESPONSE_URL_LIFETIME {
        return Err((404, "expired_url"));
    }
    if bound.uses >= RESPONSE_URL_USES {
        return Err((404, "used_url"));
    }
    let (channel, ts, user) = (bound.channel.clone(), bound.ts.clone(), bound.user.clone());
    if !body.is_object() {
        return Err((400, "invalid_payload"));
    }
    let blocks = match body.get("blocks") {
        None | Some(Value::Null) => Vec::new(),
        Some(b) => check_blocks(b).map_err(|(code, _)| (400, code))?,
    };
    let text = string_arg(body.get("text")).unwrap_or_default();
    let has_content = !text.is_empty() || !blocks.is_empty();
    let delete = body.get("delete_original").is_some_and(truthy);
    let replace = body.get("replace_original").is_some_and(truthy);
    let source = st.find(&channel, &ts);
    if delete || replace {
        let Some(i) = source else {
            return Err((404, "message_not_found"));
        };
        if delete {
            st.messages[i].deleted = true;
        } else {
            if !has_content {
                return Err((400, "no_text"));
            }
            let m = &mut st.messages[i];
            m.text = text.clone();
            m.blocks = blocks.clone();
            m.edits += 1;
            st.updates.push(Update {
                channel: channel.clone(),
                ts: ts.clone(),
                text: text.clone(),
                blocks: blocks.clone(),
                by: EditedBy::ResponseUrl,
                at: Instant::now(),
            });
        }
    }
    // A new message: the whole point of a non-replacing call, and published
    // along with a deletion if one was sent.
    if !replace && (has_content || !delete) {
        if !has_content {
            return Err((400, "no_text"));
        }
        let thread_ts = string_arg(body.get("thread_ts"));
        if body["response_type"] == "in_channel" {
            let orphan = thread_ts
                .as_ref()
                .is_some_and(|t| st.find(&channel, t).is_none());
            st.push_message(Message {
                channel: channel.clone(),
                ts: String::new(),
                user: BOT_USER_ID.to_owned(),
                text,
                blocks,
                attachments: None,
                thread_ts,
                reply_broadcast: false,
                orphan,
                metadata: None,
                unfurl_links: None,
                unfurl_media: None,
                edits: 0,
                deleted: false,
                via: Via::ResponseUrl,
            });
        } else {
            st.ephemerals.push(Ephemeral {
                channel: channel.clone(),
                user,
                text,
                blocks,
                thread_ts,
                at: Instant::now(),
            });
        }
    }
    if let Some(u) = st.urls.get_mut(path) {
        u.uses += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_text_is_every_text_string_at_any_depth() {
        let blocks = json!([
            {"type": "section", "text": {"type": "mrkdwn", "text": "abc"},
             "fields": [{"type": "plain_text", "text": "de"}]},
            {"type": "rich_text", "elements": [{"type": "rich_text_preformatted",
             "elements": [{"type": "text", "text": "日本語"}]}]},
            {"type": "actions", "elements": [{"type": "button", "action_id": "a",
             "value": "not text", "text": {"type": "plain_text", "text": "OK"}}]}
        ]);
        assert_eq!(text_chars(&blocks), 3 + 2 + 3 + 2);
    }

    #[test]
    fn blocks_get_a_block_id_and_bad_elements_are_refused() {
        let out = check_blocks(&json!([{"type": "divider"}, {"type": "divider", "block_id": "d"}]))
            .unwrap();
        assert_eq!(out[0]["block_id"].as_str().unwrap().len(), 5);
        assert_eq!(out[1]["block_id"], "d");
        let code = |v: Value| check_blocks(&v).unwrap_err().0;
        let button = |extra: Value| {
            let mut b = json!({"type": "button", "action_id": "a",
                               "text": {"type": "plain_text", "text": "Go"}});
            b.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            json!([{"type": "actions", "elements": [b]}])
        };
        assert!(check_blocks(&button(json!({"style": "danger"}))).is_ok());
        assert_eq!(code(button(json!({"style": "red"}))), "invalid_blocks");
        assert_eq!(
            code(button(json!({"action_id": "x".repeat(256)}))),
            "invalid_blocks"
        );
        assert_eq!(
            code(button(json!({"text": {"type": "mrkdwn", "text": "*Go*"}}))),
            "invalid_blocks"
        );
        assert_eq!(
            code(json!([{"type": "actions", "elements": []}])),
            "invalid_blocks"
        );
        assert_eq!(code(json!([{"type": "section"}])), "invalid_blocks");
        assert_eq!(code(json!("{}")), "invalid_blocks_format");
        // A string holding an array is read like the array (form bodies).
        assert_eq!(check_blocks(&json!("[]")).unwrap(), Vec::<Value>::new());
    }

    #[test]
    fn timestamps_step_by_100_microseconds_when_the_clock_does_not_move() {
        let mut st = State::default();
        let a = st.next_ts();
        st.last_ts += 10_000_000; // a clock ten seconds ahead of now
        let b = st.next_ts();
        let c = st.next_ts();
        let n = |t: &str| t.replace('.', "").parse::<u64>().unwrap();
        assert!(n(&b) > n(&a));
        assert_eq!(n(&c) - n(&b), 100);
        assert!(c.ends_with("00"));
    }
}
