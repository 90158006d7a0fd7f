//! The EventBridge envelope, and which function handles which event.
//!
//! The envelope is read with `aws_lambda_events`' `EventBridgeEvent` (detail
//! as raw JSON: each source parses it with its own tolerant types and names
//! the field that is wrong), with two differences, both named below: the
//! `time` is read by us, and `id`, `account` and `region` are required.

use crate::alert::Source;
use crate::deadline::DeadlinePolicy;
use crate::i18n::{ui, Lang};
use crate::time::{in_range, parse_iso};
use aws_lambda_events::event::eventbridge::EventBridgeEvent;
use chrono::{DateTime, Utc};
use serde_json::Value;
use thiserror::Error;

/// An EventBridge event as delivered to a rule target.
#[derive(Debug, Clone)]
pub struct Envelope {
    pub id: String,
    pub detail_type: String,
    pub source: String,
    pub account: String,
    /// Kept as text: an unreadable time is noted, never an error (see
    /// [`Envelope::told_at`]).
    pub time: String,
    pub region: String,
    pub resources: Vec<String>,
    pub detail: Value,
}

/// What a normaliser gets besides the envelope.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    /// The deadline policy (applied by the normaliser; core applies it again
    /// after enrichment and keeps a tracked case's deadlines).
    pub policy: &'a DeadlinePolicy,
    /// When the function received the event: the last resort for an event
    /// whose times are all unreadable.
    pub received: DateTime<Utc>,
    /// The language of everything Respond By writes.
    pub lang: Lang,
}

impl Ctx<'_> {
    /// A context for `policy`, received now, in English.
    pub fn new(policy: &DeadlinePolicy) -> Ctx<'_> {
        Ctx {
            policy,
            received: Utc::now(),
            lang: Lang::En,
        }
    }
}

impl Envelope {
    /// When AWS told this account about this event: the envelope's `time`.
    /// If that is missing or unreadable, the first readable of the source's
    /// own `fallbacks` (named, already parsed), else when the function
    /// received it. Whatever was odd is added to `notes`: an odd time never
    /// drops an alert.
    pub fn told_at(
        &self,
        fallbacks: &[(&str, Option<DateTime<Utc>>)],
        received: DateTime<Utc>,
        lang: Lang,
        notes: &mut Vec<String>,
    ) -> DateTime<Utc> {
        let raw = format!("{:?}", self.time);
        let shown = match parse_iso(&self.time) {
            Some(t) if in_range(t) => return t,
            Some(_) => ui::TIME_OUT_OF_RANGE.fill(lang, &[("raw", &raw)]),
            None if self.time.is_empty() => ui::TIME_MISSING.get(lang).to_owned(),
            None => ui::TIME_UNREADABLE.fill(lang, &[("raw", &raw)]),
        };
        match fallbacks.iter().find_map(|(name, t)| t.map(|t| (name, t))) {
            Some((name, t)) => {
                notes.push(ui::NOTE_TIME_FALLBACK.fill(lang, &[("shown", &shown), ("name", name)]));
                t
            }
            None => {
                notes.push(ui::NOTE_TIME_RECEIVED.fill(lang, &[("shown", &shown)]));
                received
            }
        }
    }
}

/// Reads one of a source's time fields. A missing or unreadable value, or
/// one outside the years an AWS event can carry ([`in_range`]), gives
/// `None` and a note naming the field, so the alert goes out anyway.
pub fn read_time(
    field: &str,
    raw: Option<&str>,
    parse: fn(&str) -> Option<DateTime<Utc>>,
    lang: Lang,
    notes: &mut Vec<String>,
) -> Option<DateTime<Utc>> {
    let raw = raw?;
    let args: [(&str, &dyn std::fmt::Display); 2] =
        [("field", &field), ("raw", &format!("{raw:?}"))];
    match parse(raw) {
        Some(t) if in_range(t) => Some(t),
        Some(_) => {
            notes.push(ui::NOTE_FIELD_OUT_OF_RANGE.fill(lang, &args));
            None
        }
        None => {
            notes.push(ui::NOTE_FIELD_UNREADABLE.fill(lang, &args));
            None
        }
    }
}

