//! The values an SES alarm and SES's account status take, in the words of
//! the CloudWatch and SES consoles (English and Japanese); see
//! `respondby_core::i18n::values`. A value not listed stays as AWS sent it.

respondby_core::values! {
    /// A CloudWatch alarm's `state.value`.
    ALARM_STATE {
        "OK": "OK" => "OK";
        "ALARM": "In alarm" => "アラーム状態";
        "INSUFFICIENT_DATA": "Insufficient data" => "データ不足";
    }
    /// SESv2 `GetAccount` `EnforcementStatus`.
    ENFORCEMENT {
        "HEALTHY": "Healthy" => "正常";
        "PROBATION": "Under review" => "審査中";
        "SHUTDOWN": "Sending paused" => "送信停止中";
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_value_has_the_consoles_words_in_both_languages() {
        let p = respondby_core::i18n::values::check(super::VALUES);
        assert!(p.is_empty(), "{p:#?}");
    }
}
