//! An HTTP request as a Lambda function behind a Function URL receives it.
//!
//! Source: "Invoking Lambda function URLs", request payload format
//! (<https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-request-payload>,
//! read as awsdocs/aws-lambda-developer-guide `doc_source/urls-invocation.md`):
//! the API Gateway payload format 2.0 with `routeKey` and
//! `requestContext.routeKey` / `stage` set to `$default`, `authorizer` and
//! `authentication` null for the `NONE` auth type, and `pathParameters` /
//! `stageVariables` left out ("Lambda sets this to `null` or excludes this").
//! The default headers added below (`host`, `x-forwarded-*`,
//! `x-amzn-trace-id`) are those of the captured event in AWS Lambda
//! Powertools' `LambdaFunctionUrlSchema` example.

use crate::ids::{base64, random_hex, unix_micros};
use serde_json::{json, Map, Value};

/// The `<url-id>` of the stub function URL (32 lower-case letters and
/// digits, like Lambda's).
pub const FUNCTION_URL_ID: &str = "respondbytest0000000000000000000";
/// `<url-id>.lambda-url.<region>.on.aws`, region as in the runtime stub's ARN.
pub const FUNCTION_URL_DOMAIN: &str =
    "respondbytest0000000000000000000.lambda-url.us-east-1.on.aws";
/// The function owner's account, as in the runtime stub's ARN.
const ACCOUNT_ID: &str = "123456789012";
/// A documentation address (RFC 5737) standing for the caller.
const SOURCE_IP: &str = "203.0.113.10";

/// The Function URL event (payload format 2.0) for one HTTP request.
///
/// - `path` may carry a query (`/slack?x=1`): it becomes `rawQueryString`
///   and `queryStringParameters` (repeated names joined with commas).
/// - Header names are lower-cased; repeated headers are joined with commas
///   (`"header2": "value1,value2"` in AWS's example). `cookie` headers go to
///   `cookies`, one entry per cookie, and not to `headers` (as API Gateway
///   does for format 2.0; the Function URL page only says `cookies` holds
///   "all cookies sent as part of the request").
/// - `body` is left out when empty; with `base64` it is sent base64-encoded
///   with `isBase64Encoded: true`, as Lambda does for bodies it treats as
///   binary.
pub fn function_url_event<K: AsRef<str>, V: AsRef<str>>(
    method: &str,
    path: &str,
    headers: &[(K, V)],
    body: &str,
    base64_body: bool,
) -> Value {
    let (raw_path, raw_query) = path.split_once('?').unwrap_or((path, ""));
    let mut hdrs = Map::new();
    let mut cookies = Vec::new();
    for (k, v) in headers {
        let (k, v) = (k.as_ref().to_ascii_lowercase(), v.as_ref());
        if k == "cookie" {
            cookies.extend(
                v.split(';')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(|c| json!(c)),
            );
            continue;
        }
        match hdrs.get_mut(&k) {
            Some(Value::String(prev)) => {
                prev.push(',');
                prev.push_str(v);
            }
            _ => {
                hdrs.insert(k, json!(v));
            }
        }
    }
    let trace = format!(
        "Root=1-{:08x}-{}",
        unix_micros() / 1_000_000,
        random_hex(24)
    );
    for (k, v) in [
        ("host", FUNCTION_URL_DOMAIN.to_owned()),
        ("x-forwarded-proto", "https".to_owned()),
        ("x-forwarded-port", "443".to_owned()),
        ("x-forwarded-for", SOURCE_IP.to_owned()),
        ("x-amzn-trace-id", trace),
    ] {
        hdrs.entry(k).or_insert(json!(v));
    }
    let user_agent = hdrs.get("user-agent").cloned().unwrap_or(json!(""));

    let now_us = unix_micros();
    let mut event = json!({
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": raw_path,
        "rawQueryString": raw_query,
        "headers": hdrs,
        "requestContext": {
            "accountId": ACCOUNT_ID,
            "apiId": FUNCTION_URL_ID,
            "authentication": null,
            "authorizer": null,
            "domainName": FUNCTION_URL_DOMAIN,
            "domainPrefix": FUNCTION_URL_ID,
            "http": {
                "method": method.to_ascii_uppercase(),
                "path": raw_path,
                "protocol": "HTTP/1.1",
                "sourceIp": SOURCE_IP,
                "userAgent": user_agent,
            },
            "requestId": request_id(),
            "routeKey": "$default",
            "stage": "$default",
            "time": clf_time(now_us / 1_000_000),
            "timeEpoch": now_us / 1000,
        },
        "isBase64Encoded": base64_body,
    });
    if !cookies.is_empty() {
        event["cookies"] = Value::Array(cookies);
    }
    if !raw_query.is_empty() {
        let mut params = Map::new();
        for (k, v) in form_urlencoded::parse(raw_query.as_bytes()) {
            match params.get_mut(k.as_ref()) {
                Some(Value::String(prev)) => {
                    prev.push(',');
                    prev.push_str(&v);
                }
                _ => {
                    params.insert(k.into_owned(), json!(v));
                }
            }
        }
        event["queryStringParameters"] = Value::Object(params);
    }
    if !body.is_empty() {
        event["body"] = if base64_body {
            json!(base64(body.as_bytes()))
        } else {
            json!(body)
        };
    }
    event
}

