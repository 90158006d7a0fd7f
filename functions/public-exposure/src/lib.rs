//! CloudTrail management events that expose data → alerts: an EBS snapshot,
//! an AMI or an RDS DB (cluster) snapshot made public or shared with an
//! account nobody expects, and the account-level block on public sharing
//! (EBS snapshots, AMIs) switched off. Anyone can copy a public snapshot and
//! read the disk or database in it, and AWS records no such copy in the
//! owner's account: on-call must make it private, and treat what was on it
//! as taken.
//!
//! The events ("AWS API Call via CloudTrail", sources `aws.ec2` and
//! `aws.rds`) reach EventBridge only while a trail logs management events
//! (EventBridge User Guide, "AWS service events delivered via AWS
//! CloudTrail"); `infra/cloudtrail-management-trail.yaml` is the smallest
//! such trail. The event alone says what, to whom, by whom, from where and
//! in which Region, so this function calls no AWS API.

mod commands;
pub mod known;
pub mod texts;

pub use known::{vars, Known, Standing};

use respondby_core::cloudtrail::Principal;
use respondby_core::deadline::CaseClock;
use respondby_core::event::text_at as s;
use respondby_core::event::{detail_as, read_time, Ctx, Envelope, EventError};
use respondby_core::i18n::T;
use respondby_core::links::{console_region, encode};
use respondby_core::slack::escape::one_line;
use respondby_core::time::parse_iso;
use respondby_core::{Alert, Lang, Outcome, Severity, Source, Status};
use serde::Deserialize;
use serde_json::Value;

/// The CloudTrail record (EventBridge `detail`). Our own type, as for the
/// .env reads: `aws_lambda_events`' `AWSAPICall` keeps no `errorCode` (a
/// refused attempt would read as a success) and no `recipientAccountId`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Record {
    event_name: String,
    #[serde(default)]
    event_source: Option<String>,
    /// Text: an unreadable time is noted, never an error.
    #[serde(default)]
    event_time: Option<String>,
    #[serde(rename = "eventID")]
    event_id: String,
    #[serde(default)]
    aws_region: Option<String>,
    #[serde(default)]
    user_identity: Value,
    #[serde(rename = "sourceIPAddress", default)]
    source_ip: Option<String>,
    #[serde(default)]
    user_agent: Option<String>,
    #[serde(default)]
    request_parameters: Option<Value>,
    #[serde(default)]
    response_elements: Option<Value>,
    #[serde(default)]
    error_code: Option<String>,
    #[serde(default)]
    error_message: Option<String>,
    #[serde(default)]
    recipient_account_id: Option<String>,
}

/// What was exposed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    EbsSnapshot,
    Ami,
    RdsSnapshot,
    RdsClusterSnapshot,
}

impl Kind {
    fn key(self) -> &'static str {
        match self {
            Kind::EbsSnapshot => "ebs-snapshot",
            Kind::Ami => "ami",
            Kind::RdsSnapshot => "rds-snapshot",
            Kind::RdsClusterSnapshot => "rds-cluster-snapshot",
        }
    }

    fn word(self) -> T {
        match self {
            Kind::EbsSnapshot => texts::K_EBS_SNAPSHOT,
            Kind::Ami => texts::K_AMI,
            Kind::RdsSnapshot => texts::K_RDS_SNAPSHOT,
            Kind::RdsClusterSnapshot => texts::K_RDS_CLUSTER_SNAPSHOT,
        }
    }

    fn rds(self) -> bool {
        matches!(self, Kind::RdsSnapshot | Kind::RdsClusterSnapshot)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resource {
    pub(crate) kind: Kind,
    pub(crate) id: String,
}

impl Resource {
    fn arn(&self, region: &str, account: &str) -> String {
        match self.kind {
            // EC2 snapshot and image ARNs have no account.
            Kind::EbsSnapshot => format!("arn:aws:ec2:{region}::snapshot/{}", self.id),
            Kind::Ami => format!("arn:aws:ec2:{region}::image/{}", self.id),
            Kind::RdsSnapshot => format!("arn:aws:rds:{region}:{account}:snapshot:{}", self.id),
            Kind::RdsClusterSnapshot => {
                format!(
                    "arn:aws:rds:{region}:{account}:cluster-snapshot:{}",
                    self.id
                )
            }
        }
    }

    /// Its console page, in `region` (already a console Region).
    fn console(&self, region: &str) -> (T, String) {
        let id = encode(&self.id);
        match self.kind {
            Kind::EbsSnapshot => (
                texts::L_OPEN_SNAPSHOT,
                format!("https://{region}.console.aws.amazon.com/ec2/home?region={region}#SnapshotDetails:snapshotId={id}"),
            ),
            Kind::Ami => (
                texts::L_OPEN_AMI,
                format!("https://{region}.console.aws.amazon.com/ec2/home?region={region}#ImageDetails:imageId={id}"),
            ),
            Kind::RdsSnapshot => (
                texts::L_OPEN_DB_SNAPSHOT,
                format!("https://{region}.console.aws.amazon.com/rds/home?region={region}#db-snapshot:id={id}"),
            ),
            // The console has no page of its own for one cluster snapshot
            // that we could confirm: its list.
            Kind::RdsClusterSnapshot => (
                texts::L_OPEN_DB_SNAPSHOTS,
                format!("https://{region}.console.aws.amazon.com/rds/home?region={region}#snapshots-list:"),
            ),
        }
    }
}

/// Whom a permission names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Grantee {
    /// `group: all` / `all`: public.
    Everyone,
    Account(String),
    /// An organisation ARN (AMIs only).
    Organization(String),
    /// An OU ARN (AMIs only).
    Unit(String),
    /// Anything else, as the record wrote it.
    Other(String),
}

