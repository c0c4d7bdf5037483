//! Who is on the host site now, in this process's memory: one entry per
//! site visitor with an open loader socket (or one that closed moments ago,
//! so that following a link does not make them flicker out of the list).
//! Plain data and functions, tested without sockets or a database.

use std::collections::{HashMap, VecDeque};

use chrono::{DateTime, Duration, Utc};
use model::online::{InvitationState, OnlineVisitor, PageView, SiteServerMsg};
use model::routing::SearchEngine;
use tokio::sync::broadcast;

use crate::routing::region::Region;

/// How long a visitor whose last socket closed stays listed: the next
/// page of the site usually connects within a second.
pub const GRACE: Duration = Duration::seconds(10);

/// One online site visitor.
#[derive(Debug)]
pub struct Live {
    pub link: String,
    /// Open loader sockets (tabs).
    pub sockets: u32,
    /// When the last socket closed (while `sockets` is 0).
    pub gone_at: Option<DateTime<Utc>>,
    /// Frames for this visitor's loaders (invitations).
    pub tx: broadcast::Sender<SiteServerMsg>,
    /// Which visit this is (1, 2, …) and the pages opened in it.
    pub visit: i32,
    /// Visits so far, this one included.
    pub visits: u32,
    pub pages: u32,
    pub page: PageView,
    /// This visit's latest pages, oldest first (at most `VISIT_PAGES_MAX`).
    pub trail: VecDeque<PageView>,
    pub entered_at: DateTime<Utc>,
    pub referrer: Option<String>,
    pub engine: Option<SearchEngine>,
    pub keyword: Option<String>,
    pub region: Region,
    pub browser: String,
    pub os: String,
    pub lang: String,
    pub visitor_id: Option<i64>,
    pub invitation: Option<InvitationState>,
    /// The visitor said no this visit: no more automatic invitations.
    pub declined: bool,
    /// The invitation came from the console's rules.
    pub invitation_is_auto: bool,
}

impl Live {
    /// As the workbench shows it (`chatting` is filled in from the database).
    pub fn to_dto(&self, id: &str) -> OnlineVisitor {
        OnlineVisitor {
            id: id.to_owned(),
            link: self.link.clone(),
            page: self.page.clone(),
            pages: self.pages,
            entered_at: self.entered_at,
            referrer: self.referrer.clone(),
            engine: self.engine,
            keyword: self.keyword.clone(),
            region: self.region.label(),
            browser: self.browser.clone(),
            os: self.os.clone(),
            visits: self.visits,
            chatting: false,
            invitation: self.invitation.clone(),
        }
    }

    fn matches(&self, q: &str) -> bool {
        let q = q.to_lowercase();
        [
            self.page.url.as_str(),
            self.page.title.as_str(),
            self.referrer.as_deref().unwrap_or_default(),
            self.keyword.as_deref().unwrap_or_default(),
            &self.region.label(),
            &self.browser,
        ]
        .iter()
        .any(|s| s.to_lowercase().contains(&q))
    }
}

/// Every online visitor of this process, by the loader's id.
#[derive(Debug, Default)]
pub struct Registry {
    pub live: HashMap<String, Live>,
}

impl Registry {
    /// One page of the visitors matching `q` (all when empty), newest
    /// arrivals first, with the number that match.
    pub fn page(&self, q: &str, offset: usize, limit: usize) -> (usize, Vec<OnlineVisitor>) {
        let q = q.trim();
        let mut found: Vec<(&String, &Live)> = self
            .live
            .iter()
            .filter(|(_, l)| q.is_empty() || l.matches(q))
            .collect();
        found.sort_by(|a, b| b.1.entered_at.cmp(&a.1.entered_at).then(a.0.cmp(b.0)));
        let total = found.len();
        let rows = found
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(|(id, l)| l.to_dto(id))
            .collect();
        (total, rows)
    }

    /// Forget visitors gone longer than [`GRACE`]; true if any were.
    pub fn sweep(&mut self, now: DateTime<Utc>) -> bool {
        let before = self.live.len();
        self.live
            .retain(|_, l| l.sockets > 0 || l.gone_at.is_none_or(|at| now - at < GRACE));
        self.live.len() != before
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn live(url: &str, entered_secs: i64) -> Live {
        let at = DateTime::from_timestamp(1_800_000_000 + entered_secs, 0).unwrap();
        Live {
            link: "default".into(),
            sockets: 1,
            gone_at: None,
            tx: broadcast::channel(1).0,
            visit: 1,
            visits: 1,
            pages: 1,
            page: PageView {
                url: url.into(),
                title: String::new(),
                at,
            },
            trail: VecDeque::new(),
            entered_at: at,
            referrer: None,
            engine: None,
            keyword: None,
            region: Region::default(),
            browser: "Chrome".into(),
            os: "Windows 10".into(),
            lang: "en".into(),
            visitor_id: None,
            invitation: None,
            declined: false,
            invitation_is_auto: false,
        }
    }

    #[test]
    fn pages_list_newest_arrivals_first_and_count_all_matches() {
        let mut r = Registry::default();
        for i in 0..120 {
            let url = if i % 2 == 0 {
                "https://a.example/pricing"
            } else {
                "https://a.example/blog"
            };
            r.live.insert(format!("v{i:03}"), live(url, i));
        }
        let (total, first) = r.page("", 0, 50);
        assert_eq!((total, first.len()), (120, 50));
        assert_eq!(first[0].id, "v119");
        let (_, last) = r.page("", 100, 50);
        assert_eq!(last.len(), 20);
        let (pricing, rows) = r.page("PRICING", 0, 50);
        assert_eq!(pricing, 60);
        assert!(rows.iter().all(|v| v.page.url.ends_with("/pricing")));
    }

    #[test]
    fn a_closed_visitor_stays_listed_for_the_grace_period() {
        let mut r = Registry::default();
        let mut gone = live("https://a.example/", 0);
        gone.sockets = 0;
        let now = gone.entered_at;
        gone.gone_at = Some(now);
        r.live.insert("gone".into(), gone);
        r.live.insert("here".into(), live("https://a.example/", 0));
        assert!(!r.sweep(now + Duration::seconds(5)));
        assert!(r.sweep(now + GRACE));
        assert_eq!(r.live.keys().collect::<Vec<_>>(), vec!["here"]);
    }
}
