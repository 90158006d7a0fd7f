//! The scheduled sweep, every five minutes: what the due index says needs
//! attention.
//!
//! - A flood window that ended quietly with folded repeats still unreported:
//!   they are posted as a summary (in the first message's thread in app
//!   mode), so no count is lost to a flood that stops.
//! - A case whose next reminder is due (see the reminders plan).
//!
//! Everything is found with a Query on the due index, never a Scan. Each
//! item is taken over with a conditional write before anything is posted,
//! so overlapping or retried runs post it once; a post that failed for a
//! while (Slack down, rate-limited) gives it back and the run fails, so the
//! next run catches up.
//!
//! A permanent refusal is not retried every five minutes for the 90 days a
//! case lives (which would hold the Errors alarm in ALARM): see
//! [`refusal`]. The step stays recorded as fired, its failure is logged
//! once with `refused_permanently=true` and the case key, and the run goes
//! on and does not fail for it. Where the place itself is gone (channel
//! archived or not found, the app not in it, HTTP 404/410) the case is
//! parked: no more reminders for it until an update of it reaches Slack.
//! A case the table refuses to write (too large, a value it does not take)
//! is skipped and logged; the sweep goes on with every other item.

use chrono::{DateTime, Utc};
use respondby_core::lambda::case_ttl;
use respondby_core::plan::ReminderPlan;
use respondby_core::slack::render::{reminder, render_with, tail_summary, Extras, RenderOptions};
use respondby_core::slack::{DeliveryError, Poster, Route};
use respondby_core::store::{Due, GroupState, StateStore, StoreError};
use respondby_core::tracked::{Refused, Tracked};
use respondby_core::Severity;
use serde_json::{json, Value};
use thiserror::Error;
use tokio::time::Instant;

/// Why a sweep stopped. Whatever it had not done is still due: the next
/// run does it.
#[derive(Debug, Error)]
pub enum SweepError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Delivery(#[from] DeliveryError),
}

impl SweepError {
    /// The `errorType` Lambda records.
    pub fn error_type(&self) -> &'static str {
        match self {
            SweepError::Store(_) => "Retryable.StateStoreUnavailable",
            SweepError::Delivery(d) if d.retryable() => "Retryable.SlackUnavailable",
            SweepError::Delivery(_) => "Permanent.SlackRejected",
        }
    }
}

impl From<SweepError> for lambda_runtime::Diagnostic {
    fn from(e: SweepError) -> Self {
        lambda_runtime::Diagnostic {
            error_type: e.error_type().to_owned(),
            error_message: e.to_string(),
        }
    }
}

/// Time kept back at the end of a run: a post in flight can take this long.
const SAFETY: std::time::Duration = std::time::Duration::from_secs(3);

/// What one sweep did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Query pages read from the due index.
    pub queries: u32,
    /// Items the index returned.
    pub due: u32,
    /// Summaries of folded repeats posted.
    pub summaries: u32,
    /// Folded repeats those summaries reported.
    pub reported: u64,
    /// Reminders posted.
    pub reminders: u32,
    /// Reminders and summaries Slack refused for good (logged once each,
    /// not retried).
    pub refused: u32,
    /// Items the table refused to write (skipped, logged).
    pub skipped: u32,
    /// The run stopped before the invocation's time ran out; the next run
    /// goes on where it stopped (everything left is still due).
    pub stopped_early: bool,
}

impl Report {
    pub fn to_json(&self) -> Value {
        json!({
            "queries": self.queries,
            "due": self.due,
            "summaries": self.summaries,
            "reported": self.reported,
            "reminders": self.reminders,
            "refused": self.refused,
            "skipped": self.skipped,
            "stopped_early": self.stopped_early,
        })
    }
}

/// What a sweep needs besides the store and Slack.
#[derive(Debug, Clone, Copy)]
pub struct Sweep<'a> {
    pub plan: &'a ReminderPlan,
    pub render: &'a RenderOptions,
}

