//! The cost anomaly function's words, in English and Japanese. Service names,
//! usage types, monitor and account names are AWS's (or the account's) own
//! and stay as they are.

respondby_core::texts! {
    // Titles. {impact} is a dollar amount we format; {service} and {region}
    // are AWS's values.
    T_SERVICE_REGION: "Spend {impact} over expected: {service} in {region}" => "支出が想定より{impact}多い: {region} の {service}";
    T_SERVICE: "Spend {impact} over expected: {service}" => "支出が想定より{impact}多い: {service}";
    T_PLAIN: "Spend {impact} over expected" => "支出が想定より{impact}多い";
    T_NO_IMPACT: "Unusual spend: {service}" => "いつもと違う支出: {service}";
    T_NO_IMPACT_PLAIN: "Unusual spend" => "いつもと違う支出";

    // Facts.
    F_TOTAL_IMPACT: "Total impact" => "影響額の合計";
    F_ACTUAL: "Actual spend" => "実際の支出";
    F_EXPECTED: "Expected spend" => "想定された支出";
    F_MAX_IMPACT: "Largest impact observed" => "観測された最大の影響額";
    F_DATES: "Anomaly dates" => "異常の期間";
    F_MONITOR: "Monitor" => "モニター";
    F_DIMENSION: "Monitored value" => "監視対象";
    F_SCORE: "Anomaly score" => "異常スコア";
    F_ASSESSMENT: "Assessment in Cost Anomaly Detection" => "コスト異常検出での評価";
    F_ROOT_CAUSE: "Root cause {n}" => "根本原因 {n}";
    F_MORE_ROOT_CAUSES: "More root causes" => "ほかの根本原因";
    F_MONITOR_ACCOUNT: "Monitor's account" => "モニターのアカウント";
    F_ANOMALY_ID: "Anomaly id" => "異常ID";
    F_AWS_LINK_TEXT: "Link in the event (not opened: not an AWS console address)" => "イベント内のリンク（AWSコンソールのアドレスではないため開けません）";
    F_UNUSUAL_REGIONS: "Not a Region you use" => "普段使わないリージョン";

    // Values.
    V_PERCENT: "{amount} ({percent} over expected)" => "{amount}（想定より{percent}多い）";
    V_NEW_SPEND: "{amount} (nothing was expected: new spend)" => "{amount}（想定はゼロ: 新しい支出）";
    V_DATES_ONGOING: "{start} to {end} ({days} days)" => "{start} から {end}（{days}日間）";
    V_ONE_DAY: "{start} (1 day)" => "{start}（1日）";
    V_SCORE: "{current} now, {max} at most" => "現在 {current}、最大 {max}";
    V_ROOT_CAUSE: "{what} · {amount}" => "{what} · {amount}";
    V_ACCOUNT: "account {id}" => "アカウント {id}";
    V_ACCOUNT_NAMED: "account {id} ({name})" => "アカウント {id}（{name}）";
    V_MORE_ROOT_CAUSES: "{n} more, with {amount} between them (see the anomaly in Cost Anomaly Detection)" => "ほかに{n}件、合計{amount}（コスト異常検出で異常を開いて確認してください）";
    V_MORE_ROOT_CAUSES_NO_AMOUNT: "{n} more (see the anomaly in Cost Anomaly Detection)" => "ほかに{n}件（コスト異常検出で異常を開いて確認してください）";
    V_FEEDBACK_YES: "accurate anomaly" => "正しい異常";
    V_FEEDBACK_NO: "not an issue" => "問題なし";
    V_FEEDBACK_PLANNED: "planned activity" => "計画どおりの利用";

    // Notes.
    N_ASSESSED: "Someone with access to Cost Anomaly Detection assessed this anomaly as {what}, so it is posted for information, without a deadline." => "コスト異常検出でこの異常は「{what}」と評価されているため、期限なしのお知らせとして送っています。";
    N_IMPACT_UNREADABLE: "The event's total impact ({raw}) could not be read as an amount; the alert is high until AWS sends a readable one." => "イベントの影響額の合計（{raw}）を金額として読み取れないため、読み取れる値が届くまで重要度を「重要」にしています。";
    N_IMPACT_MISSING: "The event gives no total impact; the alert is high until AWS sends one." => "イベントに影響額の合計がないため、届くまで重要度を「重要」にしています。";
    N_LINK_NOT_OPENED: "The event's anomaly link is not an `https` address on `console.aws.amazon.com`, so it is shown as text, not as a button; the button opens the anomaly from its ids." => "イベント内の異常へのリンクが `console.aws.amazon.com` の `https` アドレスではないため、ボタンにせず文字として表示しています。ボタンは異常のIDから作ったリンクです。";

    // Links (button text: at most 75 characters).
    L_ANOMALY: "Open the anomaly in Cost Anomaly Detection" => "コスト異常検出で異常を開く";
    L_COSTS_BY_REGION: "Costs by Region (Cost Explorer)" => "リージョン別のコスト（Cost Explorer）";
    L_EC2_GLOBAL_VIEW: "EC2 in every Region (EC2 Global View)" => "全リージョンのEC2（EC2 グローバルビュー）";
    L_IAM_USERS: "IAM users" => "IAMユーザー";
    L_SUPPORT_CASE: "Open a Support case" => "サポートケースを作成";

    // What to do, in AWS's order for unexpected charges and a compromised
    // account (README: "Cost anomaly: what on-call is told to do").
    S_TRIAGE: "First ask your team: did anyone start this (a launch, a migration, a load test, a new service)? If yes, submit the assessment \"planned activity\" on the anomaly in Cost Anomaly Detection, say so here and mark this alert answered." => "まずチームに確認してください: 誰かが始めたものですか（起動、移行、負荷試験、新しいサービス）？そうであれば、コスト異常検出で異常の評価を「計画どおりの利用」として送信し、ここにその旨を書いて、この通知を対応済みにしてください。";
    S_EVERY_REGION_FIRST: "If nobody did, treat the account as compromised. Look in every Region for resources you did not launch, starting with {regions}, then all the others, including Regions you never use: running and stopped instances, Spot requests, Auto Scaling groups, Lambda functions, containers." => "誰も始めていなければ、アカウントが乗っ取られたものとして扱ってください。すべてのリージョンで、起動した覚えのないリソースを探します。まず {regions}、次にほかのすべてのリージョンを、普段使わないリージョンも含めて確認してください: 実行中・停止中のインスタンス、スポットリクエスト、自動スケーリンググループ、Lambda関数、コンテナ。";
    S_EVERY_REGION: "If nobody did, treat the account as compromised. Look in every Region for resources you did not launch, including Regions you never use: running and stopped instances, Spot requests, Auto Scaling groups, Lambda functions, containers." => "誰も始めていなければ、アカウントが乗っ取られたものとして扱ってください。すべてのリージョンで、起動した覚えのないリソースを探します。普段使わないリージョンも含めて確認してください: 実行中・停止中のインスタンス、スポットリクエスト、自動スケーリンググループ、Lambda関数、コンテナ。";
    S_UNUSED_REGION_UNKNOWN: "If your team never uses {regions}, spend there is a strong sign of a taken-over account: intruders run miners in Regions nobody looks at." => "{regions} をチームが使っていないなら、そこでの支出はアカウントが乗っ取られた強い兆候です。侵入者は誰も見ていないリージョンでマイニングを動かします。";
    S_UNUSED_REGION_KNOWN: "{regions} is not a Region you use: treat this spend as an intruder's until you find who started it." => "{regions} は普段使うリージョンではありません。誰が始めたかわかるまでは、侵入者による支出として扱ってください。";
    S_EC2_STOP: "Stop the instances you did not launch (snapshot their volumes first if you need evidence), and remove what would start them again: Auto Scaling groups, Spot requests, launch templates." => "起動した覚えのないインスタンスを停止してください（証拠が必要なら先にボリュームのスナップショットを取ります）。再び起動させるもの（自動スケーリンググループ、スポットリクエスト、起動テンプレート）も削除してください。";
    S_IAM: "Delete IAM users, access keys and roles you did not create, rotate the keys you keep, change the root user's password and turn on multi-factor authentication for the root user and every IAM user." => "作成した覚えのないIAMユーザー、アクセスキー、ロールを削除し、残すキーは新しいものに入れ替えてください。ルートユーザーのパスワードを変更し、ルートユーザーとすべてのIAMユーザーで多要素認証を有効にしてください。";
    S_CLOUDTRAIL: "Find out who launched them: CloudTrail event history in those Regions, filtered by the resource, shows the user or access key." => "誰が起動したかを確認してください: そのリージョンの CloudTrail イベント履歴をリソースで絞り込むと、ユーザーまたはアクセスキーがわかります。";
    S_SUPPORT: "Once the account is clean, open a Support case (Account and billing) about the unauthorized charges and ask for a billing adjustment; give the anomaly and what you removed." => "アカウントがきれいになったら、不正な請求についてサポートケース（アカウントと請求）を作成し、請求の調整を依頼してください。異常の内容と削除したものを伝えます。";
}

#[cfg(test)]
mod tests {
    #[test]
    fn catalogue_is_complete_in_both_languages() {
        let problems = respondby_core::i18n::check(super::ALL);
        assert!(problems.is_empty(), "{problems:#?}");
    }
}
