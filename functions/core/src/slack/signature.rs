//! Verifying that a request came from Slack ("Verifying requests from
//! Slack"): `v0=` + hex HMAC-SHA256 of `v0:{X-Slack-Request-Timestamp}:{raw
//! body}` with the app's signing secret, the timestamp within five minutes
//! of now (against replays), compared in constant time.
//!
//! HMAC and the constant-time comparison are `ring`'s, the crypto library
//! the binaries already carry for TLS.

use std::fmt;
use thiserror::Error;

/// How far a request's timestamp may be from now (Slack: five minutes).
pub const MAX_AGE_SECS: i64 = 5 * 60;

/// The app's signing secret. `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningSecret(String);

impl SigningSecret {
    pub fn new(s: impl Into<String>) -> SigningSecret {
        SigningSecret(s.into().trim().to_owned())
    }
}

impl fmt::Debug for SigningSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningSecret(<redacted>)")
    }
}

/// Why a request was refused. None of these says anything about the secret.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SignatureError {
    #[error("missing header {0}")]
    MissingHeader(&'static str),
    #[error("X-Slack-Request-Timestamp is not a number")]
    BadTimestamp,
    #[error("the request is {age_secs} s from now, more than Slack's 5 minutes (a replay?)")]
    Stale { age_secs: i64 },
    #[error("the signature does not match")]
    Mismatch,
}

fn hex_decode(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// `v0=<hex>` for a body: what Slack sends (used by tests and tools).
pub fn sign(secret: &SigningSecret, timestamp: &str, body: &[u8]) -> String {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret.0.as_bytes());
    let mut ctx = ring::hmac::Context::with_key(&key);
    ctx.update(b"v0:");
    ctx.update(timestamp.as_bytes());
    ctx.update(b":");
    ctx.update(body);
    let tag = ctx.sign();
    let mut out = String::from("v0=");
    for b in tag.as_ref() {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// Checks a request's signature. `timestamp` and `signature` are the
/// headers' values (absent: `None`), `body` the raw body as received.
pub fn verify(
    secret: &SigningSecret,
    timestamp: Option<&str>,
    signature: Option<&str>,
    body: &[u8],
    now: i64,
) -> Result<(), SignatureError> {
    let timestamp = timestamp.ok_or(SignatureError::MissingHeader("X-Slack-Request-Timestamp"))?;
    let signature = signature.ok_or(SignatureError::MissingHeader("X-Slack-Signature"))?;
    let ts: i64 = timestamp
        .trim()
        .parse()
        .map_err(|_| SignatureError::BadTimestamp)?;
    // Checked: the header is not yet authenticated, and `now - ts` of an
    // extreme value overflows (a panic in debug, a wrap past the check in
    // release).
    let age = now.checked_sub(ts).unwrap_or(i64::MAX);
    if age.unsigned_abs() > MAX_AGE_SECS as u64 {
        return Err(SignatureError::Stale { age_secs: age });
    }
    let tag = signature
        .trim()
        .strip_prefix("v0=")
        .and_then(hex_decode)
        .ok_or(SignatureError::Mismatch)?;
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret.0.as_bytes());
    let mut msg = Vec::with_capacity(body.len() + timestamp.len() + 4);
    msg.extend_from_slice(b"v0:");
    msg.extend_from_slice(timestamp.as_bytes());
    msg.push(b':');
    msg.extend_from_slice(body);
    // Constant time (ring compares the tags with `constant_time::verify_slices_are_equal`).
    ring::hmac::verify(&key, &msg, &tag).map_err(|_| SignatureError::Mismatch)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Slack's worked example ("Verifying requests from Slack"), byte for byte.
    const SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";
    const TS: &str = "1531420618";
    const BODY: &str = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    const SIG: &str = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    fn secret() -> SigningSecret {
        SigningSecret::new(SECRET)
    }

    #[test]
    fn slacks_documented_example_is_signed_and_verified() {
        assert_eq!(sign(&secret(), TS, BODY.as_bytes()), SIG);
        assert_eq!(
            verify(
                &secret(),
                Some(TS),
                Some(SIG),
                BODY.as_bytes(),
                1_531_420_618 + 10
            ),
            Ok(())
        );
    }

    #[test]
    fn forged_tampered_stale_and_headless_requests_are_refused() {
        let now = 1_531_420_618;
        let body = BODY.as_bytes();
        // Another secret.
        assert_eq!(
            verify(&SigningSecret::new("guess"), Some(TS), Some(SIG), body, now),
            Err(SignatureError::Mismatch)
        );
        // One byte of the body changed.
        let mut tampered = body.to_vec();
        tampered[10] ^= 1;
        assert_eq!(
            verify(&secret(), Some(TS), Some(SIG), &tampered, now),
            Err(SignatureError::Mismatch)
        );
        // The timestamp changed (the signature covers it).
        assert_eq!(
            verify(&secret(), Some("1531420619"), Some(SIG), body, now),
            Err(SignatureError::Mismatch)
        );
        // Older than five minutes: a replay.
        assert_eq!(
            verify(&secret(), Some(TS), Some(SIG), body, now + 301),
            Err(SignatureError::Stale { age_secs: 301 })
        );
        assert!(verify(&secret(), Some(TS), Some(SIG), body, now - 301).is_err());
        assert!(verify(&secret(), Some(TS), Some(SIG), body, now + 300).is_ok());
        // Extreme timestamps are stale, never an overflow.
        for ts in [i64::MIN.to_string(), i64::MAX.to_string()] {
            assert!(matches!(
                verify(&secret(), Some(&ts), Some(SIG), body, now),
                Err(SignatureError::Stale { .. })
            ));
        }
        // Missing or malformed headers.
        assert_eq!(
            verify(&secret(), None, Some(SIG), body, now),
            Err(SignatureError::MissingHeader("X-Slack-Request-Timestamp"))
        );
        assert_eq!(
            verify(&secret(), Some(TS), None, body, now),
            Err(SignatureError::MissingHeader("X-Slack-Signature"))
        );
        for bad in ["", "v0=", "v1=a2114d57", "v0=zz", &SIG[..SIG.len() - 1]] {
            assert_eq!(
                verify(&secret(), Some(TS), Some(bad), body, now),
                Err(SignatureError::Mismatch),
                "{bad}"
            );
        }
        assert_eq!(
            verify(&secret(), Some("soon"), Some(SIG), body, now),
            Err(SignatureError::BadTimestamp)
        );
    }

    #[test]
    fn the_secret_never_shows_in_debug_output() {
        assert!(!format!("{:?}", secret()).contains(SECRET));
    }
}
