//! Performance budgets (issue 6), measured, not asserted: run with
//! `cargo bench -p respondby-cli --bench budgets` (release binaries) or, as CI
//! does in smoke mode, `BENCH_RUNS=2 cargo test -p respondby-cli --bench budgets`
//! (debug binaries; it must run, not meet a time).
//!
//! Prints a markdown table: in-process normalise + render per source, and per
//! function binary the init time (process start → first Runtime API `next`),
//! warm invocation latency (event handed out → response posted, local Slack),
//! peak RSS over 100 invocations and the binary's size; then `respondby send`
//! as a whole cold process against a ten-line Python urllib poster.

use respondby_cli::{normalise, Settings};
use respondby_core::slack::{render, RenderOptions};
use respondby_core::Outcome;
use respondby_testkit::{fixture, AwsStub, FunctionProcess, RuntimeApi, SlackStub};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent().unwrap().parent().unwrap().to_path_buf()
}

fn runs() -> usize {
    std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20)
}

fn in_process(source: &str, file: &str) -> f64 {
    let ev = fixture(source, file);
    let settings = Settings::default();
    let now = chrono::Utc::now();
    let iters = 200 * runs();
    let mut samples = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        for _ in 0..iters / 10 {
            match normalise(ev.clone(), &settings).unwrap() {
                Outcome::Notify(a) => {
                    std::hint::black_box(render(&a, &RenderOptions::default(), now));
                }
                Outcome::Skip { .. } => unreachable!(),
            }
        }
        samples.push(t.elapsed().as_secs_f64() * 1e6 / (iters / 10) as f64);
    }
    median(samples)
}

struct FnResult {
    init_ms: f64,
    warm_ms: f64,
    rss_mib: f64,
    size_mib: f64,
}

async fn function(bin: &str, source: &str, file: &str, aws: &AwsStub) -> FnResult {
    let path = profile_dir().join(bin);
    let size_mib = std::fs::metadata(&path)
        .map(|m| m.len() as f64 / 1048576.0)
        .unwrap_or(f64::NAN);
    let slack = SlackStub::start(vec![]).await;
    let (url, ep) = (slack.url(), aws.endpoint());
    let env = [
        ("SLACK_WEBHOOK_URL", url.as_str()),
        ("AWS_ENDPOINT_URL_HEALTH", ep.as_str()),
        ("AWS_ENDPOINT_URL_SESV2", ep.as_str()),
        ("AWS_LAMBDA_LOG_LEVEL", "warn"),
    ];
    let mut inits = Vec::new();
    for _ in 0..runs() {
        let api = RuntimeApi::start(vec![]).await;
        let t = Instant::now();
        let f = FunctionProcess::spawn(&path, &api.addr(), &env);
        while api.first_next_at().is_none() {
            tokio::time::sleep(Duration::from_micros(200)).await;
        }
        inits.push((api.first_next_at().unwrap() - t).as_secs_f64() * 1e3);
        drop(f);
    }
    // Warm: one process, events one at a time.
    let api = RuntimeApi::start(vec![]).await;
    let f = FunctionProcess::spawn(&path, &api.addr(), &env);
    let mut warm = Vec::new();
    let n = 100.max(runs());
    for i in 0..n {
        let mut ev = fixture(source, file);
        ev["id"] = format!("bench-{i}").into();
        let t = Instant::now();
        api.push(ev);
        let done = api.wait_for(i + 1, Duration::from_secs(30)).await;
        assert_eq!(done.len(), i + 1, "{}", f.logs());
        if i > 0 {
            warm.push(t.elapsed().as_secs_f64() * 1e3);
        }
    }
    let rss_mib = f.peak_rss_kib().map_or(f64::NAN, |k| k as f64 / 1024.0);
    FnResult {
        init_ms: median(inits),
        warm_ms: median(warm),
        rss_mib,
        size_mib,
    }
}

fn send_vs_python(url: &str) -> (f64, f64) {
    let bin = profile_dir().join("respondby");
    let event = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/guardduty/iam-malicious-ip-caller.json");
    let py = std::env::temp_dir().join("respondby-urllib-poster.py");
    std::fs::write(
        &py,
        "import json, sys, urllib.request\nev = json.load(open(sys.argv[1]))\nd = ev['detail']\n\
         body = json.dumps({'text': '[%s] %s' % (d['severity'], d['title'])}).encode()\n\
         req = urllib.request.Request(sys.argv[2], data=body, headers={'content-type': 'application/json'})\n\
         urllib.request.urlopen(req, timeout=10).read()\n",
    )
    .unwrap();
    let time = |mut cmd: std::process::Command| {
        let mut v = Vec::new();
        for _ in 0..runs() {
            let t = Instant::now();
            let out = cmd.output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            v.push(t.elapsed().as_secs_f64() * 1e3);
        }
        median(v)
    };
    let mut rust = std::process::Command::new(&bin);
    rust.args(["send", event.to_str().unwrap()])
        .env("SLACK_WEBHOOK_URL", url);
    let mut python = std::process::Command::new("python3");
    python.args([py.to_str().unwrap(), event.to_str().unwrap(), url]);
    (time(rust), time(python))
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --bench` passes nothing special.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    println!("profile: {}  runs: {}\n", profile_dir().display(), runs());
    println!("| source | normalise + render (µs, median) |\n|---|---|");
    for (s, f) in [
        ("health", "abuse-dos-report.json"),
        ("guardduty", "iam-malicious-ip-caller.json"),
        ("ses", "bounce-rate-review-level.json"),
        ("env-file", "read-by-iam-user-foreign-ip.json"),
    ] {
        println!("| {s} | {:.1} |", in_process(s, f));
    }
    rt.block_on(async {
        let aws = AwsStub::builder().start().await;
        println!("\n| function | init (ms) | warm invocation (ms) | peak RSS, 100 invocations (MiB) | binary (MiB) |\n|---|---|---|---|---|");
        for (bin, s, f) in [
            ("respondby-health", "health", "abuse-dos-report.json"),
            ("respondby-guardduty", "guardduty", "iam-malicious-ip-caller.json"),
            ("respondby-ses-reputation", "ses", "bounce-rate-review-level.json"),
            ("respondby-env-file-access", "env-file", "read-by-iam-user-foreign-ip.json"),
        ] {
            let r = function(bin, s, f, &aws).await;
            println!("| {bin} | {:.1} | {:.2} | {:.1} | {:.1} |", r.init_ms, r.warm_ms, r.rss_mib, r.size_mib);
        }
        let slack = SlackStub::start(vec![]).await;
        let url = slack.url();
        let (rust, python) = tokio::task::spawn_blocking(move || send_vs_python(&url)).await.unwrap();
        println!(
            "\n| whole process, one GuardDuty event to local Slack | median (ms) |\n|---|---|\n| `respondby send` | {rust:.1} |\n| ten-line Python urllib poster | {python:.1} ({:.1}× slower) |",
            python / rust
        );
    });
}
