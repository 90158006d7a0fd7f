//! The open cases, as `respondby open`, the Slack home tab and
//! `/respondby open` list them: read from the state table's listing index
//! (a Query per page, never a Scan), filtered, soonest deadline first.
//!
//! The listing index has the due index's keys: every open case with a
//! deadline is on it (a case with no reminder left is parked there, see
//! [`crate::plan`]), a resolved case leaves it, and DynamoDB backfills the
//! cases written before the index existed. It projects only each case's
//! listing copy ([`Tracked::listing_copy`]) and version, so a thousand
//! cases are one page. It also holds flood groups (a handful), which are
//! skipped. A case without any deadline (nothing to answer by) is not on it
//! and is not listed.

use crate::store::{Due, StateStore, StoreError};
use crate::tracked::Tracked;
use chrono::{DateTime, Utc};

/// The deadline a case must meet next: the first response while it is not
/// answered, else the fix.
pub fn deadline(c: &Tracked) -> Option<DateTime<Utc>> {
    c.respond_by.filter(|_| c.answered.is_none()).or(c.fix_by)
}

/// True when the case's next deadline has passed.
pub fn overdue(c: &Tracked, now: DateTime<Utc>) -> bool {
    deadline(c).is_some_and(|d| d < now)
}

/// Which open cases to list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Filter {
    #[default]
    All,
    /// Acknowledged (or answered) by this Slack user.
    Mine(String),
    /// Nobody acknowledged or answered it yet.
    Unacknowledged,
    Overdue,
    /// One AWS account (12 digits).
    Account(String),
}

impl Filter {
    pub fn keeps(&self, c: &Tracked, now: DateTime<Utc>) -> bool {
        match self {
            Filter::All => true,
            Filter::Mine(user) => [&c.acked, &c.answered]
                .into_iter()
                .flatten()
                .any(|m| &m.by == user),
            Filter::Unacknowledged => c.acked.is_none() && c.answered.is_none(),
            Filter::Overdue => overdue(c, now),
            Filter::Account(a) => &c.alert.account == a,
        }
    }

    /// A short code for a button value: `all`, `mine`, `unacked`,
    /// `overdue`, `account:<id>` (the user of `mine` comes from the click).
    pub fn code(&self) -> String {
        match self {
            Filter::All => "all".into(),
            Filter::Mine(_) => "mine".into(),
            Filter::Unacknowledged => "unacked".into(),
            Filter::Overdue => "overdue".into(),
            Filter::Account(a) => format!("account:{a}"),
        }
    }

    /// Reads [`Filter::code`] back (`mine` for `user`); `None` if unknown.
    pub fn from_code(code: &str, user: &str) -> Option<Filter> {
        Some(match code {
            "all" => Filter::All,
            "mine" => Filter::Mine(user.to_owned()),
            "unacked" => Filter::Unacknowledged,
            "overdue" => Filter::Overdue,
            _ => Filter::Account(account_id(code.strip_prefix("account:")?)?),
        })
    }
}

/// A 12-digit AWS account id, or `None`.
pub fn account_id(s: &str) -> Option<String> {
    let s = s.trim();
    (s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.to_owned())
}

/// Soonest deadline first (overdue ones are the soonest), cases without a
/// deadline last, then by case key so the order is stable across pages.
pub fn sort(cases: &mut [Tracked]) {
    cases.sort_by(|a, b| {
        let key = |c: &Tracked| (deadline(c).is_none(), deadline(c));
        key(a)
            .cmp(&key(b))
            .then_with(|| a.case_key.cmp(&b.case_key))
    });
}

/// Every open case on the index, soonest deadline first, going through
/// all of DynamoDB's pages.
pub async fn open_cases<S: StateStore>(store: &S) -> Result<Vec<Tracked>, StoreError> {
    let mut cases = Vec::new();
    let mut page: Option<String> = None;
    loop {
        let p = store.listing_page(page.as_deref()).await?;
        for d in p.items {
            if let Due::Case(c) = d {
                if c.is_open() {
                    cases.push(*c);
                }
            }
        }
        match p.next {
            Some(n) => page = Some(n),
            None => break,
        }
    }
    sort(&mut cases);
    Ok(cases)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MemoryStore;
    use crate::tracked::{Action, Mark};
    use chrono::{Duration, TimeZone};

    fn case(key: &str, account: &str, respond_in_h: i64, now: DateTime<Utc>) -> Tracked {
        let mut a = crate::Alert::new(
            crate::Source::Health,
            "AWS_ABUSE_DOS_REPORT",
            crate::Severity::Critical,
            "x",
            now,
        );
        a.case_key = key.into();
        a.account = account.into();
        a.respond_by = Some(now + Duration::hours(respond_in_h));
        a.fix_by = Some(now + Duration::hours(respond_in_h + 48));
        let mut t = Tracked::new(&a, None, now);
        t.next_due = a.respond_by;
        t
    }

    #[cfg(feature = "aws")]
    #[tokio::test]
    async fn lists_open_cases_soonest_first_across_pages_and_drops_resolved_ones() {
        let now = Utc.with_ymd_and_hms(2026, 12, 6, 9, 0, 0).unwrap();
        let store = MemoryStore::default();
        // 250 cases: three pages of the memory store's 100.
        for i in 0..250 {
            let c = case(&format!("c{i:03}"), "111122223333", 250 - i, now);
            assert!(store.put_case(&c, None, 0).await.unwrap());
        }
        let mut gone = case("resolved", "111122223333", -5, now);
        gone.apply(Action::Resolve, Mark::user("U1", None, now))
            .unwrap();
        gone.next_due = None;
        store.put_case(&gone, None, 0).await.unwrap();
        let listed = open_cases(&store).await.unwrap();
        assert_eq!(listed.len(), 250);
        assert_eq!(listed[0].case_key, "c249");
        assert_eq!(listed[249].case_key, "c000");
        assert!(listed
            .windows(2)
            .all(|w| deadline(&w[0]) <= deadline(&w[1])));
    }

    #[test]
    fn filters_keep_what_they_say() {
        let now = Utc.with_ymd_and_hms(2026, 12, 6, 9, 0, 0).unwrap();
        let mut mine = case("a", "111122223333", 3, now);
        mine.apply(Action::Acknowledge, Mark::user("U0SATO", None, now))
            .unwrap();
        let late = case("b", "444455556666", -2, now);
        assert!(Filter::Mine("U0SATO".into()).keeps(&mine, now));
        assert!(!Filter::Mine("U0SATO".into()).keeps(&late, now));
        assert!(Filter::Unacknowledged.keeps(&late, now));
        assert!(!Filter::Unacknowledged.keeps(&mine, now));
        assert!(Filter::Overdue.keeps(&late, now));
        assert!(!Filter::Overdue.keeps(&mine, now));
        assert!(Filter::Account("444455556666".into()).keeps(&late, now));
        assert!(!Filter::Account("444455556666".into()).keeps(&mine, now));
        for f in [
            Filter::All,
            Filter::Mine("U0SATO".into()),
            Filter::Unacknowledged,
            Filter::Overdue,
            Filter::Account("444455556666".into()),
        ] {
            assert_eq!(Filter::from_code(&f.code(), "U0SATO"), Some(f));
        }
        assert_eq!(Filter::from_code("account:12", "U"), None);
        assert_eq!(Filter::from_code("nonsense", "U"), None);
    }
}
