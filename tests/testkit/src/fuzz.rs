//! Hostile values for the time fields of the project's fixtures, for the
//! fuzz that runs in CI through `respondby preview`/`plan` and each function
//! binary: chrono's limits, times from before AWS existed, year 0, random
//! years in each source's formats, and text that is no time at all.
//!
//! Deterministic: the same `seed` gives the same events, so a failure in CI
//! is a failure on every machine (`RESPONDBY_FUZZ_SEED` and
//! `RESPONDBY_FUZZ_CASES` run others, or more).

use serde_json::Value;

/// The times the review of issue 18 broke things with: chrono's limits in
/// the forms our parsers read, the Unix epoch, year 0.
pub const EXTREME_TIMES: &[&str] = &[
    "+262142-12-31T23:59:59+0000",
    "-262143-01-01T00:00:00+0000",
    "+262142-12-31T23:59:59",
    "+262142-12-31T23:59:59Z",
    "1970-01-01T00:00:00Z",
    "Thu, 01 Jan 1970 00:00:00 GMT",
    "Fri, 31 Dec 262142 23:59:59 +0000",
    "0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
];

/// The seed and number of events of a CI fuzz run: `RESPONDBY_FUZZ_SEED` and
/// `RESPONDBY_FUZZ_CASES` when set, else `default_cases` from a fixed seed.
pub fn fuzz_run(default_cases: usize) -> (u64, usize) {
    let seed = std::env::var("RESPONDBY_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_0018);
    let cases = std::env::var("RESPONDBY_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default_cases);
    (seed, cases)
}

/// JSON pointers to every string field whose name says it is a time
/// (`time`, `startTime`, `createdAt`, `timestamp`, `creationDate`, …).
pub fn time_fields(v: &Value) -> Vec<String> {
    fn walk(v: &Value, at: &str, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, c) in m {
                    let here = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                    let timeish = ["Time", "time", "At", "timestamp", "Date"]
                        .iter()
                        .any(|s| k.ends_with(s));
                    if c.is_string() && timeish {
                        out.push(here.clone());
                    }
                    walk(c, &here, out);
                }
            }
            Value::Array(a) => {
                for (i, c) in a.iter().enumerate() {
                    walk(c, &format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, "", &mut out);
    out
}

/// A small deterministic generator (xorshift64*): no dependency, the same
/// sequence everywhere.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as i64
    }
}

/// One hostile value for a time field.
pub fn hostile_time(rng: &mut Rng) -> Value {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let year = match rng.below(4) {
        0 => rng.range(-262_143, 262_142),
        1 => rng.range(-3000, 12_000),
        2 => rng.range(1960, 2010),
        _ => rng.range(9990, 10_010),
    };
    let (mo, d, h, mi, s) = (
        rng.range(1, 12),
        rng.range(1, 28),
        rng.range(0, 23),
        rng.range(0, 59),
        rng.range(0, 59),
    );
    let iso_year = if (0..=9999).contains(&year) {
        format!("{year:04}")
    } else {
        format!("{year:+07}")
    };
    match rng.below(9) {
        0..=2 => Value::String(EXTREME_TIMES[rng.below(EXTREME_TIMES.len())].to_owned()),
        3 => format!("{iso_year}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z").into(),
        4 => format!("{iso_year}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.999+0000").into(),
        5 => format!(
            "Mon, {d:02} {} {year} {h:02}:{mi:02}:{s:02} GMT",
            MONTHS[(mo - 1) as usize]
        )
        .into(),
        6 => format!("{iso_year}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}").into(),
        7 => Value::from(rng.next_u64() as i64),
        _ => [
            "",
            "now",
            "XXXX-XX-XXTXX:XX:XXZ",
            "9".repeat(40).as_str(),
            "-",
        ][rng.below(5)]
        .into(),
    }
}

/// `n` events made from the fixtures of `source` (`health`, `guardduty`,
/// `ses`, `env-file`): each with one or two of its time fields set to a
/// hostile value. Each comes with a name saying what was changed.
pub fn hostile_time_events(source: &str, seed: u64, n: usize) -> Vec<(String, Value)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures")
        .join(source);
    let mut fixtures: Vec<(String, Value)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let v = serde_json::from_slice(&std::fs::read(&p).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (name, v)
        })
        .collect();
    fixtures.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(!fixtures.is_empty(), "no fixtures in {}", dir.display());
    let mut rng = Rng::new(seed ^ source.len() as u64);
    (0..n)
        .map(|i| {
            let (name, original) = &fixtures[rng.below(fixtures.len())];
            let mut ev = original.clone();
            let fields = time_fields(&ev);
            let mut changed = Vec::new();
            for _ in 0..1 + rng.below(2) {
                let f = &fields[rng.below(fields.len())];
                let v = hostile_time(&mut rng);
                changed.push(format!("{f}={v}"));
                *ev.pointer_mut(f).expect("the field exists") = v;
            }
            // A distinct id, so no two fuzz events share a dedup key by accident.
            ev["id"] = format!("fuzz-{seed:x}-{i}").into();
            (format!("{name} {}", changed.join(" ")), ev)
        })
        .collect()
}

