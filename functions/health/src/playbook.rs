//! What to do first, per kind of case rather than per resource type: one
//! entry per abuse-report family, and the compromised-account playbook for
//! every RISK notice. Each abuse entry asks its triage question first, then
//! gives 3-5 steps, each with a console link into the event's Region where
//! the console has a page for it.
//!
//! Which AWS guidance each entry follows:
//! - abuse reports: AWS Trust & Safety's notice (reply to the e-mail, in
//!   English, within 24 hours, with the cause and the actions) and the AWS
//!   Knowledge Center articles on abuse reports ("I received an abuse report
//!   about my AWS resources"), on outbound port 25 throttling and SES SMTP
//!   credentials, and on compromised EC2 instances (snapshot, isolate,
//!   rebuild rather than clean);
//! - RISK: AWS's "What do I do if I notice unauthorized activity in my AWS
//!   account?" (root and IAM credentials, unknown IAM users and keys,
//!   resources in every Region, billing) and the IAM guidance on exposed
//!   access keys (deactivate, rotate, remove from where it was published).

use crate::texts;
use respondby_core::i18n::T;
use respondby_core::links::encode;
use respondby_core::{Alert, Lang};

/// The families of abuse reports, by what on-call must look at first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbuseFamily {
    /// Mail sent from the account: port 25, SMTP credentials, contact
    /// forms, open relays.
    Spam,
    /// Traffic leaving an instance: denial of service, port scans, crawling,
    /// posting.
    Outbound,
    /// Log-in attempts on other people's servers, botnets: the instance is
    /// most likely compromised.
    Intrusion,
    /// Content hosted on the account: copyright, phishing, malware, illegal
    /// content. Taken down, not deleted outright.
    Content,
    /// Anything else, including types AWS adds later.
    Other,
}

/// The family of an abuse report type code (`AWS_ABUSE_EMAIL_SPAM_REPORT`,
/// or the older `AWS_ABUSE_EC2_…` form).
pub fn abuse_family(code: &str) -> AbuseFamily {
    let core = code
        .trim_start_matches("AWS_ABUSE_")
        .trim_start_matches("EC2_")
        .trim_end_matches("_REPORT");
    match core {
        "EMAIL_SPAM" => AbuseFamily::Spam,
        "DOS" | "PORT_SCANNING" | "WEBCRAWL" | "IP_CYCLING" | "FORUM_SPAM" => AbuseFamily::Outbound,
        "INTRUSION_ATTEMPT" | "BOTNET" => AbuseFamily::Intrusion,
        "COPYRIGHT_DMCA"
        | "COPYRIGHT_NON_DMCA"
        | "MALWARE_WEBSITE"
        | "PHISHING"
        | "SPAM_WEBSITE"
        | "ILLEGAL_CONTENT"
        | "PII_CONTENT_REMOVAL"
        | "TAKEDOWN_REQUEST"
        | "HATE_SPEECH"
        | "EXTREMIST_VIOLENT_CONTENT"
        | "CC_FRAUD" => AbuseFamily::Content,
        _ => AbuseFamily::Other,
    }
}

/// A well-formed Region code (`ap-south-1`), else `None` (`global`, event text).
fn region_code(r: &str) -> Option<&str> {
    let ok = (6..=25).contains(&r.len())
        && r.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && r.split('-').count() >= 3
        && r.ends_with(|c: char| c.is_ascii_digit());
    ok.then_some(r)
}

/// The Region an ARN names (`arn:aws:ec2:ap-south-1:…`), if any.
pub fn arn_region(arn: &str) -> Option<&str> {
    let mut parts = arn.strip_prefix("arn:")?.split(':');
    let _partition = parts.next()?;
    let _service = parts.next()?;
    region_code(parts.next()?)
}

/// Where the case is: the alert's Region, else the one Region all its
/// resources' ARNs name (a global abuse event about instances in
/// ap-south-1), else none.
pub fn case_region(alert: &Alert) -> Option<String> {
    if let Some(r) = region_code(&alert.region) {
        return Some(r.to_owned());
    }
    let mut found = alert.resources.iter().filter_map(|r| arn_region(r));
    let first = found.next()?;
    found.all(|r| r == first).then(|| first.to_owned())
}

/// Console pages, in one Region when the case has one (else the console
/// opens the Region the reader last used).
struct Console {
    region: Option<String>,
}

impl Console {
    fn regional(&self, service: &str, fragment: &str) -> String {
        match &self.region {
            Some(r) => {
                format!("https://{r}.console.aws.amazon.com/{service}/home?region={r}#{fragment}")
            }
            None => format!("https://console.aws.amazon.com/{service}/home#{fragment}"),
        }
    }

