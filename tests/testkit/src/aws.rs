//! Secrets Manager, AWS Health, SESv2 and AWS Support, as far as Respond By
//! calls them.
//!
//! Point the SDK at [`AwsStub::endpoint`] (`AWS_ENDPOINT_URL_SECRETS_MANAGER`,
//! `AWS_ENDPOINT_URL_HEALTH`, `AWS_ENDPOINT_URL_SESV2`,
//! `AWS_ENDPOINT_URL_SUPPORT`, or `endpoint_url` on the `SdkConfig`), with
//! any credentials.
//!
//! Wire formats, answered in whichever the request used:
//! - awsJson1.1 (Secrets Manager; AWS Support; Health in older SDKs and the
//!   CLI): `POST /` with `x-amz-target: Service.Operation`; errors are HTTP
//!   400 `{"__type", "message"}`.
//! - Smithy RPC v2 CBOR (Health in the current Rust SDK):
//!   `POST /service/AWSHealth_20160804/operation/<Op>`, CBOR bodies, errors
//!   a CBOR `{"__type", "message"}`. Configure bodies as JSON anyway; numbers
//!   under `...Time` keys go out as CBOR timestamps (tag 1, epoch seconds).
//! - restJson1 (SESv2): `GET /v2/email/account`, PascalCase members, errors
//!   named by the `x-amzn-errortype` header.
//! - Organizations `ListAccounts`: awsJson1.1, pages by `NextToken`.
//! - STS `GetCallerIdentity`: awsQuery; the caller is the account of an
//!   `ASIA<account>` key, else the builder's `caller` (default 111122223333).
//! - STS `AssumeRole`: awsQuery (a form body, XML answers); every request
//!   records the access key it was signed with, so a test sees which
//!   account's credentials a call used.
//! - Lambda `Invoke` (`AWS_ENDPOINT_URL_LAMBDA`): restJson1,
//!   `POST /2015-03-31/functions/{name}/invocations`, the payload as the
//!   body; `X-Amz-Invocation-Type: Event` is queued (202, empty body),
//!   `DryRun` 204, `RequestResponse` (the default) 200 with `null`. Nothing
//!   is run: a test reads the payload ([`AwsStub::invocations`]) and feeds
//!   it to the function itself.
//!
//! Health timestamps are epoch seconds (floats) in JSON too.

use crate::cbor;
use crate::server::{serve, Incoming, Server};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The operations the stub answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Api {
    /// `secretsmanager.GetSecretValue`
    GetSecretValue,
    /// `AWSHealth_20160804.DescribeEventDetails`
    DescribeEventDetails,
    /// `AWSHealth_20160804.DescribeAffectedEntities`
    DescribeAffectedEntities,
    /// SESv2 `GET /v2/email/account`
    GetAccount,
    /// `AWSSupport_20130415.DescribeCases`
    DescribeCases,
    /// `AWSOrganizationsV20161128.ListAccounts`
    ListAccounts,
    /// STS `AssumeRole` (awsQuery)
    AssumeRole,
    /// STS `GetCallerIdentity` (awsQuery)
    GetCallerIdentity,
    /// Lambda `Invoke` (restJson1)
    Invoke,
}

impl Api {
    /// The operation name, as recorded in [`AwsRequest::operation`].
    pub fn name(self) -> &'static str {
        match self {
            Api::GetSecretValue => "GetSecretValue",
            Api::DescribeEventDetails => "DescribeEventDetails",
            Api::DescribeAffectedEntities => "DescribeAffectedEntities",
            Api::GetAccount => "GetAccount",
            Api::DescribeCases => "DescribeCases",
            Api::ListAccounts => "ListAccounts",
            Api::AssumeRole => "AssumeRole",
            Api::GetCallerIdentity => "GetCallerIdentity",
            Api::Invoke => "Invoke",
        }
    }
}

/// An error answer: HTTP status, error code (`AccessDeniedException`…) and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsError {
    pub status: u16,
    pub code: String,
    pub message: String,
}

impl AwsError {
    pub fn new(status: u16, code: &str, message: &str) -> AwsError {
        AwsError {
            status,
            code: code.to_owned(),
            message: message.to_owned(),
        }
    }
}