/// Runs hostile-time events of `source` (the CI seed and count, see
/// [`fuzz_run`]) through a function binary as Lambda runs it, deployed as
/// the stack deploys it: buttons on, a state table (local DynamoDB), a
/// local webhook, AWS APIs (Health, SESv2) answered locally. Each new case
/// is planned and recorded, which is where extreme times overflowed.
/// Returns what went wrong, one line each:
/// an invocation that ended other than in a response or a `Permanent.*`
/// error naming the event as malformed or unsupported, an event that did
/// not finish (the process died or hung), a body that is not a message, a
/// process that exited.
pub async fn hostile_times_through(bin: &str, source: &str) -> Vec<String> {
    use crate::{AwsStub, DynamoStub, FunctionProcess, Outcome, RuntimeApi, SlackStub};
    let (seed, cases) = fuzz_run(200);
    let events = hostile_time_events(source, seed, cases);
    let slack = SlackStub::start(vec![]).await;
    let (aws, dynamo) = (AwsStub::builder().start().await, DynamoStub::start().await);
    let api = RuntimeApi::start(events.iter().map(|(_, e)| e.clone()).collect()).await;
    let (url, aws_ep, ddb) = (slack.url(), aws.endpoint(), dynamo.endpoint());
    let mut f = FunctionProcess::spawn(
        bin,
        &api.addr(),
        &[
            ("SLACK_WEBHOOK_URL", url.as_str()),
            ("SLACK_BUTTONS", "true"),
            ("DEDUP_TABLE", "respondby-state"),
            ("AWS_ENDPOINT_URL_DYNAMODB", ddb.as_str()),
            ("AWS_ENDPOINT_URL_HEALTH", aws_ep.as_str()),
            ("AWS_ENDPOINT_URL_SESV2", aws_ep.as_str()),
        ],
    );
    let done = api
        .wait_for(events.len(), std::time::Duration::from_secs(120))
        .await;
    let mut problems = Vec::new();
    if done.len() != events.len() {
        problems.push(format!(
            "{} of {} events finished (seed {seed:#x}); logs:\n{}",
            done.len(),
            events.len(),
            f.logs()
        ));
    }
    for d in &done {
        let name = events
            .iter()
            .find(|(_, e)| e["id"] == d.event["id"])
            .map_or("?", |(n, _)| n.as_str());
        match &d.outcome {
            Outcome::Response(_) => {}
            Outcome::Error { error_type, .. }
                if error_type == "Permanent.MalformedEvent"
                    || error_type == "Permanent.UnsupportedEvent" => {}
            o => problems.push(format!("{name}: {o:?}")),
        }
    }
    for body in slack.delivered() {
        if body["text"].as_str().is_none_or(|t| t.is_empty()) {
            problems.push(format!("a body without text: {body}"));
        }
    }
    if f.wait_exit(std::time::Duration::from_millis(100))
        .await
        .is_some()
    {
        problems.push(format!("the process exited; logs:\n{}", f.logs()));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_events_and_every_fixture_has_a_time() {
        let a = hostile_time_events("guardduty", 7, 20);
        let b = hostile_time_events("guardduty", 7, 20);
        assert_eq!(a, b);
        assert_ne!(a, hostile_time_events("guardduty", 8, 20));
        for source in ["health", "guardduty", "ses", "env-file"] {
            for (name, ev) in hostile_time_events(source, 1, 50) {
                assert!(time_fields(&ev).contains(&"/time".to_owned()) || name.contains("/time="));
            }
        }
    }
}
