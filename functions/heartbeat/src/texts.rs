//! The heartbeat function's words, in both languages.

respondby_core::texts! {
    T_SILENT: "No heartbeat from {account} in {region} since {since}" => "{account}の{region}から{since}以降ハートビートがありません";
    T_NEVER: "Never heard from {account} in {region}" => "{account}の{region}から一度もハートビートがありません";
    T_NEVER_ACCOUNT: "Never heard from {account} in any Region" => "{account}のどのリージョンからもハートビートがありません";
    T_RECOVERED: "Heartbeat from {account} in {region} again" => "{account}の{region}からのハートビートが戻りました";
    ANY_REGION: "any Region" => "いずれかのリージョン";

    F_SPOKE: "Spoke" => "スポーク";
    F_EVERY: "Heartbeat every" => "ハートビートの間隔";
    F_SILENT_FOR: "Silent for" => "途絶えている時間";
    F_EXPECTED_SINCE: "Expected since" => "監視対象になった日時";
    F_HEARD_AGAIN: "Heard again" => "再受信";
    F_WAS_SILENT: "Was silent for" => "途絶えていた時間";
    V_MINUTES: "{n} minutes" => "{n}分";

    D_SILENT: "The hub has heard nothing from this spoke for longer than {limit} minutes. Until it forwards again, no alert of this account in this Region reaches Slack: GuardDuty findings, CloudTrail reads and alarms there go unseen. What stopped is one of: the spoke's EventBridge rule (disabled or deleted), the role its target uses (changed or deleted), the heartbeat schedule, or the hub bus policy (the account is no longer allowed to put events)." => "このスポークから{limit}分を超えて何も届いていません。転送が再開するまで、このアカウントのこのリージョンのアラート（GuardDutyの検出結果、CloudTrailの読み取り、アラーム）はSlackに届きません。止まっているのは次のいずれかです: スポークのEventBridgeルール（無効化または削除）、そのターゲットが使うロール（変更または削除）、ハートビートのスケジュール、ハブのイベントバスのポリシー（このアカウントがイベントを送れなくなった）。";
    D_NEVER: "The hub expects this spoke (EXPECTED_SPOKES) and has never heard from it. Alerts of this account in this Region do not reach Slack: the spoke stack may not be deployed there, or its rule, its role, its schedule or the hub bus policy stops the events." => "ハブはこのスポークを監視対象としています（`EXPECTED_SPOKES`）が、一度もハートビートが届いていません。このアカウントのこのリージョンのアラートはSlackに届きません。スポークのスタックが未デプロイか、そのルール、ロール、スケジュール、ハブのイベントバスのポリシーのいずれかがイベントを止めています。";

    S_STACK: "Open CloudFormation in that account and Region: is the spoke stack there, and did its last update succeed?" => "そのアカウントとリージョンのCloudFormationを開き、スポークのスタックがあるか、最後の更新が成功したかを確認してください。";
    S_RULE: "EventBridge → Rules: the rule forwarding to the hub bus is enabled, its target is the hub bus, and its role may call events:PutEvents on it." => "EventBridge → ルール: ハブのバスへ転送するルールが有効か、ターゲットがハブのバスか、そのロールに`events:PutEvents`の権限があるかを確認してください。";
    S_SCHEDULE: "EventBridge Scheduler: the heartbeat schedule is enabled." => "EventBridge Scheduler: ハートビートのスケジュールが有効か確認してください。";
    S_POLICY: "On the hub: the hub bus policy still lets this account (or its organisation) put events." => "ハブ側: ハブのイベントバスのポリシーがこのアカウント（またはその組織）からのイベントを許可しているか確認してください。";
    S_RETIRED: "If this account or Region was retired on purpose: resolve this alert, take it out of EXPECTED_SPOKES, and run respondby coverage --forget ACCOUNT/REGION." => "このアカウントまたはリージョンを意図して廃止した場合: このアラートを解決し、`EXPECTED_SPOKES`から外し、`respondby coverage --forget ACCOUNT/REGION`を実行してください。";

    L_STACKS: "CloudFormation stacks" => "CloudFormationスタック";
    L_RULES: "EventBridge rules" => "EventBridgeルール";
    L_SCHEDULES: "Scheduler schedules" => "Schedulerのスケジュール";

    N_RACE: "The spoke was heard again while this alert was being posted." => "このアラートの送信中に、スポークからのハートビートが再開しました。";
}
