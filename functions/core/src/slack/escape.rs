//! Turning untrusted event text into Slack text that stays text.
//!
//! Slack's mrkdwn gives `&`, `<` and `>` special meaning: `<!channel>`,
//! `<@U123>` and `<https://evil|click>` are mentions and links. Every value that
//! came from an event goes through [`text`] or [`code`] before it is placed in
//! an mrkdwn string; long free text goes into `plain_text` objects instead,
//! which Slack never parses.

/// Escapes `&`, `<`, `>` and defuses bare broadcast words (`@here`,
/// `@channel`, `@everyone`, as whole words) with a word joiner after the `@`.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    push_text(&mut out, s, true);
    out
}

/// Appends `s` to `out` with each character `with` names replaced, and
/// the runs between them copied whole (rendering spends much of its time
/// escaping). Only characters whose first UTF-8 byte `lead` accepts are
/// decoded and offered to `with`: `lead` must accept the first byte of
/// every character `with` replaces, and no continuation byte (0x80-0xBF),
/// so a looked-at byte always starts a character.
fn copy_replacing(
    out: &mut String,
    s: &str,
    lead: impl Fn(u8) -> bool,
    with: impl Fn(usize, char) -> Option<&'static str>,
) {
    let bytes = s.as_bytes();
    let (mut kept, mut i) = (0, 0);
    while i < bytes.len() {
        if !lead(bytes[i]) {
            i += 1;
            continue;
        }
        let c = s[i..]
            .chars()
            .next()
            .expect("a lead byte starts a character");
        if let Some(r) = with(i, c) {
            out.push_str(&s[kept..i]);
            out.push_str(r);
            kept = i + c.len_utf8();
        }
        i += c.len_utf8();
    }
    out.push_str(&s[kept..]);
}

/// First bytes of the control characters (U+0000-001F, U+007F, and
/// U+0080-009F, which UTF-8 writes as 0xC2 0x80-0x9F).
fn control_lead(b: u8) -> bool {
    b < 0x20 || b == 0x7F || b == 0xC2
}

/// [`text`], appended to `out`; `defuse` adds the word joiners.
fn push_text(out: &mut String, s: &str, defuse: bool) {
    copy_replacing(
        out,
        s,
        |b| matches!(b, b'&' | b'<' | b'>' | b'@') || control_lead(b),
        |i, c| match c {
            '&' => Some("&amp;"),
            '<' => Some("&lt;"),
            '>' => Some("&gt;"),
            '@' if defuse && broadcast_word_follows(&s[i + 1..]) => Some("@\u{2060}"),
            c if c.is_control() && c != '\n' => Some(" "),
            _ => None,
        },
    );
}

/// `here`, `channel` or `everyone` as a whole word (`@hereford` is a name).
fn broadcast_word_follows(rest: &str) -> bool {
    ["here", "channel", "everyone"].iter().any(|w| {
        starts_with_ignore_case(rest, w)
            && !rest[w.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '.')
    })
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// True for characters that can forge what a line looks like: line and
/// paragraph separators, bidi overrides and isolates, zero-width characters.
pub fn is_forging(c: char) -> bool {
    matches!(
        c,
        '\u{2028}' | '\u{2029}' | '\u{0085}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200E}' | '\u{200F}' | '\u{061C}'
            | '\u{200B}'..='\u{200D}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}'
    )
}

/// One line of text that cannot forge another: newlines and separators
/// become spaces, bidi controls and zero-width characters are dropped,
/// other control characters become spaces. For headers and the top-level
/// `text` (what push notifications show).
pub fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // The forging characters start with 0xC2 (U+0085), 0xD8 (U+061C),
    // 0xE2 (U+200B-2064) or 0xEF (U+FEFF).
    copy_replacing(
        &mut out,
        s,
        |b| control_lead(b) || matches!(b, 0xD8 | 0xE2 | 0xEF),
        |_, c| match c {
            '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{0085}' => Some(" "),
            c if is_forging(c) => Some(""),
            c if c.is_control() => Some(" "),
            _ => None,
        },
    );
    out
}

/// An inline code span: no bold/italic/strike or links inside, one line,
/// backticks replaced by a look-alike so the span cannot be closed early.
pub fn code(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 10);
    push_code(&mut out, s);
    out
}

