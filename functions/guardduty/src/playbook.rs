//! What to do, per finding family: the room with one job. Every GuardDuty
//! finding type maps to a family (by its threat purpose, the resource in its
//! name and, for brute force, the direction of the traffic); each family
//! asks its triage question first, then gives 3–5 steps, each with the
//! console page where it is done, in the finding's Region.
//!
//! Steps follow the finding, not the resource type: an S3 Block Public
//! Access finding is told to close the bucket, not to deactivate the key
//! that changed it; an `ASIA…` key is a temporary role credential, so its
//! step revokes the role's sessions (IAM has no such access key); an
//! instance that is only the target of a probe is never isolated.
//!
//! The steps follow AWS's guidance: GuardDuty User Guide "Remediating
//! findings" (a potentially compromised EC2 instance, S3 bucket, AWS
//! credentials, EKS cluster, runtime workload, Lambda function, RDS
//! database, malware), and each finding type's own "Remediation
//! recommendations" (PortProbeUnprotectedPort: restrict the rule or
//! suppress; InstanceCredentialExfiltration: revoke the role's sessions,
//! require IMDSv2); AWS Security Incident Response Guide for mining.

use crate::console;
use crate::values;
use chrono::{DateTime, Duration, Utc};
use respondby_core::i18n::T;
use respondby_core::regions;
use respondby_core::time::span;
use respondby_core::{Alert, Lang};

