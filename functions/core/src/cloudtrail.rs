//! Who made a call that CloudTrail recorded (`detail.userIdentity` of an
//! `AWS API Call via CloudTrail` event), and the facts that show the
//! caller. One room for every source that reads CloudTrail events.

use crate::alert::Alert;
use crate::event::text_at as s;
use crate::i18n::{ui, values::aws::IDENTITY_TYPE, Lang};
use serde_json::Value;

/// Who made the call, as well as CloudTrail says.
#[derive(Debug, Clone, PartialEq)]
pub struct Principal {
    /// `userIdentity.type` (`IAMUser`, `AssumedRole`, …); `Unknown` when absent.
    pub kind: String,
    /// The ARN, else the role behind the session, the user name, the
    /// principal id or the invoking service; `None` when CloudTrail names no
    /// one (each source says what such a caller is called).
    pub name: Option<String>,
    pub arn: Option<String>,
    /// The role behind an assumed-role session.
    pub role_arn: Option<String>,
    pub access_key: Option<String>,
    pub account: Option<String>,
    pub invoked_by: Option<String>,
}

impl Principal {
    /// Reads `detail.userIdentity`; whatever is missing stays `None`.
    pub fn from_user_identity(ui: &Value) -> Principal {
        let arn = s(ui, &["arn"]);
        let role_arn = s(ui, &["sessionContext", "sessionIssuer", "arn"]);
        Principal {
            kind: s(ui, &["type"]).unwrap_or_else(|| "Unknown".to_owned()),
            name: arn
                .clone()
                .or_else(|| role_arn.clone())
                .or_else(|| s(ui, &["userName"]))
                .or_else(|| s(ui, &["principalId"]))
                .or_else(|| s(ui, &["invokedBy"])),
            arn,
            role_arn,
            access_key: s(ui, &["accessKeyId"]),
            account: s(ui, &["accountId"]),
            invoked_by: s(ui, &["invokedBy"]),
        }
    }

    /// The caller's facts, in this order: the principal's type, `shown`
    /// (its name, or the source's words for a caller CloudTrail does not
    /// name), the role behind a session when it is not the ARN itself, the
    /// access key, the caller's account unless it is `owner`, the service
    /// that made the call, and `source_ip` (the record's
    /// `sourceIPAddress`; "none recorded" when empty).
    pub fn facts<'a>(
        &self,
        a: &'a mut Alert,
        shown: &str,
        owner: Option<&str>,
        source_ip: &str,
        lang: Lang,
    ) -> &'a mut Alert {
        a.fact(
            ui::F_PRINCIPAL_TYPE.get(lang),
            IDENTITY_TYPE.show(&self.kind, lang),
        )
        .fact(ui::F_PRINCIPAL.get(lang), shown)
        .fact_opt(
            ui::F_ROLE.get(lang),
            self.role_arn
                .clone()
                .filter(|r| Some(r) != self.arn.as_ref()),
        )
        .fact_opt(ui::F_ACCESS_KEY.get(lang), self.access_key.clone())
        .fact_opt(
            ui::F_CALLER_ACCOUNT.get(lang),
            self.account.clone().filter(|c| Some(c.as_str()) != owner),
        )
        .fact_opt(ui::F_INVOKED_BY.get(lang), self.invoked_by.clone())
        .fact(
            ui::F_SOURCE_IP.get(lang),
            if source_ip.is_empty() {
                ui::V_NONE_RECORDED.get(lang)
            } else {
                source_ip
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alert::{Severity, Source};
    use serde_json::json;

    #[test]
    fn the_name_falls_back_to_the_role_user_principal_id_and_service_and_is_none_without_them() {
        let p = |v: Value| Principal::from_user_identity(&v);
        let role = p(json!({"type":"AssumedRole",
            "sessionContext":{"sessionIssuer":{"arn":"arn:aws:iam::1:role/r"}}}));
        assert_eq!(role.name.as_deref(), Some("arn:aws:iam::1:role/r"));
        assert_eq!(role.kind, "AssumedRole");
        assert_eq!(
            p(json!({"type":"IAMUser","userName":"ci"})).name.as_deref(),
            Some("ci")
        );
        assert_eq!(
            p(json!({"type":"AWSService","invokedBy":"ec2.amazonaws.com"}))
                .name
                .as_deref(),
            Some("ec2.amazonaws.com")
        );
        let nobody = p(json!({"type":"AWSAccount","principalId":"  "}));
        assert_eq!((nobody.name, nobody.kind.as_str()), (None, "AWSAccount"));
        assert_eq!(p(json!({})).kind, "Unknown");
    }

    #[test]
    fn the_facts_leave_out_the_owner_account_and_a_role_that_is_the_arn_and_end_with_the_source_ip()
    {
        let who = Principal::from_user_identity(&json!({
            "type":"AssumedRole","arn":"arn:aws:sts::444455556666:assumed-role/r/s",
            "accountId":"444455556666","accessKeyId":"ASIAEXAMPLE",
            "sessionContext":{"sessionIssuer":{"arn":"arn:aws:iam::444455556666:role/r"}}}));
        let t = chrono::Utc::now();
        let mut a = Alert::new(Source::Health, "x", Severity::High, "t", t);
        who.facts(&mut a, "shown", None, "203.0.113.9", Lang::En);
        let labels: Vec<&str> = a.facts.iter().map(|f| f.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Principal type",
                "Principal",
                "Role",
                "Access key",
                "Caller account",
                "Source IP"
            ]
        );
        assert_eq!(a.facts[1].value, "shown");
        assert_eq!(a.facts[5].value, "203.0.113.9");
        let mut own = Alert::new(Source::Health, "x", Severity::High, "t", t);
        who.facts(&mut own, "shown", Some("444455556666"), "", Lang::Ja);
        assert!(own
            .facts
            .iter()
            .all(|f| f.label != "呼び出し元のアカウント"));
        assert_eq!(own.facts[0].label, "プリンシパルの種類");
        let ip = own.facts.last().unwrap();
        assert_eq!(
            (ip.label.as_str(), ip.value.as_str()),
            ("送信元IP", "（記録なし）")
        );
    }
}
