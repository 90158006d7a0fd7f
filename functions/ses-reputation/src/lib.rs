//! CloudWatch alarms on SES reputation metrics → alerts, set against the
//! levels at which AWS reviews (5% bounce, 0.1% complaint) or pauses (10%,
//! 0.5%) an account's sending.

#[cfg(feature = "aws")]
pub mod enrich;
pub mod texts;
pub mod values;

use respondby_core::deadline::CaseClock;
use respondby_core::event::{detail_as, read_time, Ctx, Envelope, EventError};
use respondby_core::links::{console_region, encode};
use respondby_core::time::{human_utc, parse_iso};
use respondby_core::{Alert, Lang, Outcome, Severity, Source, Status};
use serde::Deserialize;
use serde_json::Value;

/// The `detail` of a "CloudWatch Alarm State Change" event.
///
/// Not `aws_lambda_events`' `cloudwatch_alarms::CloudWatchAlarmData` (1.2),
/// although it reads AWS's published state changes: its `state.timestamp` is
/// a `DateTime`, so an odd time (tests/fixtures/ses/odd-timestamp-falls-back.json)
/// would refuse the whole alarm, where this source posts it and notes the
/// time. See `aws_lambda_events_alarm_type_would_drop_an_alarm_for_an_odd_time`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Detail {
    pub alarm_name: String,
    pub state: State,
    #[serde(default)]
    pub previous_state: Option<State>,
    #[serde(default)]
    pub configuration: Value,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct State {
    pub value: String,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub reason_data: Option<String>,
    /// Text: an unreadable time is noted, never an error.
    #[serde(default)]
    pub timestamp: Option<String>,
}

/// AWS's published enforcement levels, as fractions (the metric's unit).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Levels {
    pub review: f64,
    pub pause: f64,
}

pub const BOUNCE: Levels = Levels {
    review: 0.05,
    pause: 0.10,
};
pub const COMPLAINT: Levels = Levels {
    review: 0.001,
    pause: 0.005,
};

/// Which SES metric an alarm watches.
#[derive(Debug, Clone, PartialEq)]
pub enum Metric {
    BounceRate,
    ComplaintRate,
    /// Sending volume (`Send`): a leaked SMTP key shows as a spike.
    Send,
    Other(String),
}

impl Metric {
    fn from_name(name: &str) -> Metric {
        match name {
            "Reputation.BounceRate" => Metric::BounceRate,
            "Reputation.ComplaintRate" => Metric::ComplaintRate,
            "Send" => Metric::Send,
            other => Metric::Other(other.to_owned()),
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Metric::BounceRate => "Reputation.BounceRate",
            Metric::ComplaintRate => "Reputation.ComplaintRate",
            Metric::Send => "Send",
            Metric::Other(n) => n,
        }
    }

    fn levels(&self) -> Option<Levels> {
        match self {
            Metric::BounceRate => Some(BOUNCE),
            Metric::ComplaintRate => Some(COMPLAINT),
            _ => None,
        }
    }

    fn human(&self, lang: Lang) -> &str {
        match self {
            Metric::BounceRate => texts::M_BOUNCE.get(lang),
            Metric::ComplaintRate => texts::M_COMPLAINT.get(lang),
            Metric::Send => texts::M_SEND.get(lang),
            Metric::Other(n) => n,
        }
    }
}

/// `0.0712` → `7.12%`; complaint rates get one more decimal (`0.085%`).
pub fn percent(fraction: f64, metric: &Metric) -> String {
    match metric {
        Metric::ComplaintRate => format!("{:.3}%", fraction * 100.0),
        _ => format!("{:.2}%", fraction * 100.0),
    }
}

/// Finds the AWS/SES metric among an alarm's metrics; `Err` says what the
/// alarm watches instead.
fn ses_metric(config: &Value) -> Result<Metric, String> {
    let metrics = config.get("metrics").and_then(Value::as_array);
    let Some(metrics) = metrics else {
        return Err(if config.get("alarmRule").is_some() {
            "it is a composite alarm, not an alarm on an AWS/SES metric".to_owned()
        } else {
            "it has no metric configuration".to_owned()
        });
    };
    let mut seen = Vec::new();
    for m in metrics {
        let metric = m.pointer("/metricStat/metric");
        let ns = metric
            .and_then(|x| x.get("namespace"))
            .and_then(Value::as_str)
            .unwrap_or("");
        let name = metric
            .and_then(|x| x.get("name"))
            .and_then(Value::as_str)
            .unwrap_or("");
        if ns == "AWS/SES" {
            return Ok(Metric::from_name(name));
        }
        if !ns.is_empty() {
            seen.push(format!("{ns} {name}"));
        }
    }
    Err(if seen.is_empty() {
        "it watches no AWS/SES metric".to_owned()
    } else {
        format!("it watches {}, not an AWS/SES metric", seen.join(", "))
    })
}

