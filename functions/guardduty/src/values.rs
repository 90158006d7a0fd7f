//! The values a GuardDuty finding's fields take, in the words of the
//! GuardDuty console (English and Japanese); see
//! `respondby_core::i18n::values`. A value not listed stays as sent.

respondby_core::values! {
    /// `service.action.actionType`.
    ACTION_TYPE {
        "NETWORK_CONNECTION": "Network connection" => "ネットワーク接続";
        "PORT_PROBE": "Port probe" => "ポートプローブ";
        "DNS_REQUEST": "DNS request" => "DNSリクエスト";
        "AWS_API_CALL": "AWS API call" => "AWS API呼び出し";
        "KUBERNETES_API_CALL": "Kubernetes API call" => "Kubernetes API呼び出し";
        "KUBERNETES_PERMISSION_CHECKED": "Kubernetes permission check" => "Kubernetesの権限確認";
        "KUBERNETES_ROLE_BINDING_DETAILS": "Kubernetes role binding" => "Kubernetesのロールバインディング";
        "KUBERNETES_ROLE_DETAILS": "Kubernetes role" => "Kubernetesのロール";
        "RDS_LOGIN_ATTEMPT": "RDS login attempt" => "RDSへのログイン試行";
    }
    /// `networkConnectionAction.connectionDirection`.
    DIRECTION {
        "INBOUND": "Inbound (to your resource)" => "インバウンド（あなたのリソースへ）";
        "OUTBOUND": "Outbound (from your resource)" => "アウトバウンド（あなたのリソースから）";
        "UNKNOWN": "Unknown" => "不明";
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
