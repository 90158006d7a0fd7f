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
    L_SUPPORT_CASE: "AWS Support case {case}" => "AWSサポートケース {case}";
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
    S_ABUSE_STOP: "Stop the abuse: isolate or stop the affected resources listed above. Keep them (snapshots) until you know the cause." => "不正利用を止めてください: 上に挙げたリソースを隔離するか停止します。原因がわかるまでは削除せず、スナップショットを残してください。";
    S_ABUSE_INTRUDER: "Look for an intruder: IAM users, roles and access keys created recently; CloudTrail for calls you do not recognise; GuardDuty findings." => "侵入者がいないか確認してください: 最近作られたIAMユーザー・ロール・アクセスキー、心当たりのない操作（CloudTrail）、GuardDutyの検出結果。";
    S_ABUSE_COSTS: "Check costs in every region (Cost Explorer grouped by region) for resources you did not launch, such as crypto-mining instances." => "すべてのリージョンのコストを確認し（Cost Explorer をリージョン別に表示）、暗号資産のマイニング用インスタンスなど、起動した覚えのないリソースがないか探してください。";
    S_ABUSE_REPLY: "Reply in English before the deadline to the AWS Trust & Safety e-mail, keeping its subject line unchanged (not in a Support case: AWS Support does not handle abuse reports). State only what is true: the cause and what you did, or that you are still investigating and when you will write again. Unanswered, the resources and then the account are suspended." => "期限までに英語で、AWS Trust & Safety からのメールに件名を変えずに返信してください（サポートケースではありません。AWSサポートは不正利用の報告を扱いません）。事実だけを書きます: 原因と実施した対応、または調査中であることと次に連絡する日。返信しないと、リソースが、続いてアカウントが停止されます。";

    // Abuse playbooks: the triage question first, then the family's steps.
    Q_SPAM: "First, ask: did your team or your application send this mail (a newsletter, a campaign, a form's notifications)? If not, someone else is sending through your account: treat it as a break-in." => "まず確認してください: このメールは、あなたのチームやアプリケーションが送ったもの（メールマガジン、キャンペーン、フォームの通知など）ですか？ 違うなら、誰かがあなたのアカウントを使って送っています。侵入されたものとして対応してください。";
    S_SPAM_PORT25: "Port 25: find the instance that sends mail straight out (the instances listed; VPC flow logs to port 25). Unless it is your mail server, remove outbound TCP port 25 from its security group." => "ポート25: メールを直接外へ送っているインスタンスを探してください（上に挙げたインスタンス、ポート25宛てのVPCフローログ）。自分たちのメールサーバーでなければ、そのセキュリティグループのアウトバウンドルールからTCPポート25を外します。";
    S_SPAM_SMTP: "SMTP credentials: sends over SMTP are not in CloudTrail. In IAM, open each SMTP user's Security credentials and read each access key's last use; deactivate the keys you do not recognise, and rotate the rest." => "SMTP認証情報: SMTPでの送信はCloudTrailに記録されません。IAMで各SMTPユーザーの「セキュリティ認証情報」を開き、アクセスキーごとの「最終使用」を確認してください。心当たりのないキーは無効化し、残りは入れ替えます。";
    S_SPAM_FORMS: "Contact forms: a web form that mails any address a visitor types is a spam relay. Send only to your own addresses, and add a CAPTCHA and a rate limit." => "問い合わせフォーム: 訪問者が入力した任意のアドレスにメールを送るフォームは、スパムの中継に使われます。送信先を自分たちのアドレスだけにし、CAPTCHAと送信回数の制限を付けてください。";
    S_SPAM_RELAY: "Open relays: a mail server on your instances (Postfix, Exim, sendmail) must relay only for your own networks and signed-in users. Fix its configuration, then clear the spam from its queue." => "オープンリレー: インスタンス上のメールサーバー（`Postfix`、`Exim`、`sendmail`）が中継してよいのは、自分たちのネットワークと認証済みの利用者の分だけです。設定を直し、キューに残ったスパムを消してください。";
    Q_OUTBOUND: "First, ask: did your team start this traffic (a load test, a security scan, a crawler)? If not, the instance sending it is most likely compromised." => "まず確認してください: この通信は、あなたのチームが始めたもの（負荷試験、セキュリティスキャン、クローラーなど）ですか？ 違うなら、送信しているインスタンスはほぼ確実に乗っ取られています。";
    S_OUT_FIND: "Find the instance sending it: NetworkOut and NetworkPacketsOut of the instances listed at the times in the report, or their VPC flow logs." => "送信しているインスタンスを探してください: 報告にある時刻の、上に挙げたインスタンスの `NetworkOut` と `NetworkPacketsOut`、またはVPCフローログを見ます。";
    S_OUT_STOP: "Stop the outbound traffic now: snapshot its volumes first (evidence), then remove the outbound rules of its security group, or stop the instance." => "外向きの通信を今すぐ止めてください: まずボリュームのスナップショットを取り（証拠になります）、セキュリティグループのアウトバウンドルールを外すか、インスタンスを停止します。";
    S_OUT_HOW: "Find how it was taken over: processes and cron jobs you do not know, SSH keys, and in CloudTrail the IAM users and access keys created recently." => "どうやって乗っ取られたか調べてください: 見覚えのないプロセスや定期実行ジョブ（`cron`）、SSHの鍵、CloudTrailで最近作られたIAMユーザーとアクセスキー。";
    Q_INTRUSION: "First, ask: does your team run anything that logs in to other people's servers (a vulnerability scanner, a monitoring check)? If not, the instance is compromised and is attacking others." => "まず確認してください: あなたのチームは、他人のサーバーにログインするもの（脆弱性スキャナー、監視のチェックなど）を動かしていますか？ 違うなら、インスタンスは乗っ取られ、ほかのサーバーを攻撃しています。";
    S_IN_ISOLATE: "Isolate the instance: snapshot its volumes first (evidence), then give it a security group with no rules, or stop it." => "インスタンスを隔離してください: まずボリュームのスナップショットを取り（証拠になります）、ルールのないセキュリティグループに付け替えるか、停止します。";
    S_IN_HOW: "Find how it was reached: SSH or RDP open to 0.0.0.0/0, password log-ins, an unpatched application. Close what is open to the world." => "どこから入られたか調べてください: 0.0.0.0/0 に開いたSSHやリモートデスクトップ（`RDP`）、パスワードでのログイン、更新していないアプリケーション。誰にでも開いているものを閉じます。";
    S_IN_REBUILD: "Do not clean it: rebuild it from a known-good image, and rotate every credential that was on it (keys, passwords, its role's sessions)." => "掃除して使い続けないでください: 安全なイメージから作り直し、そのインスタンスにあった認証情報（キー、パスワード、ロールのセッション）をすべて入れ替えます。";
    S_IN_FOOTHOLDS: "Look for other footholds: IAM users, roles and access keys created recently, in CloudTrail." => "ほかの侵入の足場がないか探してください: CloudTrailで、最近作られたIAMユーザー・ロール・アクセスキーを確認します。";
    Q_CONTENT: "First, ask: is the content the report names yours, or your users'? Phishing and malware pages are usually planted by an intruder; open the reported URLs only from a safe machine." => "まず確認してください: 報告にあるコンテンツは、あなたたちや利用者のものですか？ フィッシングやマルウェアのページは、たいてい侵入者が置いたものです。報告のURLは安全な環境からだけ開いてください。";
    S_CONTENT_FIND: "Find where the reported URLs are served from: an S3 bucket, a CloudFront distribution, or a web server on the instances listed." => "報告のURLがどこから配信されているか探してください: S3バケット、CloudFrontのディストリビューション、または上に挙げたインスタンス上のウェブサーバー。";
    S_CONTENT_TAKEDOWN: "Take the content down or block access to it, and keep a private copy as evidence: do not delete it outright." => "コンテンツを公開から外すか、アクセスを遮断してください。証拠として非公開のコピーを残し、いきなり削除しないでください。";
    S_CONTENT_PLANTED: "If you did not put it there, your site was broken into: find how (a CMS plugin, an upload form, a leaked key), patch it, and look for other planted files." => "自分たちで置いたものでなければ、サイトに侵入されています: 経路（コンテンツ管理システムのプラグイン、アップロードフォーム、漏えいしたキーなど）を探して塞ぎ、ほかに置かれたファイルがないか確認してください。";
    S_CONTENT_DISPUTE: "If you believe the content is lawful (you hold the rights, or it is not what the report says), say so in the reply with the facts; for copyright, with a counter-notice." => "コンテンツが正当なもの（権利を持っている、報告の内容と違う）だと考える場合は、事実を添えて返信でそう伝えてください。著作権の場合は異議申し立て（カウンターノーティス）を添えます。";
    Q_OTHER: "First, read what AWS says above and ask: is the activity it describes yours? If not, treat it as a break-in." => "まず上のAWSからの連絡を読み、そこに書かれた活動があなたたちのものか確認してください。違うなら、侵入されたものとして対応してください。";
    V_YOUR_REGION: "your Region" => "あなたのリージョン";

    // Links of the playbooks (button text: at most 75 characters).
    L_INSTANCES: "EC2 instances ({region})" => "EC2インスタンス（{region}）";
    L_SECURITY_GROUPS: "Security groups ({region})" => "セキュリティグループ（{region}）";
    L_CLOUDTRAIL: "CloudTrail event history ({region})" => "CloudTrailのイベント履歴（{region}）";
    L_SES_ACCOUNT: "SES account dashboard ({region})" => "SESのアカウントダッシュボード（{region}）";
    L_S3_BUCKETS: "S3 buckets" => "S3バケット";
    L_CLOUDFRONT: "CloudFront distributions" => "CloudFrontのディストリビューション";
    L_IAM_USERS: "IAM users" => "IAMユーザー";
    L_IAM_ROLES: "IAM roles" => "IAMロール";
    L_ROOT_CREDENTIALS: "Root user's security credentials" => "ルートユーザーのセキュリティ認証情報";
    L_EVERY_REGION: "EC2 Global View: every Region" => "EC2 Global View: すべてのリージョン";

    // What to do: exposed or compromised credentials.
    V_DEACTIVATE_NOW: "Deactivate access key {key} now" => "アクセスキー {key} を今すぐ無効化してください";
    S_RISK_DEACTIVATE_USER: "Deactivate access key {key} now (IAM, user {user}, Security credentials), then delete it once nothing legitimate needs it." => "アクセスキー {key} を今すぐ無効化してください（IAM → ユーザー {user} → Security credentials）。正当な用途がないことを確かめてから削除します。";
    S_RISK_DEACTIVATE: "Deactivate access key {key} now in IAM, then delete it once nothing legitimate needs it." => "アクセスキー {key} を今すぐIAMで無効化し、正当な用途がないことを確かめてから削除してください。";
    S_RISK_DEACTIVATE_UNKNOWN: "Deactivate the exposed access key now in IAM, then delete it once nothing legitimate needs it." => "公開されたアクセスキーを今すぐIAMで無効化し、正当な用途がないことを確かめてから削除してください。";
    S_RISK_NEW_KEY: "Give legitimate users a new key (or better, a role) and update them." => "正当な利用者には新しいキー（できればIAMロール）を渡し、設定を更新してください。";
    S_RISK_WHAT_IT_DID: "Check what the key did: CloudTrail event history filtered by access key {key}, in every region." => "そのキーで何が行われたか確認してください: すべてのリージョンで、CloudTrail のイベント履歴をアクセスキー {key} で絞り込みます。";
    S_RISK_WHAT_IT_DID_UNKNOWN: "Check what the key did: CloudTrail event history filtered by the exposed access key, in every region." => "そのキーで何が行われたか確認してください: すべてのリージョンで、CloudTrail のイベント履歴を公開されたアクセスキーで絞り込みます。";
    S_RISK_REMOVE_AT: "Remove the key from where it was exposed ({url}); if that is a git repository, rewrite its history." => "キーが公開された場所（{url}）からキーを削除してください。gitリポジトリの場合は履歴も書き換えてください。";
    S_RISK_REMOVE: "Remove the key from wherever it was exposed; if that is a git repository, rewrite its history." => "キーが公開された場所からキーを削除してください。gitリポジトリの場合は履歴も書き換えてください。";
    S_RISK_CONSOLE_USER: "Console sign-in was taken over: reset the console password of {user} (or the root user's, if AWS names root), turn on MFA, and delete the access keys it does not need." => "コンソールへのサインインが乗っ取られています: {user} のコンソールパスワード（AWSがルートユーザーを挙げている場合はルートユーザーのもの）をリセットし、MFAを有効にして、不要なアクセスキーを削除してください。";
    S_RISK_CONSOLE: "Console sign-in was taken over: reset the console password of the user AWS names (or the root user's), turn on MFA, and delete the access keys it does not need." => "コンソールへのサインインが乗っ取られています: AWSが挙げたユーザー（またはルートユーザー）のコンソールパスワードをリセットし、MFAを有効にして、不要なアクセスキーを削除してください。";
    S_RISK_QUARANTINE_USER: "AWS attached a quarantine policy (AWSCompromisedKeyQuarantine) to {user}, which blocks what an attacker does most. Leave it attached until the exposed key is deleted and the account is checked; then detach it." => "AWSが {user} に隔離ポリシー（`AWSCompromisedKeyQuarantine`）を付けました。攻撃者がよく使う操作を止めるものです。公開されたキーを削除し、アカウントを確認し終えるまでは外さず、その後で外してください。";
    S_RISK_QUARANTINE: "AWS attached a quarantine policy (AWSCompromisedKeyQuarantine) to the IAM user it names, which blocks what an attacker does most. Leave it attached until the exposed key is deleted and the account is checked; then detach it." => "AWSが、通知にあるIAMユーザーに隔離ポリシー（`AWSCompromisedKeyQuarantine`）を付けました。攻撃者がよく使う操作を止めるものです。公開されたキーを削除し、アカウントを確認し終えるまでは外さず、その後で外してください。";
    S_ACCOUNT_CREDENTIALS: "Root and IAM credentials: change the root user's password, turn on MFA for the root user and for every IAM user who signs in, delete any root access keys, and rotate the IAM access keys in use." => "ルートとIAMの認証情報: ルートユーザーのパスワードを変更し、ルートユーザーとサインインするすべてのIAMユーザーでMFAを有効にし、ルートユーザーのアクセスキーがあれば削除して、使っているIAMアクセスキーを入れ替えてください。";
    S_ACCOUNT_UNKNOWN_USERS: "Unknown users: delete the IAM users, roles, access keys and identity providers your team did not create (CloudTrail: CreateUser, CreateAccessKey, CreateRole, CreateLoginProfile)." => "見覚えのないユーザー: あなたのチームが作っていないIAMユーザー・ロール・アクセスキー・IDプロバイダーを削除してください（CloudTrailで `CreateUser`、`CreateAccessKey`、`CreateRole`、`CreateLoginProfile` を確認します）。";
    S_ACCOUNT_EVERY_REGION: "Every Region, not only yours: look for EC2 instances, Lambda functions and other resources you did not launch, and terminate them (keep snapshots as evidence)." => "自分たちのリージョンだけでなく、すべてのリージョンで: 起動した覚えのないEC2インスタンス、Lambda関数などのリソースを探して終了してください（証拠としてスナップショットを残します）。";
    S_ACCOUNT_BILLING: "Billing: check the bill and Cost Explorer by Region for charges you do not expect; once the account is clean, ask AWS Support in the case for a billing adjustment." => "請求: 請求書と、リージョン別の Cost Explorer で、想定外の料金がないか確認してください。アカウントが安全になったら、サポートケースで請求の調整を依頼します。";
    S_RISK_ANSWER_CASE: "Follow the instructions in AWS's notice, and answer the Support case AWS opened about it before the deadline, with what you found and did." => "AWSの通知にある指示に従い、AWSがこの件で開いたサポートケースに、期限までに調べた結果と実施した対応を返信してください。";
    S_RISK_ANSWER_CASE_ID: "Follow the instructions in AWS's notice, and answer AWS Support case {case}, which AWS opened, before the deadline, with what you found and did." => "AWSの通知にある指示に従い、AWSが開いたサポートケース {case} に、期限までに調べた結果と実施した対応を返信してください。";

    // SES enforcement: whether mail leaves the Region now.
    F_SENDING_NOW: "Sending now" => "現在の送信";
    V_NOT_SENDING: "NO: SES is not sending any mail from this account in {region} now" => "いいえ: このアカウントの {region} からのメールは、今は一通も送信されていません";
    V_STILL_SENDING: "yes: SES still sends this account's mail in {region} during the review" => "はい: 審査中も、このアカウントの {region} からのメールは送信されています";
    V_SES_ALWAYS_CLOSED: "closed in AWS Health, as every SES enforcement notice is: this does not mean it is over" => "AWS Health では「クローズ」（SESの措置の通知は常にこう表示されます）。終わったという意味ではありません";

    // What to do: SES enforcement.
    S_SES_OPEN: "Open the SES reputation dashboard and read the review details." => "SESの評価ダッシュボードを開き、審査の詳細を読んでください。";
    S_SES_CAUSE: "Find the cause: a leaked SMTP credential (check IAM users with SES permissions and their keys), a purchased or stale list, or an abused sign-up form." => "原因を探してください: 漏えいしたSMTP認証情報（SESの権限を持つIAMユーザーとそのキー）、購入したリストや古いリスト、悪用された登録フォームなど。";
    S_SES_SMTP_LAST_USED: "SMTP sends are not in CloudTrail: in IAM, open each SMTP user (the IAM users whose access keys are SES SMTP credentials) and read when each key was last used and with which service; deactivate the keys you do not recognise." => "SMTPでの送信はCloudTrailに記録されません: IAMで各SMTPユーザー（アクセスキーがSESのSMTP認証情報になっているIAMユーザー）を開き、キーごとに最後に使われた日時とサービスを確認してください。心当たりのないキーは無効化します。";
    S_SES_FIX_BY: "Sending still works, under review: fix the cause by {by}, the end of the review period AWS states, or AWS may pause sending." => "審査中も送信はできます: AWSが示した審査期間の終わり（{by}）までに原因を直してください。直らなければ、AWSが送信を停止することがあります。";
    S_SES_FIX_IN_PERIOD: "Sending still works, under review: fix the cause before the end of the review period in AWS's notice, or AWS may pause sending." => "審査中も送信はできます: AWSの通知にある審査期間が終わるまでに原因を直してください。直らなければ、AWSが送信を停止することがあります。";
    S_SES_STOP: "Stop the cause: rotate SMTP credentials, pause the campaign, suppress bounced and complaining addresses." => "原因を止めてください: SMTP認証情報を入れ替え、配信を一時停止し、バウンスや苦情のあったアドレスを送信対象から外します。";
    S_SES_REPLY: "Reply to AWS (SES console or the Support case) before the deadline with the cause and the fix." => "期限までにAWSに返信してください（SESコンソールまたはサポートケース）。原因と対策を書きます。";

    // What to do: other Health events.
    S_OTHER_OPEN: "Open the event in the AWS Health dashboard and follow its guidance." => "AWS Health のダッシュボードでイベントを開き、案内に従ってください。";
    S_OTHER_CHECK: "Check the affected resources listed above." => "上に挙げた影響を受けたリソースを確認してください。";
}