/// One sweep at `now`.
pub async fn sweep<S: StateStore, P: Poster>(
    store: &S,
    poster: &P,
    how: Sweep<'_>,
    now: DateTime<Utc>,
    deadline: Instant,
) -> Result<Report, SweepError> {
    let mut report = Report::default();
    let mut page: Option<String> = None;
    // A post Slack failed or refused fails the run (so Lambda and ops see
    // it), after the other items had their turn: one case Slack keeps
    // refusing must not hold up every other reminder.
    let mut refused: Option<DeliveryError> = None;
    let out_of_time = |report: &mut Report| {
        let short = deadline.saturating_duration_since(Instant::now()) < SAFETY;
        if short {
            tracing::warn!(
                due = report.due,
                "the invocation's time is nearly up; the next run goes on"
            );
            report.stopped_early = true;
        }
        short
    };
    'pages: loop {
        if out_of_time(&mut report) {
            break;
        }
        let p = store.due(now.timestamp(), page.as_deref()).await?;
        report.queries += 1;
        report.due += p.items.len() as u32;
        for item in p.items {
            if out_of_time(&mut report) {
                break 'pages;
            }
            let label = match &item {
                Due::Group(g) => g.group.clone(),
                Due::Case(c) => c.case_key.clone(),
            };
            let done = match item {
                Due::Group(g) => {
                    flush_tail(
                        store,
                        poster,
                        &g,
                        how.render.lang,
                        now,
                        deadline,
                        &mut report,
                    )
                    .await
                }
                Due::Case(c) => remind(store, poster, how, *c, now, deadline, &mut report).await,
            };
            match done {
                Ok(()) => {}
                // The table refuses this one item for good: the others are
                // fine, and writing it again would fail again.
                Err(SweepError::Store(e)) if e.refuses_the_item() => {
                    tracing::error!(item = %label, refused_by_table = true, error = %e, "the state table refuses to write this item; it is skipped (the other items go on)");
                    report.skipped += 1;
                }
                // The table is down: nothing else will work either.
                Err(SweepError::Store(e)) => return Err(e.into()),
                Err(SweepError::Delivery(e)) => {
                    tracing::error!(error = %e, "a reminder or summary was not posted; it is kept for the next run");
                    refused.get_or_insert(e);
                }
            }
        }
        match p.next {
            Some(n) => page = Some(n),
            None => break,
        }
    }
    match refused {
        Some(e) => Err(e.into()),
        None => Ok(report),
    }
}

/// Posts what a quiet window folded, once.
async fn flush_tail<S: StateStore, P: Poster>(
    store: &S,
    poster: &P,
    g: &GroupState,
    lang: respondby_core::Lang,
    now: DateTime<Utc>,
    deadline: Instant,
    report: &mut Report,
) -> Result<(), SweepError> {
    if g.window_until > now.timestamp() {
        // Reopened since it was listed: the sweep after the new window ends.
        return Ok(());
    }
    if g.pending() == 0 {
        store.clear_group_due(&g.group, g.folded).await?;
        return Ok(());
    }
    // Take the counts over; another run (or a new message) may have first.
    let Some(consumed) = store.consume(&g.group, g.reported).await? else {
        return Ok(());
    };
    if consumed.count == 0 {
        return Ok(());
    }
    let Some(anchor) = &g.anchor else {
        // Cannot happen for windows this code opened; keep the counts.
        store.unconsume(&g.group, &consumed).await?;
        return Ok(());
    };
    let body = tail_summary(anchor, &consumed, lang, now);
    let route = Route {
        severity: Severity::Info,
        thread: anchor.message.as_ref(),
        // Where the window's first message went.
        to: anchor.route.as_deref(),
    };
    if let Err(e) = poster.post(&body, route, deadline).await {
        if e.retryable() {
            store.unconsume(&g.group, &consumed).await?;
            return Err(e.into());
        }
        // Refused for good: said here, once, rather than tried every run.
        tracing::error!(
            group = %g.group,
            refused_permanently = true,
            count = consumed.count,
            error = %e,
            "Slack refused for good the summary of folded repeats; it is not tried again"
        );
        report.refused += 1;
        if let Err(e) = store
            .clear_group_due(&g.group, g.reported + consumed.count)
            .await
        {
            tracing::warn!(error = %e, "could not take the group off the due index");
        }
        return Ok(());
    }
    report.summaries += 1;
    report.reported += consumed.count;
    tracing::info!(group = %g.group, count = consumed.count, "posted what a quiet flood window folded");
    // Off the index unless more was folded meanwhile.
    if let Err(e) = store
        .clear_group_due(&g.group, g.reported + consumed.count)
        .await
    {
        tracing::warn!(error = %e, "posted, but could not take the group off the due index; the next sweep finds nothing pending");
    }
    Ok(())
}

