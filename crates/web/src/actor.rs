//! Who is acting. Until sign-in exists, a request names its employee in the
//! `X-Zicht-Actor` header (API) or the `zicht_actor` cookie (pages, set on
//! the "Wie bent u?" page). No handler that changes data runs without one.

use axum::{extract::FromRequestParts, http::request::Parts, http::HeaderMap};
use zicht_domain::{handover::Actor, organisation::Employee, EmployeeId, OrganisationId};
use zicht_storage::{Ctx, StoreError};

use crate::{AppState, WebError};

pub const ACTOR_HEADER: &str = "x-zicht-actor";
pub const ACTOR_COOKIE: &str = "zicht_actor";

/// The employee behind a request, with the context for storage commands.
#[derive(Debug, Clone)]
pub struct Acting {
    pub organisation_id: OrganisationId,
    pub employee: Employee,
    pub ctx: Ctx,
}

impl Acting {
    pub fn today(&self) -> time::Date {
        self.ctx.today()
    }
}

/// Reads one cookie value from the request headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

impl FromRequestParts<AppState> for Acting {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let raw = parts
            .headers
            .get(ACTOR_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
            .or_else(|| cookie(&parts.headers, ACTOR_COOKIE))
            .ok_or(WebError::NoActor)?;
        let id: i64 = raw.trim().parse().map_err(|_| WebError::NoActor)?;
        let (organisation_id, employee) = match state.store.employee(EmployeeId(id)).await {
            Ok(found) => found,
            Err(StoreError::NotFound(_)) => return Err(WebError::NoActor),
            Err(e) => return Err(e.into()),
        };
        let ctx = Ctx {
            organisation_id,
            actor: Actor {
                employee_id: employee.id,
                team_id: employee.team_id,
            },
            at: state.now(),
        };
        Ok(Acting {
            organisation_id,
            employee,
            ctx,
        })
    }
}
