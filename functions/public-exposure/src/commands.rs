//! AWS CLI commands on-call can paste, with the event's ids filled in.
//!
//! The ids come from the event, which an attacker may have written: a value
//! goes into a command only when a shell would take it as one plain word
//! (letters, digits and `-_.:/`, not starting with `-`, so it is never an
//! option either). Otherwise there is no command, and the steps say to use
//! the console.

use crate::{Grantee, Kind, Resource};

/// True when `s` is one plain word to a shell and no option.
pub(crate) fn safe(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 256
        && s.as_bytes()[0].is_ascii_alphanumeric()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':' | b'/'))
}

/// A Region name as AWS writes them (`eu-central-1`).
pub(crate) fn region_ok(r: &str) -> bool {
    r.len() <= 25
        && r.contains('-')
        && r.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && r.as_bytes()[0].is_ascii_lowercase()
}

/// The command that takes `grantee`'s permission off `resource` again.
pub(crate) fn remove(region: &str, resource: &Resource, grantee: &Grantee) -> Option<String> {
    if !region_ok(region) || !safe(&resource.id) {
        return None;
    }
    let id = &resource.id;
    let value = match grantee {
        Grantee::Everyone => "all",
        Grantee::Account(a) | Grantee::Organization(a) | Grantee::Unit(a) => a.as_str(),
        Grantee::Other(_) => return None,
    };
    if !safe(value) {
        return None;
    }
    Some(match (resource.kind, grantee) {
        (Kind::EbsSnapshot, Grantee::Everyone) => format!(
            "aws ec2 modify-snapshot-attribute --region {region} --snapshot-id {id} --attribute createVolumePermission --operation-type remove --group-names all"
        ),
        (Kind::EbsSnapshot, Grantee::Account(a)) => format!(
            "aws ec2 modify-snapshot-attribute --region {region} --snapshot-id {id} --attribute createVolumePermission --operation-type remove --user-ids {a}"
        ),
        // Snapshots are shared with accounts only.
        (Kind::EbsSnapshot, _) => return None,
        (Kind::Ami, g) => {
            let item = match g {
                Grantee::Everyone => "Group=all".to_owned(),
                Grantee::Account(a) => format!("UserId={a}"),
                Grantee::Organization(a) => format!("OrganizationArn={a}"),
                Grantee::Unit(a) => format!("OrganizationalUnitArn={a}"),
                Grantee::Other(_) => return None,
            };
            format!(
                "aws ec2 modify-image-attribute --region {region} --image-id {id} --launch-permission \"Remove=[{{{item}}}]\""
            )
        }
        (Kind::RdsSnapshot, Grantee::Everyone | Grantee::Account(_)) => format!(
            "aws rds modify-db-snapshot-attribute --region {region} --db-snapshot-identifier {id} --attribute-name restore --values-to-remove {value}"
        ),
        (Kind::RdsClusterSnapshot, Grantee::Everyone | Grantee::Account(_)) => format!(
            "aws rds modify-db-cluster-snapshot-attribute --region {region} --db-cluster-snapshot-identifier {id} --attribute-name restore --values-to-remove {value}"
        ),
        (Kind::RdsSnapshot | Kind::RdsClusterSnapshot, _) => return None,
    })
}

/// Turning on block public access for EBS snapshots (all sharing) or AMIs.
pub(crate) fn block(region: &str, ebs: bool) -> Option<String> {
    region_ok(region).then(|| {
        if ebs {
            format!("aws ec2 enable-snapshot-block-public-access --region {region} --state block-all-sharing")
        } else {
            format!("aws ec2 enable-image-block-public-access --region {region} --image-block-public-access-state block-new-sharing")
        }
    })
}

/// Listing this account's public snapshots or AMIs in `region`.
pub(crate) fn list_public(region: &str, ebs: bool) -> Option<String> {
    region_ok(region).then(|| {
        if ebs {
            format!("aws ec2 describe-snapshots --region {region} --owner-ids self --restorable-by-user-ids all")
        } else {
            format!("aws ec2 describe-images --region {region} --owners self --executable-users all")
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_words_go_into_a_command() {
        for ok in [
            "snap-0a1b2c3d4e5f60718",
            "rds:orders-2026-06-23-10-00",
            "arn:aws:organizations::999988887777:organization/o-exampleorgx",
            "444455556666",
        ] {
            assert!(safe(ok), "{ok}");
        }
        for bad in [
            "",
            "-x",
            "--region=us-east-1",
            "a b",
            "x;rm",
            "$(id)",
            "`id`",
            "a|b",
            "a>b",
            "a\nb",
            "a'b",
            "a\"b",
            "é",
            "*",
        ] {
            assert!(!safe(bad), "{bad:?}");
        }
        assert!(region_ok("ap-northeast-1"));
        assert!(region_ok("me-central-3r"));
        for bad in ["", "global", "eu central 1", "us-east-1;id", "-us-east-1"] {
            assert!(!region_ok(bad), "{bad:?}");
        }
    }

    #[test]
    fn no_command_for_an_unsafe_id_account_or_region() {
        let r = Resource {
            kind: Kind::EbsSnapshot,
            id: "snap-0a".into(),
        };
        assert!(remove("eu-west-1", &r, &Grantee::Everyone).is_some());
        assert!(remove("eu west 1", &r, &Grantee::Everyone).is_none());
        assert!(remove("eu-west-1", &r, &Grantee::Account("1; id".into())).is_none());
        let bad = Resource {
            kind: Kind::RdsSnapshot,
            id: "x $(id)".into(),
        };
        assert!(remove("eu-west-1", &bad, &Grantee::Everyone).is_none());
        assert!(block("eu west 1", true).is_none());
    }
}
