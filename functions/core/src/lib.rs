//! Respond By core: the common alert, its deadline, Slack rendering and
//! delivery, configuration and secrets. Pure code is testable without AWS;
//! I/O sits behind the [`slack::Poster`] trait and small functions that take
//! their clients as arguments.
//!
//! Feature `aws` (on by default): the parts that talk to AWS and Slack (the
//! Lambda handler, secrets, the DynamoDB store, flood control, delivery,
//! the Slack Web API, interactions and signatures). Without it the crate is
//! the pure part, which the `respondby` preview builds in a fraction of the
//! time (no AWS SDK, no HTTP client, no TLS).

pub mod accounts;
pub mod alert;
#[cfg(feature = "aws")]
pub mod assume;
pub mod clock;
pub mod cloudtrail;
pub mod config;
pub mod deadline;
pub mod event;
#[cfg(feature = "aws")]
pub mod guard;
pub mod i18n;
#[cfg(feature = "aws")]
pub mod lambda;
pub mod links;
pub mod listing;
pub mod mention;
#[cfg(feature = "aws")]
pub mod org_names;
pub mod plan;
pub mod preview;
pub mod regions;
pub mod route;
#[cfg(feature = "aws")]
pub mod secrets;
pub mod slack;
pub mod sources;
pub mod store;
pub mod time;
pub mod tracked;
pub mod zones;

pub use alert::{Alert, Fact, Link, Outcome, Severity, Source, Status, TextBy};
#[cfg(feature = "aws")]
pub use config::Config;
pub use config::ConfigError;
pub use deadline::DeadlinePolicy;
pub use event::{Ctx, Envelope, EventError};
pub use i18n::Lang;
