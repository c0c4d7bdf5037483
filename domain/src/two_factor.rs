//! Two-factor sign-in (hardening: "Also build"): TOTP codes (RFC 6238, via
//! `totp-rs`) from any authenticator app, ten single-use recovery codes,
//! and a per-role requirement.
//!
//! An agent turns it on in the workbench (`begin` → scan → `confirm` with a
//! first code → recovery codes shown once); turning it off or making new
//! recovery codes needs the password. A role may require it: its members
//! who have none are signed out (`AuthService::actor`) and set it up during
//! their next sign-in. An admin resets it for someone who lost their phone.
//! Each code is accepted once: the matched time step is stored and only a
//! later one is accepted, by a conditional UPDATE that two concurrent
//! sign-ins cannot both win.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use model::audit::{AuditAction, AuditKind};
use model::two_factor::{RecoveryCodes, TwoFactorSetup, TwoFactorStatus, RECOVERY_CODE_COUNT};
use model::Permission;
use rand::Rng;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};
use totp_rs::{Builder, Secret, Totp};

use crate::actor::Actor;
use crate::audit::{AuditLog, Entry};
use crate::clock::Clock;
use crate::entities::{agent, role};
use crate::error::{Error, Result};
use crate::passwords;
use crate::people::grants::{may_manage, Grant, Granter};

/// The name authenticator apps show next to the account.
pub const ISSUER: &str = "Switchboard";

// ------------------------------------------------------------ pure parts

fn totp(secret_base32: &str, account: &str) -> Result<Totp> {
    let secret = Secret::try_from_base32(secret_base32)
        .map_err(|_| Error::Internal("stored TOTP secret is not base32".into()))?;
    Builder::new()
        .with_secret(secret)
        .with_issuer(Some(ISSUER))
        .with_account_name(account)
        .build()
        .map_err(|e| Error::Internal(format!("TOTP: {e}")))
}

/// A fresh random secret, base32.
pub fn new_secret() -> String {
    Secret::generate().to_base32()
}

/// The time step `code` is valid for at `now` (±30 s for clock drift), if
/// it is later than `last_step`: a code is accepted once.
pub fn accepted_step(
    secret_base32: &str,
    code: &str,
    now: DateTime<Utc>,
    last_step: Option<i64>,
) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let totp = totp(secret_base32, "x").ok()?;
    let step = totp.check(&code, now.timestamp().max(0) as u64)? as i64;
    (last_step.is_none_or(|last| step > last)).then_some(step)
}

/// The code an authenticator shows at `now` (tests and the bench sign in
/// with it).
pub fn code_at(secret_base32: &str, now: DateTime<Utc>) -> Result<String> {
    Ok(totp(secret_base32, "x")?
        .generate(now.timestamp().max(0) as u64)
        .to_string())
}

/// What an authenticator app needs: the secret, its `otpauth://` address
/// and that address as a QR code.
pub fn setup_for(secret_base32: &str, account: &str) -> Result<TwoFactorSetup> {
    let url = totp(secret_base32, account)?
        .to_url()
        .map_err(|e| Error::Internal(format!("TOTP url: {e}")))?;
    let qr = qrcode::QrCode::new(url.as_bytes())
        .map_err(|e| Error::Internal(format!("QR: {e}")))?
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(180, 180)
        .build();
    Ok(TwoFactorSetup {
        secret: secret_base32.to_owned(),
        otpauth_url: url,
        qr_svg: qr,
    })
}

/// Letters and digits that cannot be misread for one another.
const CODE_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// Ten codes like `k7m2p-x9qrt` (about 49 bits each).
pub fn new_recovery_codes() -> Vec<String> {
    let mut rng = rand::thread_rng();
    (0..RECOVERY_CODE_COUNT)
        .map(|_| {
            let mut s: String = (0..10)
                .map(|_| CODE_ALPHABET[rng.gen_range(0..CODE_ALPHABET.len())] as char)
                .collect();
            s.insert(5, '-');
            s
        })
        .collect()
}

