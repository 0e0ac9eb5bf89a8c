//! The application messages each officer action sends (F17, F21), said through the
//! [`Wording`] port in the representative's language.

use crate::account::{Language, RenderedNotice, signed};
use crate::application::{CaseFile, DocumentReview};
use crate::wording::{Labelled, Value, Wording};

use super::actions::{Applied, CaseAction};

/// The message an applied action sends about `case`, in `language` through `wording`, and
/// whether it asks the representative to act.
pub(crate) fn render(
    wording: &dyn Wording,
    case: &CaseFile,
    action: &CaseAction,
    applied: &Applied,
    language: Language,
    base_url: &str,
) -> (RenderedNotice, bool) {
    let say = |id: &str, args: &[(&'static str, Value)]| wording.say(language, id, args);
    let label = |id: String| Value::from(wording.say(language, &id, &[]));
    let application = &case.application;
    let number = application
        .number()
        .map(|n| n.as_str().to_owned())
        .unwrap_or_default();
    let about = say(
        "case-message-about",
        &[
            ("number", number.into()),
            ("applicant", application.applicant_name.to_string().into()),
        ],
    );
    let mut asks_action = false;
    // What an officer wrote (the documents asked for) follows the words, as written.
    let mut written = None;
    let (id, args): (&str, Vec<(&'static str, Value)>) = match action {
        CaseAction::Receive { received_on, uci } => (
            "received",
            vec![
                ("received_on", received_on.to_string().into()),
                ("uci", uci.to_string().into()),
            ],
        ),
        CaseAction::RecordBiometrics(b) => (
            "biometrics",
            vec![
                ("number", b.number().to_string().into()),
                ("enrolled_on", b.enrolled_on().to_string().into()),
                ("expires_on", b.expires_on().to_string().into()),
            ],
        ),
        CaseAction::SetStep { step, state } => (
            "step",
            vec![
                ("step", label(step.label_id())),
                ("state", label(state.label_id())),
            ],
        ),
        CaseAction::ReviewDocument { document, review } => {
            asks_action = *review == DocumentReview::FurtherInformationNeeded;
            let name = case
                .documents
                .iter()
                .find(|d| d.document.id == *document)
                .map(|d| d.document.file_name.as_str())
                .unwrap_or_default();
            (
                "document-review",
                vec![
                    ("document", name.into()),
                    ("review", label(review.label_id())),
                ],
            )
        }
        CaseAction::RequestDocuments { due_on, .. } => {
            asks_action = true;
            written = applied.request.as_ref().map(|r| r.description.as_str());
            ("request", vec![("due_on", due_on.to_string().into())])
        }
        CaseAction::Decide(outcome) => ("decision", vec![("outcome", label(outcome.label_id()))]),
        CaseAction::Issue { .. } => {
            let issued = applied.issued.as_ref();
            let text = |f: fn(&crate::application::IssuedDocument) -> String| {
                Value::from(issued.map(f).unwrap_or_default())
            };
            (
                "issued",
                vec![
                    ("document_type", text(|i| i.document_type.to_string())),
                    ("number", text(|i| i.number.to_string())),
                    ("issued_on", text(|i| i.issued_on.to_string())),
                ],
            )
        }
        CaseAction::Close => ("closed", Vec::new()),
    };
    let subject = say(&format!("case-message-{id}-subject"), &args);
    let mut text = say(&format!("case-message-{id}-body"), &args);
    if let Some(written) = written {
        text.push('\n');
        text.push_str(written);
    }
    (
        RenderedNotice {
            subject,
            body: signed(wording, language, &format!("{about}\n\n{text}"), base_url),
        },
        asks_action,
    )
}