/// [`code`], appended to `out`.
pub fn push_code(out: &mut String, s: &str) {
    // Control characters become spaces and bidi or zero-width characters go
    // (they would reorder or split what the span shows, as in one_line), so
    // trimming those too gives the same span as replacing first and
    // trimming after.
    let one_line = s.trim_matches(|c: char| c.is_whitespace() || c.is_control() || is_forging(c));
    if one_line.is_empty() {
        out.push('—');
        return;
    }
    out.push('`');
    if one_line.contains(|c: char| c == '`' || c.is_control() || is_forging(c)) {
        let cleaned: String = one_line
            .chars()
            .filter_map(|c| match c {
                '`' => Some('ˋ'),
                '\u{2028}' | '\u{2029}' => Some(' '),
                c if is_forging(c) => None,
                c if c.is_control() => Some(' '),
                c => Some(c),
            })
            .collect();
        // No word joiners in a code span: its value copies exactly (an
        // e-mail address, an ARN); Slack does not parse mentions in it.
        push_text(out, &cleaned, false);
    } else {
        push_text(out, one_line, false);
    }
    out.push('`');
}

/// A code block's text (what goes between its fences): escaped like
/// [`text`], but with no word joiners, so it copies exactly (a reply to AWS
/// must not carry invisible characters). Slack parses no mentions in it.
pub fn block(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    push_text(&mut out, s, false);
    out
}

/// Text for a `plain_text` object: Slack shows it literally. Control
/// characters other than newlines are replaced.
pub fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    copy_replacing(&mut out, s, control_lead, |_, c| {
        (c.is_control() && c != '\n').then_some(" ")
    });
    out
}

/// The marker appended when text is cut to fit a Slack limit.
pub const TRUNCATED: &str = "… [truncated]";

/// [`truncate`] for an owned string: returned as it is when it fits.
pub fn fit(s: String, max: usize) -> String {
    // At most `max` bytes is at most `max` characters: no need to count.
    if s.len() <= max || s.chars().count() <= max {
        s
    } else {
        truncate(&s, max)
    }
}