/// Why an event could not be turned into an alert. None of these get better by
/// retrying; they are still returned as errors so the event is never silently
/// dropped (it reaches the dead-letter queue with this message).
#[derive(Debug, Error, PartialEq)]
pub enum EventError {
    #[error("not valid JSON: {0}")]
    Json(String),
    #[error("not an EventBridge event: {0}")]
    NotEventBridge(String),
    #[error("unsupported event: source {source_name:?} with detail-type {detail_type:?} is not handled by any Respond By function")]
    Unsupported {
        source_name: String,
        detail_type: String,
    },
    #[error("{detail_type:?} event from {source_name} was sent to the {function} function; it belongs to the {belongs} function")]
    WrongFunction {
        source_name: String,
        detail_type: String,
        function: Source,
        belongs: Source,
    },
    #[error("malformed {origin} event: {message}")]
    Malformed { origin: Source, message: String },
}

impl EventError {
    pub fn malformed(source: Source, message: impl Into<String>) -> EventError {
        EventError::Malformed {
            origin: source,
            message: message.into(),
        }
    }
}

/// The detail-types each source sends that a function handles (or skips on
/// purpose with a reason): the registry's routes ([`crate::sources`]).
pub fn route(source: &str, detail_type: &str) -> Option<Source> {
    crate::sources::route(source, detail_type)
}

/// Parses raw bytes into an envelope and finds the function for it.
pub fn parse(bytes: &[u8]) -> Result<(Envelope, Source), EventError> {
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| EventError::Json(e.to_string()))?;
    parse_value(value)
}

