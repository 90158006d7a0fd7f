//! Respond By core: the common alert, its deadline, Slack rendering and
//! delivery, configuration and secrets. Pure code is testable without AWS;
//! I/O sits behind the [`slack::Poster`] trait and small functions that take
//! their clients as arguments.

pub mod alert;
pub mod config;
pub mod deadline;
pub mod event;
pub mod guard;
pub mod i18n;
pub mod lambda;
pub mod links;
pub mod plan;
pub mod preview;
pub mod secrets;
pub mod slack;
pub mod store;
pub mod time;
pub mod tracked;
pub mod zones;

pub use alert::{Alert, Fact, Link, Outcome, Severity, Source, Status};
pub use config::{Config, ConfigError};
pub use deadline::DeadlinePolicy;
pub use event::{Ctx, Envelope, EventError};
pub use i18n::Lang;
