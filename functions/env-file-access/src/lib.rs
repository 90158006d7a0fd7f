//! CloudTrail S3 data events on `.env` files → alerts: `GetObject`, and
//! `CopyObject`/`UploadPartCopy` whose source is a `.env` (a server-side copy
//! reads the file without downloading it). A `.env` file usually holds live
//! secrets (SMTP keys, database passwords); a read by anyone unexpected means
//! those secrets must be treated as leaked.

pub mod ipowner;
pub mod texts;

use chrono::{DateTime, Utc};
use ipnet::IpNet;
use respondby_core::cloudtrail::Principal;
use respondby_core::deadline::{banded, CaseClock};
use respondby_core::event::text_at as s;
use respondby_core::event::{detail_as, read_time, Ctx, Envelope, EventError};
use respondby_core::i18n::T;
use respondby_core::links::{console_region, encode};
use respondby_core::time::{human_utc, parse_iso};
use respondby_core::{Alert, ConfigError, Lang, Outcome, Severity, Source};
use serde::Deserialize;
use serde_json::Value;
use std::net::IpAddr;

/// Environment variables of this function.
pub mod vars {
    pub const TRUSTED_PRINCIPALS: &str = "TRUSTED_PRINCIPALS";
    pub const TRUSTED_CIDRS: &str = "TRUSTED_CIDRS";
    pub const TRAIL_LOG_BUCKET: &str = "TRAIL_LOG_BUCKET";
    pub const TRAIL_LOG_PREFIX: &str = "TRAIL_LOG_PREFIX";
}

/// What ops told this function: the readers they expect, and where the
/// trail that logs these reads keeps its files.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Setup {
    pub trusted: Trusted,
    pub trail: Option<TrailLogs>,
}

impl Setup {
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Setup, ConfigError> {
        Ok(Setup {
            trusted: Trusted::from_lookup(&get)?,
            trail: TrailLogs::from_lookup(&get)?,
        })
    }
}

impl From<Trusted> for Setup {
    fn from(trusted: Trusted) -> Setup {
        Setup {
            trusted,
            trail: None,
        }
    }
}

/// Where a trail delivers its log files: `s3://bucket/[prefix/]AWSLogs/…`.
/// A data event is only there (and in CloudTrail Lake or Athena over the
/// same files), never in CloudTrail's Event history.
#[derive(Debug, Clone, PartialEq)]
pub struct TrailLogs {
    pub bucket: String,
    pub prefix: String,
}

impl TrailLogs {
    /// `TRAIL_LOG_BUCKET` (unset or empty: none) and `TRAIL_LOG_PREFIX`.
    pub fn from_lookup(
        get: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<TrailLogs>, ConfigError> {
        let bucket = get(vars::TRAIL_LOG_BUCKET).unwrap_or_default();
        let bucket = bucket.trim();
        if bucket.is_empty() {
            return Ok(None);
        }
        let ok_bucket = (3..=63).contains(&bucket.len())
            && bucket
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-');
        if !ok_bucket {
            return Err(ConfigError(format!(
                "{}: {bucket:?} is not an S3 bucket name",
                vars::TRAIL_LOG_BUCKET
            )));
        }
        let prefix = get(vars::TRAIL_LOG_PREFIX).unwrap_or_default();
        let prefix = prefix.trim().trim_matches('/');
        if prefix.len() > 200 || prefix.chars().any(|c| c.is_control()) {
            return Err(ConfigError(format!(
                "{}: {prefix:?} is not a trail's S3 key prefix",
                vars::TRAIL_LOG_PREFIX
            )));
        }
        Ok(Some(TrailLogs {
            bucket: bucket.to_owned(),
            prefix: prefix.to_owned(),
        }))
    }

    /// The console folder holding the log files of `account` in `region`
    /// for the UTC day of `at`.
    pub fn folder_link(&self, account: &str, region: &str, at: DateTime<Utc>) -> String {
        let lead = if self.prefix.is_empty() {
            String::new()
        } else {
            format!("{}/", self.prefix)
        };
        let path = format!(
            "{lead}AWSLogs/{account}/CloudTrail/{region}/{}/",
            at.format("%Y/%m/%d")
        );
        format!(
            "https://s3.console.aws.amazon.com/s3/buckets/{}?region={region}&prefix={}&showversions=false",
            encode(&self.bucket),
            encode(&path)
        )
    }
}

/// Readers ops expect (deploy roles, the app's own role, the office network).
/// A read by one of them is still reported, at lower severity.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Trusted {
    pub principal_prefixes: Vec<String>,
    pub cidrs: Vec<IpNet>,
}

