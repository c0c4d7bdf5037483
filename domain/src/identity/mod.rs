//! Verified identity (C3, C6): the site says who the visitor is, with a
//! link's secret vouching for it (`token`), and the visitor's customer
//! record takes it (`CustomerService::identify`).
//!
//! What a widget hello's identity comes to is decided here (pure):
//! - a token is verified with the link's mode and secret, or refused with
//!   a clear code (never silently dropped: a site sending a broken token
//!   has a bug to see);
//! - no token, on a link that requires one: refused;
//! - no token otherwise: the page's plain details, if any, are taken as
//!   unverified (agents see them marked; they never merge customers).

pub mod token;

use model::identity::IdentityClaims;

use crate::chat::links::LinkIdentity;
pub use token::Refusal;

/// Who a hello says the visitor is.
#[derive(Debug, Clone, PartialEq)]
pub enum Identity {
    None,
    Verified(IdentityClaims),
    Unverified(IdentityClaims),
}

pub fn resolve(
    link: &LinkIdentity,
    token: Option<&str>,
    plain: IdentityClaims,
    now: i64,
) -> Result<Identity, Refusal> {
    match token.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => {
            let secret = link.secret.as_deref().ok_or(Refusal::NotEnabled)?;
            token::verify(link.mode, secret, t, now).map(Identity::Verified)
        }
        None if link.required => Err(Refusal::Required),
        None if is_empty(&plain) => Ok(Identity::None),
        None => Ok(Identity::Unverified(plain)),
    }
}

fn is_empty(c: &IdentityClaims) -> bool {
    let blank = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
    blank(&c.external_id)
        && blank(&c.name)
        && blank(&c.email)
        && blank(&c.phone)
        && c.fields.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::identity::IdentityMode;

    fn link(mode: IdentityMode, required: bool) -> LinkIdentity {
        LinkIdentity {
            mode,
            secret: Some(token::new_secret()),
            required,
        }
    }

    fn claims(external_id: &str) -> IdentityClaims {
        IdentityClaims {
            external_id: Some(external_id.into()),
            exp: 2_000_000_000,
            ..Default::default()
        }
    }

    #[test]
    fn a_required_link_refuses_a_visitor_without_a_token() {
        let l = link(IdentityMode::Signed, true);
        assert_eq!(resolve(&l, None, claims("u-1"), 0), Err(Refusal::Required));
        assert_eq!(
            resolve(&l, Some("  "), IdentityClaims::default(), 0),
            Err(Refusal::Required)
        );
    }

    #[test]
    fn plain_details_are_unverified_and_nothing_is_none() {
        let l = link(IdentityMode::Signed, false);
        assert_eq!(
            resolve(&l, None, claims("u-1"), 0),
            Ok(Identity::Unverified(claims("u-1")))
        );
        assert_eq!(
            resolve(&l, None, IdentityClaims::default(), 0),
            Ok(Identity::None)
        );
    }

    #[test]
    fn a_token_is_verified_with_the_links_secret() {
        let l = link(IdentityMode::Signed, false);
        let json = r#"{"external_id":"u-2","exp":2000000000}"#;
        let t = token::sign(l.secret.as_deref().unwrap(), json);
        assert_eq!(
            resolve(&l, Some(&t), IdentityClaims::default(), 1_000),
            Ok(Identity::Verified(claims("u-2")))
        );
        let other = link(IdentityMode::Signed, false);
        assert_eq!(
            resolve(&other, Some(&t), IdentityClaims::default(), 1_000),
            Err(Refusal::BadSignature)
        );
    }

    #[test]
    fn a_token_on_a_link_without_a_secret_or_mode_is_not_enabled() {
        let mut l = link(IdentityMode::Off, false);
        let t = token::sign(l.secret.as_deref().unwrap(), r#"{"exp":2000000000}"#);
        assert_eq!(
            resolve(&l, Some(&t), IdentityClaims::default(), 0),
            Err(Refusal::NotEnabled)
        );
        l.mode = IdentityMode::Signed;
        l.secret = None;
        assert_eq!(
            resolve(&l, Some(&t), IdentityClaims::default(), 0),
            Err(Refusal::NotEnabled)
        );
    }
}
