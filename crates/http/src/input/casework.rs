//! The department's side (F22 to F24): officers' actions on accounts and on submitted
//! applications, parsed from the fields as typed, and what each refusal says.

use portal_domain::account::OfficerActionError;
use portal_domain::application::{
    Biometrics, BiometricsError, DocumentId, DocumentReview, Outcome, Step, StepState, Uci,
    parse_date,
};
use portal_domain::casework::{CaseAction, CaseRefusal, CaseworkError};
use time::Date;
use uuid::Uuid;

use crate::error::{ApiError, Validator, capitalise, says};

fn field_error(field: &str, message: &str) -> ApiError {
    let mut v = Validator::new();
    v.push(field, "invalid", format!("{message}."));
    v.into_error()
}

/// Maps a casework refusal to its answer: a field that is wrong is a 422 naming it, a stage
/// that does not allow the action is a 409 with a code of its own.
pub fn casework_refusal(e: CaseworkError) -> ApiError {
    match e {
        CaseworkError::Forbidden => ApiError::forbidden("forbidden", says("only-officers")),
        CaseworkError::NotFound => ApiError::not_found(),
        CaseworkError::Query(message) => field_error("query", &capitalise(message)),
        CaseworkError::Conflict => {
            ApiError::conflict("conflict", says("application-changed-meanwhile"))
        }
        CaseworkError::Refused(refusal) => {
            let message = says(refusal_key(&refusal));
            let field = match refusal {
                CaseRefusal::ReceivedOn => Some("date_received"),
                CaseRefusal::DueDate => Some("due_date"),
                CaseRefusal::Description => Some("description"),
                CaseRefusal::IssuedDocument => Some("document_type"),
                CaseRefusal::IssuedDates => Some("date_issued"),
                _ => None,
            };
            if let Some(field) = field {
                let mut v = Validator::new();
                v.push(field, "invalid", message);
                return v.into_error();
            }
            let code = match refusal {
                CaseRefusal::Closed => "application_closed",
                CaseRefusal::NotReceived => "not_received",
                CaseRefusal::AlreadyReceived => "already_received",
                CaseRefusal::AlreadyDecided => "already_decided",
                CaseRefusal::NotDecided => "not_decided",
                CaseRefusal::NotApproved => "not_approved",
                CaseRefusal::NoSuchDocument => "no_such_document",
                CaseRefusal::AccountClosed => "account_closed",
                _ => "invalid_transition",
            };
            ApiError::conflict(code, message)
        }
        e @ CaseworkError::Unexpected(_) => ApiError::internal(&e),
    }
}

/// The message key of a casework refusal.
fn refusal_key(refusal: &CaseRefusal) -> &'static str {
    match refusal {
        CaseRefusal::Closed => "case-closed",
        CaseRefusal::NotReceived => "case-not-received",
        CaseRefusal::AlreadyReceived => "case-already-received",
        CaseRefusal::AlreadyDecided => "case-already-decided",
        CaseRefusal::NotDecided => "case-not-decided",
        CaseRefusal::NotApproved => "case-not-approved",
        CaseRefusal::ReceivedOn => "case-received-on",
        CaseRefusal::DueDate => "case-due-date",
        CaseRefusal::Description => "case-description",
        CaseRefusal::IssuedDocument => "case-issued-document",
        CaseRefusal::IssuedDates => "case-issued-dates",
        CaseRefusal::NoSuchDocument => "case-no-such-document",
        CaseRefusal::AccountClosed => "case-account-closed",
    }
}

/// What an officer's action on an account the use case refused answers.
pub fn officer_refusal(e: OfficerActionError) -> ApiError {
    match e {
        OfficerActionError::Forbidden => ApiError::forbidden("forbidden", says("only-officers")),
        OfficerActionError::NotFound => ApiError::not_found(),
        OfficerActionError::InvalidTransition(t) => transition_refused(t.from),
        OfficerActionError::Conflict => {
            ApiError::conflict("conflict", says("officer-account-changed"))
        }
        OfficerActionError::InvalidRequest => {
            let mut v = Validator::new();
            v.push("request", "invalid", says("case-description"));
            v.into_error()
        }
        e @ OfficerActionError::Unexpected(_) => ApiError::internal(&e),
    }
}

/// An officer's action on a submitted application as typed in the processing page.
#[derive(Debug, Clone, Copy, Default)]
pub struct CaseActionFields<'a> {
    /// `receive`, `biometrics`, `step`, `document`, `request`, `decide`, `issue` or `close`.
    pub action: &'a str,
    /// Receive: the day received.
    pub date_received: &'a str,
    /// Receive: the UCI.
    pub uci: &'a str,
    /// Biometrics: their number.
    pub number: &'a str,
    /// Biometrics: the day they were taken.
    pub enrolment_date: &'a str,
    /// Biometrics: the last day they are valid.
    pub expiry_date: &'a str,
    /// Issue: the document's last valid day, if it has one.
    pub issued_expiry_date: &'a str,
    /// Step: which.
    pub step: &'a str,
    /// Step: its new state.
    pub state: &'a str,
    /// Document: which.
    pub document: &'a str,
    /// Document: its status.
    pub status: &'a str,
    /// Request: what is asked for.
    pub description: &'a str,
    /// Request: the due day.
    pub due_date: &'a str,
    /// Decision: the outcome.
    pub outcome: &'a str,
    /// Issue: the document's type.
    pub document_type: &'a str,
    /// Issue: its number.
    pub document_number: &'a str,
    /// Issue: the day issued.
    pub date_issued: &'a str,
}