impl Grantee {
    /// Its part of the case key.
    fn key(&self) -> &str {
        match self {
            Grantee::Everyone => "public",
            Grantee::Account(v)
            | Grantee::Organization(v)
            | Grantee::Unit(v)
            | Grantee::Other(v) => v,
        }
    }

    /// How a title names it: `account 444455556666 (vendor-x)`,
    /// `organization o-exampleorgx`.
    fn short(&self, lang: Lang, known: &Known) -> String {
        let last = |arn: &str| arn.rsplit('/').next().unwrap_or(arn).to_owned();
        match self {
            Grantee::Everyone => texts::A_EVERYONE.get(lang).to_owned(),
            Grantee::Account(a) => match known.name(a) {
                Some(n) => texts::A_ACCOUNT_NAMED.fill(lang, &[("account", a), ("name", &n)]),
                None => texts::A_ACCOUNT.fill(lang, &[("account", a)]),
            },
            Grantee::Organization(arn) => texts::A_ORGANIZATION.fill(lang, &[("id", &last(arn))]),
            Grantee::Unit(arn) => texts::A_UNIT.fill(lang, &[("id", &last(arn))]),
            Grantee::Other(v) => texts::A_OTHER.fill(lang, &[("value", v)]),
        }
    }

    /// How a fact names it: as [`Grantee::short`], with whole ARNs.
    fn long(&self, lang: Lang, known: &Known) -> String {
        match self {
            Grantee::Organization(arn) => texts::A_ORGANIZATION.fill(lang, &[("id", arn)]),
            Grantee::Unit(arn) => texts::A_UNIT.fill(lang, &[("id", arn)]),
            other => other.short(lang, known),
        }
    }

    /// How a list names it: the id and, for an account, its name.
    fn listed(&self, known: &Known) -> String {
        match self {
            Grantee::Everyone => "all".to_owned(),
            Grantee::Account(a) => match known.name(a) {
                Some(n) => format!("{a} {n}"),
                None => a.clone(),
            },
            Grantee::Organization(v) | Grantee::Unit(v) | Grantee::Other(v) => v.clone(),
        }
    }
}

impl Known {
    fn standing(&self, g: &Grantee, owner: &str) -> Standing {
        match g {
            Grantee::Everyone => Standing::Public,
            Grantee::Account(a) => self.account(a, owner),
            Grantee::Organization(arn) | Grantee::Unit(arn) => self.organisation_arn(arn),
            Grantee::Other(_) => Standing::Outside,
        }
    }
}

fn standing_word(s: Standing) -> T {
    match s {
        Standing::Public => texts::ST_PUBLIC,
        Standing::ThisAccount => texts::ST_THIS_ACCOUNT,
        Standing::Trusted => texts::ST_TRUSTED,
        Standing::Organisation => texts::ST_ORGANISATION,
        Standing::Outside => texts::ST_NOT_TRUSTED,
    }
}

/// The account-level block an event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Guard {
    EbsSnapshots,
    Amis,
}

impl Guard {
    fn key(self) -> &'static str {
        match self {
            Guard::EbsSnapshots => "ebs-snapshots",
            Guard::Amis => "amis",
        }
    }

    fn word(self) -> T {
        match self {
            Guard::EbsSnapshots => texts::G_EBS,
            Guard::Amis => texts::G_AMI,
        }
    }
}

/// What the call asked for.
enum Request {
    Permissions {
        resource: Resource,
        added: Vec<Grantee>,
        removed: Vec<Grantee>,
        /// RDS answers with who may restore the snapshot after the change.
        after: Option<Vec<String>>,
    },
    Guard {
        guard: Guard,
        /// `Disable…`, or `Enable…` with the state `unblocked`.
        off: bool,
        /// The state AWS answered with (else asked for), as AWS writes it.
        state: Option<String>,
    },
}

enum Parsed {
    Request(Request),
    Skip(String),
}

fn malformed(message: String) -> EventError {
    EventError::malformed(Source::PublicExposure, message)
}

