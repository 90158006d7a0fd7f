//! The SES reputation function's words, in English and Japanese. Alarm
//! names, metric names, alarm states and CloudWatch's own reason text stay
//! as they are.

respondby_core::texts! {
    // What the alarm watches.
    M_BOUNCE: "bounce rate" => "バウンス率";
    M_COMPLAINT: "complaint rate" => "苦情率";
    M_SEND: "sending volume" => "送信数";

    // Titles.
    T_BACK_TO_NORMAL_AT: "SES {metric} back to normal: {value}" => "SESの{metric}が正常に戻りました: {value}";
    T_BACK_TO_NORMAL: "SES {metric} back to normal" => "SESの{metric}が正常に戻りました";
    T_SEND_SPIKE_AT: "SES sending volume spike: {value} messages (possible leaked SMTP credentials)" => "SESの送信数が急増: {value}通（SMTP認証情報が漏えいした可能性があります）";
    T_SEND_SPIKE: "SES sending volume spike (possible leaked SMTP credentials)" => "SESの送信数が急増しています（SMTP認証情報が漏えいした可能性があります）";
    T_AT_PAUSE_LEVEL: "SES {metric} {value}: at AWS's pause level" => "SESの{metric}が{value}: AWSが送信を停止する水準です";
    T_AT_REVIEW_LEVEL: "SES {metric} {value}: at AWS's review level" => "SESの{metric}が{value}: AWSが審査を始める水準です";
    T_RISING: "SES {metric} rising: {value}" => "SESの{metric}が上がっています: {value}";
    T_ALARM: "SES {metric} alarm" => "SESの{metric}のアラーム";

    // Where the value stands against AWS's levels.
    STAND_PAUSE: "at or above {pause}: AWS may pause this account's sending" => "{pause}以上: AWSがこのアカウントの送信を停止するおそれがあります";
    STAND_REVIEW: "at or above {review}: AWS places accounts under review at this level (pause possible at {pause})" => "{review}以上: AWSはこの水準でアカウントを審査の対象にします（{pause}で送信停止のおそれ）";
    STAND_BELOW: "below AWS's review level of {review} (pause possible at {pause})" => "AWSの審査基準（{review}）未満です（{pause}で送信停止のおそれ）";

    // Facts.
    F_METRIC: "Metric" => "メトリクス";
    F_ALARM: "Alarm" => "アラーム";
    F_STATE: "State" => "状態";
    F_LATEST_VALUE: "Latest value" => "最新の値";
    F_AGAINST_LEVELS: "Against AWS's levels" => "AWSの基準との比較";
    F_THRESHOLD: "Alarm threshold" => "アラームのしきい値";
    F_CHANGED_AT: "Changed at" => "変化した日時";
    F_ALARM_DESCRIPTION: "Alarm description (your team's words)" => "アラームの説明（あなたのチームが書いたもの）";

    // Links (button text: at most 75 characters).
    L_ALARM: "Open the alarm" => "アラームを開く";
    L_DASHBOARD: "SES reputation dashboard" => "SESの評価ダッシュボード";
    L_IAM_USERS: "IAM users: SMTP keys' last use" => "IAMユーザー: SMTPキーの最終使用";

    // What to do: a sending volume spike.
    S_SEND_WHO: "Check who is sending: SMTP sends are not in CloudTrail, so in IAM open each SMTP user (the IAM users whose access keys are SES SMTP credentials) and read when each key was last used; API sends (SendEmail, SendRawEmail) are in CloudTrail." => "誰が送信しているか確認してください: SMTPでの送信はCloudTrailに記録されないため、IAMで各SMTPユーザー（アクセスキーがSESのSMTP認証情報になっているIAMユーザー）を開き、キーごとに最後に使われた日時を確認します。APIでの送信（`SendEmail`、`SendRawEmail`）はCloudTrailに記録されます。";
    S_SEND_DEACTIVATE: "If the volume is not yours, deactivate the SMTP credentials (IAM access keys of SMTP users) now and rotate them." => "身に覚えのない送信であれば、今すぐSMTP認証情報（SMTPユーザーのIAMアクセスキー）を無効化し、新しいものに入れ替えてください。";
    S_SEND_LEAK: "Look for where the credentials leaked: .env files in S3 or git, CI logs, old servers." => "認証情報がどこから漏れたか探してください: S3やgitにある .env ファイル、CIのログ、古いサーバーなど。";

    // What to do: bounce or complaint rate.
    S_RATE_STOP: "Stop the cause now: pause the campaign or job that is sending, and check for sending you did not start (leaked SMTP credentials)." => "今すぐ原因を止めてください: 送信しているキャンペーンやジョブを一時停止し、身に覚えのない送信（漏えいしたSMTP認証情報によるもの）がないか確認します。";
    S_RATE_SUPPRESS: "Remove bounced and complaining addresses (account-level suppression list) and check the list's source." => "バウンスや苦情のあったアドレスを送信対象から外し（アカウント単位の送信停止リスト）、そのリストの入手元を確認してください。";
    S_RATE_WATCH: "Watch the SES reputation dashboard until the rate is back under the review level; AWS looks at the rate over a representative volume." => "率が審査の基準を下回るまで、SESの評価ダッシュボードを見守ってください。AWSは、ある程度まとまった送信数での率を見て判断します。";

    // The account's sending status (SES GetAccount).
    F_ACCOUNT_STATUS: "SES account status" => "SESアカウントの状態";
    V_UNKNOWN: "unknown" => "不明";
    F_SENDING_ENABLED: "Sending enabled" => "送信の可否";
    V_SENDING_YES: "yes" => "有効";
    V_SENDING_NO: "NO: SES is not sending any mail from this account in {region} now" => "いいえ: このアカウントの {region} からのメールは、今は一通も送信されていません";
    V_SENDING_UNDER_REVIEW: "yes: SES still sends this account's mail in {region}, under review" => "はい: 審査中ですが、このアカウントの {region} からのメールは送信されています";
    F_PRODUCTION_ACCESS: "Production access" => "本番環境での利用";
    V_PRODUCTION_YES: "yes" => "許可済み";
    V_PRODUCTION_NO: "no (sandbox)" => "未許可（サンドボックス）";
    F_SENT_24H: "Sent in last 24 h" => "過去24時間の送信数";
    V_SENT_OF: "{sent} of {quota}" => "{sent} / {quota}";
    V_UNLIMITED: "unlimited" => "無制限";
    N_STATUS_FAILED: "Account sending status unavailable (SES GetAccount: {error}); check the SES console." => "アカウントの送信状態を取得できませんでした（SES `GetAccount`: {error}）。SESコンソールで確認してください。";
    N_STATUS_TIMEOUT: "Account sending status unavailable (SES GetAccount timed out); check the SES console." => "アカウントの送信状態を取得できませんでした（SES `GetAccount` が時間内に応答しませんでした）。SESコンソールで確認してください。";
}

#[cfg(test)]
mod tests {
    #[test]
    fn catalogue_is_complete_in_both_languages() {
        let problems = respondby_core::i18n::check(super::ALL);
        assert!(problems.is_empty(), "{problems:#?}");
    }
}
