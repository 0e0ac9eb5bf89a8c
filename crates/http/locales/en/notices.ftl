# Account emails and inbox messages (F21, F25), and the application messages each officer
# action sends (F17). Each notice has a subject and a body; the portal's name and address
# are added under every body.

notice-signature = Representative Portal

notice-enrolment-submitted-subject = Enrolment request submitted
notice-enrolment-submitted-body = We received your enrolment request. An officer will review it and you will receive a message once it has been processed.

notice-enrolment-attempted-subject = Enrolment attempted with your email address
notice-enrolment-attempted-body = Someone tried to create an account with this email address, which already has an account. If it was you, sign in or use "Forgot your password?". Otherwise you can ignore this message.

notice-enrolment-approved-subject = Enrolment request approved
notice-enrolment-approved-body = Your enrolment request was approved. Your Representative IRCC ID is { $ircc_id }.

notice-enrolment-rejected-subject = Enrolment request rejected
notice-enrolment-rejected-body = Your enrolment request was rejected. Reason: { $reason }

notice-reset-code-subject = Your verification code
notice-reset-code-body = Your verification code is { $code }. It is valid for { $minutes } minutes and can be used once. If you did not ask to reset your password, ignore this message.

notice-password-changed-subject = Your password was changed
notice-password-changed-body = The password of your account was just changed and all your sessions were signed out. If you did not make this change, use "Forgot your password?" right away.

notice-closure-requested-subject = Account closure request received
notice-closure-requested-body = We received your request to close your account. An officer will process it.

notice-account-closed-subject = Account closed
notice-account-closed-body = Your account was closed. Your submitted applications are kept.

notice-email-change-code-subject = Confirm your new email address
notice-email-change-code-body = To make this address the one of your Representative Portal account, enter the verification code { $code } in your profile. It is valid for { $minutes } minutes and can be used once. If you did not ask for this, ignore this message: the address will not be used.

notice-email-change-requested-subject = Email address change requested
notice-email-change-requested-body = Someone asked to change the email address of your account to { $email }. The change takes effect only once it is confirmed with the code sent to that address; until then your current address stays in use. If you did not make this request, change your password right away.

notice-email-change-attempted-subject = Attempt to use your email address
notice-email-change-attempted-body = Someone tried to make this email address the one of another Representative Portal account. It already has an account, so nothing was changed. If it was you, sign in with this address or use "Forgot your password?". Otherwise you can ignore this message.

notice-email-changed-subject = Your email address was changed
notice-email-changed-body = The email address of your account is now { $email }; messages and sign-in use it from now on. If you did not make this change, contact us right away.

notice-enrolment-documents-requested-subject = Additional documents requested for your enrolment
notice-enrolment-documents-requested-body = To process your enrolment request we need the following documents. Send them through the web form (type "Technical difficulties"), with your name and email address:

notice-standing-updated-subject = Your current standing was updated
notice-standing-updated-body = Your current standing with your governing body was updated: { $standing }.
notice-standing-limits = You can read your applications but cannot start or submit any.

notice-enquiry-received-subject = Enquiry received
notice-enquiry-received-body = We received your enquiry. Its reference number is { $reference }. You will receive a message once an officer has processed it.

notice-enquiry-reply-subject = Reply to your enquiry { $reference }
notice-enquiry-reply-body = An officer replied to your enquiry { $reference }:

notice-enquiry-resolved-subject = Enquiry { $reference } resolved
notice-enquiry-resolved-body = Your enquiry { $reference } was resolved.

notice-draft-expiring-subject = Draft application to be deleted soon
notice-draft-expiring-body = The draft application for { $applicant } can be submitted until { $last_day } (UTC). If it is not submitted by then, it is deleted the next day with its documents.

case-message-about = Application { $number } for { $applicant }
case-message-received-subject = Application received
case-message-received-body = We received the application on { $received_on }. The client's UCI is { $uci }.
case-message-biometrics-subject = Biometrics recorded
case-message-biometrics-body = The client's biometrics (number { $number }) were taken on { $enrolled_on } and are valid until { $expires_on }.
case-message-step-subject = Processing step updated
case-message-step-body = { $step }: { $state }.
case-message-document-review-subject = Document status updated
case-message-document-review-body = { $document }: { $review }.
case-message-request-subject = Request for documents
case-message-request-body = Please upload the following documents by { $due_on }, from the application's status page:
case-message-decision-subject = Decision made
case-message-decision-body = A decision was made: { $outcome }.
case-message-issued-subject = Document issued
case-message-issued-body = Document issued: { $document_type }, number { $number }, on { $issued_on }.
case-message-closed-subject = Application closed
case-message-closed-body = Processing of the application is finished and the file is closed.
