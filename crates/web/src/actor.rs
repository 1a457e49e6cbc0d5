//! Who is acting: the employee behind the request's session cookie. No
//! handler that reads or changes client data runs without one.

use axum::{extract::FromRequestParts, http::request::Parts, http::HeaderMap};
use zicht_domain::{handover::Actor, organisation::Employee, OrganisationId};
use zicht_storage::{Ctx, StoreError};

use crate::{auth, AppState, WebError};

/// The employee behind a request, with the context for storage commands.
#[derive(Debug, Clone)]
pub struct Acting {
    pub organisation_id: OrganisationId,
    pub employee: Employee,
    pub ctx: Ctx,
    /// To put in every form this person may submit.
    pub csrf_token: String,
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
        if let Some(acting) = parts.extensions.get::<Acting>() {
            return Ok(acting.clone());
        }
        let token = cookie(&parts.headers, auth::SESSION_COOKIE).ok_or(WebError::NoActor)?;
        let acting = resolve(state, &token).await?;
        parts.extensions.insert(acting.clone());
        Ok(acting)
    }
}

/// The acting employee for a session cookie value.
pub async fn resolve(state: &AppState, token: &str) -> Result<Acting, WebError> {
    let session = auth::live_session(state, token).await?;
    let (organisation_id, employee) = match state.store.employee(session.employee_id).await {
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
        csrf_token: session.csrf_token,
    })
}
