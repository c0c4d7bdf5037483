//! Signing in (O3): credential checks with a login throttle, turning a
//! session's agent id into an `Actor`, and creating the first admin.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use model::access::BuiltinRole;
use model::people::{EMAIL_MAX, PASSWORD_MAX};
use model::two_factor::TwoFactorSetup;
use model::Me;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use crate::actor::Actor;
use crate::clock::Clock;
use crate::entities::{agent, role};
use crate::error::{Error, Result};
use crate::passwords;
use crate::people::roles::{ensure_builtin_roles, permissions_of};
use crate::two_factor::{self, SecondFactor};
use crate::validate::Check;

/// Failed sign-ins allowed per (e-mail, client address) within the window.
pub const MAX_FAILURES: usize = 5;
pub const FAILURE_WINDOW_MINUTES: i64 = 15;

/// Counts recent failed sign-ins per key. Pure apart from its map, so it is
/// tested with plain timestamps.
#[derive(Debug, Default)]
pub struct LoginThrottle {
    failures: HashMap<String, Vec<DateTime<Utc>>>,
}

impl LoginThrottle {
    /// Seconds to wait if `key` is locked out at `now`.
    pub fn locked_for(&mut self, key: &str, now: DateTime<Utc>) -> Option<u64> {
        let window = Duration::minutes(FAILURE_WINDOW_MINUTES);
        let list = self.failures.get_mut(key)?;
        list.retain(|t| *t > now - window);
        if list.len() < MAX_FAILURES {
            return None;
        }
        let oldest = list.iter().min()?;
        Some((*oldest + window - now).num_seconds().max(1) as u64)
    }

    pub fn record_failure(&mut self, key: &str, now: DateTime<Utc>) {
        // Bound memory under a spray of random keys: forget stale entries.
        if self.failures.len() > 10_000 {
            let cutoff = now - Duration::minutes(FAILURE_WINDOW_MINUTES);
            self.failures.retain(|_, l| l.iter().any(|t| *t > cutoff));
        }
        self.failures.entry(key.to_owned()).or_default().push(now);
    }

    pub fn clear(&mut self, key: &str) {
        self.failures.remove(key);
    }
}

/// Where a sign-in attempt stands (see `model::two_factor::LoginOutcome`).
#[derive(Debug)]
pub enum LoginStep {
    SignedIn(agent::Model),
    CodeRequired,
    SetupRequired(TwoFactorSetup),
    /// Signed in after setting up two-factor sign-in: its recovery codes.
    Enrolled(agent::Model, Vec<String>),
}

/// The first admin account created at start-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstAdmin {
    pub email: String,
    /// Set when no password was configured and one was generated.
    pub generated_password: Option<String>,
}

#[derive(Clone)]
pub struct AuthService {
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
    throttle: Arc<Mutex<LoginThrottle>>,
}

impl AuthService {
    pub fn new(db: DatabaseConnection, clock: Arc<dyn Clock>) -> Self {
        Self {
            db,
            clock,
            throttle: Arc::default(),
        }
    }

    /// Check credentials for an account without a second factor (fixtures,
    /// the bench); an account with one is refused with `code:
    /// two_factor_required`.
    pub async fn login(&self, email: &str, password: &str, client: &str) -> Result<agent::Model> {
        match self.sign_in(email, password, None, client).await? {
            LoginStep::SignedIn(a) | LoginStep::Enrolled(a, _) => Ok(a),
            LoginStep::CodeRequired | LoginStep::SetupRequired(_) => {
                Err(Error::field("code", "two_factor_required"))
            }
        }
    }

