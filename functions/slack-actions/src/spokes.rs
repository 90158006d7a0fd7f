//! `/respondby coverage` over the hub's spoke table (`SPOKE_TABLE`): the
//! heartbeat crate's store and `coverage_rows`, the same reading as the
//! `respondby coverage` command, with `EXPECTED_SPOKES` as the heartbeat
//! function reads it and the names from `ACCOUNT_NAMES`.

use crate::command::{Coverage, Heard, SpokeLine};
use chrono::{DateTime, Utc};
use respondby_core::accounts::AccountNames;
use respondby_heartbeat::store::SpokeStore;
use respondby_heartbeat::{coverage_rows, Expected};
use std::future::Future;
use std::pin::Pin;

/// The spoke table named by this variable (the heartbeat function's).
pub const SPOKE_TABLE_VAR: &str = "SPOKE_TABLE";

/// The spokes a [`SpokeStore`] holds (every page of its one partition, a
/// Query each, never a Scan) and the expected ones it does not hold yet.
pub struct SpokeCoverage<S> {
    pub store: S,
    pub expected: Expected,
    pub names: AccountNames,
    /// The clock (tests pin it).
    pub now: fn() -> DateTime<Utc>,
}

impl<S: SpokeStore> SpokeCoverage<S> {
    pub fn new(store: S, expected: Expected, names: AccountNames) -> Self {
        SpokeCoverage {
            store,
            expected,
            names,
            now: Utc::now,
        }
    }

    async fn lines(&self) -> Result<Vec<SpokeLine>, String> {
        let mut spokes = Vec::new();
        let mut page: Option<String> = None;
        loop {
            let p = self
                .store
                .all(page.as_deref())
                .await
                .map_err(|e| format!("the spoke table: {e}"))?;
            spokes.extend(p.items);
            match p.next {
                Some(n) => page = Some(n),
                None => break,
            }
        }
        let rows = coverage_rows(&spokes, &self.expected, (self.now)());
        Ok(rows
            .into_iter()
            .map(|r| SpokeLine {
                name: self.names.name(&r.account).map(str::to_owned),
                account: r.account,
                region: r.region,
                last_heard: r.last_heard.map(respondby_core::store::from_epoch),
                status: match r.status {
                    respondby_heartbeat::Coverage::Heard => Heard::Heard,
                    respondby_heartbeat::Coverage::Silent => Heard::Silent,
                    respondby_heartbeat::Coverage::NeverHeard => Heard::NeverHeard,
                },
            })
            .collect())
    }
}

impl<S: SpokeStore> Coverage for SpokeCoverage<S> {
    fn spokes<'a>(
        &'a self,
    ) -> Pin<Box<dyn Future<Output = Result<Option<Vec<SpokeLine>>, String>> + Send + 'a>> {
        Box::pin(async move { self.lines().await.map(Some) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use respondby_heartbeat::store::MemorySpokes;
    use respondby_heartbeat::{Heartbeat, SpokeId};

    #[tokio::test]
    async fn lists_heard_and_expected_spokes_with_names() {
        let store = MemorySpokes::default();
        let now = Utc::now();
        let hb = Heartbeat {
            id: SpokeId::new("111122223333", "eu-west-1"),
            spoke: Some("prod".into()),
            interval_minutes: Some(60),
            at: now - chrono::Duration::seconds(60),
            event_id: "e1".into(),
        };
        store.heard(&hb, now.timestamp() + 3600).await.unwrap();
        let expected = Expected {
            spokes: vec![SpokeId::new("444455556666", "us-east-1")],
            ..Expected::default()
        };
        let names = AccountNames::parse("111122223333=prod-web").unwrap();
        let c = SpokeCoverage::new(store, expected, names);
        let mut lines = c.spokes().await.unwrap().unwrap();
        lines.sort_by(|a, b| a.account.cmp(&b.account));
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].status, Heard::Heard);
        assert_eq!(lines[0].name.as_deref(), Some("prod-web"));
        assert_eq!(lines[1].account, "444455556666");
        assert_eq!(lines[1].status, Heard::NeverHeard);
        assert_eq!(lines[1].name, None);
    }
}
