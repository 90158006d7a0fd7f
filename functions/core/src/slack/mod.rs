//! Slack: rendering an alert as Block Kit, and delivering it to a webhook.

#[cfg(feature = "aws")]
pub mod api;
#[cfg(feature = "aws")]
pub mod deliver;
pub mod escape;
#[cfg(feature = "aws")]
pub mod interaction;
pub mod render;
#[cfg(feature = "aws")]
pub mod routed;
#[cfg(feature = "aws")]
pub mod signature;

#[cfg(feature = "aws")]
pub use deliver::{
    Delivered, DeliveryError, Poster, RetryPolicy, Route, WebhookClient, WebhookUrl,
};
pub use render::{date_token, render, render_with, Extras, Mention, Mentions, RenderOptions};

/// The poster a function uses: the webhook, or the Web API (app mode).
#[cfg(feature = "aws")]
#[derive(Debug)]
pub enum AnyPoster {
    Webhook(WebhookClient),
    App(api::AppClient),
    /// Webhook mode with `CHANNEL_ROUTES`: a webhook per routed secret.
    Routed(routed::Webhooks),
}

#[cfg(feature = "aws")]
impl Poster for AnyPoster {
    async fn post(
        &self,
        body: &serde_json::Value,
        route: Route<'_>,
        deadline: tokio::time::Instant,
    ) -> Result<Delivered, DeliveryError> {
        match self {
            AnyPoster::Webhook(p) => p.post(body, route, deadline).await,
            AnyPoster::App(p) => p.post(body, route, deadline).await,
            AnyPoster::Routed(p) => p.post(body, route, deadline).await,
        }
    }

    async fn update(
        &self,
        at: &crate::tracked::MessageRef,
        body: &serde_json::Value,
        deadline: tokio::time::Instant,
    ) -> Result<bool, DeliveryError> {
        match self {
            AnyPoster::Webhook(p) => p.update(at, body, deadline).await,
            AnyPoster::App(p) => p.update(at, body, deadline).await,
            AnyPoster::Routed(p) => p.update(at, body, deadline).await,
        }
    }

    fn threads(&self) -> bool {
        match self {
            AnyPoster::Webhook(p) => p.threads(),
            AnyPoster::App(p) => p.threads(),
            AnyPoster::Routed(p) => p.threads(),
        }
    }
}

