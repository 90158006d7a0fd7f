//! Shown once, and no floods: deduplication and flood control.
//!
//! EventBridge and Lambda deliver at least once and retry, so the same event
//! can arrive several times, even at once. Each event is *claimed* with a
//! conditional write before it is posted: a second delivery finds the claim
//! and posts nothing. If the post fails, the claim is released so Lambda's
//! retry can post; a claim whose invocation died runs out with its lease.
//!
//! Repeats of the same thing (same group key: source, kind, principal or
//! resource) inside a window are counted instead of posted, with what they
//! were (the fold member: an object, a remote IP). The next message of the
//! group carries them; every `flush_every` repeats a message goes out
//! anyway; and when the window ends quietly, the scheduled function posts
//! what is left within five minutes. Counts never go negative and are never
//! reported twice: a message takes over the pending repeats with a
//! compare-and-set, and gives them back if it fails.
//!
//! Health cases (each an AWS case, whose updates must all show), SES alarms
//! (CloudWatch only emits state changes) and recoveries are never folded;
//! a recovery ends its group's window.
//!
//! If the store is unreachable the alert is posted anyway: a duplicate is
//! better than a lost abuse report.

use crate::alert::{Alert, Status};
use crate::store::{Anchor, Claim, Consumed, Fold, Settled, StateStore};

/// How long a claim outlives its invocation's deadline (seconds).
pub const LEASE_MARGIN_SECS: i64 = 5;

/// When the claim of an invocation that has `left` to run lapses: just after
/// the invocation can no longer be alive. A shorter lease lets a second
/// delivery post beside a slow first one; a longer one (it was a fixed 60 s)
/// could outlast Lambda's first retry of an invocation that died holding
/// it, and that retry would then drop the alert as "in progress".
pub fn lease_until(now: i64, left: std::time::Duration) -> i64 {
    now + left.as_secs() as i64 + 1 + LEASE_MARGIN_SECS
}

/// What to do with an alert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Post it, carrying `consumed` folded repeats of its group (to give
    /// back if the post fails). `flush` is set when the group's window is
    /// still open and this message goes out because the flood reached
    /// `flush_every`: it belongs in the window's thread.
    Post {
        consumed: Consumed,
        /// The window this flush belongs to (its message's thread).
        flush: Option<Anchor>,
    },
    /// Already delivered (or being delivered right now by another
    /// invocation): do not post again.
    Duplicate { in_progress: bool },
    /// Counted into the group's open window (`pending` so far), not posted.
    Folded { pending: u64 },
}

/// Dedup and flood-control policy over a store.
#[derive(Debug)]
pub struct Guard<S> {
    pub store: S,
    /// Flood-control window in seconds; 0 turns flood control off.
    pub window_secs: i64,
    /// Post anyway once this many repeats were folded.
    pub flush_every: u64,
    /// How long dedup keys are kept (seconds).
    pub dedup_ttl_secs: i64,
}

/// The severity rank stored with a window: a more severe repeat is posted.
pub fn rank(a: &Alert) -> u8 {
    a.severity as u8
}

impl<S: StateStore> Guard<S> {
    pub fn new(store: S, window_secs: i64) -> Guard<S> {
        Guard {
            store,
            window_secs,
            flush_every: 100,
            dedup_ttl_secs: 7 * 24 * 3600,
        }
    }

    /// Does this alert take part in flood control?
    pub fn folds(&self, a: &Alert) -> bool {
        self.window_secs > 0 && a.source.folds() && a.status == Status::Open
    }

    /// Claims the event. `Err` when the store is unreachable: post anyway.
    /// The claim lapses at `lease_until` (see [`lease_until`]).
    pub async fn claim(
        &self,
        alert: &Alert,
        token: &str,
        now: i64,
        lease_until: i64,
    ) -> Result<Claim, String> {
        self.store
            .claim(
                &alert.dedup_key,
                token,
                now,
                lease_until,
                now + self.dedup_ttl_secs,
            )
            .await
            .map_err(|e| e.to_string())
    }

