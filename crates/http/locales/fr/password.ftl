# Les mots de la politique de mot de passe (F5) : l'indication sous un champ de nouveau mot
# de passe, ses règles une par ligne, et le message de chaque règle non respectée. Les
# valeurs viennent de la politique en vigueur.

password-hint = Le mot de passe doit contenir entre { $min } et { $max } caractères{ $composition ->
        [yes] , dont au moins une lettre majuscule, une lettre minuscule, un caractère spécial et un chiffre
       *[no] {""}
    }. Il ne doit pas contenir votre nom ni votre adresse courriel{ $guessable ->
        [yes] {" "}ni être facile à deviner.
       *[no] .
    }

password-rule-length = contenir entre { $min } et { $max } caractères
password-rule-uppercase = au moins 1 lettre majuscule
password-rule-lowercase = au moins 1 lettre minuscule
password-rule-special = au moins 1 caractère spécial
password-rule-digit = au moins 1 chiffre
password-rule-account-details = ne pas contenir votre nom ni votre adresse courriel
password-rule-guessable = ne pas être facile à deviner

password-missing = Entrez un mot de passe.
password-too-short = Le mot de passe doit contenir au moins { $min } caractères.
password-too-long = Le mot de passe doit contenir au plus { $max } caractères.
password-no-uppercase = Le mot de passe doit contenir une lettre majuscule.
password-no-lowercase = Le mot de passe doit contenir une lettre minuscule.
password-no-digit = Le mot de passe doit contenir un chiffre.
password-no-special = Le mot de passe doit contenir un caractère spécial.
password-contains-account-details = Le mot de passe ne doit pas contenir votre nom ni votre adresse courriel.
password-guessable = Ce mot de passe est trop facile à deviner. Ajoutez des mots ou des caractères peu courants.
password-same-as-old = Le nouveau mot de passe doit être différent de l'ancien.
password-confirmation-mismatch = La confirmation ne correspond pas au nouveau mot de passe.