/// A UUID-shaped request ID (`e1506fd5-9e7b-434f-bd42-4f8fa224b599`).
fn request_id() -> String {
    let h = random_hex(32);
    format!(
        "{}-{}-4{}-a{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

/// `12/Mar/2020:19:03:58 +0000` (the format of `requestContext.time`).
fn clf_time(epoch_secs: u64) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, m, d) = civil_from_days((epoch_secs / 86_400) as i64);
    let s = epoch_secs % 86_400;
    format!(
        "{d:02}/{}/{y}:{:02}:{:02}:{:02} +0000",
        MONTHS[(m - 1) as usize],
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// Year, month (1..=12), day for days since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_is_formatted_like_the_aws_examples() {
        // Both examples of the AWS page: timeEpoch 1583348638390 is shown as
        // "12/Mar/2020:19:03:58 +0000" there, which does not match it (it is
        // 4 March); the other, 1631055022677, is "07/Sep/2021:22:50:22 +0000".
        assert_eq!(clf_time(1_631_055_022), "07/Sep/2021:22:50:22 +0000");
        assert_eq!(clf_time(1_583_348_638), "04/Mar/2020:19:03:58 +0000");
        assert_eq!(clf_time(0), "01/Jan/1970:00:00:00 +0000");
        assert_eq!(clf_time(951_782_400), "29/Feb/2000:00:00:00 +0000");
    }

    #[test]
    fn domain_is_made_of_the_url_id() {
        assert_eq!(FUNCTION_URL_ID.len(), 32);
        assert_eq!(
            FUNCTION_URL_DOMAIN,
            format!("{FUNCTION_URL_ID}.lambda-url.us-east-1.on.aws")
        );
    }

    #[test]
    fn event_has_the_documented_shape() {
        let e = function_url_event(
            "post",
            "/slack/interactivity?a=1&a=2&b=x+y",
            &[
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("X-Multi", "one"),
                ("x-multi", "two"),
                ("Cookie", "c1=v1; c2=v2"),
                ("User-Agent", "Slackbot 1.0"),
            ],
            "payload=%7B%7D",
            false,
        );
        assert_eq!(e["version"], "2.0");
        assert_eq!(e["routeKey"], "$default");
        assert_eq!(e["rawPath"], "/slack/interactivity");
        assert_eq!(e["rawQueryString"], "a=1&a=2&b=x+y");
        assert_eq!(e["queryStringParameters"], json!({"a": "1,2", "b": "x y"}));
        assert_eq!(
            e["headers"]["content-type"],
            "application/x-www-form-urlencoded"
        );
        assert_eq!(e["headers"]["x-multi"], "one,two");
        assert_eq!(e["headers"]["host"], FUNCTION_URL_DOMAIN);
        assert!(e["headers"].get("cookie").is_none());
        assert_eq!(e["cookies"], json!(["c1=v1", "c2=v2"]));
        let rc = &e["requestContext"];
        assert_eq!(rc["accountId"], ACCOUNT_ID);
        assert_eq!(rc["apiId"], FUNCTION_URL_ID);
        assert_eq!(rc["domainName"], FUNCTION_URL_DOMAIN);
        assert_eq!(rc["domainPrefix"], FUNCTION_URL_ID);
        assert_eq!(
            rc["http"],
            json!({"method": "POST", "path": "/slack/interactivity", "protocol": "HTTP/1.1",
                   "sourceIp": SOURCE_IP, "userAgent": "Slackbot 1.0"})
        );
        assert_eq!(rc["routeKey"], "$default");
        assert_eq!(rc["stage"], "$default");
        assert_eq!(rc["requestId"].as_str().unwrap().len(), 36);
        let epoch_ms = rc["timeEpoch"].as_u64().unwrap();
        assert_eq!(rc["time"], clf_time(epoch_ms / 1000));
        assert_eq!(e["body"], "payload=%7B%7D");
        assert_eq!(e["isBase64Encoded"], false);
    }

    #[test]
    fn base64_bodies_and_empty_bodies() {
        let none: &[(&str, &str)] = &[];
        let e = function_url_event("POST", "/", none, "payload=a b", true);
        assert_eq!(e["body"], "cGF5bG9hZD1hIGI=");
        assert_eq!(e["isBase64Encoded"], true);
        assert!(e.get("queryStringParameters").is_none());
        assert!(e.get("cookies").is_none());
        let e = function_url_event("GET", "/health", none, "", false);
        assert!(e.get("body").is_none());
        assert_eq!(e["requestContext"]["http"]["method"], "GET");
    }
}
