//! A function binary run the way Lambda runs it.

use std::path::Path;
use std::process::{ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::process::{Child, Command};

#[derive(Default)]
struct Output {
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    /// Both streams, in the order chunks arrived.
    all: Vec<u8>,
}

/// A running function binary. Dropping it kills the process.
pub struct FunctionProcess {
    child: Child,
    pid: u32,
    output: Arc<Mutex<Output>>,
}

impl FunctionProcess {
    /// Starts `bin` with a clean environment holding only `PATH`, what
    /// Lambda sets (`AWS_LAMBDA_RUNTIME_API=runtime_api_addr`,
    /// `AWS_LAMBDA_FUNCTION_NAME` = the binary's file name, 128 MB,
    /// `$LATEST`, JSON log format, `us-east-1`, credentials `test`/`test`),
    /// the test switch `RESPONDBY_ALLOW_LOOPBACK=1` (the stand-ins are on
    /// loopback), and then `envs`, which may override any of those.
    ///
    /// Panics if the binary cannot be started: a test cannot go on then.
    pub fn spawn(bin: impl AsRef<Path>, runtime_api_addr: &str, envs: &[(&str, &str)]) -> Self {
        let bin = bin.as_ref();
        let name = bin
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "respondby-function".to_owned());
        let mut cmd = Command::new(bin);
        cmd.env_clear();
        if let Some(path) = std::env::var_os("PATH") {
            cmd.env("PATH", path);
        }
        cmd.env("AWS_LAMBDA_RUNTIME_API", runtime_api_addr)
            .env("AWS_LAMBDA_FUNCTION_NAME", &name)
            .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
            .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
            .env("AWS_LAMBDA_LOG_FORMAT", "JSON")
            .env("AWS_LAMBDA_LOG_GROUP_NAME", format!("/aws/lambda/{name}"))
            .env(
                "AWS_LAMBDA_LOG_STREAM_NAME",
                "2026/01/01/[$LATEST]0123456789abcdef",
            )
            .env("AWS_REGION", "us-east-1")
            .env("AWS_DEFAULT_REGION", "us-east-1")
            .env("AWS_ACCESS_KEY_ID", "test")
            .env("AWS_SECRET_ACCESS_KEY", "test")
            // Every stand-in is on loopback; production refuses it.
            .env("RESPONDBY_ALLOW_LOOPBACK", "1")
            .envs(envs.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        // ETXTBSY (26): a file just written is briefly "busy" while another
        // test thread forks; that passes in milliseconds.
        let mut tries = 0;
        let mut child = loop {
            match cmd.spawn() {
                Ok(c) => break c,
                Err(e) if e.raw_os_error() == Some(26) && tries < 50 => {
                    tries += 1;
                    std::thread::sleep(Duration::from_millis(10));
                }
                Err(e) => panic!("could not start {}: {e}", bin.display()),
            }
        };
        let pid = child.id().expect("a just-started child has a pid");
        let output = Arc::new(Mutex::new(Output::default()));
        let stdout = child.stdout.take().expect("stdout is piped");
        let stderr = child.stderr.take().expect("stderr is piped");
        tokio::spawn(capture(stdout, output.clone(), |o| &mut o.stdout));
        tokio::spawn(capture(stderr, output.clone(), |o| &mut o.stderr));
        FunctionProcess { child, pid, output }
    }

    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// Everything written to stdout and stderr so far, interleaved as it came.
    pub fn logs(&self) -> String {
        String::from_utf8_lossy(&self.output.lock().unwrap().all).into_owned()
    }

    /// Waits until the output contains `needle` (output is read
    /// asynchronously, so a line may arrive just after the invocation ended).
    /// Returns the logs either way.
    pub async fn logs_containing(&self, needle: &str, timeout: std::time::Duration) -> String {
        let until = std::time::Instant::now() + timeout;
        loop {
            let logs = self.logs();
            if logs.contains(needle) || std::time::Instant::now() >= until {
                return logs;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.lock().unwrap().stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.lock().unwrap().stderr).into_owned()
    }

    /// Waits up to `timeout` for the process to exit.
    pub async fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        tokio::time::timeout(timeout, self.child.wait())
            .await
            .ok()
            .and_then(Result::ok)
    }

    /// Kills the process now and waits for it.
    pub async fn kill(&mut self) {
        let _ = self.child.kill().await;
    }

    /// Peak resident memory so far (`VmHWM` in `/proc/<pid>/status`), in
    /// KiB; `None` once the process is gone or off Linux.
    pub fn peak_rss_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid)).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    }
}

async fn capture(
    mut from: impl AsyncRead + Unpin,
    output: Arc<Mutex<Output>>,
    stream: fn(&mut Output) -> &mut Vec<u8>,
) {
    let mut buf = [0u8; 8192];
    while let Ok(n) = from.read(&mut buf).await {
        if n == 0 {
            break;
        }
        let mut out = output.lock().unwrap();
        stream(&mut out).extend_from_slice(&buf[..n]);
        out.all.extend_from_slice(&buf[..n]);
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[tokio::test]
    async fn environment_is_what_lambda_sets_plus_the_callers() {
        // `env` prints its environment and exits.
        let mut p = FunctionProcess::spawn(
            "/usr/bin/env",
            "127.0.0.1:9001",
            &[("MY_VAR", "mine"), ("AWS_REGION", "eu-west-1")],
        );
        assert!(p
            .wait_exit(Duration::from_secs(10))
            .await
            .is_some_and(|s| s.success()));
        // Output is read by background tasks; give them a moment to drain.
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while !p.logs().contains("MY_VAR") && std::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let mut vars: Vec<String> = p.stdout().lines().map(str::to_owned).collect();
        vars.sort();
        for want in [
            "AWS_LAMBDA_RUNTIME_API=127.0.0.1:9001",
            "AWS_LAMBDA_FUNCTION_NAME=env",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128",
            "AWS_LAMBDA_FUNCTION_VERSION=$LATEST",
            "AWS_LAMBDA_LOG_FORMAT=JSON",
            "AWS_REGION=eu-west-1",
            "AWS_ACCESS_KEY_ID=test",
            "MY_VAR=mine",
        ] {
            assert!(vars.iter().any(|v| v == want), "{want} missing in {vars:?}");
        }
        assert!(!vars.iter().any(|v| v == "AWS_REGION=us-east-1"));
        assert!(!vars.iter().any(|v| v.starts_with("CARGO")), "{vars:?}");
    }

    /// A script that sleeps; `spawn` passes no arguments, so wrap `sleep`.
    fn sleeper() -> std::path::PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let path =
            std::env::temp_dir().join(format!("respondby-testkit-sleep-{}", std::process::id()));
        std::fs::write(&path, "#!/bin/sh\nexec sleep 30\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    #[tokio::test]
    async fn dropping_kills_and_peak_rss_is_read() {
        let script = sleeper();
        let mut p = FunctionProcess::spawn(&script, "127.0.0.1:9001", &[]);
        let pid = p.pid();
        assert!(p.peak_rss_kib().is_some_and(|k| k > 0));
        assert!(p.wait_exit(Duration::from_millis(100)).await.is_none());
        drop(p);
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        loop {
            let state = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
            // Gone, or a zombie waiting for tokio's reaper.
            if state.is_empty() || state.contains("State:\tZ") {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "still running: {state}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let _ = std::fs::remove_file(script);
    }
}
