//! Property tests over the normalisers and the renderer: whatever the JSON,
//! no panic; every Slack body is within limits; no mention, broadcast or
//! link comes out of event text.
//!
//! CI runs a bounded number of cases; run longer with
//! `PROPTEST_CASES=20000 cargo test -p respondby-cli --test fuzz --release`.

use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use respondby_cli::{normalise, Settings};
use respondby_core::slack::{check_limits, has_control_sequence, render, texts, RenderOptions};
use respondby_core::Outcome;
use serde_json::{json, Map, Value};
use std::path::PathBuf;
use std::sync::OnceLock;

fn fixtures() -> &'static Vec<(String, Value)> {
    static F: OnceLock<Vec<(String, Value)>> = OnceLock::new();
    F.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
        let mut out = Vec::new();
        for dir in ["health", "guardduty", "ses", "env-file", "cost-anomaly"] {
            for e in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = e.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                let bytes = std::fs::read(&path).unwrap();
                out.push((name, serde_json::from_slice(&bytes).unwrap()));
            }
        }
        assert!(out.len() >= 30);
        out
    })
}

fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<!channel>".to_owned()),
        Just("<!here|here> <@U0123ABCD> <#C0123|ops> <!subteam^S01|team>".to_owned()),
        Just("<https://evil.example|click here> <mailto:a@b.c|mail>".to_owned()),
        Just("@here @channel @everyone".to_owned()),
        Just("&lt;!channel&gt; &amp; & < >".to_owned()),
        Just("`code` *bold* _it_ ~strike~ ```block```".to_owned()),
        Just("\u{1b}[31mred\u{1b}[0m\r\u{7}\u{0}".to_owned()),
        Just("Wed, 24 Jun 2026 09:14:37 GMT".to_owned()),
        Just("2026-06-24T09:14:37Z".to_owned()),
        Just(".env".to_owned()),
        Just("a/b/.env.production".to_owned()),
        "\\PC{0,40}",
        "[<>&@!#|`*_~ a-z]{0,60}",
        (1usize..6000).prop_map(|n| "<!channel>".repeat(n / 10 + 1)),
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        hostile().prop_map(Value::String),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        any::<i64>().prop_map(|i| json!(i)),
        any::<bool>().prop_map(Value::Bool),
        Just(Value::Null),
    ]
}