/// Sends a case's due reminder, once: the reminder is recorded with a
/// conditional write on the case's version before it is posted, so
/// overlapping runs send it once; a failed post un-records it and the run
/// fails, so the next run sends it.
async fn remind<S: StateStore, P: Poster>(
    store: &S,
    poster: &P,
    how: Sweep<'_>,
    case: Tracked,
    now: DateTime<Utc>,
    deadline: Instant,
    report: &mut Report,
) -> Result<(), SweepError> {
    let (due, _) = how.plan.due(&case, now);
    let mut c = case.clone();
    let Some(latest) = due.last().cloned() else {
        // Nothing to send (acknowledged, answered, parked): move it on.
        how.plan.reschedule(&mut c, now);
        if c.next_due != case.next_due {
            store.put_case(&c, Some(case.version), case_ttl(&c)).await?;
        }
        return Ok(());
    };
    // Every step due, and each step due with it (the other deadline's,
    // named in the same reminder).
    let fired: Vec<String> = due
        .iter()
        .flat_map(|r| r.keys().map(str::to_owned))
        .collect();
    c.fired.extend(fired.iter().cloned());
    how.plan.reschedule(&mut c, now);
    if !store.put_case(&c, Some(case.version), case_ttl(&c)).await? {
        // Another run (or a click) changed it first; the next run looks again.
        return Ok(());
    }
    let threaded = poster.threads() && c.message.is_some();
    let body = reminder(&c, &latest, &how.plan.escalation, how.render, threaded, now);
    let route = Route {
        severity: c.alert.severity,
        thread: c.message.as_ref().filter(|_| threaded),
        // Where the case's first message went.
        to: c.route.as_deref(),
    };
    if let Err(e) = poster.post(&body, route, deadline).await {
        match refusal(&e) {
            None => {
                give_back(store, &c.case_key, &fired, now).await;
                return Err(e.into());
            }
            Some(r) => {
                // Logged once: the step stays recorded, it is not tried again.
                tracing::error!(
                    case = %c.case_key,
                    refused_permanently = true,
                    step = %latest.step,
                    parked = r == Refusal::PlaceGone,
                    error = %e,
                    "Slack refused a reminder for good; it is not tried again"
                );
                report.refused += 1;
                if r == Refusal::PlaceGone {
                    park(store, how.plan, &c.case_key, &e, now).await?;
                }
                return Ok(());
            }
        }
    }
    report.reminders += 1;
    tracing::info!(case = %c.case_key, step = %latest.step, escalate = latest.escalate, "reminded");
    if let (true, Some(parent)) = (threaded, &c.message) {
        // The parent's "time left" and state, brought up to date.
        let body = render_with(
            &c.current_alert(),
            how.render,
            Extras {
                state: Some(&c),
                quiet: true,
                no_draft: true,
                ..Extras::default()
            },
            now,
        );
        if let Err(e) = poster.update(parent, &body, deadline).await {
            tracing::warn!(error = %e, "reminded, but the alert's message could not be refreshed");
        }
    }
    Ok(())
}