/// A request the stub received.
#[derive(Debug, Clone)]
pub struct AwsRequest {
    /// `GetSecretValue`, `DescribeEventDetails`, `DescribeAffectedEntities`,
    /// `GetAccount`, or the raw target / `METHOD path` of anything else.
    pub operation: String,
    /// `awsJson1_1`, `rpcv2Cbor` or `restJson1`.
    pub protocol: &'static str,
    /// `Service.Operation`: the `x-amz-target` header (awsJson) or taken
    /// from the `/service/S/operation/O` path (CBOR); `None` for REST.
    pub target: Option<String>,
    pub method: String,
    pub path: String,
    /// The body as JSON (CBOR bodies decoded; `Null` for a GET; a form's
    /// fields as an object for awsQuery).
    pub body: Value,
    /// The access key id the request was signed with (SigV4
    /// `Credential=`), and the Region it was signed for.
    pub access_key: Option<String>,
    pub signed_region: Option<String>,
    /// Every header, names in lower case.
    pub headers: Vec<(String, String)>,
}

impl AwsRequest {
    /// A header's value (`name` in lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One Lambda `Invoke` the stub received.
#[derive(Debug, Clone, PartialEq)]
pub struct Invoked {
    /// The function name (or ARN) from the path.
    pub function: String,
    /// `X-Amz-Invocation-Type`: `Event`, `RequestResponse` (also when the
    /// header is missing) or `DryRun`.
    pub invocation_type: String,
    /// The payload as JSON (a JSON string if it was not JSON).
    pub payload: Value,
}

/// Builds an [`AwsStub`]; anything not configured gets a harmless default
/// (no secrets → `ResourceNotFoundException`; empty Health sets; an SES
/// account that is healthy and sending).
#[derive(Debug, Default, Clone)]
pub struct AwsStubBuilder {
    secrets: Vec<(String, String)>,
    errors: HashMap<Api, AwsError>,
    health_details: Option<Value>,
    health_pages: Vec<Value>,
    ses_account: Option<Value>,
    support_cases: Vec<Value>,
    delays: HashMap<Api, std::time::Duration>,
    ses_accounts: HashMap<String, Value>,
    org_pages: Vec<Value>,
    roles: Vec<(String, Option<String>)>,
    caller: Option<String>,
}

impl AwsStubBuilder {
    /// A secret, by ARN or name, holding `secret_string`. With an ARN, the
    /// name part (`...:secret:NAME`) finds it too.
    pub fn secret(mut self, id: &str, secret_string: &str) -> Self {
        self.secrets.push((id.to_owned(), secret_string.to_owned()));
        self
    }

    /// Every `GetSecretValue` fails with HTTP 400 and this code.
    pub fn secret_error(self, code: &str, message: &str) -> Self {
        self.error(Api::GetSecretValue, AwsError::new(400, code, message))
    }

    /// The whole `DescribeEventDetails` response body
    /// (`{"successfulSet": [...], "failedSet": [...]}`).
    pub fn health_details(mut self, body: Value) -> Self {
        self.health_details = Some(body);
        self
    }

    /// The `DescribeAffectedEntities` response bodies, one per page
    /// (`{"entities": [...]}`); the stub adds `nextToken` while pages remain.
    pub fn health_entities_pages(mut self, pages: Vec<Value>) -> Self {
        self.health_pages = pages;
        self
    }

    /// Both Health operations fail with HTTP 400 and this code (e.g.
    /// `SubscriptionRequiredException` on accounts without a support plan).
    pub fn health_error(self, code: &str, message: &str) -> Self {
        let e = AwsError::new(400, code, message);
        self.error(Api::DescribeEventDetails, e.clone())
            .error(Api::DescribeAffectedEntities, e)
    }

    /// The whole SESv2 `GetAccount` response body (PascalCase).
    pub fn ses_account(mut self, body: Value) -> Self {
        self.ses_account = Some(body);
        self
    }

    /// The `GetAccount` body for requests signed with credentials assumed
    /// in `account` (see [`AwsStubBuilder::role`]).
    pub fn ses_account_for(mut self, account: &str, body: Value) -> Self {
        self.ses_accounts.insert(account.to_owned(), body);
        self
    }

    /// A role STS lets anyone assume, with this external id (if any). Its
    /// credentials' access key id is `ASIA<account id>…`, so a request
    /// signed with them is known by its account ([`assumed_account`]).
    /// Any other role, or a wrong external id, is `AccessDenied`.
    pub fn role(mut self, arn: &str, external_id: Option<&str>) -> Self {
        self.roles
            .push((arn.to_owned(), external_id.map(str::to_owned)));
        self
    }

    /// The account `GetCallerIdentity` names for credentials that are not
    /// an assumed role's (default 111122223333).
    pub fn caller(mut self, account: &str) -> Self {
        self.caller = Some(account.to_owned());
        self
    }

