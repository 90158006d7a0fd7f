//! Core's words: the message frame, deadlines, state, buttons, reminders,
//! the terminal preview. Plain Japanese for a non-specialist on call.

crate::texts! {
    // Severity and status words that lead a message.
    SEV_CRITICAL: "CRITICAL" => "緊急";
    SEV_HIGH: "HIGH" => "重要";
    SEV_MEDIUM: "MEDIUM" => "中";
    SEV_LOW: "LOW" => "低";
    SEV_INFO: "INFO" => "情報";
    ST_RECOVERED: "RECOVERED" => "回復";
    ST_CLOSED: "CLOSED" => "クローズ";
    ST_UPDATE: "UPDATE" => "更新";
    ST_RESOLVED: "RESOLVED" => "解決済み";

    // Sources.

    // Deadlines.
    RESPOND_BY: "Respond by" => "対応期限";
    REPLY_TO_AWS_BY: "Reply to AWS by" => "AWSへの返信期限";
    FIX_BY: "Fix by" => "修正期限";
    FIX_NOW: "{what}: fix by {when}, the same moment as the reply, so do this first" => "{what}: 修正期限 {when} は返信期限と同じです。先にこれを済ませてください";
    LEFT: "{span} left" => "残り{span}";
    LEFT_AT: "{left} at {at}" => "{at}時点で{left}";
    OVERDUE_BY: "overdue by {span}" => "期限を{span}超過";
    LESS_THAN_A_MINUTE: "less than a minute" => "1分未満";
    SPAN_DAYS_HOURS: "{d}d {h}h" => "{d}日{h}時間";
    SPAN_HOURS_MINUTES: "{h}h {m}m" => "{h}時間{m}分";
    SPAN_MINUTES: "{m}m" => "{m}分";
    // The units of a reminder step's duration (`1d 2h 30m`, `1日2時間30分`).
    UNIT_DAYS: "{n}d" => "{n}日";
    UNIT_HOURS: "{n}h" => "{n}時間";
    UNIT_MINUTES: "{n}m" => "{n}分";
    RECOVERED_NO_RESPONSE: "*Recovered.* No response needed." => "*回復しました。* 対応は不要です。";
    CLOSED_NO_RESPONSE: "*AWS closed this case.* No response needed." => "*AWSがこのケースをクローズしました。* 対応は不要です。";
    FOR_INFORMATION: "For information. No response deadline." => "お知らせです。対応期限はありません。";
    NO_DEADLINE: "no deadline" => "期限なし";

    // Fields of every message.
    F_SOURCE: "Source" => "発生元";
    F_SEVERITY: "Severity" => "重大度";
    F_ACCOUNT: "Account" => "アカウント";
    F_REGION: "Region" => "リージョン";
    REGION_ALL: "all Regions ({service} is global)" => "全リージョン（{service}はグローバル）";
    REGION_ALL_SEEN_IN: "all Regions ({service} is global) · seen in {region}" => "全リージョン（{service}はグローバル）・{region}で検知";
    F_KIND: "Kind" => "種類";
    F_LATEST_ACTIVITY: "Latest activity" => "最新の動き";

    // Who made a call CloudTrail recorded (crate::cloudtrail).
    F_PRINCIPAL_TYPE: "Principal type" => "プリンシパルの種類";
    F_PRINCIPAL: "Principal" => "プリンシパル";
    F_ROLE: "Role" => "ロール";
    F_ACCESS_KEY: "Access key" => "アクセスキー";
    F_CALLER_ACCOUNT: "Caller account" => "呼び出し元のアカウント";
    F_INVOKED_BY: "Invoked by" => "呼び出したサービス";
    F_SOURCE_IP: "Source IP" => "送信元IP";
    V_NONE_RECORDED: "(none recorded)" => "（記録なし）";
    MORE_FACTS: "{n} more facts not shown" => "ほかに{n}項目あります（省略）";
    AFFECTED_RESOURCES: "Affected resources" => "影響を受けたリソース";
    AND_MORE: "…and {n} more" => "…ほか{n}件";
    WHAT_AWS_SAYS: "What AWS says (AWS's original text)" => "AWSからの連絡（AWSの原文）";
    WHAT_CLOUDWATCH_SAYS: "What CloudWatch says (the alarm's reason, CloudWatch's text)" => "CloudWatchの記録（アラームの理由、CloudWatchの原文）";
    ABOUT_THIS_ALERT: "About this alert (Respond By's text)" => "この通知について（Respond Byの説明）";
    WHAT_TO_DO: "What to do now" => "今すぐやること";
    WHAT_CHANGED: "What changed" => "変更点";
    SHORTENED: "Message shortened to fit Slack's limits." => "Slackの文字数の上限に合わせてメッセージを短くしました。";
    FOLDED_COUNT: "{n} more like this were folded into this message." => "同じような通知{n}件をこのメッセージにまとめました。";
    FOLDED_HEADING: "Folded into this message" => "このメッセージにまとめた通知";
    LINKS: "Links" => "リンク";
    NOTE: "Note" => "メモ";

    // Tracked state.
    STATE_AWS_CLOSED: "AWS closed this case" => "AWSがこのケースをクローズしました";
    STATE_RECOVERED: "Recovered" => "回復しました";
    STATE_RESOLVED_BY: "Resolved by {who}" => "{who}が解決済みにしました";
    STATE_REPLIED_BY: "Replied to AWS by {who}" => "{who}がAWSに返信しました";
    STATE_ANSWERED_BY: "Answered by {who}" => "{who}が対応しました";
    STATE_ACKED_BY: "Acknowledged by {who}" => "{who}が対応中です";
    BEFORE_DEADLINE: "{span} before the deadline" => "期限の{span}前";
    AFTER_DEADLINE: "{span} after the deadline" => "期限を{span}過ぎて";

    // Buttons (at most 75 characters).
    BTN_ACK: "Acknowledge" => "対応中にする";
    BTN_REPLIED: "Replied to AWS" => "AWSに返信した";
    BTN_ANSWERED: "Answered" => "対応した";
    BTN_RESOLVED: "Resolved" => "解決済みにする";

    // Follow-ups, summaries, reminders.
    UPDATE: "Update" => "更新";
    UPDATE_TOP: "Update: {title} ({summary})" => "更新: {title}（{summary}）";
    TAIL_SUMMARY: "*{n} more like this* were folded into {title} until {date}." => "{title} と同じような通知が *ほかに{n}件* ありました（{date}まで）。";
    TAIL_TOP: "{n} more like this: {title}" => "同じような通知{n}件: {title}";
    REMINDER: "Reminder ({step})" => "リマインダー（{step}）";
    REMINDER_TOP: "Reminder ({step}): {title} — {deadline}" => "リマインダー（{step}）: {title} — {deadline}";
    REMINDER_ALSO: "Also ({step})" => "あわせて（{step}）";
    STEP_FRACTION: "{p}% of the time gone" => "期限までの時間の{p}%が経過";
    STEP_BEFORE: "{span} before" => "期限の{span}前";
    STEP_AT_DEADLINE: "at the deadline" => "期限になりました";
    STEP_OVERDUE: "{span} overdue" => "期限を{span}超過";
    FALLBACK_NOTE: "(Slack refused the full message; this is its short form.)" => "（Slackが通常のメッセージを受け付けなかったため、短い形で送っています。）";

    // What changed in an update.
    CH_STATUS: "Status: {from} → {to}" => "状態: {from} → {to}";
    CH_SEVERITY: "Severity: {from} → {to}" => "重大度: {from} → {to}";
    CH_FACT: "{label}: {from} → {to}" => "{label}: {from} → {to}";
    CH_FACT_NEW: "{label}: {value}" => "{label}: {value}";
    CH_NEW_RESOURCES: "New affected resources: {list}" => "新たに影響を受けたリソース: {list}";
    CH_AND_MORE: " and {n} more" => " ほか{n}件";
    CH_TEXT: "AWS's text changed (see below)." => "AWSからの文面が変わりました（下を参照）。";
    CH_TEXT_CLOUDWATCH: "CloudWatch's text changed (see below)." => "CloudWatchの記録が変わりました（下を参照）。";
    CH_TEXT_RESPONDBY: "Respond By's text about this alert changed (see below)." => "この通知についての Respond By の説明が変わりました（下を参照）。";
    CH_REPLY_BY_EARLIER: "Reply-by brought forward: {from} → {to}" => "返信期限が早まりました: {from} → {to}";
    CH_FIX_BY_EARLIER: "Fix-by brought forward: {from} → {to}" => "修正期限が早まりました: {from} → {to}";
    CH_NONE: "AWS sent the case again with no visible change." => "AWSが同じ内容をもう一度送ってきました（目に見える変化はありません）。";

    // Notes about odd times.
    NOTE_TIME_FALLBACK: "The event's time was {shown}; deadlines count from {name} instead." => "イベントの時刻が{shown}ため、期限は代わりに{name}から数えています。";
    NOTE_TIME_RECEIVED: "The event's time was {shown}, and so were the source's own times; deadlines count from when Respond By received it." => "イベントの時刻も発生元の時刻も{shown}ため、期限はRespond Byが受け取った時刻から数えています。";
    TIME_MISSING: "missing" => "ありません";
    TIME_UNREADABLE: "{raw}, which could not be read" => "読み取れない値（{raw}）だった";
    TIME_OUT_OF_RANGE: "{raw}, outside the years an AWS event can carry (2006 to 9999)" => "AWSのイベントにはありえない年の値（{raw}、2006年〜9999年の範囲外）だった";
    NOTE_FIELD_UNREADABLE: "{field} {raw} could not be read as a time; it is ignored." => "{field} の値 {raw} は時刻として読み取れないため、使っていません。";
    NOTE_FIELD_OUT_OF_RANGE: "{field} {raw} is outside the years an AWS event can carry (2006 to 9999); it is ignored." => "{field} の値 {raw} はAWSのイベントにはありえない年（2006年〜9999年の範囲外）のため、使っていません。";

    // Answers to clicks (only the clicker sees them).
    EPH_NOT_TRACKED: ":information_source: This alert is not tracked (any more): it was posted before tracking was switched on, or it expired 90 days after its deadline. Nothing was changed." => ":information_source: この通知は（もう）追跡されていません。追跡を有効にする前に送られたか、期限から90日が過ぎて期限切れになっています。何も変更していません。";
    EPH_ALREADY_RESOLVED: ":ballot_box_with_check: This alert was already resolved by {who} {date}. Nothing was changed." => ":ballot_box_with_check: この通知は{date}に{who}がすでに解決済みにしています。何も変更していません。";
    EPH_STORE_DOWN: ":warning: Respond By could not record your click (its state table did not answer). Please try again in a minute." => ":warning: クリックを記録できませんでした（状態テーブルが応答しません）。1分ほどしてからもう一度押してください。";
    EPH_CHANGED: ":warning: The alert changed while you clicked. Please click again." => ":warning: クリックの間に通知が更新されました。もう一度押してください。";
    EPH_SUPERSEDED: ":information_source: This message is from an earlier occurrence of this alert. It has been posted again since, and only the newer message's buttons act on it. Nothing was changed." => ":information_source: このメッセージは、この通知の以前の発生分です。その後あらためて通知されており、ボタンは新しいメッセージのものだけが使えます。何も変更していません。";
    EPH_CURRENT_MESSAGE: "The current message: {link}" => "現在のメッセージ: {link}";
    EPH_EPISODE_UNKNOWN: ":warning: Respond By cannot tell which occurrence of this alert this message belongs to, so nothing was changed. Please use the buttons on the alert's latest message." => ":warning: このメッセージがこの通知のどの発生分のものか判断できないため、何も変更していません。この通知の最新のメッセージのボタンを使ってください。";
    WHO_AWS: "AWS (the case was closed)" => "AWS（ケースのクローズ）";
    WHO_SOURCE: "the source (it recovered)" => "発生元（回復）";

    // The terminal preview.
    T_MENTIONS: "Mentions" => "メンション";
    T_SKIP: "SKIP" => "スキップ";
    T_AT: "{what} at {time}" => "{what}（{time}）";

    // A reply draft (the draft itself is in the language the other side reads).
    D_FIRST: "Reply to AWS: first reply (English draft)" => "AWSへの返信: 最初の返信（英語の下書き）";
    D_FOLLOWUP: "Reply to AWS: follow-up (English draft)" => "AWSへの返信: 続報（英語の下書き）";
    D_HOW_EMAIL: "Reply to the notice e-mail from AWS, keeping its subject line unchanged (a \"Re:\" is fine). Not in a Support case: AWS Support does not handle these reports. In each <<…>>, keep only what is true, then fill in the rest before sending." => "AWSからの通知メールに、件名を変えずに返信してください（先頭に \"Re:\" が付くのは問題ありません）。サポートケースではありません（AWSサポートはこの報告を扱いません）。送る前に、各 <<…>> で事実だけを残し、残りを埋めてください。";
    D_HOW_CASE: "Follow the instructions in AWS's notice: reply in the Support case AWS opened about it (Support Center, Your support cases), if it opened one. In each <<…>>, keep only what is true, then fill in the rest before sending." => "AWSの通知にある指示に従ってください: AWSがこの件で開いたサポートケースがあれば、そこに返信します（サポートセンターのケース一覧）。送る前に、各 <<…>> で事実だけを残し、残りを埋めてください。";
    D_HOW_CASE_ID: "Follow the instructions in AWS's notice: reply in AWS Support case {case}, which AWS opened about it. In each <<…>>, keep only what is true, then fill in the rest before sending." => "AWSの通知にある指示に従ってください: AWSがこの件で開いたサポートケース {case} に返信します。送る前に、各 <<…>> で事実だけを残し、残りを埋めてください。";
}
