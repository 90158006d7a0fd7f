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
    fn odd_regions_fall_back_to_us_east_1() {
        assert_eq!(console_region("eu-west-1"), "eu-west-1");
        assert_eq!(console_region("global"), "us-east-1");
        assert_eq!(console_region("evil.example/x"), "us-east-1");
    }
}