/// Every text string in a rendered message, with the kind of object it sits in
/// (`mrkdwn`, `plain_text`, or `top` for the top-level `text`). Used by tests
/// and the fuzzers to check escaping and limits.
pub fn texts(body: &serde_json::Value) -> Vec<(String, String)> {
    fn walk(v: &serde_json::Value, out: &mut Vec<(String, String)>) {
        match v {
            serde_json::Value::Object(m) => {
                if let (Some(t), Some(serde_json::Value::String(s))) =
                    (m.get("type").and_then(|t| t.as_str()), m.get("text"))
                {
                    if t == "mrkdwn" || t == "plain_text" {
                        out.push((t.to_owned(), s.clone()));
                    }
                }
                for (_, child) in m {
                    walk(child, out);
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|c| walk(c, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Some(t) = body.get("text").and_then(|t| t.as_str()) {
        out.push(("top".to_owned(), t.to_owned()));
    }
    if let Some(blocks) = body.get("blocks") {
        walk(blocks, &mut out);
    }
    out
}

/// The characters of every text object (mrkdwn, plain_text) in `blocks`.
pub fn text_chars(blocks: &[serde_json::Value]) -> usize {
    fn walk(v: &serde_json::Value) -> usize {
        match v {
            serde_json::Value::Object(m) => {
                let own = match (m.get("type").and_then(|t| t.as_str()), m.get("text")) {
                    (Some("mrkdwn" | "plain_text"), Some(serde_json::Value::String(s))) => {
                        s.chars().count()
                    }
                    _ => 0,
                };
                own + m.values().map(walk).sum::<usize>()
            }
            serde_json::Value::Array(a) => a.iter().map(walk).sum(),
            _ => 0,
        }
    }
    blocks.iter().map(walk).sum()
}

/// Whether every string in `blocks` together (texts, but also types, ids
/// and URLs) is within `limit` bytes. Characters never outnumber bytes, so
/// then the texts are within `limit` characters too, and
/// [`text_chars`]'s exact count (a key lookup per object) can be skipped.
pub fn strings_within(blocks: &[serde_json::Value], limit: usize) -> bool {
    fn walk(v: &serde_json::Value, left: &mut usize) -> bool {
        match v {
            serde_json::Value::String(s) => match left.checked_sub(s.len()) {
                Some(l) => {
                    *left = l;
                    true
                }
                None => false,
            },
            serde_json::Value::Array(a) => a.iter().all(|v| walk(v, left)),
            serde_json::Value::Object(m) => m.values().all(|v| walk(v, left)),
            _ => true,
        }
    }
    let mut left = limit;
    blocks.iter().all(|b| walk(b, &mut left))
}

/// Checks a rendered body against Slack's limits; returns what is wrong.
pub fn check_limits(body: &serde_json::Value) -> Result<(), String> {
    use render::limits::*;
    let blocks = body
        .get("blocks")
        .and_then(|b| b.as_array())
        .ok_or("no blocks array")?;
    if blocks.len() > BLOCKS {
        return Err(format!("{} blocks > {BLOCKS}", blocks.len()));
    }
    for b in blocks {
        let kind = b.get("type").and_then(|t| t.as_str()).unwrap_or("");
        let count = |v: &serde_json::Value| v.as_str().map_or(0, |s| s.chars().count());
        match kind {
            "header" => {
                let n = count(&b["text"]["text"]);
                if n > HEADER_TEXT {
                    return Err(format!("header {n} chars"));
                }
            }
            "section" => {
                let n = count(&b["text"]["text"]);
                if n > SECTION_TEXT {
                    return Err(format!("section {n} chars"));
                }
                if let Some(fields) = b.get("fields").and_then(|f| f.as_array()) {
                    if fields.len() > FIELDS_PER_SECTION {
                        return Err(format!("{} fields", fields.len()));
                    }
                    for f in fields {
                        let n = count(&f["text"]);
                        if n > FIELD_TEXT {
                            return Err(format!("field {n} chars"));
                        }
                    }
                }
            }
            "actions" => {
                for e in b["elements"].as_array().map(Vec::as_slice).unwrap_or(&[]) {
                    if count(&e["text"]["text"]) > BUTTON_TEXT || count(&e["url"]) > BUTTON_URL {
                        return Err("button over limit".into());
                    }
                }
            }
            "context" => {
                let n = b["elements"].as_array().map_or(0, Vec::len);
                if n > CONTEXT_ELEMENTS {
                    return Err(format!("context with {n} elements"));
                }
            }
            _ => {}
        }
    }
    let total = text_chars(blocks);
    if total > BLOCKS_TOTAL {
        return Err(format!("{total} characters in all blocks > {BLOCKS_TOTAL}"));
    }
    let n = body["text"].as_str().map_or(0, |s| s.chars().count());
    if n > TOP_LEVEL_TEXT {
        return Err(format!("top-level text {n} chars"));
    }
    Ok(())
}

/// An mrkdwn string without its inline code spans (`…`): what Slack reads as
/// markup. (Code spans carry values verbatim; Slack does not parse them.)
pub fn outside_code_spans(s: &str) -> String {
    s.split('`').step_by(2).collect::<Vec<_>>().join(" ")
}

/// True if an mrkdwn or top-level string contains a Slack control sequence:
/// a mention, a broadcast, a channel link or a URL link. The renderer's own
/// date token (`<!date^…>`) is not counted.
pub fn has_control_sequence(s: &str) -> bool {
    let s = s.replace("<!date^", "");
    ["<!", "<@", "<#", "<http", "<mailto"]
        .iter()
        .any(|p| s.contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alert::{Alert, Severity, Source, Status};
    use crate::deadline::DeadlinePolicy;
    use chrono::{TimeZone, Utc};

    #[test]
    fn strings_within_a_byte_limit_bounds_the_text_characters() {
        let block =
            |t: &str| serde_json::json!({"type": "section", "text": {"type": "mrkdwn", "text": t}});
        // ASCII: the text's 10 bytes and the two types' bytes.
        let ascii = [block("0123456789")];
        let bytes = 10 + "section".len() + "mrkdwn".len();
        assert_eq!(text_chars(&ascii), 10);
        assert!(strings_within(&ascii, bytes));
        assert!(!strings_within(&ascii, bytes - 1));
        // Japanese: 4 characters are 12 bytes; within 4 characters, not 4 bytes.
        let ja = [block("期限切れ")];
        assert_eq!(text_chars(&ja), 4);
        assert!(!strings_within(&ja, 4 + "section".len() + "mrkdwn".len()));
        assert!(strings_within(&ja, 12 + "section".len() + "mrkdwn".len()));
        // Strings inside arrays count too.
        let ctx = [serde_json::json!({"type": "context", "elements": [
            {"type": "mrkdwn", "text": "abc"}, {"type": "mrkdwn", "text": "def"}]})];
        assert_eq!(text_chars(&ctx), 6);
        let all = "context".len() + 2 * ("mrkdwn".len() + 3);
        assert!(strings_within(&ctx, all) && !strings_within(&ctx, all - 1));
    }

    fn sample() -> Alert {
        let t = Utc.with_ymd_and_hms(2026, 6, 24, 9, 14, 37).unwrap();
        let mut a = Alert::new(
            Source::Health,
            "AWS_ABUSE_DOS_REPORT",
            Severity::Critical,
            "Abuse report",
            t,
        );
        a.account = "123456789012".into();
        a.region = "global".into();
        a.dedup_key = "health:x".into();
        DeadlinePolicy::default().apply(&mut a);
        a
    }

    fn now() -> chrono::DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 6, 24, 10, 0, 0).unwrap()
    }

    fn all_text(body: &serde_json::Value) -> String {
        texts(body)
            .into_iter()
            .map(|(_, t)| t)
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn a_reply_draft_copies_exactly_from_its_code_block() {
        let d = crate::alert::ReplyDraft {
            first: "Hello,\nIAM user ops@here & <team>\n".into(),
            followup: "f".into(),
            via: Default::default(),
        };
        let body = render::reply_message(&d, crate::alert::ReplyStage::First, crate::Lang::En);
        let text = all_text(&body);
        assert!(
            text.contains("```Hello,\nIAM user ops@here &amp; &lt;team&gt;```"),
            "{text:?}"
        );
        assert!(!text.contains('\u{2060}'), "{text:?}");
    }

    #[test]
    fn a_draft_says_how_its_source_wants_it_sent() {
        let mut d = crate::alert::ReplyDraft {
            first: "Hello".into(),
            followup: "f".into(),
            via: Default::default(),
        };
        let default = all_text(&render::reply_message(
            &d,
            crate::alert::ReplyStage::First,
            crate::Lang::En,
        ));
        let default_how = escape::text(crate::i18n::ui::D_HOW_EMAIL.en);
        assert!(default.contains(&default_how), "{default}");
        d.via = crate::alert::ReplyVia::Stated {
            how: "Post it in the Support case <here> & nowhere else.".into(),
        };
        let own = all_text(&render::reply_message(
            &d,
            crate::alert::ReplyStage::First,
            crate::Lang::En,
        ));
        assert!(
            own.contains("Post it in the Support case &lt;here&gt; &amp; nowhere else."),
            "{own}"
        );
        assert!(!own.contains(&default_how), "{own}");
        // Drafts stored before the field existed still read.
        let old: crate::alert::ReplyDraft =
            serde_json::from_str(r#"{"first":"a","followup":"b"}"#).unwrap();
        assert_eq!(old.via, crate::alert::ReplyVia::NoticeEmail);
    }

    #[test]
    fn an_escalated_update_is_shown_in_the_channel_with_its_mentions() {
        let a = Alert::new(Source::Support, "k", Severity::High, "t", Utc::now());
        let changes = vec!["Severity: INFO → HIGH".to_owned()];
        let mut body = render::update_reply(&a, &changes, crate::Lang::En, Utc::now());
        render::as_page(&mut body, &["<!here>".to_owned(), "<@U0LEAD>".to_owned()]);
        assert_eq!(body["reply_broadcast"], true);
        assert!(body["text"]
            .as_str()
            .unwrap()
            .starts_with("<!here> <@U0LEAD> Update: t"));
        let first = body["blocks"][0]["text"]["text"].as_str().unwrap();
        assert!(
            first.starts_with("<!here> <@U0LEAD>\n:arrows_counterclockwise:"),
            "{first}"
        );
        let mut quiet = render::update_reply(&a, &changes, crate::Lang::En, Utc::now());
        let before = quiet["text"].clone();
        render::as_page(&mut quiet, &[]);
        assert_eq!(
            (quiet["reply_broadcast"].clone(), quiet["text"].clone()),
            (true.into(), before)
        );
    }

    #[test]
    fn a_reminder_shows_the_title_as_text_not_formatting() {
        let mut a = sample();
        a.title = "*Backdoor* _x_ ~y~ <@U1>".into();
        let case = crate::tracked::Tracked::new(&a, None, now());
        let plan = crate::plan::ReminderPlan::default();
        let r = &plan.schedule(&case, now())[0];
        let body = render::reminder(&case, r, &[], &RenderOptions::default(), false, now());
        let text = all_text(&body);
        assert!(text.contains("`*Backdoor* _x_ ~y~ &lt;@U1&gt;`"), "{text}");
    }

    #[test]
    fn deadline_is_shown_as_utc_date_token_and_time_left() {
        let body = render(&sample(), &RenderOptions::default(), now());
        let text = all_text(&body);
        assert!(
            text.contains("<!date^1782378877^{date_short_pretty} at {time}|2026-06-25 09:14 UTC>"),
            "{text}"
        );
        assert!(text.contains("2026-06-25 09:14 UTC"));
        // The time left says when it was computed: a webhook message is
        // never edited, and "23h 14m left" would still say so a day later.
        assert!(text.contains("*23h 14m left at 10:00 UTC*"), "{text}");
        assert!(
            body["text"]
                .as_str()
                .unwrap()
                .contains("respond by 2026-06-25 09:14 UTC (23h 14m left at 10:00 UTC)"),
            "{body}"
        );
        let ja = render(
            &sample(),
            &RenderOptions {
                lang: crate::Lang::Ja,
                ..RenderOptions::default()
            },
            now(),
        );
        assert!(
            all_text(&ja).contains("10:00 UTC時点で残り23時間14分"),
            "{ja}"
        );
        let late = Utc.with_ymd_and_hms(2026, 6, 25, 11, 5, 0).unwrap();
        let text = all_text(&render(&sample(), &RenderOptions::default(), late));
        assert!(text.contains("overdue by 1h 50m at 11:05 UTC"), "{text}");
    }

    #[test]
    fn with_a_display_zone_the_deadlines_also_show_its_local_time() {
        let mut a = sample();
        a.fix_by = Some(Utc.with_ymd_and_hms(2026, 6, 26, 9, 14, 37).unwrap());
        let opts = RenderOptions {
            zone: Some(crate::zones::DisplayZone::parse("Asia/Tokyo").unwrap()),
            ..RenderOptions::default()
        };
        let text = all_text(&render(&a, &opts, now()));
        assert!(
            text.contains(
                "(2026-06-25 09:14 UTC / 2026-06-25 18:14 JST · *23h 14m left at 19:00 JST*)"
            ),
            "{text}"
        );
        // The push notification's text too: not UTC only.
        let top = render(&a, &opts, now())["text"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(
            top.contains("2026-06-25 09:14 UTC / 2026-06-25 18:14 JST (23h 14m left at 19:00 JST)"),
            "{top}"
        );
        assert!(
            text.contains("2026-06-26 09:14 UTC / 2026-06-26 18:14 JST"),
            "{text}"
        );
        // Without one: UTC and the date token only.
        let plain = all_text(&render(&a, &RenderOptions::default(), now()));
        assert!(!plain.contains("JST"), "{plain}");
    }

    /// "Where is Mumbai?": a Region is named in the message's language,
    /// in the fields and the notification text.
    #[test]
    fn a_region_is_named_in_the_messages_language() {
        let mut a = sample();
        a.region = "ap-south-1".into();
        let en = render(&a, &RenderOptions::default(), now());
        assert!(all_text(&en).contains("`ap-south-1 (Mumbai)`"), "{en}");
        assert!(en["text"].as_str().unwrap().contains("ap-south-1 (Mumbai)"));
        let ja = render(
            &a,
            &RenderOptions {
                lang: crate::Lang::Ja,
                ..RenderOptions::default()
            },
            now(),
        );
        assert!(all_text(&ja).contains("`ap-south-1（ムンバイ）`"), "{ja}");
        assert!(ja["text"]
            .as_str()
            .unwrap()
            .contains("ap-south-1（ムンバイ）"));
        // A code nobody knows yet stays as it is.
        a.region = "xx-new-9".into();
        assert!(all_text(&render(&a, &RenderOptions::default(), now())).contains("`xx-new-9`"));
    }

    /// Less noise: the dedup key is for logs and `preview --json`, not for
    /// on-call; on a phone the steps come before the long AWS text.
    #[test]
    fn no_dedup_key_in_the_message_and_steps_before_the_aws_text() {
        let mut a = sample();
        a.dedup_key = "health:111122223333:arn:aws:health:global::event/X:p1".into();
        a.description = Some("AWS's long report".into());
        a.step("Stop the abuse");
        let body = render(&a, &RenderOptions::default(), now());
        let text = all_text(&body);
        assert!(!text.contains("health:111122223333"), "{text}");
        let at = |needle: &str| {
            body["blocks"]
                .as_array()
                .unwrap()
                .iter()
                .position(|b| b.to_string().contains(needle))
                .unwrap_or_else(|| panic!("no {needle} in {body}"))
        };
        assert!(at("Stop the abuse") < at("AWS's long report"), "{body}");
        assert!(at("What to do now") < at("What AWS says"), "{body}");
    }

    /// Whose words a text is: a CloudWatch alarm's reason is CloudWatch's,
    /// never labelled as AWS's.
    #[test]
    fn a_text_is_labelled_with_whose_words_it_is() {
        let mut a = sample();
        a.description = Some("Threshold Crossed: 1 datapoint".into());
        a.description_by = crate::alert::TextBy::CloudWatch;
        for lang in [crate::Lang::En, crate::Lang::Ja] {
            let opts = RenderOptions {
                lang,
                ..RenderOptions::default()
            };
            let text = all_text(&render(&a, &opts, now()));
            assert!(
                !text.contains(crate::i18n::ui::WHAT_AWS_SAYS.get(lang)),
                "{text}"
            );
            assert!(text.contains("CloudWatch"), "{text}");
        }
        a.description_by = crate::alert::TextBy::Aws;
        let text = all_text(&render(&a, &RenderOptions::default(), now()));
        assert!(
            text.contains("What AWS says (AWS's original text)"),
            "{text}"
        );
    }

    /// A step can carry its console link: on Slack a button beside the
    /// step; the step stays plain text.
    #[test]
    fn a_step_with_a_console_link_gets_its_button_beside_it() {
        let mut a = sample();
        a.step("Did your team launch this?");
        a.step_link(
            "Revoke the role's sessions <@U1>",
            "IAM role",
            "https://console.aws.amazon.com/iam/home#/roles/details/r".into(),
        );
        a.step_link("Bad link", "x", "javascript:alert(1)".into());
        let body = render(&a, &RenderOptions::default(), now());
        check_limits(&body).unwrap();
        let blocks = body["blocks"].as_array().unwrap();
        let step = |n: &str| {
            blocks
                .iter()
                .find(|b| b["text"]["text"].as_str().is_some_and(|t| t.starts_with(n)))
                .unwrap_or_else(|| panic!("no step {n} in {body}"))
        };
        assert_eq!(step("1. Did")["accessory"], serde_json::Value::Null);
        let two = step("2. Revoke");
        assert_eq!(two["text"]["type"], "plain_text");
        assert_eq!(two["accessory"]["type"], "button");
        assert_eq!(
            two["accessory"]["url"],
            "https://console.aws.amazon.com/iam/home#/roles/details/r"
        );
        assert_eq!(two["accessory"]["text"]["text"], "IAM role");
        assert_eq!(step("3. Bad")["accessory"], serde_json::Value::Null);
        for (kind, t) in texts(&body) {
            if kind != "plain_text" {
                assert!(!has_control_sequence(&t), "{kind}: {t}");
            }
        }
    }

    #[test]
    fn a_fix_by_that_is_the_reply_by_says_what_to_do_now_instead_of_counting_down() {
        let mut a = sample();
        a.fix_by = a.respond_by;
        a.fix_now = Some("Deactivate access key AKIA<@U1> now".into());
        for lang in [crate::Lang::En, crate::Lang::Ja] {
            let opts = RenderOptions {
                lang,
                ..RenderOptions::default()
            };
            let text = all_text(&render(&a, &opts, now()));
            let fix_line = text
                .lines()
                .find(|l| l.starts_with(":hammer_and_wrench:"))
                .unwrap_or_else(|| panic!("{text}"));
            assert!(
                fix_line.contains("Deactivate access key AKIA&lt;@U1&gt; now"),
                "{fix_line}"
            );
            // The reply-by keeps its countdown; the fix-by has none.
            assert!(!fix_line.contains("23h 14m"), "{fix_line}");
            assert!(fix_line.contains("2026-06-25 09:14 UTC"), "{fix_line}");
            let term =
                crate::preview::terminal(&crate::Outcome::notify(a.clone()), &opts, None, now());
            assert!(
                term.to_uppercase()
                    .contains("DEACTIVATE ACCESS KEY AKIA<@U1> NOW"),
                "{term}"
            );
        }
        // Without it, the fix-by counts down as before.
        a.fix_now = None;
        let text = all_text(&render(&a, &RenderOptions::default(), now()));
        let fix_line = text
            .lines()
            .find(|l| l.starts_with(":hammer_and_wrench:"))
            .unwrap();
        assert!(fix_line.contains("23h 14m left"), "{fix_line}");
    }

    #[test]
    fn severity_leads_the_header() {
        let body = render(&sample(), &RenderOptions::default(), now());
        let header = body["blocks"][0]["text"]["text"].as_str().unwrap();
        assert!(header.contains("CRITICAL"), "{header}");
        assert_eq!(body["blocks"][0]["type"], "header");
    }

    #[test]
    fn recovery_says_so_and_has_no_deadline() {
        let mut a = sample();
        a.status = Status::Recovered;
        a.severity = Severity::Info;
        DeadlinePolicy::default().apply(&mut a);
        let body = render(&a, &RenderOptions::default(), now());
        let text = all_text(&body);
        assert!(text.contains("RECOVERED") && text.contains("No response needed"));
        assert!(!text.contains("<!date^"));
    }

    #[test]
    fn hostile_event_text_never_becomes_a_mention_or_link() {
        let evil =
            "<!channel> <@U0001> <#C0001> <https://evil.example|click here> @here *bold* `x`";
        let mut a = sample();
        a.title = evil.into();
        a.account = evil.into();
        a.kind = evil.into();
        a.description = Some(evil.into());
        a.resources = vec![evil.into()];
        a.fact("User agent", evil);
        a.step(format!("Check {evil}"));
        a.notes.push(evil.into());
        let body = render(&a, &RenderOptions::default(), now());
        for (kind, t) in texts(&body) {
            if kind != "plain_text" {
                assert!(!has_control_sequence(&t), "{kind}: {t}");
                assert!(!outside_code_spans(&t).contains("@here"), "{kind}: {t}");
            }
        }
    }

    #[test]
    fn event_text_cannot_forge_lines_in_the_header_or_the_notification_text() {
        let mut a = sample();
        a.title =
            "Report\n:white_check_mark: RESOLVED by admin\u{2028}ok \u{202E}gnp.exe\u{200B}".into();
        a.account = "1111\n[INFO] all clear".into();
        let body = render(&a, &RenderOptions::default(), now());
        let header = body["blocks"][0]["text"]["text"].as_str().unwrap();
        let top = body["text"].as_str().unwrap();
        for t in [header, top] {
            assert!(
                !t.chars().any(|c| c == '\n' || escape::is_forging(c)),
                "{t:?}"
            );
        }
        assert!(
            top.contains("Report :white_check_mark: RESOLVED by admin ok gnp.exe"),
            "{top}"
        );
    }

    #[test]
    fn only_configured_mentions_appear_and_only_for_their_severity() {
        let a = sample();
        let none = render(&a, &RenderOptions::default(), now());
        assert!(!all_text(&none).contains("<!here>"));
        let mut opts = RenderOptions::default();
        opts.mentions.set(
            Severity::Critical,
            Mentions::parse_list("here, U0123ABCD, S0456").unwrap(),
        );
        let body = render(&a, &opts, now());
        let top = body["text"].as_str().unwrap();
        assert!(
            top.starts_with("<!here> <@U0123ABCD> <!subteam^S0456>"),
            "{top}"
        );
        let mut high = a.clone();
        high.severity = Severity::High;
        assert!(!all_text(&render(&high, &opts, now())).contains("<!here>"));
    }

    #[test]
    fn bad_mention_targets_are_rejected() {
        assert!(Mentions::parse_list("here, bob").is_err());
        assert!(Mention::parse("<!channel>").is_ok());
    }

    #[test]
    fn oversized_alert_is_truncated_with_a_marker_not_rejected() {
        let mut a = sample();
        a.title = "T".repeat(1000);
        a.description = Some("D".repeat(10_000));
        for i in 0..100 {
            a.fact(&format!("Fact {i}"), "v".repeat(5000));
        }
        a.resources = (0..500)
            .map(|i| format!("arn:aws:ec2:::instance/i-{i}"))
            .collect();
        for i in 0..30 {
            a.link(&"L".repeat(200), format!("https://example.com/{i}"));
        }
        let body = render(&a, &RenderOptions::default(), now());
        check_limits(&body).unwrap();
        let text = all_text(&body);
        assert!(text.contains(escape::TRUNCATED));
        assert!(text.contains("more facts not shown"));
        assert!(text.contains("…and 475 more"));
    }

    #[test]
    fn links_become_buttons_and_non_https_links_are_dropped() {
        let mut a = sample();
        a.link("Console", "https://console.aws.amazon.com/x".into());
        a.link("Bad", "javascript:alert(1)".into());
        let body = render(&a, &RenderOptions::default(), now());
        let actions = body["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["type"] == "actions")
            .unwrap();
        let els = actions["elements"].as_array().unwrap();
        assert_eq!(els.len(), 1);
        assert_eq!(els[0]["url"], "https://console.aws.amazon.com/x");
    }

    #[test]
    fn folded_repeats_are_counted_and_listed_in_the_message() {
        let mut c = crate::store::Consumed {
            count: 41,
            ..Default::default()
        };
        c.members.insert("s3://b/a/.env <@U1>".into(), 40);
        c.members.insert("s3://b/b/.env".into(), 1);
        let extras = Extras {
            folded: Some(&c),
            ..Default::default()
        };
        let body = render_with(&sample(), &RenderOptions::default(), extras, now());
        let text = all_text(&body);
        assert!(text.contains("41 more like this"), "{text}");
        assert!(text.contains("`s3://b/a/.env &lt;@U1&gt; ×40`"), "{text}");
        assert!(!has_control_sequence(&text), "{text}");
    }
}
