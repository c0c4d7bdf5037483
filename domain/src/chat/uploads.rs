//! Files and images in a conversation: sending one (checked, stored on disk,
//! then stored as a message exactly like text) and reading one back, which
//! checks the reader may see the conversation it belongs to.

use model::chat::{Attachment, Message, Sender};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::conversations::{check_message, ConversationService};
use super::core::ChatCore;
use super::writer::{Append, Guard};
use super::{Party, StartInfo};
use crate::entities::message;
use crate::error::{Error, Result};
use crate::files::{self, FileStore};

/// A file as it arrives from a client.
pub struct Upload<'a> {
    pub conversation_id: Option<i64>,
    pub client_id: &'a str,
    pub name: &'a str,
    pub bytes: &'a [u8],
}

#[derive(Clone)]
pub struct UploadService {
    core: ChatCore,
    conversations: ConversationService,
    files: FileStore,
}

impl UploadService {
    pub(crate) fn new(
        core: ChatCore,
        conversations: ConversationService,
        files: FileStore,
    ) -> Self {
        Self {
            core,
            conversations,
            files,
        }
    }

    /// Largest file accepted, in bytes.
    pub fn upload_limit(&self) -> usize {
        self.files.max_bytes
    }

    /// Send a file. Visitors may omit the conversation (like `visitor_send`);
    /// agents must name one assigned to them. A retry with the same client id
    /// returns the message already stored.
    pub async fn send_file(
        &self,
        party: &Party,
        upload: Upload<'_>,
        start: &StartInfo,
    ) -> Result<Message> {
        let checked = files::check(upload.name, upload.bytes, self.files.max_bytes)?;
        check_message(upload.client_id, &checked.name)?;
        let (conv, guard, sender, agent_id) = match party {
            Party::Visitor(v) => {
                if let Some(existing) = self
                    .core
                    .visitor_message_by_client_id(*v, upload.client_id)
                    .await?
                {
                    return Ok(existing);
                }
                let conv = self
                    .conversations
                    .visitor_target(*v, upload.conversation_id, start)
                    .await?;
                (conv, Guard::Visitor(*v), Sender::Visitor, None)
            }
            Party::Agent(actor) => {
                let id = upload
                    .conversation_id
                    .ok_or_else(|| Error::field("conversation_id", "required"))?;
                let conv = self.conversations.agent_target(actor, id).await?;
                (
                    conv,
                    Guard::Agent(actor.agent_id),
                    Sender::Agent,
                    Some(actor.agent_id),
                )
            }
        };
        let key = self.files.save(upload.bytes).await?;
        let attachment = Attachment {
            key: key.clone(),
            name: checked.name.clone(),
            content_type: checked.content_type,
            size: upload.bytes.len() as i64,
        };
        let append = Append {
            conversation_id: conv.id,
            guard,
            sender,
            agent_id,
            client_id: upload.client_id.to_owned(),
            body: checked.name,
            system: None,
            internal: false,
            attachment: Some(attachment),
            bot: None,
        };
        match self.core.store(append).await {
            Ok((msg, true)) => Ok(msg),
            Ok((msg, false)) => {
                // A retry raced us: keep the first copy only.
                self.files.remove(&key).await;
                Ok(msg)
            }
            Err(e) => {
                self.files.remove(&key).await;
                Err(e)
            }
        }
    }

    /// A stored file and its bytes, if `party` may see its conversation.
    /// Anything else is `NotFound`, so keys cannot be probed.
    pub async fn read_file(&self, party: &Party, key: &str) -> Result<(Attachment, Vec<u8>)> {
        let row = message::Entity::find()
            .filter(message::Column::AttachmentKey.eq(key))
            .one(&self.core.db)
            .await?
            .ok_or(Error::NotFound)?;
        if row.internal && matches!(party, Party::Visitor(_)) {
            return Err(Error::NotFound);
        }
        self.core.visible(party, row.conversation_id).await?;
        let msg = self.core.message_dtos(vec![row]).await?.remove(0);
        let attachment = msg.attachment.ok_or(Error::NotFound)?;
        let bytes = self.files.read(key).await?;
        Ok((attachment, bytes))
    }
}