/// SHA-256 of a code as typed, ignoring case, spaces and the hyphen.
pub fn hash_recovery_code(code: &str) -> String {
    let normal: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    hex::encode(Sha256::digest(normal.as_bytes()))
}

fn stored_hashes(a: &agent::Model) -> Vec<String> {
    a.recovery_codes
        .as_deref()
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_default()
}

fn encode_hashes(codes: &[String]) -> String {
    let hashes: Vec<String> = codes.iter().map(|c| hash_recovery_code(c)).collect();
    serde_json::to_string(&hashes).unwrap_or_else(|_| "[]".into())
}

// ------------------------------------------------- sign-in (AuthService)

/// What the second step of a sign-in needs.
pub(crate) enum SecondFactor {
    /// Nothing more: signed in.
    Passed,
    CodeRequired,
    SetupRequired(TwoFactorSetup),
    /// Set up during this sign-in: show these once.
    Enrolled(Vec<String>),
}

/// The second step for `a`, whose password was right. `required`: their
/// role requires two-factor sign-in.
pub(crate) async fn second_factor(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    a: &agent::Model,
    required: bool,
    code: Option<&str>,
) -> Result<SecondFactor> {
    let code = code.map(str::trim).filter(|c| !c.is_empty());
    if a.totp_enabled_at.is_some() {
        let Some(code) = code else {
            return Ok(SecondFactor::CodeRequired);
        };
        if use_code(db, a, code, now).await? {
            return Ok(SecondFactor::Passed);
        }
        return Err(Error::field("code", "invalid_code"));
    }
    if !required {
        return Ok(SecondFactor::Passed);
    }
    let secret = match &a.totp_secret {
        Some(s) => s.clone(),
        None => {
            let s = new_secret();
            reset_state(db, a.id, Some(&s)).await?;
            s
        }
    };
    let Some(code) = code else {
        return Ok(SecondFactor::SetupRequired(setup_for(&secret, &a.email)?));
    };
    match enable(db, a.id, &secret, code, now).await? {
        Some(codes) => Ok(SecondFactor::Enrolled(codes)),
        None => Err(Error::field("code", "invalid_code")),
    }
}

/// Accept a TOTP code or a recovery code once; false if neither fits.
async fn use_code(
    db: &DatabaseConnection,
    a: &agent::Model,
    code: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    use agent::Column as C;
    if let Some(secret) = &a.totp_secret {
        if let Some(step) = accepted_step(secret, code, now, a.totp_last_step) {
            let won = agent::Entity::update_many()
                .col_expr(C::TotpLastStep, Expr::value(step))
                .filter(C::Id.eq(a.id))
                .filter(
                    Condition::any()
                        .add(C::TotpLastStep.is_null())
                        .add(C::TotpLastStep.lt(step)),
                )
                .exec(db)
                .await?;
            return Ok(won.rows_affected == 1);
        }
    }
    let mut hashes = stored_hashes(a);
    let typed = hash_recovery_code(code);
    let Some(at) = hashes.iter().position(|h| *h == typed) else {
        return Ok(false);
    };
    hashes.remove(at);
    let won = agent::Entity::update_many()
        .col_expr(
            C::RecoveryCodes,
            Expr::value(serde_json::to_string(&hashes).unwrap_or_else(|_| "[]".into())),
        )
        .filter(C::Id.eq(a.id))
        .filter(C::RecoveryCodes.eq(a.recovery_codes.clone().unwrap_or_default()))
        .exec(db)
        .await?;
    Ok(won.rows_affected == 1)
}