/// The items of `permission.add` or `.remove` (`{"items": [...]}`).
fn items(permission: &Value, op: &str) -> Vec<Grantee> {
    permission
        .get(op)
        .and_then(|o| o.get("items"))
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .map(|it| {
                    if let Some(g) = s(it, &["group"]) {
                        if g == "all" {
                            Grantee::Everyone
                        } else {
                            Grantee::Other(format!("group {g}"))
                        }
                    } else if let Some(a) = s(it, &["userId"]) {
                        Grantee::Account(a)
                    } else if let Some(o) = s(it, &["organizationArn"]) {
                        Grantee::Organization(o)
                    } else if let Some(u) = s(it, &["organizationalUnitArn"]) {
                        Grantee::Unit(u)
                    } else {
                        Grantee::Other(it.to_string())
                    }
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A state field (`state`, `State`, `imageBlockPublicAccessState`) anywhere
/// in `v`: no public record of these calls was found, so wherever EC2 puts it.
fn find_state(v: &Value) -> Option<String> {
    match v {
        Value::Object(m) => m
            .iter()
            .find_map(|(k, v)| {
                (k.eq_ignore_ascii_case("state")
                    || k.eq_ignore_ascii_case("imageBlockPublicAccessState"))
                .then(|| {
                    v.as_str()
                        .filter(|s| !s.trim().is_empty())
                        .map(str::to_owned)
                })
                .flatten()
            })
            .or_else(|| m.values().find_map(find_state)),
        Value::Array(a) => a.iter().find_map(find_state),
        _ => None,
    }
}

fn parse(r: &Record) -> Result<Parsed, EventError> {
    let source = r.event_source.as_deref().unwrap_or("");
    let want = match r.event_name.as_str() {
        "ModifySnapshotAttribute"
        | "ModifyImageAttribute"
        | "DisableSnapshotBlockPublicAccess"
        | "EnableSnapshotBlockPublicAccess"
        | "DisableImageBlockPublicAccess"
        | "EnableImageBlockPublicAccess" => "ec2.amazonaws.com",
        "ModifyDBSnapshotAttribute" | "ModifyDBClusterSnapshotAttribute" => "rds.amazonaws.com",
        other => {
            return Ok(Parsed::Skip(format!(
                "{other} neither shares a snapshot or AMI nor changes the account's block on public sharing"
            )))
        }
    };
    if source != want {
        return Ok(Parsed::Skip(format!(
            "{} from eventSource {source:?} is not the {want} call",
            r.event_name
        )));
    }
    let null = Value::Null;
    let rp = r.request_parameters.as_ref().unwrap_or(&null);
    let need = |field: &str| {
        s(rp, &[field]).ok_or_else(|| {
            malformed(format!(
                "{} event has no detail.requestParameters.{field}",
                r.event_name
            ))
        })
    };
    let guard = |guard: Guard, enable: bool| {
        let state = r
            .response_elements
            .as_ref()
            .and_then(find_state)
            .or_else(|| find_state(rp));
        let off = !enable || state.as_deref() == Some("unblocked");
        Ok(Parsed::Request(Request::Guard { guard, off, state }))
    };
    match r.event_name.as_str() {
        "DisableSnapshotBlockPublicAccess" => guard(Guard::EbsSnapshots, false),
        "EnableSnapshotBlockPublicAccess" => guard(Guard::EbsSnapshots, true),
        "DisableImageBlockPublicAccess" => guard(Guard::Amis, false),
        "EnableImageBlockPublicAccess" => guard(Guard::Amis, true),
        "ModifySnapshotAttribute" | "ModifyImageAttribute" => {
            let (kind, field, id_field) = if r.event_name == "ModifySnapshotAttribute" {
                (Kind::EbsSnapshot, "createVolumePermission", "snapshotId")
            } else {
                (Kind::Ami, "launchPermission", "imageId")
            };
            let Some(permission) = rp.get(field).filter(|p| !p.is_null()) else {
                let attribute = s(rp, &["attributeType"])
                    .or_else(|| s(rp, &["attribute"]))
                    .unwrap_or_else(|| "another attribute".to_owned());
                // CREATE_VOLUME_PERMISSION, launchPermission: the permission
                // in a form we do not read. Say so; never "no permission".
                if attribute.replace('_', "").eq_ignore_ascii_case(field) {
                    return Err(malformed(format!(
                        "{} event of {attribute} has no detail.requestParameters.{field}",
                        r.event_name
                    )));
                }
                return Ok(Parsed::Skip(format!(
                    "{} of {attribute} changes no permission",
                    r.event_name
                )));
            };
            let id = need(id_field)?;
            let added = items(permission, "add");
            let removed = items(permission, "remove");
            if added.is_empty() && removed.is_empty() {
                return Err(malformed(format!(
                    "{} event has no items in detail.requestParameters.{field}.add or .remove",
                    r.event_name
                )));
            }
            Ok(Parsed::Request(Request::Permissions {
                resource: Resource { kind, id },
                added,
                removed,
                after: None,
            }))
        }
        _ => {
            let cluster = r.event_name == "ModifyDBClusterSnapshotAttribute";
            let (kind, id_field, attrs) = if cluster {
                (
                    Kind::RdsClusterSnapshot,
                    "dBClusterSnapshotIdentifier",
                    "dBClusterSnapshotAttributes",
                )
            } else {
                (
                    Kind::RdsSnapshot,
                    "dBSnapshotIdentifier",
                    "dBSnapshotAttributes",
                )
            };
            let attribute = s(rp, &["attributeName"]).unwrap_or_default();
            if attribute != "restore" {
                return Ok(Parsed::Skip(format!(
                    "{} of attribute {attribute:?} is not the restore permission",
                    r.event_name
                )));
            }
            let id = need(id_field)?;
            let values = |field: &str| -> Vec<Grantee> {
                rp.get(field)
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(|v| {
                        if v == "all" {
                            Grantee::Everyone
                        } else {
                            Grantee::Account(v.to_owned())
                        }
                    })
                    .collect()
            };
            let added = values("valuesToAdd");
            let removed = values("valuesToRemove");
            if added.is_empty() && removed.is_empty() {
                return Err(malformed(format!(
                    "{} event has no detail.requestParameters.valuesToAdd or valuesToRemove",
                    r.event_name
                )));
            }
            let after = r
                .response_elements
                .as_ref()
                .and_then(|re| re.get(attrs))
                .and_then(Value::as_array)
                .and_then(|a| {
                    a.iter()
                        .find(|x| s(x, &["attributeName"]).as_deref() == Some("restore"))
                })
                .and_then(|x| x.get("attributeValues"))
                .and_then(Value::as_array)
                .map(|v| {
                    v.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                });
            Ok(Parsed::Request(Request::Permissions {
                resource: Resource { kind, id },
                added,
                removed,
                after,
            }))
        }
    }
}

/// At most this many grantees are listed in a fact; the rest are counted.
const LISTED: usize = 10;

fn list(items: impl Iterator<Item = String>, lang: Lang) -> String {
    let all: Vec<String> = items.collect();
    let mut shown: Vec<String> = all.iter().take(LISTED).cloned().collect();
    if all.len() > LISTED {
        shown.push(texts::M_MORE.fill(lang, &[("n", &(all.len() - LISTED))]));
    }
    shown.join(", ")
}

/// What the alert is.
enum Case<'a> {
    /// Made public (`lead` is everyone), or shared with an account outside.
    Exposed {
        resource: &'a Resource,
        lead: &'a Grantee,
    },
    /// The permission of `lead` was taken off again.
    Closed {
        resource: &'a Resource,
        lead: &'a Grantee,
    },
    GuardOff(Guard),
    GuardOn(Guard),
    /// AWS refused an exposure, or it was a dry run.
    Refused {
        attempt: Attempt<'a>,
        code: &'a str,
        dry_run: bool,
    },
}

#[derive(Clone, Copy)]
enum Attempt<'a> {
    Expose {
        resource: &'a Resource,
        lead: &'a Grantee,
    },
    GuardOff(Guard),
}

pub fn normalise(env: &Envelope, ctx: &Ctx, known: &Known) -> Result<Outcome, EventError> {
    let r: Record = detail_as(Source::PublicExposure, &env.detail)?;
    let lang = ctx.lang;
    let request = match parse(&r)? {
        Parsed::Skip(reason) => return Ok(Outcome::skip(reason)),
        Parsed::Request(q) => q,
    };
    let owner = r
        .recipient_account_id
        .clone()
        .filter(|a| !a.trim().is_empty())
        .unwrap_or_else(|| env.account.clone());
    let region = r
        .aws_region
        .clone()
        .filter(|a| !a.trim().is_empty())
        .unwrap_or_else(|| env.region.clone());
    let code = r.error_code.as_deref().filter(|c| !c.trim().is_empty());
    let dry_run = code.is_some_and(|c| c.ends_with("DryRunOperation"));

    let case = match &request {
        Request::Permissions {
            resource,
            added,
            removed,
            ..
        } => {
            let outside = |g: &&Grantee| known.standing(g, &owner) == Standing::Outside;
            let lead_added = added
                .iter()
                .find(|g| **g == Grantee::Everyone)
                .or_else(|| added.iter().find(outside));
            match (code, lead_added) {
                (Some(code), Some(lead)) => Case::Refused {
                    attempt: Attempt::Expose { resource, lead },
                    code,
                    dry_run,
                },
                (Some(code), None) => {
                    return Ok(Outcome::skip(format!(
                        "{} of {} {} failed ({code}) and would have exposed nothing",
                        r.event_name,
                        resource.kind.word().en,
                        resource.id
                    )))
                }
                (None, Some(lead)) => Case::Exposed { resource, lead },
                (None, None) => {
                    let gone = removed
                        .iter()
                        .find(|g| **g == Grantee::Everyone)
                        .or_else(|| removed.iter().find(outside));
                    match gone {
                        Some(lead) => Case::Closed { resource, lead },
                        None => {
                            let named: Vec<String> = added
                                .iter()
                                .chain(removed)
                                .map(|g| {
                                    let why = match known.standing(g, &owner) {
                                        Standing::ThisAccount => "its own account",
                                        Standing::Trusted => "trusted",
                                        Standing::Organisation => "in the organisation",
                                        Standing::Public | Standing::Outside => "outside",
                                    };
                                    format!("{} ({why})", g.listed(known))
                                })
                                .collect();
                            return Ok(Outcome::skip(format!(
                                "{} {} was {} only {}: no exposure",
                                resource.kind.word().en,
                                resource.id,
                                if added.is_empty() {
                                    "unshared from"
                                } else {
                                    "shared with"
                                },
                                named.join(", ")
                            )));
                        }
                    }
                }
            }
        }
        Request::Guard { guard, off, .. } => match (code, off) {
            (Some(code), true) => Case::Refused {
                attempt: Attempt::GuardOff(*guard),
                code,
                dry_run,
            },
            (Some(code), false) => {
                return Ok(Outcome::skip(format!(
                    "{} failed ({code}): the block was not changed",
                    r.event_name
                )))
            }
            (None, true) => Case::GuardOff(*guard),
            (None, false) => Case::GuardOn(*guard),
        },
    };

    let mut notes = Vec::new();
    let at = read_time(
        "detail.eventTime",
        r.event_time.as_deref(),
        parse_iso,
        lang,
        &mut notes,
    );
    let told = env.told_at(&[("detail.eventTime", at)], ctx.received, lang, &mut notes);
    let occurred = at.filter(|t| *t <= told).unwrap_or(told);
    let who = Principal::from_user_identity(&r.user_identity);
    let who_shown = who
        .name
        .clone()
        .unwrap_or_else(|| texts::V_UNKNOWN.get(lang).to_owned());
    // Event text inside our sentences: one line, so it cannot forge a step.
    let who_step = one_line(&who_shown);
    let service = if r.event_name.contains("DB") {
        "rds"
    } else {
        "ec2"
    };

    let (severity, status, class) = match &case {
        Case::Exposed { lead, .. } if **lead == Grantee::Everyone => {
            (Severity::Critical, Status::Open, "exposure.public")
        }
        Case::Exposed { .. } => (Severity::High, Status::Open, "exposure.account"),
        Case::Closed { lead, .. } if **lead == Grantee::Everyone => {
            (Severity::Info, Status::Recovered, "exposure.public")
        }
        Case::Closed { .. } => (Severity::Info, Status::Recovered, "exposure.account"),
        Case::GuardOff(_) => (Severity::High, Status::Open, "exposure.guard"),
        Case::GuardOn(_) => (Severity::Info, Status::Recovered, "exposure.guard"),
        Case::Refused { .. } => (Severity::Low, Status::Open, "exposure.refused"),
    };
    let state = match &request {
        Request::Guard { state, .. } => state.clone(),
        Request::Permissions { .. } => None,
    };
    let kind_word = |res: &Resource| res.kind.word().get(lang);
    let title = match &case {
        Case::Exposed { resource, lead } if **lead == Grantee::Everyone => texts::T_MADE_PUBLIC
            .fill(
                lang,
                &[("kind", &kind_word(resource)), ("id", &resource.id)],
            ),
        Case::Exposed { resource, lead } => texts::T_SHARED.fill(
            lang,
            &[
                ("kind", &kind_word(resource)),
                ("id", &resource.id),
                ("audience", &lead.short(lang, known)),
            ],
        ),
        Case::Closed { resource, lead } if **lead == Grantee::Everyone => texts::T_PRIVATE_AGAIN
            .fill(
                lang,
                &[("kind", &kind_word(resource)), ("id", &resource.id)],
            ),
        Case::Closed { resource, lead } => texts::T_UNSHARED.fill(
            lang,
            &[
                ("kind", &kind_word(resource)),
                ("id", &resource.id),
                ("audience", &lead.short(lang, known)),
            ],
        ),
        Case::GuardOff(g) => {
            texts::T_GUARD_OFF.fill(lang, &[("guard", &g.word().get(lang)), ("region", &region)])
        }
        Case::GuardOn(g) => texts::T_GUARD_ON.fill(
            lang,
            &[
                ("guard", &g.word().get(lang)),
                ("region", &region),
                (
                    "state",
                    &state
                        .clone()
                        .unwrap_or_else(|| texts::V_NOT_RECORDED.get(lang).to_owned()),
                ),
            ],
        ),
        Case::Refused {
            attempt,
            code,
            dry_run,
        } => match (attempt, dry_run) {
            (Attempt::Expose { resource, lead }, false) if **lead == Grantee::Everyone => {
                texts::T_REFUSED_PUBLIC.fill(
                    lang,
                    &[
                        ("kind", &kind_word(resource)),
                        ("id", &resource.id),
                        ("code", code),
                    ],
                )
            }
            (Attempt::Expose { resource, lead }, false) => texts::T_REFUSED_SHARE.fill(
                lang,
                &[
                    ("kind", &kind_word(resource)),
                    ("id", &resource.id),
                    ("audience", &lead.short(lang, known)),
                    ("code", code),
                ],
            ),
            (Attempt::Expose { resource, lead }, true) if **lead == Grantee::Everyone => {
                texts::T_DRY_RUN_PUBLIC.fill(
                    lang,
                    &[("kind", &kind_word(resource)), ("id", &resource.id)],
                )
            }
            (Attempt::Expose { resource, lead }, true) => texts::T_DRY_RUN_SHARE.fill(
                lang,
                &[
                    ("kind", &kind_word(resource)),
                    ("id", &resource.id),
                    ("audience", &lead.short(lang, known)),
                ],
            ),
            (Attempt::GuardOff(g), false) => texts::T_REFUSED_GUARD.fill(
                lang,
                &[
                    ("guard", &g.word().get(lang)),
                    ("region", &region),
                    ("code", code),
                ],
            ),
            (Attempt::GuardOff(g), true) => texts::T_DRY_RUN_GUARD
                .fill(lang, &[("guard", &g.word().get(lang)), ("region", &region)]),
        },
    };

    let mut a = Alert::new(
        Source::PublicExposure,
        format!("{service}:{}", r.event_name),
        severity,
        title,
        occurred,
    );
    a.status = status;
    a.notes = notes;
    a.clock = CaseClock::new(class, told);
    a.account = owner.clone();
    a.region = region.clone();
    a.dedup_key = format!("public-exposure:{}", r.event_id);
    a.case_key = match &case {
        Case::Exposed { resource, lead } | Case::Closed { resource, lead } => format!(
            "public-exposure:{owner}:{region}:{}/{}:{}",
            resource.kind.key(),
            resource.id,
            lead.key()
        ),
        Case::GuardOff(g) | Case::GuardOn(g) => format!(
            "public-exposure:{owner}:{region}:block-public-access:{}",
            g.key()
        ),
        // An attempt is a case of its own: a later success is a new page,
        // not an update of this quiet one.
        Case::Refused { .. } => format!("public-exposure:refused:{}", r.event_id),
    };
    let category = match &case {
        Case::Exposed { lead, .. } if **lead == Grantee::Everyone => "public",
        Case::Exposed { .. } => "account",
        Case::Closed { .. } => "closed",
        Case::GuardOff(_) | Case::GuardOn(_) => "guard",
        Case::Refused { .. } => "refused",
    };
    let ip = r.source_ip.clone().unwrap_or_default();
    let caller = who
        .arn
        .as_deref()
        .or(who.access_key.as_deref())
        .or(who.name.as_deref())
        .or(Some(ip.as_str()).filter(|i| !i.is_empty()))
        .unwrap_or("unknown");
    // Each resource exposed is a case of its own, posted at once: only its
    // repeats fold. Refused attempts fold by caller (a script probing).
    a.group_key = match &case {
        Case::Exposed { resource, .. } | Case::Closed { resource, .. } => format!(
            "public-exposure:{category}:{caller}:{}/{}",
            resource.kind.key(),
            resource.id
        ),
        Case::GuardOff(g) | Case::GuardOn(g) => {
            format!("public-exposure:{category}:{caller}:{}:{region}", g.key())
        }
        Case::Refused { .. } => format!("public-exposure:{category}:{caller}"),
    };
    a.fold_member = Some(match &case {
        Case::Exposed { resource, lead }
        | Case::Closed { resource, lead }
        | Case::Refused {
            attempt: Attempt::Expose { resource, lead },
            ..
        } => texts::M_FOLD.fill(
            lang,
            &[("id", &resource.id), ("audience", &lead.short(lang, known))],
        ),
        Case::GuardOff(g)
        | Case::GuardOn(g)
        | Case::Refused {
            attempt: Attempt::GuardOff(g),
            ..
        } => format!("{} ({region})", g.word().get(lang)),
    });

    // Facts.
    let label = |t: T| t.get(lang);
    if let Request::Permissions {
        resource,
        added,
        removed,
        after,
    } = &request
    {
        a.fact(label(texts::F_RESOURCE_TYPE), kind_word(resource))
            .fact(label(texts::F_RESOURCE), &resource.id);
        a.resources = vec![resource.arn(&region, &owner)];
        let lead = match &case {
            Case::Exposed { lead, .. }
            | Case::Closed { lead, .. }
            | Case::Refused {
                attempt: Attempt::Expose { lead, .. },
                ..
            } => Some(*lead),
            _ => None,
        };
        let closed = matches!(case, Case::Closed { .. });
        if let Some(lead) = lead {
            a.fact(
                label(if closed {
                    texts::F_NO_LONGER_SHARED_WITH
                } else {
                    texts::F_SHARED_WITH
                }),
                lead.long(lang, known),
            );
            if matches!(case, Case::Exposed { .. }) {
                let checked = match lead {
                    Grantee::Everyone => None,
                    Grantee::Account(_) if known.knows_organisation() => {
                        Some(texts::V_CHECKED_BOTH)
                    }
                    Grantee::Account(_) => Some(texts::V_CHECKED_TRUSTED_ONLY),
                    _ => Some(texts::V_CHECKED_NOT_TRUSTED),
                };
                a.fact_opt(label(texts::F_ACCOUNT_CHECKED), checked.map(label));
            }
        }
        let others = |gs: &[Grantee]| {
            list(
                gs.iter().filter(|g| Some(*g) != lead).map(|g| {
                    texts::M_LISTED.fill(
                        lang,
                        &[
                            ("who", &g.listed(known)),
                            ("standing", &label(standing_word(known.standing(g, &owner)))),
                        ],
                    )
                }),
                lang,
            )
        };
        if closed {
            a.fact(label(texts::F_ALSO_REMOVED), others(removed));
        } else {
            a.fact(label(texts::F_ALSO_SHARED_WITH), others(added))
                .fact(label(texts::F_ALSO_REMOVED), others(removed));
        }
        if let Some(after) = after {
            a.fact(
                label(texts::F_RESTORABLE_BY),
                if after.is_empty() {
                    label(texts::V_NOBODY).to_owned()
                } else {
                    list(after.iter().cloned(), lang)
                },
            );
        }
    } else {
        a.fact(
            label(texts::F_BLOCK_STATE),
            state
                .clone()
                .unwrap_or_else(|| label(texts::V_NOT_RECORDED).to_owned()),
        );
    }
    if let (Case::Refused { code, dry_run, .. }, msg) = (&case, &r.error_message) {
        a.fact(
            label(texts::F_RESULT),
            match (dry_run, msg) {
                (true, _) => texts::V_DRY_RUN.fill(lang, &[("code", code)]),
                (false, Some(m)) => {
                    texts::V_REFUSED_MESSAGE.fill(lang, &[("code", code), ("message", m)])
                }
                (false, None) => texts::V_REFUSED.fill(lang, &[("code", code)]),
            },
        );
    }
    who.facts(&mut a, &who_shown, Some(owner.as_str()), &ip, lang)
        .fact_opt(label(texts::F_USER_AGENT), r.user_agent.clone())
        .fact(label(texts::F_EVENT_ID), &r.event_id);

    // Links, in the event's Region.
    let console = console_region(&region).to_owned();
    if let Request::Permissions { resource, .. } = &request {
        let (l, url) = resource.console(&console);
        a.link(label(l), url);
    }
    a.link(
        label(texts::L_CLOUDTRAIL_EVENT),
        format!(
            "https://{console}.console.aws.amazon.com/cloudtrailv2/home?region={console}#/events/{}",
            encode(&r.event_id)
        ),
    );
    if let Some(k) = &who.access_key {
        a.link(
            label(texts::L_CLOUDTRAIL_KEY),
            format!(
                "https://{console}.console.aws.amazon.com/cloudtrailv2/home?region={console}#/events?AccessKeyId={}",
                encode(k)
            ),
        );
    }

    steps(&mut a, &case, &state, &region, &who, &who_step, known, lang);
    ctx.policy.apply(&mut a);
    Ok(Outcome::notify(a))
}

/// What to do, in the order the issue asks: did your team mean it; make it
/// private; who may have a copy; the account-level block; what is on it;
/// the secrets on it; the key that did it.
#[allow(clippy::too_many_arguments)]
fn steps(
    a: &mut Alert,
    case: &Case,
    state: &Option<String>,
    region: &str,
    who: &Principal,
    who_step: &str,
    known: &Known,
    lang: Lang,
) {
    let label = |t: T| t.get(lang);
    let key_step = |a: &mut Alert| {
        a.step(match &who.access_key {
            Some(k) => texts::S_KEY.fill(lang, &[("key", &one_line(k))]),
            None => texts::S_PRINCIPAL.fill(lang, &[("who", &who_step)]),
        });
    };
    match case {
        Case::Exposed { resource, lead } => {
            let public = **lead == Grantee::Everyone;
            let audience = one_line(&lead.short(lang, known));
            if public {
                a.step(texts::S_ASK_PUBLIC.fill(lang, &[("who", &who_step)]));
            } else {
                a.step(
                    texts::S_ASK_SHARE.fill(lang, &[("audience", &audience), ("who", &who_step)]),
                );
            }
            let console = label(match (resource.kind, public) {
                (Kind::EbsSnapshot, true) => texts::C_EBS_PUBLIC,
                (Kind::EbsSnapshot, false) => texts::C_EBS_SHARED,
                (Kind::Ami, true) => texts::C_AMI_PUBLIC,
                (Kind::Ami, false) => texts::C_AMI_SHARED,
                (_, true) => texts::C_RDS_PUBLIC,
                (_, false) => texts::C_RDS_SHARED,
            });
            a.step(match (commands::remove(region, resource, lead), public) {
                (Some(c), true) => {
                    texts::S_PRIVATE_COMMAND.fill(lang, &[("console", &console), ("command", &c)])
                }
                (None, true) => texts::S_PRIVATE_CONSOLE.fill(lang, &[("console", &console)]),
                (Some(c), false) => texts::S_UNSHARE_COMMAND.fill(
                    lang,
                    &[
                        ("audience", &audience),
                        ("console", &console),
                        ("command", &c),
                    ],
                ),
                (None, false) => texts::S_UNSHARE_CONSOLE
                    .fill(lang, &[("audience", &audience), ("console", &console)]),
            });
            if !public {
                a.step(texts::S_NO_LOG_SHARED.fill(lang, &[("audience", &audience)]));
            } else if resource.kind.rds() {
                a.step(label(texts::S_NO_LOG_RDS));
            } else {
                a.step(label(texts::S_NO_LOG_EC2));
            }
            if public {
                match (
                    resource.kind,
                    commands::block(region, resource.kind == Kind::EbsSnapshot),
                ) {
                    (Kind::EbsSnapshot, Some(c)) => {
                        a.step(texts::S_BLOCK_EBS.fill(lang, &[("command", &c)]))
                    }
                    (Kind::Ami, Some(c)) => {
                        a.step(texts::S_BLOCK_AMI.fill(lang, &[("command", &c)]))
                    }
                    (Kind::EbsSnapshot | Kind::Ami, None) => {
                        a.step(label(texts::S_BLOCK_REGION_CONSOLE))
                    }
                    (_, _) => a.step(label(texts::S_BLOCK_RDS)),
                };
            }
            a.step(label(match resource.kind {
                Kind::EbsSnapshot => texts::S_DATA_EBS,
                Kind::Ami => texts::S_DATA_AMI,
                Kind::RdsSnapshot | Kind::RdsClusterSnapshot => texts::S_DATA_RDS,
            }));
            a.step(label(texts::S_ROTATE));
            key_step(a);
        }
        Case::Closed { lead, .. } => {
            if **lead == Grantee::Everyone {
                a.step(label(texts::S_PUBLIC_UNTIL_NOW));
            } else {
                a.step(
                    texts::S_SHARED_UNTIL_NOW
                        .fill(lang, &[("audience", &one_line(&lead.short(lang, known)))]),
                );
            }
            a.step(label(texts::S_ROTATE));
        }
        Case::GuardOff(g) => {
            let ebs = *g == Guard::EbsSnapshots;
            a.step(texts::S_ASK_GUARD.fill(lang, &[("who", &who_step)]));
            match commands::block(region, ebs) {
                Some(c) => a.step(texts::S_GUARD_ON_COMMAND.fill(lang, &[("command", &c)])),
                None => a.step(label(texts::S_GUARD_ON_CONSOLE)),
            };
            if let Some(c) = commands::list_public(region, ebs) {
                a.step(
                    if ebs {
                        texts::S_LIST_PUBLIC_EBS
                    } else {
                        texts::S_LIST_PUBLIC_AMI
                    }
                    .fill(lang, &[("command", &c)]),
                );
            }
            key_step(a);
        }
        Case::GuardOn(g) => {
            let ebs = *g == Guard::EbsSnapshots;
            if let Some(c) = commands::list_public(region, ebs) {
                let step = match (ebs, state.as_deref()) {
                    (false, _) => texts::S_GUARD_BACK_AMI,
                    (true, Some("block-all-sharing")) => texts::S_GUARD_BACK_ALL,
                    (true, Some("block-new-sharing")) => texts::S_GUARD_BACK_NEW_EBS,
                    (true, _) => texts::S_GUARD_BACK_EBS_UNKNOWN,
                };
                a.step(step.fill(lang, &[("command", &c)]));
            }
        }
        Case::Refused {
            attempt,
            code,
            dry_run,
            ..
        } => {
            let code = one_line(code);
            let step = match (attempt, dry_run) {
                (Attempt::Expose { .. }, false) => {
                    texts::S_REFUSED.fill(lang, &[("code", &code), ("who", &who_step)])
                }
                (Attempt::Expose { .. }, true) => {
                    texts::S_DRY_RUN.fill(lang, &[("who", &who_step)])
                }
                (Attempt::GuardOff(_), false) => {
                    texts::S_REFUSED_GUARD.fill(lang, &[("code", &code), ("who", &who_step)])
                }
                (Attempt::GuardOff(_), true) => {
                    texts::S_DRY_RUN_GUARD.fill(lang, &[("who", &who_step)])
                }
            };
            a.step(step);
            key_step(a);
        }
    }
}
