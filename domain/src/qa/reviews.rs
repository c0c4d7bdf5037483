//! Reviews (M4): the conversations a reviewer may pick, a review's
//! submission, the lists (a reviewer's every review, an agent's own), and
//! the dispute with its answer. Each state change is one guarded UPDATE,
//! so two people acting at once cannot both win.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use model::qa::{
    QaAgentAverage, QaCandidate, QaCandidateQuery, QaCategory, QaResolveInput, QaResult, QaReview,
    QaReviewInput, QaReviewList, QaReviewQuery, QaReviewState, QaScore, CANDIDATES_MAX,
    COMMENT_MAX, REVIEWS_MAX, SAMPLE_MAX,
};
use model::Permission;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use super::{averages, card_dto, score, QaService};
use crate::actor::Actor;
use crate::entities::{conversation, conversation_fact as fact, qa_review, qa_scorecard};
use crate::error::{Error, Result};
use crate::validate::Check;

/// Every agent's `(mean, reviews)` over reviews of conversations that
/// started in `start..end`: the agent work report's QA column.
pub(crate) async fn agent_averages<C: ConnectionTrait>(
    db: &C,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<HashMap<i32, (f64, i64)>> {
    let rows = scored(db, start, end, None).await?;
    Ok(averages::by_agent(&rows)
        .into_iter()
        .map(|(a, (mean, n, _))| (a, (mean, n)))
        .collect())
}

async fn scored<C: ConnectionTrait>(
    db: &C,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    agent: Option<i32>,
) -> Result<Vec<(i32, f64, bool)>> {
    let mut find = qa_review::Entity::find()
        .select_only()
        .columns([
            qa_review::Column::AgentId,
            qa_review::Column::Score,
            qa_review::Column::Failed,
        ])
        .filter(qa_review::Column::ConversationStartedAt.gte(start))
        .filter(qa_review::Column::ConversationStartedAt.lt(end));
    if let Some(a) = agent {
        find = find.filter(qa_review::Column::AgentId.eq(a));
    }
    Ok(find.into_tuple().all(db).await?)
}

/// Comments of scores: at most `COMMENT_MAX` each, trimmed.
fn check_scores(scores: &mut [QaScore], check: &mut Check) {
    for s in scores.iter_mut() {
        s.comment = s.comment.trim().to_owned();
        check.max_len(
            &format!("scores.{}", s.category_id),
            &s.comment,
            COMMENT_MAX,
        );
    }
}

/// The result, or the scoring rules' field errors with any of `check`'s.
fn result_of(categories: &[QaCategory], scores: &[QaScore], check: Check) -> Result<QaResult> {
    let scored = score::review_result(categories, scores);
    let mut errors = match check.finish() {
        Ok(()) => vec![],
        Err(Error::Invalid(e)) => e,
        Err(e) => return Err(e),
    };
    match scored {
        Ok(r) if errors.is_empty() => Ok(r),
        Ok(_) => Err(Error::Invalid(errors)),
        Err(e) => {
            errors.extend(e);
            Err(Error::Invalid(errors))
        }
    }
}

impl QaService {
    /// Ended conversations with an agent, newest first (at most
    /// `CANDIDATES_MAX`), or a random sample of N per agent among those not
    /// reviewed yet.
    pub async fn candidates(
        &self,
        actor: &Actor,
        q: &QaCandidateQuery,
    ) -> Result<Vec<QaCandidate>> {
        actor.require(Permission::Qa)?;
        if q.sample.is_some_and(|n| n == 0 || n > SAMPLE_MAX) {
            return Err(Error::field("sample", "out_of_range"));
        }
        let (_, _, start, end) = self.days(q.from, q.to, q.preset.as_deref()).await?;
        let mut find = fact::Entity::find()
            .filter(fact::Column::StartedAt.gte(start))
            .filter(fact::Column::StartedAt.lt(end))
            .filter(fact::Column::EndedAt.is_not_null())
            .filter(fact::Column::AgentId.is_not_null())
            .order_by_desc(fact::Column::StartedAt);
        if let Some(a) = q.agent_id {
            find = find.filter(fact::Column::AgentId.eq(a));
        }
        if let Some(c) = q.channel.as_deref().filter(|c| !c.is_empty()) {
            find = find.filter(fact::Column::Channel.eq(c));
        }
        if let Some(l) = q.rating_level {
            find = find.filter(fact::Column::RatingLevel.eq(l));
        }
        let reviewed: Vec<i64> = qa_review::Entity::find()
            .select_only()
            .column(qa_review::Column::ConversationId)
            .filter(qa_review::Column::ConversationStartedAt.gte(start))
            .filter(qa_review::Column::ConversationStartedAt.lt(end))
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut counts: HashMap<i64, i32> = HashMap::new();
        for id in reviewed {
            *counts.entry(id).or_default() += 1;
        }
        let facts = match q.sample {
            Some(n) => {
                let open: Vec<(i32, fact::Model)> = find
                    .all(&self.db)
                    .await?
                    .into_iter()
                    .filter(|f| !counts.contains_key(&f.conversation_id))
                    .map(|f| (f.agent_id.unwrap_or_default(), f))
                    .collect();
                super::sample::per_agent(&open, n as usize, &mut rand::thread_rng())
            }
            None => find.limit(CANDIDATES_MAX as u64).all(&self.db).await?,
        };
        let names =
            crate::people::agent_names(&self.db, facts.iter().filter_map(|f| f.agent_id).collect())
                .await?;
        Ok(facts
            .into_iter()
            .map(|f| {
                let agent_id = f.agent_id.unwrap_or_default();
                QaCandidate {
                    conversation_id: f.conversation_id,
                    agent_id,
                    agent_name: names.get(&agent_id).cloned().unwrap_or_default(),
                    channel: f.channel,
                    started_at: f.started_at,
                    duration_secs: f.duration_secs,
                    messages: f.messages_in + f.messages_out,
                    rating_level: f.rating_level,
                    reviews: counts.get(&f.conversation_id).copied().unwrap_or(0),
                }
            })
            .collect())
    }

    /// Score an ended conversation on a live scorecard. The agent reviewed
    /// is the one who had it last; nobody reviews their own.
    pub async fn submit(&self, actor: &Actor, input: QaReviewInput) -> Result<QaReview> {
        actor.require(Permission::Qa)?;
        let card = qa_scorecard::Entity::find_by_id(input.scorecard_id)
            .one(&self.db)
            .await?
            .ok_or(Error::field("scorecard_id", "unknown"))?;
        if card.retired_at.is_some() {
            return Err(Error::field("scorecard_id", "retired"));
        }
        let conv = conversation::Entity::find_by_id(input.conversation_id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        let agent_id = match (conv.ended_at, conv.agent_id) {
            (None, _) => return Err(Error::field("conversation_id", "not_ended")),
            (_, None) => return Err(Error::field("conversation_id", "no_agent")),
            (_, Some(a)) if a == actor.agent_id => {
                return Err(Error::field("conversation_id", "own_conversation"))
            }
            (_, Some(a)) => a,
        };
        let categories = card_dto(&card).categories;
        let mut check = Check::new();
        let comment = input.comment.trim().to_owned();
        check.max_len("comment", &comment, COMMENT_MAX);
        let mut scores = input.scores;
        check_scores(&mut scores, &mut check);
        let result = result_of(&categories, &scores, check)?;
        let now = self.clock.now();
        let row = qa_review::ActiveModel {
            conversation_id: Set(conv.id),
            conversation_started_at: Set(conv.started_at),
            agent_id: Set(agent_id),
            reviewer_id: Set(actor.agent_id),
            scorecard_id: Set(card.id),
            categories: Set(serde_json::to_string(&categories).unwrap_or_default()),
            scores: Set(serde_json::to_string(&scores).unwrap_or_default()),
            comment: Set(comment),
            score: Set(result.score),
            raw: Set(result.raw),
            failed: Set(result.failed),
            state: Set(QaReviewState::Submitted),
            dispute: Set(None),
            disputed_at: Set(None),
            resolution: Set(None),
            resolved_by: Set(None),
            resolved_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        match row.insert(&self.db).await {
            Ok(r) => self.dto(r).await,
            Err(e) if crate::people::is_unique_violation(&e) => {
                Err(Error::field("scorecard_id", "already_reviewed"))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Reviews of conversations that started in the period, newest first,
    /// and each agent's average. Without *QA*, only the actor's own.
    pub async fn reviews(&self, actor: &Actor, q: &QaReviewQuery) -> Result<QaReviewList> {
        let agent = if actor.can(Permission::Qa) {
            q.agent_id
        } else {
            Some(actor.agent_id)
        };
        let (from, to, start, end) = self.days(q.from, q.to, q.preset.as_deref()).await?;
        let mut find = qa_review::Entity::find()
            .filter(qa_review::Column::ConversationStartedAt.gte(start))
            .filter(qa_review::Column::ConversationStartedAt.lt(end))
            .order_by_desc(qa_review::Column::CreatedAt)
            .order_by_desc(qa_review::Column::Id)
            .limit(REVIEWS_MAX as u64);
        if let Some(a) = agent {
            find = find.filter(qa_review::Column::AgentId.eq(a));
        }
        if let Some(s) = q.state {
            find = find.filter(qa_review::Column::State.eq(s));
        }
        let rows = find.all(&self.db).await?;
        let sums = averages::by_agent(&scored(&self.db, start, end, agent).await?);
        let names = crate::people::agent_names(&self.db, sums.keys().copied().collect()).await?;
        let mut reviews = Vec::with_capacity(rows.len());
        let faces = self.faces(&rows).await?;
        for r in rows {
            reviews.push(dto_with(r, &faces));
        }
        Ok(QaReviewList {
            from,
            to,
            reviews,
            averages: sums
                .into_iter()
                .map(|(agent_id, (average, reviews, failed))| QaAgentAverage {
                    agent_id,
                    agent_name: names.get(&agent_id).cloned().unwrap_or_default(),
                    reviews,
                    average,
                    failed,
                })
                .collect(),
        })
    }

    /// One review: for *QA* holders, or the agent it is about (to anyone
    /// else it does not exist).
    pub async fn review(&self, actor: &Actor, id: i64) -> Result<QaReview> {
        let row = self.visible(actor, id).await?;
        self.dto(row).await
    }

    /// The agent disputes their review, once, with a comment.
    pub async fn dispute(&self, actor: &Actor, id: i64, comment: &str) -> Result<QaReview> {
        let row = self.visible(actor, id).await?;
        if row.agent_id != actor.agent_id {
            return Err(Error::Forbidden);
        }
        let mut check = Check::new();
        let comment = check.required_text("comment", comment, COMMENT_MAX);
        check.finish()?;
        let now = self.clock.now();
        let done = qa_review::Entity::update_many()
            .col_expr(
                qa_review::Column::State,
                Expr::value(QaReviewState::Disputed),
            )
            .col_expr(qa_review::Column::Dispute, Expr::value(comment))
            .col_expr(qa_review::Column::DisputedAt, Expr::value(now))
            .col_expr(qa_review::Column::UpdatedAt, Expr::value(now))
            .filter(qa_review::Column::Id.eq(id))
            .filter(qa_review::Column::State.eq(QaReviewState::Submitted))
            .exec(&self.db)
            .await?;
        if done.rows_affected == 0 {
            return Err(Error::field("state", "not_disputable"));
        }
        self.review(actor, id).await
    }

    /// A reviewer accepts a dispute (new scores, if given, replace the old)
    /// or rejects it; the comment is the answer the agent reads.
    pub async fn resolve(&self, actor: &Actor, id: i64, input: QaResolveInput) -> Result<QaReview> {
        actor.require(Permission::Qa)?;
        let row = self.visible(actor, id).await?;
        if row.agent_id == actor.agent_id {
            return Err(Error::Forbidden);
        }
        let mut check = Check::new();
        let comment = check.required_text("comment", &input.comment, COMMENT_MAX);
        let categories: Vec<QaCategory> = serde_json::from_str(&row.categories).unwrap_or_default();
        let rescored = match (input.accept, input.scores) {
            (true, Some(mut scores)) => {
                check_scores(&mut scores, &mut check);
                Some((result_of(&categories, &scores, check)?, scores))
            }
            _ => {
                check.finish()?;
                None
            }
        };
        let state = if input.accept {
            QaReviewState::Accepted
        } else {
            QaReviewState::Rejected
        };
        let now = self.clock.now();
        let mut update = qa_review::Entity::update_many()
            .col_expr(qa_review::Column::State, Expr::value(state))
            .col_expr(qa_review::Column::Resolution, Expr::value(comment))
            .col_expr(qa_review::Column::ResolvedBy, Expr::value(actor.agent_id))
            .col_expr(qa_review::Column::ResolvedAt, Expr::value(now))
            .col_expr(qa_review::Column::UpdatedAt, Expr::value(now));
        if let Some((result, scores)) = rescored {
            update = update
                .col_expr(
                    qa_review::Column::Scores,
                    Expr::value(serde_json::to_string(&scores).unwrap_or_default()),
                )
                .col_expr(qa_review::Column::Score, Expr::value(result.score))
                .col_expr(qa_review::Column::Raw, Expr::value(result.raw))
                .col_expr(qa_review::Column::Failed, Expr::value(result.failed));
        }
        let done = update
            .filter(qa_review::Column::Id.eq(id))
            .filter(qa_review::Column::State.eq(QaReviewState::Disputed))
            .exec(&self.db)
            .await?;
        if done.rows_affected == 0 {
            return Err(Error::field("state", "not_disputed"));
        }
        self.review(actor, id).await
    }

    async fn visible(&self, actor: &Actor, id: i64) -> Result<qa_review::Model> {
        let row = qa_review::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        if row.agent_id != actor.agent_id && !actor.can(Permission::Qa) {
            return Err(Error::NotFound);
        }
        Ok(row)
    }

    async fn dto(&self, row: qa_review::Model) -> Result<QaReview> {
        let faces = self.faces(std::slice::from_ref(&row)).await?;
        Ok(dto_with(row, &faces))
    }

    /// The names reviews show: agents, reviewers and scorecards.
    async fn faces(&self, rows: &[qa_review::Model]) -> Result<Faces> {
        let people: HashSet<i32> = rows
            .iter()
            .flat_map(|r| [r.agent_id, r.reviewer_id])
            .collect();
        let cards: HashSet<i32> = rows.iter().map(|r| r.scorecard_id).collect();
        Ok(Faces {
            people: crate::people::agent_names(&self.db, people.into_iter().collect()).await?,
            cards: qa_scorecard::Entity::find()
                .filter(qa_scorecard::Column::Id.is_in(cards))
                .all(&self.db)
                .await?
                .into_iter()
                .map(|c| (c.id, c.name))
                .collect(),
        })
    }
}

struct Faces {
    people: HashMap<i32, String>,
    cards: HashMap<i32, String>,
}

fn dto_with(r: qa_review::Model, faces: &Faces) -> QaReview {
    let person = |id: i32| faces.people.get(&id).cloned().unwrap_or_default();
    QaReview {
        id: r.id,
        conversation_id: r.conversation_id,
        conversation_started_at: r.conversation_started_at,
        agent_id: r.agent_id,
        agent_name: person(r.agent_id),
        reviewer_id: r.reviewer_id,
        reviewer_name: person(r.reviewer_id),
        scorecard_id: r.scorecard_id,
        scorecard_name: faces
            .cards
            .get(&r.scorecard_id)
            .cloned()
            .unwrap_or_default(),
        categories: serde_json::from_str(&r.categories).unwrap_or_default(),
        result: QaResult {
            score: r.score,
            raw: r.raw,
            failed: r.failed,
        },
        scores: serde_json::from_str(&r.scores).unwrap_or_default(),
        comment: r.comment,
        state: r.state,
        dispute: r.dispute,
        disputed_at: r.disputed_at,
        resolution: r.resolution,
        resolved_at: r.resolved_at,
        created_at: r.created_at,
    }
}
