## Pourquoi une valeur saisie a été refusée (crate::explain) et les refus de l'API.

text-control-characters = Retirez les caractères de contrôle (sauts de ligne, tabulations ou NUL) du texte.
text-direction-characters = Retirez les caractères de contrôle de la direction du texte.
email-empty = Entrez une adresse courriel.
email-too-long = L'adresse courriel doit compter 254 caractères ou moins.
email-format = L'adresse courriel doit avoir ce format : nom@exemple.com.
name-empty = Entrez un nom.
name-too-long = Le nom doit compter 100 caractères ou moins.
name-characters = Le nom ne peut contenir que des lettres, des espaces, des traits d'union, des apostrophes et des points.
telephone-empty = Entrez un numéro de téléphone.
telephone-digits = Entrez des chiffres seulement, sans espaces ni tirets, par exemple 5433434456.
telephone-ten-digits = Un numéro de téléphone du Canada ou des États-Unis doit compter 10 chiffres.
telephone-length = Un numéro de téléphone doit compter de 4 à 15 chiffres.
mailing-address-length = L'adresse postale doit compter de 5 à 300 caractères sur au plus 6 lignes.
membership-id-empty = Entrez votre numéro de membre.
membership-id-format = Le numéro de membre compte au plus 30 lettres, chiffres, traits d'union ou barres obliques.
rejection-reason-length = Entrez un motif de 1 à 1000 caractères.
query-page-size = Choisissez 5, 10, 25, 50 ou 100 éléments par page.
query-page = Les pages commencent à 1.
query-number = Un numéro de demande est une lettre suivie d'au plus 9 chiffres.
query-name = Le nom du demandeur doit compter 100 caractères ou moins.
query-name-characters = Le nom du demandeur ne doit pas contenir de caractères de contrôle ou de direction du texte.
governing-body-choose = Choisissez un organisme de réglementation dans la liste.
telephone-type-choose = Choisissez Résidence, Cellulaire ou Autre.
telephone-country-choose = Choisissez Canada ou États-Unis, ou Autre.
language-choose = Choisissez anglais ou français.
email-updates-choose = Choisissez Oui ou Non.
standing-choose = Choisissez membre en règle, suspendu ou radié.
fax-format = Le numéro de télécopieur doit avoir le format (###) ###-####.
ircc-id-format = L'identifiant IRCC du représentant est la lettre P suivie de 12 chiffres, par exemple P010001243312.
reset-code-format = Le code de vérification compte 8 chiffres.
application-type-choose = Choisissez visa de visiteur, permis d'études ou demande d'asile.
cbsa-file-number-format = Le numéro de dossier de l'ASFC compte de 8 à 12 chiffres, par exemple 4012-3456.
visa-processing-choose = Le traitement du visa doit être régulier, d'urgence ou de mesures spéciales.
application-number-format = Un numéro de demande est une lettre suivie de 9 chiffres, par exemple L100003692.
uci-format = Une IUC compte 8 chiffres écrits 0000-0000 ou 10 chiffres écrits 00-0000-0000.
enquiry-type-choose = Choisissez le type de demande ou de question dans la liste.

validation-failed = { $count ->
    [one] Le formulaire n'a pas pu être soumis parce qu'une erreur a été trouvée.
   *[other] Le formulaire n'a pas pu être soumis parce que { $count } erreurs ont été trouvées.
}
unauthenticated = Ouvrez une session pour continuer.
password-change-required = Changez votre mot de passe à usage unique avant toute autre chose.
only-representatives = Seuls les représentants ont des demandes de clients.
only-officers = Seuls les agents peuvent faire cela.
invalid-credentials = L'adresse courriel ou le mot de passe est incorrect.
too-many-sign-ins = Trop de tentatives de connexion échouées pour cette adresse courriel. Réessayez plus tard.
rate-limited = Trop de demandes de votre adresse. Réessayez plus tard.
enter-email = Entrez votre adresse courriel.
enter-password = Entrez votre mot de passe.
reset-code-invalid = Le code de vérification n'est pas valide ou a expiré. Demandez un nouveau code.
not-found = Introuvable.
internal-error = Une erreur s'est produite de notre côté. Réessayez plus tard et citez la référence si vous communiquez avec nous.
enter-current-password = Entrez votre mot de passe actuel.
enrolment-accepted = Demande d'inscription soumise. Consultez vos courriels; vous serez avisé lorsqu'un agent l'aura examinée.
reset-code-sent-message = Si un compte utilise cette adresse courriel, un code de vérification y a été envoyé. Gardez cette page ouverte jusqu'à ce que vous le receviez.
wrong-current-password = Le mot de passe actuel est incorrect.
too-many-passwords = Trop de mots de passe erronés pour ce compte. Réessayez plus tard.
signed-out-wrong-passwords = Trop de mots de passe erronés : votre session a été fermée. Ouvrez une session de nouveau.
password-changed-meanwhile = Votre mot de passe a été changé entre-temps. Ouvrez une session de nouveau et réessayez.
