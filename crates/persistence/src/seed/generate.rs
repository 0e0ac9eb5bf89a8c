//! Generating the seeded rows: representatives' accounts and groups of applications with
//! realistic names, types, statuses, dates and answers, from a deterministic PRNG.

use std::collections::BTreeMap;

use portal_domain::account::{
    Account, AccountId, AccountStatus, ContactDetails, EmailAddress, EmailUpdates, GoverningBody,
    IrccId, Language, MembershipId, PersonName, RepresentativeDetails, Role, Standing,
    TelephoneCountry, TelephoneNumber, TelephoneType,
};
use portal_domain::application::{ApplicationType, definitions};
use portal_domain::secrets::PasswordHash;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, RngCore};
use time::{Duration, OffsetDateTime};
use uuid::{Builder, Uuid};

use super::names::{CITIES, COUNTRIES, FAMILY, GIVEN};
use super::{SeedError, SeedOptions};
use crate::days::to_days;
use crate::fold::fold;
use crate::timestamp::to_micros;

/// One application row before its group ID and number are taken from the counters.
#[derive(Debug)]
pub(super) struct Row {
    pub(super) id: Uuid,
    pub(super) representative_id: Uuid,
    /// Which group of the batch it belongs to (0-based); becomes a group ID when written.
    pub(super) group: u64,
    pub(super) role: &'static str,
    pub(super) app_type: ApplicationType,
    pub(super) visit_purpose: Option<&'static str>,
    pub(super) visa_processing: Option<&'static str>,
    pub(super) claim_origin: Option<&'static str>,
    pub(super) cbsa_file_number: Option<String>,
    pub(super) questionnaire_version: i32,
    pub(super) applicant_name: String,
    pub(super) applicant_name_folded: String,
    pub(super) answers: String,
    pub(super) submitted: bool,
    pub(super) created_at: i64,
    pub(super) last_saved_at: i64,
    pub(super) expires_on: i32,
    pub(super) submitted_at: Option<i64>,
    pub(super) has_unread: bool,
    pub(super) action_required: bool,
    /// Set for drafts whose last day is within the default warning period (7 days): as in a
    /// running portal, their owners were already told.
    pub(super) expiry_warned_at: Option<i64>,
}

/// Days before a draft's last day that the portal warns (`--expiry-warning-days`' default).
const EXPIRY_WARNING_DAYS: i64 = 7;

/// The generator: the options and the PRNG every choice is drawn from.
pub(super) struct Generator<'a> {
    pub(super) options: &'a SeedOptions,
    pub(super) rng: StdRng,
}

const MICROS_PER_DAY: i64 = 86_400_000_000;

/// Turns any parsing failure of a generated field into an invalid-options error.
fn invalid<E>(field: &'static str) -> impl FnOnce(E) -> SeedError {
    move |_| SeedError::Invalid(field)
}

