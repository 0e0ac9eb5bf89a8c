# The password policy's words (F5): the hint under a new-password field, its rules one per
# line, and the message of each rule a password fails. The values come from the policy in
# force, so the words and the check cannot disagree.

password-hint = Password must be between { $min } and { $max } characters{ $composition ->
        [yes] , and must include at least one upper case letter, one lower case letter, one special character, and one numeric digit
       *[no] {""}
    }. It must not contain your name or email address{ $guessable ->
        [yes] {" "}or be easy to guess.
       *[no] .
    }

password-rule-length = be between { $min } and { $max } characters
password-rule-uppercase = have at least 1 uppercase letter
password-rule-lowercase = have at least 1 lowercase letter
password-rule-special = have at least 1 special character
password-rule-digit = have at least 1 numeric digit
password-rule-account-details = not contain your name or email address
password-rule-guessable = not be easy to guess

password-missing = Enter a password.
password-too-short = The password must be at least { $min } characters.
password-too-long = The password must be no more than { $max } characters.
password-no-uppercase = The password must include an upper case letter.
password-no-lowercase = The password must include a lower case letter.
password-no-digit = The password must include a numeric digit.
password-no-special = The password must include a special character.
password-contains-account-details = The password must not contain your name or email address.
password-guessable = This password is too easy to guess. Add uncommon words or characters.
password-same-as-old = The new password must be different from the old one.
password-confirmation-mismatch = The confirmation does not match the new password.