fn date(v: &mut Validator, field: &str, raw: &str) -> Option<Date> {
    match parse_date(raw.trim()) {
        Ok(date) => Some(date),
        Err(_) => {
            v.push(field, "invalid", says("answer-date-format"));
            None
        }
    }
}

fn choice<T>(v: &mut Validator, field: &str, parsed: Option<T>, codes: &[&str]) -> Option<T> {
    if parsed.is_none() {
        let tr = crate::i18n::Tr::new(crate::i18n::current());
        v.push(
            field,
            "invalid",
            tr.with("choose-one-of", &[("codes", codes.join(", ").into())]),
        );
    }
    parsed
}

/// The action the fields describe, or a 422 listing every invalid field.
pub fn case_action(f: &CaseActionFields<'_>) -> Result<CaseAction, ApiError> {
    let mut v = Validator::new();
    let action = match f.action {
        "receive" => {
            let received_on = date(&mut v, "date_received", f.date_received);
            let uci = v.check("uci", f.uci, Uci::parse(f.uci));
            received_on
                .zip(uci)
                .map(|(received_on, uci)| CaseAction::Receive { received_on, uci })
        }
        "biometrics" => {
            let enrolled = date(&mut v, "enrolment_date", f.enrolment_date);
            let expires = date(&mut v, "expiry_date", f.expiry_date);
            match enrolled.zip(expires) {
                Some((enrolled, expires)) => match Biometrics::new(f.number, enrolled, expires) {
                    Ok(b) => Some(CaseAction::RecordBiometrics(b)),
                    Err(e) => {
                        let field = match e {
                            BiometricsError::Number => "number",
                            BiometricsError::Dates => "expiry_date",
                        };
                        v.push(field, "invalid", format!("{}.", capitalise(&e.to_string())));
                        None
                    }
                },
                None => None,
            }
        }
        "step" => {
            let codes: Vec<&str> = Step::ALL.iter().map(|s| s.code()).collect();
            let step = choice(&mut v, "step", Step::parse(f.step), &codes);
            let states: Vec<&str> = StepState::ALL.iter().map(|s| s.code()).collect();
            let state = choice(&mut v, "state", StepState::parse(f.state), &states);
            step.zip(state)
                .map(|(step, state)| CaseAction::SetStep { step, state })
        }
        "document" => {
            let document = Uuid::parse_str(f.document.trim())
                .ok()
                .map(DocumentId::from_uuid);
            if document.is_none() {
                v.push("document", "invalid", says("choose-document"));
            }
            let codes: Vec<&str> = DocumentReview::ALL.iter().map(|s| s.code()).collect();
            let review = choice(&mut v, "status", DocumentReview::parse(f.status), &codes);
            document
                .zip(review)
                .map(|(document, review)| CaseAction::ReviewDocument { document, review })
        }
        "request" => {
            date(&mut v, "due_date", f.due_date).map(|due_on| CaseAction::RequestDocuments {
                description: f.description.to_owned(),
                due_on,
            })
        }
        "decide" => choice(
            &mut v,
            "outcome",
            Outcome::parse(f.outcome),
            &["approved", "refused", "withdrawn"],
        )
        .map(CaseAction::Decide),
        "issue" => {
            let issued_on = date(&mut v, "date_issued", f.date_issued);
            let expires_on = if f.issued_expiry_date.trim().is_empty() {
                Some(None)
            } else {
                date(&mut v, "issued_expiry_date", f.issued_expiry_date).map(Some)
            };
            issued_on
                .zip(expires_on)
                .map(|(issued_on, expires_on)| CaseAction::Issue {
                    document_type: f.document_type.to_owned(),
                    number: f.document_number.to_owned(),
                    issued_on,
                    expires_on,
                })
        }
        "close" => Some(CaseAction::Close),
        _ => {
            v.push("action", "invalid", says("choose-action"));
            None
        }
    };
    v.finish()?;
    action.ok_or_else(ApiError::incomplete)
}

/// An account change its status does not allow, in the request's language.
pub fn transition_refused(from: portal_domain::account::AccountStatusKind) -> ApiError {
    let tr = crate::i18n::Tr::new(crate::i18n::current());
    let status = tr.t(&format!("account-status-{}", from.code().replace('_', "-")));
    ApiError::conflict(
        "invalid_transition",
        tr.with("account-transition-refused", &[("status", status.into())]),
    )
}
