//! The function's two jobs, against the spokes' items and Slack: recording
//! a heartbeat (and posting a recovery when a silent spoke is heard again),
//! and the silence check every five minutes.
//!
//! Alerts go through core's flow ([`respondby_core::lambda::notify`]): each
//! is claimed with a conditional write before it is posted, so overlapping
//! or retried runs post it once, and tracked as a case, so it is reminded
//! of until someone answers and its recovery resolves it. They go to the
//! `*` route of `CHANNEL_ROUTES`: a silence is the hub's own news, whatever
//! account it names.

use crate::store::{Heard, Marked, SpokeStore};
use crate::{recovery_alert, silence_alert, Heartbeat, Spoke, SpokeId, Watch, ANY_REGION};
use chrono::{DateTime, Utc};
use respondby_core::event::EventError;
use respondby_core::guard::Guard;
use respondby_core::lambda::{notify, HandlerError, RouteBy, Settings};
use respondby_core::slack::{DeliveryError, Poster};
use respondby_core::store::{StateStore, StoreError};
use respondby_core::Alert;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::time::Duration;
use tokio::time::Instant;

/// Why an invocation failed. Whatever was not done is done by the next
/// delivery or run: nothing is marked before it was posted.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Event(#[from] EventError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Delivery(#[from] DeliveryError),
}

impl From<HandlerError> for RunError {
    fn from(e: HandlerError) -> RunError {
        match e {
            HandlerError::Event(e) => RunError::Event(e),
            HandlerError::Delivery(d) => RunError::Delivery(d),
        }
    }
}

impl RunError {
    /// The `errorType` Lambda records.
    pub fn error_type(&self) -> &'static str {
        match self {
            RunError::Event(_) => "Permanent.MalformedEvent",
            RunError::Store(_) => "Retryable.StateStoreUnavailable",
            RunError::Delivery(d) if d.retryable() => "Retryable.SlackUnavailable",
            RunError::Delivery(_) => "Permanent.SlackRejected",
        }
    }
}

impl From<RunError> for lambda_runtime::Diagnostic {
    fn from(e: RunError) -> Self {
        lambda_runtime::Diagnostic {
            error_type: e.error_type().to_owned(),
            error_message: e.to_string(),
        }
    }
}

/// What one silence check did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Query pages read from the spoke table.
    pub queries: u32,
    /// Spokes listed.
    pub spokes: u32,
    /// Spokes found due (silent, alerted or not).
    pub due: u32,
    /// Silence alerts posted.
    pub silent: u32,
    /// Recoveries posted.
    pub recovered: u32,
    /// Expected spokes (`EXPECTED_SPOKES`) added, never heard yet.
    pub expected: u32,
    /// Spokes no longer expected, forgotten.
    pub forgotten: u32,
    /// The run stopped before the invocation's time ran out.
    pub stopped_early: bool,
}

impl Report {
    pub fn to_json(&self) -> Value {
        json!({
            "queries": self.queries,
            "spokes": self.spokes,
            "due": self.due,
            "silent": self.silent,
            "recovered": self.recovered,
            "expected": self.expected,
            "forgotten": self.forgotten,
            "stopped_early": self.stopped_early,
        })
    }
}

/// Time kept back at the end of a run: a post in flight can take this long.
const SAFETY: Duration = Duration::from_secs(3);

/// What a run needs.
pub struct Hub<'a, P, S, T> {
    pub poster: &'a P,
    pub guard: &'a Guard<S>,
    pub spokes: &'a T,
    pub settings: Settings<'a>,
    pub watch: &'a Watch,
}

