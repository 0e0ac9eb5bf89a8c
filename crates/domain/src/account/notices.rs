//! The words of every account email and inbox message, in English and French (F21, F25).
//! A notice is rendered in the account's language at the moment it is made, through the
//! [`Wording`] port: the words themselves are in the translation source.

use super::values::{EmailAddress, IrccId, Language, RejectionReason, Standing};
use crate::enquiry::EnquiryReference;
use crate::wording::{Labelled, Value, Wording};

/// Something the account is told about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice<'a> {
    /// The enrolment was received and waits for review.
    EnrolmentSubmitted,
    /// Someone tried to enrol again with this email.
    EnrolmentAttempted,
    /// The enrolment was approved.
    EnrolmentApproved(&'a IrccId),
    /// The enrolment was rejected.
    EnrolmentRejected(&'a RejectionReason),
    /// A password reset code.
    ResetCode {
        /// The 8-digit code.
        code: &'a str,
        /// Minutes it stays valid.
        minutes: i64,
    },
    /// The password was changed or reset.
    PasswordChanged,
    /// The owner asked to close the account.
    ClosureRequested,
    /// An officer closed the account.
    AccountClosed,
    /// To a new email address: the code that confirms it for the account.
    EmailChangeCode {
        /// The 8-digit code.
        code: &'a str,
        /// Minutes it stays valid.
        minutes: i64,
    },
    /// To the account's current address: a change to this address was requested.
    EmailChangeRequested(&'a EmailAddress),
    /// To an address that already has an account: another account tried to take it.
    EmailChangeAttempted,
    /// To the account's former address: the change to this address took effect.
    EmailChanged(&'a EmailAddress),
    /// An officer asks for more documents before deciding the enrolment.
    EnrolmentDocumentsRequested(&'a str),
    /// The department recorded the representative's current standing.
    StandingUpdated(Standing),
    /// An enquiry was received (F7).
    EnquiryReceived(&'a EnquiryReference),
    /// An officer replied to an enquiry.
    EnquiryReply {
        /// The enquiry's reference.
        reference: &'a EnquiryReference,
        /// The reply.
        reply: &'a str,
    },
    /// An officer resolved an enquiry.
    EnquiryResolved {
        /// The enquiry's reference.
        reference: &'a EnquiryReference,
        /// The reply that goes with it.
        reply: &'a str,
    },
    /// A draft's last day to submit is near (F12); it is deleted after that day.
    DraftExpiring {
        /// The applicant's name, as the table shows it.
        applicant: &'a str,
        /// The last day it can be submitted (UTC).
        last_day: time::Date,
    },
}

/// A rendered notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedNotice {
    /// Subject line or message title.
    pub subject: String,
    /// Body text.
    pub body: String,
}

impl Notice<'_> {
    /// The notice's part of its message ids: its subject is `notice-{id}-subject` and its
    /// body `notice-{id}-body`.
    pub fn id(&self) -> &'static str {
        match self {
            Self::EnrolmentSubmitted => "enrolment-submitted",
            Self::EnrolmentAttempted => "enrolment-attempted",
            Self::EnrolmentApproved(_) => "enrolment-approved",
            Self::EnrolmentRejected(_) => "enrolment-rejected",
            Self::ResetCode { .. } => "reset-code",
            Self::PasswordChanged => "password-changed",
            Self::ClosureRequested => "closure-requested",
            Self::AccountClosed => "account-closed",
            Self::EmailChangeCode { .. } => "email-change-code",
            Self::EmailChangeRequested(_) => "email-change-requested",
            Self::EmailChangeAttempted => "email-change-attempted",
            Self::EmailChanged(_) => "email-changed",
            Self::EnrolmentDocumentsRequested(_) => "enrolment-documents-requested",
            Self::StandingUpdated(_) => "standing-updated",
            Self::EnquiryReceived(_) => "enquiry-received",
            Self::EnquiryReply { .. } => "enquiry-reply",
            Self::EnquiryResolved { .. } => "enquiry-resolved",
            Self::DraftExpiring { .. } => "draft-expiring",
        }
    }

    /// The values its subject and body speak of, in `language`.
    fn args(&self, wording: &dyn Wording, language: Language) -> Vec<(&'static str, Value)> {
        match self {
            Self::EnrolmentApproved(id) => vec![("ircc_id", id.to_string().into())],
            Self::EnrolmentRejected(reason) => vec![("reason", reason.as_str().into())],
            Self::ResetCode { code, minutes } | Self::EmailChangeCode { code, minutes } => {
                vec![("code", (*code).into()), ("minutes", (*minutes).into())]
            }
            Self::EmailChangeRequested(email) | Self::EmailChanged(email) => {
                vec![("email", email.as_str().into())]
            }
            Self::StandingUpdated(standing) => vec![(
                "standing",
                wording.say(language, &standing.label_id(), &[]).into(),
            )],
            Self::EnquiryReceived(reference)
            | Self::EnquiryReply { reference, .. }
            | Self::EnquiryResolved { reference, .. } => {
                vec![("reference", reference.to_string().into())]
            }
            Self::DraftExpiring {
                applicant,
                last_day,
            } => vec![
                ("applicant", (*applicant).into()),
                ("last_day", last_day.to_string().into()),
            ],
            Self::EnrolmentSubmitted
            | Self::EnrolmentAttempted
            | Self::PasswordChanged
            | Self::ClosureRequested
            | Self::AccountClosed
            | Self::EmailChangeAttempted
            | Self::EnrolmentDocumentsRequested(_) => Vec::new(),
        }
    }

    /// Renders the notice in `language` through `wording`; `base_url` is the portal's public
    /// address. What a person wrote (a reply, a request) follows the words, as written.
    pub fn render(
        &self,
        wording: &dyn Wording,
        language: Language,
        base_url: &str,
    ) -> RenderedNotice {
        let id = self.id();
        let args = self.args(wording, language);
        let subject = wording.say(language, &format!("notice-{id}-subject"), &args);
        let mut body = wording.say(language, &format!("notice-{id}-body"), &args);
        match self {
            Self::StandingUpdated(standing) if *standing != Standing::Good => {
                body.push(' ');
                body.push_str(&wording.say(language, "notice-standing-limits", &[]));
            }
            Self::EnrolmentDocumentsRequested(written)
            | Self::EnquiryReply { reply: written, .. }
            | Self::EnquiryResolved { reply: written, .. } => {
                body.push_str("\n\n");
                body.push_str(written);
            }
            _ => {}
        }
        RenderedNotice {
            subject,
            body: signed(wording, language, &body, base_url),
        }
    }
}

/// `body` followed by the portal's name and address.
pub(crate) fn signed(
    wording: &dyn Wording,
    language: Language,
    body: &str,
    base_url: &str,
) -> String {
    let signature = wording.say(language, "notice-signature", &[]);
    format!("{body}\n\n{signature}\n{base_url}\n")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::wording::MessageIds;

    const BASE: &str = "https://portal.example.ca";

    fn every_notice<'a>(
        id: &'a IrccId,
        reason: &'a RejectionReason,
        email: &'a EmailAddress,
        reference: &'a EnquiryReference,
    ) -> Vec<Notice<'a>> {
        vec![
            Notice::EnrolmentSubmitted,
            Notice::EnrolmentAttempted,
            Notice::EnrolmentApproved(id),
            Notice::EnrolmentRejected(reason),
            Notice::ResetCode {
                code: "12345678",
                minutes: 10,
            },
            Notice::PasswordChanged,
            Notice::ClosureRequested,
            Notice::AccountClosed,
            Notice::EmailChangeCode {
                code: "12345678",
                minutes: 30,
            },
            Notice::EmailChangeRequested(email),
            Notice::EmailChangeAttempted,
            Notice::EmailChanged(email),
            Notice::DraftExpiring {
                applicant: "Violet Parr",
                last_day: time::macros::date!(2026 - 03 - 01),
            },
            Notice::EnrolmentDocumentsRequested("A copy of your membership card."),
            Notice::StandingUpdated(Standing::Good),
            Notice::StandingUpdated(Standing::Suspended),
            Notice::EnquiryReceived(reference),
            Notice::EnquiryReply {
                reference,
                reply: "We are checking.",
            },
            Notice::EnquiryResolved {
                reference,
                reply: "Done.",
            },
        ]
    }

    #[test]
    fn every_notice_says_its_own_subject_and_body_signed_with_the_portal_address() {
        let id = IrccId::parse("P010001243312").unwrap();
        let reason = RejectionReason::parse("Incomplete").unwrap();
        let email = EmailAddress::parse("new@example.com").unwrap();
        let reference = EnquiryReference::from_sequence(7).unwrap();
        for notice in every_notice(&id, &reason, &email, &reference) {
            let rendered = notice.render(&MessageIds, Language::French, BASE);
            let id = notice.id();
            assert!(
                rendered
                    .subject
                    .starts_with(&format!("fr:notice-{id}-subject")),
                "{rendered:?}"
            );
            assert!(
                rendered.body.starts_with(&format!("fr:notice-{id}-body")),
                "{rendered:?}"
            );
            assert!(
                rendered
                    .body
                    .ends_with("\n\nfr:notice-signature\nhttps://portal.example.ca\n"),
                "{rendered:?}"
            );
        }
    }

    #[test]
    fn the_values_go_into_the_words_and_what_people_wrote_follows_them() {
        let id = IrccId::parse("P010001243312").unwrap();
        let approved = Notice::EnrolmentApproved(&id).render(&MessageIds, Language::English, BASE);
        assert!(
            approved
                .body
                .starts_with("en:notice-enrolment-approved-body(ircc_id=P010001243312)\n")
        );
        let code = Notice::ResetCode {
            code: "04711235",
            minutes: 10,
        }
        .render(&MessageIds, Language::English, BASE);
        assert!(
            code.body
                .starts_with("en:notice-reset-code-body(code=04711235, minutes=10)")
        );
        let reference = EnquiryReference::from_sequence(7).unwrap();
        let reply = Notice::EnquiryReply {
            reference: &reference,
            reply: "We are checking.",
        }
        .render(&MessageIds, Language::English, BASE);
        assert_eq!(
            reply.subject,
            format!("en:notice-enquiry-reply-subject(reference={reference})")
        );
        assert!(
            reply.body.starts_with(&format!(
                "en:notice-enquiry-reply-body(reference={reference})\n\nWe are checking.\n\n"
            )),
            "{reply:?}"
        );
    }

    #[test]
    fn a_standing_other_than_good_says_what_the_account_can_no_longer_do() {
        let good =
            Notice::StandingUpdated(Standing::Good).render(&MessageIds, Language::French, BASE);
        assert!(
            good.body
                .starts_with("fr:notice-standing-updated-body(standing=fr:standing-good)\n")
        );
        let suspended = Notice::StandingUpdated(Standing::Suspended).render(
            &MessageIds,
            Language::French,
            BASE,
        );
        assert!(suspended.body.starts_with(
            "fr:notice-standing-updated-body(standing=fr:standing-suspended) fr:notice-standing-limits\n"
        ));
    }
}
