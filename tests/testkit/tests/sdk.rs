//! The real AWS SDK clients, pointed at `AwsStub`, understand its answers.

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_health::error::ProvideErrorMetadata;
use aws_sdk_health::types::EntityFilter;
use aws_sdk_secretsmanager::config::Credentials;
use respondby_testkit::{Api, AwsStub};
use serde_json::json;

const EVENT_ARN: &str =
    "arn:aws:health:us-east-1::event/EC2/AWS_EC2_OPERATIONAL_ISSUE/AWS_EC2_OPERATIONAL_ISSUE_VKTXI_EXAMPLE111";

async fn sdk(stub: &AwsStub) -> SdkConfig {
    // The project's functions use rustls on ring (respondby_core::secrets).
    use aws_smithy_http_client::tls::{rustls_provider::CryptoMode, Provider};
    let https = aws_smithy_http_client::Builder::new()
        .tls_provider(Provider::rustls(CryptoMode::Ring))
        .build_https();
    aws_config::defaults(BehaviorVersion::latest())
        .http_client(https)
        .endpoint_url(stub.endpoint())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("test", "test", None, None, "test"))
        .load()
        .await
}

#[tokio::test]
async fn health_sdk_reads_event_details_with_epoch_second_timestamps() {
    // The AWS CLI documentation's example response.
    let stub = AwsStub::builder()
        .health_details(json!({
            "successfulSet": [{
                "event": {
                    "arn": EVENT_ARN,
                    "service": "EC2",
                    "eventTypeCode": "AWS_EC2_OPERATIONAL_ISSUE",
                    "eventTypeCategory": "issue",
                    "region": "us-east-1",
                    "startTime": 1587462325.096,
                    "endTime": 1587464204.774,
                    "lastUpdatedTime": 1587464204.865,
                    "statusCode": "closed"
                },
                "eventDescription": {"latestDescription": "[RESOLVED] Increased API Error Rates"}
            }],
            "failedSet": []
        }))
        .start()
        .await;
    let health = aws_sdk_health::Client::new(&sdk(&stub).await);
    let out = health
        .describe_event_details()
        .event_arns(EVENT_ARN)
        .send()
        .await
        .unwrap();
    let details = &out.successful_set()[0];
    let event = details.event().unwrap();
    assert_eq!(event.event_type_code(), Some("AWS_EC2_OPERATIONAL_ISSUE"));
    assert_eq!(event.start_time().unwrap().secs(), 1587462325);
    // .096 as a float is .0959999…, which the SDK truncates to milliseconds.
    let ms = event.start_time().unwrap().subsec_nanos() / 1_000_000;
    assert!((95..=96).contains(&ms), "{ms}");
    assert_eq!(
        details.event_description().unwrap().latest_description(),
        Some("[RESOLVED] Increased API Error Rates")
    );
    let calls = stub.calls(Api::DescribeEventDetails);
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].body["eventArns"], json!([EVENT_ARN]));
}

#[tokio::test]
async fn health_sdk_paginator_reads_every_page_of_affected_entities() {
    let page = |ids: &[&str]| {
        json!({"entities": ids.iter().map(|id| json!({
            "entityArn": format!("arn:aws:health:us-east-1:123456789012:entity/{id}"),
            "eventArn": EVENT_ARN,
            "entityValue": id,
            "awsAccountId": "123456789012",
            "lastUpdatedTime": 1588356454.08,
            "statusCode": "IMPAIRED"
        })).collect::<Vec<_>>()})
    };
    let stub = AwsStub::builder()
        .health_entities_pages(vec![page(&["i-1", "i-2"]), page(&["i-3"]), page(&["i-4"])])
        .start()
        .await;
    let health = aws_sdk_health::Client::new(&sdk(&stub).await);
    let entities = health
        .describe_affected_entities()
        .filter(
            EntityFilter::builder()
                .event_arns(EVENT_ARN)
                .build()
                .unwrap(),
        )
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .unwrap();
    let values: Vec<&str> = entities.iter().filter_map(|e| e.entity_value()).collect();
    assert_eq!(values, ["i-1", "i-2", "i-3", "i-4"]);
    let tokens: Vec<_> = stub
        .calls(Api::DescribeAffectedEntities)
        .iter()
        .map(|r| r.body.get("nextToken").cloned())
        .collect();
    assert_eq!(tokens, [None, Some(json!("1")), Some(json!("2"))]);
}