/// The latest value: the last of `reasonData.recentDatapoints` (JSON inside
/// a string), else the first number in brackets in the `reason` text.
pub fn latest_value(state: &State) -> Option<f64> {
    if let Some(rd) = &state.reason_data {
        if let Ok(v) = serde_json::from_str::<Value>(rd) {
            if let Some(x) = v
                .get("recentDatapoints")
                .and_then(Value::as_array)
                .and_then(|a| a.last())
                .and_then(Value::as_f64)
            {
                return Some(x);
            }
        }
    }
    let reason = state.reason.as_deref()?;
    let start = reason.find('[')? + 1;
    let rest = &reason[start..];
    let end =
        rest.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == 'E' || c == 'e'))?;
    rest[..end].parse().ok()
}

fn threshold(state: &State) -> Option<f64> {
    let rd: Value = serde_json::from_str(state.reason_data.as_deref()?).ok()?;
    rd.get("threshold").and_then(Value::as_f64)
}

/// Where a value stands against AWS's levels (in `lang`).
pub fn standing(value: f64, metric: &Metric, levels: Levels, lang: Lang) -> String {
    let review = percent(levels.review, metric);
    let pause = percent(levels.pause, metric);
    let t = if value >= levels.pause {
        texts::STAND_PAUSE
    } else if value >= levels.review {
        texts::STAND_REVIEW
    } else {
        texts::STAND_BELOW
    };
    t.fill(lang, &[("review", &review), ("pause", &pause)])
}

