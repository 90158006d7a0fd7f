//! Console pages the playbook's steps link to, in the finding's Region.
//! Every event value is percent-encoded ([`encode`]); a Region that is not
//! a Region name falls back to us-east-1 ([`console_region`]). IAM and the
//! EC2 Global View are global consoles.

use respondby_core::links::{console_region, encode};

/// The finding in the GuardDuty console.
pub fn finding(region: &str, id: &str) -> String {
    let r = console_region(region);
    format!(
        "https://{r}.console.aws.amazon.com/guardduty/home?region={r}#/findings?macros=current&fId={}",
        encode(id)
    )
}

/// An EC2 instance's page (security groups, IMDS settings, stop).
pub fn instance(region: &str, id: &str) -> String {
    let r = console_region(region);
    format!(
        "https://{r}.console.aws.amazon.com/ec2/home?region={r}#InstanceDetails:instanceId={}",
        encode(id)
    )
}

/// The volumes attached to an instance (to snapshot them).
pub fn volumes(region: &str, instance_id: &str) -> String {
    let r = console_region(region);
    format!(
        "https://{r}.console.aws.amazon.com/ec2/home?region={r}#Volumes:attachedInstanceId={}",
        encode(instance_id)
    )
}

/// The instances of the Region, newest first.
pub fn instances_newest_first(region: &str) -> String {
    let r = console_region(region);
    format!("https://{r}.console.aws.amazon.com/ec2/home?region={r}#Instances:sort=desc:launchTime")
}

/// EC2 Global View: instances in every Region at once.
pub fn ec2_global_view() -> String {
    "https://console.aws.amazon.com/ec2globalview/home".to_owned()
}

/// Costs grouped by Region (Cost Explorer).
pub fn costs_by_region() -> String {
    "https://console.aws.amazon.com/cost-management/home#/cost-explorer?groupBy=%5B%22Region%22%5D"
        .to_owned()
}

/// CloudTrail event history filtered by one attribute (`AccessKeyId`,
/// `Username`, `ResourceName`, `EventName`).
pub fn cloudtrail(region: &str, attribute: &str, value: &str) -> String {
    let r = console_region(region);
    format!(
        "https://{r}.console.aws.amazon.com/cloudtrailv2/home?region={r}#/events?{attribute}={}",
        encode(value)
    )
}

/// The Region's trails.
pub fn trails(region: &str) -> String {
    let r = console_region(region);
    format!("https://{r}.console.aws.amazon.com/cloudtrailv2/home?region={r}#/trails")
}

/// An IAM role (its sessions can be revoked there).
pub fn iam_role(role: &str) -> String {
    format!(
        "https://console.aws.amazon.com/iam/home#/roles/details/{}",
        encode(role)
    )
}

/// An IAM user's access keys.
pub fn iam_user(user: &str) -> String {
    format!(
        "https://console.aws.amazon.com/iam/home#/users/details/{}?section=security_credentials",
        encode(user)
    )
}

/// IAM users (to look for ones nobody created on purpose).
pub fn iam_users() -> String {
    "https://console.aws.amazon.com/iam/home#/users".to_owned()
}

/// The root user's security credentials (MFA, access keys).
pub fn iam_root() -> String {
    "https://console.aws.amazon.com/iam/home#/security_credentials".to_owned()
}

/// The account's password policy.
pub fn iam_account_settings() -> String {
    "https://console.aws.amazon.com/iam/home#/account_settings".to_owned()
}

/// A bucket's permissions tab (Block Public Access, policy, ACLs).
pub fn bucket_permissions(region: &str, bucket: &str) -> String {
    let r = console_region(region);
    format!(
        "https://s3.console.aws.amazon.com/s3/buckets/{}?region={r}&tab=permissions",
        encode(bucket)
    )
}

/// The bucket's properties tab (server access logging).
pub fn bucket_properties(region: &str, bucket: &str) -> String {
    let r = console_region(region);
    format!(
        "https://s3.console.aws.amazon.com/s3/buckets/{}?region={r}&tab=properties",
        encode(bucket)
    )
}

/// The account's S3 Block Public Access settings.
pub fn s3_account_block_public_access(region: &str) -> String {
    let r = console_region(region);
    format!("https://s3.console.aws.amazon.com/s3/settings?region={r}")
}

/// An EKS cluster.
pub fn eks_cluster(region: &str, name: &str) -> String {
    let r = console_region(region);
    format!(
        "https://{r}.console.aws.amazon.com/eks/home?region={r}#/clusters/{}",
        encode(name)
    )
}

/// An ECS cluster.
pub fn ecs_cluster(region: &str, name: &str) -> String {
    let r = console_region(region);
    format!(
        "https://{r}.console.aws.amazon.com/ecs/v2/clusters/{}?region={r}",
        encode(name)
    )
}

/// A Lambda function.
pub fn lambda_function(region: &str, name: &str) -> String {
    let r = console_region(region);
    format!(
        "https://{r}.console.aws.amazon.com/lambda/home?region={r}#/functions/{}",
        encode(name)
    )
}

/// An RDS database.
pub fn rds_database(region: &str, id: &str) -> String {
    let r = console_region(region);
    format!(
        "https://{r}.console.aws.amazon.com/rds/home?region={r}#database:id={}",
        encode(id)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_go_to_the_findings_region_and_encode_event_values() {
        assert!(finding("eu-west-1", "a&b").ends_with("fId=a%26b"));
        assert!(instance("ap-south-1", "i-1")
            .starts_with("https://ap-south-1.console.aws.amazon.com/ec2/"));
        assert!(instance("evil.example/x", "i-1").starts_with("https://us-east-1."));
        assert_eq!(
            cloudtrail("sa-east-1", "AccessKeyId", "ASIA 1"),
            "https://sa-east-1.console.aws.amazon.com/cloudtrailv2/home?region=sa-east-1#/events?AccessKeyId=ASIA%201"
        );
        assert!(iam_role("r/../x").ends_with("r%2F..%2Fx"));
    }
}
