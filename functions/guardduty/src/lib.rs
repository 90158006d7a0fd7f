//! GuardDuty findings → alerts. No AWS call: everything on-call needs is in
//! the finding, so this function's cold start stays minimal.

pub mod texts;

use respondby_core::deadline::{banded, CaseClock};
use respondby_core::event::{detail_as, read_time, Ctx, Envelope, EventError};
use respondby_core::i18n::T;
use respondby_core::links::{console_region, encode};
use respondby_core::time::{human_utc, parse_iso};
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
                .unwrap_or_else(|| texts::R_PRINCIPAL.get(lang).to_owned());
            ids.extend(key.clone());
            let key = key.unwrap_or_else(|| "?".into());
            match user {
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
    let r = console_region(region);
    format!(
        "https://{r}.console.aws.amazon.com/guardduty/home?region={r}#/findings?macros=current&fId={}",
        encode(id)
    )
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
    let mut title = f
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| f.finding_type.clone());
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
    let (summary, ids) = resource_summary(&f.resource, lang);
    // Repeats fold by type and resource; a finding whose resource we cannot
    // name folds only with itself (never with other findings of its type).
    a.group_key = format!(
        "guardduty:{}:{}",
        f.finding_type,
        ids.first()
            .cloned()
            .unwrap_or_else(|| format!("finding {}", f.id))
    );
    let remote = remote(&f.service);
    a.fold_member = Some(
        remote
            .as_ref()
            .and_then(|r| r.ip.clone())
            .map(|ip| texts::M_FROM.fill(lang, &[("ip", &ip)]))
            .unwrap_or_else(|| texts::M_FINDING.fill(lang, &[("id", &f.id)])),
    );

    a.fact(texts::F_FINDING_TYPE.get(lang), &f.finding_type)
        .fact(
            texts::F_SEVERITY.get(lang),
            texts::V_SEVERITY.fill(
                lang,
                &[("band", &band_name(severity, lang)), ("score", &f.severity)],
            ),
        )
        .fact(texts::F_RESOURCE.get(lang), summary);
    if let Some(r) = remote {
        a.fact_opt(texts::F_REMOTE_IP.get(lang), r.ip)
            .fact_opt(texts::F_REMOTE_ORG.get(lang), r.org)
            .fact_opt(texts::F_REMOTE_LOCATION.get(lang), r.country);
    }
    a.fact_opt(
        texts::F_ACTION.get(lang),
        s(&f.service, &["action", "actionType"]),
    )
    .fact_opt(
        texts::F_API_CALLED.get(lang),
        s(&f.service, &["action", "awsApiCallAction", "api"]),
    )
    .fact_opt(texts::F_COUNT.get(lang), s(&f.service, &["count"]));
    for (label, key) in [
        (texts::F_FIRST_SEEN, "eventFirstSeen"),
        (texts::F_LAST_SEEN, "eventLastSeen"),
    ] {
        if let Some(t) = s(&f.service, &[key]) {
            a.fact(label.get(lang), parse_iso(&t).map(human_utc).unwrap_or(t));
        }
    }
    a.fact(texts::F_FINDING_ID.get(lang), &f.id);
    a.resources = ids;
    if let Some(arn) = &f.arn {
        a.resources.push(arn.clone());
    }
    a.description = f.description.clone();
    if sample {
        a.notes.push(texts::N_SAMPLE.get(lang).to_owned());
    }
    if f.partition.as_deref().is_none_or(|p| p == "aws") {
        a.link(texts::L_OPEN.get(lang), console_link(&a.region, &f.id));
    }
    steps(&mut a, &f, lang);
    ctx.policy.apply(&mut a);
    Ok(Outcome::notify(a))
}

fn steps(a: &mut Alert, f: &Finding, lang: Lang) {
    let t = f.finding_type.as_str();
    let rtype = s(&f.resource, &["resourceType"]).unwrap_or_default();
    let mut step = |t: T| {
        a.step(t.get(lang));
    };
    step(texts::S_OPEN);
    if t.starts_with("CryptoCurrency:") || t.contains("BitcoinTool") {
        step(texts::S_CRYPTO);
    }
    match rtype.as_str() {
        "Instance" => {
            step(texts::S_INSTANCE_ISOLATE);
            step(texts::S_INSTANCE_HOW);
        }
        "AccessKey" => {
            step(texts::S_KEY_DEACTIVATE);
            step(texts::S_KEY_REVIEW);
        }
        "S3Bucket" => step(texts::S_S3_REVIEW),
        _ => step(texts::S_OTHER_CHECK),
    }
    step(texts::S_EXPECTED);
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
