//! Languages of what Respond By writes: the message catalogue.
//!
//! Every word Respond By writes is a [`T`]: one text in English and in
//! Japanese, declared together with [`texts!`], so a missing translation
//! does not compile. `{name}` marks a value filled in with [`T::fill`].
//! Each crate keeps its own catalogue (core's is [`ui`]); [`check`] is what
//! every catalogue's test runs: the same placeholders in both languages, a
//! Japanese text that is Japanese, no stray English.
//!
//! AWS's own text (descriptions, finding titles) is never translated: it is
//! quoted as it is and labelled as AWS's original text.

use serde::{Deserialize, Serialize};
use std::fmt::{Display, Write as _};

/// The language of every word Respond By writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Ja,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" | "english" => Some(Lang::En),
            "ja" | "japanese" | "jp" => Some(Lang::Ja),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }
}

/// One text in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct T {
    pub en: &'static str,
    pub ja: &'static str,
}

impl T {
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Ja => self.ja,
        }
    }

    /// The text with each `{name}` replaced by its value.
    pub fn fill(self, lang: Lang, args: &[(&str, &dyn Display)]) -> String {
        fill(self.get(lang), args)
    }
}

/// Replaces each `{name}` in `template` with its value (values are inserted
/// as they are: escape them for where they go afterwards).
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => {
                        // Written in place: no String per value.
                        let _ = write!(out, "{v}");
                    }
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Declares a catalogue: `NAME: "English" => "日本語";` entries become
/// `pub const NAME: T`, and `ALL` lists them for the completeness tests.
#[macro_export]
macro_rules! texts {
    ($( $(#[$m:meta])* $name:ident : $en:literal => $ja:literal ; )*) => {
        $( $(#[$m])* pub const $name: $crate::i18n::T = $crate::i18n::T { en: $en, ja: $ja }; )*
        /// Every text of this catalogue, by name.
        pub const ALL: &[(&str, $crate::i18n::T)] = &[ $( (stringify!($name), $name), )* ];
    };
}

fn placeholders(s: &str) -> Vec<&str> {
    let mut v: Vec<&str> = s
        .split('{')
        .skip(1)
        .filter_map(|p| p.split_once('}').map(|(name, _)| name))
        .collect();
    v.sort_unstable();
    v
}

/// True for text with kana, kanji or full-width forms in it (tests use it
/// to check that what we write in Japanese is Japanese).
pub fn has_japanese(s: &str) -> bool {
    s.chars().any(is_japanese)
}

fn is_japanese(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF | 0x3000..=0x303F)
}

/// Words that stay as they are in Japanese text: names of services and
/// things on-call types or sees on screen.
pub const KEPT_WORDS: &[&str] = &[
    "AWS",
    "Trust",
    "Safety",
    "Slack",
    "GuardDuty",
    "SES",
    "IAM",
    "EC2",
    "S3",
    "CloudTrail",
    "CloudWatch",
    "Health",
    "Support",
    "Center",
    "Cost",
    "Explorer",
    "Lambda",
    "RDS",
    "EBS",
    "AMI",
    "CLI",
    "EKS",
    "ECS",
    "Kubernetes",
    "GPU",
    "AMI",
    "IMDSv2",
    "SSRF",
    "EICAR",
    "VPN",
    "RBAC",
    "MFA",
    "Session",
    "UAE",
    "Identity",
    "Center",
    "SAML",
    "SMTP",
    "API",
    "ARN",
    "URL",
    "IP",
    "UTC",
    "ID",
    "DNS",
    "SSH",
    "DoS",
    "DMCA",
    "Block",
    "Public",
    "Access",
    "Secrets",
    "Manager",
    "SSM",
    "Parameter",
    "Store",
    "env",
    "git",
    "Respond",
    "By",
    "OK",
    "ALARM",
    "Security",
    "credentials",
    "Re",
    "Systems",
    "VPC",
    "TCP",
    "MFA",
    "CAPTCHA",
    "CloudFront",
    "Athena",
    "Lake",
    "Global",
    "View",
    "EventBridge",
    "CloudFormation",
    "Scheduler",
];

/// What is wrong with a catalogue (empty when nothing is): placeholders
/// that differ between the languages, a Japanese text without Japanese, an
/// English word left in the Japanese text (other than [`KEPT_WORDS`]).
pub fn check(all: &[(&str, T)]) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, t) in all {
        if placeholders(t.en) != placeholders(t.ja) {
            problems.push(format!(
                "{name}: placeholders differ: {:?} vs {:?}",
                placeholders(t.en),
                placeholders(t.ja)
            ));
        }
        if t.en.trim().is_empty() || t.ja.trim().is_empty() {
            problems.push(format!("{name}: empty"));
        }
        // Placeholders and `code` (field names, error codes) are not words.
        let without_placeholders: String = {
            let mut out = String::new();
            let (mut brace, mut tick) = (false, false);
            for c in t.ja.chars() {
                match c {
                    '{' => brace = true,
                    '}' => brace = false,
                    '`' => tick = !tick,
                    c if !brace && !tick => out.push(c),
                    _ => {}
                }
            }
            out
        };
        if !without_placeholders.chars().any(is_japanese) && !without_placeholders.trim().is_empty()
        {
            let letters: String = without_placeholders
                .chars()
                .filter(|c| c.is_ascii_alphabetic())
                .collect();
            // A text of only kept words and signs (":white_check_mark:") may stay.
            if !letters.is_empty()
                && without_placeholders
                    .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                    .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
                    .any(|w| !KEPT_WORDS.contains(&w) && !w.contains('_'))
            {
                problems.push(format!(
                    "{name}: the Japanese text is not Japanese: {:?}",
                    t.ja
                ));
            }
        }
        for w in without_placeholders
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '_' && c != '.')
            .map(|w| w.trim_matches('.'))
            .filter(|w| w.len() >= 3 && w.chars().all(|c| c.is_ascii_alphabetic()))
        {
            // Emoji shortcodes (`:alarm_clock:`) and kept words are fine.
            let in_shortcode = t.ja.contains(&format!(":{w}:"))
                || t.ja.contains(&format!("{w}_"))
                || t.ja.contains(&format!("_{w}"));
            if !KEPT_WORDS.contains(&w) && !in_shortcode {
                problems.push(format!(
                    "{name}: English word {w:?} in the Japanese text {:?}",
                    t.ja
                ));
            }
        }
    }
    problems
}

