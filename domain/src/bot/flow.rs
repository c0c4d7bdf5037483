//! The bot in a conversation (P3). A chat that starts with the bot has
//! status `bot`: no agent, not in the queue. Each visitor message gets one
//! bot message (an ordinary stored message, exactly once per question:
//! its client id names the question's seq): an answer, "did you mean…" or
//! "not understood". Asking for a person, or too many misses in a row,
//! hands the chat to the normal routing and queue with everything said so
//! far visible to the agent.

use model::bot::{BotMode, BotReply, BotSettings, HandOffReason, ASKED_MAX};
use model::chat::{Conversation, ConversationStatus, Message, Sender, SystemLine};
use model::Permission;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use super::live_index::{question_lang, Decision, LiveIndex};
use super::matcher::Thresholds;
use super::replies::{
    asks_for_person, check_settings, greeting, not_understood_text, suggest_text,
};
use crate::actor::Actor;
use crate::chat::core::ChatCore;
use crate::chat::writer::{Append, Guard};
use crate::chat::Party;
use crate::entities::{agent_group, bot_answer, chat_link, conversation, message};
use crate::error::{Error, Result};
use crate::routing::hours::is_open;
use crate::routing::queue::QueueService;
use crate::settings::{SettingsService, BOT};

/// What became of a question, as `bot_answers.outcome` says it.
pub(crate) const ANSWERED: &str = "answered";
pub(crate) const SUGGESTED: &str = "suggested";
pub(crate) const NOT_UNDERSTOOD: &str = "not_understood";

#[derive(Clone)]
pub struct BotService {
    core: ChatCore,
    settings: SettingsService,
    queue: QueueService,
    pub(crate) index: LiveIndex,
}

impl BotService {
    pub(crate) fn new(
        core: ChatCore,
        settings: SettingsService,
        queue: QueueService,
        index: LiveIndex,
    ) -> Self {
        Self {
            core,
            settings,
            queue,
            index,
        }
    }

    /// Build the index from the database (the server does it at start, so
    /// the first visitor does not wait for it).
    pub async fn warm_up(&self) -> Result<usize> {
        self.index.rebuild().await
    }

    pub async fn settings(&self, actor: &Actor) -> Result<BotSettings> {
        actor.require(Permission::ManageBot)?;
        self.settings.bot().await
    }

    pub async fn set_settings(&self, actor: &Actor, input: BotSettings) -> Result<BotSettings> {
        actor.require(Permission::ManageBot)?;
        let clean = check_settings(input)?;
        self.settings
            .put_by(actor, model::audit::AuditKind::Bot, BOT, &clean)
            .await?;
        Ok(clean)
    }

    /// Whether a new chat through `link` to `group` on `channel` starts
    /// with the bot: the link's mode, else the group's, else the platform
    /// account's (C4, C5), else the channel's;
    /// "outside hours" asks the working hours. Never with an empty
    /// knowledge base.
    pub(crate) async fn starts_with_bot(
        &self,
        link: Option<&chat_link::Model>,
        group: Option<i32>,
        (channel, account_mode): (&str, Option<BotMode>),
    ) -> Result<bool> {
        let settings = self.settings.bot().await?;
        let group_mode = match group {
            Some(g) => agent_group::Entity::find_by_id(g)
                .one(&self.core.db)
                .await?
                .and_then(|g| g.bot_mode),
            None => None,
        };
        let mode = link
            .and_then(|l| l.bot_mode.clone())
            .or(group_mode)
            .as_deref()
            .and_then(BotMode::from_key)
            .or(account_mode)
            .unwrap_or(if channel == "app" {
                settings.app
            } else {
                settings.web
            });
        let wanted = match mode {
            BotMode::Off => false,
            BotMode::First => true,
            BotMode::OutsideHours => {
                let hours = self.settings.leave_message().await?.hours;
                hours.enabled && !is_open(&hours, self.core.clock.now())
            }
        };
        Ok(wanted && self.index.len().await? > 0)
    }

