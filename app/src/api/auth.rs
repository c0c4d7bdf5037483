//! Sign in / out and "who am I" (O3).

use leptos::prelude::*;
use model::two_factor::LoginOutcome;
use model::{AppError, Me};

/// Only same-site paths are followed after login (no open redirect).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/".to_owned(),
    }
}

/// Sign in with e-mail and password, then (when the account has or its
/// role requires it) the second factor: `code` is an authenticator code or
/// a recovery code. See `LoginOutcome` for the steps.
#[server(prefix = "/api")]
pub async fn login(
    email: String,
    password: String,
    next: Option<String>,
    #[server(default)] code: Option<String>,
) -> Result<LoginOutcome, AppError> {
    use self::super::ssr::{client_addr, services, session, AGENT_KEY};
    use domain::auth::LoginStep;
    let services = services()?;
    let client = client_addr().await;
    let step = services
        .auth
        .sign_in(&email, &password, code.as_deref(), &client)
        .await?;
    let (agent, recovery_codes) = match step {
        LoginStep::CodeRequired => return Ok(LoginOutcome::CodeRequired),
        LoginStep::SetupRequired(setup) => return Ok(LoginOutcome::SetupRequired { setup }),
        LoginStep::SignedIn(agent) => (agent, None),
        LoginStep::Enrolled(agent, codes) => (agent, Some(codes)),
    };
    let session = session().await?;
    // A new session id on every sign-in prevents session fixation.
    session.cycle_id().await.map_err(|_| AppError::Internal)?;
    session
        .insert(AGENT_KEY, agent.id)
        .await
        .map_err(|_| AppError::Internal)?;
    // Without an explicit target, people who administer land in the console
    // and everyone else in the workbench.
    let target = match next.as_deref() {
        Some(n) if !n.is_empty() => safe_next(Some(n)),
        _ => {
            let (_, me) = services.auth.actor(agent.id).await?;
            if me.can_use_console() {
                "/admin"
            } else {
                "/workbench"
            }
            .to_owned()
        }
    };
    match recovery_codes {
        // The new recovery codes are shown before going on.
        Some(recovery_codes) => Ok(LoginOutcome::Enrolled {
            recovery_codes,
            next: target,
        }),
        None => {
            leptos_axum::redirect(&target);
            Ok(LoginOutcome::SignedIn)
        }
    }
}

#[server(prefix = "/api")]
pub async fn logout() -> Result<(), AppError> {
    let session = self::super::ssr::session().await?;
    session.flush().await.map_err(|_| AppError::Internal)?;
    leptos_axum::redirect("/login");
    Ok(())
}

/// The signed-in person, or `None`.
#[server(prefix = "/api")]
pub async fn current_user() -> Result<Option<Me>, AppError> {
    match self::super::ssr::current().await {
        Ok((_, me)) => Ok(Some(me)),
        Err(AppError::Unauthenticated) => Ok(None),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_is_local_only() {
        assert_eq!(safe_next(Some("/admin/agents")), "/admin/agents");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
