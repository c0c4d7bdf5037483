//! Business records (A2): admins define templates (`templates`), each a
//! named, ordered set of record fields (`FieldEntity::Record`, defined in
//! Console → Data → Fields); agents fill one in during a conversation
//! (`filled`), stored with the conversation and the customer.

pub mod filled;
pub mod templates;

pub use filled::BusinessRecordService;
pub use templates::RecordTemplateService;
