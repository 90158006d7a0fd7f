//! The .env file access function's words, in English and Japanese. Bucket
//! names, keys, ARNs, IPs, CloudTrail's identity types and S3's error codes
//! and messages stay as they are.

respondby_core::texts! {
    // Who, when CloudTrail names no one.
    P_ANONYMOUS: "anonymous (no AWS credentials)" => "匿名（AWSの認証情報なし）";
    P_UNKNOWN: "unknown" => "不明";
    UNRECORDED_DESTINATION: "an unrecorded destination" => "記録されていないコピー先";

    // Titles.
    T_PROBE: "Probe for {file} in s3://{bucket}: the file does not exist" => "s3://{bucket} で {file} が探されました: ファイルは存在しません";
    T_DENIED_COPY: "Denied attempt to copy {file} out of s3://{bucket}" => "s3://{bucket} の {file} をコピーしようとして拒否されました";
    T_DENIED_READ: "Denied attempt to read {file} in s3://{bucket}" => "s3://{bucket} の {file} を読み取ろうとして拒否されました";
    T_COPIED: "{file} in s3://{bucket} was copied to {to} by {who}" => "s3://{bucket} の {file} が {who} によって {to} にコピーされました";
    T_READ_ANONYMOUSLY: "{file} in s3://{bucket} was read anonymously: the object is public" => "s3://{bucket} の {file} が匿名で読み取られました: オブジェクトが公開されています";
    T_READ_BY: "{file} in s3://{bucket} was read by {who}" => "s3://{bucket} の {file} が {who} に読み取られました";

    // What tells folded repeats apart, for a caller known only by its address.
    M_FROM: "{object} from {ip}" => "{object}（{ip}から）";

    // Why the severity was lowered.
    TRUSTED_PRINCIPAL: "principal {principal} is on the trusted list" => "プリンシパル {principal} は信頼済みの一覧にあります";
    TRUSTED_NETWORK: "source IP is in trusted network {network}" => "送信元IPが信頼済みのネットワーク {network} の中にあります";

    // Facts.
    F_SOURCE_BUCKET: "Source bucket" => "コピー元のバケット";
    F_SOURCE_KEY: "Source key" => "コピー元のキー";
    F_SOURCE_VERSION: "Source version" => "コピー元のバージョン";
    F_DESTINATION_BUCKET: "Destination bucket" => "コピー先のバケット";
    F_DESTINATION_KEY: "Destination key" => "コピー先のキー";
    F_DESTINATION_ACCOUNT: "Destination account" => "コピー先のアカウント";
    F_DESTINATION: "Destination" => "コピー先";
    V_NOT_RECORDED: "(not recorded)" => "（記録なし）";
    F_BUCKET: "Bucket" => "バケット";
    F_KEY: "Key" => "オブジェクトのキー";
    F_RESULT: "Result" => "結果";
    V_PROBE_MESSAGE: "PROBE: the file does not exist ({code}: {message})" => "存在しないファイルの探索: ファイルはありません（{code}: {message}）";
    V_PROBE: "PROBE: the file does not exist ({code})" => "存在しないファイルの探索: ファイルはありません（{code}）";
    V_DENIED_MESSAGE: "DENIED: {code} ({message})" => "拒否: {code}（{message}）";
    V_DENIED: "DENIED: {code}" => "拒否: {code}";
    V_COPIED: "SUCCESS: the file was copied" => "成功: ファイルがコピーされました";
    V_READ: "SUCCESS: the file was read" => "成功: ファイルが読み取られました";
    F_USER_AGENT: "User agent" => "ユーザーエージェント";
    F_PRESIGNED: "Presigned URL" => "署名付きURL";
    V_YES: "yes" => "はい";
    V_NO: "no" => "いいえ";
    F_COPIED_AT: "Copied at" => "コピー日時";
    F_READ_AT: "Read at" => "読み取り日時";
    F_BYTES_READ: "Bytes read" => "読み取られたバイト数";
    F_TRUSTED: "Trusted" => "信頼済み";

    // Links (button text: at most 75 characters).
    L_TRAIL_LOGS: "Trail log files of that day (S3)" => "証跡のその日のログファイル（S3）";
    L_OPEN_OBJECT: "Open the object" => "オブジェクトを開く";
    L_OPEN_COPY: "Open the copy" => "コピーを開く";
    L_CLOUDTRAIL_KEY: "CloudTrail: calls with this key" => "CloudTrail: このキーによる操作";

    // Whose address the source IP is, and whether ops trust it.
    F_IP_OWNER: "Source IP owner" => "送信元IPの持ち主";
    V_OWNER_PUBLISHED: "{name} (in its published IP ranges, as of {date})" => "{name}（公開しているIPアドレス範囲に含まれます。{date}時点）";
    V_OWNER_ANNOUNCED: "{name} (in the prefixes {asns} announce, as of {date})" => "{name}（{asns} が経路を広報しているアドレスです。{date}時点）";
    V_OWNER_NONE: "none of the {n} cloud providers Respond By knows" => "Respond By が知っている{n}社のクラウド事業者のものではありません";
    F_IN_TRUSTED_CIDRS: "In TRUSTED_CIDRS" => "TRUSTED_CIDRS に含まれるか";
    V_YES_IN: "yes ({net})" => "はい（{net}）";
    V_NO_EMPTY: "no (TRUSTED_CIDRS is empty)" => "いいえ（TRUSTED_CIDRS は空です）";

    // What to do: first, is it ours?
    S_IS_IT_OURS_FROM_OWNER: "First, ask: is {who} yours, and did your team or your application {did} from {ip}, an address of {owner}? If not, do the steps below now." => "まず確認してください: {who} はあなたたちのものですか？ あなたのチームやアプリケーションが、{owner} のアドレス {ip} から{did}のですか？ 違うなら、次の手順をすぐに進めてください。";
    S_IS_IT_OURS_FROM: "First, ask: is {who} yours, and did your team or your application {did} from {ip}? If not, do the steps below now." => "まず確認してください: {who} はあなたたちのものですか？ あなたのチームやアプリケーションが、{ip} から{did}のですか？ 違うなら、次の手順をすぐに進めてください。";
    S_IS_IT_OURS: "First, ask: is {who} yours, and did your team or your application {did}? If not, do the steps below now." => "まず確認してください: {who} はあなたたちのものですか？ あなたのチームやアプリケーションが{did}のですか？ 違うなら、次の手順をすぐに進めてください。";
    V_DID_READ: "read this file" => "このファイルを読み取った";
    V_DID_COPY: "copy this file" => "このファイルをコピーした";

    // Where the record is: a data event is not in Event history.
    S_RECORD_IN_TRAIL: "The full record is a data event, which CloudTrail's Event history does not show: it is in the trail's log files of that day (the button; near midnight UTC, the next day's). Search them for event ID {id}." => "完全な記録はデータイベントで、CloudTrail のイベント履歴には出ません。証跡のその日のログファイルにあります（ボタン。UTCの真夜中近くなら翌日の分）。イベントID {id} で検索してください。";
    S_RECORD_QUERY: "The full record is a data event, which CloudTrail's Event history does not show. Query the trail's log files: in Athena, SELECT * FROM <your CloudTrail table> WHERE eventid = '{id}'; in CloudTrail Lake, SELECT * FROM <event data store ID> WHERE eventID = '{id}'." => "完全な記録はデータイベントで、CloudTrail のイベント履歴には出ません。証跡のログファイルを検索してください: Athena なら `SELECT * FROM <CloudTrailのテーブル> WHERE eventid = '{id}'`、CloudTrail Lake なら `SELECT * FROM <イベントデータストアID> WHERE eventID = '{id}'`。";
    V_THE_EVENT_ID: "the event's ID" => "イベントのID";

    // What to do: a trusted reader.
    S_TRUSTED_COPY: "Confirm this copy was expected (a backup or a deploy); nothing else to do if so." => "このコピーが想定どおりのもの（バックアップやデプロイ）か確認してください。想定どおりなら、ほかにやることはありません。";
    S_TRUSTED_READ: "Confirm this read was expected (a deploy or the application itself); nothing else to do if so." => "この読み取りが想定どおりのもの（デプロイやアプリケーション自身）か確認してください。想定どおりなら、ほかにやることはありません。";

    // What to do: a probe for a file that is not there.
    S_PROBE_WHO: "Someone asked for a secrets file that is not there: scanners probe for .env files. Find out who this is and from where; repeated probes mean the bucket is being searched." => "誰かが、存在しない秘密情報のファイルを要求しました（.env ファイルを探して回るスキャナーがあります）。誰がどこからアクセスしたのかを調べてください。何度も続く場合は、このバケットが探られています。";
    S_PROBE_PUBLIC_LIST: "S3 answers \"no such key\" instead of \"access denied\" only to callers allowed to list the bucket: anyone can list this bucket's keys. Turn on S3 Block Public Access and remove public s3:ListBucket from the bucket policy and ACLs." => "S3が「アクセス拒否」ではなく「キーが存在しない」と答えるのは、バケットの一覧を見ることを許された呼び出し元に対してだけです。つまり、誰でもこのバケットのキーの一覧を見られます。S3 Block Public Access を有効にし、バケットポリシーとアクセスコントロールリストから公開の `s3:ListBucket` を削除してください。";
    S_PROBE_MAY_LIST: "This caller may list the bucket (S3 answers \"no such key\" instead of \"access denied\" only to callers with s3:ListBucket): check that it should." => "この呼び出し元はバケットの一覧を見ることができます（S3が「アクセス拒否」ではなく「キーが存在しない」と答えるのは、`s3:ListBucket` の権限を持つ呼び出し元に対してだけです）。その権限が本当に必要か確認してください。";

    // What to do: a refused read.
    S_DENIED_WHO: "Someone tried to read a secrets file and was refused: find out who this principal is and from where." => "誰かが秘密情報のファイルを読み取ろうとして拒否されました。このプリンシパルが誰で、どこからアクセスしたのかを調べてください。";
    S_DENIED_REACHABLE: "Make sure the file is not reachable another way (public access, other principals) and that it does not need to be in S3 at all." => "ほかの経路（公開アクセスや、ほかのプリンシパル）からこのファイルに届かないことを確かめ、そもそもS3に置く必要があるかを見直してください。";

    // What to do: the file was read or copied.
    S_ROTATE: "Treat every secret in this file as leaked: rotate the SMTP credentials, API keys and database passwords it contains, now." => "このファイルの秘密情報はすべて漏えいしたものとして扱ってください: 含まれているSMTP認証情報、APIキー、データベースのパスワードを今すぐ入れ替えます。";
    S_COPIED_OUT: "The copy {to} is in a bucket of account {account}, not this one: the file has left your account. Find out whose account that is." => "コピー {to} は、このアカウントではなくアカウント {account} のバケットにあります。ファイルはあなたのアカウントの外に出ています。それが誰のアカウントか調べてください。";
    S_COPY_DELETE: "The copy {to} holds the same secrets: unless you know why it was made, make sure no one else can read it, and delete it once the investigation no longer needs it." => "コピー {to} にも同じ秘密情報が入っています。作られた理由がわかっているのでなければ、ほかの誰も読めないようにし、調査で不要になってから削除してください。";
    // The same step when CloudTrail recorded no destination.
    S_COPY_DELETE_UNRECORDED: "The copy (its destination was not recorded) holds the same secrets: unless you know why it was made, find it, make sure no one else can read it, and delete it once the investigation no longer needs it." => "コピー先は記録されていませんが、コピーにも同じ秘密情報が入っています。作られた理由がわかっているのでなければ、見つけてほかの誰も読めないようにし、調査で不要になってから削除してください。";
    S_DEACTIVATE_KEY: "If it is not yours: deactivate access key {key} in IAM now." => "心当たりがなければ: 今すぐIAMでアクセスキー {key} を無効化してください。";
    S_REVOKE_SESSIONS: "If it is not yours: revoke the active sessions of role {role} now (IAM, the role, Revoke sessions). {key} is a temporary key of that role's session and cannot be deactivated; then find what holds the role's credentials." => "心当たりがなければ: 今すぐロール {role} の有効なセッションを取り消してください（IAMでそのロールを開き、セッションを取り消します）。{key} はそのロールのセッションの一時的なキーなので、無効化はできません。そのあと、どこでロールの認証情報が使われているかを探します。";
    S_REMOVE_ACCESS: "If it is not yours: remove its access to the bucket now." => "心当たりがなければ: 今すぐバケットへのアクセス権を外してください。";
    S_CLOSE_PUBLIC: "Close public access now: enable S3 Block Public Access on the bucket and check the bucket policy and ACLs." => "今すぐ公開アクセスを閉じてください: バケットで S3 Block Public Access を有効にし、バケットポリシーとアクセスコントロールリストを確認します。";
    S_MOVE_SECRETS: "Move the secrets into Secrets Manager or SSM Parameter Store. Take the file out of S3 only after keeping a private copy for the investigation: it is evidence, so do not delete it first." => "秘密情報を Secrets Manager か SSM Parameter Store に移してください。ファイルをS3から外すのは、調査用に非公開のコピーを残してからにします。証拠なので、先に削除しないでください。";
    S_CHECK_MISUSE: "Check for misuse since the read: SES sending (spam), IAM changes, new EC2 instances in every region." => "読み取られた後に悪用されていないか確認してください: SESからの送信（スパム）、IAMの変更、すべてのリージョンで新しく作られたEC2インスタンス。";
}

#[cfg(test)]
mod tests {
    #[test]
    fn catalogue_is_complete_in_both_languages() {
        let problems = respondby_core::i18n::check(super::ALL);
        assert!(problems.is_empty(), "{problems:#?}");
    }
}