    /// `GetAccount` fails with this status and `x-amzn-errortype`.
    pub fn ses_error(self, status: u16, code: &str, message: &str) -> Self {
        self.error(Api::GetAccount, AwsError::new(status, code, message))
    }

    /// A case `DescribeCases` knows (a `CaseDetails` object, camelCase as
    /// on the wire). A case whose `caseId` is `"*"` stands for any case
    /// asked about, answered with the asked-for id. Asked for a case it does
    /// not know, the stub answers `CaseIdNotFound`, as AWS does.
    pub fn support_case(mut self, case: Value) -> Self {
        self.support_cases.push(case);
        self
    }

    /// `DescribeCases` fails with HTTP 400 and this code (e.g.
    /// `SubscriptionRequiredException` without Business support).
    pub fn support_error(self, code: &str, message: &str) -> Self {
        self.error(Api::DescribeCases, AwsError::new(400, code, message))
    }

    /// Every answer to `api` waits this long first (a slow service).
    pub fn delay(mut self, api: Api, by: std::time::Duration) -> Self {
        self.delays.insert(api, by);
        self
    }

    /// The organisation's accounts for Organizations `ListAccounts`, a page
    /// each: `[{"Id", "Name", "Status"}, …]` (the stub adds `Arn`, `Email`
    /// and `NextToken` while pages remain).
    pub fn organization_accounts(mut self, pages: Vec<Value>) -> Self {
        self.org_pages = pages;
        self
    }

    /// Any operation fails with this error (it wins over a success body).
    pub fn error(mut self, api: Api, error: AwsError) -> Self {
        self.errors.insert(api, error);
        self
    }

    pub async fn start(self) -> AwsStub {
        let state = Arc::new(Mutex::new(State {
            config: self,
            requests: Vec::new(),
            invoked: Vec::new(),
        }));
        let s = state.clone();
        let router = Router::new().fallback(move |req: Request<Body>| handle(s.clone(), req));
        let server = serve(router).await;
        AwsStub { state, server }
    }
}

struct State {
    config: AwsStubBuilder,
    requests: Vec<AwsRequest>,
    invoked: Vec<Invoked>,
}

/// The running AWS stand-in. Dropping it stops the server.
pub struct AwsStub {
    state: Arc<Mutex<State>>,
    server: Server,
}

impl AwsStub {
    pub fn builder() -> AwsStubBuilder {
        AwsStubBuilder::default()
    }

    /// `http://127.0.0.1:PORT`, for `AWS_ENDPOINT_URL_*` or `endpoint_url`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.server.addr)
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<AwsRequest> {
        self.state.lock().unwrap().requests.clone()
    }

    /// The requests for one operation, in order.
    pub fn calls(&self, api: Api) -> Vec<AwsRequest> {
        self.requests()
            .into_iter()
            .filter(|r| r.operation == api.name())
            .collect()
    }

