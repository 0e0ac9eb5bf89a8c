# Les courriels et messages du compte (F21, F25), et les messages de demande qu'envoie
# chaque action d'un agent (F17). Chaque avis a un objet et un corps; le nom et l'adresse du
# portail sont ajoutés sous chaque corps.

notice-signature = Portail des représentants

notice-enrolment-submitted-subject = Demande d'inscription soumise
notice-enrolment-submitted-body = Nous avons reçu votre demande d'inscription. Un agent l'examinera et vous recevrez un message lorsqu'elle aura été traitée.

notice-enrolment-attempted-subject = Tentative d'inscription avec votre adresse courriel
notice-enrolment-attempted-body = Quelqu'un a tenté de créer un compte avec cette adresse courriel, qui a déjà un compte. Si c'était vous, ouvrez une session ou utilisez « Mot de passe oublié ». Sinon, vous pouvez ignorer ce message.

notice-enrolment-approved-subject = Demande d'inscription approuvée
notice-enrolment-approved-body = Votre demande d'inscription a été approuvée. Votre identifiant IRCC de représentant est { $ircc_id }.

notice-enrolment-rejected-subject = Demande d'inscription refusée
notice-enrolment-rejected-body = Votre demande d'inscription a été refusée. Motif : { $reason }

notice-reset-code-subject = Votre code de vérification
notice-reset-code-body = Votre code de vérification est { $code }. Il est valide pendant { $minutes } minutes et ne peut servir qu'une fois. Si vous n'avez pas demandé de nouveau mot de passe, ignorez ce message.

notice-password-changed-subject = Votre mot de passe a été modifié
notice-password-changed-body = Le mot de passe de votre compte vient d'être modifié et toutes vos sessions ont été fermées. Si vous n'avez pas fait ce changement, utilisez « Mot de passe oublié » immédiatement.

notice-closure-requested-subject = Demande de fermeture de compte reçue
notice-closure-requested-body = Nous avons reçu votre demande de fermeture de compte. Un agent la traitera.

notice-account-closed-subject = Compte fermé
notice-account-closed-body = Votre compte a été fermé. Vos demandes soumises sont conservées.

notice-email-change-code-subject = Confirmez votre nouvelle adresse courriel
notice-email-change-code-body = Pour que cette adresse devienne celle de votre compte du Portail des représentants, entrez le code de vérification { $code } dans votre profil. Il est valide pendant { $minutes } minutes et ne peut servir qu'une fois. Si vous n'avez rien demandé, ignorez ce message : l'adresse ne sera pas utilisée.

notice-email-change-requested-subject = Demande de changement d'adresse courriel
notice-email-change-requested-body = Quelqu'un a demandé que l'adresse courriel de votre compte devienne { $email }. Le changement ne prendra effet qu'une fois confirmé avec le code envoyé à cette adresse; d'ici là, votre adresse actuelle reste en vigueur. Si vous n'avez pas fait cette demande, changez votre mot de passe immédiatement.

notice-email-change-attempted-subject = Tentative d'utiliser votre adresse courriel
notice-email-change-attempted-body = Quelqu'un a tenté de faire de cette adresse courriel celle d'un autre compte du Portail des représentants. Elle a déjà un compte, elle n'a donc pas été changée. Si c'était vous, ouvrez une session avec cette adresse ou utilisez « Mot de passe oublié ». Sinon, vous pouvez ignorer ce message.

notice-email-changed-subject = Votre adresse courriel a été changée
notice-email-changed-body = L'adresse courriel de votre compte est maintenant { $email }; les messages et l'ouverture de session l'utilisent désormais. Si vous n'avez pas fait ce changement, communiquez avec nous immédiatement.

notice-enrolment-documents-requested-subject = Documents supplémentaires demandés pour votre inscription
notice-enrolment-documents-requested-body = Pour traiter votre demande d'inscription, nous avons besoin des documents suivants. Envoyez-les au moyen du formulaire Web (type « Difficultés techniques »), en indiquant votre nom et votre adresse courriel :

notice-standing-updated-subject = Votre statut a été mis à jour
notice-standing-updated-body = Votre statut auprès de votre ordre professionnel a été mis à jour : { $standing }.
notice-standing-limits = Vous pouvez consulter vos demandes, mais vous ne pouvez ni en commencer ni en soumettre de nouvelles.

notice-enquiry-received-subject = Demande de renseignements reçue
notice-enquiry-received-body = Nous avons reçu votre demande de renseignements. Son numéro de référence est { $reference }. Vous recevrez un message lorsqu'un agent l'aura traitée.

notice-enquiry-reply-subject = Réponse à votre demande de renseignements { $reference }
notice-enquiry-reply-body = Un agent a répondu à votre demande de renseignements { $reference } :

notice-enquiry-resolved-subject = Demande de renseignements { $reference } traitée
notice-enquiry-resolved-body = Votre demande de renseignements { $reference } a été traitée.

notice-draft-expiring-subject = Demande en préparation bientôt supprimée
notice-draft-expiring-body = La demande en préparation de { $applicant } peut être soumise jusqu'au { $last_day } (UTC) inclusivement. Elle sera supprimée le lendemain, avec ses documents, si elle n'a pas été soumise.

case-message-about = Demande { $number } de { $applicant }
case-message-received-subject = Demande reçue
case-message-received-body = Nous avons reçu la demande le { $received_on }. L'IUC du client est { $uci }.
case-message-biometrics-subject = Données biométriques enregistrées
case-message-biometrics-body = Les données biométriques du client (numéro { $number }) ont été prises le { $enrolled_on } et sont valides jusqu'au { $expires_on }.
case-message-step-subject = Étape de traitement mise à jour
case-message-step-body = { $step } : { $state }.
case-message-document-review-subject = État d'un document mis à jour
case-message-document-review-body = { $document } : { $review }.
case-message-request-subject = Demande de documents
case-message-request-body = Veuillez téléverser les documents suivants au plus tard le { $due_on }, à partir de la page d'état de la demande :
case-message-decision-subject = Décision rendue
case-message-decision-body = Une décision a été rendue : { $outcome }.
case-message-issued-subject = Document délivré
case-message-issued-body = Document délivré : { $document_type }, numéro { $number }, le { $issued_on }.
case-message-closed-subject = Demande fermée
case-message-closed-body = Le traitement de la demande est terminé et le dossier est fermé.
