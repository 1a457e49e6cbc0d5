//! Who is acting: the employee behind the request's session cookie. No
//! handler that reads or changes client data runs without one.

use axum::{extract::FromRequestParts, http::request::Parts};
use zicht_acts::Caller;
use zicht_storage::StoreError;

use crate::{auth, AppState, WebError};

/// The employee behind a request: who the acts are done by, with the
/// session's form token.
#[derive(Debug, Clone)]
pub struct Acting {
    pub caller: Caller,
    /// To put in every form this person may submit.
    pub csrf_token: String,
}

impl std::ops::Deref for Acting {
    type Target = Caller;
    fn deref(&self) -> &Caller {
        &self.caller
    }
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
        let token = auth::cookie(&parts.headers, auth::SESSION_COOKIE).ok_or(WebError::NoActor)?;
        let acting = resolve(state, &token).await?;
        parts.extensions.insert(acting.clone());
        Ok(acting)
    }
}

/// The acting employee for a session cookie value.
pub async fn resolve(state: &AppState, token: &str) -> Result<Acting, WebError> {
    let session = auth::live_session(state, token).await?;
    let caller = match Caller::resolve(state.store.as_ref(), session.employee_id, state.now()).await
    {
        Ok(caller) => caller,
        Err(StoreError::NotFound(_)) => return Err(WebError::NoActor),
        Err(e) => return Err(e.into()),
    };
    Ok(Acting {
        caller,
        csrf_token: session.csrf_token,
    })
}