#[tokio::test]
async fn health_sdk_sees_the_configured_error_code() {
    let stub = AwsStub::builder()
        .health_error(
            "SubscriptionRequiredException",
            "The AWS Health API requires a Business support plan",
        )
        .start()
        .await;
    let health = aws_sdk_health::Client::new(&sdk(&stub).await);
    let err = health
        .describe_event_details()
        .event_arns(EVENT_ARN)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("SubscriptionRequiredException"));
    assert!(err.message().unwrap().contains("Business support"));
}

#[tokio::test]
async fn sesv2_sdk_reads_the_account_and_rest_json_errors() {
    let stub = AwsStub::builder()
        .ses_account(json!({
            "EnforcementStatus": "PROBATION",
            "ProductionAccessEnabled": true,
            "SendingEnabled": true,
            "DedicatedIpAutoWarmupEnabled": false,
            "SendQuota": {"Max24HourSend": 50000.0, "MaxSendRate": 14.0, "SentLast24Hours": 12.0}
        }))
        .start()
        .await;
    let ses = aws_sdk_sesv2::Client::new(&sdk(&stub).await);
    let account = ses.get_account().send().await.unwrap();
    assert_eq!(account.enforcement_status(), Some("PROBATION"));
    assert!(account.sending_enabled());
    assert_eq!(account.send_quota().unwrap().sent_last24_hours(), 12.0);
    assert_eq!(stub.calls(Api::GetAccount)[0].method, "GET");

    let denied = AwsStub::builder()
        .ses_error(
            403,
            "AccessDeniedException",
            "not authorized to perform ses:GetAccount",
        )
        .start()
        .await;
    let ses = aws_sdk_sesv2::Client::new(&sdk(&denied).await);
    let err = ses.get_account().send().await.unwrap_err();
    assert_eq!(err.code(), Some("AccessDeniedException"));
    assert!(err.message().unwrap().contains("ses:GetAccount"));
}

#[tokio::test]
async fn secrets_manager_sdk_reads_the_secret_string() {
    let arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:hook";
    let stub = AwsStub::builder()
        .secret(arn, "http://127.0.0.1:1/x")
        .start()
        .await;
    let sm = aws_sdk_secretsmanager::Client::new(&sdk(&stub).await);
    let out = sm.get_secret_value().secret_id(arn).send().await.unwrap();
    assert_eq!(out.secret_string(), Some("http://127.0.0.1:1/x"));
    assert_eq!(out.arn(), Some(arn));
}

