//! In-process cost per source, with divan:
//!
//! ```sh
//! cargo bench -p respondby-cli --bench in_process
//! ```
//!
//! - `normalise_and_render`: the event as the function receives it (the
//!   `Value` lambda_runtime parsed) → normalised
//!   [`Alert`](respondby_core::Alert) → Slack message. The budget is < 50 µs
//!   median for every source.
//! - `event_to_slack_body`: the whole in-process path around it, from the
//!   event's JSON bytes to the POST body's bytes (adds parse and serialise).
//! - `normalise_only` and `render_only`, to see where the time goes.
//!
//! Under `cargo test` (CI) divan runs each benchmark once as a test.

use respondby_cli::{normalise, Settings};
use respondby_core::slack::{render, RenderOptions};
use respondby_core::{Alert, Outcome};
use serde_json::Value;

fn main() {
    divan::main();
}

const SOURCES: [&str; 5] = ["health", "guardduty", "ses", "env-file", "cost-anomaly"];

fn fixture_bytes(source: &str) -> Vec<u8> {
    let file = match source {
        "health" => "abuse-dos-report.json",
        "guardduty" => "iam-malicious-ip-caller.json",
        "ses" => "bounce-rate-review-level.json",
        "env-file" => "read-by-iam-user-foreign-ip.json",
        "cost-anomaly" => "ec2-mining-ap-south-1.json",
        other => panic!("no fixture for {other}"),
    };
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(source)
        .join(file);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn alert(value: Value, settings: &Settings) -> Box<Alert> {
    match normalise(value, settings, chrono::Utc::now()).expect("fixture normalises") {
        Outcome::Notify(a) => a,
        Outcome::Skip { reason } => panic!("fixture skipped: {reason}"),
    }
}

#[divan::bench(args = SOURCES)]
fn normalise_and_render(bencher: divan::Bencher, source: &str) {
    let value: Value = serde_json::from_slice(&fixture_bytes(source)).unwrap();
    let settings = Settings::default();
    let opts = RenderOptions::default();
    let now = chrono::Utc::now();
    bencher
        .with_inputs(|| value.clone())
        .bench_values(|v| render(&alert(v, &settings), &opts, now));
}

/// The same in Japanese with a display time zone (issue 13: the language
/// adds nothing measurable).
#[divan::bench(args = SOURCES)]
fn normalise_and_render_ja(bencher: divan::Bencher, source: &str) {
    let value: Value = serde_json::from_slice(&fixture_bytes(source)).unwrap();
    let settings = Settings::default().in_lang(respondby_core::Lang::Ja);
    let mut opts = settings.render.clone();
    opts.zone = Some(respondby_core::zones::DisplayZone::parse("Asia/Tokyo").unwrap());
    let now = chrono::Utc::now();
    bencher
        .with_inputs(|| value.clone())
        .bench_values(|v| render(&alert(v, &settings), &opts, now));
}

#[divan::bench(args = SOURCES)]
fn event_to_slack_body(bencher: divan::Bencher, source: &str) {
    let bytes = fixture_bytes(source);
    let settings = Settings::default();
    let opts = RenderOptions::default();
    let now = chrono::Utc::now();
    bencher.bench(|| {
        let value: Value = serde_json::from_slice(divan::black_box(&bytes)).unwrap();
        let msg = render(&alert(value, &settings), &opts, now);
        serde_json::to_vec(&msg).unwrap()
    });
}

#[divan::bench(args = SOURCES)]
fn normalise_only(bencher: divan::Bencher, source: &str) {
    let value: Value = serde_json::from_slice(&fixture_bytes(source)).unwrap();
    let settings = Settings::default();
    bencher
        .with_inputs(|| value.clone())
        .bench_values(|v| alert(v, &settings));
}

#[divan::bench(args = SOURCES)]
fn render_only(bencher: divan::Bencher, source: &str) {
    let value: Value = serde_json::from_slice(&fixture_bytes(source)).unwrap();
    let a = alert(value, &Settings::default());
    let opts = RenderOptions::default();
    let now = chrono::Utc::now();
    bencher.bench(|| render(divan::black_box(&a), &opts, now));
}