    /// Check credentials and, when the account has or needs one, the second
    /// factor (`code`: an authenticator code or a recovery code). `client`
    /// identifies the caller (IP address) for the throttle, which counts
    /// wrong codes like wrong passwords. Wrong e-mail and wrong password get
    /// the same answer.
    pub async fn sign_in(
        &self,
        email: &str,
        password: &str,
        code: Option<&str>,
        client: &str,
    ) -> Result<LoginStep> {
        let mut check = Check::new();
        let email = check
            .required_text("email", email, EMAIL_MAX)
            .to_lowercase();
        if password.is_empty() {
            check.fail("password", "required");
        }
        check.max_len("password", password, PASSWORD_MAX);
        check.finish()?;

        let key = format!("{email}|{client}");
        let now = self.clock.now();
        if let Some(retry_after_secs) = self.lock().locked_for(&key, now) {
            return Err(Error::RateLimited { retry_after_secs });
        }

        let found = agent::Entity::find()
            .filter(agent::Column::Email.eq(&email))
            .find_also_related(role::Entity)
            .one(&self.db)
            .await?;
        let ok = match &found {
            Some((a, _)) => passwords::verify(password, &a.password_hash).await?,
            None => {
                // Spend the same time as a real check so timing does not
                // reveal which e-mails exist.
                let _ = passwords::verify(password, DUMMY_HASH).await;
                false
            }
        };
        match found {
            Some((a, role)) if ok => {
                if !a.enabled {
                    self.lock().clear(&key);
                    return Err(Error::field("email", "account_disabled"));
                }
                let required = role.is_some_and(|r| r.require_two_factor);
                let step = two_factor::second_factor(&self.db, now, &a, required, code).await;
                match step {
                    Err(Error::Invalid(f)) => {
                        self.lock().record_failure(&key, now);
                        Err(Error::Invalid(f))
                    }
                    Err(e) => Err(e),
                    Ok(SecondFactor::CodeRequired) => Ok(LoginStep::CodeRequired),
                    Ok(SecondFactor::SetupRequired(s)) => Ok(LoginStep::SetupRequired(s)),
                    Ok(SecondFactor::Passed) => {
                        self.lock().clear(&key);
                        Ok(LoginStep::SignedIn(a))
                    }
                    Ok(SecondFactor::Enrolled(codes)) => {
                        self.lock().clear(&key);
                        Ok(LoginStep::Enrolled(a, codes))
                    }
                }
            }
            _ => {
                self.lock().record_failure(&key, now);
                Err(Error::field("password", "wrong_credentials"))
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, LoginThrottle> {
        self.throttle.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The actor behind a session. Disabled or deleted agents are signed out.
    pub async fn actor(&self, agent_id: i32) -> Result<(Actor, Me)> {
        let Some((a, Some(r))) = agent::Entity::find_by_id(agent_id)
            .find_also_related(role::Entity)
            .one(&self.db)
            .await?
        else {
            return Err(Error::Unauthenticated);
        };
        if !a.enabled || !two_factor::satisfies(&a, &r) {
            return Err(Error::Unauthenticated);
        }
        let permissions = permissions_of(&r);
        let me = Me {
            id: a.id,
            avatar_url: crate::people::agents::avatar_url(&a),
            email: a.email,
            name: a.name,
            display_name: a.display_name,
            role_name: r.name,
            permissions: permissions.clone(),
        };
        Ok((Actor::new(a.id, permissions), me))
    }

    /// Create the built-in roles and, when no enabled admin exists, an admin
    /// account. Without a configured password one is generated and returned
    /// so start-up can print it once.
    pub async fn ensure_first_admin(
        &self,
        email: &str,
        password: Option<&str>,
    ) -> Result<Option<FirstAdmin>> {
        let roles = ensure_builtin_roles(&self.db, self.clock.now()).await?;
        let admin_exists = agent::Entity::find()
            .filter(agent::Column::RoleId.eq(roles.admin))
            .filter(agent::Column::Enabled.eq(true))
            .one(&self.db)
            .await?
            .is_some();
        if admin_exists {
            return Ok(None);
        }
        let mut check = Check::new();
        let email = check.email("email", email, EMAIL_MAX);
        let (password, generated) = match password.filter(|p| !p.is_empty()) {
            Some(p) => (p.to_owned(), None),
            None => {
                let p = passwords::generate();
                (p.clone(), Some(p))
            }
        };
        check.min_len("password", &password, model::people::PASSWORD_MIN);
        check.finish()?;

        let now = self.clock.now();
        let existing = agent::Entity::find()
            .filter(agent::Column::Email.eq(&email))
            .one(&self.db)
            .await?;
        let hash = passwords::hash(&password).await?;
        match existing {
            // The configured e-mail belongs to someone: promote and re-enable.
            Some(a) => {
                let mut row: agent::ActiveModel = a.into();
                row.role_id = Set(roles.admin);
                row.enabled = Set(true);
                row.password_hash = Set(hash);
                row.updated_at = Set(now);
                row.update(&self.db).await?;
            }
            None => {
                agent::ActiveModel {
                    email: Set(email.clone()),
                    password_hash: Set(hash),
                    name: Set("Admin".into()),
                    display_name: Set("Admin".into()),
                    avatar_url: Set(None),
                    role_id: Set(roles.admin),
                    max_chats: Set(None),
                    enabled: Set(true),
                    status: Set(model::people::AgentStatus::Offline),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(&self.db)
                .await?;
            }
        }
        tracing::info!(%email, role = BuiltinRole::Admin.key(), "first admin account ready");
        Ok(Some(FirstAdmin {
            email,
            generated_password: generated,
        }))
    }
}

/// Argon2id hash of a random string, only used to equalise timing.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$VnZ3cf5f1mQ0m3LwVtN0Xq0Hnzqk0yqv5m8C1s6mUuM";

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn throttle_locks_after_max_failures_and_releases_after_window() {
        let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let mut th = LoginThrottle::default();
        for i in 0..MAX_FAILURES {
            assert_eq!(th.locked_for("k", t0), None, "attempt {i}");
            th.record_failure("k", t0 + Duration::seconds(i as i64));
        }
        let wait = th.locked_for("k", t0 + Duration::seconds(10)).unwrap();
        assert!(wait > 800 && wait <= 900, "{wait}");
        assert_eq!(th.locked_for("other", t0), None);
        assert_eq!(th.locked_for("k", t0 + Duration::minutes(16)), None);
    }
}
