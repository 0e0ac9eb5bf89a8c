//! Bodies of the application operations and their conversion from domain values: the
//! requests and the table here, one application's detail in the `detail` submodule.

mod detail;

use std::collections::BTreeMap;

use poem_openapi::Object;
use portal_domain::account::Language;
use portal_domain::application::{ApplicationStatus, ApplicationSummary, ApplicationType, Page};
use serde::Serialize;
use time::{Date, OffsetDateTime};

use super::codes::{ApplicationTypes, ClaimOrigins, Code, VisaProcessings, VisitPurposes};
use super::direct_json::date;
use super::schemas::Pager;
use crate::i18n::Tr;

pub use detail::{
    ApplicationDetail, ChecklistEntry, DocumentBody, QuestionBody, SectionBody, missing_code,
    sections,
};

/// An applicant's names.
#[derive(Debug, Clone, Object)]
pub struct ApplicantInput {
    /// Given name(s).
    pub given_name: String,
    /// Family name.
    pub family_name: String,
}

/// A request to start an application (F10).
#[derive(Debug, Object)]
pub struct StartRequest {
    /// The type of application.
    pub application_type: Code<ApplicationTypes>,
    /// Visitor visa: a visit (default) or a transit.
    #[oai(nullable)]
    pub visit_purpose: Option<Code<VisitPurposes>>,
    /// Visitor visa: `regular` (default), `emergency` or `special_measures` processing.
    #[oai(nullable)]
    pub visa_processing: Option<Code<VisaProcessings>>,
    /// Refugee claim: a new claim in Canada (default) or continuing a claim made to the
    /// Canada Border Services Agency.
    #[oai(nullable)]
    pub claim_origin: Option<Code<ClaimOrigins>>,
    /// Refugee claim made to the CBSA: its file number.
    #[oai(default, nullable)]
    pub cbsa_file_number: String,
    /// The representative has read and understood the instructions; must be `true`.
    #[oai(default, nullable)]
    pub acknowledged: bool,
    /// The principal applicant.
    pub principal: ApplicantInput,
    /// Family members applying together with the principal (a group).
    #[oai(default, nullable)]
    pub family_members: Vec<ApplicantInput>,
}

/// Answers of one section.
#[derive(Debug, Object)]
pub struct SaveSectionRequest {
    /// Question key to answer; an empty answer clears it.
    pub answers: BTreeMap<String, String>,
}

/// One row of "My client applications". Sent by serde directly (`DirectJson`): the
/// serde attributes write what the `Object` schema says.
#[derive(Debug, Clone, Object, Serialize)]
pub struct ApplicationRow {
    /// Application identifier (for links).
    pub id: String,
    /// The "ID" column: the group number shared by family members.
    pub group_id: i64,
    /// `visitor_visa`, `study_permit` or `refugee_claim`.
    pub application_type: String,
    /// The type as shown.
    pub application_type_label: String,
    /// Applicant name.
    pub applicant_name: String,
    /// Application number, once submitted; `null` before.
    #[oai(nullable)]
    pub application_number: Option<String>,
    /// Date created (UTC).
    #[serde(with = "date")]
    pub date_created: Date,
    /// Date last saved (UTC).
    #[serde(with = "date")]
    pub date_last_saved: Date,
    /// Days left to submit; `null` ("N/A") once submitted.
    #[oai(nullable)]
    pub days_left: Option<i64>,
    /// Date submitted (UTC); `null` before submission.
    #[oai(nullable)]
    #[serde(with = "date::option")]
    pub date_submitted: Option<Date>,
    /// `in_progress` or `submitted`.
    pub status: String,
    /// The status as shown.
    pub status_label: String,
    /// Whether there are unread messages.
    pub has_unread_messages: bool,
    /// The actions offered: `continue` and `delete` for drafts; `check_status` or
    /// `action_required` once submitted.
    pub actions: Vec<String>,
}

impl ApplicationRow {
    /// The row of a summary on UTC day `today`.
    pub fn new(s: &ApplicationSummary, today: Date, language: Language) -> Self {
        Self::labelled(s, today, &mut RowLabels::new(language))
    }

    fn labelled(s: &ApplicationSummary, today: Date, labels: &mut RowLabels) -> Self {
        let actions = match (s.status, s.action_required) {
            (ApplicationStatus::InProgress, _) => vec!["continue".to_owned(), "delete".to_owned()],
            (_, true) => vec!["action_required".to_owned()],
            (_, false) => vec!["check_status".to_owned()],
        };
        Self {
            id: s.id.to_string(),
            group_id: s.group_id.get(),
            application_type: s.application_type.code().to_owned(),
            application_type_label: labels.application_type(s.application_type),
            applicant_name: s.applicant_name.clone(),
            application_number: s.number.as_ref().map(|n| n.as_str().to_owned()),
            date_created: s.created_at.date(),
            date_last_saved: s.last_saved_at.date(),
            days_left: s.days_left(today),
            date_submitted: s.submitted_at.map(OffsetDateTime::date),
            status: s.status.code().to_owned(),
            status_label: labels.status(s.status),
            has_unread_messages: s.has_unread,
            actions,
        }
    }
}

/// The type and status labels of a page's rows, each translated once per page rather than
/// once per row (a page repeats a handful of them).
struct RowLabels {
    tr: Tr,
    types: Vec<(ApplicationType, String)>,
    statuses: Vec<(ApplicationStatus, String)>,
}

impl RowLabels {
    fn new(language: Language) -> Self {
        Self {
            tr: Tr::new(language),
            types: Vec::new(),
            statuses: Vec::new(),
        }
    }

    fn application_type(&mut self, value: ApplicationType) -> String {
        remembered(&mut self.types, value, |v| self.tr.label(v))
    }

    fn status(&mut self, value: ApplicationStatus) -> String {
        remembered(&mut self.statuses, value, |v| self.tr.label(v))
    }
}

/// The text remembered for `key`, made and remembered the first time.
fn remembered<K: Copy + PartialEq>(
    known: &mut Vec<(K, String)>,
    key: K,
    make: impl FnOnce(&K) -> String,
) -> String {
    if let Some((_, text)) = known.iter().find(|(k, _)| *k == key) {
        return text.clone();
    }
    let text = make(&key);
    known.push((key, text.clone()));
    text
}

/// One page of the table.
#[derive(Debug, Clone, Object, Serialize)]
pub struct ApplicationPage {
    /// The rows.
    pub items: Vec<ApplicationRow>,
    /// Total, page, last page and "1 to 3 of 3".
    #[oai(flatten)]
    #[serde(flatten)]
    pub pager: Pager,
}

impl ApplicationPage {
    /// The body of a page on UTC day `today`.
    pub fn new(page: &Page, today: Date, language: Language) -> Self {
        let mut labels = RowLabels::new(language);
        Self {
            items: page
                .items
                .iter()
                .map(|s| ApplicationRow::labelled(s, today, &mut labels))
                .collect(),
            pager: Pager::of(page, language),
        }
    }
}

#[cfg(test)]
#[path = "application_schemas_tests.rs"]
mod tests;
