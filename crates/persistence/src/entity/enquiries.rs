//! The `enquiries` table: web-form enquiries and closure requests (F7, F8).

use sea_orm::entity::prelude::*;

/// One enquiry.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "enquiries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `Q` and 9 digits; unique.
    pub reference: String,
    pub account_id: Uuid,
    /// `web_form` or `closure`.
    pub kind: String,
    pub enquiry_type: String,
    pub family_name: String,
    pub given_name: String,
    pub email: Option<String>,
    /// Days since 1970-01-01.
    pub date_of_birth: Option<i32>,
    pub ircc_id: Option<String>,
    pub request: String,
    /// `open`, `replied` or `resolved`.
    pub status: String,
    pub submitted_at: i64,
    pub resolved_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