/// The words of the playbook, in English and Japanese.
pub mod words {
    respondby_core::texts! {
        // Family headlines (a Japanese message's title).
        H_CRYPTO: "Crypto mining" => "暗号資産のマイニング";
        H_CRED_EXFIL: "Instance credentials used outside the instance" => "インスタンスの認証情報が外部で使われています";
        H_IAM: "Credentials used suspiciously" => "認証情報の不審な利用";
        H_INBOUND: "Login attempts against your server" => "サーバーへのログインの試み";
        H_PROBE: "Open port probed from the internet" => "インターネットから開いているポートへの探査";
        H_INSTANCE: "Instance behaving as if compromised" => "侵害された可能性のあるインスタンス";
        H_POLICY: "Security setting changed or tested" => "セキュリティ設定の変更・テスト";
        H_S3_EXPOSURE: "S3 bucket access opened" => "S3バケットのアクセスが開かれました";
        H_S3_ACCESS: "Suspicious S3 data access" => "S3データへの不審なアクセス";
        H_K8S: "Suspicious activity in an EKS cluster" => "EKSクラスターでの不審な操作";
        H_RUNTIME: "Suspicious process in a workload" => "ワークロード内の不審なプロセス";
        H_MALWARE: "Malware found by a scan" => "スキャンでマルウェアを検出";
        H_RDS: "Suspicious database logins" => "データベースへの不審なログイン";
        H_LAMBDA: "Suspicious Lambda function activity" => "Lambda関数の不審な動作";
        H_OTHER: "GuardDuty finding" => "GuardDutyの検出結果";
        T_TITLE: "{headline}: {resource}" => "{headline}: {resource}";

        // Fill-ins when the finding does not carry a value.
        X_REMOTE: "the remote address" => "相手のアドレス";
        X_THE_PORT: "the port" => "そのポート";
        X_THE_KEY: "the key" => "そのキー";
        X_SOMEONE: "someone" => "誰か";
        X_UNNAMED_CALLER: "a caller the finding does not name" => "検出結果に名前のない呼び出し元";
        X_THE_CALL: "the change" => "その変更";
        X_THE_BUCKET: "the bucket" => "そのバケット";

        // Triage questions: always the first step.
        Q_CRYPTO_NEW_GPU: "Instance {instance}, a {type} (a GPU type miners favour), was launched {span} before the mining began, in {region}. Did your team launch it? If not, the AWS keys that launched it are stolen." => "インスタンス {instance}（{type}、マイニングに好まれるGPUタイプ）は、マイニングが始まる{span}前に {region}で起動されました。あなたのチームが起動したものですか？ そうでなければ、起動に使われたAWSのキーが盗まれています。";
        Q_CRYPTO_NEW: "Instance {instance} ({type}) was launched {span} before the mining began, in {region}. Did your team launch it? If not, the AWS keys that launched it are stolen." => "インスタンス {instance}（{type}）は、マイニングが始まる{span}前に {region}で起動されました。あなたのチームが起動したものですか？ そうでなければ、起動に使われたAWSのキーが盗まれています。";
        Q_CRYPTO_GPU: "Instance {instance} is a {type}, a GPU type miners favour, in {region}. Did your team launch it? If not, the AWS keys that launched it are stolen." => "インスタンス {instance} は {region} の {type}（マイニングに好まれるGPUタイプ）です。あなたのチームが起動したものですか？ そうでなければ、起動に使われたAWSのキーが盗まれています。";
        Q_CRYPTO: "Does your team mine crypto currency on {what} on purpose? If not, it was broken into, or someone launched it with your keys." => "{what} での暗号資産のマイニングは、あなたのチームが意図して行っているものですか？ そうでなければ、侵入されたか、あなたのキーで誰かが起動しています。";
        Q_CRED_EXFIL: "Are these calls from your own systems (a VPN, another account of yours)? If not, temporary credentials of role {role} have left the instance and are used from {ip}." => "これらの呼び出しは自社のシステム（VPN、自社の別アカウントなど）からのものですか？ そうでなければ、ロール {role} の一時的な認証情報がインスタンスの外に持ち出され、{ip} から使われています。";
        Q_IAM: "Did your team make these calls, from {ip}? If not, {key} is in someone else's hands." => "これらの呼び出しは、あなたのチームが {ip} から行ったものですか？ そうでなければ、{key} が第三者の手にあります。";
        Q_INBOUND: "You are the target: {ip} is trying to log in to {instance} on port {port}. Must that port be open to the whole internet?" => "攻撃の対象はあなたのサーバーです: {ip} が {instance} のポート {port} にログインしようとしています。そのポートはインターネット全体に開いている必要がありますか？";
        Q_PROBE: "For information: scanners on the internet found port {port} of {instance} open. You are only the target. Must that port be open to everyone?" => "お知らせ: インターネット上のスキャナーが {instance} のポート {port} が開いていることを見つけました。あなたのサーバーは探査の対象になっているだけです。そのポートは誰にでも開いている必要がありますか？";
        Q_INSTANCE: "Should {instance} be talking to {ip}? If not, assume the instance is compromised." => "{instance} が {ip} と通信するのは想定どおりですか？ そうでなければ、インスタンスが侵害されているものとして扱ってください。";
        Q_POLICY: "Did someone on your team do this on purpose ({api} by {who})?" => "これはあなたのチームの誰かが意図して行ったものですか（{who} による {api}）？";
        Q_PENTEST: "Is a penetration test of this account planned? {who} called AWS from a penetration-testing system ({api})." => "このアカウントへのペネトレーションテストは予定されていますか？ {who} がペネトレーションテスト用のシステムからAWSを呼び出しました（{api}）。";
        Q_S3_EXPOSURE: "Was bucket {bucket} meant to be public (a website, public downloads)? {api} by {who} changed its access." => "バケット {bucket} は公開する前提のもの（ウェブサイト、公開ダウンロードなど）ですか？ {who} による {api} でアクセス設定が変わりました。";
        Q_S3_ACCESS: "Do you recognise this: {api} on {bucket} by {who}, from {ip}?" => "{who} が {ip} から {bucket} に対して {api} を呼び出しました。心当たりはありますか？";
        Q_K8S: "Did your team do this in cluster {cluster}?" => "これはあなたのチームがクラスター {cluster} で行った操作ですか？";
        Q_RUNTIME: "Is this process expected in {what}? GuardDuty saw it run inside the workload." => "このプロセスは {what} で想定どおりのものですか？ GuardDutyはワークロードの内部でそれが動くのを確認しました。";
        Q_MALWARE: "Is this file known to your team (a test file such as EICAR, a security tool)? GuardDuty's malware scan flagged it in {what}." => "このファイルに心当たりはありますか（EICARなどのテスト用ファイル、セキュリティツールなど）？ GuardDutyのマルウェアスキャンが {what} でこれを検出しました。";
        Q_RDS: "Are these logins to {db} from your applications or staff ({ip})?" => "{db} へのこれらのログインは、自社のアプリケーションや担当者からのものですか（{ip}）？";
        Q_LAMBDA: "Should function {function} be doing this (talking to {ip})? If not, its code or its role has been abused." => "関数 {function} がこの動作（{ip} との通信）をするのは想定どおりですか？ そうでなければ、コードかロールが悪用されています。";
        Q_OTHER: "Is this activity expected for this resource? If not, treat it as an incident." => "このリソースでこの動きは想定どおりですか？ そうでなければ、インシデントとして扱ってください。";

        // Credentials: what to do depends on the kind of key.
        S_KEY_DEACTIVATE: "If not: deactivate access key {key} now (IAM, user {user}, Security credentials); give the legitimate use a new key afterwards." => "心当たりがなければ、今すぐアクセスキー {key} を無効化してください（IAM → ユーザー {user} → セキュリティ認証情報）。正当な用途には、その後で新しいキーを発行します。";
        S_KEY_REVOKE_ROLE: "If not: revoke the active sessions of role {role} (IAM, the role, Revoke sessions). {key} is a temporary role credential: there is no IAM access key to deactivate." => "心当たりがなければ、ロール {role} の有効なセッションを取り消してください（IAM → ロール → セッションの取り消し）。{key} はロールの一時的な認証情報なので、無効化できるIAMのアクセスキーはありません。";
        S_KEY_ROOT: "If not: secure the root user now: change its password, turn on MFA and delete any root access keys." => "心当たりがなければ、今すぐルートユーザーを保護してください: パスワードを変更し、MFAを有効にし、ルートのアクセスキーがあれば削除します。";
        S_KEY_UNKNOWN: "If not: find the credentials in CloudTrail and deactivate them (an IAM user's key) or revoke the role's sessions (a role)." => "心当たりがなければ、CloudTrailで認証情報を特定し、無効化（IAMユーザーのキー）するか、ロールのセッションを取り消して（ロール）ください。";
        S_KEY_WHAT_IT_DID: "Review what {key} did: CloudTrail filtered by that key, in every Region; undo what it created." => "{key} で何が行われたか確認してください: すべてのリージョンで、CloudTrailをそのキーで絞り込みます。作られたものは元に戻します。";
        S_LEFT_BEHIND: "Look for what an intruder leaves behind: new IAM users, access keys, roles and policies; instances in every Region." => "侵入者が残したものを探してください: 新しいIAMユーザー・アクセスキー・ロール・ポリシー、すべてのリージョンのインスタンス。";

        // Crypto mining.
        S_CRYPTO_WHO: "Find who launched it: CloudTrail, `RunInstances` for {instance} (the access key and user in that event). If that key is not your team's, deactivate it first." => "誰が起動したか確認してください: CloudTrailで {instance} の `RunInstances` を探します（そのイベントのアクセスキーとユーザー）。チームのキーでなければ、まずそのキーを無効化します。";
        S_CRYPTO_STOP: "Stop the instance (snapshot its volumes first, as evidence); do not terminate it yet." => "インスタンスを停止してください（証拠として先にボリュームのスナップショットを取ります）。まだ終了（削除）はしないでください。";
        S_CRYPTO_STOP_WORKLOAD: "Stop the workload that mines ({what}); keep its image, code or volumes as evidence." => "マイニングしているワークロード（{what}）を停止してください。イメージ・コード・ボリュームは証拠として残します。";
        S_CRYPTO_EVERY_REGION: "Look for more instances in every Region (EC2 Global View), especially GPU types launched recently; stop those your team did not launch." => "すべてのリージョンで他のインスタンスを探してください（EC2 グローバルビュー）。特に最近起動されたGPUタイプに注意し、チームが起動していないものは停止します。";
        S_CRYPTO_COSTS: "Check the costs by Region (Cost Explorer) and contact AWS Support about the charges once it is contained." => "リージョン別のコストを確認し（Cost Explorer）、封じ込めたらAWSサポートに料金について相談してください。";

        // Instance credentials used outside the instance.
        S_CRED_INSTANCE: "Find the instance they leaked from: {instance}. Look for a web application there that fetches URLs for users (SSRF) or an intruder." => "認証情報が漏れたインスタンスを特定してください: {instance}。ユーザーの指定したURLを取得するウェブアプリケーション（SSRF）や侵入者がいないか確認します。";
        S_CRED_IMDSV2: "Require IMDSv2 on that instance (Actions, Instance settings, Modify instance metadata options), so a forwarded request cannot read its role credentials." => "そのインスタンスでIMDSv2を必須にしてください（アクション → インスタンスの設定 → インスタンスメタデータオプションの変更）。転送されたリクエストでロールの認証情報を読み取られないようにします。";

        // Login attempts against us, and probes of an open port.
        S_RESTRICT_PORT: "Restrict the security group rule for port {port} to the addresses that need it (your office, a VPN), or close it and use Session Manager." => "ポート {port} のセキュリティグループのルールを、必要なアドレス（社内、VPN）だけに制限するか、閉じて Session Manager を使ってください。";
        S_CHECK_LOGINS: "Check the instance's login log for a successful login from {ip} (SSH: `/var/log/auth.log` or `/var/log/secure`). If one succeeded, treat the instance as compromised." => "インスタンスのログインの記録で、{ip} からのログインが成功していないか確認してください（SSH: `/var/log/auth.log` または `/var/log/secure`）。成功していれば、インスタンスが侵害されたものとして扱います。";
        S_PROBE_RESTRICT: "If not: restrict the security group rule for port {port} to the addresses that need it. Nothing else on the instance needs to change." => "必要がなければ、ポート {port} のセキュリティグループのルールを、必要なアドレスだけに制限してください。インスタンスのほかの部分は変える必要はありません。";
        S_PROBE_PATCH: "If it must stay open (a public server): keep the software on that port up to date; GuardDuty reports separately if an attack gets in." => "開けておく必要がある場合（公開サーバー）は、そのポートで動くソフトウェアを最新に保ってください。攻撃が成功すれば、GuardDutyが別に知らせます。";
        S_ARCHIVE: "If it is expected: archive the finding or add a suppression rule for it, so it stops alerting." => "想定どおりであれば、検出結果をアーカイブするか抑制ルールを追加して、通知が来ないようにしてください。";

        // An instance that behaves as if compromised.
        S_ISOLATE: "Isolate the instance: replace its security groups with one that has no inbound or outbound rules; it keeps running for the investigation." => "インスタンスを隔離してください: セキュリティグループを、受信・送信のルールが一つもないものに差し替えます。調査のため、インスタンスは動かしたままにします。";
        S_SNAPSHOT: "Snapshot its volumes for the investigation before you change anything else." => "ほかを変更する前に、調査のためボリュームのスナップショットを取ってください。";
        S_REVOKE_INSTANCE_ROLE: "Revoke the sessions of the role in its instance profile {profile} (IAM, the role, Revoke sessions): an intruder on the instance can use its credentials." => "インスタンスプロファイル {profile} のロールのセッションを取り消してください（IAM → ロール → セッションの取り消し）。インスタンス上の侵入者はその認証情報を使えます。";
        S_REBUILD: "Find how it was reached (open ports, leaked SSH keys, vulnerable software); rebuild it from a clean image rather than cleaning it." => "どこから入られたか（開いているポート、漏えいしたSSHキー、脆弱性のあるソフトウェア）を調べ、掃除するのではなく、きれいなイメージから作り直してください。";

        // Security settings changed, pentest tools.
        S_TRAIL_ON: "If not: turn CloudTrail logging back on for the trail, and check that nothing else about it changed." => "心当たりがなければ、証跡のCloudTrailのログ記録を元に戻し、ほかに変更がないか確認してください。";
        S_PASSWORD_POLICY: "If not: restore the account's password policy." => "心当たりがなければ、アカウントのパスワードポリシーを元に戻してください。";
        S_ROOT_USAGE: "Stop using the root user for daily work: check its MFA, delete root access keys, use IAM roles instead." => "日常の作業にルートユーザーを使わないでください: MFAを確認し、ルートのアクセスキーを削除し、代わりにIAMロールを使います。";
        S_WHO_CHANGED: "Find who made the change and from where: CloudTrail for {who}." => "誰がどこから変更したか確認してください: CloudTrailで {who} を調べます。";

        // S3.
        S_S3_BLOCK: "If not: turn Block Public Access back on for {bucket} and review its bucket policy and ACLs." => "公開する前提でなければ、{bucket} の Block Public Access を有効に戻し、バケットポリシーとアクセスコントロールリストを見直してください。";
        S_S3_BLOCK_ACCOUNT: "If not: turn Block Public Access back on for the account and review which buckets became public." => "公開する前提でなければ、アカウントの Block Public Access を有効に戻し、公開状態になったバケットを確認してください。";
        S_S3_LOGGING: "If not: turn server access logging back on for {bucket}." => "心当たりがなければ、{bucket} のサーバーアクセスログを有効に戻してください。";
        S_S3_WHO_READ: "Check what was read, written or deleted while it was open: CloudTrail data events for {bucket}." => "開いていた間に何が読み取られ、書き込まれ、削除されたか確認してください: {bucket} のCloudTrailデータイベント。";
        S_S3_WHAT_HAPPENED: "See what was read, written or deleted: CloudTrail data events for {bucket}." => "何が読み取られ、書き込まれ、削除されたか確認してください: {bucket} のCloudTrailデータイベント。";
        S_S3_TIGHTEN: "Tighten the bucket policy of {bucket}; keep Block Public Access on unless the bucket is public by design." => "{bucket} のバケットポリシーを厳しくしてください。公開する前提のバケットでなければ Block Public Access は有効にしておきます。";

        // EKS, runtime, malware, RDS, Lambda.
        S_K8S_AUDIT: "Review the cluster's audit log for this user's actions and what it created (pods, role bindings, service accounts)." => "クラスターの監査ログで、このユーザーの操作と作られたもの（ポッド、ロールバインディング、サービスアカウント）を確認してください。";
        S_K8S_REVOKE: "If not yours: remove that user's or service account's access (RBAC role bindings, the EKS access entry) and delete what it created." => "心当たりがなければ、そのユーザーまたはサービスアカウントのアクセス権（RBACのロールバインディング、EKSのアクセスエントリ）を外し、作られたものを削除してください。";
        S_K8S_ISOLATE_POD: "Isolate an affected pod with a deny-all network policy and keep it for the investigation." => "影響を受けたポッドを、すべてを拒否するネットワークポリシーで隔離し、調査のため残してください。";
        S_RT_ISOLATE: "Isolate the workload: an EC2 instance gets a security group without rules, a pod a deny-all network policy, an ECS task is stopped (keep its task definition)." => "ワークロードを隔離してください: EC2インスタンスはルールのないセキュリティグループに、ポッドはすべてを拒否するネットワークポリシーに、ECSタスクは停止します（タスク定義は残します）。";
        S_RT_EVIDENCE: "Keep the evidence: snapshot the volumes or save the container image before you delete anything." => "証拠を残してください: 何かを削除する前に、ボリュームのスナップショットを取るか、コンテナイメージを保存します。";
        S_RT_REDEPLOY: "Find where it came from (a vulnerable application, a poisoned image) and redeploy from a clean image." => "どこから来たか（脆弱性のあるアプリケーション、汚染されたイメージ）を調べ、きれいなイメージから再デプロイしてください。";
        S_MAL_ISOLATE_INSTANCE: "If not: isolate the instance (a security group without rules) so the file cannot spread or call out; snapshot its volumes first." => "心当たりがなければ、ファイルが広がったり外部と通信したりしないよう、インスタンスを隔離してください（ルールのないセキュリティグループ）。先にボリュームのスナップショットを取ります。";
        S_MAL_MOVE_OBJECT: "If not: move the object out of {bucket} (or block access to it) so nothing downloads it." => "心当たりがなければ、誰もダウンロードできないよう、オブジェクトを {bucket} から移動してください（またはアクセスを止めます）。";
        S_MAL_KEEP_AWAY: "If not: keep anyone from using the file: stop the workload or take the file out of use." => "心当たりがなければ、そのファイルが使われないようにしてください: ワークロードを止めるか、ファイルを使えないようにします。";
        S_MAL_HOW: "Find how the file got there and whether it ran; restore from a clean image or backup." => "ファイルがどこから来て、実行されたかどうかを調べ、きれいなイメージやバックアップから復元してください。";
        S_RDS_RESTRICT: "Restrict who can reach {db}: its security group should not allow the internet." => "{db} に接続できる相手を制限してください: セキュリティグループでインターネットからの接続を許可しないようにします。";
        S_RDS_PASSWORD: "If a login succeeded: change that database user's password and check what it did." => "ログインが成功していれば、そのデータベースユーザーのパスワードを変更し、何が行われたか確認してください。";
        S_LAMBDA_CODE: "Check the function's code, layers and environment for what you did not put there; deploy a known good version." => "関数のコード、レイヤー、環境変数に、入れた覚えのないものがないか確認し、正常なバージョンをデプロイしてください。";
        S_LAMBDA_STOP: "To stop it meanwhile: set its reserved concurrency to 0, and limit what its execution role may do." => "その間止めておくには、予約された同時実行数を0にし、実行ロールの権限を絞ってください。";
        S_OTHER_READ: "Open the finding and read what GuardDuty saw." => "検出結果を開き、GuardDutyが何を確認したかを読んでください。";
        S_OTHER_CHECK: "Check the resource for changes you did not make, and restrict its access until you know the cause." => "リソースに身に覚えのない変更がないか確認し、原因がわかるまでアクセスを制限してください。";

        // Console link labels (button text: at most 75 characters).
        L_FINDING: "GuardDuty finding" => "GuardDutyの検出結果";
        L_INSTANCE: "EC2 instance" => "EC2インスタンス";
        L_VOLUMES: "Its volumes" => "ボリューム";
        L_INSTANCES: "EC2 instances" => "EC2インスタンス";
        L_GLOBAL_VIEW: "EC2 Global View" => "EC2 グローバルビュー";
        L_COSTS: "Costs by Region" => "リージョン別のコスト";
        L_CLOUDTRAIL: "CloudTrail" => "CloudTrail";
        L_TRAILS: "CloudTrail trails" => "CloudTrailの証跡";
        L_IAM_ROLE: "IAM role" => "IAMロール";
        L_IAM_USER: "IAM user's keys" => "IAMユーザーのキー";
        L_IAM_USERS: "IAM users" => "IAMユーザー";
        L_IAM_ROOT: "Root user credentials" => "ルートユーザーの認証情報";
        L_PASSWORD_POLICY: "Password policy" => "パスワードポリシー";
        L_BUCKET: "Bucket permissions" => "バケットのアクセス許可";
        L_BUCKET_PROPERTIES: "Bucket properties" => "バケットのプロパティ";
        L_S3_ACCOUNT: "S3 Block Public Access" => "S3 Block Public Access";
        L_EKS: "EKS cluster" => "EKSクラスター";
        L_ECS: "ECS cluster" => "ECSクラスター";
        L_LAMBDA: "Lambda function" => "Lambda関数";
        L_RDS: "RDS database" => "RDSデータベース";
    }
}

