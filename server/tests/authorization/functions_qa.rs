//! The matrix rows of the reports' and QA's server functions: report
//! readers need *View reports*, scorecards and reviewing need *QA*, and a
//! review is read only by reviewers and the agent reviewed (here another
//! agent than every caller, so no caller may dispute it).

use model::access::Permission::{self, *};
use serde_json::json;
use server_fn::ServerFn;

use super::fixture::{Fixture, Who};
use super::functions::{form, Args, Row, ADMIN_ONLY, STAFF};
use app::api::{qa, reports};

pub(super) const GRANTS: &[(&str, &[Permission])] = &[
    (reports::ServiceReport::PATH, &[ViewReports]),
    (reports::AgentWorkReport::PATH, &[ViewReports]),
    (reports::TagReport::PATH, &[ViewReports]),
    (reports::StartReportExport::PATH, &[ViewReports]),
    (qa::ListQaScorecards::PATH, &[Qa]),
    (qa::SaveQaScorecard::PATH, &[Qa]),
    (qa::SetQaScorecardRetired::PATH, &[Qa]),
    (qa::QaCandidates::PATH, &[Qa]),
    (qa::SubmitQaReview::PATH, &[Qa]),
    (qa::QaReview::PATH, &[Qa]),
    (qa::ResolveQaReview::PATH, &[Qa]),
];

type Make = fn(&Fixture, &str) -> Args;

fn week() -> serde_json::Value {
    json!({ "from": "2026-11-01", "to": "2026-11-07" })
}

pub(super) fn rows(r: impl Fn(&'static str, Make, &'static [Who]) -> Row) -> Vec<Row> {
    vec![
        r(
            reports::ServiceReport::PATH,
            |_, _| Args::Json(json!({ "query": week() })),
            ADMIN_ONLY,
        ),
        r(
            reports::AgentWorkReport::PATH,
            |_, _| Args::Json(json!({ "query": week() })),
            ADMIN_ONLY,
        ),
        r(
            reports::TagReport::PATH,
            |_, _| Args::Json(json!({ "query": week() })),
            ADMIN_ONLY,
        ),
        r(
            reports::StartReportExport::PATH,
            |_, _| Args::Json(json!({ "query": week() })),
            ADMIN_ONLY,
        ),
        // The admin's own: anyone else, report reader or not, finds none.
        r(
            reports::ReportExport::PATH,
            |f, _| form(&[("id", f.export.to_string())]),
            ADMIN_ONLY,
        ),
        r(qa::ListQaScorecards::PATH, |_, _| form(&[]), ADMIN_ONLY),
        // The second caller finds the name taken (a field error).
        r(
            qa::SaveQaScorecard::PATH,
            |_, _| {
                Args::Json(json!({ "id": null, "input": {
                    "name": "Matrix new card",
                    "categories": [{ "name": "Tone", "scale": "five", "weight": 2 }],
                } }))
            },
            ADMIN_ONLY,
        ),
        r(
            qa::SetQaScorecardRetired::PATH,
            |f, _| form(&[("id", f.scorecard.to_string()), ("retired", "false".into())]),
            ADMIN_ONLY,
        ),
        r(
            qa::QaCandidates::PATH,
            |_, _| Args::Json(json!({ "query": week() })),
            ADMIN_ONLY,
        ),
        // The admin's own conversation, still open: a field error for
        // every reviewer.
        r(
            qa::SubmitQaReview::PATH,
            |f, _| {
                Args::Json(json!({ "input": {
                    "conversation_id": f.conversation,
                    "scorecard_id": f.scorecard,
                    "scores": [],
                } }))
            },
            ADMIN_ONLY,
        ),
        // Everyone on the staff lists reviews (their own, without QA).
        r(
            qa::QaReviews::PATH,
            |_, _| Args::Json(json!({ "query": week() })),
            STAFF,
        ),
        r(
            qa::QaReview::PATH,
            |f, _| form(&[("id", f.review.to_string())]),
            ADMIN_ONLY,
        ),
        r(
            qa::DisputeQaReview::PATH,
            |f, _| form(&[("id", f.review.to_string()), ("comment", "Unfair".into())]),
            &[],
        ),
        // Not disputed: a field error for every reviewer.
        r(
            qa::ResolveQaReview::PATH,
            |f, _| {
                Args::Json(json!({ "id": f.review, "input": { "accept": false, "comment": "No" } }))
            },
            ADMIN_ONLY,
        ),
    ]
}
