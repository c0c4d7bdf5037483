//! The loader's side: a socket connects, reports pages, answers
//! invitations, and leaves. Each call updates the in-memory registry and
//! marks the agents' list for its next batched update.

use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};
use model::online::{
    InvitationState, InvitationStatus, PageView, SiteServerMsg, PAGE_URL_MAX, TITLE_MAX,
    VISIT_PAGES_MAX,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use tokio::sync::broadcast;

use super::invitations::{auto_invitation, invitation_text, SiteFacts};
use super::registry::Live;
use super::service::{new_id, OnlineVisitorService};
use super::user_agent;
use super::views::PendingView;
use crate::entities::{page_view, site_visitor};
use crate::error::{Error, Result};
use crate::routing::referrer;
use crate::validate::Check;

/// A visit ends after this long without a page.
const VISIT_GAP: Duration = Duration::minutes(30);
/// Page reports a socket may make per minute; more are dropped.
const VIEWS_PER_MINUTE: u32 = 30;
/// The same page reported again this soon is the same view (a reconnect).
const SAME_VIEW: Duration = Duration::seconds(30);

/// What a loader says when it connects.
#[derive(Debug, Clone, Default)]
pub struct SiteHello {
    /// The loader's id for this browser.
    pub id: String,
    pub link: String,
    pub ip: Option<IpAddr>,
    pub user_agent: String,
    pub lang: String,
}

/// One open loader socket. Dropping it leaves the site.
pub struct SiteConnection {
    pub id: String,
    /// Frames for this visitor (invitations).
    pub rx: broadcast::Receiver<SiteServerMsg>,
    service: OnlineVisitorService,
    window: (DateTime<Utc>, u32),
}

impl Drop for SiteConnection {
    fn drop(&mut self) {
        self.service.leave(&self.id);
    }
}

/// The loader's id: 16–64 letters, digits, `-` or `_`.
pub(crate) fn check_site_id(check: &mut Check, field: &str, id: &str) {
    let ok = (16..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !ok {
        check.fail(field, "invalid");
    }
}

/// A page as reported: an http(s) URL, both texts cut to their caps.
fn clean_page(url: &str, title: &str) -> Option<(String, String)> {
    let parsed = url::Url::parse(url.trim()).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return None;
    }
    let url: String = parsed.as_str().chars().take(PAGE_URL_MAX).collect();
    let title: String = title.trim().chars().take(TITLE_MAX).collect();
    Some((url, title))
}

impl OnlineVisitorService {
    /// A loader socket opened: list the visitor (a new visit after a
    /// 30-minute gap) and subscribe to their frames.
    pub async fn connect(&self, hello: SiteHello) -> Result<SiteConnection> {
        let mut check = Check::new();
        check_site_id(&mut check, "vid", &hello.id);
        check.max_len("link", &hello.link, 64);
        check.finish()?;
        let now = self.clock.now();
        if let Some(rx) = self.rejoin(&hello.id) {
            return Ok(self.connection(hello.id, rx, now));
        }
        let row = site_visitor::Entity::find_by_id(hello.id.clone())
            .one(&self.db)
            .await?;
        let row = match row {
            None => {
                site_visitor::ActiveModel {
                    id: Set(hello.id.clone()),
                    link: Set(hello.link.clone()),
                    visits: Set(1),
                    first_seen_at: Set(now),
                    last_seen_at: Set(now),
                    visit_started_at: Set(now),
                    visitor_id: Set(None),
                }
                .insert(&self.db)
                .await?
            }
            Some(row) => {
                let new_visit = now - row.last_seen_at >= VISIT_GAP;
                let mut active: site_visitor::ActiveModel = row.clone().into();
                if new_visit {
                    active.visits = Set(row.visits + 1);
                    active.visit_started_at = Set(now);
                }
                active.last_seen_at = Set(now);
                active.link = Set(hello.link.clone());
                active.update(&self.db).await?
            }
        };
        let this_visit = page_view::Entity::find()
            .filter(page_view::Column::SiteVisitorId.eq(row.id.clone()))
            .filter(page_view::Column::Visit.eq(row.visits));
        let pages = this_visit.clone().count(&self.db).await? as u32;
        let first = this_visit
            .clone()
            .order_by_asc(page_view::Column::Id)
            .one(&self.db)
            .await?;
        let mut recent = this_visit
            .order_by_desc(page_view::Column::Id)
            .limit(VISIT_PAGES_MAX as u64)
            .all(&self.db)
            .await?;
        recent.reverse();
        let trail: std::collections::VecDeque<PageView> = recent
            .into_iter()
            .map(|p| PageView {
                url: p.url,
                title: p.title,
                at: p.at,
            })
            .collect();
        let parsed = first
            .as_ref()
            .and_then(|f| f.referrer.as_deref())
            .map(referrer::parse)
            .unwrap_or_default();
        let (browser, os) = user_agent::describe(&hello.user_agent);
        let live = Live {
            link: hello.link.clone(),
            sockets: 1,
            gone_at: None,
            tx: broadcast::channel(4).0,
            visit: row.visits,
            visits: row.visits.max(1) as u32,
            pages,
            page: trail.back().cloned().unwrap_or(PageView {
                url: String::new(),
                title: String::new(),
                at: now,
            }),
            trail,
            entered_at: row.visit_started_at,
            referrer: first.and_then(|f| f.referrer),
            engine: parsed.engine,
            keyword: parsed.keyword,
            region: hello
                .ip
                .map(|ip| self.routing.region_of(ip))
                .unwrap_or_default(),
            browser,
            os,
            lang: hello.lang.clone(),
            visitor_id: row.visitor_id,
            invitation: None,
            declined: false,
            invitation_is_auto: false,
        };
        // Another tab may have connected meanwhile: join its entry.
        let rx = {
            let mut reg = self.lock();
            match reg.live.get_mut(&hello.id) {
                Some(l) => {
                    l.sockets += 1;
                    l.gone_at = None;
                    l.tx.subscribe()
                }
                None => {
                    let rx = live.tx.subscribe();
                    reg.live.insert(hello.id.clone(), live);
                    rx
                }
            }
        };
        self.touch();
        Ok(self.connection(hello.id, rx, now))
    }

    fn connection(
        &self,
        id: String,
        rx: broadcast::Receiver<SiteServerMsg>,
        now: DateTime<Utc>,
    ) -> SiteConnection {
        SiteConnection {
            id,
            rx,
            service: self.clone(),
            window: (now, 0),
        }
    }

    /// Another socket of a visitor still listed (a second tab, the next page).
    fn rejoin(&self, id: &str) -> Option<broadcast::Receiver<SiteServerMsg>> {
        let mut reg = self.lock();
        let l = reg.live.get_mut(id)?;
        l.sockets += 1;
        l.gone_at = None;
        Some(l.tx.subscribe())
    }

    fn leave(&self, id: &str) {
        let now = self.clock.now();
        let mut reg = self.lock();
        if let Some(l) = reg.live.get_mut(id) {
            l.sockets = l.sockets.saturating_sub(1);
            if l.sockets == 0 {
                l.gone_at = Some(now);
            }
        }
        drop(reg);
        self.touch();
    }

    /// The loader is on this page now. Returns an automatic invitation to
    /// show when the console's rules ask for one.
    pub async fn page_view(
        &self,
        conn: &mut SiteConnection,
        url: &str,
        title: &str,
        referrer_url: Option<&str>,
    ) -> Result<Option<SiteServerMsg>> {
        let now = self.clock.now();
        if now - conn.window.0 >= Duration::minutes(1) {
            conn.window = (now, 0);
        }
        conn.window.1 += 1;
        if conn.window.1 > VIEWS_PER_MINUTE {
            return Err(Error::RateLimited {
                retry_after_secs: 60,
            });
        }
        let Some((url, title)) = clean_page(url, title) else {
            let mut check = Check::new();
            check.fail("url", "invalid");
            return Err(check.finish().unwrap_err());
        };
        let referrer_url: Option<String> = referrer_url
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(|r| r.chars().take(PAGE_URL_MAX).collect());
        let settings = self.cached_invitations().await?;
        let sets = if settings.rules.iter().any(|r| !r.region_sets.is_empty()) {
            self.routing.region_sets().await?
        } else {
            Default::default()
        };
        let (visit, invite) = {
            let mut reg = self.lock();
            let Some(l) = reg.live.get_mut(&conn.id) else {
                return Ok(None);
            };
            let same = l.page.url == url && now - l.page.at < SAME_VIEW;
            if same {
                return Ok(None);
            }
            l.pages += 1;
            l.page = PageView {
                url: url.clone(),
                title: title.clone(),
                at: now,
            };
            l.trail.push_back(l.page.clone());
            if l.trail.len() > VISIT_PAGES_MAX {
                l.trail.pop_front();
            }
            if l.pages == 1 {
                let parsed = referrer_url
                    .as_deref()
                    .map(referrer::parse)
                    .unwrap_or_default();
                l.referrer = referrer_url.clone();
                l.engine = parsed.engine;
                l.keyword = parsed.keyword;
            }
            let open = match &l.invitation {
                None => true,
                Some(i) => l.invitation_is_auto && i.status == InvitationStatus::Pending,
            };
            let facts = SiteFacts {
                page_url: url.clone(),
                pages: l.pages,
                returning: l.visits > 1,
                region: l.region.clone(),
            };
            let after = (open && !l.declined)
                .then(|| auto_invitation(&settings, &facts, &sets))
                .flatten();
            let invite = after.map(|after_secs| {
                let state = InvitationState {
                    id: new_id(),
                    agent_name: None,
                    text: invitation_text(&settings, &l.lang).to_owned(),
                    status: InvitationStatus::Pending,
                    at: now,
                };
                l.invitation = Some(state.clone());
                l.invitation_is_auto = true;
                SiteServerMsg::Invite {
                    id: state.id,
                    text: state.text,
                    after_secs,
                    agent: None,
                }
            });
            (l.visit, invite)
        };
        self.touch();
        self.views.push(PendingView {
            site_visitor: conn.id.clone(),
            visit,
            url,
            title,
            referrer: referrer_url,
            at: now,
        });
        Ok(invite)
    }

    /// The visitor accepted or declined invitation `id`. Declining stops
    /// automatic invitations for the rest of the visit.
    pub fn answer(&self, conn: &SiteConnection, id: &str, accepted: bool) {
        let mut reg = self.lock();
        let Some(l) = reg.live.get_mut(&conn.id) else {
            return;
        };
        let Some(inv) = l.invitation.as_mut().filter(|i| i.id == id) else {
            return;
        };
        if inv.status == InvitationStatus::Pending {
            inv.status = if accepted {
                InvitationStatus::Accepted
            } else {
                InvitationStatus::Declined
            };
            l.declined |= !accepted;
        }
        drop(reg);
        self.touch();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_pages_are_kept_and_cut_to_their_caps() {
        assert!(clean_page("javascript:alert(1)", "").is_none());
        assert!(clean_page("not a url", "").is_none());
        let long = format!("https://a.example/{}", "x".repeat(3000));
        let (url, title) = clean_page(&long, &"标".repeat(300)).unwrap();
        assert_eq!(url.chars().count(), PAGE_URL_MAX);
        assert_eq!(title.chars().count(), TITLE_MAX);
    }

    #[test]
    fn site_ids_are_short_tokens() {
        for (id, ok) in [
            ("abcdefgh12345678", true),
            ("short", false),
            ("has spaces in it, sixteen", false),
        ] {
            let mut check = Check::new();
            check_site_id(&mut check, "vid", id);
            assert_eq!(!check.has("vid"), ok, "{id}");
        }
    }
}
