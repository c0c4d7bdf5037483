//! A socket's database work, off its reading loop. Frames that touch the
//! database (send, resume, typing, read) run on one of a few worker tasks
//! ("lanes") chosen by conversation, in arrival order within a lane, while
//! the loop keeps answering pings and protocol errors at once. So a slow or
//! unreachable database never delays a socket's control frames, and one
//! stuck conversation does not hold up the others on the same socket.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use domain::chat::{Party, StartInfo};
use domain::Services;
use model::chat::{ClientMsg, ServerEvent};
use tokio::sync::mpsc;

/// Lanes per socket: enough to keep conversations apart, few enough that
/// a client naming thousands of conversations cannot spawn thousands of
/// tasks.
pub const LANES: usize = 4;
/// Frames a lane holds before the socket answers `retry` for new ones.
pub const LANE_DEPTH: usize = 16;

/// The lane for a frame: the same conversation always gets the same lane
/// (so its frames stay in order); a visitor's first message, which has no
/// conversation yet, gets lane 0 with every other such message.
pub fn lane_of(conversation_id: Option<i64>) -> usize {
    match conversation_id {
        None => 0,
        Some(id) => {
            let mut h = DefaultHasher::new();
            id.hash(&mut h);
            (h.finish() % LANES as u64) as usize
        }
    }
}

/// The conversation a frame is about, if any.
pub fn conversation_of(msg: &ClientMsg) -> Option<i64> {
    match msg {
        ClientMsg::Send {
            conversation_id, ..
        } => *conversation_id,
        ClientMsg::Resume {
            conversation_id, ..
        }
        | ClientMsg::Typing {
            conversation_id, ..
        }
        | ClientMsg::Read {
            conversation_id, ..
        } => Some(*conversation_id),
        ClientMsg::Auth { .. } | ClientMsg::Ping => None,
    }
}

/// Each answer a lane produces, for the socket's loop to send.
pub type Replies = mpsc::Receiver<ServerEvent>;

pub struct Lanes {
    services: Services,
    party: Party,
    start: StartInfo,
    replies: mpsc::Sender<ServerEvent>,
    lanes: Vec<Option<mpsc::Sender<ClientMsg>>>,
}

impl Lanes {
    pub fn new(services: Services, party: Party, start: StartInfo) -> (Self, Replies) {
        let (replies, rx) = mpsc::channel(LANES * LANE_DEPTH);
        let lanes = Lanes {
            services,
            party,
            start,
            replies,
            lanes: (0..LANES).map(|_| None).collect(),
        };
        (lanes, rx)
    }

    /// Queue a frame on its lane (starting the lane's worker on first use).
    /// `Err` gives the frame back when its lane is full.
    pub fn dispatch(&mut self, msg: ClientMsg) -> Result<(), ClientMsg> {
        let i = lane_of(conversation_of(&msg));
        let lane = self.lanes[i].get_or_insert_with(|| {
            let (tx, rx) = mpsc::channel(LANE_DEPTH);
            tokio::spawn(work(
                rx,
                self.replies.clone(),
                self.services.clone(),
                self.party.clone(),
                self.start.clone(),
            ));
            tx
        });
        lane.try_send(msg).map_err(|e| match e {
            mpsc::error::TrySendError::Full(m) | mpsc::error::TrySendError::Closed(m) => m,
        })
    }
}

/// One lane: frames in order until the socket goes (its sender is dropped).
async fn work(
    mut frames: mpsc::Receiver<ClientMsg>,
    replies: mpsc::Sender<ServerEvent>,
    services: Services,
    party: Party,
    start: StartInfo,
) {
    while let Some(msg) = frames.recv().await {
        for reply in super::session::handle(&services, &party, &start, msg).await {
            if replies.send(reply).await.is_err() {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_conversation_keeps_its_lane_and_new_chats_share_lane_zero() {
        assert_eq!(lane_of(None), 0);
        for id in 0..100 {
            assert_eq!(lane_of(Some(id)), lane_of(Some(id)));
            assert!(lane_of(Some(id)) < LANES);
        }
        let used: std::collections::HashSet<_> = (0..100).map(|id| lane_of(Some(id))).collect();
        assert_eq!(used.len(), LANES, "conversations spread over every lane");
    }
}