/// Like [`parse`], from an already parsed JSON value (what the Lambda runtime hands us).
pub fn parse_value(value: Value) -> Result<(Envelope, Source), EventError> {
    if let Value::Array(items) = &value {
        if items
            .first()
            .is_some_and(|r| r.get("eventName").is_some() && r.get("eventSource").is_some())
        {
            return Err(EventError::NotEventBridge(
                "this is a list of CloudTrail records; EventBridge delivers one record at a time inside `detail`".into(),
            ));
        }
    }
    let Value::Object(map) = &value else {
        return Err(EventError::NotEventBridge(format!(
            "expected a JSON object, found {}",
            kind_of(&value)
        )));
    };
    // Say plainly which shape this is when it is one we know is not EventBridge.
    if map.contains_key("Records") {
        return Err(EventError::NotEventBridge(
            "this is a CloudTrail log file (`Records` array); EventBridge delivers one record at a time inside `detail`".into(),
        ));
    }
    if map.contains_key("alarmData") {
        return Err(EventError::NotEventBridge(
            "this is a CloudWatch alarm-action payload (`alarmData`); Respond By reads the EventBridge `CloudWatch Alarm State Change` event".into(),
        ));
    }
    for field in ["detail-type", "source", "detail"] {
        if !map.contains_key(field) {
            return Err(EventError::NotEventBridge(format!(
                "missing field `{field}` (is this only the `detail` part of an event?)"
            )));
        }
    }
    let Value::Object(mut map) = value else {
        unreachable!("checked above")
    };
    // `EventBridgeEvent` reads `time` as a `DateTime` and would refuse the
    // whole event over an unreadable one (AWS's redacted samples carry
    // `XXXX-XX-XXTXX:XX:XXZ`); an odd time must never drop an alert, so we
    // keep it as text and read it ourselves.
    let time = match map.remove("time") {
        Some(Value::String(t)) => t,
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    // `detail` is most of the event: taken out whole rather than rebuilt
    // node by node through `from_value` (a profile of normalise + render
    // put that copy and its drop at a tenth of the time).
    let detail = map.get_mut("detail").map(Value::take).unwrap_or_default();
    let mut event: EventBridgeEvent<Value> = serde_json::from_value(Value::Object(map))
        .map_err(|e| EventError::NotEventBridge(e.to_string()))?;
    event.detail = detail;
    // Every event AWS sends has these; `EventBridgeEvent` makes them optional.
    let required = |v: Option<String>, field: &str| {
        v.ok_or_else(|| EventError::NotEventBridge(format!("missing field `{field}`")))
    };
    let envelope = Envelope {
        id: required(event.id, "id")?,
        account: required(event.account, "account")?,
        region: required(event.region, "region")?,
        detail_type: event.detail_type,
        source: event.source,
        time,
        resources: event.resources.unwrap_or_default(),
        detail: event.detail,
    };
    match route(&envelope.source, &envelope.detail_type) {
        Some(source) => Ok((envelope, source)),
        None => Err(EventError::Unsupported {
            source_name: envelope.source,
            detail_type: envelope.detail_type,
        }),
    }
}

/// Checks that an event routed to `function` belongs there.
pub fn expect_source(
    envelope: &Envelope,
    routed: Source,
    function: Source,
) -> Result<(), EventError> {
    if routed == function {
        Ok(())
    } else {
        Err(EventError::WrongFunction {
            source_name: envelope.source.clone(),
            detail_type: envelope.detail_type.clone(),
            function,
            belongs: routed,
        })
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The string at `path` in an event's JSON, when there is one and it is
/// not blank.
pub fn text_at(v: &Value, path: &[&str]) -> Option<String> {
    let mut cur = v;
    for p in path {
        cur = cur.get(p)?;
    }
    cur.as_str()
        .filter(|x| !x.trim().is_empty())
        .map(str::to_owned)
}

/// Reads a detail value into a source's own type, naming the source on error.
pub fn detail_as<T: serde::de::DeserializeOwned>(
    source: Source,
    detail: &Value,
) -> Result<T, EventError> {
    T::deserialize(detail).map_err(|e| EventError::malformed(source, format!("detail: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn envelope(source: &str, detail_type: &str) -> Value {
        json!({"version":"0","id":"1","detail-type":detail_type,"source":source,
               "account":"123456789012","time":"2026-01-01T00:00:00Z","region":"us-east-1",
               "resources":[],"detail":{}})
    }

    #[test]
    fn each_source_routes_to_its_function() {
        let cases = [
            ("aws.health", "AWS Health Abuse Event", Source::Health),
            ("aws.health", "AWS Health Event", Source::Health),
            ("aws.guardduty", "GuardDuty Finding", Source::GuardDuty),
            (
                "aws.cloudwatch",
                "CloudWatch Alarm State Change",
                Source::Ses,
            ),
            ("aws.s3", "AWS API Call via CloudTrail", Source::EnvFile),
            ("aws.ce", "Anomaly Detected", Source::CostAnomaly),
            ("aws.support", "Support Case Update", Source::Support),
            (
                "aws.ec2",
                "AWS API Call via CloudTrail",
                Source::PublicExposure,
            ),
            (
                "aws.rds",
                "AWS API Call via CloudTrail",
                Source::PublicExposure,
            ),
        ];
        for (src, dt, want) in cases {
            let (_, got) = parse_value(envelope(src, dt)).unwrap();
            assert_eq!(got, want, "{src} / {dt}");
        }
    }

    #[test]
    fn unknown_source_is_unsupported_and_named() {
        let err = parse_value(envelope("awsmock.health", "AWS Health Abuse Event")).unwrap_err();
        assert!(matches!(err, EventError::Unsupported { .. }));
        assert!(err.to_string().contains("awsmock.health"), "{err}");
    }

    #[test]
    fn detail_only_payload_names_the_missing_envelope_field() {
        let err = parse(br#"{"schemaVersion":"2.0","type":"Recon:IAMUser/MaliciousIPCaller"}"#)
            .unwrap_err();
        assert!(err.to_string().contains("`detail-type`"), "{err}");
    }

    #[test]
    fn missing_required_envelope_field_is_named() {
        let mut v = envelope("aws.s3", "AWS API Call via CloudTrail");
        v.as_object_mut().unwrap().remove("account");
        let err = parse_value(v).unwrap_err();
        assert!(err.to_string().contains("account"), "{err}");
    }

    #[test]
    fn an_unreadable_or_missing_envelope_time_is_kept_not_refused() {
        let mut v = envelope("aws.guardduty", "GuardDuty Finding");
        v["time"] = "XXXX-XX-XXTXX:XX:XXZ".into();
        let (env, _) = parse_value(v.clone()).unwrap();
        assert_eq!(env.time, "XXXX-XX-XXTXX:XX:XXZ");
        v.as_object_mut().unwrap().remove("time");
        assert_eq!(parse_value(v).unwrap().0.time, "");
    }

    /// Times at chrono's limits, or from before AWS existed, are odd
    /// times: noted, and the deadline counts from the next readable time.
    #[test]
    fn times_at_chronos_limits_or_before_aws_fall_back_and_say_so() {
        let received = chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 6, 24, 9, 0, 0).unwrap();
        for raw in [
            "+262142-12-31T23:59:59+0000",
            "+262142-12-31T23:59:59Z",
            "-262143-01-01T00:00:00+0000",
            "1970-01-01T00:00:00Z",
            "0000-01-01T00:00:00Z",
            "+10000-01-01T00:00:00+0000",
        ] {
            let mut v = envelope("aws.guardduty", "GuardDuty Finding");
            v["time"] = raw.into();
            let (env, _) = parse_value(v).unwrap();
            let mut notes = Vec::new();
            let told = env.told_at(
                &[("detail.updatedAt", None)],
                received,
                Lang::En,
                &mut notes,
            );
            assert_eq!(told, received, "{raw}");
            assert_eq!(notes.len(), 1, "{raw}: {notes:?}");
            // Read but out of range, or not even read: said either way.
            let why = if parse_iso(raw).is_some() {
                "2006"
            } else {
                "could not be read"
            };
            assert!(
                notes[0].contains(raw) && notes[0].contains(why),
                "{notes:?}"
            );
            let mut notes = Vec::new();
            let t = read_time(
                "detail.createdAt",
                Some(raw),
                parse_iso,
                Lang::Ja,
                &mut notes,
            );
            assert_eq!(t, None, "{raw}");
            assert!(
                notes[0].contains("detail.createdAt") && notes[0].contains(raw),
                "{notes:?}"
            );
        }
        // AWS's own oldest samples (2016) are not odd.
        let mut notes = Vec::new();
        let t = read_time(
            "t",
            Some("2016-06-05T00:00:00Z"),
            parse_iso,
            Lang::En,
            &mut notes,
        );
        assert!(t.is_some() && notes.is_empty());
    }

    #[test]
    fn malformed_json_and_non_objects_are_errors() {
        assert!(matches!(parse(b"{not json"), Err(EventError::Json(_))));
        assert!(parse(b"[1,2]")
            .unwrap_err()
            .to_string()
            .contains("an array"));
    }

    #[test]
    fn cloudtrail_log_files_are_recognised() {
        let err = parse(br#"{"Records":[]}"#).unwrap_err();
        assert!(err.to_string().contains("CloudTrail log file"), "{err}");
        // A bare list of records, as CloudTrail's Event history and
        // detection tools export them.
        let err = parse(
            br#"[{"eventName":"ModifySnapshotAttribute","eventSource":"ec2.amazonaws.com"}]"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("CloudTrail records"), "{err}");
        assert!(err.to_string().contains("`detail`"), "{err}");
    }

    #[test]
    fn an_event_sent_to_the_wrong_function_is_refused_by_name() {
        let (env, routed) = parse_value(envelope("aws.guardduty", "GuardDuty Finding")).unwrap();
        let err = expect_source(&env, routed, Source::Health).unwrap_err();
        assert!(err.to_string().contains("guardduty function"), "{err}");
    }
}