    /// The instances listed, filtered to the one instance when there is one.
    fn instances(&self, alert: &Alert) -> String {
        let ids: Vec<&str> = alert
            .resources
            .iter()
            .filter_map(|r| r.split_whitespace().next())
            .filter_map(|r| r.rsplit_once(":instance/").map(|(_, id)| id))
            .filter(|id| id.starts_with("i-") && id[2..].bytes().all(|b| b.is_ascii_hexdigit()))
            .collect();
        match ids.as_slice() {
            [one] => self.regional("ec2", &format!("Instances:instanceId={}", encode(one))),
            _ => self.regional("ec2", "Instances:"),
        }
    }

    fn security_groups(&self) -> String {
        self.regional("ec2", "SecurityGroups:")
    }

    fn cloudtrail(&self) -> String {
        self.regional("cloudtrailv2", "/events")
    }

    fn ses(&self) -> String {
        self.regional("ses", "/account")
    }

    fn s3(&self) -> String {
        match &self.region {
            Some(r) => format!("https://s3.console.aws.amazon.com/s3/buckets?region={r}"),
            None => "https://s3.console.aws.amazon.com/s3/buckets".to_owned(),
        }
    }
}

pub const IAM_USERS: &str = "https://console.aws.amazon.com/iam/home#/users";
pub const IAM_ROLES: &str = "https://console.aws.amazon.com/iam/home#/roles";
pub const IAM_ROOT_CREDENTIALS: &str =
    "https://console.aws.amazon.com/iam/home#/security_credentials";
pub const EC2_GLOBAL_VIEW: &str = "https://console.aws.amazon.com/ec2globalview/home#";
pub const COSTS_BY_REGION: &str =
    "https://console.aws.amazon.com/cost-management/home#/cost-explorer?groupBy=%5B%22Region%22%5D";
pub const CLOUDFRONT: &str = "https://console.aws.amazon.com/cloudfront/v4/home#/distributions";

/// A step and, where the console has a page for it, its link (the label
/// says the Region).
struct Step {
    text: T,
    link: Option<(T, String)>,
}

fn step(text: T, label: T, url: String) -> Step {
    Step {
        text,
        link: Some((label, url)),
    }
}

/// Adds the abuse report's playbook to the alert: its family's triage
/// question, its steps with their links, and how to reply.
pub fn abuse(alert: &mut Alert, code: &str, lang: Lang) {
    let region = case_region(alert);
    let c = Console {
        region: region.clone(),
    };
    let fam = abuse_family(code);
    let (triage, steps) = match fam {
        AbuseFamily::Spam => (
            texts::Q_SPAM,
            vec![
                step(
                    texts::S_SPAM_PORT25,
                    texts::L_SECURITY_GROUPS,
                    c.security_groups(),
                ),
                step(texts::S_SPAM_SMTP, texts::L_IAM_USERS, IAM_USERS.into()),
                step(texts::S_SPAM_FORMS, texts::L_SES_ACCOUNT, c.ses()),
                step(texts::S_SPAM_RELAY, texts::L_INSTANCES, c.instances(alert)),
            ],
        ),
        AbuseFamily::Outbound => (
            texts::Q_OUTBOUND,
            vec![
                step(texts::S_OUT_FIND, texts::L_INSTANCES, c.instances(alert)),
                step(
                    texts::S_OUT_STOP,
                    texts::L_SECURITY_GROUPS,
                    c.security_groups(),
                ),
                step(texts::S_OUT_HOW, texts::L_CLOUDTRAIL, c.cloudtrail()),
                step(texts::S_ABUSE_COSTS, texts::L_COSTS, COSTS_BY_REGION.into()),
            ],
        ),
        AbuseFamily::Intrusion => (
            texts::Q_INTRUSION,
            vec![
                step(texts::S_IN_ISOLATE, texts::L_INSTANCES, c.instances(alert)),
                step(
                    texts::S_IN_HOW,
                    texts::L_SECURITY_GROUPS,
                    c.security_groups(),
                ),
                step(texts::S_IN_REBUILD, texts::L_IAM_ROLES, IAM_ROLES.into()),
                step(texts::S_IN_FOOTHOLDS, texts::L_CLOUDTRAIL, c.cloudtrail()),
            ],
        ),
        AbuseFamily::Content => (
            texts::Q_CONTENT,
            vec![
                step(texts::S_CONTENT_FIND, texts::L_S3_BUCKETS, c.s3()),
                step(
                    texts::S_CONTENT_TAKEDOWN,
                    texts::L_CLOUDFRONT,
                    CLOUDFRONT.into(),
                ),
                step(
                    texts::S_CONTENT_PLANTED,
                    texts::L_CLOUDTRAIL,
                    c.cloudtrail(),
                ),
                Step {
                    text: texts::S_CONTENT_DISPUTE,
                    link: None,
                },
            ],
        ),
        AbuseFamily::Other => (
            texts::Q_OTHER,
            vec![
                step(texts::S_ABUSE_STOP, texts::L_INSTANCES, c.instances(alert)),
                step(texts::S_ABUSE_INTRUDER, texts::L_CLOUDTRAIL, c.cloudtrail()),
                step(texts::S_ABUSE_COSTS, texts::L_COSTS, COSTS_BY_REGION.into()),
            ],
        ),
    };
    alert.step(triage.get(lang));
    let place = region.as_deref().unwrap_or(texts::V_YOUR_REGION.get(lang));
    for s in steps {
        alert.step(s.text.get(lang));
        if let Some((label, url)) = s.link {
            alert.link(&label.fill(lang, &[("region", &place)]), url);
        }
    }
    alert.step(texts::S_ABUSE_REPLY.get(lang));
}

