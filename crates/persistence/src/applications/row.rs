//! Conversion between an `applications` row and the domain's [`Application`] and
//! [`ApplicationSummary`]. A row that breaks a domain rule (an unknown code, start choices
//! that do not fit its type, a malformed number) is an [`InvalidRow`], never skipped.

use portal_domain::account::AccountId;
use portal_domain::application::{
    Application, ApplicationId, ApplicationKind, ApplicationNumber, ApplicationState,
    ApplicationStatus, ApplicationSummary, ApplicationType, CbsaFileNumber, ClaimOrigin, Decision,
    GroupId, GroupRole, Outcome, Submission, VisaProcessing, VisitPurpose,
};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{DbErr, FromQueryResult, QueryResult};
use time::Date;
use uuid::Uuid;

use crate::days::{from_days, to_days};
use crate::entity::applications::{ActiveModel, Column, Model};
use crate::error::InvalidRow;
use crate::fold::fold;
use crate::timestamp::{from_micros, from_micros_opt, to_micros};

const TABLE: &str = "applications";

fn bad(column: &'static str) -> InvalidRow {
    InvalidRow::new(TABLE, column)
}

pub(crate) fn role_code(role: GroupRole) -> &'static str {
    match role {
        GroupRole::Principal => "principal",
        GroupRole::FamilyMember => "family_member",
    }
}

fn role(code: &str) -> Result<GroupRole, InvalidRow> {
    match code {
        "principal" => Ok(GroupRole::Principal),
        "family_member" => Ok(GroupRole::FamilyMember),
        _ => Err(bad("role")),
    }
}

/// The stored columns of a kind: type, visit purpose, visa processing, claim origin, CBSA
/// number.
pub(crate) struct KindColumns {
    pub(crate) app_type: &'static str,
    pub(crate) visit_purpose: Option<&'static str>,
    pub(crate) visa_processing: Option<&'static str>,
    pub(crate) claim_origin: Option<&'static str>,
    pub(crate) cbsa_file_number: Option<String>,
}

pub(crate) fn kind_columns(kind: &ApplicationKind) -> KindColumns {
    let mut columns = KindColumns {
        app_type: kind.application_type().code(),
        visit_purpose: None,
        visa_processing: None,
        claim_origin: None,
        cbsa_file_number: None,
    };
    match kind {
        ApplicationKind::VisitorVisa {
            purpose,
            processing,
        } => {
            columns.visit_purpose = Some(match purpose {
                VisitPurpose::Visit => "visit",
                VisitPurpose::Transit => "transit",
            });
            columns.visa_processing = Some(processing.code());
        }
        ApplicationKind::StudyPermit => {}
        ApplicationKind::RefugeeClaim { origin } => match origin {
            ClaimOrigin::NewInCanada => columns.claim_origin = Some("new_in_canada"),
            ClaimOrigin::Cbsa(number) => {
                columns.claim_origin = Some("cbsa");
                columns.cbsa_file_number = Some(number.as_str().to_owned());
            }
        },
    }
    columns
}

fn kind(row: &Model) -> Result<ApplicationKind, InvalidRow> {
    let application_type = ApplicationType::parse(&row.app_type).map_err(|_| bad("app_type"))?;
    let purpose = row.visit_purpose.as_deref();
    let processing = row.visa_processing.as_deref();
    let origin = row.claim_origin.as_deref();
    let cbsa = row.cbsa_file_number.as_deref();
    match application_type {
        ApplicationType::VisitorVisa => {
            if origin.is_some() || cbsa.is_some() {
                return Err(bad("claim_origin"));
            }
            let purpose = match purpose {
                Some("visit") => VisitPurpose::Visit,
                Some("transit") => VisitPurpose::Transit,
                _ => return Err(bad("visit_purpose")),
            };
            let processing = processing
                .and_then(|code| VisaProcessing::parse(code).ok())
                .ok_or_else(|| bad("visa_processing"))?;
            Ok(ApplicationKind::VisitorVisa {
                purpose,
                processing,
            })
        }
        ApplicationType::StudyPermit => {
            if purpose.is_some() || processing.is_some() || origin.is_some() || cbsa.is_some() {
                return Err(bad("app_type"));
            }
            Ok(ApplicationKind::StudyPermit)
        }
        ApplicationType::RefugeeClaim => {
            if purpose.is_some() || processing.is_some() {
                return Err(bad("visit_purpose"));
            }
            let origin = match (origin, cbsa) {
                (Some("new_in_canada"), None) => ClaimOrigin::NewInCanada,
                (Some("cbsa"), Some(number)) => ClaimOrigin::Cbsa(
                    CbsaFileNumber::parse(number).map_err(|_| bad("cbsa_file_number"))?,
                ),
                _ => return Err(bad("claim_origin")),
            };
            Ok(ApplicationKind::RefugeeClaim { origin })
        }
    }
}

fn status(code: &str) -> Result<ApplicationStatus, InvalidRow> {
    ApplicationStatus::parse(code).ok_or_else(|| bad("status"))
}