    /// Decides, for a claimed new case, whether to post or fold.
    pub async fn fold_or_post(&self, alert: &Alert, token: &str, now: i64) -> Verdict {
        let post = |consumed, flush| Verdict::Post { consumed, flush };
        if !self.folds(alert) {
            return post(Consumed::default(), None);
        }
        let fold = self
            .store
            .fold(
                &alert.group_key,
                now,
                rank(alert),
                alert.fold_member.as_deref(),
            )
            .await;
        match fold {
            Ok(Fold::Counted { pending, .. }) if pending < self.flush_every => {
                if let Err(e) = self
                    .store
                    .settle(
                        &alert.dedup_key,
                        token,
                        Settled::Folded,
                        now + self.dedup_ttl_secs,
                    )
                    .await
                {
                    tracing::warn!(error = %e, "could not record a folded alert");
                }
                Verdict::Folded { pending }
            }
            // The flood reached flush_every: this repeat carries the rest.
            Ok(Fold::Counted {
                pending,
                reported,
                anchor,
            }) => {
                let consumed = match self.store.consume(&alert.group_key, reported).await {
                    Ok(Some(c)) => c,
                    // Another message (a concurrent flush, the sweep's
                    // summary of a window that just ended) took the
                    // pending repeats after this one was folded: this one
                    // among them. It is reported there; posting it as well
                    // would count it twice.
                    Ok(None) => {
                        tracing::info!(group = %alert.group_key, "another message took this flood's repeats, this one among them; not posted again");
                        if let Err(e) = self
                            .store
                            .settle(
                                &alert.dedup_key,
                                token,
                                Settled::Folded,
                                now + self.dedup_ttl_secs,
                            )
                            .await
                        {
                            tracing::warn!(error = %e, "could not record a folded alert");
                        }
                        return Verdict::Folded { pending };
                    }
                    // Not known: post (over-report, never hide).
                    Err(e) => {
                        tracing::warn!(error = %e, "could not take over folded repeats");
                        Consumed::default()
                    }
                };
                // This event was counted into `consumed`: it is the message.
                let mut c = consumed;
                c.count = c.count.saturating_sub(1);
                if let Some(m) = &alert.fold_member {
                    if let Some(n) = c.members.get_mut(m) {
                        *n = n.saturating_sub(1);
                    }
                }
                c.members.retain(|_, n| *n > 0);
                post(c, anchor)
            }
            Ok(Fold::NoWindow { pending, reported }) => {
                let consumed = if pending > 0 {
                    self.take(&alert.group_key, reported).await
                } else {
                    Consumed::default()
                };
                post(consumed, None)
            }
            Err(e) => {
                tracing::warn!(error = %e, "flood control unavailable; posting");
                post(Consumed::default(), None)
            }
        }
    }

    /// Takes over the group's pending repeats (nothing if another message
    /// took them first, or the store fails).
    pub async fn take(&self, group: &str, reported: u64) -> Consumed {
        match self.store.consume(group, reported).await {
            Ok(Some(c)) => c,
            Ok(None) => Consumed::default(),
            Err(e) => {
                tracing::warn!(error = %e, "could not take over folded repeats");
                Consumed::default()
            }
        }
    }

    /// The post failed: release the claim (so the retry posts) and give the
    /// folded repeats back (so the next message reports them).
    pub async fn after_failure(&self, alert: &Alert, token: &str, consumed: &Consumed) {
        let release = self.store.release(&alert.dedup_key, token);
        let give_back = async {
            if consumed.count > 0 {
                self.store.unconsume(&alert.group_key, consumed).await
            } else {
                Ok(())
            }
        };
        let (r, g) = tokio::join!(release, give_back);
        if let Err(e) = r {
            tracing::warn!(error = %e, "could not release the claim; it runs out with its lease");
        }
        if let Err(e) = g {
            tracing::warn!(error = %e, "could not give folded repeats back");
        }
    }

