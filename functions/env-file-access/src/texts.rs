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
    F_PRINCIPAL_TYPE: "Principal type" => "プリンシパルの種類";
    F_PRINCIPAL: "Principal" => "プリンシパル";
    F_ROLE: "Role" => "ロール";
    F_ACCESS_KEY: "Access key" => "アクセスキー";
    F_CALLER_ACCOUNT: "Caller account" => "呼び出し元のアカウント";
    F_INVOKED_BY: "Invoked by" => "呼び出したサービス";
    F_SOURCE_IP: "Source IP" => "送信元IP";
    V_NONE_RECORDED: "(none recorded)" => "（記録なし）";
    F_USER_AGENT: "User agent" => "ユーザーエージェント";
    F_PRESIGNED: "Presigned URL" => "署名付きURL";
    V_YES: "yes" => "はい";
    V_NO: "no" => "いいえ";
    F_COPIED_AT: "Copied at" => "コピー日時";
    F_READ_AT: "Read at" => "読み取り日時";
    F_BYTES_READ: "Bytes read" => "読み取られたバイト数";
    F_TRUSTED: "Trusted" => "信頼済み";

    // Links (button text: at most 75 characters).
    L_CLOUDTRAIL_EVENT: "CloudTrail event" => "CloudTrailのイベント";
    L_OPEN_OBJECT: "Open the object" => "オブジェクトを開く";
    L_OPEN_COPY: "Open the copy" => "コピーを開く";
    L_CLOUDTRAIL_KEY: "CloudTrail: calls with this key" => "CloudTrail: このキーによる操作";

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
    S_COPY_DELETE: "The copy {to} holds the same secrets: delete it, unless you know why it was made." => "コピー {to} にも同じ秘密情報が入っています。作られた理由がわかっているのでなければ、削除してください。";
    // The same step when CloudTrail recorded no destination.
    S_COPY_DELETE_UNRECORDED: "The copy (its destination was not recorded) holds the same secrets: find and delete it, unless you know why it was made." => "コピー先は記録されていませんが、コピーにも同じ秘密情報が入っています。作られた理由がわかっているのでなければ、見つけて削除してください。";
    S_DEACTIVATE_KEY: "If this principal is not yours or should not read it, deactivate access key {key} in IAM." => "このプリンシパルに心当たりがない、またはこのファイルを読むべきでない場合は、IAMでアクセスキー {key} を無効化してください。";
    S_REMOVE_ACCESS: "If this principal should not read it, remove its access to the bucket." => "このプリンシパルがこのファイルを読むべきでない場合は、バケットへのアクセス権を外してください。";
    S_CLOSE_PUBLIC: "Close public access: enable S3 Block Public Access on the bucket and check bucket policy and ACLs." => "公開アクセスを閉じてください: バケットで S3 Block Public Access を有効にし、バケットポリシーとアクセスコントロールリストを確認します。";
    S_MOVE_SECRETS: "Move secrets out of .env files in S3 into Secrets Manager or SSM Parameter Store, and delete the object." => "秘密情報はS3の .env ファイルに置かず Secrets Manager か SSM Parameter Store に移し、オブジェクトを削除してください。";
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