impl Trusted {
    /// Comma-separated ARN prefixes and CIDRs (a bare IP counts as /32 or /128).
    pub fn parse(principals: &str, cidrs: &str) -> Result<Trusted, ConfigError> {
        let principal_prefixes: Vec<String> = principals
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        for p in &principal_prefixes {
            if !p.starts_with("arn:") {
                return Err(ConfigError(format!(
                    "{}: {p:?} is not an ARN prefix (expected arn:aws:iam::123456789012:role/...)",
                    vars::TRUSTED_PRINCIPALS
                )));
            }
        }
        let cidrs = cidrs
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|c| {
                c.parse::<IpNet>()
                    .or_else(|_| c.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| {
                        ConfigError(format!("{}: {c:?} is not a CIDR", vars::TRUSTED_CIDRS))
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Trusted {
            principal_prefixes,
            cidrs,
        })
    }

    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Trusted, ConfigError> {
        Trusted::parse(
            &get(vars::TRUSTED_PRINCIPALS).unwrap_or_default(),
            &get(vars::TRUSTED_CIDRS).unwrap_or_default(),
        )
    }

    /// The first of `arns` (caller, then the role behind its session) that a
    /// trusted prefix covers.
    fn principal(&self, arns: &[&str]) -> Option<String> {
        arns.iter()
            .filter(|a| !a.is_empty())
            .find(|a| self.principal_prefixes.iter().any(|p| covers(p, a)))
            .map(|a| a.to_string())
    }

    fn ip(&self, ip: &str) -> Option<IpNet> {
        let ip: IpAddr = ip.parse().ok()?;
        self.cidrs.iter().find(|n| n.contains(&ip)).copied()
    }
}

/// True when the trusted `prefix` covers `arn` in whole path segments:
/// `…:role/deploy` covers `…:role/deploy` and `…:role/deploy/github-actions`
/// but not `…:role/deployer`; a prefix ending in `/` or `:` (`…:role/ci/`)
/// covers everything under it. A plain `starts_with` would trust any role
/// whose name merely begins with a trusted one.
fn covers(prefix: &str, arn: &str) -> bool {
    match arn.strip_prefix(prefix) {
        None => false,
        Some(rest) => {
            rest.is_empty() || prefix.ends_with(['/', ':']) || rest.starts_with(['/', ':'])
        }
    }
}

/// True for `.env`, `.env.production`, `prod.env`: the file name (after the
/// last `/`) is `.env`, starts with `.env.`, or ends with `.env`.
/// `.environment` and `envelope.png` are not.
pub fn is_env_file(key: &str) -> bool {
    let name = key.rsplit('/').next().unwrap_or(key).to_ascii_lowercase();
    name == ".env" || name.starts_with(".env.") || name.ends_with(".env")
}

/// The CloudTrail record (EventBridge `detail` of "AWS API Call via
/// CloudTrail").
///
/// Not `aws_lambda_events`' `cloudwatch_events::cloudtrail::AWSAPICall`
/// (1.2), although it reads every record in tests/fixtures/env-file and
/// ../shared/fixtures/cloudtrail_s3: it has no `errorCode` or
/// `errorMessage` (a denied read, a probe for a missing file and a read
/// are told apart by them), no `resources` or `recipientAccountId`; and it
/// makes cosmetic fields required, so a record without `userAgent`, or with
/// `mfaAuthenticated` as the boolean of CloudTrail's own documented example,
/// would be refused where this source posts it. See
/// `aws_lambda_events_cloudtrail_type_loses_the_error_code_and_refuses_cosmetic_odds`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Record {
    pub event_name: String,
    #[serde(default)]
    pub event_source: Option<String>,
    /// Text: an unreadable time is noted, never an error.
    #[serde(default)]
    pub event_time: Option<String>,
    #[serde(rename = "eventID")]
    pub event_id: String,
    #[serde(default)]
    pub aws_region: Option<String>,
    #[serde(default)]
    pub user_identity: Value,
    #[serde(rename = "sourceIPAddress", default)]
    pub source_ip: Option<String>,
    #[serde(default)]
    pub user_agent: Option<String>,
    #[serde(default)]
    pub request_parameters: Option<Value>,
    #[serde(default)]
    pub additional_event_data: Option<Value>,
    #[serde(default)]
    pub error_code: Option<String>,
    #[serde(default)]
    pub error_message: Option<String>,
    #[serde(default)]
    pub resources: Vec<Value>,
    #[serde(default)]
    pub recipient_account_id: Option<String>,
    /// The same call logged in two accounts (the bucket owner's and the
    /// caller's): one id on both copies, each with its own `eventID`.
    #[serde(rename = "sharedEventID", default)]
    pub shared_event_id: Option<String>,
}

/// What a caller CloudTrail names no one is called: an unnamed S3 caller
/// is an anonymous request.
fn unnamed_word(kind: &str) -> T {
    match kind {
        "AWSAccount" | "Unknown" => texts::P_ANONYMOUS,
        _ => texts::P_UNKNOWN,
    }
}

/// The caller's name on screen, in `lang`.
fn shown(who: &Principal, lang: Lang) -> String {
    who.name
        .clone()
        .unwrap_or_else(|| unnamed_word(&who.kind).get(lang).to_owned())
}

/// The caller's name in keys: always in English.
fn key_name(who: &Principal) -> &str {
    who.name.as_deref().unwrap_or(unnamed_word(&who.kind).en)
}

/// What the call achieved, from CloudTrail's `errorCode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Attempt {
    /// No error: the caller has the file's contents.
    Succeeded,
    /// `NoSuchKey`: someone asked for a .env that is not there (a probe).
    Missing,
    /// Any other error (`AccessDenied` …): the file may exist, nothing was read.
    Denied,
}