use words as w;

/// A finding family: findings that call for the same first steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// `CryptoCurrency:*`, bitcoin domains, a crypto miner run.
    Crypto,
    /// `InstanceCredentialExfiltration`, `ResourceCredentialExfiltration`.
    CredentialExfiltration,
    /// Calls with IAM credentials from where they should not come
    /// (`UnauthorizedAccess:IAMUser/*`, `*:IAMUser/AnomalousBehavior`,
    /// `Recon:IAMUser/*`, the IAM attack sequence).
    IamCredentials,
    /// Brute force against our instance (we are the target).
    InboundAttack,
    /// `Recon:EC2/PortProbe*`: our open port was probed (information).
    ProbeTarget,
    /// Our instance behaves as if compromised: Backdoor, Trojan, Impact,
    /// Behavior, outbound brute force, Tor, port scans from it.
    CompromisedInstance,
    /// `Policy:IAMUser`, `Stealth:IAMUser`, `PenTest:IAMUser`: settings
    /// changed, logging stopped, pentest tools.
    PolicyStealthPentest,
    /// `Policy:S3/*`, `Stealth:S3/*`: a bucket's access opened, logging off.
    S3Exposure,
    /// Data access in S3 (Discovery, Exfiltration, Impact, PenTest,
    /// UnauthorizedAccess on S3; the S3 attack sequence).
    S3Access,
    /// EKS audit log findings (`*:Kubernetes/*`).
    Kubernetes,
    /// Runtime Monitoring (`*:Runtime/*`).
    Runtime,
    /// Malware Protection scans (`MaliciousFile`, `SuspiciousFile`).
    Malware,
    /// RDS Protection (`*:RDS/*`).
    Rds,
    /// Lambda Protection (`*:Lambda/*`).
    Lambda,
    /// A type none of the above covers (a new one).
    Other,
}

