//! Who a message mentions: one room with one job. Only ops configure
//! mentions (`MENTION_*`, `MENTION_ESCALATION`); events never do.
//!
//! The reminder plan and the Slack renderer both read these; neither owns
//! them, so neither imports the other for them.

use crate::alert::Severity;
use std::fmt;

/// A person or group to notify. Only ops configure these; events never do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mention {
    Here,
    Channel,
    User(String),
    Group(String),
}

impl Mention {
    /// Parses one configured target: `here`, `channel`, a user id (`U…`/`W…`)
    /// or a user-group id (`S…`), optionally written as `@U123` or `<@U123>`.
    pub fn parse(s: &str) -> Result<Mention, String> {
        let t = s
            .trim()
            .trim_start_matches('<')
            .trim_end_matches('>')
            .trim_start_matches(['@', '!']);
        let t = t.strip_prefix("subteam^").unwrap_or(t);
        let id_ok = |id: &str| {
            id.len() >= 2
                && id
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        };
        match t {
            "here" => Ok(Mention::Here),
            "channel" => Ok(Mention::Channel),
            id if id.starts_with('S') && id_ok(id) => Ok(Mention::Group(id.to_owned())),
            id if (id.starts_with('U') || id.starts_with('W')) && id_ok(id) => {
                Ok(Mention::User(id.to_owned()))
            }
            _ => Err(format!(
                "{s:?} is not a Slack mention target (use here, channel, a user id like U0123ABCD or a group id like S0123ABCD)"
            )),
        }
    }
}

impl fmt::Display for Mention {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mention::Here => f.write_str("<!here>"),
            Mention::Channel => f.write_str("<!channel>"),
            Mention::User(id) => write!(f, "<@{id}>"),
            Mention::Group(id) => write!(f, "<!subteam^{id}>"),
        }
    }
}

/// Who is mentioned for each severity. Empty by default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mentions {
    by_severity: [Vec<Mention>; 5],
}

impl Mentions {
    pub fn set(&mut self, severity: Severity, targets: Vec<Mention>) {
        self.by_severity[severity as usize] = targets;
    }

    /// Parses a comma- or space-separated list of targets.
    pub fn parse_list(s: &str) -> Result<Vec<Mention>, String> {
        s.split([',', ' '])
            .filter(|p| !p.trim().is_empty())
            .map(Mention::parse)
            .collect()
    }

    pub fn for_severity(&self, severity: Severity) -> &[Mention] {
        &self.by_severity[severity as usize]
    }
}