    /// The Lambda `Invoke` calls answered so far (refused ones left out),
    /// in order.
    pub fn invocations(&self) -> Vec<Invoked> {
        let st = self.state.lock().unwrap();
        st.invoked.clone()
    }
}

/// The function named in `/2015-03-31/functions/{name}/invocations`.
fn invoked_function(path: &str) -> Option<String> {
    let name = path
        .strip_prefix("/2015-03-31/functions/")?
        .strip_suffix("/invocations")?;
    let name: String = form_urlencoded::parse(format!("n={name}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())?;
    (!name.is_empty() && !name.contains('/')).then_some(name)
}

/// Lambda `Invoke`: queued (Event), checked (DryRun) or answered with
/// `null` (RequestResponse); an unknown invocation type is
/// `InvalidParameterValueException`, as Lambda answers it.
fn invoke(st: &mut State, inc: &Incoming, body: Value) -> Response {
    let function = invoked_function(&inc.path).unwrap_or_default();
    let kind = inc
        .header("x-amz-invocation-type")
        .unwrap_or("RequestResponse")
        .to_owned();
    let status = match kind.as_str() {
        "Event" => StatusCode::ACCEPTED,
        "DryRun" => StatusCode::NO_CONTENT,
        "RequestResponse" => StatusCode::OK,
        _ => {
            return error(
                Protocol::RestJson,
                &AwsError::new(
                    400,
                    "InvalidParameterValueException",
                    "1 validation error detected: Value at 'invocationType' failed to satisfy constraint",
                ),
            )
        }
    };
    st.invoked.push(Invoked {
        function,
        invocation_type: kind.clone(),
        payload: body,
    });
    if status == StatusCode::OK {
        (
            status,
            [
                ("content-type", "application/json"),
                ("x-amz-executed-version", "$LATEST"),
            ],
            "null",
        )
            .into_response()
    } else {
        status.into_response()
    }
}

/// How a request was encoded, and so how to answer it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Protocol {
    /// `POST /` + `x-amz-target`, JSON (Secrets Manager; Health in older SDKs).
    AwsJson,
    /// `POST /service/<Service>/operation/<Op>` + `smithy-protocol:
    /// rpc-v2-cbor`, CBOR (Health in current SDKs).
    Cbor,
    /// REST paths, JSON (SESv2).
    RestJson,
    /// Form-encoded `Action=…` bodies, XML answers (STS).
    Query,
}

impl Protocol {
    fn name(self) -> &'static str {
        match self {
            Protocol::AwsJson => "awsJson1_1",
            Protocol::Cbor => "rpcv2Cbor",
            Protocol::RestJson => "restJson1",
            Protocol::Query => "awsQuery",
        }
    }
}

fn ok(protocol: Protocol, body: &Value) -> Response {
    match protocol {
        Protocol::Query => (
            StatusCode::OK,
            [("content-type", "text/xml")],
            body.as_str().unwrap_or_default().to_owned(),
        )
            .into_response(),
        Protocol::AwsJson => (
            StatusCode::OK,
            [("content-type", "application/x-amz-json-1.1")],
            body.to_string(),
        )
            .into_response(),
        Protocol::Cbor => (
            StatusCode::OK,
            [
                ("content-type", "application/cbor"),
                ("smithy-protocol", "rpc-v2-cbor"),
            ],
            cbor::encode(body),
        )
            .into_response(),
        Protocol::RestJson => (
            StatusCode::OK,
            [("content-type", "application/json")],
            body.to_string(),
        )
            .into_response(),
    }
}

fn error(protocol: Protocol, e: &AwsError) -> Response {
    let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::BAD_REQUEST);
    match protocol {
        Protocol::Query => (
            status,
            [("content-type", "text/xml")],
            format!(
                "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>{}</Code><Message>{}</Message></Error><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ErrorResponse>",
                e.code, e.message
            ),
        )
            .into_response(),
        Protocol::RestJson => (
            status,
            [
                ("content-type", "application/json".to_owned()),
                ("x-amzn-errortype", e.code.clone()),
            ],
            json!({ "message": e.message }).to_string(),
        )
            .into_response(),
        Protocol::AwsJson => (
            status,
            [("content-type", "application/x-amz-json-1.1")],
            json!({ "__type": e.code, "message": e.message }).to_string(),
        )
            .into_response(),
        Protocol::Cbor => (
            status,
            [
                ("content-type", "application/cbor"),
                ("smithy-protocol", "rpc-v2-cbor"),
            ],
            cbor::encode(&json!({ "__type": e.code, "message": e.message })),
        )
            .into_response(),
    }
}

fn bad_request(protocol: Protocol, code: &str, message: &str) -> Response {
    error(protocol, &AwsError::new(400, code, message))
}

fn api_named(target: &str) -> Option<Api> {
    match target {
        "secretsmanager.GetSecretValue" => Some(Api::GetSecretValue),
        "AWSHealth_20160804.DescribeEventDetails" => Some(Api::DescribeEventDetails),
        "AWSHealth_20160804.DescribeAffectedEntities" => Some(Api::DescribeAffectedEntities),
        "AWSSupport_20130415.DescribeCases" => Some(Api::DescribeCases),
        "AWSOrganizationsV20161128.ListAccounts" => Some(Api::ListAccounts),
        _ => None,
    }
}

