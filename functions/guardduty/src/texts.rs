//! The GuardDuty function's words, in English and Japanese. Finding types,
//! titles and descriptions are GuardDuty's own and stay as they are.

respondby_core::texts! {
    // GuardDuty's severity bands (the fact "Severity: High (8)").
    B_CRITICAL: "Critical" => "緊急";
    B_HIGH: "High" => "重要";
    B_MEDIUM: "Medium" => "中";
    B_LOW: "Low" => "低";
    V_SEVERITY: "{band} ({score})" => "{band}（{score}）";

    // The affected resource, in one line.
    R_INSTANCE: "EC2 instance {id}" => "EC2インスタンス {id}";
    R_ACCESS_KEY: "Access key {key} of {type} {user}" => "{type} {user} のアクセスキー {key}";
    R_ACCESS_KEY_NO_USER: "Access key {key} of {type}" => "{type} のアクセスキー {key}";
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
    F_FINDING_TYPE: "Finding type" => "検出結果の種類";
    F_SEVERITY: "Severity" => "重大度";
    F_RESOURCE: "Resource" => "リソース";
    F_REMOTE_IP: "Remote IP" => "相手のIPアドレス";
    F_REMOTE_ORG: "Remote organisation" => "相手の組織";
    F_REMOTE_LOCATION: "Remote location" => "相手の場所";
    F_ACTION: "Action" => "動作の種類";
    F_API_CALLED: "API called" => "呼び出されたAPI";
    F_COUNT: "Count" => "回数";
    F_FIRST_SEEN: "First seen" => "最初に確認された日時";
    F_LAST_SEEN: "Last seen" => "最後に確認された日時";
    F_FINDING_ID: "Finding id" => "検出結果ID";

    // Links (button text: at most 75 characters).
    L_OPEN: "Open finding in GuardDuty" => "GuardDutyで検出結果を開く";

    // What to do.
    S_OPEN: "Open the finding in GuardDuty and read what was detected and when." => "GuardDutyで検出結果を開き、何がいつ検知されたかを読んでください。";
    S_CRYPTO: "Crypto mining is likely: stop the instance (snapshot it first) and check costs in every region for instances you did not launch." => "暗号資産のマイニングの可能性が高いです: インスタンスを停止し（先にスナップショットを取ります）、すべてのリージョンのコストを確認して、起動した覚えのないインスタンスがないか探してください。";
    S_INSTANCE_ISOLATE: "Isolate the instance: swap its security group for one with no inbound or outbound rules; snapshot its volumes for investigation." => "インスタンスを隔離してください: セキュリティグループを、受信・送信のルールが一つもないものに差し替えます。調査のため、ボリュームのスナップショットを取ってください。";
    S_INSTANCE_HOW: "Check how it was reached (open ports, leaked SSH keys, vulnerable software) and the instance role's recent CloudTrail activity." => "どこから入られたか（開いているポート、漏えいしたSSHキー、脆弱性のあるソフトウェア）と、インスタンスのロールによる最近の操作（CloudTrail）を確認してください。";
    S_KEY_DEACTIVATE: "If the calls are not yours: deactivate the access key in IAM now and rotate it." => "心当たりのない操作であれば、今すぐIAMでアクセスキーを無効化し、新しいキーに入れ替えてください。";
    S_KEY_REVIEW: "Review what the key did in CloudTrail (filter by access key id, every region) and remove anything it created." => "そのキーで何が行われたかをCloudTrailで確認し（すべてのリージョンで、アクセスキーIDで絞り込みます）、そのキーで作られたものはすべて削除してください。";
    S_S3_REVIEW: "Review the bucket policy and Block Public Access; look at who read or changed objects (CloudTrail data events)." => "バケットポリシーと S3 Block Public Access の設定を見直し、誰がオブジェクトを読み取ったり変更したりしたかを確認してください（CloudTrailのデータイベント）。";
    S_OTHER_CHECK: "Check the affected resource for changes you did not make, and restrict its access until you know the cause." => "影響を受けたリソースに身に覚えのない変更がないか確認し、原因がわかるまでアクセスを制限してください。";
    S_EXPECTED: "If this is expected activity, archive the finding or add a suppression rule so it stops alerting." => "想定どおりの動きであれば、検出結果をアーカイブするか抑制ルールを追加して、通知が来ないようにしてください。";
}

#[cfg(test)]
mod tests {
    #[test]
    fn catalogue_is_complete_in_both_languages() {
        let problems = respondby_core::i18n::check(super::ALL);
        assert!(problems.is_empty(), "{problems:#?}");
    }
}