/// Turns an alarm state change into an alert. CloudWatch only emits state
/// changes, so every ALARM and every recovery (ALARM → OK) is posted; a
/// change to OK from INSUFFICIENT_DATA (a new or redeployed alarm) is not a
/// recovery and is skipped.
pub fn normalise(env: &Envelope, ctx: &Ctx) -> Result<Outcome, EventError> {
    if env.detail_type == "CloudWatch Alarm Configuration Change" {
        let name = env
            .detail
            .get("alarmName")
            .and_then(Value::as_str)
            .unwrap_or("?");
        let op = env
            .detail
            .get("operation")
            .and_then(Value::as_str)
            .unwrap_or("change");
        return Ok(Outcome::skip(format!(
            "alarm configuration change ({op} of {name:?}) is not a reputation signal"
        )));
    }
    let d: Detail = detail_as(Source::Ses, &env.detail)?;
    let lang = ctx.lang;
    let metric = match ses_metric(&d.configuration) {
        Ok(m) => m,
        Err(why) => {
            return Ok(Outcome::skip(format!(
                "alarm {:?} skipped: {why}",
                d.alarm_name
            )))
        }
    };
    let previous = d.previous_state.as_ref().map(|p| p.value.as_str());
    let recovered = match d.state.value.as_str() {
        "ALARM" => false,
        "OK" if previous == Some("ALARM") => true,
        "OK" => {
            return Ok(Outcome::skip(format!(
                "alarm {:?} moved to OK from {}: a new or redeployed alarm, nothing recovered",
                d.alarm_name,
                previous.unwrap_or("no earlier state")
            )))
        }
        other => {
            return Ok(Outcome::skip(format!(
                "alarm {:?} moved to {other}, which says nothing about reputation",
                d.alarm_name
            )))
        }
    };
    let mut notes = Vec::new();
    let changed = read_time(
        "detail.state.timestamp",
        d.state.timestamp.as_deref(),
        parse_iso,
        ctx.lang,
        &mut notes,
    );
    let told = env.told_at(
        &[("detail.state.timestamp", changed)],
        ctx.received,
        ctx.lang,
        &mut notes,
    );
    let at = changed.filter(|c| *c <= told).unwrap_or(told);
    let value = latest_value(&d.state);
    let levels = metric.levels();

    let severity = if recovered {
        Severity::Info
    } else {
        match (value, levels) {
            (Some(v), Some(l)) if v >= l.pause => Severity::Critical,
            _ => Severity::High,
        }
    };
    let shown = |v: f64| match levels {
        Some(_) => percent(v, &metric),
        None => format!("{v}"),
    };
    let human = metric.human(lang);
    let title = match (recovered, &metric, value) {
        (true, _, Some(v)) => {
            texts::T_BACK_TO_NORMAL_AT.fill(lang, &[("metric", &human), ("value", &shown(v))])
        }
        (true, _, None) => texts::T_BACK_TO_NORMAL.fill(lang, &[("metric", &human)]),
        (false, Metric::Send, Some(v)) => texts::T_SEND_SPIKE_AT.fill(lang, &[("value", &v)]),
        (false, Metric::Send, None) => texts::T_SEND_SPIKE.get(lang).to_owned(),
        (false, _, Some(v)) => match levels {
            Some(l) if v >= l.review => if v >= l.pause {
                texts::T_AT_PAUSE_LEVEL
            } else {
                texts::T_AT_REVIEW_LEVEL
            }
            .fill(lang, &[("metric", &human), ("value", &shown(v))]),
            _ => texts::T_RISING.fill(lang, &[("metric", &human), ("value", &shown(v))]),
        },
        (false, _, None) => texts::T_ALARM.fill(lang, &[("metric", &human)]),
    };
    let mut a = Alert::new(Source::Ses, metric.name(), severity, title, at);
    a.notes = notes;
    a.status = if recovered {
        Status::Recovered
    } else {
        Status::Open
    };
    a.clock = CaseClock::new("ses.alarm", told);
    a.account = env.account.clone();
    a.region = env.region.clone();
    // One case per alarm: its recovery (and a later ALARM) follow up on the
    // alert already posted.
    a.case_key = format!("ses:{}:{}:{}", a.account, a.region, d.alarm_name);
    // The alarm's account and Region too: a hub hears the same alarm name
    // from every account and Region a StackSet created it in.
    a.dedup_key = format!(
        "{}:{}:{}",
        a.case_key,
        d.state.value,
        d.state.timestamp.as_deref().unwrap_or(&env.time)
    );
    a.group_key = format!("ses:{}:{}", metric.name(), d.alarm_name);

    a.fact(
        texts::F_METRIC.get(lang),
        format!("AWS/SES {}", metric.name()),
    )
    .fact(texts::F_ALARM.get(lang), &d.alarm_name)
    .fact(
        texts::F_STATE.get(lang),
        format!(
            "{} → {}",
            d.previous_state.as_ref().map_or_else(
                || "?".to_owned(),
                |p| values::ALARM_STATE.show(&p.value, lang)
            ),
            values::ALARM_STATE.show(&d.state.value, lang)
        ),
    );
    if let Some(v) = value {
        a.fact(texts::F_LATEST_VALUE.get(lang), shown(v));
        if let Some(l) = levels {
            a.fact(
                texts::F_AGAINST_LEVELS.get(lang),
                standing(v, &metric, l, lang),
            );
        }
    }
    if let Some(t) = threshold(&d.state) {
        a.fact(texts::F_THRESHOLD.get(lang), shown(t));
    }
    a.fact(texts::F_CHANGED_AT.get(lang), human_utc(at));
    // The team's own words on the alarm, as theirs.
    if let Some(desc) = d.configuration.get("description").and_then(Value::as_str) {
        a.fact(texts::F_ALARM_DESCRIPTION.get(lang), desc);
    }
    a.resources = env.resources.clone();
    // CloudWatch wrote it ("Threshold Crossed: …"), not AWS's SES team.
    a.description = d.state.reason.clone();
    a.description_by = respondby_core::TextBy::CloudWatch;

    let r = console_region(&a.region).to_owned();
    a.link(
        texts::L_ALARM.get(lang),
        format!(
            "https://{r}.console.aws.amazon.com/cloudwatch/home?region={r}#alarmsV2:alarm/{}",
            encode(&d.alarm_name)
        ),
    );
    a.link(
        texts::L_DASHBOARD.get(lang),
        format!("https://{r}.console.aws.amazon.com/ses/home?region={r}#/reputation"),
    );
    if !recovered {
        if metric == Metric::Send {
            a.link(
                texts::L_IAM_USERS.get(lang),
                "https://console.aws.amazon.com/iam/home#/users".into(),
            );
        }
        let steps = match metric {
            Metric::Send => [
                texts::S_SEND_WHO,
                texts::S_SEND_DEACTIVATE,
                texts::S_SEND_LEAK,
            ],
            _ => [
                texts::S_RATE_STOP,
                texts::S_RATE_SUPPRESS,
                texts::S_RATE_WATCH,
            ],
        };
        for step in steps {
            a.step(step.get(lang));
        }
    }
    ctx.policy.apply(&mut a);
    Ok(Outcome::notify(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(reason: Option<&str>, data: Option<&str>) -> State {
        State {
            value: "ALARM".into(),
            reason: reason.map(str::to_owned),
            reason_data: data.map(str::to_owned),
            timestamp: Some("2026-01-01T00:00:00.000+0000".into()),
        }
    }

    #[test]
    fn latest_value_comes_from_reason_data_then_reason_text() {
        assert_eq!(
            latest_value(&st(None, Some(r#"{"recentDatapoints":[0.01,0.0712]}"#))),
            Some(0.0712)
        );
        assert_eq!(
            latest_value(&st(
                Some("Threshold Crossed: 1 datapoint [0.0712 (02/10/19 17:04:00)] was greater"),
                None
            )),
            Some(0.0712)
        );
        assert_eq!(
            latest_value(&st(Some("no numbers"), Some("not json"))),
            None
        );
    }

    #[test]
    fn percentages_and_standing() {
        assert_eq!(percent(0.0712, &Metric::BounceRate), "7.12%");
        assert_eq!(percent(0.00085, &Metric::ComplaintRate), "0.085%");
        let en = Lang::En;
        assert!(standing(0.11, &Metric::BounceRate, BOUNCE, en).contains("pause"));
        assert!(standing(0.06, &Metric::BounceRate, BOUNCE, en).contains("under review"));
        assert!(standing(0.04, &Metric::BounceRate, BOUNCE, en).starts_with("below"));
        assert!(standing(0.002, &Metric::ComplaintRate, COMPLAINT, en).contains("0.100%"));
        let ja = standing(0.06, &Metric::BounceRate, BOUNCE, Lang::Ja);
        assert!(ja.contains("5.00%") && ja.contains("10.00%") && ja.contains("審査"));
    }
}