async fn handle(state: Arc<Mutex<State>>, req: Request<Body>) -> Response {
    let inc = Incoming::read(req).await;
    let cbor_op = inc
        .path
        .strip_prefix("/service/")
        .and_then(|rest| rest.split_once("/operation/"))
        .map(|(service, op)| format!("{service}.{op}"));
    let form = inc
        .header("content-type")
        .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
    let (protocol, target) = match (inc.header("x-amz-target"), cbor_op) {
        (Some(t), _) => (Protocol::AwsJson, Some(t.to_owned())),
        (None, Some(t)) => (Protocol::Cbor, Some(t)),
        (None, None) if form => (Protocol::Query, None),
        (None, None) => (Protocol::RestJson, None),
    };
    let body = match protocol {
        Protocol::Cbor => cbor::decode(&inc.raw),
        Protocol::Query => Value::Object(
            form_urlencoded::parse(&inc.raw)
                .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
                .collect(),
        ),
        _ => inc.json(),
    };
    let target = match protocol {
        Protocol::Query => body["Action"].as_str().map(|a| format!("sts.{a}")),
        _ => target,
    };
    let api = match (protocol, inc.method.as_str(), inc.path.as_str()) {
        (Protocol::RestJson, "GET", "/v2/email/account") => Some(Api::GetAccount),
        (Protocol::RestJson, "POST", p) if invoked_function(p).is_some() => Some(Api::Invoke),
        (Protocol::AwsJson | Protocol::Cbor, "POST", _) => target.as_deref().and_then(api_named),
        (Protocol::Query, "POST", _) if body["Action"] == "AssumeRole" => Some(Api::AssumeRole),
        (Protocol::Query, "POST", _) if body["Action"] == "GetCallerIdentity" => {
            Some(Api::GetCallerIdentity)
        }
        _ => None,
    };
    // SigV4: `Credential=AKID/20260624/us-east-1/ses/aws4_request`.
    let credential = inc
        .header("authorization")
        .and_then(|a| a.split("Credential=").nth(1))
        .map(|c| c.split([',', ' ']).next().unwrap_or_default().to_owned());
    let access_key = credential
        .as_deref()
        .and_then(|c| c.split('/').next())
        .map(str::to_owned);
    let signed_region = credential
        .as_deref()
        .and_then(|c| c.split('/').nth(2))
        .map(str::to_owned);
    let (response, delay) = {
        let mut st = state.lock().unwrap();
        let delay = api.and_then(|a| st.config.delays.get(&a).copied());
        (
            answer(
                &mut st,
                api,
                protocol,
                target,
                &inc,
                body,
                access_key,
                signed_region,
            ),
            delay,
        )
    };
    if let Some(d) = delay {
        tokio::time::sleep(d).await;
    }
    response
}

#[allow(clippy::too_many_arguments)]
fn answer(
    st: &mut State,
    api: Option<Api>,
    protocol: Protocol,
    target: Option<String>,
    inc: &Incoming,
    body: Value,
    access_key: Option<String>,
    signed_region: Option<String>,
) -> Response {
    st.requests.push(AwsRequest {
        operation: match api {
            Some(a) => a.name().to_owned(),
            None => target
                .clone()
                .unwrap_or_else(|| format!("{} {}", inc.method, inc.path)),
        },
        protocol: protocol.name(),
        target,
        method: inc.method.clone(),
        path: inc.path.clone(),
        body: body.clone(),
        access_key: access_key.clone(),
        signed_region,
        headers: inc.header_pairs(),
    });
    let Some(api) = api else {
        return bad_request(
            protocol,
            "UnknownOperationException",
            "the respondby test stub does not implement this operation",
        );
    };
    if let Some(e) = st.config.errors.get(&api) {
        return error(protocol, e);
    }
    if api == Api::Invoke {
        return invoke(st, inc, body);
    }
    let config = &st.config;
    match api {
        Api::Invoke => unreachable!("answered above"),
        Api::GetSecretValue => get_secret_value(protocol, config, &body),
        Api::DescribeEventDetails => ok(
            protocol,
            config
                .health_details
                .as_ref()
                .unwrap_or(&json!({"successfulSet": [], "failedSet": []})),
        ),
        Api::DescribeAffectedEntities => affected_entities(protocol, config, &body),
        Api::DescribeCases => describe_cases(protocol, config, &body),
        Api::ListAccounts => list_accounts(protocol, config, &body),
        Api::AssumeRole => assume_role(protocol, config, &body),
        Api::GetCallerIdentity => {
            let account = access_key
                .as_deref()
                .and_then(assumed_account)
                .or_else(|| config.caller.clone())
                .unwrap_or_else(|| "111122223333".to_owned());
            ok(
                protocol,
                &Value::String(format!(
                    "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>\
                     <Arn>arn:aws:sts::{account}:assumed-role/operator/cli</Arn><UserId>AROAEXAMPLE:cli</UserId><Account>{account}</Account>\
                     </GetCallerIdentityResult><ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata></GetCallerIdentityResponse>"
                )),
            )
        }
        Api::GetAccount => ok(
            protocol,
            access_key
                .as_deref()
                .and_then(assumed_account)
                .and_then(|a| config.ses_accounts.get(&a))
                .or(config.ses_account.as_ref())
                .unwrap_or(&json!({
                "DedicatedIpAutoWarmupEnabled": false,
                "EnforcementStatus": "HEALTHY",
                "ProductionAccessEnabled": true,
                "SendingEnabled": true,
                "SendQuota": {"Max24HourSend": 50000.0, "MaxSendRate": 14.0, "SentLast24Hours": 0.0}
            })),
        ),
    }
}

