//! The application messages each officer action sends, in English and French (F17, F21).

use crate::account::{Language, RenderedNotice};
use crate::application::{CaseFile, DocumentReview};

use super::actions::{Applied, CaseAction};

/// The message an applied action sends about `case`, in `language`, and whether it asks the
/// representative to act.
pub(crate) fn render(
    case: &CaseFile,
    action: &CaseAction,
    applied: &Applied,
    language: Language,
    base_url: &str,
) -> (RenderedNotice, bool) {
    let fr = language == Language::French;
    let application = &case.application;
    let number = application
        .number()
        .map(|n| n.as_str().to_owned())
        .unwrap_or_default();
    let about = if fr {
        format!("Demande {number} de {}", application.applicant_name)
    } else {
        format!("Application {number} for {}", application.applicant_name)
    };
    let mut asks_action = false;
    let (subject, text): (&str, String) = match action {
        CaseAction::Receive { received_on, uci } if fr => (
            "Demande reçue",
            format!("Nous avons reçu la demande le {received_on}. L'IUC du client est {uci}."),
        ),
        CaseAction::Receive { received_on, uci } => (
            "Application received",
            format!("We received the application on {received_on}. The client's UCI is {uci}."),
        ),
        CaseAction::RecordBiometrics(b) if fr => (
            "Données biométriques enregistrées",
            format!(
                "Les données biométriques du client (numéro {}) ont été prises le {} et sont valides jusqu'au {}.",
                b.number(),
                b.enrolled_on(),
                b.expires_on()
            ),
        ),
        CaseAction::RecordBiometrics(b) => (
            "Biometrics recorded",
            format!(
                "The client's biometrics (number {}) were taken on {} and are valid until {}.",
                b.number(),
                b.enrolled_on(),
                b.expires_on()
            ),
        ),
        CaseAction::SetStep { step, state } if fr => (
            "Étape de traitement mise à jour",
            format!("{} : {}.", step.label(true), state.label(true)),
        ),
        CaseAction::SetStep { step, state } => (
            "Processing step updated",
            format!("{}: {}.", step.label(false), state.label(false)),
        ),
        CaseAction::ReviewDocument { document, review } => {
            asks_action = *review == DocumentReview::FurtherInformationNeeded;
            let name = case
                .documents
                .iter()
                .find(|d| d.document.id == *document)
                .map(|d| d.document.file_name.as_str())
                .unwrap_or_default();
            if fr {
                (
                    "État d'un document mis à jour",
                    format!("{name} : {}.", review.label(true)),
                )
            } else {
                (
                    "Document status updated",
                    format!("{name}: {}.", review.label(false)),
                )
            }
        }
        CaseAction::RequestDocuments { due_on, .. } => {
            asks_action = true;
            let description = applied
                .request
                .as_ref()
                .map(|r| r.description.as_str())
                .unwrap_or_default();
            if fr {
                (
                    "Demande de documents",
                    format!(
                        "Veuillez téléverser les documents suivants au plus tard le {due_on}, à partir de la page d'état de la demande :\n{description}"
                    ),
                )
            } else {
                (
                    "Request for documents",
                    format!(
                        "Please upload the following documents by {due_on}, from the application's status page:\n{description}"
                    ),
                )
            }
        }
        CaseAction::Decide(outcome) if fr => (
            "Décision rendue",
            format!("Une décision a été rendue : {}.", outcome.label(true)),
        ),
        CaseAction::Decide(outcome) => (
            "Decision made",
            format!("A decision was made: {}.", outcome.label(false)),
        ),
        CaseAction::Issue { .. } => {
            let issued = applied.issued.as_ref();
            let kind = issued.map(|i| i.document_type.as_str()).unwrap_or_default();
            let doc_number = issued.map(|i| i.number.as_str()).unwrap_or_default();
            let on = issued.map(|i| i.issued_on.to_string()).unwrap_or_default();
            if fr {
                (
                    "Document délivré",
                    format!("Document délivré : {kind}, numéro {doc_number}, le {on}."),
                )
            } else {
                (
                    "Document issued",
                    format!("Document issued: {kind}, number {doc_number}, on {on}."),
                )
            }
        }
        CaseAction::Close if fr => (
            "Demande fermée",
            "Le traitement de la demande est terminé et le dossier est fermé.".to_owned(),
        ),
        CaseAction::Close => (
            "Application closed",
            "Processing of the application is finished and the file is closed.".to_owned(),
        ),
    };
    let footer = if fr {
        "Portail des représentants"
    } else {
        "Representative Portal"
    };
    (
        RenderedNotice {
            subject: subject.to_owned(),
            body: format!("{about}\n\n{text}\n\n{footer}\n{base_url}\n"),
        },
        asks_action,
    )
}
