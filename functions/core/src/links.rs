//! Building console links from event values safely.

/// Percent-encodes everything but RFC 3986 unreserved characters, so an
/// event value can never change a link's structure (or close a Slack link).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A region usable in a console host name: AWS region names only
/// (`us-east-1`), else `us-east-1` (global events).
pub fn console_region(region: &str) -> &str {
    let ok = !region.is_empty()
        && region.len() <= 25
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && region.contains('-');
    if ok {
        region
    } else {
        "us-east-1"
    }
}

/// A Support case in the AWS Support Center, by its display id (the
/// number AWS's case e-mails and the Support Center show; the link those
/// e-mails carry, on the Support console's own host). For any source that
/// knows a case: a Support case update, a Health event whose text names one.
pub fn support_case(display_id: &str) -> String {
    format!(
        "https://support.console.aws.amazon.com/support/home#/case/?displayId={}",
        encode(display_id.trim())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_leaves_no_structure_characters() {
        assert_eq!(
            encode("a b/c?d=e&f|g>h#i"),
            "a%20b%2Fc%3Fd%3De%26f%7Cg%3Eh%23i"
        );
        assert_eq!(encode("é"), "%C3%A9");
    }

    #[test]
    fn a_support_case_link_encodes_its_display_id() {
        assert_eq!(
            support_case("178120556800417"),
            "https://support.console.aws.amazon.com/support/home#/case/?displayId=178120556800417"
        );
        assert!(support_case("1&x=<y>#z").ends_with("displayId=1%26x%3D%3Cy%3E%23z"));
    }

    #[test]
    fn odd_regions_fall_back_to_us_east_1() {
        assert_eq!(console_region("eu-west-1"), "eu-west-1");
        assert_eq!(console_region("global"), "us-east-1");
        assert_eq!(console_region("evil.example/x"), "us-east-1");
    }
}
