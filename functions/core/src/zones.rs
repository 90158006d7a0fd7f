//! The display time zone: one room with one job. Deadlines are always
//! shown in UTC and as Slack's date token (each reader's own time); with
//! `DISPLAY_TIME_ZONE` (an IANA name such as `Asia/Tokyo`, or a POSIX TZ
//! rule such as `JST-9`) they are also shown in that zone's local time.
//!
//! The zone's current rule comes from a table generated from tzdata
//! (`table.rs`, by `functions/core/gen-zones.py`) and is evaluated by
//! `tz-rs`; nothing reads the machine's zoneinfo (Lambda's provided.al2023
//! has none). A rule describes a zone's present and future, which is what
//! a deadline needs; past changes of a zone's rules are not kept.

mod table;

use chrono::{DateTime, FixedOffset, Utc};

pub use table::TZDATA;

/// A time zone deadlines are also shown in.
#[derive(Debug, Clone, PartialEq)]
pub struct DisplayZone {
    name: String,
    tz: tz::TimeZone,
}

/// The POSIX rule of an IANA name (exact, else ignoring case).
fn rule_of(name: &str) -> Option<&'static str> {
    let zones = table::ZONES;
    match zones.binary_search_by(|(n, _)| (*n).cmp(name)) {
        Ok(i) => Some(zones[i].1),
        Err(_) => zones
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, r)| *r),
    }
}

/// Could `value` be a POSIX TZ rule, and not a file? A rule is its zone's
/// names and offsets (`JST-9`, `IST-5:30`, `<+0545>-5:45`), then, for
/// summer time, its rules (`CET-1CEST,M3.5.0,M10.5.0/3`): `/` and `.` only
/// after the first comma, `:` only in offsets. A path (`/etc/localtime`,
/// `:Europe/Berlin`, `../x9`) is never one; tz-rs checks the rest.
fn is_posix_rule(value: &str) -> bool {
    let names_and_offsets = value.split(',').next().unwrap_or("");
    !value.is_empty()
        && !value.starts_with(':')
        && !value.contains("..")
        && value.bytes().all(|b| b.is_ascii_graphic())
        && !names_and_offsets.contains(['/', '.'])
        && names_and_offsets.bytes().any(|b| b.is_ascii_digit())
}

/// A time zone that follows `rule` at all times. The rule goes through
/// tz-rs's TZif reader as the footer of a version 3 file with no
/// transitions, because tzdata's rules use version 3's extensions (hours
/// past 24 or below 0: Asia/Jerusalem's `M3.4.4/26`, America/Nuuk's
/// `M3.5.0/-1`), which tz-rs reads in files but not in a bare TZ string.
fn from_rule(rule: &str) -> Result<tz::TimeZone, tz::error::TzError> {
    fn header(out: &mut Vec<u8>) {
        out.extend_from_slice(b"TZif3");
        out.extend_from_slice(&[0; 15]);
        // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
        for n in [0u32, 0, 0, 0, 1, 4] {
            out.extend_from_slice(&n.to_be_bytes());
        }
    }
    // One local time type (UTC, "UTC"), which the footer's rule overrides.
    const TYPE: [u8; 10] = [0, 0, 0, 0, 0, 0, b'U', b'T', b'C', 0];
    let mut data = Vec::with_capacity(128 + rule.len());
    header(&mut data);
    data.extend_from_slice(&TYPE);
    header(&mut data);
    data.extend_from_slice(&TYPE);
    data.push(b'\n');
    data.extend_from_slice(rule.as_bytes());
    data.push(b'\n');
    tz::TimeZone::from_tz_data(&data)
}

impl DisplayZone {
    /// An IANA name or a POSIX TZ rule; the error says what is wrong.
    pub fn parse(value: &str) -> Result<DisplayZone, String> {
        let value = value.trim();
        let rule = match rule_of(value) {
            Some(r) => r,
            None if is_posix_rule(value) => value,
            None => {
                return Err(format!(
                    "{value:?} is not a time zone: use an IANA name such as Asia/Tokyo or Europe/London (tzdata {TZDATA}), or a POSIX TZ rule such as JST-9"
                ))
            }
        };
        let tz = from_rule(rule).map_err(|e| format!("{value:?} is not a POSIX TZ rule: {e}"))?;
        Ok(DisplayZone {
            name: value.to_owned(),
            tz,
        })
    }

