//! The home tab's and `/respondby`'s words, in English and Japanese.

respondby_core::texts! {
    // The list of open cases (home tab and /respondby open).
    H_TITLE: "Respond By: open cases" => "Respond By: 対応中のケース";
    H_SUMMARY: "{open} open · {overdue} overdue · as of {now}" => "対応中 {open}件 · 期限超過 {overdue}件 · {now}時点";
    H_SHOWING: "Showing {from}–{to} of {n} ({filter})" => "{n}件中 {from}–{to}件目（{filter}）";
    H_NONE: ":tada: Nothing is open." => ":tada: 対応中のケースはありません。";
    H_NONE_FILTER: "No open case matches this filter ({filter})." => "この絞り込み（{filter}）に当てはまる対応中のケースはありません。";
    H_MORE: "More ({from}–{to} of {n})" => "次へ（{n}件中 {from}–{to}件目）";
    H_PREVIOUS: "Previous" => "前へ";
    H_ACCOUNT: "Account…" => "アカウント…";
    H_ERROR: ":warning: Respond By could not read the open cases: the state table did not answer in time. Open this tab again in a minute." => ":warning: 対応中のケースを読み込めませんでした（状態テーブルが時間内に応答しません）。1分ほどしてからこのタブを開き直してください。";
    H_HOW: "Soonest deadline first; overdue cases lead. Times are in your Slack time zone." => "期限の近い順です。期限を過ぎたケースが先頭です。時刻はあなたのSlackのタイムゾーンで表示しています。";
    F_ALL: "All" => "すべて";
    F_MINE: "Mine" => "自分の担当";
    F_UNACKED: "Unacknowledged" => "未確認";
    F_OVERDUE: "Overdue" => "期限超過";
    F_ACCOUNT: "account {account}" => "アカウント {account}";

    // One case.
    C_OVERDUE: "OVERDUE by {span}" => "期限を{span}超過";
    C_ACCOUNT: "Account {account}" => "アカウント {account}";
    C_REGION: "Region {region}" => "リージョン {region}";
    C_LINK: "Open the alert" => "通知を開く";
    C_NO_LINK: "(posted by webhook: no link to its message)" => "（ウェブフックで送信したため、メッセージへのリンクはありません）";
    C_OPEN: ":hourglass_flowing_sand: Nobody has acknowledged it yet" => ":hourglass_flowing_sand: まだ誰も確認していません";
    C_ACKED: ":eyes: Acknowledged by {who}" => ":eyes: {who}が確認済み";
    C_ANSWERED: ":white_check_mark: Answered by {who}" => ":white_check_mark: {who}が回答済み";
    C_REPLIED: ":white_check_mark: Replied to AWS by {who}" => ":white_check_mark: {who}がAWSに返信済み";
    C_NO_DEADLINE: "No deadline" => "期限なし";

    // /respondby
    CMD_HELP: "`/respondby` shows what is open and when it is due, only to you:\n• `/respondby open` every open case, soonest deadline first\n• `/respondby open overdue` only the overdue ones\n• `/respondby open mine` the ones you acknowledged or answered\n• `/respondby open 111122223333` one AWS account's\n• `/respondby coverage` the spokes (account and Region) and when each was last heard\n• `/respondby policy` the deadlines in effect\n• `/respondby help` this help\nThe Respond By app's *Home* tab lists the same cases with filters." => "`/respondby` は、対応中のケースとその期限をあなたにだけ表示します:\n• `/respondby open` 対応中のすべてのケース（期限の近い順）\n• `/respondby open overdue` 期限を過ぎたものだけ\n• `/respondby open mine` あなたが確認または回答したもの\n• `/respondby open 111122223333` 1つのAWSアカウントのもの\n• `/respondby coverage` スポーク（アカウントとリージョン）と最後に受信した時刻\n• `/respondby policy` 現在の期限の設定\n• `/respondby help` このヘルプ\nRespond By アプリの *ホーム* タブでも、同じケースを絞り込んで表示できます。";
    CMD_UNKNOWN: "{what} is not a command Respond By knows." => "{what} というコマンドはありません。";
    CMD_STORE_DOWN: ":warning: Respond By could not read the open cases: the state table did not answer in time. Please try again in a minute." => ":warning: 対応中のケースを読み込めませんでした（状態テーブルが時間内に応答しません）。1分ほどしてからもう一度お試しください。";
    CMD_REST: "…and {n} more. The Respond By app's *Home* tab lists them all." => "…ほか{n}件。Respond By アプリの *ホーム* タブにすべて表示されます。";
    CMD_FOLLOWS: ":hourglass_flowing_sand: The full list of the {n} matching cases follows in a moment, in messages only you see." => ":hourglass_flowing_sand: 該当する{n}件すべての一覧を、まもなくあなたにだけ見えるメッセージでお送りします。";
    CMD_REST_NOT_SENT: ":warning: The rest could not be sent here (Respond By could not start the job that posts the full list; it is in the function's log)." => ":warning: 残りはここに送れませんでした（全件の一覧を送る処理を開始できませんでした。詳細は関数のログにあります）。";
    CMD_LIST_PART: "*{title}* ({filter}): {from}–{to} of {n}" => "*{title}*（{filter}）: {n}件中 {from}–{to}件目";
    CMD_LIST_REST: "…and {n} more: a command's answer can only be sent 5 times. The Respond By app's *Home* tab lists them all." => "…ほか{n}件（コマンドの返信は5回までしか送れません）。Respond By アプリの *ホーム* タブにすべて表示されます。";
    CMD_POLICY: "*Deadlines in effect* (first response and fix, by class of alert):" => "*現在の期限の設定*（通知の種類ごとの初回対応と修正の期限）:";
    CMD_PLAN: "Reminders: {plan}" => "リマインダー: {plan}";
    CMD_NO_COVERAGE: ":information_source: Coverage is not set up for this function: `SPOKE_TABLE` is not set. The hub template sets it to the spoke table, where the heartbeat function records when each spoke was last heard; a stack without spokes has none. From a terminal, `respondby coverage` with `SPOKE_TABLE` set reads the same table." => ":information_source: この関数ではカバレッジが設定されていません（`SPOKE_TABLE` が未設定です）。ハブのテンプレートは、ハートビート関数が各スポークを最後に受信した時刻を記録するスポークテーブルをこれに設定します。スポークのないスタックにはありません。ターミナルから `SPOKE_TABLE` を設定して `respondby coverage` を実行すると、同じテーブルを読めます。";
    CMD_COVERAGE: "*Spokes* ({n}): account, Region, last heard" => "*スポーク*（{n}件）: アカウント、リージョン、最後に受信した時刻";
    CMD_NO_SPOKES: "No spoke has been heard yet." => "まだどのスポークからも受信していません。";
    CMD_COVERAGE_DOWN: ":warning: Respond By could not read the spokes: the state table did not answer in time. Please try again in a minute." => ":warning: スポークを読み込めませんでした（状態テーブルが時間内に応答しません）。1分ほどしてからもう一度お試しください。";
    CV_HEARD: "heard" => "受信中";
    CV_SILENT: "SILENT" => "途絶";
    CV_NEVER: "never heard" => "未受信";
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_text_has_its_japanese_with_the_same_placeholders() {
        let problems = respondby_core::i18n::check(super::ALL);
        assert!(problems.is_empty(), "{problems:#?}");
    }
}
