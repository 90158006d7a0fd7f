//! CloudTrail S3 data events on `.env` files → alerts: `GetObject`, and
//! `CopyObject`/`UploadPartCopy` whose source is a `.env` (a server-side copy
//! reads the file without downloading it). A `.env` file usually holds live
//! secrets (SMTP keys, database passwords); a read by anyone unexpected means
//! those secrets must be treated as leaked.

use ipnet::IpNet;
use respondby_core::deadline::{banded, CaseClock};
use respondby_core::event::{detail_as, read_time, Ctx, Envelope, EventError};
use respondby_core::links::{console_region, encode};
use respondby_core::time::{human_utc, parse_iso};
use respondby_core::{Alert, ConfigError, Outcome, Severity, Source};
use serde::Deserialize;
use serde_json::Value;
use std::net::IpAddr;

/// Environment variables of this function.
pub mod vars {
    pub const TRUSTED_PRINCIPALS: &str = "TRUSTED_PRINCIPALS";
    pub const TRUSTED_CIDRS: &str = "TRUSTED_CIDRS";
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
}

fn s(v: &Value, path: &[&str]) -> Option<String> {
    let mut cur = v;
    for p in path {
        cur = cur.get(p)?;
    }
    cur.as_str()
        .filter(|x| !x.trim().is_empty())
        .map(str::to_owned)
}

/// Who made the call, as well as CloudTrail says.
#[derive(Debug, Clone, PartialEq)]
pub struct Principal {
    pub kind: String,
    /// ARN, else the role behind the session, else the user name or principal id.
    pub name: String,
    pub arn: Option<String>,
    pub role_arn: Option<String>,
    pub access_key: Option<String>,
    pub account: Option<String>,
    pub invoked_by: Option<String>,
}