fn get_secret_value(protocol: Protocol, config: &AwsStubBuilder, body: &Value) -> Response {
    let Some(id) = body.get("SecretId").and_then(Value::as_str) else {
        return bad_request(
            protocol,
            "InvalidParameterException",
            "SecretId is required",
        );
    };
    let name_of = |arn: &str| -> String {
        arn.split_once(":secret:")
            .map(|(_, n)| n.to_owned())
            .unwrap_or_else(|| arn.to_owned())
    };
    let found = config
        .secrets
        .iter()
        .find(|(k, _)| k == id || name_of(k) == id);
    match found {
        Some((key, value)) => {
            let arn = if key.starts_with("arn:") {
                key.clone()
            } else {
                format!("arn:aws:secretsmanager:us-east-1:123456789012:secret:{key}-AbCdEf")
            };
            ok(
                protocol,
                &json!({
                    "ARN": arn,
                    "Name": name_of(key),
                    "VersionId": "EXAMPLE1-90ab-cdef-fedc-ba987SECRET1",
                    "SecretString": value,
                    "VersionStages": ["AWSCURRENT"],
                    "CreatedDate": 1_700_000_000.0
                }),
            )
        }
        None => bad_request(
            protocol,
            "ResourceNotFoundException",
            "Secrets Manager can't find the specified secret.",
        ),
    }
}

fn describe_cases(protocol: Protocol, config: &AwsStubBuilder, body: &Value) -> Response {
    let ids: Vec<&str> = body
        .get("caseIdList")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if ids.is_empty() {
        // Without ids AWS lists the account's recent cases; Respond By
        // always asks for one.
        return ok(protocol, &json!({ "cases": config.support_cases }));
    }
    let mut cases = Vec::new();
    for id in ids {
        let known = config
            .support_cases
            .iter()
            .find(|c| c["caseId"] == id)
            .cloned()
            .or_else(|| {
                let mut any = config
                    .support_cases
                    .iter()
                    .find(|c| c["caseId"] == "*")?
                    .clone();
                any["caseId"] = id.into();
                if let Some(list) = any
                    .pointer_mut("/recentCommunications/communications")
                    .and_then(Value::as_array_mut)
                {
                    for m in list {
                        m["caseId"] = id.into();
                    }
                }
                Some(any)
            });
        match known {
            Some(c) => cases.push(c),
            None => {
                return bad_request(
                    protocol,
                    "CaseIdNotFound",
                    "The requested caseId couldn't be located.",
                )
            }
        }
    }
    ok(protocol, &json!({ "cases": cases }))
}

/// The account whose role a request's credentials were assumed in (the
/// stub's `ASIA<account id>…` access key ids); `None` for any other key.
pub fn assumed_account(access_key: &str) -> Option<String> {
    let digits = access_key.strip_prefix("ASIA")?.get(..12)?;
    digits
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| digits.to_owned())
}

fn assume_role(protocol: Protocol, config: &AwsStubBuilder, body: &Value) -> Response {
    let arn = body["RoleArn"].as_str().unwrap_or_default();
    let external_id = body["ExternalId"].as_str();
    let allowed = config
        .roles
        .iter()
        .any(|(a, x)| a == arn && x.as_deref() == external_id);
    if !allowed {
        return error(
            protocol,
            &AwsError::new(
                403,
                "AccessDenied",
                &format!("User: arn:aws:sts::111122223333:assumed-role/respondby/hub is not authorized to perform: sts:AssumeRole on resource: {arn}"),
            ),
        );
    }
    let account = arn.split(':').nth(4).unwrap_or("000000000000");
    let session = body["RoleSessionName"].as_str().unwrap_or("session");
    let role = arn.rsplit('/').next().unwrap_or("role");
    let expiry = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        + 3600;
    let expiration = {
        // Seconds → RFC 3339 UTC, without a date crate.
        let days = expiry / 86_400;
        let rem = expiry % 86_400;
        let (y, m, d) = civil_from_days(days as i64);
        format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
            rem / 3600,
            rem % 3600 / 60,
            rem % 60
        )
    };
    let xml = format!(
        "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>\
         <Credentials><AccessKeyId>ASIA{account}EXAMPLE</AccessKeyId><SecretAccessKey>assumed-secret-{account}</SecretAccessKey>\
         <SessionToken>assumed-token-{account}</SessionToken><Expiration>{expiration}</Expiration></Credentials>\
         <AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:{session}</AssumedRoleId><Arn>arn:aws:sts::{account}:assumed-role/{role}/{session}</Arn></AssumedRoleUser>\
         </AssumeRoleResult><ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata></AssumeRoleResponse>"
    );
    ok(protocol, &Value::String(xml))
}