#[tokio::test]
async fn support_sdk_reads_a_case_with_its_communications_and_the_error_codes() {
    let case = "case-111122223333-muen-2026-4f1c2a9be0d37c55";
    let stub = AwsStub::builder()
        .support_case(json!({
            "caseId": case,
            "displayId": "178120556800417",
            "subject": "[ACTION REQUIRED] Your AWS account may be compromised",
            "status": "pending-customer-action",
            "severityCode": "urgent",
            "submittedBy": "Amazon Web Services",
            "timeCreated": "2026-06-22T03:06:40.512Z",
            "recentCommunications": {"communications": [
                {"caseId": case, "body": "Hello", "submittedBy": "Amazon Web Services",
                 "timeCreated": "2026-06-22T03:07:01.874Z", "attachmentSet": []}
            ]}
        }))
        .start()
        .await;
    let support = aws_sdk_support::Client::new(&sdk(&stub).await);
    let out = support
        .describe_cases()
        .case_id_list(case)
        .include_resolved_cases(true)
        .include_communications(true)
        .send()
        .await
        .unwrap();
    let c = &out.cases()[0];
    assert_eq!(c.submitted_by(), Some("Amazon Web Services"));
    assert_eq!(c.status(), Some("pending-customer-action"));
    let m = &c.recent_communications().unwrap().communications()[0];
    assert_eq!(
        (m.body(), m.time_created()),
        (Some("Hello"), Some("2026-06-22T03:07:01.874Z"))
    );
    let calls = stub.calls(Api::DescribeCases);
    assert_eq!(calls[0].protocol, "awsJson1_1");
    assert_eq!(calls[0].body["caseIdList"], json!([case]));
    assert_eq!(calls[0].body["includeResolvedCases"], true);

    let err = support
        .describe_cases()
        .case_id_list("case-unknown")
        .send()
        .await
        .unwrap_err();
    use aws_sdk_support::error::ProvideErrorMetadata as _;
    assert_eq!(err.code(), Some("CaseIdNotFound"));

    let none = AwsStub::builder()
        .support_error(
            "SubscriptionRequiredException",
            "AWS Premium Support Subscription is required to use this service.",
        )
        .start()
        .await;
    let err = aws_sdk_support::Client::new(&sdk(&none).await)
        .describe_cases()
        .case_id_list(case)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("SubscriptionRequiredException"));
}

/// Lambda `Invoke` as the Slack actions function sends it (Event: queued,
/// 202), and the other invocation types; each payload recorded with the
/// function it named; a configured error reaches the SDK by its code.
#[tokio::test]
async fn lambda_sdk_invokes_and_the_stub_records_each_payload() {
    use aws_sdk_lambda::primitives::Blob;
    use aws_sdk_lambda::types::InvocationType;
    let stub = AwsStub::builder().start().await;
    let lambda = aws_sdk_lambda::Client::new(&sdk(&stub).await);
    let job = json!({"respondby": "open-list", "filter": "all"});
    let out = lambda
        .invoke()
        .function_name("respondby-SlackActionsFunction-AbC123")
        .invocation_type(InvocationType::Event)
        .payload(Blob::new(job.to_string()))
        .send()
        .await
        .unwrap();
    assert_eq!(out.status_code(), 202);
    let out = lambda
        .invoke()
        .function_name("arn:aws:lambda:us-east-1:111122223333:function:other")
        .payload(Blob::new("{}"))
        .send()
        .await
        .unwrap();
    assert_eq!(out.status_code(), 200);
    assert_eq!(out.payload().map(|p| p.as_ref()), Some(&b"null"[..]));
    assert_eq!(out.executed_version(), Some("$LATEST"));
    let out = lambda
        .invoke()
        .function_name("f")
        .invocation_type(InvocationType::DryRun)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status_code(), 204);
    let got = stub.invocations();
    assert_eq!(got.len(), 3);
    assert_eq!(got[0].function, "respondby-SlackActionsFunction-AbC123");
    assert_eq!(got[0].invocation_type, "Event");
    assert_eq!(got[0].payload, job);
    assert_eq!(
        got[1].function,
        "arn:aws:lambda:us-east-1:111122223333:function:other"
    );
    assert_eq!(got[1].invocation_type, "RequestResponse");
    assert_eq!(got[2].invocation_type, "DryRun");
    assert_eq!(
        stub.calls(Api::Invoke)[0].header("x-amz-invocation-type"),
        Some("Event")
    );

    let refusing = AwsStub::builder()
        .error(
            Api::Invoke,
            respondby_testkit::AwsError::new(
                403,
                "AccessDeniedException",
                "not authorized to perform: lambda:InvokeFunction",
            ),
        )
        .start()
        .await;
    let lambda = aws_sdk_lambda::Client::new(&sdk(&refusing).await);
    let e = lambda
        .invoke()
        .function_name("f")
        .invocation_type(InvocationType::Event)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        aws_sdk_lambda::error::ProvideErrorMetadata::code(&e),
        Some("AccessDeniedException")
    );
    assert!(refusing.invocations().is_empty());
}
