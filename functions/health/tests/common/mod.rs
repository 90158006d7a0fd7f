//! What the Health tests share: an event of tests/fixtures/health as an
//! alert in a language, and the texts of its Slack message.
#![allow(dead_code)]

use chrono::Utc;
use respondby_core::slack::{render, texts, RenderOptions};
use respondby_core::{event, Alert, Ctx, DeadlinePolicy, Lang, Outcome};
use respondby_health::normalise;

/// The alert of an event (`None` when it is refused or skipped).
pub fn alert_in(bytes: &[u8], lang: Lang) -> Option<Alert> {
    let (env, _) = event::parse(bytes).ok()?;
    let policy = DeadlinePolicy::default();
    let ctx = Ctx {
        lang,
        ..Ctx::new(&policy)
    };
    match normalise(&env, &ctx).ok()? {
        Outcome::Notify(a) => Some(*a),
        Outcome::Skip { .. } => None,
    }
}

/// The alert of a fixture, which must give one.
pub fn alert(name: &str, lang: Lang) -> Alert {
    alert_in(&respondby_testkit::fixture_bytes("health", name), lang)
        .unwrap_or_else(|| panic!("{name} gives no alert"))
}

/// Every text of the alert's Slack message, one a line.
pub fn shown(a: &Alert, lang: Lang) -> String {
    let body = render(
        a,
        &RenderOptions {
            lang,
            ..RenderOptions::default()
        },
        Utc::now(),
    );
    texts(&body)
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join("\n")
}
