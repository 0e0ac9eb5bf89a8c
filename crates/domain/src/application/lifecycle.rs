//! Saving sections (F11), submitting (F14) and documents (F18).

use std::collections::BTreeMap;

use super::documents::{
    Document, DocumentId, UploadProblem, check_upload, checklist, display_file_name,
};
use super::model::{Application, MissingItem, SaveSectionError};
use super::ports::{DocumentStoreError, SaveApplicationError};
use super::service::ApplicationService;
use super::values::ApplicationId;
use crate::account::{Account, AccountId};
use crate::audit::AuditAction;
use crate::error::{UnexpectedError, unexpected_from};

/// Why a section save was refused.
#[derive(Debug, thiserror::Error)]
pub enum SaveAnswersError {
    /// No such application of this representative.
    #[error("the application does not exist")]
    NotFound,
    /// The section cannot be saved (submitted, unknown section, invalid answers).
    #[error(transparent)]
    Refused(#[from] SaveSectionError),
    /// Changed meanwhile; reload and try again.
    #[error("the application was changed meanwhile")]
    Conflict,
    /// Storage failed.
    #[error(transparent)]
    Unexpected(#[from] UnexpectedError),
}
unexpected_from!(SaveAnswersError);

/// What one applicant of a group still lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incomplete {
    /// The application.
    pub application_id: ApplicationId,
    /// Its applicant.
    pub applicant_name: String,
    /// What is missing.
    pub missing: Vec<MissingItem>,
}

/// Why a submission was refused.
#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    /// No such application of this representative.
    #[error("the application does not exist")]
    NotFound,
    /// Already submitted.
    #[error("the application was already submitted")]
    AlreadySubmitted,
    /// The draft is past its last day to submit.
    #[error("the draft expired and can no longer be submitted")]
    Expired,
    /// Required answers or documents are missing; every one of every applicant is listed.
    #[error("the application is incomplete")]
    Incomplete(Vec<Incomplete>),
    /// Changed meanwhile; reload and try again.
    #[error("the application was changed meanwhile")]
    Conflict,
    /// The representative is not in good standing with their governing body.
    #[error("a representative who is not in good standing cannot submit applications")]
    NotInGoodStanding,
    /// Storage failed.
    #[error(transparent)]
    Unexpected(#[from] UnexpectedError),
}
unexpected_from!(SubmitError);

/// Why an upload was refused.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    /// No such application of this representative.
    #[error("the application does not exist")]
    NotFound,
    /// The file or the checklist item is not acceptable; every problem is listed.
    #[error("the document cannot be accepted")]
    Invalid(Vec<UploadProblem>),
    /// The application was submitted and no document request of it is open (or not this
    /// one): after submission, documents are added only in answer to a request.
    #[error("the application was submitted; documents are added only in answer to an open request")]
    NoOpenRequest,
    /// Storage failed.
    #[error(transparent)]
    Unexpected(#[from] UnexpectedError),
}
unexpected_from!(UploadError);

impl From<DocumentStoreError> for UnexpectedError {
    fn from(e: DocumentStoreError) -> Self {
        Self(Box::new(e))
    }
}

impl ApplicationService {
    /// Validates and saves one section's answers; "Exit transaction" is simply a save.
    pub async fn save_section(
        &self,
        owner: AccountId,
        id: ApplicationId,
        section: &str,
        answers: &BTreeMap<String, String>,
    ) -> Result<Application, SaveAnswersError> {
        let mut application = self
            .ports
            .applications
            .find(owner, id)
            .await?
            .ok_or(SaveAnswersError::NotFound)?;
        application.save_section(section, answers, self.now())?;
        let effects = self.audited(owner, Some(owner), [id], AuditAction::ApplicationSaved);
        match self.ports.applications.save(&application, &effects).await {
            Ok(()) => {
                application.version += 1;
                Ok(application)
            }
            Err(SaveApplicationError::NotFound) => Err(SaveAnswersError::NotFound),
            Err(SaveApplicationError::Conflict) => Err(SaveAnswersError::Conflict),
            Err(SaveApplicationError::Unexpected(e)) => Err(e.into()),
        }
    }