/// Days since 1970-01-01 → (year, month, day) (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn list_accounts(protocol: Protocol, config: &AwsStubBuilder, body: &Value) -> Response {
    let pages = &config.org_pages;
    let index = match body.get("NextToken").and_then(Value::as_str) {
        None => 0,
        Some(t) => match t
            .strip_prefix("page-")
            .and_then(|n| n.parse::<usize>().ok())
        {
            Some(i) if i > 0 && i < pages.len() => i,
            _ => {
                return bad_request(
                    protocol,
                    "InvalidInputException",
                    "The provided NextToken is not valid.",
                )
            }
        },
    };
    let accounts: Vec<Value> = pages
        .get(index)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|mut a| {
            let id = a["Id"].as_str().unwrap_or("000000000000").to_owned();
            if let Some(o) = a.as_object_mut() {
                o.entry("Arn").or_insert_with(|| {
                    format!("arn:aws:organizations::999988887777:account/o-exampleorgid/{id}")
                        .into()
                });
                o.entry("Email")
                    .or_insert_with(|| format!("aws+{id}@example.com").into());
                o.entry("Status").or_insert_with(|| "ACTIVE".into());
                o.entry("JoinedMethod").or_insert_with(|| "CREATED".into());
                o.entry("JoinedTimestamp")
                    .or_insert_with(|| 1_700_000_000.0.into());
            }
            a
        })
        .collect();
    let mut out = json!({ "Accounts": accounts });
    if index + 1 < pages.len() {
        out["NextToken"] = format!("page-{}", index + 1).into();
    }
    ok(protocol, &out)
}