/// Cuts already-escaped text to at most `max` characters (Slack counts
/// characters), adding [`TRUNCATED`]. Never cuts inside an `&...;` entity, a
/// multi-byte character, or an open code span.
pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let marker_len = TRUNCATED.chars().count();
    let keep = max.saturating_sub(marker_len + 1);
    let mut end = s.char_indices().nth(keep).map_or(s.len(), |(i, _)| i);
    // Back off out of an entity such as `&amp;`.
    if let Some(amp) = s[..end].rfind('&') {
        if !s[amp..end].contains(';') && end - amp < 6 {
            end = amp;
        }
    }
    let mut out = s[..end].to_owned();
    // Keep code spans balanced.
    if out.matches('`').count() % 2 == 1 {
        out.push('`');
    }
    out.push_str(TRUNCATED);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The character-by-character forms the copying ones replaced.
    fn reference_text(s: &str, defuse: bool) -> String {
        let mut out = String::new();
        for (i, c) in s.char_indices() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '@' => {
                    out.push('@');
                    if defuse && broadcast_word_follows(&s[i + 1..]) {
                        out.push('\u{2060}');
                    }
                }
                c if c.is_control() && c != '\n' => out.push(' '),
                c => out.push(c),
            }
        }
        out
    }

    fn reference_one_line(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
            match c {
                '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{0085}' => out.push(' '),
                c if is_forging(c) => {}
                c if c.is_control() => out.push(' '),
                c => out.push(c),
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn copying_runs_escapes_exactly_as_char_by_char(
            s in "(@here|@channel|@everyone|@hereford|[&<>@`\n\r\t\u{0}\u{1F}\u{7F}\u{80}\u{85}\u{9F}\u{A0}\u{61C}\u{2028}\u{2029}\u{202A}\u{202E}\u{2066}\u{2069}\u{200B}\u{200D}\u{200E}\u{2060}\u{2064}\u{2065}\u{FEFF}\u{FFFD}é€😀]|[a-z ]{0,3}|[ぁ-んア-ン]|.){0,40}"
        ) {
            proptest::prop_assert_eq!(text(&s), reference_text(&s, true));
            proptest::prop_assert_eq!(block(&s), reference_text(&s, false));
            proptest::prop_assert_eq!(one_line(&s), reference_one_line(&s));
            let plain_ref: String = s.chars().map(|c| if c.is_control() && c != '\n' { ' ' } else { c }).collect();
            proptest::prop_assert_eq!(plain(&s), plain_ref);
        }
    }

    #[test]
    fn mentions_and_links_in_event_text_become_text() {
        let out = text("<!channel> see <https://evil.example|click> & <@U123>");
        assert_eq!(
            out,
            "&lt;!channel&gt; see &lt;https://evil.example|click&gt; &amp; &lt;@U123&gt;"
        );
        assert!(!out.contains('<'));
    }

    #[test]
    fn bare_broadcast_words_are_defused() {
        let out = text("ping @here and @Channel, mail me@example.com");
        assert!(!out.contains("@here") && !out.contains("@Channel"), "{out}");
        assert!(out.contains("me@example.com"));
        // A name that starts with a broadcast word is left alone.
        assert_eq!(text("ops@hereford.example"), "ops@hereford.example");
    }

    #[test]
    fn values_in_code_spans_copy_exactly() {
        for v in [
            "ops@hereford.example",
            "arn:aws:iam::111122223333:user/deploy@here",
            "alice@everyone.example",
        ] {
            assert_eq!(code(v), format!("`{v}`"), "{v}");
            assert!(!code(v).contains('\u{2060}'));
        }
    }

    #[test]
    fn one_line_text_cannot_forge_lines_or_reorder_itself() {
        let forged = "Invoice\n[CRITICAL] fake\u{2028}line \u{202E}txt.exe\u{200B}\u{2066}x\u{2069}\r\u{feff}";
        let out = one_line(forged);
        assert_eq!(out, "Invoice [CRITICAL] fake line txt.exex ");
        assert!(!out.chars().any(|c| is_forging(c) || c.is_control()));
    }

    #[test]
    fn code_spans_cannot_reorder_or_split_what_they_show() {
        // "prod<RLO>gnp.exe" would read "prodexe.png"; a line separator
        // would start a forged line inside the span.
        assert_eq!(code("prod\u{202E}gnp.exe"), "`prodgnp.exe`");
        assert_eq!(code("a\u{2066}b\u{2069}c\u{200B}"), "`abc`");
        assert_eq!(code("x\u{2028}[CRITICAL] y"), "`x [CRITICAL] y`");
        assert_eq!(code("\u{202E}\u{2066}"), "—");
    }

    #[test]
    fn code_spans_cannot_be_closed_by_the_value() {
        assert_eq!(code("a`b *c*"), "`aˋb *c*`");
        assert_eq!(code("x\ny"), "`x y`");
        assert_eq!(code("  "), "—");
    }

    #[test]
    fn truncation_respects_limit_and_entities() {
        let s = text(&"<".repeat(100));
        let t = truncate(&s, 50);
        assert!(t.chars().count() <= 50, "{}", t.chars().count());
        assert!(t.ends_with(TRUNCATED));
        let body = t.trim_end_matches(TRUNCATED);
        assert!(
            body.split("&lt;").all(|p| p.is_empty()),
            "cut inside an entity: {t}"
        );
    }

    #[test]
    fn fit_is_truncate_for_owned_strings() {
        for s in [
            "short",
            &"é".repeat(60),
            &"ab".repeat(40),
            &text(&"<".repeat(30)),
        ] {
            assert_eq!(fit(s.to_owned(), 50), truncate(s, 50), "{s}");
        }
        // 60 two-byte characters: over 50 bytes, but within 60 characters.
        let wide = "é".repeat(60);
        assert_eq!(fit(wide.clone(), 60), wide);
    }

    #[test]
    fn code_trims_and_cleans_like_replace_then_trim() {
        assert_eq!(code("\u{7}\t key \u{1b}"), "`key`");
        assert_eq!(code("\u{7}"), "—");
        assert_eq!(code(" a\u{1b}b "), "`a b`");
        assert_eq!(code("<@U1>`"), "`&lt;@U1&gt;ˋ`");
    }

    #[test]
    fn truncation_is_char_safe_and_keeps_code_balanced() {
        let t = truncate(&format!("`{}`", "é".repeat(500)), 100);
        assert!(t.chars().count() <= 100);
        assert_eq!(t.matches('`').count() % 2, 0);
        assert_eq!(truncate("short", 10), "short");
    }
}
