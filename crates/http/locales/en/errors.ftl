## Why a typed value was refused (crate::explain) and the API's refusals.

text-control-characters = Remove the control characters (such as line breaks, tabs or NUL) from the text.
text-direction-characters = Remove the text-direction control characters from the text.
email-empty = Enter an email address.
email-too-long = The email address must be 254 characters or fewer.
email-format = The email address should have this format: name@example.com.
name-empty = Enter a name.
name-too-long = The name must be 100 characters or fewer.
name-characters = The name may only contain letters, spaces, hyphens, apostrophes and periods.
telephone-empty = Enter a telephone number.
telephone-digits = Enter digits only, without spaces or dashes, for example 5433434456.
telephone-ten-digits = A Canada or U.S. telephone number must be 10 digits.
telephone-length = A telephone number must be between 4 and 15 digits.
mailing-address-length = The mailing address must be 5 to 300 characters on up to 6 lines.
membership-id-empty = Enter your membership ID.
membership-id-format = The membership ID must be up to 30 letters, digits, hyphens or slashes.
rejection-reason-length = Enter a reason of 1 to 1000 characters.
query-page-size = Choose 5, 10, 25, 50 or 100 items per page.
query-page = Pages start at 1.
query-number = An application number is a letter and up to 9 digits.
query-name = The applicant name must be 100 characters or fewer.
query-name-characters = The applicant name must not contain control or text-direction characters.
governing-body-choose = Choose a governing body from the list.
telephone-type-choose = Choose Residential, Cellular or Other.
telephone-country-choose = Choose Canada or the U.S., or Other.
language-choose = Choose English or French.
email-updates-choose = Choose Yes or No.
standing-choose = Choose good, suspended or revoked.
fax-format = The fax number should be in the format (###) ###-####.
ircc-id-format = The Representative IRCC ID is P followed by 12 digits, for example P010001243312.
reset-code-format = The verification code must be 8 digits.
application-type-choose = Choose visitor visa, study permit or refugee claim.
cbsa-file-number-format = The CBSA file number is 8 to 12 digits, for example 4012-3456.
visa-processing-choose = The visa processing must be regular, emergency or special measures.
application-number-format = An application number is a letter and 9 digits, for example L100003692.
uci-format = A UCI is 8 digits written 0000-0000 or 10 digits written 00-0000-0000.
enquiry-type-choose = Choose the type of application or enquiry from the list.

validation-failed = { $count ->
    [one] The form could not be submitted because 1 error was found.
   *[other] The form could not be submitted because { $count } errors were found.
}
unauthenticated = Sign in to continue.
password-change-required = Change your one-time password before doing anything else.
only-representatives = Only representatives have client applications.
only-officers = Only officers may do this.
invalid-credentials = The email address or password is incorrect.
too-many-sign-ins = Too many failed sign-in attempts for this email address. Try again later.
rate-limited = Too many requests from your address. Try again later.
enter-email = Enter your email address.
enter-password = Enter your password.
reset-code-invalid = The verification code is not valid or has expired. Request a new code.
not-found = Not found.
internal-error = Something went wrong on our side. Try again later, and quote the reference if you contact us.
enter-current-password = Enter your current password.
enrolment-accepted = Enrolment request submitted. Check your email; you will be told when an officer has reviewed it.
reset-code-sent-message = If an account uses this email address, a verification code has been sent to it. Keep this page open until you receive it.
wrong-current-password = The current password is incorrect.
too-many-passwords = Too many wrong passwords for this account. Try again later.
signed-out-wrong-passwords = Too many wrong passwords: you have been signed out. Sign in again.
password-changed-meanwhile = Your password was changed meanwhile. Sign in again and retry.