impl Family {
    /// Every family.
    pub const ALL: [Family; 15] = [
        Family::Crypto,
        Family::CredentialExfiltration,
        Family::IamCredentials,
        Family::InboundAttack,
        Family::ProbeTarget,
        Family::CompromisedInstance,
        Family::PolicyStealthPentest,
        Family::S3Exposure,
        Family::S3Access,
        Family::Kubernetes,
        Family::Runtime,
        Family::Malware,
        Family::Rds,
        Family::Lambda,
        Family::Other,
    ];

    /// The family of a finding type (`ThreatPurpose:ResourceType/Name`);
    /// `direction` is the network connection's (`INBOUND`, `OUTBOUND`), when
    /// the finding has one.
    pub fn of(finding_type: &str, direction: Option<&str>) -> Family {
        let (purpose, rest) = finding_type.split_once(':').unwrap_or(("", finding_type));
        let (resource, name) = rest.split_once('/').unwrap_or((rest, ""));
        let outbound = direction.is_some_and(|d| d.eq_ignore_ascii_case("OUTBOUND"));
        let inbound = direction.is_some_and(|d| d.eq_ignore_ascii_case("INBOUND"));
        if purpose == "CryptoCurrency"
            || name.starts_with("BitcoinDomainRequest")
            || name == "CryptoMinerExecuted"
        {
            return Family::Crypto;
        }
        if name.starts_with("InstanceCredentialExfiltration")
            || name.starts_with("ResourceCredentialExfiltration")
        {
            return Family::CredentialExfiltration;
        }
        if purpose == "Canary" {
            // GuardDuty's own test findings.
            return Family::Other;
        }
        if purpose == "AttackSequence" {
            return match resource {
                "IAM" => Family::IamCredentials,
                "S3" => Family::S3Access,
                "EKS" => Family::Kubernetes,
                "ECS" => Family::Runtime,
                _ => Family::CompromisedInstance,
            };
        }
        if (name.starts_with("MaliciousFile") || name.starts_with("SuspiciousFile"))
            && resource != "Runtime"
        {
            return Family::Malware;
        }
        match resource {
            "Kubernetes" => Family::Kubernetes,
            "Runtime" => Family::Runtime,
            "Lambda" => Family::Lambda,
            "RDS" => Family::Rds,
            "S3" if matches!(purpose, "Policy" | "Stealth") => Family::S3Exposure,
            "S3" => Family::S3Access,
            "IAMUser" | "IAM" if matches!(purpose, "Policy" | "Stealth" | "PenTest") => {
                Family::PolicyStealthPentest
            }
            "IAMUser" | "IAM" if name == "BedrockLoggingDisabled" => Family::PolicyStealthPentest,
            "IAMUser" | "IAM" => Family::IamCredentials,
            "EC2" if purpose == "Recon" && name.starts_with("PortProbe") => Family::ProbeTarget,
            "EC2" if (name.ends_with("BruteForce") || name == "TorIPCaller") && !outbound => {
                // SSH/RDP brute force defaults to us being the target;
                // WinRM brute force (an Impact finding) to us attacking.
                if inbound || purpose == "UnauthorizedAccess" {
                    Family::InboundAttack
                } else {
                    Family::CompromisedInstance
                }
            }
            "EC2" => Family::CompromisedInstance,
            _ => Family::Other,
        }
    }