fn number(raw: Option<&str>) -> Result<Option<ApplicationNumber>, InvalidRow> {
    raw.map(|n| ApplicationNumber::parse(n).map_err(|_| bad("number")))
        .transpose()
}

/// Submitted rows have a number and a submission time; drafts have neither.
fn check_submission(
    status: ApplicationStatus,
    number: &Option<ApplicationNumber>,
    submitted_at: Option<i64>,
) -> Result<(), InvalidRow> {
    let submitted = status.is_submitted();
    if submitted != number.is_some() {
        return Err(bad("number"));
    }
    if submitted != submitted_at.is_some() {
        return Err(bad("submitted_at"));
    }
    Ok(())
}

fn day(days: Option<i32>, column: &'static str) -> Result<Option<Date>, InvalidRow> {
    days.map(|d| from_days(d, TABLE, column)).transpose()
}

/// The stage of a row: its status with the columns that stage needs, all present.
fn state(row: &Model) -> Result<ApplicationState, InvalidRow> {
    let status = status(&row.status)?;
    let number = number(row.number.as_deref())?;
    check_submission(status, &number, row.submitted_at)?;
    let (Some(number), Some(submitted_at)) = (number, row.submitted_at) else {
        return Ok(ApplicationState::Draft {
            expires_on: from_days(row.expires_on, TABLE, "expires_on")?,
        });
    };
    let submission = Submission {
        number,
        submitted_at: from_micros(submitted_at, TABLE, "submitted_at")?,
    };
    let received_on = day(row.received_on, "received_on")?;
    let decision = match (row.decision.as_deref(), day(row.decided_on, "decided_on")?) {
        (Some(code), Some(decided_on)) => Some(Decision {
            outcome: Outcome::parse(code).ok_or_else(|| bad("decision"))?,
            decided_on,
        }),
        (None, None) => None,
        _ => return Err(bad("decided_on")),
    };
    let closed_on = day(row.closed_on, "closed_on")?;
    Ok(match status {
        ApplicationStatus::InProgress => return Err(bad("status")),
        ApplicationStatus::Submitted => ApplicationState::Submitted(submission),
        ApplicationStatus::Received => ApplicationState::Received {
            submission,
            received_on: received_on.ok_or_else(|| bad("received_on"))?,
        },
        ApplicationStatus::Decided => ApplicationState::Decided {
            submission,
            received_on: received_on.ok_or_else(|| bad("received_on"))?,
            decision: decision.ok_or_else(|| bad("decision"))?,
        },
        ApplicationStatus::Closed => ApplicationState::Closed {
            submission,
            received_on: received_on.ok_or_else(|| bad("received_on"))?,
            decision: decision.ok_or_else(|| bad("decision"))?,
            closed_on: closed_on.ok_or_else(|| bad("closed_on"))?,
        },
    })
}

/// The stored columns of a stage after submission: `(received_on, decision, decided_on,
/// closed_on)`.
pub(crate) fn stage_columns(
    state: &ApplicationState,
) -> (Option<i32>, Option<&'static str>, Option<i32>, Option<i32>) {
    let decision = state.decision();
    (
        state.received_on().map(to_days),
        decision.map(|d| d.outcome.code()),
        decision.map(|d| to_days(d.decided_on)),
        state.closed_on().map(to_days),
    )
}

impl TryFrom<Model> for Application {
    type Error = InvalidRow;

    fn try_from(row: Model) -> Result<Self, InvalidRow> {
        let kind = kind(&row)?;
        let state = state(&row)?;
        Ok(Application {
            id: ApplicationId::from_uuid(row.id),
            representative_id: AccountId::from_uuid(row.representative_id),
            group_id: GroupId::new(row.group_id),
            role: role(&row.role)?,
            kind,
            questionnaire_version: u32::try_from(row.questionnaire_version)
                .map_err(|_| bad("questionnaire_version"))?,
            applicant_name: row.applicant_name,
            answers: serde_json::from_str(&row.answers).map_err(|_| bad("answers"))?,
            state,
            created_at: from_micros(row.created_at, TABLE, "created_at")?,
            last_saved_at: from_micros(row.last_saved_at, TABLE, "last_saved_at")?,
            version: row.version,
        })
    }
}