    /// The bot's first words in a chat that starts with it.
    pub(crate) async fn greet(&self, conv: &conversation::Model, lang: Option<&str>) -> Result<()> {
        let settings = self.settings.bot().await?;
        let words = greeting(&settings, lang);
        if words.is_empty() {
            return Ok(());
        }
        self.say(
            conv,
            "sys:bot-greeting".into(),
            words.to_owned(),
            BotReply::Greeting,
        )
        .await
        .map(|_| ())
    }

    async fn say(
        &self,
        conv: &conversation::Model,
        client_id: String,
        body: String,
        reply: BotReply,
    ) -> Result<(Message, bool)> {
        self.core
            .store(Append {
                conversation_id: conv.id,
                guard: Guard::Any,
                sender: Sender::Bot,
                agent_id: None,
                client_id,
                body,
                system: None,
                internal: false,
                attachment: None,
                bot: Some(reply),
            })
            .await
    }

    /// The visitor wrote `question` in a chat with the bot: hand over if
    /// they ask for a person, else answer, suggest or say it did not
    /// understand (and hand over after too many misses in a row).
    pub(crate) async fn on_question(
        &self,
        conv: &conversation::Model,
        question: &Message,
    ) -> Result<()> {
        let settings = self.settings.bot().await?;
        if asks_for_person(&question.body, &settings.handoff_keywords) {
            self.hand_off_conv(conv.clone(), HandOffReason::Request)
                .await?;
            return Ok(());
        }
        let asked: String = question.body.chars().take(ASKED_MAX).collect();
        let t = Thresholds {
            answer: f32::from(settings.answer_threshold) / 100.0,
            suggest: f32::from(settings.suggest_threshold) / 100.0,
        };
        let lang = question_lang(&asked);
        let decision = self.index.decide(&asked, t).await?;
        let (body, reply, outcome, entry) = match decision {
            Decision::Answer {
                entry_id,
                question,
                answer,
            } => (
                answer,
                BotReply::Answer {
                    entry_id,
                    question,
                    helpful: None,
                },
                ANSWERED,
                Some(entry_id),
            ),
            Decision::Suggest(choices) => (
                suggest_text(lang, &choices),
                BotReply::Suggest { choices },
                SUGGESTED,
                None,
            ),
            Decision::NotUnderstood => (
                not_understood_text(lang).to_owned(),
                BotReply::NotUnderstood,
                NOT_UNDERSTOOD,
                None,
            ),
        };
        let client_id = format!("sys:bot-{}", question.seq);
        let (said, new) = self.say(conv, client_id, body, reply).await?;
        if !new {
            return Ok(());
        }
        let insert = bot_answer::ActiveModel {
            conversation_id: Set(conv.id),
            seq: Set(said.seq),
            question: Set(asked),
            outcome: Set(outcome.to_owned()),
            entry_id: Set(entry),
            helpful: Set(None),
            created_at: Set(self.core.clock.now()),
            ..Default::default()
        }
        .insert(&self.core.db)
        .await;
        match insert {
            Ok(_) => {}
            Err(e) if crate::people::is_unique_violation(&e) => {}
            Err(e) => return Err(e.into()),
        }
        self.count_miss(conv, outcome, settings.failures_before_handoff)
            .await
    }