fn affected_entities(protocol: Protocol, config: &AwsStubBuilder, body: &Value) -> Response {
    let pages = &config.health_pages;
    let index = match body.get("nextToken").and_then(Value::as_str) {
        None => 0,
        Some(t) => match t.parse::<usize>() {
            Ok(i) if i > 0 && i < pages.len() => i,
            _ => {
                return bad_request(
                    protocol,
                    "InvalidPaginationToken",
                    "The specified pagination token is not valid.",
                )
            }
        },
    };
    let mut page = pages
        .get(index)
        .cloned()
        .unwrap_or_else(|| json!({"entities": []}));
    if index + 1 < pages.len() {
        if let Some(obj) = page.as_object_mut() {
            obj.insert("nextToken".into(), Value::String((index + 1).to_string()));
        }
    }
    ok(protocol, &page)
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn call(stub: &AwsStub, target: &str, body: Value) -> (u16, Value) {
        let resp = reqwest::Client::new()
            .post(format!("{}/", stub.endpoint()))
            .header("x-amz-target", target)
            .header("content-type", "application/x-amz-json-1.1")
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        let status = resp.status().as_u16();
        (
            status,
            serde_json::from_str(&resp.text().await.unwrap()).unwrap(),
        )
    }

    #[tokio::test]
    async fn affected_entities_are_paged_by_next_token() {
        let stub = AwsStub::builder()
            .health_entities_pages(vec![
                json!({"entities": [{"entityValue": "i-1"}]}),
                json!({"entities": [{"entityValue": "i-2"}]}),
                json!({"entities": [{"entityValue": "i-3"}]}),
            ])
            .start()
            .await;
        let target = "AWSHealth_20160804.DescribeAffectedEntities";
        let mut token: Option<String> = None;
        let mut seen = Vec::new();
        loop {
            let mut body = json!({"filter": {"eventArns": ["arn:e"]}});
            if let Some(t) = &token {
                body["nextToken"] = json!(t);
            }
            let (status, page) = call(&stub, target, body).await;
            assert_eq!(status, 200);
            seen.push(
                page["entities"][0]["entityValue"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            );
            token = page
                .get("nextToken")
                .and_then(Value::as_str)
                .map(str::to_owned);
            if token.is_none() {
                break;
            }
            assert!(seen.len() < 10, "pagination never ends");
        }
        assert_eq!(seen, ["i-1", "i-2", "i-3"]);
        assert_eq!(stub.calls(Api::DescribeAffectedEntities).len(), 3);
        let (status, err) = call(&stub, target, json!({"nextToken": "9"})).await;
        assert_eq!(
            (status, err["__type"].as_str()),
            (400, Some("InvalidPaginationToken"))
        );
    }

    #[tokio::test]
    async fn errors_use_each_protocols_shape() {
        let stub = AwsStub::builder()
            .health_error("SubscriptionRequiredException", "no support plan")
            .ses_error(403, "AccessDeniedException", "denied")
            .start()
            .await;
        let (status, body) = call(
            &stub,
            "AWSHealth_20160804.DescribeEventDetails",
            json!({"eventArns": ["a"]}),
        )
        .await;
        assert_eq!(status, 400);
        assert_eq!(
            body,
            json!({"__type": "SubscriptionRequiredException", "message": "no support plan"})
        );
        let resp = reqwest::get(format!("{}/v2/email/account", stub.endpoint()))
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), 403);
        assert_eq!(
            resp.headers().get("x-amzn-errortype").unwrap(),
            "AccessDeniedException"
        );
        let ops: Vec<String> = stub.requests().into_iter().map(|r| r.operation).collect();
        assert_eq!(ops, ["DescribeEventDetails", "GetAccount"]);
    }

    #[tokio::test]
    async fn support_cases_are_described_by_id_and_an_unknown_id_is_not_found() {
        let stub = AwsStub::builder()
            .support_case(json!({"caseId": "case-1", "subject": "known"}))
            .support_case(json!({"caseId": "*", "subject": "any",
                "recentCommunications": {"communications": [{"caseId": "*", "body": "b"}]}}))
            .start()
            .await;
        let t = "AWSSupport_20130415.DescribeCases";
        let (s, b) = call(&stub, t, json!({"caseIdList": ["case-1"]})).await;
        assert_eq!((s, b["cases"][0]["subject"].as_str()), (200, Some("known")));
        let (s, b) = call(&stub, t, json!({"caseIdList": ["case-9"]})).await;
        assert_eq!(s, 200);
        assert_eq!(b["cases"][0]["caseId"], "case-9");
        assert_eq!(b["cases"][0]["subject"], "any");
        assert_eq!(
            b["cases"][0]["recentCommunications"]["communications"][0]["caseId"],
            "case-9"
        );
        let none = AwsStub::builder().start().await;
        let (s, b) = call(&none, t, json!({"caseIdList": ["case-1"]})).await;
        assert_eq!((s, b["__type"].as_str()), (400, Some("CaseIdNotFound")));
        assert_eq!(none.calls(Api::DescribeCases).len(), 1);
    }

    #[tokio::test]
    async fn a_delayed_operation_answers_late_but_is_recorded_at_once() {
        let stub = AwsStub::builder()
            .support_error("SubscriptionRequiredException", "no plan")
            .delay(Api::DescribeCases, std::time::Duration::from_millis(300))
            .start()
            .await;
        let t0 = std::time::Instant::now();
        let (s, b) = call(&stub, "AWSSupport_20130415.DescribeCases", json!({})).await;
        assert!(t0.elapsed() >= std::time::Duration::from_millis(300));
        assert_eq!(
            (s, b["__type"].as_str()),
            (400, Some("SubscriptionRequiredException"))
        );
    }

    #[tokio::test]
    async fn secrets_are_found_by_arn_or_name_and_others_are_not_found() {
        let arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:hook";
        let stub = AwsStub::builder().secret(arn, "value").start().await;
        let t = "secretsmanager.GetSecretValue";
        let (s, b) = call(&stub, t, json!({"SecretId": arn})).await;
        assert_eq!(
            (s, b["SecretString"].as_str(), b["ARN"].as_str()),
            (200, Some("value"), Some(arn))
        );
        let (s, b) = call(&stub, t, json!({"SecretId": "hook"})).await;
        assert_eq!((s, b["SecretString"].as_str()), (200, Some("value")));
        let (s, b) = call(&stub, t, json!({"SecretId": "other"})).await;
        assert_eq!(
            (s, b["__type"].as_str()),
            (400, Some("ResourceNotFoundException"))
        );
        assert_eq!(stub.calls(Api::GetSecretValue)[2].body["SecretId"], "other");
    }
}
