//! The `applications` table: client applications, drafts and submitted ones.

use sea_orm::entity::prelude::*;

/// One application. The type's start choices live in the `visit_purpose`,
/// `visa_processing`, `claim_origin` and `cbsa_file_number` columns, which are `NULL`
/// where they do not apply.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "applications")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub representative_id: Uuid,
    pub group_id: i64,
    pub role: String,
    pub app_type: String,
    pub visit_purpose: Option<String>,
    /// Visitor visas: `regular`, `emergency` or `special_measures`.
    pub visa_processing: Option<String>,
    pub claim_origin: Option<String>,
    pub cbsa_file_number: Option<String>,
    pub questionnaire_version: i32,
    pub applicant_name: String,
    /// `applicant_name` lowercased without accents (see `crate::fold`), for search.
    pub applicant_name_folded: String,
    /// The answers as a JSON object of strings.
    pub answers: String,
    pub status: String,
    /// Unique when present (`applications_number_key`).
    pub number: Option<String>,
    pub created_at: i64,
    pub last_saved_at: i64,
    /// The last day a draft can be submitted, in days since 1970-01-01.
    pub expires_on: i32,
    pub submitted_at: Option<i64>,
    pub has_unread: bool,
    pub action_required: bool,
    pub version: i64,
    /// When the owner was warned that the draft's last day is near (F12); `NULL` until then.
    pub expiry_warned_at: Option<i64>,
    /// Days since 1970-01-01 of the stages after submission (`NULL` before them).
    pub received_on: Option<i32>,
    /// `approved`, `refused` or `withdrawn`, once decided.
    pub decision: Option<String>,
    pub decided_on: Option<i32>,
    pub closed_on: Option<i32>,
    /// The client's UCI with its dashes.
    pub uci: Option<String>,
    pub biometrics_number: Option<String>,
    pub biometrics_enrolled_on: Option<i32>,
    pub biometrics_expires_on: Option<i32>,
    /// The processing steps as a JSON object of step code to state code; a step that is
    /// absent is not started.
    pub steps: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
