//! The `respondby` command's reusable parts: settings from the environment
//! and the routing every command shares with the Lambda functions.

use chrono::{DateTime, Utc};
use respondby_core::accounts::AccountNames;
use respondby_core::config::{
    deadline_from, lang_from, mentions_from, names_from, plan_from, routing_from, zone_from,
};
use respondby_core::plan::ReminderPlan;
use respondby_core::route::Routing;
use respondby_core::slack::RenderOptions;
use respondby_core::{event, ConfigError, Ctx, DeadlinePolicy, EventError, Lang, Outcome, Source};
use respondby_cost_anomaly::CostSettings;
use respondby_env_file_access::Setup;
use respondby_public_exposure::Known;
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
    /// Trusted, organisation and named accounts (public exposure).
    pub known: Known,
    /// `ACCOUNT_NAMES`, as the functions read it.
    pub names: AccountNames,
    /// `SLACK_MODE`, `CHANNEL_ROUTES` and the default channel or webhook.
    pub routing: Routing,
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
            names: names_from(&get)?,
            routing: routing_from(&get)?,
            env_file: Setup::from_lookup(get)?,
            cost: CostSettings::from_lookup(get)?,
            known: Known::from_lookup(get)?,
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
    let mut outcome = match source {
        Source::Health => respondby_health::normalise(&env, &ctx),
        Source::GuardDuty => respondby_guardduty::normalise(&env, &ctx),
        Source::Ses => respondby_ses_reputation::normalise(&env, &ctx),
        Source::EnvFile => respondby_env_file_access::normalise(&env, &ctx, &s.env_file),
        Source::CostAnomaly => respondby_cost_anomaly::normalise(&env, &ctx, &s.cost),
        Source::Support => respondby_support_case::normalise(&env, &ctx),
        Source::PublicExposure => respondby_public_exposure::normalise(&env, &ctx, &s.known),
        Source::Heartbeat => respondby_heartbeat::normalise(&env, &ctx),
        // Registered in core, but this command was built without its
        // normaliser: say so rather than guess.
        other => Err(EventError::Unsupported {
            source_name: format!("{} ({other} function)", env.source),
            detail_type: env.detail_type,
        }),
    }?;
    if let Outcome::Notify(a) = &mut outcome {
        s.names.apply(a);
    }
    Ok(outcome)
}

/// `route` of `respondby preview --json`: where the alert goes (null for a
/// skipped event).
pub fn route_json(outcome: &Outcome, s: &Settings) -> Value {
    match outcome {
        Outcome::Notify(a) => s.routing.json(&a.account, a.severity),
        Outcome::Skip { .. } => Value::Null,
    }
}

/// The terminal preview's line saying where a routed alert goes (none when
/// `CHANNEL_ROUTES` is not set: everything goes to the one channel or
/// webhook).
pub fn route_line(outcome: &Outcome, s: &Settings) -> Option<String> {
    let Outcome::Notify(a) = outcome else {
        return None;
    };
    if s.routing.routes.is_empty() {
        return None;
    }
    Some(format!(
        " {}",
        s.routing.line(&a.account, a.severity, s.lang)
    ))
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
    let until = last.map_or(now, |l| {
        repeat
            .checked_mul(LISTED_REPEATS as i32)
            .and_then(|d| l.checked_add_signed(d))
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    });
    // From now on: what is past was recorded by `start`, not sent; at most
    // `MAX_LISTED` steps.
    let reminders: Vec<Value> = s
        .plan
        .between(&case, now, until)
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
            let target = |t| match t {
                Target::FirstResponse => "first_response",
                Target::Fix => "fix",
            };
            let mut v = serde_json::json!({
                "at": rfc3339(r.at),
                "step": r.step,
                "target": target(r.target),
                "escalate": r.escalate,
                "mentions": mentions,
            });
            // The other deadline's step due at the same instant: the same
            // reminder stands for it.
            if !r.also.is_empty() {
                v["also"] = r
                    .also
                    .iter()
                    .map(|o| serde_json::json!({"step": o.step, "target": target(o.target)}))
                    .collect();
            }
            v
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

/// `respondby coverage`: a table (account, name, Region, last heard,
/// status, spoke) with a summary line, or one JSON object per line.
pub fn coverage_table(
    rows: &[respondby_heartbeat::CoverageRow],
    names: &AccountNames,
    json: bool,
) -> String {
    use respondby_core::preview::term_safe;
    use respondby_core::time::{human_utc, rfc3339};
    use respondby_heartbeat::Coverage;
    let when = |t: i64| respondby_core::store::from_epoch(t);
    let mut out = String::new();
    if json {
        for r in rows {
            out.push_str(
                &serde_json::json!({
                    "account": r.account,
                    "name": names.name(&r.account),
                    "region": r.region,
                    "spoke": r.spoke,
                    "last_heard": r.last_heard.map(|t| rfc3339(when(t))),
                    "status": r.status.as_str(),
                })
                .to_string(),
            );
            out.push('\n');
        }
        return out;
    }
    let name_width = rows
        .iter()
        .filter_map(|r| names.name(&r.account))
        .map(respondby_core::preview::display_width)
        .max()
        .unwrap_or(0)
        .clamp(4, 30);
    out.push_str(&format!(
        "{:<12}  {:<name_width$}  {:<15}  {:<20}  {:<11}  {}\n",
        "ACCOUNT", "NAME", "REGION", "LAST HEARD", "STATUS", "SPOKE"
    ));
    for r in rows {
        let name: String = term_safe(names.name(&r.account).unwrap_or("-"))
            .chars()
            .take(30)
            .collect();
        let pad = name_width.saturating_sub(respondby_core::preview::display_width(&name));
        out.push_str(&format!(
            "{:<12}  {name}{}  {:<15}  {:<20}  {:<11}  {}\n",
            r.account,
            " ".repeat(pad),
            r.region,
            r.last_heard
                .map(|t| human_utc(when(t)))
                .unwrap_or_else(|| "never".into()),
            r.status.as_str(),
            term_safe(r.spoke.as_deref().unwrap_or("-")),
        ));
    }
    let count = |c: Coverage| rows.iter().filter(|r| r.status == c).count();
    out.push_str(&format!(
        "{} spokes: {} heard, {} silent, {} never heard\n",
        rows.len(),
        count(Coverage::Heard),
        count(Coverage::Silent),
        count(Coverage::NeverHeard)
    ));
    out
}
