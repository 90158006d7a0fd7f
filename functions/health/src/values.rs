//! The values a Health event's fields take, in the words of the AWS Health
//! dashboard (English and Japanese console); see
//! `respondby_core::i18n::values`. A value not listed stays as AWS sent it.

use respondby_core::Lang;

respondby_core::values! {
    /// `statusCode`.
    STATUS {
        "open": "Open" => "未解決";
        "closed": "Closed" => "クローズ済み";
        "upcoming": "Upcoming" => "予定";
    }
    /// `eventTypeCategory`.
    CATEGORY {
        "issue": "Issue" => "問題";
        "accountNotification": "Account notification" => "アカウント通知";
        "scheduledChange": "Scheduled change" => "予定されている変更";
        "investigation": "Investigation" => "調査";
    }
    /// `eventScopeCode`.
    SCOPE {
        "ACCOUNT_SPECIFIC": "Account-specific" => "アカウント固有";
        "PUBLIC": "Public" => "パブリック";
        "NONE": "None" => "なし";
    }
    /// An affected entity's `status` (`statusCode` in the API).
    ENTITY_STATUS {
        "IMPAIRED": "Impaired" => "影響あり";
        "UNIMPAIRED": "Unimpaired" => "影響なし";
        "UNKNOWN": "Unknown" => "不明";
        "PENDING": "Pending" => "保留中";
        "RESOLVED": "Resolved" => "解決済み";
    }
    /// The kind of event, by the end of its `eventTypeCode`
    /// (`AWS_EC2_OPERATIONAL_ISSUE`): the most common endings of AWS's
    /// event types (DescribeEventTypes, 2023: 1,474 types).
    EVENT_KIND {
        "REBOOT_MAINTENANCE_SCHEDULED": "Reboot for maintenance scheduled" => "メンテナンスのための再起動の予定";
        "RETIREMENT_SCHEDULED": "Retirement scheduled" => "廃止の予定";
        "STOP_SCHEDULED": "Stop scheduled" => "停止の予定";
        "MAINTENANCE_SCHEDULED": "Maintenance scheduled" => "メンテナンスの予定";
        "MAINTENANCE_EVENT": "Maintenance event" => "メンテナンス";
        "MAINTENANCE_NOTIFICATION": "Maintenance notification" => "メンテナンスのお知らせ";
        "PLANNED_LIFECYCLE_EVENT": "Planned lifecycle event" => "計画されたライフサイクルイベント";
        "OPERATIONAL_ISSUE": "Operational issue" => "運用上の問題";
        "OPERATIONAL_NOTIFICATION": "Operational notification" => "運用上のお知らせ";
        "OPERATIONAL_INVESTIGATION": "Operational investigation" => "運用上の調査";
        "API_ISSUE": "API issue" => "APIの問題";
        "API_LATENCY": "API latency" => "APIの遅延";
        "CONSOLE_ISSUE": "Console issue" => "コンソールの問題";
        "CONNECTIVITY_ISSUE": "Connectivity issue" => "接続の問題";
        "SECURITY_NOTIFICATION": "Security notification" => "セキュリティに関するお知らせ";
        "BILLING_NOTIFICATION": "Billing notification" => "請求に関するお知らせ";
        "CUSTOMER_ENGAGEMENT": "Customer engagement" => "AWSからの連絡";
        "THRESHOLD_EXCEEDED": "Threshold exceeded" => "しきい値の超過";
        "UPDATE_AVAILABLE": "Update available" => "更新あり";
    }
    /// Keys of `eventMetadata` shown as facts (labels).
    METADATA {
        "reportedBy": "Reported by" => "報告元";
        "reporter": "Reporter" => "報告者";
    }
}

/// An event type in a Japanese headline: the kind of event in the
/// console's words, with AWS's code (`廃止の予定（AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED）`);
/// the code alone when its ending is not listed. (English reads the code's
/// words.)
pub fn event_type_ja(code: &str) -> String {
    let kind = EVENT_KIND
        .entries
        .iter()
        .filter(|(end, _)| code.ends_with(&format!("_{end}")))
        .max_by_key(|(end, _)| end.len());
    match kind {
        Some((_, t)) => format!("{}（{code}）", t.ja),
        None => code.to_owned(),
    }
}

/// An affected resource as the message shows it: `value (status)`, the
/// status in the console's Japanese words in a Japanese message. English
/// keeps AWS's code (`IMPAIRED`), as the reply to AWS lists it.
pub fn resource(value: &str, status: Option<&str>, lang: Lang) -> String {
    match status.map(str::trim).filter(|s| !s.is_empty()) {
        None => value.to_owned(),
        Some(s) if lang == Lang::En => format!("{value} ({s})"),
        Some(s) => format!("{value} ({})", ENTITY_STATUS.show(s, lang)),
    }
}

/// A resource line as AWS writes it (`value (IMPAIRED)`), from one shown
/// in `lang`: the reply draft to AWS lists them so.
pub fn resource_as_aws_writes_it(line: &str, lang: Lang) -> String {
    if let Some((value, rest)) = line.rsplit_once(" (") {
        if let Some(word) = rest.strip_suffix(')') {
            if let Some((raw, _)) = ENTITY_STATUS
                .entries
                .iter()
                .find(|(_, t)| t.get(lang) == word)
            {
                return format!("{value} ({raw})");
            }
        }
    }
    line.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_has_the_consoles_words_in_both_languages() {
        let p = respondby_core::i18n::values::check(VALUES);
        assert!(p.is_empty(), "{p:#?}");
    }

    #[test]
    fn event_types_read_in_japanese_with_their_code() {
        assert_eq!(
            event_type_ja("AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED"),
            "廃止の予定（AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED）"
        );
        assert_eq!(
            event_type_ja("AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED"),
            "メンテナンスのための再起動の予定（AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED）"
        );
        assert_eq!(event_type_ja("AWS_FOO_BRAND_NEW"), "AWS_FOO_BRAND_NEW");
    }

    #[test]
    fn resources_show_their_status_in_the_messages_language_and_back() {
        let ja = resource("i-0a1b", Some("IMPAIRED"), Lang::Ja);
        assert_eq!(ja, "i-0a1b (影響あり)");
        assert_eq!(
            resource_as_aws_writes_it(&ja, Lang::Ja),
            "i-0a1b (IMPAIRED)"
        );
        assert_eq!(
            resource("i-0a1b", Some("IMPAIRED"), Lang::En),
            "i-0a1b (IMPAIRED)"
        );
        assert_eq!(resource("i-0a1b", Some("NEW"), Lang::Ja), "i-0a1b (NEW)");
        assert_eq!(resource("i-0a1b", None, Lang::Ja), "i-0a1b");
        assert_eq!(
            resource_as_aws_writes_it("a (b) (NEW)", Lang::Ja),
            "a (b) (NEW)"
        );
    }
}
