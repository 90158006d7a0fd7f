//! Webhook mode with routes (`CHANNEL_ROUTES`, [`crate::route`]): one
//! webhook per routed secret besides the default one, each read from its
//! secret at start-up and healed from it when Slack says it is gone.

use super::deliver::{Delivered, DeliveryError, Poster, Route, WebhookClient};
use serde_json::Value;
use tokio::time::Instant;

/// The default webhook and the routed ones, by their secret's ARN or name.
#[derive(Debug)]
pub struct Webhooks {
    default: WebhookClient,
    routed: Vec<(String, WebhookClient)>,
}

impl Webhooks {
    pub fn new(default: WebhookClient, routed: Vec<(String, WebhookClient)>) -> Webhooks {
        Webhooks { default, routed }
    }

    /// The webhook for a route's target (the default for none).
    pub fn client(&self, to: Option<&str>) -> &WebhookClient {
        let Some(to) = to else {
            return &self.default;
        };
        match self.routed.iter().find(|(id, _)| id == to) {
            Some((_, c)) => c,
            None => {
                // A case recorded under a route since removed from
                // CHANNEL_ROUTES: its messages still get out.
                tracing::warn!(
                    target = to,
                    "no webhook is configured for this route any more; posting to the default webhook"
                );
                &self.default
            }
        }
    }
}

impl Poster for Webhooks {
    async fn post(
        &self,
        body: &Value,
        route: Route<'_>,
        deadline: Instant,
    ) -> Result<Delivered, DeliveryError> {
        self.client(route.to).post(body, route, deadline).await
    }
}