impl<P: Poster, S: StateStore, T: SpokeStore> Hub<'_, P, S, T> {
    async fn post(
        &self,
        alert: Alert,
        now: DateTime<Utc>,
        deadline: Instant,
    ) -> Result<bool, RunError> {
        // On the heap: core's flow with the SDK's calls is a large future,
        // and the check awaits one per silent spoke.
        let v = Box::pin(notify(
            alert,
            self.poster,
            self.guard,
            self.settings,
            deadline,
            RouteBy::Wildcard,
            now,
        ))
        .await?;
        Ok(matches!(v["action"].as_str(), Some("notify" | "update")))
    }

    /// Records one heartbeat: one conditional write; a recovery only when
    /// the spoke had been alerted silent.
    pub async fn heartbeat(
        &self,
        hb: &Heartbeat,
        now: DateTime<Utc>,
        deadline: Instant,
    ) -> Result<Value, RunError> {
        let due = hb.at.timestamp() + self.watch.silence_secs(hb.interval_minutes);
        let before = match self.spokes.heard(hb, due).await? {
            Heard::Stale => {
                tracing::info!(spoke = %hb.id.text(), "an older heartbeat than the one recorded; nothing to do");
                return Ok(json!({"action": "stale", "spoke": hb.id.text()}));
            }
            Heard::Recorded { before } => before,
        };
        let Some((was, episode)) = before.and_then(|b| b.silent_episode.map(|ep| (b, ep))) else {
            return Ok(json!({"action": "recorded", "spoke": hb.id.text(), "due_at": due}));
        };
        let posted = self
            .recover(
                &was,
                episode,
                hb.at.timestamp(),
                &hb.id.region,
                now,
                deadline,
            )
            .await?;
        tracing::info!(spoke = %hb.id.text(), episode, "a silent spoke is heard again");
        Ok(json!({"action": "recovered", "spoke": hb.id.text(), "posted": posted}))
    }

    /// Posts the recovery of `episode`, then clears it. A failed post
    /// fails the invocation with the episode still set, so the retry (or
    /// the next heartbeat) posts it.
    async fn recover(
        &self,
        was: &Spoke,
        episode: i64,
        heard: i64,
        heard_in: &str,
        now: DateTime<Utc>,
        deadline: Instant,
    ) -> Result<bool, RunError> {
        let alert = recovery_alert(
            was,
            episode,
            heard,
            heard_in,
            self.settings.names,
            self.settings.lang,
        );
        let posted = self.post(alert, now, deadline).await?;
        if let Err(e) = self.spokes.clear_episode(&was.id, episode).await {
            // Posted: the next heartbeat finds the claim done and clears it.
            tracing::warn!(error = %e, spoke = %was.id.text(), "recovery posted, but the spoke is still marked silent");
        }
        Ok(posted)
    }

    async fn list_all(&self, report: &mut Report) -> Result<Vec<Spoke>, StoreError> {
        let mut all = Vec::new();
        let mut page: Option<String> = None;
        loop {
            let p = self.spokes.all(page.as_deref()).await?;
            report.queries += 1;
            all.extend(p.items);
            match p.next {
                Some(n) => page = Some(n),
                None => break,
            }
        }
        report.spokes = all.len() as u32;
        Ok(all)
    }

    /// Brings the expected spokes in line with `EXPECTED_SPOKES`: adds those
    /// never heard (due when the silence has passed), forgets those no
    /// longer expected and never heard, and retires an account-wide
    /// expectation once the account is heard anywhere (posting its recovery
    /// if it had been alerted).
    async fn reconcile(
        &self,
        all: &[Spoke],
        now: DateTime<Utc>,
        deadline: Instant,
        report: &mut Report,
    ) -> Result<(), RunError> {
        let t = now.timestamp();
        let grace = self.watch.silence_secs(None);
        let heard_accounts: BTreeSet<&str> = all
            .iter()
            .filter(|s| s.last_heard.is_some())
            .map(|s| s.id.account.as_str())
            .collect();
        let known: BTreeSet<&SpokeId> = all.iter().map(|s| &s.id).collect();
        let wanted = self.watch.expected.wanted(heard_accounts.iter().copied());
        for id in wanted.iter().filter(|id| !known.contains(id)) {
            if self.spokes.expect(id, t, t + grace).await? {
                report.expected += 1;
            }
        }
        for account in &self.watch.expected.accounts {
            let id = SpokeId::new(account, ANY_REGION);
            if !all.iter().any(|s| &s.id.account == account)
                && self.spokes.expect(&id, t, t + grace).await?
            {
                report.expected += 1;
            }
        }
        for s in all.iter().filter(|s| s.last_heard.is_none()) {
            if s.id.any_region() {
                let heard = all
                    .iter()
                    .filter(|x| x.id.account == s.id.account)
                    .filter_map(|x| x.last_heard.map(|t| (t, &x.id.region)))
                    .max();
                if let Some((at, region)) = heard {
                    if let Some(ep) = s.silent_episode {
                        if self.recover(s, ep, at, region, now, deadline).await? {
                            report.recovered += 1;
                        }
                    }
                    self.spokes.forget(&s.id).await?;
                    report.forgotten += 1;
                } else if !self.watch.expected.accounts.contains(&s.id.account) {
                    self.spokes.forget(&s.id).await?;
                    report.forgotten += 1;
                }
            } else if !wanted.contains(&s.id) {
                tracing::info!(spoke = %s.id.text(), "no longer in EXPECTED_SPOKES and never heard: forgotten");
                self.spokes.forget(&s.id).await?;
                report.forgotten += 1;
            }
        }
        Ok(())
    }

    /// One silence check at `now`: every spoke is read (the spoke table's
    /// one partition, a page at a time), `EXPECTED_SPOKES` brought up to
    /// date (writes only for what changed), and every spoke due and not
    /// alerted yet gets its one alert.
    pub async fn check(&self, now: DateTime<Utc>, deadline: Instant) -> Result<Report, RunError> {
        let mut report = Report::default();
        let mut all = self.list_all(&mut report).await?;
        if !self.watch.expected.is_empty() {
            let before = (report.expected, report.forgotten);
            self.reconcile(&all, now, deadline, &mut report).await?;
            if (report.expected, report.forgotten) != before {
                all = self.list_all(&mut report).await?;
            }
        }
        let t = now.timestamp();
        let mut failed: Option<RunError> = None;
        let due: Vec<&Spoke> = all.iter().filter(|s| s.due_at <= t).collect();
        report.due = due.len() as u32;
        for s in due {
            if deadline.saturating_duration_since(Instant::now()) < SAFETY {
                report.stopped_early = true;
                break;
            }
            if s.silent_episode.is_some() {
                // Alerted already; its recovery comes with a heartbeat.
                continue;
            }
            if s.id.any_region()
                && all
                    .iter()
                    .any(|x| x.id.account == s.id.account && x.last_heard.is_some())
            {
                // An account expected in any Region, heard somewhere since.
                self.spokes.forget(&s.id).await?;
                report.forgotten += 1;
                continue;
            }
            match Box::pin(self.silent(s, now, deadline, &mut report)).await {
                Ok(()) => {}
                Err(RunError::Store(e)) => return Err(e.into()),
                Err(e) => {
                    tracing::error!(error = %e, spoke = %s.id.text(), "a silence alert was not posted; the next run posts it");
                    failed.get_or_insert(e);
                }
            }
        }
        match failed {
            Some(e) => Err(e),
            None => Ok(report),
        }
    }

    /// Posts one spoke's silence, then marks it alerted. Heard again in
    /// between (the heartbeat saw no mark, so posted no recovery): the
    /// recovery is posted here.
    async fn silent(
        &self,
        s: &Spoke,
        now: DateTime<Utc>,
        deadline: Instant,
        report: &mut Report,
    ) -> Result<(), RunError> {
        let since = s.since();
        let alert = silence_alert(
            s,
            self.watch,
            self.settings.names,
            now.timestamp(),
            self.settings.lang,
        );
        if self.post(alert, now, deadline).await? {
            report.silent += 1;
            tracing::warn!(spoke = %s.id.text(), since, "spoke silent: alerted");
        }
        match self.spokes.mark_silent(&s.id, since).await? {
            Marked::Marked | Marked::Already | Marked::Gone => {}
            Marked::HeardAgain { at } => {
                if self
                    .recover(s, since, at, &s.id.region, now, deadline)
                    .await?
                {
                    report.recovered += 1;
                }
            }
        }
        Ok(())
    }
}