/// How Slack refused a post for good.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The place the case's reminders go is gone (the channel archived or
    /// not found, the app not in it, HTTP 404/410): every later reminder of
    /// the case would be refused the same way.
    PlaceGone,
    /// This post (its body, the credentials): the step fails, later steps
    /// are still tried.
    Post,
}

/// Whether a failed post is refused for good (`None`: it may work later,
/// and is given back for the next run).
pub fn refusal(e: &DeliveryError) -> Option<Refusal> {
    match e {
        _ if e.retryable() => None,
        DeliveryError::Rejected { status, reason, .. }
            if matches!(*status, 404 | 410)
                || matches!(
                    reason.as_str(),
                    "channel_is_archived" | "is_archived" | "channel_not_found" | "not_in_channel"
                ) =>
        {
            Some(Refusal::PlaceGone)
        }
        _ => Some(Refusal::Post),
    }
}

/// Parks a case whose place in Slack is gone: no reminder is tried until
/// an update of the case reaches Slack.
async fn park<S: StateStore>(
    store: &S,
    plan: &ReminderPlan,
    key: &str,
    e: &DeliveryError,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let reason = match e {
        DeliveryError::Rejected { status, reason, .. } if !reason.is_empty() => {
            format!("HTTP {status} {reason}")
        }
        DeliveryError::Rejected { status, .. } => format!("HTTP {status}"),
        other => other.to_string(),
    };
    for _ in 0..3 {
        let Some(mut c) = store.load_case(key).await? else {
            return Ok(());
        };
        let version = c.version;
        c.refused = Some(Refused {
            at: now,
            reason: reason.clone(),
        });
        c.next_due = None;
        // Off the due index, or parked far ahead if still open (so
        // `respondby open` lists it).
        plan.reschedule(&mut c, now);
        if store.put_case(&c, Some(version), case_ttl(&c)).await? {
            return Ok(());
        }
    }
    tracing::warn!(
        case = key,
        "the case kept changing; it was not parked (its next reminder is tried)"
    );
    Ok(())
}

/// Un-records reminders whose post failed, so the next run sends them.
async fn give_back<S: StateStore>(store: &S, key: &str, fired: &[String], now: DateTime<Utc>) {
    for _ in 0..3 {
        let Ok(Some(mut c)) = store.load_case(key).await else {
            break;
        };
        let version = c.version;
        for k in fired {
            c.fired.remove(k);
        }
        c.next_due = Some(now);
        match store.put_case(&c, Some(version), case_ttl(&c)).await {
            Ok(true) => return,
            Ok(false) => continue,
            Err(e) => {
                tracing::error!(error = %e, "could not un-record a reminder that was not sent");
                return;
            }
        }
    }
    tracing::error!(
        case = key,
        "could not un-record a reminder that was not sent; it is lost"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rejected(status: u16, reason: &str) -> DeliveryError {
        DeliveryError::Rejected {
            status,
            reason: reason.into(),
            hint: "",
        }
    }

    /// Only what may work later is given back; a refusal of the place the
    /// reminders go parks the case; any other refusal fails the step only.
    #[test]
    fn only_retryable_failures_are_given_back() {
        for e in [
            DeliveryError::Unavailable {
                attempts: 3,
                last: "HTTP 503".into(),
            },
            DeliveryError::Throttled {
                retry_after_secs: 30,
            },
        ] {
            assert_eq!(refusal(&e), None, "{e}");
        }
        for (status, reason) in [
            (200, "channel_is_archived"),
            (200, "is_archived"),
            (200, "channel_not_found"),
            (200, "not_in_channel"),
            (404, "no_service"),
            (410, "channel_is_archived"),
            (404, ""),
            (410, ""),
        ] {
            assert_eq!(
                refusal(&rejected(status, reason)),
                Some(Refusal::PlaceGone),
                "{status} {reason}"
            );
        }
        for (status, reason) in [
            (200, "invalid_blocks"),
            (403, "action_prohibited"),
            (400, "invalid_payload"),
        ] {
            assert_eq!(refusal(&rejected(status, reason)), Some(Refusal::Post));
        }
    }
}
