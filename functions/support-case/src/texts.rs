//! The Support case function's words, in English and Japanese. The case's
//! subject and AWS's messages are AWS's (or the account's) own text: they
//! stay as they are, and are labelled as such where they are shown.

respondby_core::texts! {
    // Titles.
    T_AWS_WROTE: "AWS wrote in Support case {id}" => "AWSがサポートケース {id} に書き込みました";
    T_AWS_WROTE_SUBJECT: "AWS wrote in Support case {id}: {subject}" => "AWSがサポートケース {id} に書き込みました: {subject}";
    T_AWS_OPENED: "AWS opened Support case {id}" => "AWSがサポートケース {id} を開きました";
    T_AWS_OPENED_SUBJECT: "AWS opened Support case {id}: {subject}" => "AWSがサポートケース {id} を開きました: {subject}";
    T_OPENED_UNKNOWN: "Support case {id} opened; by whom is unknown" => "サポートケース {id} が開かれました（誰が開いたかは不明）";
    T_OPENED_BY_ACCOUNT: "Support case {id} opened by your account" => "サポートケース {id} がこのアカウントから開かれました";
    T_OPENED_BY_ACCOUNT_SUBJECT: "Support case {id} opened by your account: {subject}" => "サポートケース {id} がこのアカウントから開かれました: {subject}";
    T_RESOLVED: "Support case {id} resolved" => "サポートケース {id} が解決済みになりました";
    T_REOPENED: "Support case {id} reopened" => "サポートケース {id} が再開されました";
    T_REOPENED_SUBJECT: "Support case {id} reopened: {subject}" => "サポートケース {id} が再開されました: {subject}";
    T_OTHER: "Support case {id}: {event}" => "サポートケース {id}: {event}";
    V_NO_DISPLAY_ID: "(no display id)" => "（表示IDなし）";

    // Facts.
    F_CASE: "Support case" => "サポートケース";
    F_CASE_ID: "Case id" => "ケースID";
    F_WRITTEN_BY: "Written by" => "書き込んだのは";
    V_WRITTEN_BY_AWS: "AWS" => "AWS";
    V_WRITTEN_BY_ACCOUNT: "your account" => "このアカウント";
    V_WRITTEN_BY_NOT_STATED: "not stated (origin {raw})" => "記載なし（`origin` は {raw}）";
    F_COMMUNICATION_ID: "Communication id" => "連絡ID";
    F_SUBJECT: "Subject (the case's own text)" => "件名（ケースの原文）";
    F_OPENED_BY: "Opened by" => "ケースを開いたのは";
    V_OPENED_BY_AWS: "AWS (submitted by {who})" => "AWS（作成者: {who}）";
    V_OPENED_BY_ACCOUNT: "your account ({who})" => "このアカウント（{who}）";
    V_OPENED_BY_UNKNOWN: "unknown: the event does not say" => "不明（イベントに記載がありません）";
    F_CASE_STATUS: "Case status" => "ケースの状態";
    F_CASE_SEVERITY: "Case severity (as filed)" => "ケースの重要度（申請時）";
    F_SERVICE: "Service / category" => "サービス / カテゴリー";
    F_LATEST_FROM_AWS: "Latest message from AWS" => "AWSからの最新のメッセージ";
    F_LATEST_FROM_ACCOUNT: "Latest message from your account" => "このアカウントからの最新のメッセージ";
    F_CRITICAL_BECAUSE: "Critical because" => "緊急とした理由";
    V_SUBJECT_SAYS: "the subject says {signal}" => "件名に {signal} とあります";

    // Links (button text: at most 75 characters).
    L_OPEN_CASE: "Open the case in the Support Center" => "サポートセンターでケースを開く";
    L_SUPPORT_CENTER: "AWS Support Center" => "AWSサポートセンター";

    // Notes.
    N_ORIGIN_UNKNOWN: "Who opened this case is unknown: the event does not say, and no answer of the Support API said it. It is not assumed to be your team's." => "このケースを誰が開いたかは不明です。イベントには記載がなく、Support API からの答えもありませんでした。チームが開いたものとはみなしていません。";
    N_NOT_STATED: "The event does not say who wrote in the case (origin {raw}); it is treated as AWS writing, which is what needs an answer." => "誰がケースに書き込んだかがイベントに記載されていません（`origin` は {raw}）。返信が必要な場合に備えて、AWSが書き込んだものとして扱っています。";
    N_RESOLVED: "The case was resolved in AWS Support, by AWS or by your account: the event does not say which." => "AWSサポートでケースが解決済みになりました。AWSとこのアカウントのどちらが解決済みにしたかは、イベントに記載がありません。";
    N_REOPENED: "The case was reopened, by AWS or by your account: the event does not say which." => "ケースが再開されました。AWSとこのアカウントのどちらが再開したかは、イベントに記載がありません。";
    N_UNKNOWN_EVENT: "AWS Support sent an event Respond By does not know ({event}); it is shown for information." => "Respond By が知らない種類のイベント（{event}）をAWSサポートが送ってきました。お知らせとして表示しています。";
    N_ENRICH: "Posted from the event alone: {why}." => "イベントの内容だけで通知しています（{why}）。";
    N_MESSAGE_CUT: "AWS's message is shortened here; read it in full in the Support Center." => "AWSのメッセージはここでは途中までです。全文はサポートセンターで読んでください。";
    E_NOT_SUBSCRIBED: "the case's subject, who opened it and AWS's message need the AWS Support API, which needs Business support or higher (SubscriptionRequiredException)" => "ケースの件名、誰が開いたか、AWSのメッセージを知るには AWS Support API が必要で、それにはビジネス以上のサポートプランが必要です（`SubscriptionRequiredException`）";
    E_DENIED: "the function may not call the AWS Support API ({code})" => "この関数には AWS Support API を呼び出す権限がありません（{code}）";
    E_TIMEOUT: "the AWS Support API did not answer in time" => "AWS Support API が時間内に応答しませんでした";
    E_NOT_FOUND: "the AWS Support API does not know this case" => "AWS Support API がこのケースを見つけられませんでした";
    E_FAILED: "the AWS Support API failed: {why}" => "AWS Support API の呼び出しに失敗しました: {why}";

    // How to send the reply draft.
    D_HOW: "Post it as your reply in the Support case (Support Center, the case, Reply): AWS's case e-mails cannot be answered by e-mail. Fill in every <<…>> before sending." => "サポートケースの返信として投稿してください（サポートセンターでケースを開き、返信します）。ケースについてのAWSのメールには、メールで返信できません。送る前に <<…>> の部分をすべて埋めてください。";

    // What to do: AWS waits for an answer.
    S_READ: "Open case {id} in the AWS Support Center and read AWS's message in full." => "AWSサポートセンターでケース {id} を開き、AWSからのメッセージを最後まで読んでください。";
    S_ANSWER: "Answer AWS in the case before the deadline; the English reply draft is a start." => "期限までにケースでAWSに返信してください。英語の返信の下書きを使えます。";
    S_COMPROMISE_CREDENTIALS: "Treat the account as compromised until you know otherwise: change the root user's password and turn on MFA; delete IAM users, roles and access keys you did not create; rotate the keys you keep." => "ほかに分かるまでは、アカウントが乗っ取られたものとして扱ってください: ルートユーザーのパスワードを変えて多要素認証を有効にし、作った覚えのないIAMユーザー・ロール・アクセスキーを削除し、残すキーは新しいものに入れ替えます。";
    S_COMPROMISE_REGIONS: "Look in every Region for resources you did not launch (EC2 instances, GPU types especially; Lambda functions; SES sending), and check the bill in Cost Explorer grouped by Region." => "すべてのリージョンで、起動した覚えのないリソース（EC2インスタンス、特に高性能で高価な種類のもの、Lambda関数、SESからの送信）を探し、Cost Explorer でリージョン別に請求を確認してください。";
    S_COMPROMISE_ANSWER: "Answer AWS in the case before the deadline with what you found and did (the English reply draft is a start); once the account is clean, ask there about charges you did not cause." => "期限までにケースでAWSに返信し、分かったことと行ったことを伝えてください（英語の返信の下書きを使えます）。アカウントが安全になったら、身に覚えのない請求についてもそこで相談してください。";
    S_UNKNOWN_WHO: "Ask your team who opened case {id}. If nobody did, AWS opened it: AWS opens cases itself about a compromised account or abuse, and waits for an answer." => "ケース {id} を誰が開いたか、チームに確認してください。誰も開いていなければ、AWSが開いたものです。AWSは、アカウントの乗っ取りや不正利用について自らケースを開き、返信を待ちます。";
    S_UNKNOWN_READ: "Open it in the Support Center and read it now." => "今すぐサポートセンターでケースを開いて読んでください。";
    S_UNKNOWN_THEN: "If AWS opened it, answer there before the deadline. If your team opened it, nothing is due: mark this alert resolved." => "AWSが開いたケースなら、期限までにそこで返信してください。チームが開いたケースなら対応は不要です。この通知を解決済みにしてください。";
    S_ACCOUNT_CASE: "Nothing to do now: Respond By asks for an answer when AWS writes in this case." => "今は何もする必要はありません。AWSがこのケースに書き込んだら、Respond By が返信を求めます。";
}

#[cfg(test)]
mod tests {
    #[test]
    fn catalogue_is_complete_in_both_languages() {
        let problems = respondby_core::i18n::check(super::ALL);
        assert!(problems.is_empty(), "{problems:#?}");
    }
}
