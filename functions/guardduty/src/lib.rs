//! GuardDuty findings → alerts. No AWS call: everything on-call needs is in
//! the finding, so this function's cold start stays minimal.

pub mod console;
pub mod playbook;
pub mod texts;
pub mod values;

use chrono::{DateTime, Utc};
use playbook::{Family, Subject};
use respondby_core::deadline::{banded, CaseClock};
use respondby_core::event::{detail_as, read_time, Ctx, Envelope, EventError};
use respondby_core::i18n::T;
use respondby_core::time::{human_utc, parse_iso, span};
use respondby_core::{Alert, Lang, Outcome, Severity, Source};
use serde::Deserialize;
use serde_json::Value;

/// The finding (EventBridge `detail`). Nested objects stay `Value`: their
/// timestamps and shapes vary between finding types. `aws_lambda_events`
/// (1.2) has no GuardDuty finding type; the envelope is its `EventBridgeEvent`
/// (see `respondby_core::event`).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub account_id: String,
    pub region: String,
    pub id: String,
    #[serde(rename = "type")]
    pub finding_type: String,
    pub severity: f64,
    /// Times are text: an unreadable one (AWS's redacted samples carry
    /// `XXXX-XX-XXTXX:XX:XXZ`) is noted, never an error.
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
    #[serde(default)]
    pub arn: Option<String>,
    #[serde(default)]
    pub partition: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub resource: Value,
    #[serde(default)]
    pub service: Value,
}

/// GuardDuty's bands: Low 1.0–3.9, Medium 4.0–6.9, High 7.0–8.9, Critical 9.0–10.0.
pub fn band(severity: f64) -> Severity {
    if severity >= 9.0 {
        Severity::Critical
    } else if severity >= 7.0 {
        Severity::High
    } else if severity >= 4.0 {
        Severity::Medium
    } else {
        Severity::Low
    }
}

fn band_name(s: Severity, lang: Lang) -> &'static str {
    match s {
        Severity::Critical => texts::B_CRITICAL,
        Severity::High => texts::B_HIGH,
        Severity::Medium => texts::B_MEDIUM,
        _ => texts::B_LOW,
    }
    .get(lang)
}