impl Generator<'_> {
    /// A time-ordered identifier for an instant, like the portal's own `Uuid::now_v7`.
    fn id_at(&mut self, micros: i64) -> Uuid {
        let mut random = [0u8; 10];
        self.rng.fill_bytes(&mut random);
        let millis = u64::try_from(micros.div_euclid(1_000)).unwrap_or(0);
        Builder::from_unix_timestamp_millis(millis, &random).into_uuid()
    }

    fn pick<T: Copy>(&mut self, from: &[T]) -> Result<T, SeedError> {
        from.choose(&mut self.rng)
            .copied()
            .ok_or(SeedError::Invalid("a seeding list is empty"))
    }

    /// The `index`-th approved representative; every field passes the domain's parsing.
    pub(super) fn representative(&mut self, index: u32) -> Result<Account, SeedError> {
        let options = self.options;
        let given = self.pick(GIVEN)?;
        let surname = self.pick(FAMILY)?;
        let local: String = fold(&format!("{given}.{surname}"))
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
            .collect();
        let email = format!("{local}.{index}@seed{}.example.com", options.seed);
        let ircc = format!("P{:04}{:08}", options.seed % 10_000, index);
        let body = self.pick(GoverningBody::ALL)?;
        let country = TelephoneCountry::CanadaOrUs;
        let phone = format!("514{:07}", self.rng.random_range(2_000_000..9_999_999));
        let created = options.now - Duration::days(self.rng.random_range(400..3_000));
        Ok(Account {
            id: AccountId::from_uuid(self.id_at(to_micros(created))),
            role: Role::Representative,
            email: EmailAddress::parse(&email).map_err(invalid("email"))?,
            given_name: PersonName::parse(given).map_err(invalid("given name"))?,
            surname: PersonName::parse(surname).map_err(invalid("surname"))?,
            language: if self.rng.random_bool(0.4) {
                Language::French
            } else {
                Language::English
            },
            representative: Some(RepresentativeDetails {
                governing_body: body,
                membership_id: MembershipId::parse(&format!(
                    "R{}",
                    self.rng.random_range(100_000..999_999)
                ))
                .map_err(invalid("membership ID"))?,
                contact: ContactDetails {
                    telephone_type: TelephoneType::Cellular,
                    telephone_country: country,
                    telephone_number: TelephoneNumber::parse(&phone, country)
                        .map_err(invalid("telephone"))?,
                    fax: None,
                    email_updates: EmailUpdates::Yes,
                },
                mailing_address: None,
                standing: portal_domain::account::Standing::Good,
            }),
            ircc_id: Some(IrccId::parse(&ircc).map_err(invalid("IRCC ID"))?),
            password_hash: PasswordHash::new(options.password_hash.clone()),
            must_change_password: false,
            status: AccountStatus::Approved,
            created_at: created,
            updated_at: created,
            version: 1,
        })
    }

    /// How many applicants the next group has: mostly one, sometimes a family.
    pub(super) fn group_size(&mut self) -> u64 {
        match self.rng.random_range(0..100) {
            0..70 => 1,
            70..85 => 2,
            85..93 => 3,
            93..98 => 4,
            _ => 5,
        }
    }

    /// The rows of one group of `size` applicants of `representative`.
    pub(super) fn group(
        &mut self,
        representative: Uuid,
        group: u64,
        size: u64,
    ) -> Result<Vec<Row>, SeedError> {
        let now = to_micros(self.options.now);
        let lifetime = i64::from(self.options.draft_lifetime_days);
        let app_type = match self.rng.random_range(0..100) {
            0..45 => ApplicationType::VisitorVisa,
            45..75 => ApplicationType::StudyPermit,
            _ => ApplicationType::RefugeeClaim,
        };
        let (visit_purpose, visa_processing, claim_origin, cbsa) = match app_type {
            ApplicationType::VisitorVisa => (
                Some(if self.rng.random_bool(0.9) {
                    "visit"
                } else {
                    "transit"
                }),
                // 3% emergency and 2% special-measures visas.
                Some(match self.rng.random_range(0..100) {
                    0..3 => "emergency",
                    3..5 => "special_measures",
                    _ => "regular",
                }),
                None,
                None,
            ),
            ApplicationType::StudyPermit => (None, None, None, None),
            ApplicationType::RefugeeClaim if self.rng.random_bool(0.3) => (
                None,
                None,
                Some("cbsa"),
                Some(format!(
                    "{}-{}",
                    self.rng.random_range(1000..9999),
                    self.rng.random_range(1000..9999)
                )),
            ),
            ApplicationType::RefugeeClaim => (None, None, Some("new_in_canada"), None),
        };
        let submitted = self.rng.random_bool(0.55);
        // Drafts were started within their lifetime (none has expired yet); submitted ones
        // over the last three years, submitted within a month of being started.
        let created_at = if submitted {
            now - self
                .rng
                .random_range(2 * MICROS_PER_DAY..3 * 365 * MICROS_PER_DAY)
        } else {
            now - self.rng.random_range(0..lifetime.max(1) * MICROS_PER_DAY)
        };
        let submitted_at = submitted.then(|| {
            (created_at
                + self
                    .rng
                    .random_range(MICROS_PER_DAY / 24..30 * MICROS_PER_DAY))
            .min(now)
        });
        let last_saved_at = match submitted_at {
            Some(at) => at - self.rng.random_range(0..MICROS_PER_DAY / 24),
            None => created_at + self.rng.random_range(0..=(now - created_at)),
        };
        let created = crate::timestamp::from_micros(created_at, "applications", "created_at")
            .map_err(|_| SeedError::Invalid("the seeding time"))?;
        let last_day = created.date() + Duration::days(lifetime);
        let expires_on = to_days(last_day);
        let warned =
            !submitted && last_day <= self.options.now.date() + Duration::days(EXPIRY_WARNING_DAYS);
        let expiry_warned_at = warned.then_some(now);
        let has_unread = submitted && self.rng.random_bool(0.1);
        let action_required = has_unread && self.rng.random_bool(0.3);
        let family = self.pick(FAMILY)?;
        let version = i32::try_from(definitions::current(app_type).version)
            .map_err(|_| SeedError::Invalid("the questionnaire version"))?;
        let mut rows = Vec::new();
        for member in 0..size {
            let given = self.pick(GIVEN)?;
            let answers = self.answers(given, family, member, cbsa.as_deref())?;
            let applicant_name = format!("{given} {family}");
            rows.push(Row {
                id: self.id_at(created_at),
                representative_id: representative,
                group,
                role: if member == 0 {
                    "principal"
                } else {
                    "family_member"
                },
                app_type,
                visit_purpose,
                visa_processing,
                claim_origin,
                cbsa_file_number: cbsa.clone(),
                questionnaire_version: version,
                applicant_name_folded: fold(&applicant_name),
                applicant_name,
                answers,
                submitted,
                created_at,
                last_saved_at,
                expires_on,
                submitted_at,
                has_unread,
                action_required,
                expiry_warned_at,
            });
        }
        Ok(rows)
    }

    fn answers(
        &mut self,
        given: &str,
        family: &str,
        member: u64,
        cbsa: Option<&str>,
    ) -> Result<String, SeedError> {
        let born = if member >= 2 {
            self.rng.random_range(2008..2022)
        } else {
            self.rng.random_range(1955..2004)
        };
        let mut answers = BTreeMap::from([
            ("identity.family_name", family.to_owned()),
            ("identity.given_name", given.to_owned()),
            (
                "identity.date_of_birth",
                format!(
                    "{born}-{:02}-{:02}",
                    self.rng.random_range(1..=12),
                    self.rng.random_range(1..=28)
                ),
            ),
            ("identity.sex", self.pick(&["female", "male"])?.to_owned()),
            (
                "identity.country_of_birth",
                self.pick(COUNTRIES)?.to_owned(),
            ),
            ("identity.citizenship", self.pick(COUNTRIES)?.to_owned()),
            (
                "identity.marital_status",
                self.pick(&["single", "married", "common_law"])?.to_owned(),
            ),
            ("contact.city", self.pick(CITIES)?.to_owned()),
        ]);
        if member > 0 {
            let relationship = if member == 1 {
                "spouse"
            } else {
                "dependent_child"
            };
            answers.insert("family.relationship", relationship.to_owned());
        }
        if let Some(number) = cbsa {
            answers.insert("claim.cbsa_file_number", number.to_owned());
        }
        serde_json::to_string(&answers).map_err(|_| SeedError::Invalid("the answers"))
    }
}