    /// What the family is, in a few words (a Japanese message's title).
    pub fn headline(self) -> T {
        match self {
            Family::Crypto => w::H_CRYPTO,
            Family::CredentialExfiltration => w::H_CRED_EXFIL,
            Family::IamCredentials => w::H_IAM,
            Family::InboundAttack => w::H_INBOUND,
            Family::ProbeTarget => w::H_PROBE,
            Family::CompromisedInstance => w::H_INSTANCE,
            Family::PolicyStealthPentest => w::H_POLICY,
            Family::S3Exposure => w::H_S3_EXPOSURE,
            Family::S3Access => w::H_S3_ACCESS,
            Family::Kubernetes => w::H_K8S,
            Family::Runtime => w::H_RUNTIME,
            Family::Malware => w::H_MALWARE,
            Family::Rds => w::H_RDS,
            Family::Lambda => w::H_LAMBDA,
            Family::Other => w::H_OTHER,
        }
    }

    /// Families where our resource is only the target: never isolate it.
    pub fn target_only(self) -> bool {
        matches!(self, Family::ProbeTarget | Family::InboundAttack)
    }
}

/// What the finding carries that the steps name.
#[derive(Debug, Clone, Default)]
pub struct Subject {
    pub finding_type: String,
    pub finding_id: String,
    pub region: String,
    /// The resource in one line (`EC2 instance i-…`), in the message's language.
    pub what: String,
    pub instance_id: Option<String>,
    pub instance_type: Option<String>,
    pub launched: Option<DateTime<Utc>>,
    /// When the activity began (`eventFirstSeen`, else the finding's creation).
    pub activity_began: Option<DateTime<Utc>>,
    /// The instance's image: `ami-… (its description)`.
    pub image: Option<String>,
    /// The instance profile's name (`iamInstanceProfile.arn`).
    pub instance_profile: Option<String>,
    pub access_key: Option<String>,
    pub principal_id: Option<String>,
    pub user_name: Option<String>,
    pub user_type: Option<String>,
    pub remote_ip: Option<String>,
    /// The domain an instance asked DNS for (`dnsRequestAction.domain`).
    pub domain: Option<String>,
    pub local_port: Option<String>,
    pub direction: Option<String>,
    pub api: Option<String>,
    pub bucket: Option<String>,
    pub eks_cluster: Option<String>,
    pub ecs_cluster: Option<String>,
    pub function: Option<String>,
    pub database: Option<String>,
}

/// The kind of AWS credential an access key id is (its prefix).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// `AKIA…`: an IAM user's long-term access key.
    LongTerm,
    /// `ASIA…`: temporary credentials from STS (a role session).
    Temporary,
}

impl KeyKind {
    pub fn of(key: &str) -> Option<KeyKind> {
        if key.starts_with("AKIA") {
            Some(KeyKind::LongTerm)
        } else if key.starts_with("ASIA") {
            Some(KeyKind::Temporary)
        } else {
            None
        }
    }
}

/// GPU and accelerator instance families miners favour (p, g, inf, trn,
/// dl): `p3.16xlarge`, `g5.xlarge`, `gr6.4xlarge`, `inf2.xlarge`.
pub fn is_gpu_type(instance_type: &str) -> bool {
    let family: String = instance_type
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_lowercase();
    family == "p" || family.starts_with('g') || family == "inf" || family == "trn" || family == "dl"
}

/// How long before the activity began the instance was launched, if that
/// is within a few hours ("launched minutes before").
pub fn launched_shortly_before(s: &Subject) -> Option<Duration> {
    let gap = s.activity_began? - s.launched?;
    (gap >= Duration::zero() && gap <= Duration::hours(3)).then_some(gap)
}

