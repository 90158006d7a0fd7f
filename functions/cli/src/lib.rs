//! The `respondby` command's reusable parts: settings from the environment
//! and the routing every command shares with the Lambda functions.

use chrono::{DateTime, Utc};
use respondby_core::config::{deadline_from, lang_from, mentions_from, plan_from, zone_from};
use respondby_core::plan::ReminderPlan;
use respondby_core::slack::RenderOptions;
use respondby_core::{event, ConfigError, Ctx, DeadlinePolicy, EventError, Lang, Outcome, Source};
use respondby_cost_anomaly::CostSettings;
use respondby_env_file_access::Setup;
use serde_json::Value;

/// What every command needs from the environment (same variables as the functions).
#[derive(Debug, Default)]
pub struct Settings {
    pub deadline: DeadlinePolicy,
    pub lang: Lang,
    pub plan: ReminderPlan,
    pub render: RenderOptions,
    /// The .env function's settings: trusted readers, the trail's log bucket.
    pub env_file: Setup,
    /// COST_ANOMALY_THRESHOLDS and COST_ANOMALY_USUAL_REGIONS.
    pub cost: CostSettings,
}

impl Settings {
    pub fn from_env() -> Result<Settings, ConfigError> {
        let get = |k: &str| std::env::var(k).ok();
        let lang = lang_from(&get)?;
        Ok(Settings {
            deadline: deadline_from(&get)?,
            lang,
            plan: plan_from(&get)?,
            render: RenderOptions {
                mentions: mentions_from(&get)?,
                buttons: false,
                lang,
                zone: zone_from(&get)?,
            },
            env_file: Setup::from_lookup(get)?,
            cost: CostSettings::from_lookup(get)?,
        })
    }
}

/// The same routing and normalising the Lambda functions do; `received`
/// stands in for when a function would have received the event.
pub fn normalise(
    value: Value,
    s: &Settings,
    received: DateTime<Utc>,
) -> Result<Outcome, EventError> {
    let (env, source) = event::parse_value(value)?;
    let ctx = Ctx {
        policy: &s.deadline,
        received,
        lang: s.lang,
    };
    match source {
        Source::Health => respondby_health::normalise(&env, &ctx),
        Source::GuardDuty => respondby_guardduty::normalise(&env, &ctx),
        Source::Ses => respondby_ses_reputation::normalise(&env, &ctx),
        Source::EnvFile => respondby_env_file_access::normalise(&env, &ctx, &s.env_file),
        Source::CostAnomaly => respondby_cost_anomaly::normalise(&env, &ctx, &s.cost),
        // Registered in core, but this command was built without its
        // normaliser: say so rather than guess.
        other => Err(EventError::Unsupported {
            source_name: format!("{} ({other} function)", env.source),
            detail_type: env.detail_type,
        }),
    }
}

/// The reminder plan of a newly posted alert, as the functions would run it:
/// `{"respond_by", "fix_by", "reminders": [{"at", "step", "target",
/// "mentions"}]}`, overdue repeats listed three times.
pub fn plan_json(alert: &respondby_core::Alert, s: &Settings, now: DateTime<Utc>) -> Value {
    use respondby_core::plan::{Target, LISTED_REPEATS};
    use respondby_core::time::rfc3339;
    let mut case = respondby_core::tracked::Tracked::new(alert, None, now);
    s.plan.start(&mut case, now);
    let last = [case.respond_by, case.fix_by].into_iter().flatten().max();
    let repeat = s
        .plan
        .steps
        .iter()
        .find_map(|st| match st {
            respondby_core::plan::Step::Every(d) => Some(*d),
            _ => None,
        })
        .unwrap_or_default();
    let until = last.map_or(now, |l| l + repeat * LISTED_REPEATS as i32);
    let reminders: Vec<Value> = s
        .plan
        .schedule(&case, until)
        .into_iter()
        .filter(|r| !case.fired.contains(&r.key))
        .map(|r| {
            let mut mentions: Vec<String> = s
                .render
                .mentions
                .for_severity(alert.severity)
                .iter()
                .map(ToString::to_string)
                .collect();
            if r.escalate {
                for m in &s.plan.escalation {
                    let m = m.to_string();
                    if !mentions.contains(&m) {
                        mentions.push(m);
                    }
                }
            }
            serde_json::json!({
                "at": rfc3339(r.at),
                "step": r.step,
                "target": match r.target { Target::FirstResponse => "first_response", Target::Fix => "fix" },
                "escalate": r.escalate,
                "mentions": mentions,
            })
        })
        .collect();
    let reminders_empty = reminders.is_empty();
    serde_json::json!({
        "respond_by": case.respond_by.map(rfc3339),
        "fix_by": case.fix_by.map(rfc3339),
        "plan": s.plan.describe(),
        "reminders": reminders,
        "then": if repeat.is_zero() || reminders_empty { Value::Null } else {
            format!("every {} overdue until answered", respondby_core::deadline::format_duration(repeat)).into()
        },
    })
}

/// The open cases as `respondby open` shows them: a table (deadline, time
/// left, state, who, title), or one JSON object per line.
pub fn open_table(
    cases: &[respondby_core::tracked::Tracked],
    now: DateTime<Utc>,
    lang: Lang,
    json: bool,
) -> String {
    use respondby_core::preview::term_safe;
    use respondby_core::time::{human_utc, rfc3339, time_left};
    let mut out = String::new();
    if !json {
        out.push_str(&format!(
            "{:<21} {:<22} {:<13} {:<14} {}\n",
            "DEADLINE", "TIME LEFT", "STATE", "WHO", "ALERT"
        ));
    }
    for c in cases {
        let deadline = respondby_core::listing::deadline(c);
        let who = c
            .answered
            .as_ref()
            .or(c.acked.as_ref())
            .map(|m| m.name.clone().unwrap_or_else(|| m.by.clone()))
            .unwrap_or_else(|| "-".into());
        if json {
            out.push_str(
                &serde_json::json!({
                    "case": c.case_key,
                    "deadline": deadline.map(rfc3339),
                    "time_left": deadline.map(|d| time_left(d, now, lang)),
                    "state": c.phase.as_str(),
                    "who": who,
                    "title": c.alert.title,
                    "severity": c.alert.severity,
                    "account": c.alert.account,
                })
                .to_string(),
            );
            out.push('\n');
        } else {
            out.push_str(&format!(
                "{:<21} {:<22} {:<13} {:<14} {}\n",
                deadline.map(human_utc).unwrap_or_else(|| "-".into()),
                deadline
                    .map(|d| time_left(d, now, lang))
                    .unwrap_or_else(|| "-".into()),
                c.phase.as_str(),
                term_safe(&who),
                term_safe(&c.alert.title).replace('\n', " ")
            ));
        }
    }
    if !json && cases.is_empty() {
        out.push_str("(no open alerts)\n");
    }
    out
}

impl Settings {
    /// The same settings in another language (`--lang`).
    pub fn in_lang(mut self, lang: Lang) -> Settings {
        self.lang = lang;
        self.render.lang = lang;
        self
    }
}