/// Whether `at` is a sensible seeding time (used by the options' check).
pub(super) fn plausible(at: OffsetDateTime) -> bool {
    (2000..=9000).contains(&at.year())
}

/// Standing updates in the heavy representative's inbox besides the enrolment messages, so
/// the inbox benchmark pages through a long one.
pub(super) const HEAVY_INBOX_UPDATES: u32 = 200;

impl Generator<'_> {
    /// The representative's inbox: the enrolment request and its approval, in the account's
    /// language, then `updates` standing updates a week apart.
    pub(super) fn inbox(
        &mut self,
        representative: &Account,
        updates: u32,
    ) -> Vec<crate::entity::account_messages::ActiveModel> {
        use portal_domain::account::Notice;
        use sea_orm::ActiveValue::Set;

        let language = representative.language;
        let base_url = "https://portal.example.ca";
        let wording = self.options.wording.as_ref();
        let submitted = Notice::EnrolmentSubmitted.render(wording, language, base_url);
        let mut rendered = vec![(representative.created_at, submitted)];
        if let Some(ircc) = &representative.ircc_id {
            let approved = Notice::EnrolmentApproved(ircc).render(wording, language, base_url);
            rendered.push((representative.created_at + Duration::days(1), approved));
        }
        let update = Notice::StandingUpdated(Standing::Good).render(wording, language, base_url);
        for week in 0..updates {
            let at = representative.created_at + Duration::weeks(i64::from(week) + 1);
            rendered.push((at, update.clone()));
        }
        rendered
            .into_iter()
            .map(
                |(at, notice)| crate::entity::account_messages::ActiveModel {
                    id: Set(self.id_at(to_micros(at))),
                    account_id: Set(representative.id.as_uuid()),
                    subject: Set(notice.subject),
                    body: Set(notice.body),
                    sent_at: Set(to_micros(at)),
                    read_at: Set(Some(to_micros(at + Duration::hours(2)))),
                    asks_action: Set(false),
                },
            )
            .collect()
    }
}