pub fn principal(ui: &Value) -> Principal {
    let kind = s(ui, &["type"]).unwrap_or_else(|| "Unknown".to_owned());
    let arn = s(ui, &["arn"]);
    let role_arn = s(ui, &["sessionContext", "sessionIssuer", "arn"]);
    let name = arn
        .clone()
        .or_else(|| role_arn.clone())
        .or_else(|| s(ui, &["userName"]))
        .or_else(|| s(ui, &["principalId"]))
        .or_else(|| s(ui, &["invokedBy"]))
        .unwrap_or_else(|| match kind.as_str() {
            "AWSAccount" | "Unknown" => "anonymous (no AWS credentials)".to_owned(),
            _ => "unknown".to_owned(),
        });
    Principal {
        kind,
        name,
        arn,
        role_arn,
        access_key: s(ui, &["accessKeyId"]),
        account: s(ui, &["accountId"]),
        invoked_by: s(ui, &["invokedBy"]),
    }
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

pub fn normalise(env: &Envelope, ctx: &Ctx, trusted: &Trusted) -> Result<Outcome, EventError> {
    let r: Record = detail_as(Source::EnvFile, &env.detail)?;
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
    let who = principal(&r.user_identity);
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
    let owner = r
        .recipient_account_id
        .clone()
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
    let mut trust_note = None;
    if let Some(p) = &trusted_principal {
        severity = severity.lowered().lowered();
        trust_note = Some(format!("principal {p} is on the trusted list"));
    } else if let Some(net) = trusted_net {
        severity = severity.lowered().lowered();
        trust_note = Some(format!("source IP is in trusted network {net}"));
    }

    let file = key.rsplit('/').next().unwrap_or(&key).to_owned();
    let to = dest
        .as_ref()
        .map(|d| format!("s3://{}/{}", d.bucket, d.key))
        .unwrap_or_else(|| "an unrecorded destination".to_owned());
    let title = match attempt {
        Attempt::Missing => {
            format!("Probe for {file} in s3://{bucket}: the file does not exist")
        }
        Attempt::Denied if copy => format!("Denied attempt to copy {file} out of s3://{bucket}"),
        Attempt::Denied => format!("Denied attempt to read {file} in s3://{bucket}"),
        Attempt::Succeeded if copy => {
            format!("{file} in s3://{bucket} was copied to {to} by {}", who.name)
        }
        Attempt::Succeeded if anonymous => {
            format!("{file} in s3://{bucket} was read anonymously: the object is public")
        }
        Attempt::Succeeded => format!("{file} in s3://{bucket} was read by {}", who.name),
    };
    let kind = format!("s3:{}", r.event_name);
    let mut a = Alert::new(Source::EnvFile, kind, severity, title, at);
    a.notes = notes;
    a.clock = CaseClock::new(banded("env", severity), told);
    a.case_key = format!("env-file:{}", r.event_id);
    a.account = owner;
    a.region = r.aws_region.clone().unwrap_or_else(|| env.region.clone());
    a.dedup_key = format!("env-file:{}", r.event_id);
    a.group_key = if attempt == Attempt::Missing {
        // Probes fold apart from reads, so a scanner's flood of misses never
        // hides a real read; an anonymous scanner is known only by its address.
        format!(
            "env-file:probe:{}:{bucket}",
            who.arn
                .as_deref()
                .or(who.access_key.as_deref())
                .or(Some(ip.as_str()).filter(|i| !i.is_empty()))
                .unwrap_or(&who.name)
        )
    } else {
        // env-file:GetObject:<principal> for reads, as it always was.
        format!(
            "env-file:{}:{}",
            r.event_name,
            who.arn
                .as_deref()
                .or(who.access_key.as_deref())
                .unwrap_or(&who.name)
        )
    };
    // What each folded repeat was: the object (and, for a caller known only
    // by its address, where from), so a flood's summary lists every object.
    a.fold_member = Some(match (&who.arn, &who.access_key, ip.is_empty()) {
        (None, None, false) => format!("s3://{bucket}/{key} from {ip}"),
        _ => format!("s3://{bucket}/{key}"),
    });

    if let Some(d) = dest.as_ref().filter(|_| copy) {
        a.fact("Source bucket", &bucket)
            .fact("Source key", &key)
            .fact_opt("Source version", version.clone())
            .fact("Destination bucket", &d.bucket)
            .fact("Destination key", &d.key)
            .fact_opt("Destination account", d.account.clone());
    } else if copy {
        a.fact("Source bucket", &bucket)
            .fact("Source key", &key)
            .fact_opt("Source version", version.clone())
            .fact("Destination", "(not recorded)");
    } else {
        a.fact("Bucket", &bucket).fact("Key", &key);
    }
    a.fact(
        "Result",
        match (attempt, &r.error_code, &r.error_message) {
            (Attempt::Missing, Some(c), Some(m)) => {
                format!("PROBE: the file does not exist ({c}: {m})")
            }
            (Attempt::Missing, Some(c), None) => {
                format!("PROBE: the file does not exist ({c})")
            }
            (_, Some(c), Some(m)) => format!("DENIED: {c} ({m})"),
            (_, Some(c), None) => format!("DENIED: {c}"),
            _ if copy => "SUCCESS: the file was copied".to_owned(),
            _ => "SUCCESS: the file was read".to_owned(),
        },
    )
    .fact("Principal type", &who.kind)
    .fact("Principal", &who.name)
    .fact_opt(
        "Role",
        who.role_arn.clone().filter(|r| Some(r) != who.arn.as_ref()),
    )
    .fact_opt("Access key", who.access_key.clone())
    .fact_opt("Caller account", who.account.clone())
    .fact_opt("Invoked by", who.invoked_by.clone())
    .fact(
        "Source IP",
        if ip.is_empty() {
            "(none recorded)".to_owned()
        } else {
            ip.clone()
        },
    )
    .fact_opt("User agent", r.user_agent.clone())
    .fact("Presigned URL", if presigned { "yes" } else { "no" })
    .fact(if copy { "Copied at" } else { "Read at" }, human_utc(at))
    .fact_opt(
        "Bytes read",
        r.additional_event_data
            .as_ref()
            .filter(|_| attempt != Attempt::Missing && !copy)
            .and_then(|d| d.get("bytesTransferredOut"))
            .and_then(|b| b.as_f64())
            .map(|b| format!("{b:.0}")),
    )
    .fact_opt("Trusted", trust_note.clone());
    a.resources = vec![source.arn()];
    if let Some(d) = &dest {
        a.resources
            .push(format!("arn:aws:s3:::{}/{}", d.bucket, d.key));
    }

    let region = console_region(&a.region).to_owned();
    a.link(
        "CloudTrail event",
        format!(
            "https://{region}.console.aws.amazon.com/cloudtrailv2/home?region={region}#/events/{}",
            encode(&r.event_id)
        ),
    );
    let console_object = |bucket: &str, key: &str| {
        format!(
            "https://s3.console.aws.amazon.com/s3/object/{}?region={region}&prefix={}",
            encode(bucket),
            encode(key)
        )
    };
    if !bucket.starts_with("arn:") {
        a.link("Open the object", console_object(&bucket, &key));
    }
    if let Some(d) = dest.as_ref().filter(|_| attempt == Attempt::Succeeded) {
        a.link("Open the copy", console_object(&d.bucket, &d.key));
    }
    if let Some(k) = &who.access_key {
        a.link(
            "CloudTrail: calls with this key",
            format!(
                "https://{region}.console.aws.amazon.com/cloudtrailv2/home?region={region}#/events?AccessKeyId={}",
                encode(k)
            ),
        );
    }
    if trust_note.is_some() {
        a.step(if copy {
            "Confirm this copy was expected (a backup or a deploy); nothing else to do if so."
        } else {
            "Confirm this read was expected (a deploy or the application itself); nothing else to do if so."
        });
    } else if attempt == Attempt::Missing {
        a.step("Someone asked for a secrets file that is not there: scanners probe for .env files. Find out who this is and from where; repeated probes mean the bucket is being searched.");
        if anonymous {
            a.step("S3 answers \"no such key\" instead of \"access denied\" only to callers allowed to list the bucket: anyone can list this bucket's keys. Turn on S3 Block Public Access and remove public s3:ListBucket from the bucket policy and ACLs.");
        } else {
            a.step("This caller may list the bucket (S3 answers \"no such key\" instead of \"access denied\" only to callers with s3:ListBucket): check that it should.");
        }
    } else if attempt == Attempt::Denied {
        a.step("Someone tried to read a secrets file and was refused: find out who this principal is and from where.");
        a.step("Make sure the file is not reachable another way (public access, other principals) and that it does not need to be in S3 at all.");
    } else {
        a.step("Treat every secret in this file as leaked: rotate the SMTP credentials, API keys and database passwords it contains, now.");
        if copy {
            match dest.as_ref().and_then(|d| d.account.as_deref()) {
                Some(acct) if copied_out => a.step(format!("The copy {to} is in a bucket of account {acct}, not this one: the file has left your account. Find out whose account that is.")),
                _ => a.step(format!("The copy {to} holds the same secrets: delete it, unless you know why it was made.")),
            };
        }
        match &who.access_key {
            Some(k) => a.step(format!("If this principal is not yours or should not read it, deactivate access key {k} in IAM.")),
            None => a.step("If this principal should not read it, remove its access to the bucket."),
        };
        if anonymous || presigned {
            a.step("Close public access: enable S3 Block Public Access on the bucket and check bucket policy and ACLs.");
        }
        a.step("Move secrets out of .env files in S3 into Secrets Manager or SSM Parameter Store, and delete the object.");
        a.step("Check for misuse since the read: SES sending (spam), IAM changes, new EC2 instances in every region.");
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
        let p = principal(
            &serde_json::json!({"type":"AssumedRole","sessionContext":{"sessionIssuer":{"arn":"arn:aws:iam::1:role/r"}}}),
        );
        assert_eq!(p.name, "arn:aws:iam::1:role/r");
        let p = principal(&serde_json::json!({"type":"AWSAccount"}));
        assert!(p.name.contains("anonymous"));
    }
}