    /// As configured.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `2026-06-25 18:14 JST`: `t` in this zone, with the zone's
    /// abbreviation (or its offset, `UTC+05:30`, where the rule has no
    /// letters for it).
    pub fn local(&self, t: DateTime<Utc>) -> String {
        let Ok(lt) = self.tz.find_local_time_type(t.timestamp()) else {
            return crate::time::human_utc(t);
        };
        let Some(offset) = FixedOffset::east_opt(lt.ut_offset()) else {
            return crate::time::human_utc(t);
        };
        let abbr = lt.time_zone_designation();
        let label = if abbr.chars().all(|c| c.is_ascii_alphabetic()) && !abbr.is_empty() {
            abbr.to_owned()
        } else {
            format!("UTC{}", offset_text(lt.ut_offset()))
        };
        let local = t.with_timezone(&offset);
        if !(0..=9999).contains(&chrono::Datelike::year(&local)) {
            // chrono signs a year past four digits; keep its form there.
            return format!("{} {label}", local.format("%Y-%m-%d %H:%M"));
        }
        let mut out = String::with_capacity(17 + 1 + label.len());
        crate::time::push_minute(&mut out, &local);
        out.push(' ');
        out.push_str(&label);
        out
    }
}

/// `+09:00`, `-03:30`, `+05:45`.
fn offset_text(secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let m = secs.unsigned_abs() / 60;
    format!("{sign}{:02}:{:02}", m / 60, m % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    #[test]
    fn tokyo_and_a_zone_with_summer_time_show_their_local_time() {
        let tokyo = DisplayZone::parse("Asia/Tokyo").unwrap();
        assert_eq!(tokyo.local(at(2026, 6, 24, 9, 14)), "2026-06-24 18:14 JST");
        assert_eq!(tokyo.local(at(2026, 12, 31, 20, 0)), "2027-01-01 05:00 JST");
        let ny = DisplayZone::parse("America/New_York").unwrap();
        assert_eq!(ny.local(at(2026, 6, 24, 9, 14)), "2026-06-24 05:14 EDT");
        assert_eq!(ny.local(at(2026, 1, 24, 9, 14)), "2026-01-24 04:14 EST");
        // Europe/London: BST starts on the last Sunday of March at 01:00 UTC.
        let london = DisplayZone::parse("Europe/London").unwrap();
        assert_eq!(london.local(at(2026, 3, 29, 0, 59)), "2026-03-29 00:59 GMT");
        assert_eq!(london.local(at(2026, 3, 29, 1, 0)), "2026-03-29 02:00 BST");
    }

    #[test]
    fn the_local_minute_is_written_as_chrono_writes_it_at_the_ends_of_four_digit_years() {
        let tokyo = DisplayZone::parse("Asia/Tokyo").unwrap();
        // Local 10000-01-01: chrono signs a five-digit year.
        assert_eq!(
            tokyo.local(at(9999, 12, 31, 20, 0)),
            "+10000-01-01 05:00 JST"
        );
        assert_eq!(
            tokyo.local(at(9999, 12, 31, 14, 59)),
            "9999-12-31 23:59 JST"
        );
        assert_eq!(tokyo.local(at(1, 1, 1, 0, 0)), "0001-01-01 09:00 JST");
    }

    #[test]
    fn numeric_abbreviations_show_as_offsets_and_rules_and_links_work() {
        let kolkata = DisplayZone::parse("asia/kolkata").unwrap();
        assert_eq!(
            kolkata.local(at(2026, 6, 24, 9, 14)),
            "2026-06-24 14:44 IST"
        );
        let kathmandu = DisplayZone::parse("Asia/Kathmandu").unwrap();
        assert_eq!(
            kathmandu.local(at(2026, 6, 24, 9, 0)),
            "2026-06-24 14:45 UTC+05:45"
        );
        assert_eq!(
            DisplayZone::parse("JST-9")
                .unwrap()
                .local(at(2026, 6, 24, 9, 14)),
            "2026-06-24 18:14 JST"
        );
        // An old name (a link) is the zone it points to.
        // Version 3 rules: transitions at hour 26 and at hour -1.
        let jerusalem = DisplayZone::parse("Asia/Jerusalem").unwrap();
        assert_eq!(
            jerusalem.local(at(2026, 6, 24, 9, 14)),
            "2026-06-24 12:14 IDT"
        );
        assert_eq!(
            jerusalem.local(at(2026, 1, 24, 9, 14)),
            "2026-01-24 11:14 IST"
        );
        let nuuk = DisplayZone::parse("America/Nuuk").unwrap();
        assert_eq!(
            nuuk.local(at(2026, 6, 24, 9, 0)),
            "2026-06-24 08:00 UTC-01:00"
        );
        assert_eq!(
            DisplayZone::parse("Asia/Calcutta")
                .unwrap()
                .local(at(2026, 6, 24, 9, 14)),
            "2026-06-24 14:44 IST"
        );
    }

    /// POSIX TZ rules as README promises: summer time rules (`M3.5.0`,
    /// a transition hour `/3`) and minute offsets (`-5:30`).
    #[test]
    fn posix_rules_with_summer_time_and_minute_offsets_work() {
        let cet = DisplayZone::parse("CET-1CEST,M3.5.0,M10.5.0/3").unwrap();
        assert_eq!(cet.local(at(2026, 1, 24, 9, 14)), "2026-01-24 10:14 CET");
        assert_eq!(cet.local(at(2026, 6, 24, 9, 14)), "2026-06-24 11:14 CEST");
        // Summer time from the last Sunday of March, 02:00 local (01:00 UTC),
        // to the last Sunday of October, 03:00 local (01:00 UTC).
        assert_eq!(cet.local(at(2026, 3, 29, 0, 59)), "2026-03-29 01:59 CET");
        assert_eq!(cet.local(at(2026, 3, 29, 1, 0)), "2026-03-29 03:00 CEST");
        assert_eq!(cet.local(at(2026, 10, 25, 0, 59)), "2026-10-25 02:59 CEST");
        assert_eq!(cet.local(at(2026, 10, 25, 1, 0)), "2026-10-25 02:00 CET");
        let ny = DisplayZone::parse("EST5EDT,M3.2.0,M11.1.0").unwrap();
        assert_eq!(ny.local(at(2026, 6, 24, 9, 14)), "2026-06-24 05:14 EDT");
        assert_eq!(ny.local(at(2026, 1, 24, 9, 14)), "2026-01-24 04:14 EST");
        let ist = DisplayZone::parse("IST-5:30").unwrap();
        assert_eq!(ist.local(at(2026, 6, 24, 9, 14)), "2026-06-24 14:44 IST");
        let npt = DisplayZone::parse("<+0545>-5:45").unwrap();
        assert_eq!(
            npt.local(at(2026, 6, 24, 9, 0)),
            "2026-06-24 14:45 UTC+05:45"
        );
        assert_eq!(ist.name(), "IST-5:30");
    }

    #[test]
    fn a_name_that_is_no_zone_or_a_path_is_refused_naming_it() {
        for bad in [
            "Asia/Tokio",
            "Tokyo",
            "/etc/passwd",
            ":UTC",
            ":/etc/localtime",
            "../../x9",
            "./x9",
            "Asia/../x9",
            "CET-1CEST,M3.5.0,M10.5.0/3/../../etc",
            "CET-1CEST,M13.5.0,M10.5.0/3",
            "",
        ] {
            let e = DisplayZone::parse(bad).unwrap_err();
            assert!(e.contains(&format!("{:?}", bad.trim())), "{e}");
        }
    }

    #[test]
    fn the_table_is_sorted_and_every_rule_parses() {
        assert!(table::ZONES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(table::ZONES.len() > 500);
        let bad: Vec<String> = table::ZONES
            .iter()
            .filter_map(|(name, rule)| {
                from_rule(rule)
                    .err()
                    .map(|e| format!("{name}: {rule} ({e})"))
            })
            .collect();
        assert!(bad.is_empty(), "{bad:#?}");
    }
}
