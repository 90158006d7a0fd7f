//! The public-exposure function's words, in English and Japanese. Resource
//! ids, account ids, ARNs, IPs, CloudTrail's identity types, AWS's error
//! codes and messages, AWS's block states (`block-all-sharing`) and the
//! commands stay as they are.

respondby_core::texts! {
    // What was exposed.
    K_EBS_SNAPSHOT: "EBS snapshot" => "EBSスナップショット";
    K_AMI: "AMI" => "AMI";
    K_RDS_SNAPSHOT: "RDS DB snapshot" => "RDSのDBスナップショット";
    K_RDS_CLUSTER_SNAPSHOT: "RDS DB cluster snapshot" => "RDSのDBクラスタースナップショット";
    // Which account-level block.
    G_EBS: "EBS snapshots" => "EBSスナップショット";
    G_AMI: "AMIs" => "AMI";

    // To whom.
    A_EVERYONE: "everyone (public)" => "全員（公開）";
    A_ACCOUNT: "account {account}" => "アカウント {account}";
    A_ACCOUNT_NAMED: "account {account} ({name})" => "アカウント {account}（{name}）";
    A_ORGANIZATION: "AWS organization {id}" => "AWS の組織 {id}";
    A_UNIT: "organizational unit {id}" => "組織単位 {id}";
    A_OTHER: "{value}" => "{value}";
    // How each other grantee of the same call stands.
    ST_PUBLIC: "public" => "公開";
    ST_THIS_ACCOUNT: "this account" => "このアカウント";
    ST_TRUSTED: "trusted" => "信頼済み";
    ST_ORGANISATION: "in the organisation" => "組織内";
    ST_NOT_TRUSTED: "not trusted" => "信頼済みではない";
    M_LISTED: "{who} ({standing})" => "{who}（{standing}）";
    M_MORE: "and {n} more" => "ほか{n}件";

    // Titles.
    T_MADE_PUBLIC: "{kind} {id} was made public" => "{kind} {id} が公開されました";
    T_SHARED: "{kind} {id} was shared with {audience}" => "{kind} {id} が {audience} と共有されました";
    T_PRIVATE_AGAIN: "{kind} {id} is private again" => "{kind} {id} は非公開に戻りました";
    T_UNSHARED: "{kind} {id} is no longer shared with {audience}" => "{kind} {id} は {audience} と共有されなくなりました";
    T_GUARD_OFF: "Block public access for {guard} was turned off in {region}" => "{region} で {guard} のパブリックアクセスのブロックが無効にされました";
    T_GUARD_ON: "Block public access for {guard} is on again in {region} ({state})" => "{region} で {guard} のパブリックアクセスのブロックが再び有効になりました（{state}）";
    T_REFUSED_PUBLIC: "Refused: an attempt to make {kind} {id} public ({code})" => "拒否: {kind} {id} を公開しようとする操作（{code}）";
    T_REFUSED_SHARE: "Refused: an attempt to share {kind} {id} with {audience} ({code})" => "拒否: {kind} {id} を {audience} と共有しようとする操作（{code}）";
    T_REFUSED_GUARD: "Refused: an attempt to turn off block public access for {guard} in {region} ({code})" => "拒否: {region} で {guard} のパブリックアクセスのブロックを無効にしようとする操作（{code}）";
    T_DRY_RUN_PUBLIC: "Dry run: an attempt to make {kind} {id} public would have succeeded" => "ドライラン: {kind} {id} を公開する操作は成功する状態でした";
    T_DRY_RUN_SHARE: "Dry run: an attempt to share {kind} {id} with {audience} would have succeeded" => "ドライラン: {kind} {id} を {audience} と共有する操作は成功する状態でした";
    T_DRY_RUN_GUARD: "Dry run: an attempt to turn off block public access for {guard} in {region} would have succeeded" => "ドライラン: {region} で {guard} のパブリックアクセスのブロックを無効にする操作は成功する状態でした";

    // What tells folded repeats apart.
    M_FOLD: "{id} → {audience}" => "{id} → {audience}";

    // Facts.
    F_RESOURCE_TYPE: "Resource type" => "リソースの種類";
    F_RESOURCE: "Resource" => "リソース";
    F_SHARED_WITH: "Shared with" => "共有先";
    F_NO_LONGER_SHARED_WITH: "No longer shared with" => "共有を解除した相手";
    F_ALSO_SHARED_WITH: "Also shared with" => "ほかの共有先";
    F_ALSO_REMOVED: "Also removed" => "あわせて解除された共有先";
    F_RESTORABLE_BY: "Restorable by after the change" => "変更後に復元できる相手";
    V_NOBODY: "(nobody else)" => "（ほかにはなし）";
    F_ACCOUNT_CHECKED: "Account checked against" => "アカウントの照合";
    V_CHECKED_BOTH: "not on the trusted list (TRUSTED_ACCOUNT_IDS) and not in the organisation (ORGANIZATION_ACCOUNT_IDS)" => "信頼済みの一覧（TRUSTED_ACCOUNT_IDS）になく、組織のアカウント（ORGANIZATION_ACCOUNT_IDS）でもありません";
    V_CHECKED_TRUSTED_ONLY: "not on the trusted list (TRUSTED_ACCOUNT_IDS); whether it is in your organisation is not known (ORGANIZATION_ACCOUNT_IDS is not set)" => "信頼済みの一覧（TRUSTED_ACCOUNT_IDS）にありません。組織のアカウントかどうかは不明です（ORGANIZATION_ACCOUNT_IDS が未設定）";
    V_CHECKED_NOT_TRUSTED: "not on the trusted list (TRUSTED_ACCOUNT_IDS)" => "信頼済みの一覧（TRUSTED_ACCOUNT_IDS）にありません";
    F_BLOCK_STATE: "Block public access" => "パブリックアクセスのブロック";
    V_NOT_RECORDED: "(not recorded)" => "（記録なし）";
    F_RESULT: "Result" => "結果";
    V_REFUSED_MESSAGE: "REFUSED: {code} ({message})" => "拒否: {code}（{message}）";
    V_REFUSED: "REFUSED: {code}" => "拒否: {code}";
    V_DRY_RUN: "DRY RUN: the call would have succeeded ({code})" => "ドライラン: 実行していれば成功していました（{code}）";
    V_UNKNOWN: "unknown" => "不明";
    F_USER_AGENT: "User agent" => "ユーザーエージェント";
    F_EVENT_ID: "CloudTrail event ID" => "CloudTrailのイベントID";

    // Links (button text: at most 75 characters).
    L_OPEN_SNAPSHOT: "Open the snapshot" => "スナップショットを開く";
    L_OPEN_AMI: "Open the AMI" => "AMIを開く";
    L_OPEN_DB_SNAPSHOT: "Open the DB snapshot" => "DBスナップショットを開く";
    L_OPEN_DB_SNAPSHOTS: "Open the DB snapshots" => "DBスナップショットの一覧を開く";
    L_CLOUDTRAIL_EVENT: "CloudTrail event" => "CloudTrailのイベント";
    L_CLOUDTRAIL_KEY: "CloudTrail: calls with this key" => "CloudTrail: このキーによる操作";

    // Where in the console (for the steps).
    C_EBS_PUBLIC: "EC2 console → Snapshots → select it → Actions → Snapshot settings → Modify permissions → Private" => "EC2 コンソールの「スナップショット」で対象を選び、「アクション」→「スナップショットの設定」→「許可を変更」で「プライベート」にする";
    C_EBS_SHARED: "EC2 console → Snapshots → select it → Actions → Snapshot settings → Modify permissions → remove it from the shared accounts" => "EC2 コンソールの「スナップショット」で対象を選び、「アクション」→「スナップショットの設定」→「許可を変更」で共有先から削除する";
    C_AMI_PUBLIC: "EC2 console → AMIs → select it → Actions → Edit AMI permissions → Private" => "EC2 コンソールの「AMI」で対象を選び、「アクション」→「AMI 許可を編集」で「プライベート」にする";
    C_AMI_SHARED: "EC2 console → AMIs → select it → Actions → Edit AMI permissions → remove it from the shared accounts or organizations" => "EC2 コンソールの「AMI」で対象を選び、「アクション」→「AMI 許可を編集」で共有先のアカウントや組織から削除する";
    C_RDS_PUBLIC: "RDS console → Snapshots → select it → Actions → Share snapshot → DB snapshot visibility: Private" => "RDS コンソールの「スナップショット」で対象を選び、「アクション」→「スナップショットの共有」で可視性を「プライベート」にする";
    C_RDS_SHARED: "RDS console → Snapshots → select it → Actions → Share snapshot → delete the account" => "RDS コンソールの「スナップショット」で対象を選び、「アクション」→「スナップショットの共有」で共有先のアカウントを削除する";

    // What to do: made public or shared.
    S_ASK_PUBLIC: "Did your team mean to make this public? Find out who uses {who}; if nobody meant to, treat that principal as compromised." => "チームの誰かが意図して公開したものですか？ {who} を使っているのが誰かを確認してください。誰も意図していなければ、そのプリンシパルは乗っ取られたものとして扱います。";
    S_ASK_SHARE: "Did your team mean to share this with {audience}? Find out who uses {who}; if nobody meant to, treat that principal as compromised." => "チームの誰かが意図して {audience} と共有したものですか？ {who} を使っているのが誰かを確認してください。誰も意図していなければ、そのプリンシパルは乗っ取られたものとして扱います。";
    S_PRIVATE_COMMAND: "Make it private again now: {console}, or run: {command}" => "今すぐ非公開に戻してください: {console}。または次を実行します: {command}";
    S_PRIVATE_CONSOLE: "Make it private again now: {console}. Its identifier has characters a shell would read as code, so no command is given here: copy it from the console." => "今すぐ非公開に戻してください: {console}。識別子にシェルがコードとして解釈する文字が含まれるため、ここではコマンドを示しません。コンソールから操作してください。";
    S_UNSHARE_COMMAND: "Remove the access of {audience} now: {console}, or run: {command}" => "今すぐ {audience} のアクセスを外してください: {console}。または次を実行します: {command}";
    S_UNSHARE_CONSOLE: "Remove the access of {audience} now: {console}. Its identifier has characters a shell would read as code, so no command is given here: copy it from the console." => "今すぐ {audience} のアクセスを外してください: {console}。識別子にシェルがコードとして解釈する文字が含まれるため、ここではコマンドを示しません。コンソールから操作してください。";
    S_NO_LOG_EC2: "Assume it was copied: AWS keeps no log of who copied a public snapshot or launched a public AMI (such calls are recorded in the caller's account, not yours), so there is no list of who has it." => "コピーされたものとして扱ってください: 公開されたスナップショットを誰がコピーしたか、公開された AMI を誰が起動したかの記録を AWS は残しません（その操作は呼び出した側のアカウントに記録され、あなたのアカウントには残りません）。誰が持っているかの一覧はありません。";
    S_NO_LOG_RDS: "Assume it was restored elsewhere: AWS keeps no log in your account of who restored a public or shared DB snapshot, so there is no list of who has a copy." => "ほかの場所で復元されたものとして扱ってください: 公開・共有された DB スナップショットを誰が復元したかの記録は、あなたのアカウントには残りません。誰がコピーを持っているかの一覧はありません。";
    S_NO_LOG_SHARED: "Assume {audience} has a copy: once shared, it can copy it at once, and that copy is recorded in its own CloudTrail, not in yours. Find out whose it is; if nobody in your team knows it, this is how data is taken out of an account." => "{audience} はコピーを持っているものとして扱ってください: 共有されるとすぐにコピーでき、その記録は相手の CloudTrail に残り、あなたのアカウントには残りません。相手が誰かを確認してください。チームの誰も知らない相手なら、アカウントからデータを持ち出す典型的な手口です。";
    S_BLOCK_EBS: "Turn on block public access for EBS snapshots in this Region so it cannot happen again: {command} (or EC2 console → Dashboard → Account attributes → Data protection and security). block-all-sharing also hides snapshots that are already public." => "同じことが起きないよう、このリージョンで EBS スナップショットのパブリックアクセスのブロックを有効にしてください: {command}（または EC2 コンソールの「ダッシュボード」→「アカウントの属性」→「データ保護とセキュリティ」）。`block-all-sharing` にすると、すでに公開されているスナップショットも非公開として扱われます。";
    S_BLOCK_AMI: "Turn on block public access for AMIs in this Region so it cannot happen again: {command} (or EC2 console → Dashboard → Account attributes → Data protection and security). It blocks new public sharing only: AMIs already public stay public." => "同じことが起きないよう、このリージョンで AMI のパブリックアクセスのブロックを有効にしてください: {command}（または EC2 コンソールの「ダッシュボード」→「アカウントの属性」→「データ保護とセキュリティ」）。これは新たな公開だけを止めます。すでに公開されている AMI は公開されたままです。";
    S_BLOCK_REGION_CONSOLE: "Turn on block public access in this Region so it cannot happen again: EC2 console → Dashboard → Account attributes → Data protection and security." => "同じことが起きないよう、このリージョンでパブリックアクセスのブロックを有効にしてください: EC2 コンソールの「ダッシュボード」→「アカウントの属性」→「データ保護とセキュリティ」。";
    S_BLOCK_RDS: "RDS has no account-level switch that blocks public DB snapshots: allow rds:ModifyDBSnapshotAttribute and rds:ModifyDBClusterSnapshotAttribute only to the people who need them (IAM, or a service control policy)." => "RDS には、DB スナップショットの公開をアカウント単位で止める設定はありません: `rds:ModifyDBSnapshotAttribute` と `rds:ModifyDBClusterSnapshotAttribute` を、必要な人だけに許可してください（IAM、またはサービスコントロールポリシー）。";
    S_DATA_EBS: "Find out what is on it: the volume it was taken from and the instance that used it (its description and tags in the console)." => "中に何があるかを確認してください: 取得元のボリュームと、それを使っていたインスタンス（コンソールでの説明とタグ）。";
    S_DATA_AMI: "Find out what is on it: an AMI holds whole disks of the instance it was made from, with every file, key and password on them." => "中に何があるかを確認してください: AMI には作成元インスタンスのディスクが丸ごと入っており、そこにあったファイル、鍵、パスワードもすべて含まれます。";
    S_DATA_RDS: "Find out what is in it: the whole database it was taken from. If it holds customers' personal data, your data protection obligations may apply." => "中に何があるかを確認してください: 取得元のデータベースが丸ごと入っています。顧客の個人データが含まれる場合は、個人情報保護の義務（報告など）が関わる可能性があります。";
    S_ROTATE: "Treat every secret on it as leaked and rotate it: database passwords, API keys, SSH keys and credentials in configuration files." => "中にある秘密情報はすべて漏えいしたものとして扱い、入れ替えてください: データベースのパスワード、APIキー、SSH鍵、設定ファイル内の認証情報。";
    S_KEY: "If nobody in your team did this, deactivate access key {key} in IAM and look at everything else it did (the CloudTrail link below)." => "チームの誰もこの操作をしていなければ、IAMでアクセスキー {key} を無効化し、このキーによるほかの操作をすべて確認してください（下の CloudTrail のリンク）。";
    S_PRINCIPAL: "If nobody in your team did this, remove the permissions of {who} until you know who used it." => "チームの誰もこの操作をしていなければ、誰が使ったのかがわかるまで {who} の権限を外してください。";

    // What to do: private again.
    S_PUBLIC_UNTIL_NOW: "It is not public any more, but anyone could copy or restore it while it was, and nothing in your account records who did." => "もう公開されていませんが、公開中は誰でもコピーや復元ができ、誰が行ったかはあなたのアカウントには記録されていません。";
    S_SHARED_UNTIL_NOW: "{audience} cannot make new copies, but any copy made while it was shared stays with it." => "{audience} は新たにコピーできなくなりましたが、共有中に作られたコピーは相手の手元に残ります。";

    // What to do: the account-level block.
    S_ASK_GUARD: "Did your team mean to turn it off? Find out who uses {who}; if nobody meant to, treat that principal as compromised." => "チームの誰かが意図して無効にしたものですか？ {who} を使っているのが誰かを確認してください。誰も意図していなければ、そのプリンシパルは乗っ取られたものとして扱います。";
    S_GUARD_ON_COMMAND: "Turn it back on: {command}" => "再び有効にしてください: {command}";
    S_GUARD_ON_CONSOLE: "Turn it back on: EC2 console → Dashboard → Account attributes → Data protection and security." => "再び有効にしてください: EC2 コンソールの「ダッシュボード」→「アカウントの属性」→「データ保護とセキュリティ」。";
    S_LIST_PUBLIC_EBS: "List this account's snapshots that are shared publicly: {command}. With the block off they are public now, including any that block-all-sharing was hiding. Make each one private." => "このアカウントのスナップショットのうち公開設定のものを一覧にしてください: {command}。ブロックが無効の間は、`block-all-sharing` で隠されていたものも含めて公開されています。それぞれ非公開にしてください。";
    S_LIST_PUBLIC_AMI: "List this account's AMIs that are public: {command}, and make each one private that should not be." => "このアカウントの AMI のうち公開されているものを一覧にしてください: {command}。公開すべきでないものはそれぞれ非公開にしてください。";
    S_GUARD_BACK_ALL: "Public sharing of EBS snapshots is blocked again in this Region, and snapshots whose permissions say public are hidden. Check whether any was made public while the block was off: {command}" => "このリージョンで EBS スナップショットの公開は再びブロックされ、公開設定のスナップショットも隠されています。ブロックが無効だった間に公開されたものがないか確認してください: {command}";
    S_GUARD_BACK_NEW_EBS: "New public sharing is blocked again, but in block-new-sharing mode snapshots that are already public stay public: list them with {command} and make them private, or switch to block-all-sharing." => "新たな公開は再びブロックされましたが、`block-new-sharing` ではすでに公開されているスナップショットは公開されたままです: {command} で一覧にして非公開にするか、`block-all-sharing` に切り替えてください。";
    S_GUARD_BACK_EBS_UNKNOWN: "The block is on again, in a mode that was not recorded: unless it is block-all-sharing, snapshots that are already public stay public. List them with {command}." => "ブロックは再び有効になりましたが、どのモードかは記録されていません。`block-all-sharing` でなければ、すでに公開されているスナップショットは公開されたままです。{command} で一覧にしてください。";
    S_GUARD_BACK_AMI: "New public sharing of AMIs is blocked again, but AMIs that are already public stay public: list them with {command} and make them private." => "AMI の新たな公開は再びブロックされましたが、すでに公開されている AMI は公開されたままです: {command} で一覧にして非公開にしてください。";

    // What to do: refused or dry run.
    S_REFUSED: "AWS refused it ({code}): nothing was shared. Did your team try this? If not, someone with the credentials of {who} tried to take data out of the account." => "AWSが拒否しました（{code}）。何も共有されていません。チームの誰かが試したものですか？ そうでなければ、{who} の認証情報を持つ誰かがアカウントからデータを持ち出そうとしました。";
    S_DRY_RUN: "Nothing was shared: it was a dry run, which only checks permissions, and {who} has the permission to do it. Did your team try this? If not, someone with these credentials is preparing to take data out." => "何も共有されていません。権限を確かめるだけのドライランでしたが、{who} にはこの操作をする権限があります。チームの誰かが試したものですか？ そうでなければ、この認証情報を持つ誰かがデータの持ち出しを準備しています。";
    S_REFUSED_GUARD: "AWS refused it ({code}): the block is unchanged. Did your team try this? If not, someone with the credentials of {who} tried to open the account up for public sharing." => "AWSが拒否しました（{code}）。ブロックは変わっていません。チームの誰かが試したものですか？ そうでなければ、{who} の認証情報を持つ誰かが、公開できる状態にしようとしました。";
    S_DRY_RUN_GUARD: "The block is unchanged: it was a dry run, which only checks permissions, and {who} has the permission to turn it off. Did your team try this? If not, someone with these credentials is preparing to make data public." => "ブロックは変わっていません。権限を確かめるだけのドライランでしたが、{who} にはブロックを無効にする権限があります。チームの誰かが試したものですか？ そうでなければ、この認証情報を持つ誰かがデータの公開を準備しています。";
}

#[cfg(test)]
mod tests {
    #[test]
    fn catalogue_is_complete_in_both_languages() {
        let problems = respondby_core::i18n::check(super::ALL);
        assert!(problems.is_empty(), "{problems:#?}");
    }
}
