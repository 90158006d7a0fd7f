//! The AWS Support case a Health event's text names, if it names one, so a
//! RISK alert and the Support case alert can name each other.
//!
//! AWS's RISK texts say "We have opened a Support Case" (AWS's 2025 sample)
//! and sometimes give its number: "case 178120556800417", "Case ID:
//! 1781205568", "[CASE 1781205568]", or a Support Center link with
//! `displayId=`. The number is the case's *display id* (what the Support
//! Center and the `Support Case Update` event's `display-id` show). Nothing
//! else is taken for one: a bare number elsewhere is not a case.
//!
//! Used by the RISK normaliser: the reply draft goes into the case it
//! names (`ReplyVia::SupportCase`).

/// Digits only, as long as display ids are (10 digits in older cases, 15
/// in newer ones; a margin either side).
fn display_id(word: &str) -> Option<&str> {
    let w = word.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    ((8..=20).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit())).then_some(w)
}

/// The display id of the Support case `text` names, if it names one.
pub fn support_case_named(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    if let Some(at) = lower.find("displayid=") {
        let rest = &text[at + "displayid=".len()..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if let Some(id) = display_id(&digits) {
            return Some(id.to_owned());
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        let bare = w
            .trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .to_ascii_lowercase();
        let bare = bare.trim_end_matches('#');
        if bare != "case" {
            continue;
        }
        // "case 123…", "case ID: 123…", "case number 123…", "case #123…".
        for next in words.iter().skip(i + 1).take(3) {
            if let Some(id) = display_id(next) {
                return Some(id.to_owned());
            }
            let filler = next
                .trim_matches(|c: char| !c.is_ascii_alphanumeric())
                .to_ascii_lowercase();
            if !matches!(filler.as_str(), "" | "id" | "number" | "no" | "num") {
                break;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_number_is_read_where_the_text_names_a_case() {
        for (text, want) in [
            ("We have opened Support case 178120556800417 with more details.", Some("178120556800417")),
            ("[CASE 1781205568] [ACTION REQUIRED] Your AWS account", Some("1781205568")),
            ("Please see Case ID: 1781205568.", Some("1781205568")),
            ("see case number 1781205568, and reply", Some("1781205568")),
            ("in case #1781205568 we", Some("1781205568")),
            (
                "https://console.aws.amazon.com/support/home#/case/?displayId=5719182371&language=en",
                Some("5719182371"),
            ),
        ] {
            assert_eq!(support_case_named(text).as_deref(), want, "{text}");
        }
    }

    #[test]
    fn nothing_else_is_taken_for_a_case_number() {
        for text in [
            // AWS's 2025 sample: a case, but no number.
            "Your AWS Account may be compromised! We have opened a Support Case with more details.",
            "Your AWS account 111122223333 may be compromised.",
            "In case 2 keys were exposed, rotate both.",
            "case 12345 is too short to be a display id",
            "case 1781205568x",
            "",
        ] {
            assert_eq!(support_case_named(text), None, "{text}");
        }
    }
}