/// Every column of the application, as stored; `has_unread` and `action_required` start
/// false (messages set them) and so do the case details (the department records them).
pub(crate) fn active_model(application: &Application) -> Result<ActiveModel, InvalidRow> {
    let kind = kind_columns(&application.kind);
    let (received_on, decision, decided_on, closed_on) = stage_columns(&application.state);
    Ok(ActiveModel {
        id: Set(application.id.as_uuid()),
        representative_id: Set(application.representative_id.as_uuid()),
        group_id: Set(application.group_id.get()),
        role: Set(role_code(application.role).to_owned()),
        app_type: Set(kind.app_type.to_owned()),
        visit_purpose: Set(kind.visit_purpose.map(str::to_owned)),
        visa_processing: Set(kind.visa_processing.map(str::to_owned)),
        claim_origin: Set(kind.claim_origin.map(str::to_owned)),
        cbsa_file_number: Set(kind.cbsa_file_number),
        questionnaire_version: Set(i32::try_from(application.questionnaire_version)
            .map_err(|_| bad("questionnaire_version"))?),
        applicant_name: Set(application.applicant_name.clone()),
        applicant_name_folded: Set(fold(&application.applicant_name)),
        answers: Set(answers_json(application)?),
        status: Set(application.status().code().to_owned()),
        number: Set(application.number().map(|n| n.as_str().to_owned())),
        created_at: Set(to_micros(application.created_at)),
        last_saved_at: Set(to_micros(application.last_saved_at)),
        // A stored day is kept after submission; only a draft's is read.
        expires_on: Set(to_days(
            application
                .expires_on()
                .unwrap_or(application.created_at.date()),
        )),
        submitted_at: Set(application.submitted_at().map(to_micros)),
        has_unread: Set(false),
        action_required: Set(false),
        version: Set(application.version),
        // Only the expiry warning sets it.
        expiry_warned_at: NotSet,
        received_on: Set(received_on),
        decision: Set(decision.map(str::to_owned)),
        decided_on: Set(decided_on),
        closed_on: Set(closed_on),
        uci: Set(None),
        biometrics_number: Set(None),
        biometrics_enrolled_on: Set(None),
        biometrics_expires_on: Set(None),
        steps: Set(None),
    })
}

/// The answers as a JSON object.
pub(crate) fn answers_json(application: &Application) -> Result<String, InvalidRow> {
    serde_json::to_string(&application.answers).map_err(|_| bad("answers"))
}

/// The columns of a table row, in the order [`SummaryRow`] reads them: every statement
/// that reads it selects these first ([`super::search`]).
pub(crate) const SUMMARY_COLUMNS: [Column; 12] = [
    Column::Id,
    Column::GroupId,
    Column::AppType,
    Column::ApplicantName,
    Column::Number,
    Column::CreatedAt,
    Column::LastSavedAt,
    Column::ExpiresOn,
    Column::SubmittedAt,
    Column::Status,
    Column::HasUnread,
    Column::ActionRequired,
];

/// The columns of a table row (no answers: they can be long and the table never shows
/// them).
#[derive(Debug)]
pub(crate) struct SummaryRow {
    pub(crate) id: Uuid,
    pub(crate) group_id: i64,
    pub(crate) app_type: String,
    pub(crate) applicant_name: String,
    pub(crate) number: Option<String>,
    pub(crate) created_at: i64,
    pub(crate) last_saved_at: i64,
    pub(crate) expires_on: i32,
    pub(crate) submitted_at: Option<i64>,
    pub(crate) status: String,
    pub(crate) has_unread: bool,
    pub(crate) action_required: bool,
}

/// Read by position, in [`SUMMARY_COLUMNS`]'s order: by name, each of a page's 300 values
/// was a search of the row's column names (a tenth of the server's time per table
/// request, `docs/performance.md`). The prefix is not used: a summary is never nested.
impl FromQueryResult for SummaryRow {
    fn from_query_result(row: &QueryResult, _prefix: &str) -> Result<Self, DbErr> {
        Ok(Self {
            id: row.try_get_by_index(0)?,
            group_id: row.try_get_by_index(1)?,
            app_type: row.try_get_by_index(2)?,
            applicant_name: row.try_get_by_index(3)?,
            number: row.try_get_by_index(4)?,
            created_at: row.try_get_by_index(5)?,
            last_saved_at: row.try_get_by_index(6)?,
            expires_on: row.try_get_by_index(7)?,
            submitted_at: row.try_get_by_index(8)?,
            status: row.try_get_by_index(9)?,
            has_unread: row.try_get_by_index(10)?,
            action_required: row.try_get_by_index(11)?,
        })
    }
}

impl TryFrom<SummaryRow> for ApplicationSummary {
    type Error = InvalidRow;

    fn try_from(row: SummaryRow) -> Result<Self, InvalidRow> {
        let status = status(&row.status)?;
        let number = number(row.number.as_deref())?;
        check_submission(status, &number, row.submitted_at)?;
        Ok(ApplicationSummary {
            id: ApplicationId::from_uuid(row.id),
            group_id: GroupId::new(row.group_id),
            application_type: ApplicationType::parse(&row.app_type).map_err(|_| bad("app_type"))?,
            applicant_name: row.applicant_name,
            number,
            created_at: from_micros(row.created_at, TABLE, "created_at")?,
            last_saved_at: from_micros(row.last_saved_at, TABLE, "last_saved_at")?,
            expires_on: from_days(row.expires_on, TABLE, "expires_on")?,
            submitted_at: from_micros_opt(row.submitted_at, TABLE, "submitted_at")?,
            status,
            has_unread: row.has_unread,
            action_required: row.action_required,
        })
    }
}