fn bucket_and_key(r: &Record) -> Option<(String, String)> {
    let rp = r.request_parameters.as_ref().filter(|v| v.is_object());
    let from_params = rp.and_then(|p| {
        let key = s(p, &["key"]).or_else(|| s(p, &["Key"]))?;
        let bucket = s(p, &["bucketName"])
            .or_else(|| s(p, &["Bucket"]))
            .unwrap_or_default();
        Some((bucket, key))
    });
    from_params.or_else(|| {
        r.resources.iter().find_map(|res| {
            if s(res, &["type"]).as_deref() != Some("AWS::S3::Object") {
                return None;
            }
            let arn = s(res, &["ARN"])?;
            let path = arn.split_once(":::")?.1;
            let (b, k) = path.split_once('/')?;
            Some((b.to_owned(), k.to_owned()))
        })
    })
}

/// `%XX` escapes decoded; the text as it was if that is not UTF-8.
fn percent_decode(raw: &str) -> String {
    let b = raw.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| raw.to_owned())
}

/// The object a copy reads.
#[derive(Debug, Clone, PartialEq)]
struct CopySource {
    /// A bucket name, or an access point ARN.
    bucket: String,
    key: String,
    version: Option<String>,
}

impl CopySource {
    fn arn(&self) -> String {
        if self.bucket.starts_with("arn:") {
            format!("{}/object/{}", self.bucket, self.key)
        } else {
            format!("arn:aws:s3:::{}/{}", self.bucket, self.key)
        }
    }
}

/// `x-amz-copy-source` as S3 accepts it (CopyObject and UploadPartCopy API
/// Reference): `bucket/key`, URL-encoded, with or without a leading `/`,
/// optionally followed by `?versionId=…`; or an access point ARN followed by
/// `/object/<key>`.
fn parse_copy_source(raw: &str) -> Option<CopySource> {
    let (path, query) = match raw.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (raw, None),
    };
    let version = query
        .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("versionId=")))
        .map(percent_decode)
        .filter(|v| !v.is_empty());
    let path = percent_decode(path);
    let path = path.strip_prefix('/').unwrap_or(&path);
    let (bucket, key) = if path.starts_with("arn:") {
        path.split_once("/object/")?
    } else {
        path.split_once('/')?
    };
    (!bucket.is_empty() && !key.is_empty()).then(|| CopySource {
        bucket: bucket.to_owned(),
        key: key.to_owned(),
        version,
    })
}

/// The copy's source: the header, else the object in `resources[]` that is not
/// the destination (CloudTrail lists both objects of a copy).
fn copy_source(r: &Record, dest_arn: Option<&str>) -> Option<CopySource> {
    let rp = r.request_parameters.as_ref().filter(|v| v.is_object());
    rp.and_then(|p| s(p, &["x-amz-copy-source"]))
        .and_then(|raw| parse_copy_source(&raw))
        .or_else(|| {
            r.resources.iter().find_map(|res| {
                if s(res, &["type"]).as_deref() != Some("AWS::S3::Object") {
                    return None;
                }
                let arn = s(res, &["ARN"])?;
                if Some(arn.as_str()) == dest_arn {
                    return None;
                }
                let (b, k) = arn.split_once(":::")?.1.split_once('/')?;
                Some(CopySource {
                    bucket: b.to_owned(),
                    key: k.to_owned(),
                    version: None,
                })
            })
        })
}