/// The English of `catalogues` that shows in `text` (a message rendered in
/// Japanese): each English text is cut at its placeholders, and every piece
/// of 12 characters or more that is not also in its Japanese text counts.
/// Empty when the Japanese message has no catalogue English left in it.
pub fn english_in(text: &str, catalogues: &[&[(&str, T)]]) -> Vec<String> {
    let mut found = Vec::new();
    for (name, t) in catalogues.iter().flat_map(|c| c.iter()) {
        for piece in t.en.split(['{', '}']).step_by(2) {
            let piece = piece.trim();
            if piece.chars().count() >= 12 && !t.ja.contains(piece) && text.contains(piece) {
                found.push(format!("{name}: {piece:?}"));
            }
        }
    }
    found
}

pub mod ui;
pub mod values;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_left_in_a_japanese_message_is_found_by_its_pieces() {
        const C: &[(&str, T)] = &[(
            "X",
            T {
                en: "Replied to AWS by {who} before the deadline",
                ja: "{who} がAWSに返信しました（期限内）",
            },
        )];
        assert!(english_in("{who} がAWSに返信しました（期限内）", &[C]).is_empty());
        assert!(english_in("Sato がAWSに返信", &[C]).is_empty());
        let found = english_in("x before the deadline", &[C]);
        assert_eq!(found, ["X: \"before the deadline\""]);
        assert!(!english_in("Replied to AWS by Sato", &[C]).is_empty());
    }

    #[test]
    fn values_fill_their_placeholders() {
        let t = T {
            en: "{n} more like this",
            ja: "同様の通知{n}件",
        };
        assert_eq!(t.fill(Lang::En, &[("n", &3)]), "3 more like this");
        assert_eq!(t.fill(Lang::Ja, &[("n", &3)]), "同様の通知3件");
        assert_eq!(fill("{a} {b} {a}", &[("a", &"x")]), "x {b} x");
        assert_eq!(fill("no {end", &[]), "no {end");
    }

    #[test]
    fn the_checks_find_what_a_translation_got_wrong() {
        let bad = [
            (
                "PLACE",
                T {
                    en: "{n} left",
                    ja: "あと{m}",
                },
            ),
            (
                "ENGLISH",
                T {
                    en: "Acknowledge",
                    ja: "Acknowledge",
                },
            ),
            (
                "STRAY",
                T {
                    en: "Reply by",
                    ja: "返信 by deadline",
                },
            ),
        ];
        let p = check(&bad);
        assert!(p.iter().any(|x| x.starts_with("PLACE")), "{p:?}");
        assert!(p.iter().any(|x| x.starts_with("ENGLISH")), "{p:?}");
        assert!(p.iter().any(|x| x.contains("deadline")), "{p:?}");
        let good = [(
            "OK",
            T {
                en: ":eyes: Seen by {who}",
                ja: ":eyes: {who}が確認",
            },
        )];
        assert!(check(&good).is_empty(), "{:?}", check(&good));
    }

    #[test]
    fn cores_catalogue_is_complete_in_both_languages() {
        let p = check(ui::ALL);
        assert!(p.is_empty(), "{p:#?}");
    }

    #[test]
    fn languages_parse() {
        assert_eq!(Lang::parse(" JA "), Some(Lang::Ja));
        assert_eq!(Lang::parse("fr"), None);
    }
}