    /// Misses in a row: an answer resets them, a suggestion leaves them.
    async fn count_miss(&self, conv: &conversation::Model, outcome: &str, limit: u8) -> Result<()> {
        let col = conversation::Column::BotFailures;
        let update = conversation::Entity::update_many()
            .filter(conversation::Column::Id.eq(conv.id))
            .filter(conversation::Column::Status.eq(ConversationStatus::Bot));
        match outcome {
            ANSWERED => {
                update
                    .col_expr(col, Expr::value(0))
                    .exec(&self.core.db)
                    .await?;
            }
            NOT_UNDERSTOOD => {
                update
                    .col_expr(col, Expr::col(col).add(1))
                    .exec(&self.core.db)
                    .await?;
                let now = self.core.find(conv.id).await?;
                if limit > 0 && now.bot_failures >= i32::from(limit) {
                    self.hand_off_conv(now, HandOffReason::Failure).await?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The visitor asks for a person ("Talk to a person"). Asking again, or
    /// in a chat already with people, changes nothing.
    pub async fn hand_off(&self, visitor_id: i64, conversation_id: i64) -> Result<Conversation> {
        let conv = self
            .core
            .visible(&Party::Visitor(visitor_id), conversation_id)
            .await?;
        if conv.status == ConversationStatus::Ended {
            return Err(Error::field("conversation_id", "conversation_ended"));
        }
        let conv = self.hand_off_conv(conv, HandOffReason::Request).await?;
        self.core.conversation_dto(conv).await
    }

    async fn hand_off_conv(
        &self,
        conv: conversation::Model,
        reason: HandOffReason,
    ) -> Result<conversation::Model> {
        let moved = conversation::Entity::update_many()
            .col_expr(
                conversation::Column::Status,
                Expr::value(ConversationStatus::Queued),
            )
            .col_expr(conversation::Column::Handoff, Expr::value(reason.key()))
            .col_expr(
                conversation::Column::HandedOffAt,
                Expr::value(self.core.clock.now()),
            )
            .filter(conversation::Column::Id.eq(conv.id))
            .filter(conversation::Column::Status.eq(ConversationStatus::Bot))
            .exec(&self.core.db)
            .await?
            .rows_affected
            == 1;
        if !moved {
            return self.core.find(conv.id).await;
        }
        let line = match reason {
            HandOffReason::Request => SystemLine::HandedOffRequest,
            HandOffReason::Failure => SystemLine::HandedOffFailure,
        };
        let client_id = format!("sys:handoff-{}", conv.id);
        self.core
            .system_line(&conv, None, &client_id, line, "")
            .await?;
        let row = self.core.find(conv.id).await?;
        self.queue.assign_new(row).await
    }

    /// The last `days` days of figures (needs *Manage the bot*).
    pub async fn figures(&self, actor: &Actor, days: u32) -> Result<model::bot::BotFigures> {
        super::figures::figures(&self.core.db, actor, self.core.clock.now(), days).await
    }

    /// The visitor rates a bot answer helpful or not (once; a second
    /// rating replaces the first).
    pub async fn rate(
        &self,
        visitor_id: i64,
        conversation_id: i64,
        seq: i64,
        helpful: bool,
    ) -> Result<()> {
        self.core
            .visible(&Party::Visitor(visitor_id), conversation_id)
            .await?;
        let answer = bot_answer::Entity::find()
            .filter(bot_answer::Column::ConversationId.eq(conversation_id))
            .filter(bot_answer::Column::Seq.eq(seq))
            .filter(bot_answer::Column::Outcome.eq(ANSWERED))
            .one(&self.core.db)
            .await?
            .ok_or_else(|| Error::field("seq", "not_an_answer"))?;
        bot_answer::Entity::update_many()
            .col_expr(bot_answer::Column::Helpful, Expr::value(helpful))
            .filter(bot_answer::Column::Id.eq(answer.id))
            .exec(&self.core.db)
            .await?;
        // The message says it too, so a reload shows the rating.
        let msg = message::Entity::find()
            .filter(message::Column::ConversationId.eq(conversation_id))
            .filter(message::Column::Seq.eq(seq))
            .one(&self.core.db)
            .await?
            .ok_or(Error::NotFound)?;
        let reply = msg
            .bot
            .as_deref()
            .and_then(|b| serde_json::from_str::<BotReply>(b).ok());
        if let Some(BotReply::Answer {
            entry_id, question, ..
        }) = reply
        {
            let rated = BotReply::Answer {
                entry_id,
                question,
                helpful: Some(helpful),
            };
            message::Entity::update_many()
                .col_expr(
                    message::Column::Bot,
                    Expr::value(serde_json::to_string(&rated).ok()),
                )
                .filter(message::Column::Id.eq(msg.id))
                .exec(&self.core.db)
                .await?;
        }
        Ok(())
    }
}