fn arbitrary_json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(("[a-zA-Z]{1,12}", inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Replaces the value at a pseudo-randomly chosen path of `v`.
fn mutate(v: &mut Value, mut choice: usize, replacement: Value) {
    let mut cur = v;
    loop {
        let len = match &*cur {
            Value::Object(m) => m.len(),
            Value::Array(a) => a.len(),
            _ => 0,
        };
        if len == 0 || choice % 4 == 0 {
            *cur = replacement;
            return;
        }
        let idx = (choice / 4) % len;
        choice /= 3;
        cur = match cur {
            Value::Object(m) => m.values_mut().nth(idx).unwrap(),
            Value::Array(a) => &mut a[idx],
            _ => unreachable!(),
        };
    }
}

/// Checks one event; returns whether it produced a message.
fn check(value: Value) -> Result<bool, TestCaseError> {
    let now = Utc.with_ymd_and_hms(2026, 6, 24, 12, 0, 0).unwrap();
    // Every event in both languages, alternating by its size (cheap and
    // deterministic for a proptest input).
    let lang = if value.to_string().len() % 2 == 0 {
        respondby_core::Lang::En
    } else {
        respondby_core::Lang::Ja
    };
    let settings = Settings::default().in_lang(lang);
    if let Ok(Outcome::Notify(alert)) = normalise(value, &settings, chrono::Utc::now()) {
        let opts = RenderOptions {
            buttons: true,
            lang,
            ..Default::default()
        };
        // Rendered as a tracked case with buttons, carrying folded repeats
        // named by event text, and as an update saying what changed.
        let tracked = respondby_core::tracked::Tracked::new(&alert, None, now);
        let mut folded = respondby_core::store::Consumed {
            count: 3,
            ..Default::default()
        };
        folded.members.insert(alert.title.clone(), 2);
        folded.members.insert(alert.account.clone(), 1);
        let changes = respondby_core::tracked::changes(&alert, &alert, lang);
        let body = respondby_core::slack::render_with(
            &alert,
            &opts,
            respondby_core::slack::Extras {
                state: Some(&tracked),
                changes: Some(&changes),
                folded: Some(&folded),
                quiet: false,
                no_draft: false,
            },
            now,
        );
        let _ = render(&alert, &opts, now);
        // Valid JSON, as it will be POSTed.
        let bytes = serde_json::to_vec(&body).unwrap();
        let _: Value = serde_json::from_slice(&bytes).unwrap();
        prop_assert!(check_limits(&body).is_ok(), "{:?}", check_limits(&body));
        for (kind, t) in texts(&body) {
            if kind != "plain_text" {
                prop_assert!(
                    !has_control_sequence(&t),
                    "{} text has a control sequence: {}",
                    kind,
                    t
                );
                prop_assert!(
                    !respondby_core::slack::outside_code_spans(&t)
                        .to_ascii_lowercase()
                        .contains("@here"),
                    "{}",
                    t
                );
            }
            prop_assert!(
                !t.chars().any(|c| c.is_control() && c != '\n'),
                "control char in {:?}",
                t
            );
        }
        return Ok(true);
    }
    Ok(false)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn mutated_fixtures_never_panic_and_render_safely(
        which in 0usize..1000, path in any::<usize>(), replacement in arbitrary_json(), twice in any::<usize>(), second in leaf()
    ) {
        let mut ev = fixtures()[which % fixtures().len()].1.clone();
        mutate(&mut ev, path, replacement);
        mutate(&mut ev, twice, second);
        check(ev)?;
    }

    #[test]
    fn arbitrary_details_under_each_route_never_panic(
        route in 0usize..6, detail in arbitrary_json(), account in hostile(), region in hostile()
    ) {
        let (source, dt) = [
            ("aws.health", "AWS Health Abuse Event"),
            ("aws.guardduty", "GuardDuty Finding"),
            ("aws.cloudwatch", "CloudWatch Alarm State Change"),
            ("aws.s3", "AWS API Call via CloudTrail"),
            ("aws.ce", "Anomaly Detected"),
            ("aws.other", "Anything"),
        ][route];
        let ev = json!({"version": "0", "id": "x", "detail-type": dt, "source": source,
                        "account": account, "time": "2026-06-24T00:00:00Z", "region": region,
                        "resources": [], "detail": detail});
        check(ev)?;
    }

    #[test]
    fn hostile_strings_in_every_string_field_of_every_fixture_stay_text(
        which in 0usize..1000, s in hostile()
    ) {
        fn replace_strings(v: &mut Value, s: &str, keep: &[&str], key: &str) {
            match v {
                Value::String(x) if !keep.contains(&key) => *x = format!("{x}{s}"),
                Value::Array(a) => a.iter_mut().for_each(|c| replace_strings(c, s, keep, key)),
                Value::Object(m) => m.iter_mut().for_each(|(k, c)| replace_strings(c, s, keep, k)),
                _ => {}
            }
        }
        let (name, original) = &fixtures()[which % fixtures().len()];
        let mut ev = original.clone();
        // Keep routing and times intact so the event reaches rendering (the
        // object key, and a copy's source, decide whether it is a .env file).
        replace_strings(&mut ev, &s, &["source", "detail-type", "startTime", "lastUpdatedTime", "endTime",
            "createdAt", "updatedAt", "timestamp", "eventTime", "eventName", "eventSource", "value",
            "namespace", "name", "reasonData", "resourceType", "service", "eventTypeCode", "time",
            "key", "x-amz-copy-source", "value", "operation"], "");
        let notified = check(ev)?;
        // Text appended to strings must not change what happens to the event.
        let expect_message = !name.starts_with("skip-") && !name.starts_with("error-");
        prop_assert_eq!(notified, expect_message, "{}", name);
    }
}
