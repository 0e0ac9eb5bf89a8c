//! Fixtures for the application use case tests: an [`ApplicationService`] built from mocks
//! of every port with a fixed clock, representatives in each status, drafts of each type,
//! the answers and documents that make a draft complete, and a recorder of port calls.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use time::{Duration, OffsetDateTime, macros::datetime};
use uuid::Uuid;

use super::documents::{Document, DocumentId, FileType, checklist};
use super::kind::{
    ApplicationKind, ApplicationType, CbsaFileNumber, ClaimOrigin, VisaProcessing, VisitPurpose,
};
use super::model::{Application, MissingItem};
use super::ports::{MockApplicationRepository, MockDocumentRepository, MockDocumentStore};
use super::questionnaire::answer_key;
use super::service::{ApplicationPorts, ApplicationService, ApplicationSettings};
use super::values::{ApplicationId, ApplicationNumber, GroupId, GroupRole};
use crate::account::MockAccountRepository;
use crate::account::{
    Account, AccountId, AccountStatus, ContactDetails, EmailAddress, EmailUpdates, GoverningBody,
    IrccId, Language, MembershipId, PersonName, RejectionReason, RepresentativeDetails, Role,
    TelephoneCountry, TelephoneNumber, TelephoneType,
};
use crate::audit::MockAuditTrail;
use crate::clock::MockClock;
use crate::secrets::PasswordHash;

/// The instant the fixed clock shows unless a test moves it.
pub(crate) const NOW: OffsetDateTime = datetime!(2025-03-10 14:00 UTC);

/// The group number `next_group_id` hands out in these tests (the guide's example).
pub(crate) fn group() -> GroupId {
    GroupId::new(4984)
}

/// The sample CBSA file number.
pub(crate) const CBSA_NUMBER: &str = "4012-3456";

/// A mock of every port, and the settings and time the service will use.
pub(crate) struct Mocks {
    pub applications: MockApplicationRepository,
    pub accounts: MockAccountRepository,
    pub documents: MockDocumentRepository,
    pub store: MockDocumentStore,
    pub audit: MockAuditTrail,
    /// What the clock answers, every time it is asked.
    pub now: OffsetDateTime,
    pub settings: ApplicationSettings,
}

impl Mocks {
    /// Mocks without expectations: any port call a test did not expect fails the test.
    pub fn new() -> Self {
        Self {
            applications: MockApplicationRepository::new(),
            accounts: MockAccountRepository::new(),
            documents: MockDocumentRepository::new(),
            store: MockDocumentStore::new(),
            audit: MockAuditTrail::new(),
            now: NOW,
            settings: ApplicationSettings::default(),
        }
    }

    /// The service over these mocks, with a clock fixed at `self.now`.
    pub fn service(self) -> ApplicationService {
        let mut clock = MockClock::new();
        clock.expect_now().return_const(self.now);
        let ports = ApplicationPorts {
            applications: Arc::new(self.applications),
            accounts: Arc::new(self.accounts),
            documents: Arc::new(self.documents),
            store: Arc::new(self.store),
            clock: Arc::new(clock),
            wording: Arc::new(crate::wording::MessageIds),
            ids: Arc::new(crate::ids::CountingIds::default()),
            audit: Arc::new(self.audit),
        };
        ApplicationService::new(ports, self.settings)
    }

    /// `find` answers `application` for its owner and id, as often as asked; any other
    /// owner or id matches no expectation and fails the test.
    pub fn expect_find(&mut self, application: &Application) {
        let application = application.clone();
        let (owner, id) = (application.representative_id, application.id);
        self.applications
            .expect_find()
            .withf(move |o, i| *o == owner && *i == id)
            .returning(move |_, _| Ok(Some(application.clone())));
    }

    /// `find` answers "none" once for this owner and id.
    pub fn expect_find_nothing(&mut self, owner: AccountId, id: ApplicationId) {
        self.applications
            .expect_find()
            .withf(move |o, i| *o == owner && *i == id)
            .times(1)
            .returning(|_, _| Ok(None));
    }

    /// `find_group` answers `members` for their owner and group, once.
    pub fn expect_group(&mut self, members: &[Application]) {
        let members = members.to_vec();
        let (owner, group) = (members[0].representative_id, members[0].group_id);
        self.applications
            .expect_find_group()
            .withf(move |o, g| *o == owner && *g == group)
            .times(1)
            .returning(move |_, _| Ok(members.clone()));
    }

    /// `documents.list` answers `documents` for that application, as often as asked.
    pub fn expect_documents(&mut self, application: &Application, documents: Vec<Document>) {
        let id = application.id;
        self.documents
            .expect_list()
            .withf(move |a| *a == id)
            .returning(move |_| Ok(documents.clone()));
    }
}