/// The owner of `bucket`, from the bucket entries CloudTrail puts in `resources[]`.
fn bucket_account(r: &Record, bucket: &str) -> Option<String> {
    r.resources.iter().find_map(|res| {
        (s(res, &["type"]).as_deref() == Some("AWS::S3::Bucket")
            && s(res, &["ARN"])?.split_once(":::")?.1 == bucket)
            .then(|| s(res, &["accountId"]))
            .flatten()
    })
}

/// A copy's destination, from the request.
#[derive(Debug, Clone, PartialEq)]
struct Destination {
    bucket: String,
    key: String,
    account: Option<String>,
}

pub fn normalise(env: &Envelope, ctx: &Ctx, setup: &Setup) -> Result<Outcome, EventError> {
    let trusted = &setup.trusted;
    let r: Record = detail_as(Source::EnvFile, &env.detail)?;
    let lang = ctx.lang;
    if r.event_source
        .as_deref()
        .is_some_and(|s| s != "s3.amazonaws.com")
    {
        return Ok(Outcome::skip(format!(
            "eventSource {:?} is not S3",
            r.event_source.as_deref().unwrap_or("")
        )));
    }
    // A server-side copy reads its source like GetObject does: CopyObject, and
    // UploadPartCopy for the parts of a multipart copy.
    let copy = match r.event_name.as_str() {
        "GetObject" => false,
        "CopyObject" | "UploadPartCopy" => true,
        other => {
            return Ok(Outcome::skip(format!(
                "S3 {other} is neither a GetObject read nor a copy"
            )))
        }
    };
    let (bucket, key, version, dest) = if copy {
        let rp = r.request_parameters.as_ref().filter(|v| v.is_object());
        let dest = rp.and_then(|p| {
            let bucket = s(p, &["bucketName"]).or_else(|| s(p, &["Bucket"]))?;
            let key = s(p, &["key"]).or_else(|| s(p, &["Key"]))?;
            Some(Destination {
                account: bucket_account(&r, &bucket),
                bucket,
                key,
            })
        });
        let dest_arn = dest
            .as_ref()
            .map(|d| format!("arn:aws:s3:::{}/{}", d.bucket, d.key));
        let Some(src) = copy_source(&r, dest_arn.as_deref()) else {
            return Err(EventError::malformed(
                Source::EnvFile,
                format!(
                    "{} event has no copy source (detail.requestParameters.x-amz-copy-source or a second AWS::S3::Object resource)",
                    r.event_name
                ),
            ));
        };
        if !is_env_file(&src.key) {
            return Ok(Outcome::skip(format!(
                "copy source key {:?} is not a .env file",
                src.key
            )));
        }
        (src.bucket, src.key, src.version, dest)
    } else {
        let Some((bucket, key)) = bucket_and_key(&r) else {
            return Err(EventError::malformed(
                Source::EnvFile,
                "GetObject event has no object key (detail.requestParameters.key or an AWS::S3::Object resource)",
            ));
        };
        if !is_env_file(&key) {
            return Ok(Outcome::skip(format!(
                "object key {key:?} is not a .env file"
            )));
        }
        (bucket, key, None, None)
    };
    let source = CopySource {
        bucket: bucket.clone(),
        key: key.clone(),
        version: version.clone(),
    };
    let mut notes = Vec::new();
    let read_at = read_time(
        "detail.eventTime",
        r.event_time.as_deref(),
        parse_iso,
        ctx.lang,
        &mut notes,
    );
    let told = env.told_at(
        &[("detail.eventTime", read_at)],
        ctx.received,
        ctx.lang,
        &mut notes,
    );
    let at = read_at.filter(|t| *t <= told).unwrap_or(told);
    let who = Principal::from_user_identity(&r.user_identity);
    let who_shown = shown(&who, lang);
    // S3 answers NoSuchKey only to a caller allowed to list the bucket; others
    // get AccessDenied for a missing key too (S3 API Reference, GetObject,
    // "Permissions"), so not every probe can be told from a denied read.
    let attempt = match r.error_code.as_deref() {
        None => Attempt::Succeeded,
        Some("NoSuchKey") => Attempt::Missing,
        Some(_) => Attempt::Denied,
    };
    let presigned = r
        .additional_event_data
        .as_ref()
        .and_then(|d| s(d, &["AuthenticationMethod"]))
        .as_deref()
        == Some("QueryString");
    // The bucket's owner: the account whose file was read. The caller's
    // own copy of a read across accounts has the caller as its recipient.
    let owner = bucket_account(&r, &bucket)
        .or_else(|| r.recipient_account_id.clone())
        .unwrap_or_else(|| env.account.clone());
    // Anonymous S3 access is logged as type AWSAccount with accountId "anonymous"
    // (or no account at all); a named account there is cross-account access.
    let anonymous = who.arn.is_none()
        && who.access_key.is_none()
        && matches!(who.kind.as_str(), "AWSAccount" | "Unknown" | "Anonymous")
        && who.account.as_deref().is_none_or(|a| a == "anonymous");
    let cross_account = who
        .account
        .as_deref()
        .is_some_and(|a| !a.is_empty() && a != owner && a != "anonymous");
    let ip = r.source_ip.clone().unwrap_or_default();

    let trusted_principal = trusted.principal(&[
        who.arn.as_deref().unwrap_or(""),
        who.role_arn.as_deref().unwrap_or(""),
    ]);
    let trusted_net = trusted.ip(&ip);
    // A copy into a bucket another account owns has left the account.
    let copied_out = dest
        .as_ref()
        .and_then(|d| d.account.as_deref())
        .is_some_and(|acct| acct != owner);

    let mut severity = match attempt {
        Attempt::Missing => Severity::Low,
        Attempt::Denied => Severity::Medium,
        Attempt::Succeeded if anonymous || cross_account || copied_out => Severity::Critical,
        Attempt::Succeeded => Severity::High,
    };
    // Why the severity was lowered: the principal (said in a fact of its
    // own), or the network (said by the TRUSTED_CIDRS fact).
    let mut trust_note = None;
    if let Some(p) = &trusted_principal {
        severity = severity.lowered().lowered();
        trust_note = Some(texts::TRUSTED_PRINCIPAL.fill(lang, &[("principal", p)]));
    } else if let Some(net) = trusted_net {
        severity = severity.lowered().lowered();
        trust_note = Some(texts::TRUSTED_NETWORK.fill(lang, &[("network", &net)]));
    }
    // Whose address it is, when it is one.
    let ip_addr: Option<IpAddr> = ip.parse().ok();
    let ip_owner = ip_addr.and_then(ipowner::owner);

    let file = key.rsplit('/').next().unwrap_or(&key).to_owned();
    let to = dest
        .as_ref()
        .map(|d| format!("s3://{}/{}", d.bucket, d.key))
        .unwrap_or_else(|| texts::UNRECORDED_DESTINATION.get(lang).to_owned());
    let title = match attempt {
        Attempt::Missing => texts::T_PROBE,
        Attempt::Denied if copy => texts::T_DENIED_COPY,
        Attempt::Denied => texts::T_DENIED_READ,
        Attempt::Succeeded if copy => texts::T_COPIED,
        Attempt::Succeeded if anonymous => texts::T_READ_ANONYMOUSLY,
        Attempt::Succeeded => texts::T_READ_BY,
    }
    .fill(
        lang,
        &[
            ("file", &file),
            ("bucket", &bucket),
            ("to", &to),
            ("who", &who_shown),
        ],
    );
    let kind = format!("s3:{}", r.event_name);
    let mut a = Alert::new(Source::EnvFile, kind, severity, title, at);
    a.notes = notes;
    a.clock = CaseClock::new(banded("env", severity), told);
    // A read across accounts reaches the hub twice (the owner's spoke and
    // the caller's): keyed by the id both copies share, it pages once.
    let call_id = r
        .shared_event_id
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or(&r.event_id);
    a.case_key = format!("env-file:{call_id}");
    a.account = owner;
    a.region = r.aws_region.clone().unwrap_or_else(|| env.region.clone());
    a.dedup_key = format!("env-file:{call_id}");
    a.group_key = if attempt == Attempt::Missing {
        // Probes fold apart from reads, so a scanner's flood of misses never
        // hides a real read; an anonymous scanner is known only by its address.
        format!(
            "env-file:probe:{}:{bucket}",
            who.arn
                .as_deref()
                .or(who.access_key.as_deref())
                .or(Some(ip.as_str()).filter(|i| !i.is_empty()))
                .unwrap_or(key_name(&who))
        )
    } else {
        // env-file:GetObject:<principal> for reads, as it always was.
        format!(
            "env-file:{}:{}",
            r.event_name,
            who.arn
                .as_deref()
                .or(who.access_key.as_deref())
                .unwrap_or(key_name(&who))
        )
    };
    // What each folded repeat was: the object (and, for a caller known only
    // by its address, where from), so a flood's summary lists every object.
    let object = format!("s3://{bucket}/{key}");
    a.fold_member = Some(match (&who.arn, &who.access_key, ip.is_empty()) {
        (None, None, false) => texts::M_FROM.fill(lang, &[("object", &object), ("ip", &ip)]),
        _ => object,
    });

    let label = |t: T| t.get(lang);
    if let Some(d) = dest.as_ref().filter(|_| copy) {
        a.fact(label(texts::F_SOURCE_BUCKET), &bucket)
            .fact(label(texts::F_SOURCE_KEY), &key)
            .fact_opt(label(texts::F_SOURCE_VERSION), version.clone())
            .fact(label(texts::F_DESTINATION_BUCKET), &d.bucket)
            .fact(label(texts::F_DESTINATION_KEY), &d.key)
            .fact_opt(label(texts::F_DESTINATION_ACCOUNT), d.account.clone());
    } else if copy {
        a.fact(label(texts::F_SOURCE_BUCKET), &bucket)
            .fact(label(texts::F_SOURCE_KEY), &key)
            .fact_opt(label(texts::F_SOURCE_VERSION), version.clone())
            .fact(label(texts::F_DESTINATION), label(texts::V_NOT_RECORDED));
    } else {
        a.fact(label(texts::F_BUCKET), &bucket)
            .fact(label(texts::F_KEY), &key);
    }
    a.fact(
        label(texts::F_RESULT),
        match (attempt, &r.error_code, &r.error_message) {
            (Attempt::Missing, Some(c), Some(m)) => {
                texts::V_PROBE_MESSAGE.fill(lang, &[("code", c), ("message", m)])
            }
            (Attempt::Missing, Some(c), None) => texts::V_PROBE.fill(lang, &[("code", c)]),
            (_, Some(c), Some(m)) => {
                texts::V_DENIED_MESSAGE.fill(lang, &[("code", c), ("message", m)])
            }
            (_, Some(c), None) => texts::V_DENIED.fill(lang, &[("code", c)]),
            _ if copy => label(texts::V_COPIED).to_owned(),
            _ => label(texts::V_READ).to_owned(),
        },
    );
    who.facts(&mut a, &who_shown, None, &ip, lang)
        .fact_opt(
            label(texts::F_IP_OWNER),
            ip_addr.map(|_| match ip_owner {
                Some(p) => match p.asns() {
                    None => texts::V_OWNER_PUBLISHED
                        .fill(lang, &[("name", &p.name), ("date", &p.as_of)]),
                    Some(asns) => texts::V_OWNER_ANNOUNCED.fill(
                        lang,
                        &[("name", &p.name), ("asns", &asns), ("date", &p.as_of)],
                    ),
                },
                None => texts::V_OWNER_NONE.fill(lang, &[("n", &ipowner::providers().len())]),
            }),
        )
        .fact_opt(
            label(texts::F_IN_TRUSTED_CIDRS),
            ip_addr.map(|_| match trusted_net {
                Some(net) => texts::V_YES_IN.fill(lang, &[("net", &net)]),
                None if trusted.cidrs.is_empty() => label(texts::V_NO_EMPTY).to_owned(),
                None => label(texts::V_NO).to_owned(),
            }),
        )
        .fact_opt(label(texts::F_USER_AGENT), r.user_agent.clone())
        .fact(
            label(texts::F_PRESIGNED),
            label(if presigned { texts::V_YES } else { texts::V_NO }),
        )
        .fact(
            label(if copy {
                texts::F_COPIED_AT
            } else {
                texts::F_READ_AT
            }),
            human_utc(at),
        )
        .fact_opt(
            label(texts::F_BYTES_READ),
            r.additional_event_data
                .as_ref()
                .filter(|_| attempt != Attempt::Missing && !copy)
                .and_then(|d| d.get("bytesTransferredOut"))
                .and_then(|b| b.as_f64())
                .map(|b| format!("{b:.0}")),
        )
        .fact_opt(
            label(texts::F_TRUSTED),
            trust_note.clone().filter(|_| trusted_principal.is_some()),
        );
    a.resources = vec![source.arn()];
    if let Some(d) = &dest {
        a.resources
            .push(format!("arn:aws:s3:::{}/{}", d.bucket, d.key));
    }

    let region = console_region(&a.region).to_owned();
    // A data event is not in CloudTrail's Event history: link to the
    // trail's log files of that day, where it is.
    let logged_by = r
        .recipient_account_id
        .as_deref()
        .unwrap_or(&env.account)
        .to_owned();
    let trail = setup
        .trail
        .as_ref()
        .filter(|_| logged_by.len() == 12 && logged_by.bytes().all(|b| b.is_ascii_digit()));
    // Where the record is: the step that asks to keep it opens it.
    let trail_logs = trail.map(|t| t.folder_link(&logged_by, &region, read_at.unwrap_or(told)));
    let console_object = |bucket: &str, key: &str| {
        format!(
            "https://s3.console.aws.amazon.com/s3/object/{}?region={region}&prefix={}",
            encode(bucket),
            encode(key)
        )
    };
    if !bucket.starts_with("arn:") {
        a.link(label(texts::L_OPEN_OBJECT), console_object(&bucket, &key));
    }
    if let Some(d) = dest.as_ref().filter(|_| attempt == Attempt::Succeeded) {
        a.link(label(texts::L_OPEN_COPY), console_object(&d.bucket, &d.key));
    }
    // What the key did: the step that checks for misuse opens it.
    let key_events = who.access_key.as_ref().map(|k| {
        format!(
            "https://{region}.console.aws.amazon.com/cloudtrailv2/home?region={region}#/events?AccessKeyId={}",
            encode(k)
        )
    });
    // The record's id, for a search or a query: CloudTrail's ids are UUIDs.
    let id = Some(r.event_id.as_str())
        .filter(|i| i.len() <= 64 && i.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-'))
        .unwrap_or(label(texts::V_THE_EVENT_ID));
    let record_step = |a: &mut Alert| {
        match &trail_logs {
            Some(url) => a.step_link(
                texts::S_RECORD_IN_TRAIL.fill(lang, &[("id", &id)]),
                label(texts::L_TRAIL_LOGS),
                url.clone(),
            ),
            None => a.step(texts::S_RECORD_QUERY.fill(lang, &[("id", &id)])),
        };
    };
    if trust_note.is_some() {
        a.step(label(if copy {
            texts::S_TRUSTED_COPY
        } else {
            texts::S_TRUSTED_READ
        }));
    } else if attempt == Attempt::Missing {
        a.step(label(texts::S_PROBE_WHO));
        a.step(label(if anonymous {
            texts::S_PROBE_PUBLIC_LIST
        } else {
            texts::S_PROBE_MAY_LIST
        }));
    } else if attempt == Attempt::Denied {
        a.step(label(texts::S_DENIED_WHO));
        a.step(label(texts::S_DENIED_REACHABLE));
        record_step(&mut a);
    } else {
        // Is it ours? -> deactivate -> rotate -> move. The object is
        // evidence: it is taken out of S3 last, never deleted first.
        let did = label(if copy {
            texts::V_DID_COPY
        } else {
            texts::V_DID_READ
        });
        a.step(match (ip.is_empty(), ip_owner) {
            (false, Some(p)) => texts::S_IS_IT_OURS_FROM_OWNER.fill(
                lang,
                &[
                    ("who", &who_shown),
                    ("did", &did),
                    ("ip", &ip),
                    ("owner", &p.name),
                ],
            ),
            (false, None) => texts::S_IS_IT_OURS_FROM
                .fill(lang, &[("who", &who_shown), ("did", &did), ("ip", &ip)]),
            (true, _) => texts::S_IS_IT_OURS.fill(lang, &[("who", &who_shown), ("did", &did)]),
        });
        match (&who.access_key, &who.role_arn) {
            // A role session's temporary key cannot be deactivated.
            (Some(k), Some(role)) if k.starts_with("ASIA") => {
                a.step(texts::S_REVOKE_SESSIONS.fill(lang, &[("role", role), ("key", k)]))
            }
            (Some(k), _) => a.step(texts::S_DEACTIVATE_KEY.fill(lang, &[("key", k)])),
            (None, _) if anonymous => a.step(label(texts::S_CLOSE_PUBLIC)),
            (None, _) => a.step(label(texts::S_REMOVE_ACCESS)),
        };
        a.step(label(texts::S_ROTATE));
        if copy {
            match dest.as_ref().and_then(|d| d.account.as_deref()) {
                Some(acct) if copied_out => {
                    a.step(texts::S_COPIED_OUT.fill(lang, &[("to", &to), ("account", &acct)]))
                }
                _ if dest.is_none() => a.step(label(texts::S_COPY_DELETE_UNRECORDED)),
                _ => a.step(texts::S_COPY_DELETE.fill(lang, &[("to", &to)])),
            };
        }
        a.step(label(texts::S_MOVE_SECRETS));
        match key_events {
            Some(url) => a.step_link(
                label(texts::S_CHECK_MISUSE),
                label(texts::L_CLOUDTRAIL_KEY),
                url,
            ),
            None => a.step(label(texts::S_CHECK_MISUSE)),
        };
        record_step(&mut a);
    }
    ctx.policy.apply(&mut a);
    Ok(Outcome::notify(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_file_names_match_and_look_alikes_do_not() {
        for yes in [
            ".env",
            "app/.env",
            "a/b/.env.production",
            "prod.env",
            "x/.ENV",
            ".env.local",
            ".ENV",
            "app/.Env",
            "backups/PROD.ENV",
            ".ENV.production",
            ".env.production.local",
            "web/.env.development.local",
            ".env.qa",
            ".env.uat",
            "svc/.env.prd",
        ] {
            assert!(is_env_file(yes), "{yes}");
        }
        for no in [
            "envelope.png",
            "a/.environment",
            "env",
            "a/.env/config.json",
            "dotenv.txt",
            ".envrc",
            "x/.Envrc",
            ".ENVIRONMENT",
            "ENVELOPE.PNG",
        ] {
            assert!(!is_env_file(no), "{no}");
        }
    }

    #[test]
    fn trusted_list_parses_prefixes_cidrs_and_bare_ips() {
        let t = Trusted::parse("arn:aws:iam::1:role/deploy", "10.0.0.0/8, 203.0.113.7").unwrap();
        assert_eq!(t.cidrs.len(), 2);
        assert!(t.ip("10.1.2.3").is_some());
        assert!(t.ip("203.0.113.7").is_some());
        assert!(t.ip("203.0.113.8").is_none());
        assert!(t.ip("s3.amazonaws.com").is_none());
        assert!(Trusted::parse("deploy-role", "").is_err());
        assert!(Trusted::parse("", "10.0.0.0/33").is_err());
    }

    #[test]
    fn trusted_prefixes_match_whole_arn_path_segments() {
        let t = Trusted::parse(
            "arn:aws:iam::1:role/deploy, arn:aws:iam::1:role/ci/, arn:aws:sts::1:assumed-role/deploy",
            "",
        )
        .unwrap();
        for (arn, want) in [
            ("arn:aws:iam::1:role/deploy", true),
            ("arn:aws:iam::1:role/deploy/github-actions", true),
            ("arn:aws:iam::1:role/deployer", false),
            ("arn:aws:iam::1:role/deploy-old", false),
            ("arn:aws:iam::1:role/ci/runner", true),
            ("arn:aws:iam::1:role/ci/nested/runner", true),
            ("arn:aws:iam::1:role/ci", false),
            ("arn:aws:iam::1:role/cidr", false),
            ("arn:aws:sts::1:assumed-role/deploy/session-1", true),
            ("arn:aws:sts::1:assumed-role/deployer/session-1", false),
            ("arn:aws:iam::12:role/deploy", false),
        ] {
            assert_eq!(t.principal(&[arn]).is_some(), want, "{arn}");
        }
        // Either the caller or the role behind its session may be the trusted one.
        assert_eq!(
            t.principal(&[
                "arn:aws:sts::1:assumed-role/x/session",
                "arn:aws:iam::1:role/deploy"
            ])
            .as_deref(),
            Some("arn:aws:iam::1:role/deploy")
        );
    }

    #[test]
    fn copy_sources_that_are_not_bucket_and_key_are_refused_and_bad_escapes_kept() {
        for raw in [
            "",
            "/",
            "bucket-only",
            "bucket/",
            "/key-without-bucket",
            "arn:aws:s3:eu-central-1:1:accesspoint/ap",
        ] {
            assert_eq!(parse_copy_source(raw), None, "{raw:?}");
        }
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("a%zzb%4"), "a%zzb%4");
        assert_eq!(percent_decode("%FF.env"), "%FF.env");
        assert_eq!(percent_decode("%2e%45NV"), ".ENV");
        let v = parse_copy_source("b/.env?versionId=v%2B1&partNumber=2").unwrap();
        assert_eq!((v.bucket.as_str(), v.key.as_str()), ("b", ".env"));
        assert_eq!(v.version.as_deref(), Some("v+1"));
    }

    #[test]
    fn principal_falls_back_to_role_user_or_anonymous() {
        let p = Principal::from_user_identity(
            &serde_json::json!({"type":"AssumedRole","sessionContext":{"sessionIssuer":{"arn":"arn:aws:iam::1:role/r"}}}),
        );
        assert_eq!(key_name(&p), "arn:aws:iam::1:role/r");
        let p = Principal::from_user_identity(&serde_json::json!({"type":"AWSAccount"}));
        assert!(key_name(&p).contains("anonymous"));
        assert!(shown(&p, Lang::Ja).contains("匿名"));
    }
}
