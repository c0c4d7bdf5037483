//! Business records (A2): admins define templates (a named set of record
//! fields); agents fill one in during a conversation.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::fields::FieldValues;

pub const TEMPLATE_NAME_MAX: usize = 64;
/// Fields one template holds at most.
pub const TEMPLATE_FIELDS_MAX: usize = 50;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordTemplate {
    pub id: i32,
    pub name: String,
    /// Record field ids (`FieldEntity::Record`), in form order.
    pub fields: Vec<i32>,
    #[serde(default)]
    pub retired: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordTemplateInput {
    pub name: String,
    pub fields: Vec<i32>,
}

/// A filled-in record, stored with its conversation and customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BusinessRecord {
    pub id: i64,
    pub template_id: i32,
    pub template_name: String,
    pub conversation_id: i64,
    pub customer_id: i64,
    pub values: FieldValues,
    pub author_id: i32,
    pub author_name: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BusinessRecordInput {
    pub template_id: i32,
    pub values: FieldValues,
}