/// The instance a role session was issued for: a session named after the
/// instance (`AROA…:i-0abc…`, as EC2 names its role sessions).
pub fn session_instance(principal_id: &str) -> Option<&str> {
    principal_id.split_once(':').map(|(_, s)| s).filter(|s| {
        s.starts_with("i-") && s.len() <= 19 && s[2..].bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// Adds the family's triage question and steps to the alert.
pub fn apply(a: &mut Alert, family: Family, s: &Subject, lang: Lang) {
    let r = s.region.as_str();
    let region = regions::shown(r, lang);
    let or = |v: &Option<String>, t: T| v.clone().unwrap_or_else(|| t.get(lang).to_owned());
    // The remote party: its address, or the domain a DNS finding names.
    let ip = s
        .remote_ip
        .clone()
        .or_else(|| s.domain.clone())
        .unwrap_or_else(|| w::X_REMOTE.get(lang).to_owned());
    let port = or(&s.local_port, w::X_THE_PORT);
    let key = or(&s.access_key, w::X_THE_KEY);
    let who = s
        .user_name
        .clone()
        .or_else(|| s.access_key.clone())
        .unwrap_or_else(|| w::X_SOMEONE.get(lang).to_owned());
    let api = or(&s.api, w::X_THE_CALL);
    let bucket = or(&s.bucket, w::X_THE_BUCKET);
    let instance = s.instance_id.clone().unwrap_or_else(|| s.what.clone());
    let finding = console::finding(r, &s.finding_id);
    let name = s.finding_type.rsplit('/').next().unwrap_or_default();

    let question = |t: T, args: &[(&str, &dyn std::fmt::Display)]| t.fill(lang, args);
    match family {
        Family::Crypto => {
            let q = match (&s.instance_id, &s.instance_type, launched_shortly_before(s)) {
                (Some(id), Some(ty), Some(gap)) => question(
                    if is_gpu_type(ty) {
                        w::Q_CRYPTO_NEW_GPU
                    } else {
                        w::Q_CRYPTO_NEW
                    },
                    &[
                        ("instance", id),
                        ("type", ty),
                        ("span", &span(gap, lang)),
                        ("region", &region),
                    ],
                ),
                (Some(id), Some(ty), None) if is_gpu_type(ty) => question(
                    w::Q_CRYPTO_GPU,
                    &[("instance", id), ("type", ty), ("region", &region)],
                ),
                _ => question(w::Q_CRYPTO, &[("what", &s.what)]),
            };
            match &s.instance_id {
                Some(id) => {
                    a.step_link(q, w::L_INSTANCE.get(lang), console::instance(r, id));
                    a.step_link(
                        w::S_CRYPTO_WHO.fill(lang, &[("instance", id)]),
                        w::L_CLOUDTRAIL.get(lang),
                        console::cloudtrail(r, "ResourceName", id),
                    );
                    a.step_link(
                        w::S_CRYPTO_STOP.get(lang),
                        w::L_VOLUMES.get(lang),
                        console::volumes(r, id),
                    );
                }
                None => {
                    a.step_link(q, w::L_FINDING.get(lang), finding.clone());
                    let (label, url) =
                        resource_page(s, lang).unwrap_or((w::L_FINDING.get(lang), finding.clone()));
                    a.step_link(
                        w::S_CRYPTO_STOP_WORKLOAD.fill(lang, &[("what", &s.what)]),
                        label,
                        url,
                    );
                }
            }
            a.step_link(
                w::S_CRYPTO_EVERY_REGION.get(lang),
                w::L_GLOBAL_VIEW.get(lang),
                console::ec2_global_view(),
            );
            a.step_link(
                w::S_CRYPTO_COSTS.get(lang),
                w::L_COSTS.get(lang),
                console::costs_by_region(),
            );
        }
        Family::CredentialExfiltration => {
            let role = s
                .user_name
                .clone()
                .unwrap_or_else(|| w::X_SOMEONE.get(lang).to_owned());
            a.step_link(
                question(w::Q_CRED_EXFIL, &[("role", &role), ("ip", &ip)]),
                w::L_FINDING.get(lang),
                finding.clone(),
            );
            credential_step(a, s, &key, lang);
            let leaked_from = s
                .principal_id
                .as_deref()
                .and_then(session_instance)
                .map(str::to_owned);
            let (label, url) = match &leaked_from {
                Some(id) => (w::L_INSTANCE.get(lang), console::instance(r, id)),
                None => (w::L_INSTANCES.get(lang), console::instances_newest_first(r)),
            };
            let from = leaked_from
                .clone()
                .or_else(|| s.principal_id.clone())
                .unwrap_or_else(|| w::X_SOMEONE.get(lang).to_owned());
            a.step_link(
                w::S_CRED_INSTANCE.fill(lang, &[("instance", &from)]),
                label,
                url.clone(),
            );
            a.step_link(w::S_CRED_IMDSV2.get(lang), label, url);
            a.step_link(
                w::S_KEY_WHAT_IT_DID.fill(lang, &[("key", &key)]),
                w::L_CLOUDTRAIL.get(lang),
                key_trail(s, r),
            );
        }
        Family::IamCredentials => {
            a.step_link(
                question(w::Q_IAM, &[("ip", &ip), ("key", &key)]),
                w::L_FINDING.get(lang),
                finding.clone(),
            );
            credential_step(a, s, &key, lang);
            a.step_link(
                w::S_KEY_WHAT_IT_DID.fill(lang, &[("key", &key)]),
                w::L_CLOUDTRAIL.get(lang),
                key_trail(s, r),
            );
            a.step_link(
                w::S_LEFT_BEHIND.get(lang),
                w::L_IAM_USERS.get(lang),
                console::iam_users(),
            );
        }
        Family::InboundAttack => {
            let page = s.instance_id.as_deref().map(|id| console::instance(r, id));
            a.step_link(
                question(
                    w::Q_INBOUND,
                    &[("ip", &ip), ("instance", &instance), ("port", &port)],
                ),
                w::L_FINDING.get(lang),
                finding.clone(),
            );
            a.step_link(
                w::S_RESTRICT_PORT.fill(lang, &[("port", &port)]),
                w::L_INSTANCE.get(lang),
                page.clone()
                    .unwrap_or_else(|| console::instances_newest_first(r)),
            );
            a.step_link(
                w::S_CHECK_LOGINS.fill(lang, &[("ip", &ip)]),
                w::L_INSTANCE.get(lang),
                page.unwrap_or_else(|| console::instances_newest_first(r)),
            );
            a.step_link(
                w::S_ARCHIVE.get(lang),
                w::L_FINDING.get(lang),
                finding.clone(),
            );
        }
        Family::ProbeTarget => {
            let page = s.instance_id.as_deref().map_or_else(
                || console::instances_newest_first(r),
                |id| console::instance(r, id),
            );
            a.step_link(
                question(w::Q_PROBE, &[("port", &port), ("instance", &instance)]),
                w::L_FINDING.get(lang),
                finding.clone(),
            );
            a.step_link(
                w::S_PROBE_RESTRICT.fill(lang, &[("port", &port)]),
                w::L_INSTANCE.get(lang),
                page.clone(),
            );
            a.step_link(w::S_PROBE_PATCH.get(lang), w::L_INSTANCE.get(lang), page);
            a.step_link(
                w::S_ARCHIVE.get(lang),
                w::L_FINDING.get(lang),
                finding.clone(),
            );
        }
        Family::CompromisedInstance => {
            a.step_link(
                question(w::Q_INSTANCE, &[("instance", &instance), ("ip", &ip)]),
                w::L_FINDING.get(lang),
                finding.clone(),
            );
            match &s.instance_id {
                Some(id) => {
                    a.step_link(
                        w::S_ISOLATE.get(lang),
                        w::L_INSTANCE.get(lang),
                        console::instance(r, id),
                    );
                    a.step_link(
                        w::S_SNAPSHOT.get(lang),
                        w::L_VOLUMES.get(lang),
                        console::volumes(r, id),
                    );
                }
                None => {
                    a.step_link(
                        w::S_ISOLATE.get(lang),
                        w::L_INSTANCES.get(lang),
                        console::instances_newest_first(r),
                    );
                }
            }
            if let Some(p) = &s.instance_profile {
                a.step_link(
                    w::S_REVOKE_INSTANCE_ROLE.fill(lang, &[("profile", p)]),
                    w::L_IAM_ROLE.get(lang),
                    console::iam_role(p),
                );
            }
            a.step_link(
                w::S_REBUILD.get(lang),
                w::L_FINDING.get(lang),
                finding.clone(),
            );
        }
        Family::PolicyStealthPentest => {
            let q = if s.finding_type.starts_with("PenTest:") {
                question(w::Q_PENTEST, &[("who", &who), ("api", &api)])
            } else {
                question(w::Q_POLICY, &[("api", &api), ("who", &who)])
            };
            a.step_link(q, w::L_FINDING.get(lang), finding.clone());
            match name {
                "CloudTrailLoggingDisabled" | "LoggingConfigurationModified" => {
                    a.step_link(
                        w::S_TRAIL_ON.get(lang),
                        w::L_TRAILS.get(lang),
                        console::trails(r),
                    );
                }
                "PasswordPolicyChange" => {
                    a.step_link(
                        w::S_PASSWORD_POLICY.get(lang),
                        w::L_PASSWORD_POLICY.get(lang),
                        console::iam_account_settings(),
                    );
                }
                "RootCredentialUsage" | "ShortTermRootCredentialUsage" => {
                    a.step_link(
                        w::S_ROOT_USAGE.get(lang),
                        w::L_IAM_ROOT.get(lang),
                        console::iam_root(),
                    );
                }
                _ => credential_step(a, s, &key, lang),
            }
            a.step_link(
                w::S_WHO_CHANGED.fill(lang, &[("who", &who)]),
                w::L_CLOUDTRAIL.get(lang),
                key_trail(s, r),
            );
            a.step_link(
                w::S_ARCHIVE.get(lang),
                w::L_FINDING.get(lang),
                finding.clone(),
            );
        }
        Family::S3Exposure => {
            a.step_link(
                question(
                    w::Q_S3_EXPOSURE,
                    &[("bucket", &bucket), ("api", &api), ("who", &who)],
                ),
                w::L_FINDING.get(lang),
                finding.clone(),
            );
            let (text, label, url) = match (name, &s.bucket) {
                ("AccountBlockPublicAccessDisabled", _) | (_, None) => (
                    w::S_S3_BLOCK_ACCOUNT.get(lang).to_owned(),
                    w::L_S3_ACCOUNT.get(lang),
                    console::s3_account_block_public_access(r),
                ),
                ("ServerAccessLoggingDisabled", Some(b)) => (
                    w::S_S3_LOGGING.fill(lang, &[("bucket", b)]),
                    w::L_BUCKET_PROPERTIES.get(lang),
                    console::bucket_properties(r, b),
                ),
                (_, Some(b)) => (
                    w::S_S3_BLOCK.fill(lang, &[("bucket", b)]),
                    w::L_BUCKET.get(lang),
                    console::bucket_permissions(r, b),
                ),
            };
            a.step_link(text, label, url);
            a.step_link(
                w::S_S3_WHO_READ.fill(lang, &[("bucket", &bucket)]),
                w::L_CLOUDTRAIL.get(lang),
                console::cloudtrail(r, "ResourceName", &bucket),
            );
            a.step_link(
                w::S_WHO_CHANGED.fill(lang, &[("who", &who)]),
                w::L_CLOUDTRAIL.get(lang),
                key_trail(s, r),
            );
            a.step_link(
                w::S_ARCHIVE.get(lang),
                w::L_FINDING.get(lang),
                finding.clone(),
            );
        }
        Family::S3Access => {
            let caller = s
                .user_name
                .clone()
                .or_else(|| s.access_key.clone())
                .unwrap_or_else(|| w::X_UNNAMED_CALLER.get(lang).to_owned());
            a.step_link(
                question(
                    w::Q_S3_ACCESS,
                    &[
                        ("who", &caller),
                        ("api", &api),
                        ("bucket", &bucket),
                        ("ip", &ip),
                    ],
                ),
                w::L_FINDING.get(lang),
                finding.clone(),
            );
            credential_step(a, s, &key, lang);
            a.step_link(
                w::S_S3_WHAT_HAPPENED.fill(lang, &[("bucket", &bucket)]),
                w::L_CLOUDTRAIL.get(lang),
                console::cloudtrail(r, "ResourceName", &bucket),
            );
            if let Some(b) = &s.bucket {
                a.step_link(
                    w::S_S3_TIGHTEN.fill(lang, &[("bucket", b)]),
                    w::L_BUCKET.get(lang),
                    console::bucket_permissions(r, b),
                );
            }
            a.step_link(
                w::S_ARCHIVE.get(lang),
                w::L_FINDING.get(lang),
                finding.clone(),
            );
        }
        Family::Kubernetes => {
            let cluster = s.eks_cluster.clone().unwrap_or_else(|| s.what.clone());
            let page = s
                .eks_cluster
                .as_deref()
                .map_or_else(|| finding.clone(), |c| console::eks_cluster(r, c));
            a.step_link(
                question(w::Q_K8S, &[("cluster", &cluster)]),
                w::L_FINDING.get(lang),
                finding.clone(),
            );
            a.step_link(w::S_K8S_AUDIT.get(lang), w::L_EKS.get(lang), page.clone());
            a.step_link(w::S_K8S_REVOKE.get(lang), w::L_EKS.get(lang), page.clone());
            a.step_link(w::S_K8S_ISOLATE_POD.get(lang), w::L_EKS.get(lang), page);
            a.step_link(
                w::S_ARCHIVE.get(lang),
                w::L_FINDING.get(lang),
                finding.clone(),
            );
        }
        Family::Runtime => {
            let (label, url) =
                resource_page(s, lang).unwrap_or((w::L_FINDING.get(lang), finding.clone()));
            a.step_link(
                question(w::Q_RUNTIME, &[("what", &s.what)]),
                w::L_FINDING.get(lang),
                finding.clone(),
            );
            a.step_link(w::S_RT_ISOLATE.get(lang), label, url.clone());
            a.step_link(w::S_RT_EVIDENCE.get(lang), label, url);
            if let Some(p) = &s.instance_profile {
                a.step_link(
                    w::S_REVOKE_INSTANCE_ROLE.fill(lang, &[("profile", p)]),
                    w::L_IAM_ROLE.get(lang),
                    console::iam_role(p),
                );
            }
            a.step_link(
                w::S_RT_REDEPLOY.get(lang),
                w::L_FINDING.get(lang),
                finding.clone(),
            );
        }
        Family::Malware => {
            let (label, url) =
                resource_page(s, lang).unwrap_or((w::L_FINDING.get(lang), finding.clone()));
            a.step_link(
                question(w::Q_MALWARE, &[("what", &s.what)]),
                w::L_FINDING.get(lang),
                finding.clone(),
            );
            let keep_away = match (&s.instance_id, &s.bucket) {
                (Some(_), _) => w::S_MAL_ISOLATE_INSTANCE.get(lang).to_owned(),
                (None, Some(b)) => w::S_MAL_MOVE_OBJECT.fill(lang, &[("bucket", b)]),
                (None, None) => w::S_MAL_KEEP_AWAY.get(lang).to_owned(),
            };
            a.step_link(keep_away, label, url.clone());
            a.step_link(
                w::S_MAL_HOW.get(lang),
                w::L_FINDING.get(lang),
                finding.clone(),
            );
            a.step_link(
                w::S_ARCHIVE.get(lang),
                w::L_FINDING.get(lang),
                finding.clone(),
            );
        }
        Family::Rds => {
            let db = s.database.clone().unwrap_or_else(|| s.what.clone());
            let page = s
                .database
                .as_deref()
                .map_or_else(|| finding.clone(), |d| console::rds_database(r, d));
            a.step_link(
                question(w::Q_RDS, &[("db", &db), ("ip", &ip)]),
                w::L_FINDING.get(lang),
                finding.clone(),
            );
            a.step_link(
                w::S_RDS_RESTRICT.fill(lang, &[("db", &db)]),
                w::L_RDS.get(lang),
                page.clone(),
            );
            a.step_link(w::S_RDS_PASSWORD.get(lang), w::L_RDS.get(lang), page);
            a.step_link(
                w::S_ARCHIVE.get(lang),
                w::L_FINDING.get(lang),
                finding.clone(),
            );
        }
        Family::Lambda => {
            let function = s.function.clone().unwrap_or_else(|| s.what.clone());
            let page = s
                .function
                .as_deref()
                .map_or_else(|| finding.clone(), |f| console::lambda_function(r, f));
            a.step_link(
                question(w::Q_LAMBDA, &[("function", &function), ("ip", &ip)]),
                w::L_FINDING.get(lang),
                finding.clone(),
            );
            a.step_link(
                w::S_LAMBDA_CODE.get(lang),
                w::L_LAMBDA.get(lang),
                page.clone(),
            );
            a.step_link(w::S_LAMBDA_STOP.get(lang), w::L_LAMBDA.get(lang), page);
            a.step_link(
                w::S_ARCHIVE.get(lang),
                w::L_FINDING.get(lang),
                finding.clone(),
            );
        }
        Family::Other => {
            a.step_link(
                question(w::Q_OTHER, &[]),
                w::L_FINDING.get(lang),
                finding.clone(),
            );
            a.step_link(
                w::S_OTHER_READ.get(lang),
                w::L_FINDING.get(lang),
                finding.clone(),
            );
            let (label, url) =
                resource_page(s, lang).unwrap_or((w::L_FINDING.get(lang), finding.clone()));
            a.step_link(w::S_OTHER_CHECK.get(lang), label, url);
            a.step_link(w::S_ARCHIVE.get(lang), w::L_FINDING.get(lang), finding);
        }
    }
}

/// The step that takes the credentials away, by the kind of key: an IAM
/// user's key is deactivated, a role's temporary key has its role's
/// sessions revoked, the root user is secured.
fn credential_step(a: &mut Alert, s: &Subject, key: &str, lang: Lang) {
    let root = s.user_type.as_deref() == Some("Root");
    let kind = s.access_key.as_deref().and_then(KeyKind::of);
    let user = s.user_name.as_deref();
    match (root, kind, user) {
        (true, _, _) => {
            a.step_link(
                w::S_KEY_ROOT.get(lang),
                w::L_IAM_ROOT.get(lang),
                console::iam_root(),
            );
        }
        (false, Some(KeyKind::Temporary), Some(role)) => {
            a.step_link(
                w::S_KEY_REVOKE_ROLE.fill(lang, &[("role", &role), ("key", &key)]),
                w::L_IAM_ROLE.get(lang),
                console::iam_role(role),
            );
        }
        (false, Some(KeyKind::LongTerm), Some(user)) => {
            a.step_link(
                w::S_KEY_DEACTIVATE.fill(lang, &[("key", &key), ("user", &user)]),
                w::L_IAM_USER.get(lang),
                console::iam_user(user),
            );
        }
        _ => {
            a.step_link(
                w::S_KEY_UNKNOWN.get(lang),
                w::L_CLOUDTRAIL.get(lang),
                key_trail(s, &s.region),
            );
        }
    }
}

/// CloudTrail for the finding's credentials: by access key, else user name.
fn key_trail(s: &Subject, region: &str) -> String {
    match (&s.access_key, &s.user_name) {
        (Some(k), _) => console::cloudtrail(region, "AccessKeyId", k),
        (None, Some(u)) => console::cloudtrail(region, "Username", u),
        (None, None) => match &s.api {
            Some(api) => console::cloudtrail(region, "EventName", api),
            None => console::cloudtrail(region, "ReadOnly", "false"),
        },
    }
}

/// The console page of the finding's resource, when the finding names one.
fn resource_page(s: &Subject, lang: Lang) -> Option<(&'static str, String)> {
    let r = s.region.as_str();
    if let Some(id) = &s.instance_id {
        return Some((w::L_INSTANCE.get(lang), console::instance(r, id)));
    }
    if let Some(c) = &s.eks_cluster {
        return Some((w::L_EKS.get(lang), console::eks_cluster(r, c)));
    }
    if let Some(c) = &s.ecs_cluster {
        return Some((w::L_ECS.get(lang), console::ecs_cluster(r, c)));
    }
    if let Some(f) = &s.function {
        return Some((w::L_LAMBDA.get(lang), console::lambda_function(r, f)));
    }
    if let Some(d) = &s.database {
        return Some((w::L_RDS.get(lang), console::rds_database(r, d)));
    }
    if let Some(b) = &s.bucket {
        return Some((w::L_BUCKET.get(lang), console::bucket_permissions(r, b)));
    }
    None
}

/// The words the direction of a connection takes (`values::DIRECTION`).
pub fn direction_shown(d: &str, lang: Lang) -> String {
    values::DIRECTION.show(d, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_playbooks_words_are_complete_in_both_languages() {
        let p = respondby_core::i18n::check(words::ALL);
        assert!(p.is_empty(), "{p:#?}");
    }

    #[test]
    fn gpu_types_are_recognised_by_their_family() {
        for t in [
            "p3.16xlarge",
            "p5.48xlarge",
            "g4dn.xlarge",
            "g5g.2xlarge",
            "gr6.4xlarge",
            "inf2.xlarge",
            "trn1.32xlarge",
            "dl1.24xlarge",
        ] {
            assert!(is_gpu_type(t), "{t}");
        }
        for t in ["c5.4xlarge", "m7g.large", "t3.micro", "r6i.large", ""] {
            assert!(!is_gpu_type(t), "{t}");
        }
    }

    #[test]
    fn key_kinds_and_session_instances() {
        assert_eq!(KeyKind::of("ASIAEXAMPLE"), Some(KeyKind::Temporary));
        assert_eq!(KeyKind::of("AKIAEXAMPLE"), Some(KeyKind::LongTerm));
        assert_eq!(KeyKind::of("GeneratedFindingAccessKeyId"), None);
        assert_eq!(
            session_instance("AROAEXAMPLE:i-0abc123def4567890"),
            Some("i-0abc123def4567890")
        );
        assert_eq!(session_instance("AROAEXAMPLE:deploy-session"), None);
        assert_eq!(session_instance("AIDAEXAMPLE"), None);
    }

    #[test]
    fn brute_force_follows_the_direction_of_the_traffic() {
        let f = Family::of;
        assert_eq!(
            f("UnauthorizedAccess:EC2/SSHBruteForce", Some("INBOUND")),
            Family::InboundAttack
        );
        assert_eq!(
            f("UnauthorizedAccess:EC2/SSHBruteForce", None),
            Family::InboundAttack
        );
        assert_eq!(
            f("UnauthorizedAccess:EC2/SSHBruteForce", Some("OUTBOUND")),
            Family::CompromisedInstance
        );
        assert_eq!(
            f("Impact:EC2/WinRMBruteForce", None),
            Family::CompromisedInstance
        );
        assert_eq!(
            f("Impact:EC2/WinRMBruteForce", Some("INBOUND")),
            Family::InboundAttack
        );
        assert_eq!(
            f("Recon:EC2/PortProbeUnprotectedPort", None),
            Family::ProbeTarget
        );
        assert_eq!(f("Execution:Runtime/NewFutureThing", None), Family::Runtime);
        assert_eq!(f("Canary:EC2/Stateless.IntegTest", None), Family::Other);
        assert_eq!(f("Brand:New/Thing", None), Family::Other);
    }
}
