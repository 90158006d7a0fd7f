//! The Health function's words, in English and Japanese.

respondby_core::texts! {
    // Abuse report types (AWS_ABUSE_<TYPE>_REPORT).
    R_DOS: "Denial of service (DoS)" => "サービス妨害攻撃（DoS）";
    R_COPYRIGHT_DMCA: "Copyright infringement (DMCA)" => "著作権侵害（DMCA）";
    R_COPYRIGHT_NON_DMCA: "Copyright infringement (non-DMCA)" => "著作権侵害（DMCA以外）";
    R_EMAIL_SPAM: "E-mail spam" => "迷惑メール（スパム）の送信";
    R_FORUM_SPAM: "Forum spam" => "掲示板へのスパム投稿";
    R_SPAM_WEBSITE: "Spam website" => "スパムサイト";
    R_PORT_SCANNING: "Port scanning" => "ポートスキャン";
    R_INTRUSION_ATTEMPT: "Intrusion attempts" => "不正侵入の試み";
    R_MALWARE_WEBSITE: "Malware hosting" => "マルウェアの配布";
    R_PHISHING: "Phishing" => "フィッシング";
    R_BOTNET: "Botnet activity" => "ボットネットの活動";
    R_OPEN_PROXY: "Open proxy" => "オープンプロキシ";
    R_CC_FRAUD: "Credit card fraud" => "クレジットカード詐欺";
    R_ILLEGAL_CONTENT: "Illegal content" => "違法なコンテンツ";
    R_PII_CONTENT_REMOVAL: "Personal data removal request" => "個人情報の削除依頼";
    R_TAKEDOWN_REQUEST: "Takedown request" => "削除依頼";
    R_WEBCRAWL: "Web crawling" => "ウェブクロール";
    R_IP_CYCLING: "IP address cycling" => "IPアドレスの使い回し";
    R_CONFIGURATION_REVIEW: "Configuration review" => "設定の見直しの依頼";
    R_HATE_SPEECH: "Hate speech" => "ヘイトスピーチ";
    R_EXTREMIST_VIOLENT_CONTENT: "Extremist or violent content" => "過激・暴力的なコンテンツ";
    R_PUBLICLY_AVAILABLE_INFORMATION: "Publicly available information" => "公開されている情報";

    // Titles.
    T_ABUSE: "AWS abuse report: {type}" => "AWSから不正利用の報告: {type}";
    T_KEY_EXPOSED: "AWS access key exposed publicly" => "AWSのアクセスキーが公開されています";
    T_KEY_EXPOSURE_SUSPECTED: "AWS access key possibly exposed" => "AWSのアクセスキーが公開された可能性があります";
    T_CREDS_COMPROMISED: "AWS credentials compromised" => "AWSの認証情報が漏えいしています";
    T_CREDS_COMPROMISE_SUSPECTED: "AWS credentials possibly compromised" => "AWSの認証情報が漏えいした可能性があります";
    T_IAM_QUARANTINE: "AWS applied a quarantine policy to an IAM principal" => "AWSがIAMプリンシパルに隔離ポリシーを適用しました";
    T_CONSOLE_COMPROMISE: "AWS console access compromised" => "AWSコンソールへのアクセスが乗っ取られています";
    T_RISK_OTHER: "AWS account risk: {what}" => "AWSアカウントのリスク: {what}";
    T_SES_PAUSED: "SES sending paused by AWS" => "AWSがSESの送信を停止しました";
    T_SES_REVIEW: "SES account under review by AWS" => "AWSがSESアカウントを審査しています";
    T_SES_HEALED: "SES review closed: account back to healthy" => "SESの審査が終わり、アカウントは正常に戻りました";
    T_SES_OTHER: "SES: {what}" => "SES: {what}";
    T_OTHER: "AWS Health {category} for {service}: {what}" => "AWS Health（{service}）の{category}: {what}";
    CAT_ISSUE: "Issue" => "問題";
    CAT_SCHEDULED: "Scheduled change" => "予定された変更";
    CAT_NOTIFICATION: "Account notification" => "アカウントへのお知らせ";
    CAT_INVESTIGATION: "Investigation" => "調査";

    // Facts.
    F_REPORTED_TO: "Reported to" => "通知先";
    V_ORG_VIEW: "{account} (organizational view)" => "{account}（組織ビュー）";
    F_REPORT_TYPE: "Report type" => "報告の種類";
    F_CATEGORY: "Category" => "区分";
    F_STATUS: "Status" => "状態";
    F_SCOPE: "Scope" => "範囲";
    F_STARTS: "Starts" => "開始予定";
    F_ENDS: "Ends" => "終了";
    F_EXPOSED_KEY: "Exposed access key" => "公開されたアクセスキー";
    F_IAM_USER: "IAM user" => "IAMユーザー";
    F_EXPOSED_AT: "Exposed at" => "公開された場所";
    F_COMMUNICATION_ID: "Communication id" => "連絡ID";
    F_PAGE: "Page" => "ページ";
    V_PAGE: "{p} of {t}" => "{p} / {t}";

    // Links (button text: at most 75 characters).
    L_OPEN_HEALTH: "Open in AWS Health" => "AWS Healthで開く";
    L_SUPPORT: "AWS Support Center" => "AWSサポートセンター";
    L_COSTS: "Costs by region" => "リージョン別のコスト";
    L_IAM_USER: "IAM user credentials" => "IAMユーザーの認証情報";
    L_CLOUDTRAIL_KEY: "CloudTrail: calls with this key" => "CloudTrail: このキーによる操作";
    L_SES_DASHBOARD: "SES reputation dashboard" => "SESの評価ダッシュボード";

    // Notes.
    N_NO_START: "The event has no startTime; times count from when AWS sent it." => "イベントに開始時刻（`startTime`）がないため、AWSが送信した時刻から数えています。";
    N_CLOSED: "AWS closed this case." => "AWSがこのケースをクローズしました。";
    N_ENRICH: "Posted from the event alone: {why}. Full details and all affected resources are in the AWS Health dashboard." => "イベントの内容だけで通知しています（{why}）。詳細と影響を受けたすべてのリソースは AWS Health のダッシュボードで確認してください。";
    E_NOT_SUBSCRIBED: "the AWS Health API needs a Business or Enterprise support plan (SubscriptionRequiredException)" => "AWS Health API にはビジネスまたはエンタープライズのサポートプランが必要です（`SubscriptionRequiredException`）";
    E_DENIED: "the function may not call the AWS Health API ({code})" => "この関数には AWS Health API を呼び出す権限がありません（{code}）";
    E_TIMEOUT: "the AWS Health API did not answer in time" => "AWS Health API が時間内に応答しませんでした";
    E_FAILED: "the AWS Health API failed: {why}" => "AWS Health API の呼び出しに失敗しました: {why}";

    // What to do: abuse reports.
    S_ABUSE_READ: "Read the AWS Trust & Safety report in full (the e-mail from AWS and the description above)." => "AWS Trust & Safety からの報告（AWSからのメールと、上の本文）を最後まで読んでください。";
    S_ABUSE_STOP: "Stop the abuse: isolate or stop the affected resources listed above. Keep them (snapshots) until you know the cause." => "不正利用を止めてください: 上に挙げたリソースを隔離するか停止します。原因がわかるまでは削除せず、スナップショットを残してください。";
    S_ABUSE_INTRUDER: "Look for an intruder: IAM users, roles and access keys created recently; CloudTrail for calls you do not recognise; GuardDuty findings." => "侵入者がいないか確認してください: 最近作られたIAMユーザー・ロール・アクセスキー、心当たりのない操作（CloudTrail）、GuardDutyの検出結果。";
    S_ABUSE_COSTS: "Check costs in every region (Cost Explorer grouped by region) for resources you did not launch, such as crypto-mining instances." => "すべてのリージョンのコストを確認し（Cost Explorer をリージョン別に表示）、暗号資産のマイニング用インスタンスなど、起動した覚えのないリソースがないか探してください。";
    S_ABUSE_REPLY: "Reply in English before the deadline: answer the AWS e-mail keeping its subject line unchanged (or in the Support case), stating the root cause and the actions you took." => "期限までに英語で返信してください: AWSからのメールに件名を変えずに返信するか、サポートケースで返信し、根本原因と実施した対策を書きます。";
    S_ABUSE_MORE_TIME: "If you need more time, say so in a reply before the deadline. An unanswered report leads to the resources, then the account, being suspended." => "時間が足りない場合は、期限までに返信してその旨と次に連絡する日を伝えてください。返信しないと、リソースが、続いてアカウントが停止されます。";

    // What to do: exposed or compromised credentials.
    S_RISK_DEACTIVATE_USER: "Deactivate access key {key} now (IAM, user {user}, Security credentials), then delete it once nothing legitimate needs it." => "アクセスキー {key} を今すぐ無効化してください（IAM → ユーザー {user} → セキュリティ認証情報）。正当な用途がないことを確かめてから削除します。";
    S_RISK_DEACTIVATE: "Deactivate access key {key} now in IAM, then delete it once nothing legitimate needs it." => "アクセスキー {key} を今すぐIAMで無効化し、正当な用途がないことを確かめてから削除してください。";
    S_RISK_DEACTIVATE_UNKNOWN: "Deactivate the exposed access key now in IAM, then delete it once nothing legitimate needs it." => "公開されたアクセスキーを今すぐIAMで無効化し、正当な用途がないことを確かめてから削除してください。";
    S_RISK_NEW_KEY: "Give legitimate users a new key (or better, a role) and update them." => "正当な利用者には新しいキー（できればIAMロール）を渡し、設定を更新してください。";
    S_RISK_WHAT_IT_DID: "Check what the key did: CloudTrail event history filtered by access key {key}, in every region." => "そのキーで何が行われたか確認してください: すべてのリージョンで、CloudTrail のイベント履歴をアクセスキー {key} で絞り込みます。";
    S_RISK_WHAT_IT_DID_UNKNOWN: "Check what the key did: CloudTrail event history filtered by the exposed access key, in every region." => "そのキーで何が行われたか確認してください: すべてのリージョンで、CloudTrail のイベント履歴を公開されたアクセスキーで絞り込みます。";
    S_RISK_REMOVE_AT: "Remove the key from where it was exposed ({url}); if that is a git repository, rewrite its history." => "キーが公開された場所（{url}）からキーを削除してください。gitリポジトリの場合は履歴も書き換えてください。";
    S_RISK_REMOVE: "Remove the key from wherever it was exposed; if that is a git repository, rewrite its history." => "キーが公開された場所からキーを削除してください。gitリポジトリの場合は履歴も書き換えてください。";
    S_RISK_ATTACKER: "Look for what an attacker may have created: IAM users, roles and keys; EC2 instances in all regions; SES sending; Lambda functions." => "攻撃者が作ったものがないか確認してください: IAMユーザー・ロール・キー、すべてのリージョンのEC2インスタンス、SESからの送信、Lambda関数。";
    S_RISK_ANSWER_CASE: "Answer the AWS Support case AWS opened, before the deadline, with what you found and did." => "AWSが開いたサポートケースに、期限までに調べた結果と実施した対応を返信してください。";

    // What to do: SES enforcement.
    S_SES_OPEN: "Open the SES reputation dashboard and read the review details." => "SESの評価ダッシュボードを開き、審査の詳細を読んでください。";
    S_SES_CAUSE: "Find the cause: a leaked SMTP credential (check IAM users with SES permissions and their keys), a purchased or stale list, or an abused sign-up form." => "原因を探してください: 漏えいしたSMTP認証情報（SESの権限を持つIAMユーザーとそのキー）、購入したリストや古いリスト、悪用された登録フォームなど。";
    S_SES_STOP: "Stop the cause: rotate SMTP credentials, pause the campaign, suppress bounced and complaining addresses." => "原因を止めてください: SMTP認証情報を入れ替え、配信を一時停止し、バウンスや苦情のあったアドレスを送信対象から外します。";
    S_SES_REPLY: "Reply to AWS (SES console or the Support case) before the deadline with the cause and the fix." => "期限までにAWSに返信してください（SESコンソールまたはサポートケース）。原因と対策を書きます。";

    // What to do: other Health events.
    S_OTHER_OPEN: "Open the event in the AWS Health dashboard and follow its guidance." => "AWS Health のダッシュボードでイベントを開き、案内に従ってください。";
    S_OTHER_CHECK: "Check the affected resources listed above." => "上に挙げた影響を受けたリソースを確認してください。";
}