/// What a RISK notice names.
pub struct Risk<'a> {
    pub code: &'a str,
    pub key: Option<&'a str>,
    pub user: Option<&'a str>,
    pub exposed_at: Option<&'a str>,
    /// The Support case AWS opened, when its text names it.
    pub case: Option<&'a str>,
}

/// Adds the compromised-account playbook to a RISK alert: what is specific
/// to the notice first (the key to deactivate now, the console password,
/// the quarantine policy), then root and IAM credentials, unknown users,
/// every Region, billing, and the Support case.
pub fn risk(alert: &mut Alert, r: &Risk<'_>, lang: Lang) {
    let region = case_region(alert);
    let c = Console { region };
    if let Some(u) = r.user {
        alert.link(
            texts::L_IAM_USER.get(lang),
            format!(
                "https://console.aws.amazon.com/iam/home#/users/details/{}?section=security_credentials",
                encode(u)
            ),
        );
    }
    // What this notice is about.
    match (r.code, r.key) {
        ("AWS_RISK_ACCOUNT_CONSOLE_COMPROMISE", _) => {
            alert.step(match r.user {
                Some(u) => texts::S_RISK_CONSOLE_USER.fill(lang, &[("user", &u)]),
                None => texts::S_RISK_CONSOLE.get(lang).to_owned(),
            });
        }
        ("AWS_RISK_IAM_QUARANTINE", _) => {
            alert.step(match r.user {
                Some(u) => texts::S_RISK_QUARANTINE_USER.fill(lang, &[("user", &u)]),
                None => texts::S_RISK_QUARANTINE.get(lang).to_owned(),
            });
        }
        _ => {}
    }
    if r.key.is_some()
        || matches!(
            r.code,
            "AWS_RISK_CREDENTIALS_EXPOSED"
                | "AWS_RISK_CREDENTIALS_EXPOSURE_SUSPECTED"
                | "AWS_RISK_CREDENTIALS_COMPROMISED"
                | "AWS_RISK_CREDENTIALS_COMPROMISE_SUSPECTED"
        )
    {
        alert.step(match (r.key, r.user) {
            (Some(k), Some(u)) => {
                texts::S_RISK_DEACTIVATE_USER.fill(lang, &[("key", &k), ("user", &u)])
            }
            (Some(k), None) => texts::S_RISK_DEACTIVATE.fill(lang, &[("key", &k)]),
            (None, _) => texts::S_RISK_DEACTIVATE_UNKNOWN.get(lang).to_owned(),
        });
        alert.step(texts::S_RISK_NEW_KEY.get(lang));
        alert.step(match r.key {
            Some(k) => texts::S_RISK_WHAT_IT_DID.fill(lang, &[("key", &k)]),
            None => texts::S_RISK_WHAT_IT_DID_UNKNOWN.get(lang).to_owned(),
        });
        if let Some(k) = r.key {
            alert.link(
                texts::L_CLOUDTRAIL_KEY.get(lang),
                c.regional(
                    "cloudtrailv2",
                    &format!("/events?AccessKeyId={}", encode(k)),
                ),
            );
        }
        if r.exposed_at.is_some() || r.code.contains("EXPOS") {
            alert.step(match r.exposed_at {
                Some(url) => texts::S_RISK_REMOVE_AT.fill(lang, &[("url", &url)]),
                None => texts::S_RISK_REMOVE.get(lang).to_owned(),
            });
        }
    }
    match r.case {
        Some(id) => alert.link(
            &texts::L_SUPPORT_CASE.fill(lang, &[("case", &id)]),
            format!(
                "https://support.console.aws.amazon.com/support/home#/case/?displayId={}",
                encode(id)
            ),
        ),
        None => alert.link(
            texts::L_SUPPORT.get(lang),
            "https://support.console.aws.amazon.com/support/home#/".into(),
        ),
    };
    // The compromised-account playbook, whatever the notice.
    for (text, label, url) in [
        (
            texts::S_ACCOUNT_CREDENTIALS,
            texts::L_ROOT_CREDENTIALS,
            IAM_ROOT_CREDENTIALS,
        ),
        (
            texts::S_ACCOUNT_UNKNOWN_USERS,
            texts::L_IAM_USERS,
            IAM_USERS,
        ),
        (
            texts::S_ACCOUNT_EVERY_REGION,
            texts::L_EVERY_REGION,
            EC2_GLOBAL_VIEW,
        ),
        (texts::S_ACCOUNT_BILLING, texts::L_COSTS, COSTS_BY_REGION),
    ] {
        alert.step(text.get(lang));
        if !alert.links.iter().any(|l| l.url == url) {
            alert.link(label.get(lang), url.to_owned());
        }
    }
    alert.step(match r.case {
        Some(id) => texts::S_RISK_ANSWER_CASE_ID.fill(lang, &[("case", &id)]),
        None => texts::S_RISK_ANSWER_CASE.get(lang).to_owned(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_abuse_type_has_its_family_and_new_ones_fall_to_other() {
        use AbuseFamily::*;
        for (code, fam) in [
            ("AWS_ABUSE_EMAIL_SPAM_REPORT", Spam),
            ("AWS_ABUSE_EC2_EMAIL_SPAM_REPORT", Spam),
            ("AWS_ABUSE_DOS_REPORT", Outbound),
            ("AWS_ABUSE_EC2_DOS_REPORT", Outbound),
            ("AWS_ABUSE_PORT_SCANNING_REPORT", Outbound),
            ("AWS_ABUSE_WEBCRAWL_REPORT", Outbound),
            ("AWS_ABUSE_IP_CYCLING", Outbound),
            ("AWS_ABUSE_FORUM_SPAM_REPORT", Outbound),
            ("AWS_ABUSE_INTRUSION_ATTEMPT_REPORT", Intrusion),
            ("AWS_ABUSE_BOTNET_REPORT", Intrusion),
            ("AWS_ABUSE_COPYRIGHT_DMCA_REPORT", Content),
            ("AWS_ABUSE_COPYRIGHT_NON_DMCA_REPORT", Content),
            ("AWS_ABUSE_MALWARE_WEBSITE_REPORT", Content),
            ("AWS_ABUSE_PHISHING_REPORT", Content),
            ("AWS_ABUSE_SPAM_WEBSITE_REPORT", Content),
            ("AWS_ABUSE_ILLEGAL_CONTENT_REPORT", Content),
            ("AWS_ABUSE_PII_CONTENT_REMOVAL_REPORT", Content),
            ("AWS_ABUSE_TAKEDOWN_REQUEST_REPORT", Content),
            ("AWS_ABUSE_HATE_SPEECH_REPORT", Content),
            ("AWS_ABUSE_EXTREMIST_VIOLENT_CONTENT_REPORT", Content),
            ("AWS_ABUSE_CC_FRAUD_REPORT", Content),
            ("AWS_ABUSE_OPEN_PROXY_REPORT", Other),
            ("AWS_ABUSE_CONFIGURATION_REVIEW_REPORT", Other),
            ("AWS_ABUSE_BRAND_NEW_THING_REPORT", Other),
        ] {
            assert_eq!(abuse_family(code), fam, "{code}");
        }
    }

    #[test]
    fn the_region_comes_from_the_event_else_from_the_resources_arns() {
        use chrono::Utc;
        use respondby_core::{Severity, Source};
        let mut a = Alert::new(Source::Health, "k", Severity::Critical, "t", Utc::now());
        a.region = "global".into();
        assert_eq!(case_region(&a), None);
        a.resources = vec![
            "arn:aws:ec2:ap-south-1:1:instance/i-1 (IMPAIRED)".into(),
            "arn:aws:ec2:ap-south-1:1:instance/i-2".into(),
        ];
        assert_eq!(case_region(&a).as_deref(), Some("ap-south-1"));
        a.resources
            .push("arn:aws:ec2:sa-east-1:1:instance/i-3".into());
        assert_eq!(case_region(&a), None, "two Regions: none chosen");
        a.region = "eu-west-1".into();
        assert_eq!(case_region(&a).as_deref(), Some("eu-west-1"));
        for odd in [
            "arn:ec2-1-101002929",
            "arn:aws:s3:::bucket",
            "arn:aws:ec2:evil.example/x:1:i",
        ] {
            assert_eq!(arn_region(odd), None, "{odd}");
        }
    }
}
