//! Custom fields (A1, A4, ticket fields): what admins define for customers,
//! companies and tickets, and the values records carry.

use serde::{Deserialize, Serialize};

/// What a field describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "db", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(
    feature = "db",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::None)"
    )
)]
#[serde(rename_all = "snake_case")]
pub enum FieldEntity {
    #[cfg_attr(feature = "db", sea_orm(string_value = "customer"))]
    Customer,
    #[cfg_attr(feature = "db", sea_orm(string_value = "company"))]
    Company,
    #[cfg_attr(feature = "db", sea_orm(string_value = "ticket"))]
    Ticket,
    /// Fields of business records (A2); record templates pick from them.
    #[cfg_attr(feature = "db", sea_orm(string_value = "record"))]
    Record,
}

impl FieldEntity {
    pub const ALL: [FieldEntity; 4] = [
        FieldEntity::Customer,
        FieldEntity::Company,
        FieldEntity::Ticket,
        FieldEntity::Record,
    ];

    pub fn key(self) -> &'static str {
        match self {
            FieldEntity::Customer => "customer",
            FieldEntity::Company => "company",
            FieldEntity::Ticket => "ticket",
            FieldEntity::Record => "record",
        }
    }
}

/// The kinds of field an admin can define.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "db", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(
    feature = "db",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::None)"
    )
)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// One line, up to `TEXT_MAX` characters.
    #[cfg_attr(feature = "db", sea_orm(string_value = "text"))]
    Text,
    /// Several lines, up to `LONG_TEXT_MAX` characters.
    #[cfg_attr(feature = "db", sea_orm(string_value = "long_text"))]
    LongText,
    #[cfg_attr(feature = "db", sea_orm(string_value = "number"))]
    Number,
    /// A day, `YYYY-MM-DD`.
    #[cfg_attr(feature = "db", sea_orm(string_value = "date"))]
    Date,
    #[cfg_attr(feature = "db", sea_orm(string_value = "single_select"))]
    SingleSelect,
    #[cfg_attr(feature = "db", sea_orm(string_value = "multi_select"))]
    MultiSelect,
    #[cfg_attr(feature = "db", sea_orm(string_value = "checkbox"))]
    Checkbox,
    /// An `http(s)://` address.
    #[cfg_attr(feature = "db", sea_orm(string_value = "link"))]
    Link,
    #[cfg_attr(feature = "db", sea_orm(string_value = "email"))]
    Email,
    #[cfg_attr(feature = "db", sea_orm(string_value = "phone"))]
    Phone,
}

impl FieldKind {
    pub const ALL: [FieldKind; 10] = [
        FieldKind::Text,
        FieldKind::LongText,
        FieldKind::Number,
        FieldKind::Date,
        FieldKind::SingleSelect,
        FieldKind::MultiSelect,
        FieldKind::Checkbox,
        FieldKind::Link,
        FieldKind::Email,
        FieldKind::Phone,
    ];

    pub fn key(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::LongText => "long_text",
            FieldKind::Number => "number",
            FieldKind::Date => "date",
            FieldKind::SingleSelect => "single_select",
            FieldKind::MultiSelect => "multi_select",
            FieldKind::Checkbox => "checkbox",
            FieldKind::Link => "link",
            FieldKind::Email => "email",
            FieldKind::Phone => "phone",
        }
    }

    pub fn from_key(key: &str) -> Option<FieldKind> {
        FieldKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// Whether values are picked from the field's options.
    pub fn has_options(self) -> bool {
        matches!(self, FieldKind::SingleSelect | FieldKind::MultiSelect)
    }
}

pub const TEXT_MAX: usize = 255;
pub const LONG_TEXT_MAX: usize = 5000;
pub const LINK_MAX: usize = 2048;
pub const PHONE_MAX: usize = 32;
pub const FIELD_KEY_MAX: usize = 64;
pub const FIELD_LABEL_MAX: usize = 64;
pub const OPTIONS_MAX: usize = 200;

/// One choice of a select field: a stable key (stored) and its label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldOption {
    pub key: String,
    pub label: String,
}

/// A defined field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldDef {
    pub id: i32,
    pub entity: FieldEntity,
    /// Stable name in the API and in links' identity payloads.
    pub key: String,
    pub label: String,
    pub kind: FieldKind,
    pub required: bool,
    /// Order on forms; lower first.
    pub position: i32,
    #[serde(default)]
    pub options: Vec<FieldOption>,
    /// Retired fields keep their stored values but are no longer asked for.
    #[serde(default)]
    pub retired: bool,
}

/// A value as sent and shown: text (also numbers, dates and option keys
/// typed into forms), a number, a checkbox, or several option keys.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum FieldValue {
    Flag(bool),
    Number(f64),
    Text(String),
    List(Vec<String>),
}

/// Define or change a field. `kind` and `entity` cannot change once values
/// may exist (a change would misread them); make a new field instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldDefInput {
    pub entity: FieldEntity,
    pub key: String,
    pub label: String,
    pub kind: FieldKind,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub options: Vec<FieldOption>,
}

/// Values by field key, as forms and the API send them.
pub type FieldValues = std::collections::BTreeMap<String, FieldValue>;
