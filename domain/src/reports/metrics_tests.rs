use super::*;
use chrono::TimeZone;

/// An instant `s` seconds after 10:00 on 1 March 2026.
fn t(s: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 10, 0, 0).unwrap() + chrono::Duration::seconds(s)
}

fn run(events: &[(Kind, i64)]) -> Figures {
    run_rated(events, None)
}

fn run_rated(events: &[(Kind, i64)], rating: Option<Rating>) -> Figures {
    let events: Vec<Event> = events
        .iter()
        .map(|&(kind, s)| Event { kind, at: t(s) })
        .collect();
    figures(&events, rating)
}

use Kind::*;

#[test]
fn an_answered_chat_counts_queue_first_response_replies_and_duration() {
    let f = run(&[
        (Started, 0),
        (Visitor, 0),
        (Assigned, 20),
        (Agent, 50),
        (Visitor, 60),
        (Visitor, 70),
        (Agent, 100),
        (Ended, 300),
    ]);
    assert!(f.answered && !f.missed && !f.abandoned_in_queue);
    assert_eq!(f.queue_secs, Some(20));
    assert_eq!(f.first_response_secs, Some(30));
    // Exchanges: 0→50 counted from the assignment (30 s), 60→100 (40 s).
    assert_eq!((f.reply_secs_total, f.replies), (70, 2));
    assert_eq!(f.reply_secs(), Some(35));
    assert_eq!(f.duration_secs, Some(300));
    assert_eq!((f.messages_in, f.messages_out), (3, 2));
    assert_eq!(f.ended_at, Some(t(300)));
}

#[test]
fn events_out_of_order_are_read_in_time_order() {
    let ordered = run(&[
        (Started, 0),
        (Visitor, 0),
        (Assigned, 5),
        (Agent, 9),
        (Ended, 20),
    ]);
    let shuffled = run(&[
        (Ended, 20),
        (Agent, 9),
        (Started, 0),
        (Assigned, 5),
        (Visitor, 0),
    ]);
    assert_eq!(ordered, shuffled);
}

#[test]
fn a_visitor_who_leaves_the_queue_is_missed_and_abandoned() {
    let f = run(&[(Started, 0), (Visitor, 0), (Visitor, 30), (Ended, 90)]);
    assert!(f.missed && f.abandoned_in_queue && !f.answered);
    assert_eq!(f.queue_secs, None);
    assert_eq!(f.first_response_secs, None);
    assert_eq!(f.replies, 0);
    assert_eq!(f.duration_secs, Some(90));
}

#[test]
fn a_chat_an_agent_had_but_never_answered_is_missed_not_abandoned() {
    let f = run(&[(Started, 0), (Visitor, 0), (Assigned, 3), (Ended, 200)]);
    assert!(f.missed && !f.abandoned_in_queue);
    assert_eq!(f.queue_secs, Some(3));
}

#[test]
fn a_live_chat_has_no_duration_and_is_not_yet_missed() {
    let f = run(&[(Started, 0), (Visitor, 0)]);
    assert!(!f.missed && !f.abandoned_in_queue);
    assert_eq!((f.duration_secs, f.ended_at), (None, None));
}

#[test]
fn after_a_bot_hand_off_the_queue_and_first_response_start_from_people() {
    let f = run(&[
        (Started, 0),
        (Visitor, 0),
        (BotReply, 1),
        (Visitor, 40),
        (BotReply, 41),
        (Visitor, 60),
        (HandedOff, 61),
        (Assigned, 90),
        (Agent, 100),
        (Ended, 400),
    ]);
    assert!(f.bot && f.handed_off && !f.bot_resolved && f.answered);
    // Queue: hand-off 61 → agent 90; first response: 90 → 100.
    assert_eq!(f.queue_secs, Some(29));
    assert_eq!(f.first_response_secs, Some(10));
    // The visitor's 60 s question waited on people from 90.
    assert_eq!((f.reply_secs_total, f.replies), (10, 1));
    assert_eq!(f.bot_messages, 2);
    assert_eq!(f.messages_out, 1);
}

#[test]
fn a_chat_the_bot_finished_is_resolved_not_missed() {
    let f = run(&[(Started, 0), (Visitor, 0), (BotReply, 1), (Ended, 120)]);
    assert!(f.bot && f.bot_resolved && !f.missed && !f.handed_off);
    assert_eq!(f.queue_secs, None);
}

#[test]
fn handed_off_then_left_before_an_agent_is_missed_in_the_queue() {
    let f = run(&[
        (Started, 0),
        (Visitor, 0),
        (BotReply, 1),
        (HandedOff, 5),
        (Ended, 50),
    ]);
    assert!(f.handed_off && !f.bot_resolved && f.missed && f.abandoned_in_queue);
}

#[test]
fn a_transfer_keeps_the_first_response_from_the_first_agent() {
    let f = run(&[
        (Started, 0),
        (Visitor, 0),
        (Assigned, 10),
        (Transferred, 40),
        (Assigned, 40),
        (Agent, 70),
        (Transferred, 100),
        (Assigned, 100),
        (Visitor, 110),
        (Agent, 130),
        (Ended, 200),
    ]);
    assert_eq!(f.transfers, 2);
    assert_eq!(f.queue_secs, Some(10));
    // The visitor waited for people from the first agent at 10.
    assert_eq!(f.first_response_secs, Some(60));
    assert_eq!((f.reply_secs_total, f.replies), (60 + 20, 2));
}

#[test]
fn a_reopened_chat_lasts_until_its_last_end() {
    let f = run(&[
        (Started, 0),
        (Visitor, 0),
        (Assigned, 1),
        (Agent, 5),
        (Ended, 100),
        (Visitor, 500),
        (Agent, 520),
        (Ended, 600),
    ]);
    assert_eq!(f.duration_secs, Some(600));
    assert_eq!(f.ended_at, Some(t(600)));
    assert_eq!((f.reply_secs_total, f.replies), (4 + 20, 2));
    // Reopened and not ended again: live.
    let live = run(&[(Started, 0), (Visitor, 0), (Ended, 100), (Visitor, 500)]);
    assert_eq!((live.ended_at, live.duration_secs), (None, None));
    assert!(!live.missed);
}

#[test]
fn an_agent_writing_first_has_a_zero_first_response() {
    // An invitation (O4): the agent writes before the visitor does.
    let f = run(&[
        (Started, 0),
        (Assigned, 0),
        (Agent, 0),
        (Visitor, 30),
        (Agent, 45),
        (Ended, 90),
    ]);
    assert_eq!(f.first_response_secs, Some(0));
    assert_eq!((f.reply_secs_total, f.replies), (15, 1));
}

#[test]
fn ratings_map_to_a_hundred_point_scale() {
    let best = Rating { level: 1, scale: 5 };
    let mid = Rating { level: 3, scale: 5 };
    let worst = Rating { level: 5, scale: 5 };
    assert_eq!(
        (best.score(), mid.score(), worst.score()),
        (100.0, 50.0, 0.0)
    );
    assert_eq!(Rating { level: 2, scale: 3 }.score(), 50.0);
    assert_eq!(Rating { level: 1, scale: 1 }.score(), 100.0);
    // A level outside the scale (an edited survey) is clamped.
    assert_eq!(Rating { level: 9, scale: 3 }.score(), 0.0);
    let f = run_rated(&[(Started, 0), (Ended, 1)], Some(mid));
    assert_eq!(f.satisfaction, Some(50.0));
}