    /// Records a delivered alert: the claim settles as posted, and for a new
    /// message of a folding group the window opens anchored on it; a
    /// recovery ends its group's window. Failures are logged: the message is
    /// out.
    pub async fn after_post(&self, alert: &Alert, token: &str, anchor: Option<&Anchor>, now: i64) {
        let settle = self.store.settle(
            &alert.dedup_key,
            token,
            Settled::Posted,
            now + self.dedup_ttl_secs,
        );
        let window = async {
            if alert.status != Status::Open {
                self.store.close_window(&alert.group_key, now).await
            } else if let (true, Some(anchor)) = (self.folds(alert), anchor) {
                let until = now + self.window_secs;
                self.store
                    .opened(&alert.group_key, until, rank(alert), anchor, until + 86_400)
                    .await
            } else {
                Ok(())
            }
        };
        let (settled, opened) = tokio::join!(settle, window);
        if let Err(e) = settled {
            tracing::warn!(error = %e, "delivered, but could not record the dedup key");
        }
        if let Err(e) = opened {
            tracing::warn!(error = %e, "delivered, but could not open the flood window");
        }
    }
}

pub use crate::store::member_lines;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alert::{Severity, Source};
    use crate::store::{MemoryStore, StoreError};
    use chrono::Utc;

    /// The time an invocation has in these tests (the template's Timeout).
    const LEFT: std::time::Duration = std::time::Duration::from_secs(30);

    fn read(i: u32) -> Alert {
        let mut a = Alert::new(
            Source::EnvFile,
            "s3:GetObject",
            Severity::High,
            "t",
            Utc::now(),
        );
        a.dedup_key = format!("env-file:{i}");
        a.case_key = a.dedup_key.clone();
        a.group_key = "env-file:GetObject:arn:aws:iam::1:user/scraper".into();
        a.fold_member = Some(format!("s3://b/site{}/.env", i % 3));
        a
    }

    fn anchor(a: &Alert) -> Anchor {
        Anchor {
            case_key: a.case_key.clone(),
            title: a.title.clone(),
            message: None,
            route: None,
        }
    }

    /// Runs alerts through claim → fold/post → after_post; returns, for
    /// each message, how many repeats it carried.
    async fn run(
        guard: &Guard<MemoryStore>,
        alerts: impl IntoIterator<Item = (Alert, i64)>,
    ) -> Vec<u64> {
        let mut posted = Vec::new();
        for (a, now) in alerts {
            let token = format!("t-{}", a.dedup_key);
            if guard.claim(&a, &token, now, lease_until(now, LEFT)).await != Ok(Claim::Claimed) {
                continue;
            }
            if let Verdict::Post { consumed, .. } = guard.fold_or_post(&a, &token, now).await {
                posted.push(consumed.count);
                guard.after_post(&a, &token, Some(&anchor(&a)), now).await;
            }
        }
        posted
    }

    #[tokio::test]
    async fn the_same_event_three_times_posts_once() {
        let g = Guard::new(MemoryStore::default(), 3600);
        let posted = run(&g, (0..3).map(|_| (read(1), 1000))).await;
        assert_eq!(posted, vec![0]);
    }

    #[tokio::test]
    async fn a_second_delivery_while_the_first_is_posting_is_not_posted() {
        let g = Guard::new(MemoryStore::default(), 3600);
        let lease = lease_until(100, LEFT);
        assert_eq!(g.claim(&read(1), "a", 100, lease).await, Ok(Claim::Claimed));
        // Busy for as long as the first invocation can be alive…
        let last_alive = 100 + LEFT.as_secs() as i64;
        assert_eq!(
            g.claim(&read(1), "b", last_alive, lease_until(last_alive, LEFT))
                .await,
            Ok(Claim::Busy)
        );
        // …and not longer: Lambda retries a failed invocation about a
        // minute later, and the retry of one that died holding it posts.
        assert!(lease < 100 + 60, "{lease}");
        assert_eq!(
            g.claim(&read(1), "c", lease + 1, lease_until(lease + 1, LEFT))
                .await,
            Ok(Claim::Claimed)
        );
    }

    #[tokio::test]
    async fn a_failed_post_releases_the_claim_and_gives_the_counts_back() {
        let g = Guard::new(MemoryStore::default(), 3600);
        let first = read(1);
        run(&g, [(first.clone(), 10), (read(2), 11), (read(3), 12)]).await;
        // The window ended; the next read carries the 2 folded ones, but its
        // post fails.
        let next = read(4);
        assert_eq!(
            g.claim(&next, "t", 5000, lease_until(5000, LEFT)).await,
            Ok(Claim::Claimed)
        );
        let Verdict::Post { consumed, .. } = g.fold_or_post(&next, "t", 5000).await else {
            panic!()
        };
        assert_eq!(consumed.count, 2);
        g.after_failure(&next, "t", &consumed).await;
        // Lambda's retry: claims again and carries the same 2.
        assert_eq!(
            g.claim(&next, "t2", 5001, lease_until(5001, LEFT)).await,
            Ok(Claim::Claimed)
        );
        let Verdict::Post { consumed, .. } = g.fold_or_post(&next, "t2", 5001).await else {
            panic!()
        };
        assert_eq!(consumed.count, 2);
        assert_eq!(consumed.members.values().sum::<u64>(), 2);
    }

    #[tokio::test]
    async fn a_flood_is_folded_into_few_messages_whose_counts_add_up() {
        let g = Guard::new(MemoryStore::default(), 3600);
        let mut events: Vec<(Alert, i64)> =
            (0..1000).map(|i| (read(i), 1000 + i64::from(i))).collect();
        // One more after the window: it carries what is left.
        events.push((read(5000), 1000 + 3600 + 2000));
        let posted = run(&g, events).await;
        assert!(posted.len() <= 12, "{} messages", posted.len());
        let shown: u64 = posted.iter().map(|f| f + 1).sum();
        assert_eq!(shown, 1001);
    }

    /// The store, with another message taking the group's pending repeats
    /// just before each `consume` of ours (the race at the flush point).
    struct Racing(MemoryStore);

    impl StateStore for Racing {
        async fn claim(
            &self,
            k: &str,
            t: &str,
            n: i64,
            l: i64,
            e: i64,
        ) -> Result<Claim, StoreError> {
            self.0.claim(k, t, n, l, e).await
        }
        async fn settle(&self, k: &str, t: &str, h: Settled, e: i64) -> Result<(), StoreError> {
            self.0.settle(k, t, h, e).await
        }
        async fn release(&self, k: &str, t: &str) -> Result<(), StoreError> {
            self.0.release(k, t).await
        }
        async fn fold(&self, g: &str, n: i64, r: u8, m: Option<&str>) -> Result<Fold, StoreError> {
            self.0.fold(g, n, r, m).await
        }
        async fn consume(&self, g: &str, seen: u64) -> Result<Option<Consumed>, StoreError> {
            let other = self.0.consume(g, seen).await?;
            assert!(
                other.is_some_and(|c| c.count > 0),
                "the other message took them"
            );
            self.0.consume(g, seen).await
        }
        async fn unconsume(&self, g: &str, c: &Consumed) -> Result<(), StoreError> {
            self.0.unconsume(g, c).await
        }
        async fn opened(
            &self,
            g: &str,
            u: i64,
            r: u8,
            a: &Anchor,
            e: i64,
        ) -> Result<(), StoreError> {
            self.0.opened(g, u, r, a, e).await
        }
        async fn close_window(&self, g: &str, n: i64) -> Result<(), StoreError> {
            self.0.close_window(g, n).await
        }
        async fn clear_group_due(&self, g: &str, f: u64) -> Result<(), StoreError> {
            self.0.clear_group_due(g, f).await
        }
        async fn load_case(&self, k: &str) -> Result<Option<crate::tracked::Tracked>, StoreError> {
            self.0.load_case(k).await
        }
        async fn put_case(
            &self,
            c: &crate::tracked::Tracked,
            e: Option<u64>,
            x: i64,
        ) -> Result<bool, StoreError> {
            self.0.put_case(c, e, x).await
        }
        async fn due(&self, n: i64, p: Option<&str>) -> Result<crate::store::DuePage, StoreError> {
            self.0.due(n, p).await
        }
    }

    /// The flood reaches its flush point, but another message takes the
    /// pending repeats (this one among them) between this event's fold and
    /// its take: this event is reported there and is not posted again.
    #[tokio::test]
    async fn a_repeat_taken_by_another_message_at_the_flush_point_is_not_posted_twice() {
        let mut g = Guard::new(Racing(MemoryStore::default()), 3600);
        g.flush_every = 3;
        let first = read(0);
        let t = |a: &Alert| format!("t-{}", a.dedup_key);
        assert_eq!(
            g.claim(&first, &t(&first), 10, lease_until(10, LEFT)).await,
            Ok(Claim::Claimed)
        );
        assert!(matches!(
            g.fold_or_post(&first, &t(&first), 10).await,
            Verdict::Post { .. }
        ));
        g.after_post(&first, &t(&first), Some(&anchor(&first)), 10)
            .await;
        let mut verdicts = Vec::new();
        for i in 1..=3 {
            let a = read(i);
            assert_eq!(
                g.claim(&a, &t(&a), 10 + i64::from(i), lease_until(10, LEFT))
                    .await,
                Ok(Claim::Claimed)
            );
            verdicts.push(g.fold_or_post(&a, &t(&a), 10 + i64::from(i)).await);
        }
        assert!(
            matches!(verdicts[0], Verdict::Folded { pending: 1 }),
            "{verdicts:?}"
        );
        assert!(
            matches!(verdicts[1], Verdict::Folded { pending: 2 }),
            "{verdicts:?}"
        );
        // The third reached the flush point; the other message took all
        // three, so it is not posted.
        assert!(
            matches!(verdicts[2], Verdict::Folded { .. }),
            "{verdicts:?}"
        );
        // And it counts as done: a retry of it is a duplicate.
        let third = read(3);
        assert!(matches!(
            g.claim(&third, "again", 20, lease_until(20, LEFT)).await,
            Ok(Claim::Done)
        ));
    }

    #[tokio::test]
    async fn counts_taken_twice_are_reported_once() {
        let g = Guard::new(MemoryStore::default(), 3600);
        run(&g, [(read(1), 10), (read(2), 11), (read(3), 12)]).await;
        // Two messages race for the same 2 pending repeats.
        let a = g.take(&read(1).group_key, 0).await;
        let b = g.take(&read(1).group_key, 0).await;
        assert_eq!((a.count, b.count), (2, 0));
    }

    #[tokio::test]
    async fn a_more_severe_repeat_is_posted_not_folded() {
        let g = Guard::new(MemoryStore::default(), 3600);
        let mut worse = read(2);
        worse.severity = Severity::Critical;
        let posted = run(&g, [(read(1), 10), (read(3), 11), (worse, 12)]).await;
        assert_eq!(posted, vec![0, 1]);
    }

    #[tokio::test]
    async fn health_ses_and_recoveries_are_never_folded() {
        let g = Guard::new(MemoryStore::default(), 3600);
        for source in [Source::Health, Source::Ses] {
            let mut a = read(1);
            a.source = source;
            assert!(!g.folds(&a), "{source:?}");
        }
        let mut ok = read(1);
        ok.status = Status::Recovered;
        assert!(!g.folds(&ok));
    }

    #[tokio::test]
    async fn a_recovery_ends_its_groups_window() {
        let g = Guard::new(MemoryStore::default(), 3600);
        run(&g, [(read(1), 10)]).await;
        let mut ok = read(2);
        ok.status = Status::Recovered;
        g.after_post(&ok, "x", None, 20).await;
        // The next problem of the group is posted, not folded.
        assert_eq!(run(&g, [(read(3), 30)]).await, vec![0]);
    }

    #[tokio::test]
    async fn with_flood_control_off_every_new_event_posts() {
        let g = Guard::new(MemoryStore::default(), 0);
        assert_eq!(run(&g, (0..5).map(|i| (read(i), 1))).await.len(), 5);
    }

    #[test]
    fn members_are_listed_most_frequent_first() {
        let mut c = Consumed::default();
        c.members.insert("a".into(), 1);
        c.members.insert("b".into(), 5);
        c.members.insert("c".into(), 2);
        let (lines, more) = member_lines(&c, 2);
        assert_eq!(lines, vec!["b ×5", "c ×2"]);
        assert_eq!(more, 1);
    }
}