fn s(v: &Value, path: &[&str]) -> Option<String> {
    let mut cur = v;
    for p in path {
        cur = cur.get(p)?;
    }
    match cur {
        Value::String(x) if !x.trim().is_empty() => Some(x.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A one-line name for the affected resource (in `lang`), and its identifier.
fn resource_summary(res: &Value, lang: Lang) -> (String, Vec<String>) {
    let mut ids = Vec::new();
    let named = |t: T, key: &str, name: Option<String>| {
        t.fill(lang, &[(key, &name.unwrap_or_else(|| "?".into()))])
    };
    let Some(rtype) = s(res, &["resourceType"]) else {
        return (texts::R_UNKNOWN.get(lang).to_owned(), ids);
    };
    let summary = match rtype.as_str() {
        "Instance" => {
            let id = s(res, &["instanceDetails", "instanceId"]);
            ids.extend(id.clone());
            named(texts::R_INSTANCE, "id", id)
        }
        "AccessKey" => {
            let key = s(res, &["accessKeyDetails", "accessKeyId"]);
            let user = s(res, &["accessKeyDetails", "userName"]);
            let utype = s(res, &["accessKeyDetails", "userType"])
                .map(|t| respondby_core::i18n::values::aws::IDENTITY_TYPE.show(&t, lang))
                .unwrap_or_else(|| texts::R_PRINCIPAL.get(lang).to_owned());
            ids.extend(key.clone());
            let key = key.unwrap_or_else(|| "?".into());
            match user {
                Some(user) if key.starts_with("ASIA") => {
                    texts::R_ROLE_SESSION_KEY.fill(lang, &[("key", &key), ("role", &user)])
                }
                Some(user) => texts::R_ACCESS_KEY
                    .fill(lang, &[("key", &key), ("type", &utype), ("user", &user)]),
                None => texts::R_ACCESS_KEY_NO_USER.fill(lang, &[("key", &key), ("type", &utype)]),
            }
        }
        "S3Bucket" => {
            let names: Vec<String> = res
                .get("s3BucketDetails")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(|b| s(b, &["name"])).collect())
                .unwrap_or_default();
            ids.extend(names.iter().map(|n| format!("arn:aws:s3:::{n}")));
            texts::R_S3_BUCKET.fill(lang, &[("names", &names.join(", "))])
        }
        "EKSCluster" => {
            let n = s(res, &["eksClusterDetails", "name"]);
            ids.extend(s(res, &["eksClusterDetails", "arn"]));
            named(texts::R_EKS_CLUSTER, "name", n)
        }
        "RDSDBInstance" => {
            let n = s(res, &["rdsDbInstanceDetails", "dbInstanceIdentifier"]);
            ids.extend(s(res, &["rdsDbInstanceDetails", "dbInstanceArn"]));
            named(texts::R_RDS_INSTANCE, "name", n)
        }
        "Lambda" => {
            let n = s(res, &["lambdaDetails", "functionName"]);
            ids.extend(s(res, &["lambdaDetails", "functionArn"]));
            named(texts::R_LAMBDA, "name", n)
        }
        "ECSCluster" => {
            let n = s(res, &["ecsClusterDetails", "name"]);
            ids.extend(s(res, &["ecsClusterDetails", "arn"]));
            named(texts::R_ECS_CLUSTER, "name", n)
        }
        other => texts::R_OTHER.fill(lang, &[("type", &other)]),
    };
    (summary, ids)
}

/// The remote party: IP, organisation/ASN, country, from whichever action the finding has.
struct Remote {
    ip: Option<String>,
    org: Option<String>,
    country: Option<String>,
}

fn remote(service: &Value) -> Option<Remote> {
    let action = service.get("action")?;
    let details = [
        "networkConnectionAction",
        "awsApiCallAction",
        "kubernetesApiCallAction",
        "rdsLoginAttemptAction",
    ]
    .iter()
    .find_map(|k| action.get(k).and_then(|a| a.get("remoteIpDetails")))
    .or_else(|| {
        action
            .get("portProbeAction")
            .and_then(|p| p.get("portProbeDetails"))
            .and_then(Value::as_array)
            .and_then(|a| a.first())
            .and_then(|d| d.get("remoteIpDetails"))
    })?;
    let org = {
        let name = s(details, &["organization", "asnOrg"])
            .or_else(|| s(details, &["organization", "org"]))
            .or_else(|| s(details, &["organization", "isp"]));
        let asn = s(details, &["organization", "asn"]).filter(|a| a != "-1" && a != "0");
        match (name, asn) {
            (Some(n), Some(a)) => Some(format!("{n} (AS{a})")),
            (Some(n), None) => Some(n),
            (None, Some(a)) => Some(format!("AS{a}")),
            (None, None) => None,
        }
    };
    let country = match (
        s(details, &["city", "cityName"]),
        s(details, &["country", "countryName"]),
    ) {
        (Some(c), Some(k)) => Some(format!("{c}, {k}")),
        (None, k) => k,
        (c, None) => c,
    };
    Some(Remote {
        ip: s(details, &["ipAddressV4"]).or_else(|| s(details, &["ipAddressV6"])),
        org,
        country,
    })
}

/// Link to the finding in the GuardDuty console.
pub fn console_link(region: &str, id: &str) -> String {
    console::finding(region, id)
}

/// A time nested in a finding: ISO text, or epoch milliseconds (AWS's
/// samples have both for `launchTime`).
fn nested_time(v: Option<&Value>) -> Option<DateTime<Utc>> {
    match v? {
        Value::String(t) => parse_iso(t),
        Value::Number(n) => n.as_i64().and_then(DateTime::<Utc>::from_timestamp_millis),
        _ => None,
    }
}

/// The last path segment of an ARN (`…:instance-profile/web` → `web`).
fn arn_name(arn: &str) -> Option<String> {
    arn.rsplit(['/', ':'])
        .next()
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
}

/// What the playbook needs from the finding.
fn subject(f: &Finding, region: &str, what: &str, first: DateTime<Utc>) -> Subject {
    let res = &f.resource;
    let inst = res.get("instanceDetails");
    let action = f.service.get("action");
    let net = action.and_then(|a| a.get("networkConnectionAction"));
    let probe = action.and_then(|a| a.pointer("/portProbeAction/portProbeDetails/0"));
    let port_of = |d: Option<&Value>| {
        let d = d?.get("localPortDetails")?;
        let port = s(d, &["port"])?;
        Some(match s(d, &["portName"]).filter(|n| n != "Unknown") {
            Some(name) => format!("{port} ({name})"),
            None => port,
        })
    };
    let bucket = res
        .get("s3BucketDetails")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
        .and_then(|b| s(b, &["name"]));
    Subject {
        finding_type: f.finding_type.clone(),
        finding_id: f.id.clone(),
        region: region.to_owned(),
        what: what.to_owned(),
        instance_id: inst.and_then(|i| s(i, &["instanceId"])),
        instance_type: inst.and_then(|i| s(i, &["instanceType"])),
        launched: nested_time(inst.and_then(|i| i.get("launchTime"))),
        activity_began: f
            .service
            .get("eventFirstSeen")
            .and_then(Value::as_str)
            .and_then(parse_iso)
            .or(Some(first)),
        image: inst.and_then(|i| s(i, &["imageId"])).map(|id| {
            match inst.and_then(|i| s(i, &["imageDescription"])) {
                Some(d) => format!("{id} ({d})"),
                None => id,
            }
        }),
        instance_profile: inst
            .and_then(|i| s(i, &["iamInstanceProfile", "arn"]))
            .and_then(|a| arn_name(&a)),
        access_key: s(res, &["accessKeyDetails", "accessKeyId"]),
        principal_id: s(res, &["accessKeyDetails", "principalId"]),
        user_name: s(res, &["accessKeyDetails", "userName"]),
        user_type: s(res, &["accessKeyDetails", "userType"]),
        remote_ip: remote(&f.service).and_then(|r| r.ip),
        domain: action.and_then(|a| s(a, &["dnsRequestAction", "domain"])),
        local_port: port_of(net).or_else(|| port_of(probe)),
        direction: net.and_then(|n| s(n, &["connectionDirection"])),
        api: action.and_then(|a| s(a, &["awsApiCallAction", "api"])),
        bucket,
        eks_cluster: s(res, &["eksClusterDetails", "name"]),
        ecs_cluster: s(res, &["ecsClusterDetails", "name"]),
        function: s(res, &["lambdaDetails", "functionName"]),
        database: s(res, &["rdsDbInstanceDetails", "dbInstanceIdentifier"]),
    }
}

/// Turns a finding into an alert.
///
/// GuardDuty re-publishes an active finding (same `id`) when there is new
/// activity: within 5 minutes, then every 6 hours by default, with a new
/// `updatedAt` (GuardDuty User Guide, "Exporting findings" / EventBridge).
/// `createdAt` can be weeks old then, so the deadline counts from when AWS
/// told this account (the envelope's `time`, else `updatedAt`), and the
/// message shows both "first seen by GuardDuty" and "latest activity".
pub fn normalise(env: &Envelope, ctx: &Ctx) -> Result<Outcome, EventError> {
    let f: Finding = detail_as(Source::GuardDuty, &env.detail)?;
    let lang = ctx.lang;
    if f.id.trim().is_empty() || f.finding_type.trim().is_empty() {
        return Err(EventError::malformed(
            Source::GuardDuty,
            "detail.id and detail.type must name the finding",
        ));
    }
    if !f.severity.is_finite() || !(0.0..=10.0).contains(&f.severity) {
        return Err(EventError::malformed(
            Source::GuardDuty,
            format!(
                "detail.severity {} is outside GuardDuty's 0-10 range",
                f.severity
            ),
        ));
    }
    if f.service.get("archived").and_then(Value::as_bool) == Some(true) {
        return Ok(Outcome::skip(format!(
            "GuardDuty finding {} is archived",
            f.id
        )));
    }
    let mut notes = Vec::new();
    let created = read_time(
        "detail.createdAt",
        f.created_at.as_deref(),
        parse_iso,
        ctx.lang,
        &mut notes,
    );
    let updated = read_time(
        "detail.updatedAt",
        f.updated_at.as_deref(),
        parse_iso,
        ctx.lang,
        &mut notes,
    );
    let told = env.told_at(
        &[("detail.updatedAt", updated), ("detail.createdAt", created)],
        ctx.received,
        ctx.lang,
        &mut notes,
    );
    let first_seen = created.filter(|c| *c <= told).unwrap_or(told);
    let severity = band(f.severity);
    let sample = f
        .service
        .pointer("/additionalInfo/sample")
        .and_then(Value::as_bool)
        == Some(true);
    let direction = s(
        &f.service,
        &["action", "networkConnectionAction", "connectionDirection"],
    );
    let family = Family::of(&f.finding_type, direction.as_deref());
    let (summary, ids) = resource_summary(&f.resource, lang);
    // English: GuardDuty's own title. Japanese: ours (GuardDuty's English
    // title stays in AWS's text below).
    let mut title = match lang {
        Lang::En => f
            .title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| f.finding_type.clone()),
        Lang::Ja => playbook::words::T_TITLE.fill(
            lang,
            &[
                ("headline", &family.headline().get(lang)),
                ("resource", &summary),
            ],
        ),
    };
    if sample {
        title = texts::T_SAMPLE.fill(lang, &[("title", &title)]);
    }
    let mut a = Alert::new(
        Source::GuardDuty,
        &f.finding_type,
        severity,
        title,
        first_seen,
    );
    a.notes = notes;
    a.latest_activity = updated.filter(|u| *u != first_seen);
    a.clock = CaseClock::new(banded("guardduty", severity), told);
    a.account = if f.account_id.is_empty() {
        env.account.clone()
    } else {
        f.account_id.clone()
    };
    a.region = if f.region.is_empty() {
        env.region.clone()
    } else {
        f.region.clone()
    };
    // Both keys are the affected account's: a member's finding reaches the
    // hub through the delegated administrator's feed (the envelope names
    // the administrator) and through the member's own spoke, and pages once.
    // Neither uses the envelope's time unless the finding has none: the two
    // copies' envelopes differ.
    a.case_key = format!("guardduty:{}:{}:{}", a.account, a.region, f.id);
    a.dedup_key = format!(
        "{}:{}",
        a.case_key,
        f.updated_at
            .as_deref()
            .or(f.created_at.as_deref())
            .unwrap_or(&env.time)
    );
    // Repeats fold by type and resource; a finding whose resource we cannot
    // name folds only with itself (never with other findings of its type).
    // Mining is the exception: a stolen key runs miners on many instances
    // at once (the incident behind this: about 300 in one Region), each
    // its own finding. They are one incident, paged once per Region; the
    // others fold under it, each named by its instance.
    let remote = remote(&f.service);
    let crypto_on = (family == Family::Crypto)
        .then(|| ids.first().filter(|id| id.starts_with("i-")).cloned())
        .flatten();
    a.group_key = match &crypto_on {
        Some(_) => format!("guardduty:{}:{}:{}", f.finding_type, a.account, a.region),
        None => format!(
            "guardduty:{}:{}",
            f.finding_type,
            ids.first()
                .cloned()
                .unwrap_or_else(|| format!("finding {}", f.id))
        ),
    };
    a.fold_member = Some(match crypto_on {
        Some(instance) => instance,
        None => remote
            .as_ref()
            .and_then(|r| r.ip.clone())
            .map(|ip| texts::M_FROM.fill(lang, &[("ip", &ip)]))
            .unwrap_or_else(|| texts::M_FINDING.fill(lang, &[("id", &f.id)])),
    });

    // The finding type is the "Kind" core shows; the first sighting is
    // "First seen by GuardDuty"; the finding is the console button. Each is
    // shown once.
    let who = subject(&f, &a.region, &summary, first_seen);
    a.fact(
        texts::F_SEVERITY.get(lang),
        texts::V_SEVERITY.fill(
            lang,
            &[("band", &band_name(severity, lang)), ("score", &f.severity)],
        ),
    )
    .fact(texts::F_RESOURCE.get(lang), summary);
    instance_facts(&mut a, &who, lang);
    if let Some(r) = remote {
        a.fact_opt(texts::F_REMOTE_IP.get(lang), r.ip)
            .fact_opt(texts::F_REMOTE_ORG.get(lang), r.org)
            .fact_opt(texts::F_REMOTE_LOCATION.get(lang), r.country);
    }
    a.fact_opt(texts::F_PORT.get(lang), who.local_port.clone())
        .fact_opt(
            texts::F_DIRECTION.get(lang),
            who.direction
                .as_deref()
                .map(|d| values::DIRECTION.show(d, lang)),
        )
        .fact_opt(
            texts::F_DOMAIN.get(lang),
            s(&f.service, &["action", "dnsRequestAction", "domain"]),
        )
        .fact_opt(
            texts::F_ACTION.get(lang),
            s(&f.service, &["action", "actionType"]).map(|t| values::ACTION_TYPE.show(&t, lang)),
        )
        .fact_opt(texts::F_API_CALLED.get(lang), who.api.clone())
        .fact_opt(texts::F_COUNT.get(lang), s(&f.service, &["count"]));
    if let Some(t) = s(&f.service, &["eventLastSeen"]) {
        a.fact(
            texts::F_LAST_SEEN.get(lang),
            parse_iso(&t).map(human_utc).unwrap_or(t),
        );
    }
    a.fact(texts::F_FINDING_ID.get(lang), &f.id);
    a.resources = ids;
    // An access key works in every Region (IAM is global).
    if s(&f.resource, &["resourceType"]).as_deref() == Some("AccessKey") {
        a.global_service = Some("IAM".to_owned());
    }
    a.description = f.description.clone();
    if sample {
        a.notes.push(texts::N_SAMPLE.get(lang).to_owned());
    }
    if f.partition.as_deref().is_none_or(|p| p == "aws") {
        a.link(texts::L_OPEN.get(lang), console_link(&a.region, &f.id));
    }
    playbook::apply(&mut a, family, &who, lang);
    ctx.policy.apply(&mut a);
    Ok(Outcome::notify(a))
}

/// The instance's facts: type (and whether it is a GPU type), when it was
/// launched (and how long before the activity began), image, profile.
fn instance_facts(a: &mut Alert, who: &Subject, lang: Lang) {
    if let Some(t) = &who.instance_type {
        let shown = if playbook::is_gpu_type(t) {
            texts::V_GPU_TYPE.fill(lang, &[("type", t)])
        } else {
            t.clone()
        };
        a.fact(texts::F_INSTANCE_TYPE.get(lang), shown);
    }
    if let Some(at) = who.launched {
        let shown = match playbook::launched_shortly_before(who) {
            Some(gap) => texts::V_LAUNCHED_BEFORE.fill(
                lang,
                &[("time", &human_utc(at)), ("span", &span(gap, lang))],
            ),
            None => human_utc(at),
        };
        a.fact(texts::F_LAUNCHED.get(lang), shown);
    }
    a.fact_opt(texts::F_IMAGE.get(lang), who.image.clone())
        .fact_opt(
            texts::F_INSTANCE_PROFILE.get(lang),
            who.instance_profile.clone(),
        );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_bands_follow_guardduty() {
        assert_eq!(band(1.0), Severity::Low);
        assert_eq!(band(3.9), Severity::Low);
        assert_eq!(band(4.0), Severity::Medium);
        assert_eq!(band(6.9), Severity::Medium);
        assert_eq!(band(7.0), Severity::High);
        assert_eq!(band(8.9), Severity::High);
        assert_eq!(band(9.0), Severity::Critical);
        assert_eq!(band(10.0), Severity::Critical);
    }

    #[test]
    fn links_encode_the_finding_id() {
        assert!(console_link("eu-west-1", "a&b").ends_with("fId=a%26b"));
    }
}