/// Calls a mock saw, kept for assertions after the use case returns.
pub(crate) struct Recorder<T>(Arc<Mutex<Vec<T>>>);

impl<T> Clone for Recorder<T> {
    fn clone(&self) -> Self {
        Self(Arc::clone(&self.0))
    }
}

impl<T: Clone> Recorder<T> {
    pub fn new() -> Self {
        Self(Arc::new(Mutex::new(Vec::new())))
    }

    pub fn push(&self, value: T) {
        self.0.lock().unwrap().push(value);
    }

    /// Every value recorded, in order.
    pub fn all(&self) -> Vec<T> {
        self.0.lock().unwrap().clone()
    }

    /// The one value recorded; fails the test if there were none or several.
    pub fn only(&self) -> T {
        let values = self.0.lock().unwrap();
        assert_eq!(values.len(), 1, "expected exactly one recorded call");
        values[0].clone()
    }
}

pub(crate) fn name(value: &str) -> PersonName {
    PersonName::parse(value).unwrap()
}

/// The representative who owns the sample applications.
pub(crate) fn owner() -> AccountId {
    AccountId::from_uuid(Uuid::from_u128(0x0a11ce))
}

/// Another representative, who must never see the owner's applications.
pub(crate) fn stranger() -> AccountId {
    AccountId::from_uuid(Uuid::from_u128(0x0b0b))
}

/// John Incredible, a representative in `status`, with the id of [`owner`].
pub(crate) fn representative(status: AccountStatus) -> Account {
    let created_at = NOW - Duration::days(30);
    Account {
        id: owner(),
        role: Role::Representative,
        email: EmailAddress::parse("john.incredible@cicc.example.ca").unwrap(),
        given_name: name("John"),
        surname: name("Incredible"),
        language: Language::English,
        representative: Some(RepresentativeDetails {
            governing_body: GoverningBody::Cicc,
            membership_id: MembershipId::parse("R512345").unwrap(),
            contact: ContactDetails {
                telephone_type: TelephoneType::Cellular,
                telephone_country: TelephoneCountry::CanadaOrUs,
                telephone_number: TelephoneNumber::parse(
                    "5143334545",
                    TelephoneCountry::CanadaOrUs,
                )
                .unwrap(),
                fax: None,
                email_updates: EmailUpdates::Yes,
            },
            mailing_address: None,
            standing: crate::account::Standing::Good,
        }),
        ircc_id: (status != AccountStatus::Pending)
            .then(|| IrccId::parse("P010001243312").unwrap()),
        password_hash: PasswordHash::new("fake-hash"),
        must_change_password: false,
        status,
        created_at,
        updated_at: created_at,
        version: 3,
    }
}

/// An approved representative with the id of [`stranger`].
pub(crate) fn stranger_account() -> Account {
    let mut account = approved_representative();
    account.id = stranger();
    account
}

pub(crate) fn approved_representative() -> Account {
    representative(AccountStatus::Approved)
}

pub(crate) fn rejected_representative() -> Account {
    let reason = RejectionReason::parse("Membership could not be confirmed").unwrap();
    let mut account = representative(AccountStatus::Rejected(reason));
    account.ircc_id = None;
    account
}

/// An approved officer: approved, but not a representative.
pub(crate) fn officer() -> Account {
    let mut account = approved_representative();
    account.role = Role::Officer;
    account.representative = None;
    account.ircc_id = None;
    account
}

pub(crate) fn visitor_visa() -> ApplicationKind {
    ApplicationKind::VisitorVisa {
        purpose: VisitPurpose::Visit,
        processing: VisaProcessing::Regular,
    }
}

pub(crate) fn new_refugee_claim() -> ApplicationKind {
    ApplicationKind::RefugeeClaim {
        origin: ClaimOrigin::NewInCanada,
    }
}

pub(crate) fn cbsa_claim() -> ApplicationKind {
    ApplicationKind::RefugeeClaim {
        origin: ClaimOrigin::Cbsa(CbsaFileNumber::parse(CBSA_NUMBER).unwrap()),
    }
}

/// Every kind of application, once.
pub(crate) fn every_kind() -> Vec<ApplicationKind> {
    vec![
        visitor_visa(),
        ApplicationKind::StudyPermit,
        new_refugee_claim(),
        cbsa_claim(),
    ]
}