/// A fresh start: a pending `secret` (being set up), or none (off).
async fn reset_state(db: &DatabaseConnection, id: i32, secret: Option<&str>) -> Result<()> {
    use agent::Column as C;
    agent::Entity::update_many()
        .col_expr(C::TotpSecret, Expr::value(secret.map(str::to_owned)))
        .col_expr(C::TotpEnabledAt, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(C::TotpLastStep, Expr::value(Option::<i64>::None))
        .col_expr(C::RecoveryCodes, Expr::value(Option::<String>::None))
        .filter(C::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Turn it on if `code` fits the pending `secret`: the new recovery codes.
async fn enable(
    db: &DatabaseConnection,
    id: i32,
    secret: &str,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Option<Vec<String>>> {
    use agent::Column as C;
    let Some(step) = accepted_step(secret, code, now, None) else {
        return Ok(None);
    };
    let codes = new_recovery_codes();
    let done = agent::Entity::update_many()
        .col_expr(C::TotpEnabledAt, Expr::value(now))
        .col_expr(C::TotpLastStep, Expr::value(step))
        .col_expr(C::RecoveryCodes, Expr::value(encode_hashes(&codes)))
        .filter(C::Id.eq(id))
        .filter(C::TotpSecret.eq(secret))
        .filter(C::TotpEnabledAt.is_null())
        .exec(db)
        .await?;
    Ok((done.rows_affected == 1).then_some(codes))
}

/// Whether `a` may use a session now: members of a role that requires two
/// factors need them set up.
pub(crate) fn satisfies(a: &agent::Model, r: &role::Model) -> bool {
    !r.require_two_factor || a.totp_enabled_at.is_some()
}

// ------------------------------------------------------- the service

#[derive(Clone)]
pub struct TwoFactorService {
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
    audit: AuditLog,
}

impl TwoFactorService {
    pub fn new(db: DatabaseConnection, clock: Arc<dyn Clock>, audit: AuditLog) -> Self {
        Self { db, clock, audit }
    }

    async fn me(&self, actor: &Actor) -> Result<(agent::Model, role::Model)> {
        match agent::Entity::find_by_id(actor.agent_id)
            .find_also_related(role::Entity)
            .one(&self.db)
            .await?
        {
            Some((a, Some(r))) => Ok((a, r)),
            _ => Err(Error::Unauthenticated),
        }
    }

    pub async fn status(&self, actor: &Actor) -> Result<TwoFactorStatus> {
        let (a, r) = self.me(actor).await?;
        Ok(TwoFactorStatus {
            enabled: a.totp_enabled_at.is_some(),
            required: r.require_two_factor,
            recovery_codes_left: match a.totp_enabled_at {
                Some(_) => stored_hashes(&a).len() as u32,
                None => 0,
            },
        })
    }

    /// Start (or restart) setting it up: a new pending secret.
    pub async fn begin(&self, actor: &Actor) -> Result<TwoFactorSetup> {
        let (a, _) = self.me(actor).await?;
        if a.totp_enabled_at.is_some() {
            return Err(Error::field("two_factor", "already_enabled"));
        }
        let secret = new_secret();
        reset_state(&self.db, a.id, Some(&secret)).await?;
        setup_for(&secret, &a.email)
    }

    /// Finish setting it up with a first code from the app.
    pub async fn confirm(&self, actor: &Actor, code: &str) -> Result<RecoveryCodes> {
        let (a, _) = self.me(actor).await?;
        let secret = match (&a.totp_secret, a.totp_enabled_at) {
            (_, Some(_)) => return Err(Error::field("two_factor", "already_enabled")),
            (None, None) => return Err(Error::field("code", "not_started")),
            (Some(s), None) => s.clone(),
        };
        let Some(codes) = enable(&self.db, a.id, &secret, code, self.clock.now()).await? else {
            return Err(Error::field("code", "invalid_code"));
        };
        let entry = Entry::action(AuditKind::TwoFactor, AuditAction::Enable, a.id, &a.name);
        self.audit.record(&self.db, actor, entry).await?;
        Ok(RecoveryCodes { codes })
    }

    /// Turn it off; needs the password, and is refused while the role
    /// requires it.
    pub async fn disable(&self, actor: &Actor, password: &str) -> Result<()> {
        let (a, r) = self.me(actor).await?;
        self.check_password(&a, password).await?;
        if r.require_two_factor {
            return Err(Error::field("two_factor", "required_by_role"));
        }
        reset_state(&self.db, a.id, None).await?;
        let entry = Entry::action(AuditKind::TwoFactor, AuditAction::Disable, a.id, &a.name);
        self.audit.record(&self.db, actor, entry).await
    }

    /// New recovery codes (the old ones stop working); needs the password.
    pub async fn regenerate(&self, actor: &Actor, password: &str) -> Result<RecoveryCodes> {
        let (a, _) = self.me(actor).await?;
        self.check_password(&a, password).await?;
        if a.totp_enabled_at.is_none() {
            return Err(Error::field("two_factor", "not_enabled"));
        }
        let codes = new_recovery_codes();
        agent::Entity::update_many()
            .col_expr(
                agent::Column::RecoveryCodes,
                Expr::value(encode_hashes(&codes)),
            )
            .filter(agent::Column::Id.eq(a.id))
            .exec(&self.db)
            .await?;
        Ok(RecoveryCodes { codes })
    }

    /// An administrator turns it off for someone who lost their device
    /// (they set it up again at their next sign-in if their role requires
    /// it). Same reach as editing that agent.
    pub async fn reset(&self, actor: &Actor, agent_id: i32) -> Result<()> {
        actor.require(Permission::ManagePeople)?;
        let Some((a, Some(r))) = agent::Entity::find_by_id(agent_id)
            .find_also_related(role::Entity)
            .one(&self.db)
            .await?
        else {
            return Err(Error::NotFound);
        };
        if agent_id == actor.agent_id {
            return Err(Error::field("two_factor", "own_account"));
        }
        let who = Granter::of(&self.db, actor).await?;
        if !may_manage(&who, &Grant::of(&r)) {
            return Err(Error::Forbidden);
        }
        reset_state(&self.db, a.id, None).await?;
        let entry = Entry::action(AuditKind::TwoFactor, AuditAction::Disable, a.id, &a.name);
        self.audit.record(&self.db, actor, entry).await
    }

    async fn check_password(&self, a: &agent::Model, password: &str) -> Result<()> {
        if password.is_empty() {
            return Err(Error::field("password", "required"));
        }
        if password.chars().count() > model::people::PASSWORD_MAX
            || !passwords::verify(password, &a.password_hash).await?
        {
            return Err(Error::field("password", "wrong_password"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(secs: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(secs, 0).unwrap()
    }

    #[test]
    fn a_code_is_accepted_once_and_only_near_its_time() {
        let secret = new_secret();
        let now = at(1_800_000_000);
        let code = code_at(&secret, now).unwrap();
        let step = accepted_step(&secret, &code, now, None).expect("current code");
        assert_eq!(
            accepted_step(&secret, &code, now, Some(step)),
            None,
            "replayed"
        );
        // 30 s of drift either way is fine, two minutes is not.
        assert!(accepted_step(&secret, &code, at(1_800_000_030), None).is_some());
        assert_eq!(accepted_step(&secret, &code, at(1_800_000_120), None), None);
        assert_eq!(accepted_step(&secret, "000000x", now, None), None);
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert!(accepted_step(&secret, &spaced, now, None).is_some());
    }

    #[test]
    fn recovery_codes_are_distinct_and_typed_loosely() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODE_COUNT);
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), codes.len());
        assert!(codes
            .iter()
            .all(|c| c.len() == 11 && c.as_bytes()[5] == b'-'));
        let c = &codes[0];
        assert_eq!(
            hash_recovery_code(c),
            hash_recovery_code(&format!(" {} ", c.to_uppercase().replace('-', "")))
        );
    }

    #[test]
    fn the_setup_names_the_account_and_draws_a_qr_code() {
        let secret = new_secret();
        let setup = setup_for(&secret, "ann@example.com").unwrap();
        assert!(setup
            .otpauth_url
            .starts_with("otpauth://totp/Switchboard:ann%40example.com?"));
        assert!(setup.otpauth_url.contains(&format!("secret={secret}")));
        assert!(setup.qr_svg.contains("<svg"));
        assert!(!setup.qr_svg.contains("<script"));
    }
}
