//! Account names: one hub hears many accounts, and on-call knows them by
//! name (`prod-payments`), not by twelve digits.
//!
//! Names come from `ACCOUNT_NAMES` (`111122223333=prod-payments,
//! 444455556666=sandbox`) and, where the hub runs in the organisation's
//! management or a delegated administrator account and
//! `USE_ORGANIZATIONS_ACCOUNT_NAMES=true`, from AWS Organizations
//! `ListAccounts`, read once at start-up (`lambda::bootstrap`). A name
//! given in `ACCOUNT_NAMES` wins over the organisation's.
//!
//! A name is text someone typed (in Organizations, anyone allowed to create
//! or rename an account): it is rendered like event text, escaped.

use crate::alert::Alert;
use std::collections::BTreeMap;

/// The longest name kept (Organizations allows 50 characters).
pub const MAX_NAME_CHARS: usize = 50;

/// Account id → name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountNames {
    names: BTreeMap<String, String>,
}

/// A 12-digit AWS account id.
pub fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

impl AccountNames {
    /// Parses `ACCOUNT_NAMES`: comma-separated `ACCOUNT_ID=name`. The error
    /// names the entry and what is wrong with it.
    pub fn parse(s: &str) -> Result<AccountNames, String> {
        let mut names = BTreeMap::new();
        for entry in s.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let Some((id, name)) = entry.split_once('=') else {
                return Err(format!(
                    "{entry:?} is not ACCOUNT_ID=name (e.g. 111122223333=prod-payments)"
                ));
            };
            let (id, name) = (id.trim(), name.trim());
            if !is_account_id(id) {
                return Err(format!(
                    "{entry:?}: {id:?} is not a 12-digit AWS account id"
                ));
            }
            if name.is_empty() {
                return Err(format!("{entry:?}: the name is empty"));
            }
            if name.chars().count() > MAX_NAME_CHARS || name.chars().any(char::is_control) {
                return Err(format!(
                    "{entry:?}: a name is at most {MAX_NAME_CHARS} characters on one line"
                ));
            }
            if names.insert(id.to_owned(), name.to_owned()).is_some() {
                return Err(format!("account {id} is named twice"));
            }
        }
        Ok(AccountNames { names })
    }

    /// Adds names for accounts that have none yet (those given in
    /// `ACCOUNT_NAMES` win). Ids that are not account ids and empty names
    /// are left out; names are cut to [`MAX_NAME_CHARS`].
    pub fn add_missing(&mut self, more: impl IntoIterator<Item = (String, String)>) -> usize {
        let mut added = 0;
        for (id, name) in more {
            let name: String = name.trim().chars().take(MAX_NAME_CHARS).collect();
            if is_account_id(&id) && !name.is_empty() && !self.names.contains_key(&id) {
                self.names.insert(id, name);
                added += 1;
            }
        }
        added
    }

    /// The name of `account`, if it has one.
    pub fn name(&self, account: &str) -> Option<&str> {
        self.names.get(account).map(String::as_str)
    }

    /// Gives the alert its account's name (if known and it has none).
    pub fn apply(&self, alert: &mut Alert) {
        if alert.account_name.is_none() {
            alert.account_name = self.name(&alert.account).map(str::to_owned);
        }
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alert::{Severity, Source};

    #[test]
    fn names_are_read_and_looked_up() {
        let n =
            AccountNames::parse(" 111122223333=prod-payments , 444455556666 = sandbox ,").unwrap();
        assert_eq!(n.name("111122223333"), Some("prod-payments"));
        assert_eq!(n.name("444455556666"), Some("sandbox"));
        assert_eq!(n.name("999988887777"), None);
        assert!(AccountNames::parse("").unwrap().is_empty());
    }

    #[test]
    fn a_wrong_entry_is_named() {
        for (bad, says) in [
            ("111122223333", "ACCOUNT_ID=name"),
            ("1111=prod", "12-digit"),
            ("111122223333=", "empty"),
            ("111122223333=a,111122223333=b", "twice"),
            ("111122223333=line\nbreak", "one line"),
        ] {
            let e = AccountNames::parse(bad).unwrap_err();
            assert!(e.contains(says), "{bad:?}: {e}");
        }
    }

    #[test]
    fn names_given_win_over_the_organisation_s() {
        let mut n = AccountNames::parse("111122223333=payments (prod)").unwrap();
        let added = n.add_missing([
            ("111122223333".to_owned(), "Payments Production".to_owned()),
            ("444455556666".to_owned(), "Sandbox".to_owned()),
            ("not-an-id".to_owned(), "x".to_owned()),
        ]);
        assert_eq!(added, 1);
        assert_eq!(n.name("111122223333"), Some("payments (prod)"));
        assert_eq!(n.name("444455556666"), Some("Sandbox"));
    }

    #[test]
    fn an_alert_gets_its_account_s_name() {
        let n = AccountNames::parse("111122223333=prod-payments").unwrap();
        let mut a = Alert::new(
            Source::GuardDuty,
            "k",
            Severity::High,
            "t",
            chrono::Utc::now(),
        );
        a.account = "111122223333".into();
        n.apply(&mut a);
        assert_eq!(a.account_name.as_deref(), Some("prod-payments"));
        assert_eq!(a.account_shown(), "111122223333 (prod-payments)");
        a.account = "444455556666".into();
        a.account_name = None;
        n.apply(&mut a);
        assert_eq!(a.account_name, None);
        assert_eq!(a.account_shown(), "444455556666");
    }
}
