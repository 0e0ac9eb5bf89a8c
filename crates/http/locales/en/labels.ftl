# The labels of the domain's codes, the questionnaire's sections and questions, and the
# document checklist: the message of a code is its kind and its code (see `Labelled`).

enquiry-type-electronic-travel-authorization = Electronic Travel Authorization
enquiry-type-technical-difficulties = Technical difficulties
enquiry-type-change-of-contact-information = Change of contact information
enquiry-type-representative-or-personal-information = Use a representatives or release personal information
enquiry-type-withdrawal-of-application = Withdrawal of application
enquiry-type-replacement-documents = Replacement documents, Amendments to documents and Verification of Status documents
enquiry-type-citizenship = Citizenship
enquiry-type-certificate-of-identity = Certificate of Identity/Refugee Travel Document
enquiry-type-permanent-resident-card = Permanent Resident Card
enquiry-type-sponsorship = Sponsorship
enquiry-type-temporary-residence-online = Temporary Residence (applied online)
enquiry-type-temporary-residence-mail = Temporary Residence (applied by mail)
enquiry-type-international-experience-canada = International Experience Canada
enquiry-type-in-canada-permanent-residence = In-Canada Permanent Residence
enquiry-type-permanent-residence-online = Permanent Residence (applied online)
enquiry-type-permanent-residence-mail = Permanent Residence (applied by mail)
enquiry-type-urgent-card-processing = Request urgent processing of renewal or replacement card and have already applied

step-eligibility = Review of eligibility
step-biometrics = Biometrics
step-medical = Medical exam
step-interview = Interview
step-background-check = Background check
step-final-decision = Final decision

step-state-not-started = Not started
step-state-in-progress = In progress
step-state-completed = Completed
step-state-not-required = Not required

document-review-received = Received
document-review-reviewed = Reviewed
document-review-further-information-needed = Further information needed

application-status-in-progress = In progress
application-status-submitted = Submitted
application-status-received = Received
application-status-decided = Decision made
application-status-closed = Closed

outcome-approved = Approved
outcome-refused = Refused
outcome-withdrawn = Withdrawn

application-type-visitor-visa = Visitor visa application
application-type-study-permit = Study permit application
application-type-refugee-claim = Refugee claim

standing-good = In good standing
standing-suspended = Suspended
standing-revoked = Revoked

identity-field-given-name = given name
identity-field-surname = surname
identity-field-membership-id = membership ID

governing-body-cicc = College of Immigration and Citizenship Consultants
governing-body-law-society-ab = Law Society of Alberta
governing-body-law-society-bc = Law Society of British Columbia
governing-body-law-society-mb = Law Society of Manitoba
governing-body-law-society-nb = Law Society of New Brunswick
governing-body-law-society-nl = Law Society of Newfoundland and Labrador
governing-body-law-society-nt = Law Society of the Northwest Territories
governing-body-law-society-ns = Nova Scotia Barristers' Society
governing-body-law-society-nu = Law Society of Nunavut
governing-body-law-society-on = Law Society of Ontario
governing-body-law-society-pe = Law Society of Prince Edward Island
governing-body-barreau-qc = Barreau du Québec
governing-body-law-society-sk = Law Society of Saskatchewan
governing-body-law-society-yt = Law Society of Yukon
governing-body-chambre-notaires-qc = Chambre des notaires du Québec
question-family-name = Family name
question-given-name = Given name(s)
question-date-of-birth = Date of birth
question-sex = Sex
question-country-of-birth = Country or territory of birth
question-citizenship = Country or territory of citizenship
question-marital-status = Current marital status
question-relationship = Relationship to the principal applicant
question-address = Current mailing address
question-city = City or town
question-country = Country or territory
question-telephone = Telephone number
question-email = Email address
question-number = Passport or document number
question-issuing-country = Country or territory of issue
question-issue-date = Issue date
question-expiry-date = Expiry date
question-purpose = Purpose of visit
question-arrival-date = Arrival date
question-departure-date = Departure date
question-funds = Funds available for the stay (CAD)
question-host = Person or organization visited
question-institution = Designated learning institution
question-dli-number = DLI number
question-program = Program of study
question-level = Level of study
question-start-date = Program start date
question-end-date = Program end date
question-tuition = Tuition for the first year (CAD)
question-arrival-in-canada = Date of arrival in Canada
question-fear-of-return = Do you fear returning to your country?
question-summary = Summary of the basis of claim
question-interpreter-language = Language needed for an interpreter
question-cbsa-file-number = CBSA file number

section-identity = Applicant identity
section-family = Relationship to the principal applicant
section-contact = Contact information
section-passport = Passport or travel document
section-visit = Purpose and dates of visit
section-school = School and program
section-claim = Basis of claim

document-item-passport-copy = Passport or travel document copy
document-item-photo = Digital photo
document-item-use-of-representative = Use of a Representative form (IMM 5476)
document-item-proof-of-funds = Proof of financial support
document-item-additional = Additional document
document-item-invitation-letter = Letter of invitation
document-item-letter-of-acceptance = Letter of acceptance
document-item-identity-documents = Identity documents
document-item-supporting-evidence = Evidence supporting the claim
