//! The accounts ops know: those a share with is expected (trusted), those of
//! the organisation, and the names of accounts. A share with one of them is
//! not an exposure; a share with any other is, naming the account.

use respondby_core::ConfigError;
use std::collections::{BTreeMap, BTreeSet};

/// Environment variables of this function.
pub mod vars {
    /// Account ids (12 digits), organisation ids (`o-…`) and OU ids
    /// (`ou-…`) snapshots and AMIs may be shared with.
    pub const TRUSTED_ACCOUNT_IDS: &str = "TRUSTED_ACCOUNT_IDS";
    /// The account ids of the organisation (12 digits each). Unset: whether
    /// an account is in the organisation is not known, and alerts say so.
    pub const ORGANIZATION_ACCOUNT_IDS: &str = "ORGANIZATION_ACCOUNT_IDS";
    /// `111122223333=prod-payments,444455556666=vendor-x`: names shown
    /// beside account ids.
    pub const ACCOUNT_NAMES: &str = "ACCOUNT_NAMES";
}

/// What ops told the function about accounts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Known {
    trusted: BTreeSet<String>,
    /// `None` when ORGANIZATION_ACCOUNT_IDS is not set: not known.
    organisation: Option<BTreeSet<String>>,
    names: BTreeMap<String, String>,
}

/// How a grantee of a share stands with what ops told us.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Everyone: the resource is public.
    Public,
    /// The account that owns the resource.
    ThisAccount,
    Trusted,
    /// An account of the organisation.
    Organisation,
    /// None of those: an exposure.
    Outside,
}

fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// `o-` followed by 10 to 32 lowercase letters or digits (AWS Organizations
/// API Reference, `Organization.Id`).
fn is_org_id(s: &str) -> bool {
    s.strip_prefix("o-").is_some_and(|r| {
        (10..=32).contains(&r.len())
            && r.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    })
}

/// `ou-` followed by 4 to 32 lowercase letters or digits, `-`, and 8 to 32
/// more (AWS Organizations API Reference, `OrganizationalUnit.Id`).
fn is_ou_id(s: &str) -> bool {
    let ok = |p: &str, min: usize| {
        (min..=32).contains(&p.len())
            && p.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    };
    s.strip_prefix("ou-")
        .and_then(|r| r.split_once('-'))
        .is_some_and(|(root, ou)| ok(root, 4) && ok(ou, 8))
}

fn entries(s: &str) -> impl Iterator<Item = &str> {
    s.split(',').map(str::trim).filter(|e| !e.is_empty())
}

impl Known {
    /// The three lists as the variables hold them; an error names the
    /// variable and the entry. An empty `organisation` means not set.
    pub fn parse(trusted: &str, organisation: &str, names: &str) -> Result<Known, ConfigError> {
        let mut k = Known::default();
        for e in entries(trusted) {
            if !(is_account_id(e) || is_org_id(e) || is_ou_id(e)) {
                return Err(ConfigError(format!(
                    "{}: {e:?} is not an account id (12 digits), an organization id (o-…) or an OU id (ou-…)",
                    vars::TRUSTED_ACCOUNT_IDS
                )));
            }
            k.trusted.insert(e.to_owned());
        }
        let mut org = BTreeSet::new();
        for e in entries(organisation) {
            if !is_account_id(e) {
                return Err(ConfigError(format!(
                    "{}: {e:?} is not an account id (12 digits)",
                    vars::ORGANIZATION_ACCOUNT_IDS
                )));
            }
            org.insert(e.to_owned());
        }
        k.organisation = (!org.is_empty()).then_some(org);
        for e in entries(names) {
            let parsed = e
                .split_once('=')
                .map(|(id, name)| (id.trim(), name.trim()))
                .filter(|(id, name)| is_account_id(id) && !name.is_empty());
            let Some((id, name)) = parsed else {
                return Err(ConfigError(format!(
                    "{}: {e:?} is not account-id=name (e.g. 111122223333=prod-payments)",
                    vars::ACCOUNT_NAMES
                )));
            };
            k.names.insert(id.to_owned(), name.to_owned());
        }
        Ok(k)
    }

    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Known, ConfigError> {
        Known::parse(
            &get(vars::TRUSTED_ACCOUNT_IDS).unwrap_or_default(),
            &get(vars::ORGANIZATION_ACCOUNT_IDS).unwrap_or_default(),
            &get(vars::ACCOUNT_NAMES).unwrap_or_default(),
        )
    }

    /// The name ops gave an account.
    pub fn name(&self, account: &str) -> Option<&str> {
        self.names.get(account).map(String::as_str)
    }

    /// Whether the organisation's accounts were given.
    pub fn knows_organisation(&self) -> bool {
        self.organisation.is_some()
    }

    pub(crate) fn account(&self, id: &str, owner: &str) -> Standing {
        if id == owner {
            Standing::ThisAccount
        } else if self.trusted.contains(id) {
            Standing::Trusted
        } else if self.organisation.as_ref().is_some_and(|o| o.contains(id)) {
            Standing::Organisation
        } else {
            Standing::Outside
        }
    }

    /// An organisation ARN (`…:organization/o-x`) or OU ARN
    /// (`…:ou/o-x/ou-y`) is trusted when its organisation or OU id is.
    pub(crate) fn organisation_arn(&self, arn: &str) -> Standing {
        let path = arn.rsplit_once(':').map_or(arn, |(_, p)| p);
        let trusted = path
            .split('/')
            .skip(1)
            .any(|id| (is_org_id(id) || is_ou_id(id)) && self.trusted.contains(id));
        if trusted {
            Standing::Trusted
        } else {
            Standing::Outside
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_of_each_kind_are_told_apart() {
        assert!(is_account_id("111122223333"));
        assert!(!is_account_id("11112222333"));
        assert!(is_org_id("o-exampleorgx"));
        assert!(!is_org_id("o-short"));
        assert!(!is_org_id("o-EXAMPLEORGX"));
        assert!(is_ou_id("ou-ab12-cdef3456"));
        assert!(!is_ou_id("ou-ab12"));
    }

    #[test]
    fn organisation_and_ou_arns_are_trusted_by_either_id() {
        let k = Known::parse("o-exampleorgx,ou-ab12-cdef3456", "", "").unwrap();
        for (arn, want) in [
            (
                "arn:aws:organizations::999988887777:organization/o-exampleorgx",
                Standing::Trusted,
            ),
            (
                "arn:aws:organizations::999988887777:ou/o-exampleorgx/ou-zz99-zzzzzzzz",
                Standing::Trusted,
            ),
            (
                "arn:aws:organizations::999988887777:ou/o-otherorgxx/ou-ab12-cdef3456",
                Standing::Trusted,
            ),
            (
                "arn:aws:organizations::999988887777:organization/o-otherorgxx",
                Standing::Outside,
            ),
            ("o-exampleorgx", Standing::Outside),
        ] {
            assert_eq!(k.organisation_arn(arn), want, "{arn}");
        }
    }

    #[test]
    fn an_account_stands_as_itself_trusted_organisation_or_outside() {
        let k = Known::parse("444455556666", "222233334444", "").unwrap();
        let owner = "111122223333";
        assert_eq!(k.account(owner, owner), Standing::ThisAccount);
        assert_eq!(k.account("444455556666", owner), Standing::Trusted);
        assert_eq!(k.account("222233334444", owner), Standing::Organisation);
        assert_eq!(k.account("999988887777", owner), Standing::Outside);
        assert!(k.knows_organisation());
        assert!(!Known::default().knows_organisation());
    }
}
