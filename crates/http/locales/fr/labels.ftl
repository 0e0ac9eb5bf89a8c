# Les libellés des codes du domaine, des sections et questions du questionnaire et de la
# liste des documents : le message d'un code est son genre et son code (voir `Labelled`).

enquiry-type-electronic-travel-authorization = Autorisation de voyage électronique
enquiry-type-technical-difficulties = Difficultés techniques
enquiry-type-change-of-contact-information = Changement des coordonnées
enquiry-type-representative-or-personal-information = Recours à un représentant ou communication de renseignements personnels
enquiry-type-withdrawal-of-application = Retrait d'une demande
enquiry-type-replacement-documents = Documents de remplacement, modification de documents et documents de vérification du statut
enquiry-type-citizenship = Citoyenneté
enquiry-type-certificate-of-identity = Certificat d'identité/Titre de voyage pour réfugié
enquiry-type-permanent-resident-card = Carte de résident permanent
enquiry-type-sponsorship = Parrainage
enquiry-type-temporary-residence-online = Résidence temporaire (demande en ligne)
enquiry-type-temporary-residence-mail = Résidence temporaire (demande par la poste)
enquiry-type-international-experience-canada = Expérience internationale Canada
enquiry-type-in-canada-permanent-residence = Résidence permanente au Canada
enquiry-type-permanent-residence-online = Résidence permanente (demande en ligne)
enquiry-type-permanent-residence-mail = Résidence permanente (demande par la poste)
enquiry-type-urgent-card-processing = Demande de traitement urgent d'un renouvellement ou d'un remplacement de carte déjà demandé

step-eligibility = Examen de l'admissibilité
step-biometrics = Données biométriques
step-medical = Examen médical
step-interview = Entrevue
step-background-check = Vérification des antécédents
step-final-decision = Décision finale

step-state-not-started = Pas commencé
step-state-in-progress = En cours
step-state-completed = Terminé
step-state-not-required = Non requis

document-review-received = Reçu
document-review-reviewed = Examiné
document-review-further-information-needed = Renseignements supplémentaires requis

application-status-in-progress = En cours
application-status-submitted = Soumise
application-status-received = Reçue
application-status-decided = Décision rendue
application-status-closed = Fermée

outcome-approved = Approuvée
outcome-refused = Refusée
outcome-withdrawn = Retirée

application-type-visitor-visa = Demande de visa de visiteur
application-type-study-permit = Demande de permis d'études
application-type-refugee-claim = Demande d'asile

standing-good = Membre en règle
standing-suspended = Suspendu
standing-revoked = Radié

identity-field-given-name = prénom
identity-field-surname = nom de famille
identity-field-membership-id = numéro de membre

governing-body-cicc = Collège des consultants en immigration et en citoyenneté
governing-body-law-society-ab = Law Society of Alberta
governing-body-law-society-bc = Law Society of British Columbia
governing-body-law-society-mb = Law Society of Manitoba
governing-body-law-society-nb = Barreau du Nouveau-Brunswick
governing-body-law-society-nl = Law Society of Newfoundland and Labrador
governing-body-law-society-nt = Law Society of the Northwest Territories
governing-body-law-society-ns = Nova Scotia Barristers' Society
governing-body-law-society-nu = Law Society of Nunavut
governing-body-law-society-on = Barreau de l'Ontario
governing-body-law-society-pe = Law Society of Prince Edward Island
governing-body-barreau-qc = Barreau du Québec
governing-body-law-society-sk = Law Society of Saskatchewan
governing-body-law-society-yt = Law Society of Yukon
governing-body-chambre-notaires-qc = Chambre des notaires du Québec
question-family-name = Nom de famille
question-given-name = Prénom(s)
question-date-of-birth = Date de naissance
question-sex = Sexe
question-country-of-birth = Pays ou territoire de naissance
question-citizenship = Pays ou territoire de citoyenneté
question-marital-status = État matrimonial actuel
question-relationship = Lien avec le demandeur principal
question-address = Adresse postale actuelle
question-city = Ville
question-country = Pays ou territoire
question-telephone = Numéro de téléphone
question-email = Adresse courriel
question-number = Numéro du passeport ou du document
question-issuing-country = Pays ou territoire de délivrance
question-issue-date = Date de délivrance
question-expiry-date = Date d'expiration
question-purpose = But du séjour
question-arrival-date = Date d'arrivée
question-departure-date = Date de départ
question-funds = Fonds disponibles pour le séjour (CAD)
question-host = Personne ou organisation visitée
question-institution = Établissement d'enseignement désigné
question-dli-number = Numéro d'EED
question-program = Programme d'études
question-level = Niveau d'études
question-start-date = Date de début du programme
question-end-date = Date de fin du programme
question-tuition = Droits de scolarité de la première année (CAD)
question-arrival-in-canada = Date d'arrivée au Canada
question-fear-of-return = Craignez-vous de retourner dans votre pays?
question-summary = Résumé du fondement de la demande
question-interpreter-language = Langue de l'interprète requis
question-cbsa-file-number = Numéro de dossier de l'ASFC

section-identity = Identité du demandeur
section-family = Lien avec le demandeur principal
section-contact = Coordonnées
section-passport = Passeport ou document de voyage
section-visit = But et dates du séjour
section-school = Établissement et programme
section-claim = Fondement de la demande d'asile

document-item-passport-copy = Copie du passeport ou du document de voyage
document-item-photo = Photo numérique
document-item-use-of-representative = Recours aux services d'un représentant (IMM 5476)
document-item-proof-of-funds = Preuve de soutien financier
document-item-additional = Document supplémentaire
document-item-invitation-letter = Lettre d'invitation
document-item-letter-of-acceptance = Lettre d'acceptation
document-item-identity-documents = Pièces d'identité
document-item-supporting-evidence = Preuves à l'appui de la demande
