//! The GuardDuty function's words, in English and Japanese. Finding types,
//! titles and descriptions are GuardDuty's own and stay as they are.

respondby_core::texts! {
    // GuardDuty's severity bands (the fact "Severity: High (8)").
    // As the Japanese GuardDuty console writes them (重要度: 重大・高・中・低).
    B_CRITICAL: "Critical" => "重大";
    B_HIGH: "High" => "高";
    B_MEDIUM: "Medium" => "中";
    B_LOW: "Low" => "低";
    V_SEVERITY: "{band} ({score})" => "{band}（{score}）";

    // The affected resource, in one line.
    R_INSTANCE: "EC2 instance {id}" => "EC2インスタンス {id}";
    R_ACCESS_KEY: "Access key {key} of {type} {user}" => "{type} {user} のアクセスキー {key}";
    R_ACCESS_KEY_NO_USER: "Access key {key} of {type}" => "{type} のアクセスキー {key}";
    R_ROLE_SESSION_KEY: "Temporary credentials {key} of role {role}" => "ロール {role} の一時的な認証情報 {key}";
    R_PRINCIPAL: "principal" => "プリンシパル";
    R_S3_BUCKET: "S3 bucket {names}" => "S3バケット {names}";
    R_EKS_CLUSTER: "EKS cluster {name}" => "EKSクラスター {name}";
    R_RDS_INSTANCE: "RDS instance {name}" => "RDSインスタンス {name}";
    R_LAMBDA: "Lambda function {name}" => "Lambda関数 {name}";
    R_ECS_CLUSTER: "ECS cluster {name}" => "ECSクラスター {name}";
    R_OTHER: "{type} resource" => "{type} のリソース";
    R_UNKNOWN: "Unknown resource" => "不明なリソース";

    // What tells folded repeats apart.
    M_FROM: "from {ip}" => "{ip}から";
    M_FINDING: "finding {id}" => "検出結果 {id}";

    // Title and notes.
    T_SAMPLE: "[SAMPLE] {title}" => "[サンプル] {title}";
    N_SAMPLE: "This is a GuardDuty sample finding (generated for testing), not a real detection." => "これは GuardDuty のサンプルの検出結果（テスト用に作られたもの）で、実際に検知されたものではありません。";

    // Facts.
    F_SEVERITY: "Severity" => "重要度";
    F_RESOURCE: "Resource" => "リソース";
    F_INSTANCE_TYPE: "Instance type" => "インスタンスタイプ";
    V_GPU_TYPE: "{type} (GPU)" => "{type}（GPU）";
    F_LAUNCHED: "Launched" => "起動日時";
    V_LAUNCHED_BEFORE: "{time} ({span} before the activity began)" => "{time}（活動開始の{span}前）";
    F_IMAGE: "Image" => "イメージ（AMI）";
    F_INSTANCE_PROFILE: "Instance profile" => "インスタンスプロファイル";
    F_REMOTE_IP: "Remote IP" => "相手のIPアドレス";
    F_REMOTE_ORG: "Remote organisation" => "相手の組織";
    F_REMOTE_LOCATION: "Remote location" => "相手の場所";
    F_PORT: "Port" => "ポート";
    F_DIRECTION: "Direction" => "方向";
    F_DOMAIN: "Domain queried" => "問い合わせたドメイン";
    F_ACTION: "Action" => "アクションタイプ";
    F_API_CALLED: "API called" => "呼び出されたAPI";
    F_COUNT: "Count" => "回数";
    F_LAST_SEEN: "Last seen" => "最後に確認された日時";
    F_FINDING_ID: "Finding id" => "検出結果ID";

    // Links (button text: at most 75 characters).
    L_OPEN: "Open finding in GuardDuty" => "GuardDuty で検出結果を開く";
}

#[cfg(test)]
mod tests {
    #[test]
    fn catalogue_is_complete_in_both_languages() {
        let problems = respondby_core::i18n::check(super::ALL);
        assert!(problems.is_empty(), "{problems:#?}");
    }
}
