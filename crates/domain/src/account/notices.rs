//! The words of every account email and inbox message, in English and French (F21, F25).
//! A notice is rendered in the account's language at the moment it is made.

use super::values::{EmailAddress, IrccId, Language, RejectionReason, Standing};
use crate::enquiry::EnquiryReference;

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
    /// Renders the notice in `language`; `base_url` is the portal's public address.
    pub fn render(&self, language: Language, base_url: &str) -> RenderedNotice {
        let fr = language == Language::French;
        let (subject, body) = match self {
            Self::EnrolmentSubmitted if fr => (
                "Demande d'inscription soumise".to_owned(),
                "Nous avons reçu votre demande d'inscription. Un agent l'examinera et vous recevrez un message lorsqu'elle aura été traitée.".to_owned(),
            ),
            Self::EnrolmentSubmitted => (
                "Enrolment request submitted".to_owned(),
                "We received your enrolment request. An officer will review it and you will receive a message once it has been processed.".to_owned(),
            ),
            Self::EnrolmentAttempted if fr => (
                "Tentative d'inscription avec votre adresse courriel".to_owned(),
                "Quelqu'un a tenté de créer un compte avec cette adresse courriel, qui a déjà un compte. Si c'était vous, ouvrez une session ou utilisez « Mot de passe oublié ». Sinon, vous pouvez ignorer ce message.".to_owned(),
            ),
            Self::EnrolmentAttempted => (
                "Enrolment attempted with your email address".to_owned(),
                "Someone tried to create an account with this email address, which already has an account. If it was you, sign in or use \"Forgot your password?\". Otherwise you can ignore this message.".to_owned(),
            ),
            Self::EnrolmentApproved(id) if fr => (
                "Demande d'inscription approuvée".to_owned(),
                format!("Votre demande d'inscription a été approuvée. Votre identifiant IRCC de représentant est {id}."),
            ),
            Self::EnrolmentApproved(id) => (
                "Enrolment request approved".to_owned(),
                format!("Your enrolment request was approved. Your Representative IRCC ID is {id}."),
            ),
            Self::EnrolmentRejected(reason) if fr => (
                "Demande d'inscription refusée".to_owned(),
                format!("Votre demande d'inscription a été refusée. Motif : {}", reason.as_str()),
            ),
            Self::EnrolmentRejected(reason) => (
                "Enrolment request rejected".to_owned(),
                format!("Your enrolment request was rejected. Reason: {}", reason.as_str()),
            ),
            Self::ResetCode { code, minutes } if fr => (
                "Votre code de vérification".to_owned(),
                format!("Votre code de vérification est {code}. Il est valide pendant {minutes} minutes et ne peut servir qu'une fois. Si vous n'avez pas demandé de nouveau mot de passe, ignorez ce message."),
            ),
            Self::ResetCode { code, minutes } => (
                "Your verification code".to_owned(),
                format!("Your verification code is {code}. It is valid for {minutes} minutes and can be used once. If you did not ask to reset your password, ignore this message."),
            ),
            Self::PasswordChanged if fr => (
                "Votre mot de passe a été modifié".to_owned(),
                "Le mot de passe de votre compte vient d'être modifié et toutes vos sessions ont été fermées. Si vous n'avez pas fait ce changement, utilisez « Mot de passe oublié » immédiatement.".to_owned(),
            ),
            Self::PasswordChanged => (
                "Your password was changed".to_owned(),
                "The password of your account was just changed and all your sessions were signed out. If you did not make this change, use \"Forgot your password?\" right away.".to_owned(),
            ),
            Self::ClosureRequested if fr => (
                "Demande de fermeture de compte reçue".to_owned(),
                "Nous avons reçu votre demande de fermeture de compte. Un agent la traitera.".to_owned(),
            ),
            Self::ClosureRequested => (
                "Account closure request received".to_owned(),
                "We received your request to close your account. An officer will process it.".to_owned(),
            ),
            Self::AccountClosed if fr => (
                "Compte fermé".to_owned(),
                "Votre compte a été fermé. Vos demandes soumises sont conservées.".to_owned(),
            ),
            Self::AccountClosed => (
                "Account closed".to_owned(),
                "Your account was closed. Your submitted applications are kept.".to_owned(),
            ),
            Self::EmailChangeCode { code, minutes } if fr => (
                "Confirmez votre nouvelle adresse courriel".to_owned(),
                format!("Pour que cette adresse devienne celle de votre compte du Portail des représentants, entrez le code de vérification {code} dans votre profil. Il est valide pendant {minutes} minutes et ne peut servir qu'une fois. Si vous n'avez rien demandé, ignorez ce message : l'adresse ne sera pas utilisée."),
            ),
            Self::EmailChangeCode { code, minutes } => (
                "Confirm your new email address".to_owned(),
                format!("To make this address the one of your Representative Portal account, enter the verification code {code} in your profile. It is valid for {minutes} minutes and can be used once. If you did not ask for this, ignore this message: the address will not be used."),
            ),
            Self::EmailChangeRequested(new) if fr => (
                "Demande de changement d'adresse courriel".to_owned(),
                format!("Quelqu'un a demandé que l'adresse courriel de votre compte devienne {new}. Le changement ne prendra effet qu'une fois confirmé avec le code envoyé à cette adresse; d'ici là, votre adresse actuelle reste en vigueur. Si vous n'avez pas fait cette demande, changez votre mot de passe immédiatement."),
            ),
            Self::EmailChangeRequested(new) => (
                "Email address change requested".to_owned(),
                format!("Someone asked to change the email address of your account to {new}. The change takes effect only once it is confirmed with the code sent to that address; until then your current address stays in use. If you did not make this request, change your password right away."),
            ),
            Self::EmailChangeAttempted if fr => (
                "Tentative d'utiliser votre adresse courriel".to_owned(),
                "Quelqu'un a tenté de faire de cette adresse courriel celle d'un autre compte du Portail des représentants. Elle a déjà un compte, elle n'a donc pas été changée. Si c'était vous, ouvrez une session avec cette adresse ou utilisez « Mot de passe oublié ». Sinon, vous pouvez ignorer ce message.".to_owned(),
            ),
            Self::EmailChangeAttempted => (
                "Attempt to use your email address".to_owned(),
                "Someone tried to make this email address the one of another Representative Portal account. It already has an account, so nothing was changed. If it was you, sign in with this address or use \"Forgot your password?\". Otherwise you can ignore this message.".to_owned(),
            ),
            Self::EmailChanged(new) if fr => (
                "Votre adresse courriel a été changée".to_owned(),
                format!("L'adresse courriel de votre compte est maintenant {new}; les messages et l'ouverture de session l'utilisent désormais. Si vous n'avez pas fait ce changement, communiquez avec nous immédiatement."),
            ),
            Self::EmailChanged(new) => (
                "Your email address was changed".to_owned(),
                format!("The email address of your account is now {new}; messages and sign-in use it from now on. If you did not make this change, contact us right away."),
            ),
            Self::EnrolmentDocumentsRequested(request) if fr => (
                "Documents supplémentaires demandés pour votre inscription".to_owned(),
                format!("Pour traiter votre demande d'inscription, nous avons besoin des documents suivants. Envoyez-les au moyen du formulaire Web (type « Difficultés techniques »), en indiquant votre nom et votre adresse courriel :\n\n{request}"),
            ),
            Self::EnrolmentDocumentsRequested(request) => (
                "Additional documents requested for your enrolment".to_owned(),
                format!("To process your enrolment request we need the following documents. Send them through the web form (type \"Technical difficulties\"), with your name and email address:\n\n{request}"),
            ),
            Self::StandingUpdated(standing) if fr => (
                "Votre statut a été mis à jour".to_owned(),
                format!("Votre statut auprès de votre ordre professionnel a été mis à jour : {}.{}", standing.label(true), if *standing == Standing::Good { "" } else { " Vous pouvez consulter vos demandes, mais vous ne pouvez ni en commencer ni en soumettre de nouvelles." }),
            ),
            Self::StandingUpdated(standing) => (
                "Your current standing was updated".to_owned(),
                format!("Your current standing with your governing body was updated: {}.{}", standing.label(false), if *standing == Standing::Good { "" } else { " You can read your applications but cannot start or submit any." }),
            ),
            Self::EnquiryReceived(reference) if fr => (
                "Demande de renseignements reçue".to_owned(),
                format!("Nous avons reçu votre demande de renseignements. Son numéro de référence est {reference}. Vous recevrez un message lorsqu'un agent l'aura traitée."),
            ),
            Self::EnquiryReceived(reference) => (
                "Enquiry received".to_owned(),
                format!("We received your enquiry. Its reference number is {reference}. You will receive a message once an officer has processed it."),
            ),
            Self::EnquiryReply { reference, reply } if fr => (
                format!("Réponse à votre demande de renseignements {reference}"),
                format!("Un agent a répondu à votre demande de renseignements {reference} :\n\n{reply}"),
            ),
            Self::EnquiryReply { reference, reply } => (
                format!("Reply to your enquiry {reference}"),
                format!("An officer replied to your enquiry {reference}:\n\n{reply}"),
            ),
            Self::EnquiryResolved { reference, reply } if fr => (
                format!("Demande de renseignements {reference} traitée"),
                format!("Votre demande de renseignements {reference} a été traitée.\n\n{reply}"),
            ),
            Self::EnquiryResolved { reference, reply } => (
                format!("Enquiry {reference} resolved"),
                format!("Your enquiry {reference} was resolved.\n\n{reply}"),
            ),
            Self::DraftExpiring { applicant, last_day } if fr => (
                "Demande en préparation bientôt supprimée".to_owned(),
                format!("La demande en préparation de {applicant} peut être soumise jusqu'au {last_day} (UTC) inclusivement. Elle sera supprimée le lendemain, avec ses documents, si elle n'a pas été soumise."),
            ),
            Self::DraftExpiring { applicant, last_day } => (
                "Draft application to be deleted soon".to_owned(),
                format!("The draft application for {applicant} can be submitted until {last_day} (UTC). If it is not submitted by then, it is deleted the next day with its documents."),
            ),
        };
        let footer = if fr {
            "Portail des représentants"
        } else {
            "Representative Portal"
        };
        RenderedNotice {
            subject,
            body: format!("{body}\n\n{footer}\n{base_url}\n"),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

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
    fn every_notice_is_signed_with_the_portal_name_and_address_in_its_language() {
        let id = IrccId::parse("P010001243312").unwrap();
        let reason = RejectionReason::parse("Incomplete").unwrap();
        let email = EmailAddress::parse("new@example.com").unwrap();
        let reference = EnquiryReference::from_sequence(7).unwrap();
        for notice in every_notice(&id, &reason, &email, &reference) {
            let en = notice.render(Language::English, BASE);
            let fr = notice.render(Language::French, BASE);
            assert!(
                en.body
                    .ends_with("\n\nRepresentative Portal\nhttps://portal.example.ca\n"),
                "{notice:?}: {}",
                en.body
            );
            assert!(
                fr.body
                    .ends_with("\n\nPortail des représentants\nhttps://portal.example.ca\n"),
                "{notice:?}: {}",
                fr.body
            );
            assert_ne!(en.subject, fr.subject, "{notice:?} has a French subject");
            assert_ne!(en.body, fr.body, "{notice:?} has a French body");
        }
    }

    #[test]
    fn the_enrolment_notices_use_the_guides_subjects() {
        let id = IrccId::parse("P010001243312").unwrap();
        let submitted = Notice::EnrolmentSubmitted.render(Language::English, BASE);
        assert_eq!(submitted.subject, "Enrolment request submitted");
        let approved = Notice::EnrolmentApproved(&id).render(Language::English, BASE);
        assert_eq!(approved.subject, "Enrolment request approved");
        assert!(
            approved
                .body
                .contains("Your Representative IRCC ID is P010001243312.")
        );
        let approved_fr = Notice::EnrolmentApproved(&id).render(Language::French, BASE);
        assert_eq!(approved_fr.subject, "Demande d'inscription approuvée");
        assert!(approved_fr.body.contains("P010001243312"));
    }

    #[test]
    fn a_rejection_carries_the_officers_reason_in_both_languages() {
        let reason = RejectionReason::parse("Membership ID not found").unwrap();
        let en = Notice::EnrolmentRejected(&reason).render(Language::English, BASE);
        let fr = Notice::EnrolmentRejected(&reason).render(Language::French, BASE);
        assert!(
            en.body.contains("Reason: Membership ID not found"),
            "{}",
            en.body
        );
        assert!(
            fr.body.contains("Motif : Membership ID not found"),
            "{}",
            fr.body
        );
    }

    #[test]
    fn a_reset_code_mail_states_the_code_and_how_long_it_lasts_in_both_languages() {
        let notice = Notice::ResetCode {
            code: "04711235",
            minutes: 10,
        };
        let en = notice.render(Language::English, BASE);
        assert_eq!(en.subject, "Your verification code");
        assert!(
            en.body
                .starts_with("Your verification code is 04711235. It is valid for 10 minutes")
        );
        let fr = notice.render(Language::French, BASE);
        assert_eq!(fr.subject, "Votre code de vérification");
        assert!(fr.body.starts_with(
            "Votre code de vérification est 04711235. Il est valide pendant 10 minutes"
        ));
    }

    #[test]
    fn the_email_change_mails_carry_the_code_or_the_new_address_in_both_languages() {
        let new = EmailAddress::parse("j.doe@newfirm.ca").unwrap();
        let code = Notice::EmailChangeCode {
            code: "04711235",
            minutes: 30,
        };
        for language in [Language::English, Language::French] {
            let rendered = code.render(language, BASE);
            assert!(rendered.body.contains("04711235"), "{}", rendered.body);
            assert!(rendered.body.contains("30 minutes"), "{}", rendered.body);
            for notice in [
                Notice::EmailChangeRequested(&new),
                Notice::EmailChanged(&new),
            ] {
                let rendered = notice.render(language, BASE);
                assert!(
                    rendered.body.contains("j.doe@newfirm.ca"),
                    "{}",
                    rendered.body
                );
            }
        }
        let attempted = Notice::EmailChangeAttempted.render(Language::English, BASE);
        assert!(attempted.body.contains("already has an account"));
    }
}