/// Helen Incredible's draft of `kind`, the principal of group [`group`], owned by
/// [`owner`], started at [`NOW`] and never saved since.
pub(crate) fn draft(kind: ApplicationKind) -> Application {
    Application::start(
        ApplicationId::from_uuid(Uuid::now_v7()),
        owner(),
        group(),
        GroupRole::Principal,
        kind,
        &name("Helen"),
        &name("Incredible"),
        NOW,
        60,
    )
}

/// A family member `given` Incredible of the principal's group.
pub(crate) fn family_member(principal: &Application, given: &str) -> Application {
    Application::start(
        ApplicationId::from_uuid(Uuid::now_v7()),
        principal.representative_id,
        principal.group_id,
        GroupRole::FamilyMember,
        principal.kind.clone(),
        &name(given),
        &name("Incredible"),
        principal.created_at,
        60,
    )
}

/// A map of raw answers, as a form sends them.
pub(crate) fn answers(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// Valid answers to every required question of a section, as of [`NOW`].
pub(crate) fn complete_section(section: &str) -> BTreeMap<String, String> {
    answers(match section {
        "identity" => &[
            ("date_of_birth", "1988-05-17"),
            ("sex", "female"),
            ("country_of_birth", "Colombia"),
            ("citizenship", "Colombia"),
            ("marital_status", "married"),
        ],
        "family" => &[("relationship", "spouse")],
        "contact" => &[
            ("address", "1200 Rue Sherbrooke Ouest"),
            ("city", "Montréal"),
            ("country", "Canada"),
            ("telephone", "5143334545"),
        ],
        "passport" => &[
            ("number", "AB1234567"),
            ("issuing_country", "Colombia"),
            ("issue_date", "2020-01-15"),
            ("expiry_date", "2030-01-14"),
        ],
        "visit" => &[
            ("purpose", "family_visit"),
            ("arrival_date", "2025-04-01"),
            ("departure_date", "2025-04-20"),
            ("funds", "6000"),
        ],
        "school" => &[
            ("institution", "Université de Montréal"),
            ("dli_number", "O19359011033"),
            ("program", "Civil engineering"),
            ("level", "bachelor"),
            ("start_date", "2025-09-02"),
            ("end_date", "2029-04-30"),
            ("tuition", "28000"),
        ],
        "claim" => &[
            ("arrival_in_canada", "2025-02-20"),
            ("fear_of_return", "yes"),
            (
                "summary",
                "Threatened by an armed group.\nFled with the family.",
            ),
        ],
        other => panic!("no sample answers for section {other}"),
    })
}

/// The draft with every applicable section answered, saved at [`NOW`].
pub(crate) fn answered(mut application: Application) -> Application {
    let family = application.role == GroupRole::FamilyMember;
    let sections = application
        .definition()
        .sections_for(&application.kind, family);
    for section in sections {
        application
            .save_section(section.key, &complete_section(section.key), NOW)
            .unwrap();
    }
    application
}

/// A PDF's bytes.
pub(crate) const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n";

/// A stored document of `application` for checklist item `item`.
pub(crate) fn document(application: &Application, item: &str) -> Document {
    let id = Uuid::now_v7();
    Document {
        id: DocumentId::from_uuid(id),
        application_id: application.id,
        item: item.to_owned(),
        file_name: format!("{item}.pdf"),
        file_type: FileType::Pdf,
        size: PDF.len() as u64,
        stored_name: id.simple().to_string(),
        uploaded_at: NOW,
    }
}

/// One document for every required checklist item of the application's type.
pub(crate) fn required_documents(application: &Application) -> Vec<Document> {
    checklist(application.kind.application_type())
        .iter()
        .filter(|i| i.required)
        .map(|i| document(application, i.key))
        .collect()
}

/// The stored key of a question's answer.
pub(crate) fn key(section: &str, question: &str) -> String {
    answer_key(section, question)
}

pub(crate) fn number(value: &str) -> ApplicationNumber {
    ApplicationNumber::parse(value).unwrap()
}

/// The missing-answer item of a question, with its label from the questionnaires.
pub(crate) fn missing_answer(section: &'static str, question: &'static str) -> MissingItem {
    let _found = ApplicationType::ALL
        .iter()
        .flat_map(|t| super::definitions::current(*t).sections)
        .filter(|s| s.key == section)
        .find_map(|s| s.question(question))
        .unwrap_or_else(|| panic!("no question {section}.{question}"));
    MissingItem::Answer { section, question }
}

/// The missing-document item of a checklist entry, with its label.
pub(crate) fn missing_document(item: &'static str) -> MissingItem {
    let _found = ApplicationType::ALL
        .iter()
        .flat_map(|t| checklist(*t))
        .find(|c| c.key == item)
        .unwrap_or_else(|| panic!("no checklist item {item}"));
    MissingItem::Document { item }
}