    /// Submits the application's whole group at once (F14): every applicant must be
    /// complete; each gets its number.
    pub async fn submit(
        &self,
        representative: &Account,
        id: ApplicationId,
    ) -> Result<Vec<Application>, SubmitError> {
        let owner = representative.id;
        let application = self
            .ports
            .applications
            .find(owner, id)
            .await?
            .ok_or(SubmitError::NotFound)?;
        if !application.is_draft() {
            return Err(SubmitError::AlreadySubmitted);
        }
        if !representative.in_good_standing() {
            return Err(SubmitError::NotInGoodStanding);
        }
        let now = self.now();
        if application.is_expired(now.to_offset(time::UtcOffset::UTC).date()) {
            return Err(SubmitError::Expired);
        }
        let mut group = self
            .ports
            .applications
            .find_group(owner, application.group_id)
            .await?;
        group.retain(Application::is_draft);
        let mut incomplete = Vec::new();
        for member in &group {
            let documents = self.ports.documents.list(member.id).await?;
            let missing = member.missing_items(&documents);
            if !missing.is_empty() {
                incomplete.push(Incomplete {
                    application_id: member.id,
                    applicant_name: member.applicant_name.clone(),
                    missing,
                });
            }
        }
        if !incomplete.is_empty() {
            return Err(SubmitError::Incomplete(incomplete));
        }

        let effects = self.audited(
            owner,
            Some(owner),
            group.iter().map(|a| a.id),
            AuditAction::ApplicationSubmitted,
        );
        let numbers = match self.ports.applications.submit(&group, now, &effects).await {
            Ok(numbers) => numbers,
            Err(SaveApplicationError::NotFound) => return Err(SubmitError::NotFound),
            Err(SaveApplicationError::Conflict) => return Err(SubmitError::Conflict),
            Err(SaveApplicationError::Unexpected(e)) => return Err(e.into()),
        };
        for (member, number) in group.iter_mut().zip(numbers) {
            member
                .submit(number, now)
                .map_err(|_| SubmitError::AlreadySubmitted)?;
            member.version += 1;
        }
        Ok(group)
    }

    /// Uploads a document for a checklist item, to a draft or a submitted application.
    pub async fn upload(
        &self,
        owner: AccountId,
        id: ApplicationId,
        item: &str,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<Document, UploadError> {
        let application = self
            .ports
            .applications
            .find(owner, id)
            .await?
            .ok_or(UploadError::NotFound)?;
        if !application.is_draft() {
            return Err(UploadError::NoOpenRequest);
        }
        let known_item = checklist(application.kind.application_type())
            .iter()
            .any(|i| i.key == item);
        let checked = check_upload(file_name, bytes, self.settings.max_upload_bytes);
        let problems: Vec<UploadProblem> = (!known_item)
            .then_some(UploadProblem::UnknownItem)
            .into_iter()
            .chain(checked.as_ref().err().into_iter().flatten().cloned())
            .collect();
        let file_type = match checked {
            Ok(file_type) if problems.is_empty() => file_type,
            _ => return Err(UploadError::Invalid(problems)),
        };
        let id = self.ports.ids.new_id();
        let document = Document {
            id: DocumentId::from_uuid(id),
            application_id: application.id,
            item: item.to_owned(),
            file_name: display_file_name(file_name),
            file_type,
            size: u64::try_from(bytes.len()).unwrap_or(u64::MAX),
            stored_name: id.simple().to_string(),
            uploaded_at: self.now(),
        };
        self.ports
            .store
            .put(&document.stored_name, bytes)
            .await
            .map_err(UnexpectedError::from)?;
        let effects = self.audited(
            owner,
            Some(owner),
            [application.id],
            AuditAction::DocumentUploaded,
        );
        if let Err(e) = self.ports.documents.insert(&document, &effects).await {
            let _ = self.ports.store.delete(&document.stored_name).await;
            return Err(e.into());
        }
        Ok(document)
    }

    /// A document of the representative's application, with its bytes.
    pub async fn download(
        &self,
        owner: AccountId,
        application_id: ApplicationId,
        document_id: DocumentId,
    ) -> Result<(Document, Vec<u8>), super::service::FindApplicationError> {
        use super::service::FindApplicationError as E;
        let application = self
            .ports
            .applications
            .find(owner, application_id)
            .await?
            .ok_or(E::NotFound)?;
        let document = self
            .ports
            .documents
            .find(application.id, document_id)
            .await?
            .ok_or(E::NotFound)?;
        let bytes = match self.ports.store.get(&document.stored_name).await {
            Ok(bytes) => bytes,
            Err(DocumentStoreError::NotFound) => return Err(E::NotFound),
            Err(e) => return Err(E::Unexpected(e.into())),
        };
        let effects = self.audited(
            owner,
            Some(owner),
            [application_id],
            AuditAction::DocumentDownloaded,
        );
        self.ports.audit.append(&effects.audit).await?;
        Ok((document, bytes))
    }
}
