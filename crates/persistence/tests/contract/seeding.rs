//! Cases for the bulk seeding: small runs whose data the repositories read back whole.

use portal_domain::account::{AccountRepository, AccountStatus, InboxStore};
use portal_domain::application::{
    Application, ApplicationQuery, ApplicationRepository, ApplicationStatus, SortColumn,
    SortDirection,
};
use portal_domain::effects::SideEffects;
use portal_persistence::seed::{SeedError, SeedOptions, SeedReport, seed};
use time::macros::datetime;

use crate::fixtures::new_claim;
use crate::support::Ctx;

fn options(seed: u64) -> SeedOptions {
    SeedOptions {
        representatives: 3,
        applications: 200,
        heavy_representative_applications: 120,
        seed,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g".into(),
        now: datetime!(2030-01-15 12:00 UTC),
        draft_lifetime_days: 60,
        wording: std::sync::Arc::new(portal_domain::wording::MessageIds),
    }
}

async fn seeded(ctx: &Ctx) -> SeedReport {
    let mut calls = Vec::new();
    let report = seed(&ctx.db, &options(7), |done, total| {
        calls.push((done, total))
    })
    .await
    .unwrap();
    assert_eq!(
        calls.last(),
        Some(&(200, 200)),
        "progress ends at the total"
    );
    report
}

/// A draft of the heavy representative started after the seed, in a group of its own.
async fn new_draft(ctx: &Ctx, report: &SeedReport, name: (&str, &str)) -> Application {
    let repo = ctx.db.applications();
    let group = repo.next_group_id().await.unwrap();
    let draft = crate::fixtures::draft(
        report.heavy_representative,
        group.get(),
        portal_domain::application::GroupRole::Principal,
        new_claim(),
        name,
        datetime!(2030-01-15 13:00 UTC),
    );
    repo.insert(std::slice::from_ref(&draft), &SideEffects::default())
        .await
        .unwrap();
    draft
}

fn everything(page: u32) -> ApplicationQuery {
    ApplicationQuery {
        status: None,
        per_page: 100,
        page,
        sort: SortColumn::ApplicationNumber,
        direction: SortDirection::Ascending,
        ..ApplicationQuery::default()
    }
}

pub async fn a_small_seed_is_read_back_whole_by_the_repositories(ctx: Ctx) {
    let report = seeded(&ctx).await;
    let repo = ctx.db.applications();

    assert_eq!((report.representatives, report.applications), (3, 200));
    let heavy = ctx
        .db
        .accounts()
        .find_by_id(report.heavy_representative)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(heavy.status, AccountStatus::Approved);
    assert_eq!(heavy.email.as_str(), report.heavy_representative_email);
    assert_eq!(ctx.rows("accounts").await, 3);
    assert_eq!(ctx.rows("applications").await, 200);
    // Every inbox holds the enrolment messages; the heavy one, 200 standing updates too.
    let inbox = ctx.db.inbox();
    let (messages, newest) = inbox
        .search(heavy.id, &portal_domain::account::InboxQuery::default())
        .await
        .unwrap();
    assert_eq!(messages, 202);
    assert_eq!(newest.len(), 5);
    assert_eq!(ctx.rows("account_messages").await, 202 + 2 * 2);
    // As in a running portal, the owners of drafts near their last day were already told.
    let due = repo
        .drafts_to_warn(time::macros::date!(2030 - 01 - 22), 10)
        .await
        .unwrap();
    assert!(due.is_empty(), "{} drafts still to warn", due.len());
    assert_eq!(
        ctx.count("applications", "status = 'submitted'").await,
        i64::try_from(report.submitted).unwrap()
    );

    let (total, first) = repo.search(heavy.id, &everything(1)).await.unwrap();
    let (_, second) = repo.search(heavy.id, &everything(2)).await.unwrap();
    assert_eq!(total, 120);
    assert_eq!(first.len() + second.len(), 120);
    for summary in first.iter().chain(&second) {
        let application = repo.find(heavy.id, summary.id).await.unwrap().unwrap();
        assert_eq!(application.applicant_name, summary.applicant_name);
        let group = repo
            .find_group(heavy.id, application.group_id)
            .await
            .unwrap();
        assert!(group.iter().any(|a| a.id == application.id));
        assert!(group.iter().all(|a| a.status() == application.status()));
        if let Some(number) = &summary.number {
            let found = repo
                .find_by_number(heavy.id, number)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(found.id, summary.id);
        }
    }
}

pub async fn seeded_names_are_found_without_their_accents(ctx: Ctx) {
    let report = seeded(&ctx).await;
    let repo = ctx.db.applications();
    let (_, all) = repo
        .search(report.heavy_representative, &everything(1))
        .await
        .unwrap();
    let accented = all
        .iter()
        .find(|s| !s.applicant_name.is_ascii())
        .expect("some seeded names have accents");
    let word = accented
        .applicant_name
        .split(' ')
        .find(|w| !w.is_ascii())
        .unwrap();
    let plain: String = word.to_uppercase();

    let (total, found) = repo
        .search(
            report.heavy_representative,
            &ApplicationQuery {
                applicant_name: Some(plain),
                ..everything(1)
            },
        )
        .await
        .unwrap();

    assert!(total >= 1);
    assert!(found.iter().any(|s| s.id == accented.id));
}

/// The heavy representative's totals of two-letter names (on PostgreSQL kept in their own
/// table, filled in bulk by the seed) against a count of the stored folded names, after the
/// seed and after one more application.
pub async fn name_totals_are_exact_after_a_seed_and_kept_up_afterwards(ctx: Ctx) {
    let report = seeded(&ctx).await;
    let repo = ctx.db.applications();
    let owner = format!(
        "representative_id = (SELECT id FROM accounts WHERE email = '{}')",
        report.heavy_representative_email
    );
    let check = async |terms: &[(&str, &str)]| {
        let mut found = 0;
        for &(term, folded) in terms {
            for status in [None, Some(ApplicationStatus::Submitted)] {
                let query = ApplicationQuery {
                    applicant_name: Some(term.to_owned()),
                    status,
                    ..everything(1)
                };
                let (total, _) = repo
                    .search(report.heavy_representative, &query)
                    .await
                    .unwrap();
                let mut filter = format!("{owner} AND applicant_name_folded LIKE '%{folded}%'");
                if status.is_some() {
                    filter.push_str(" AND status = 'submitted'");
                }
                let expected = ctx.count("applications", &filter).await;
                assert_eq!(i64::try_from(total).unwrap(), expected, "{term} {status:?}");
                found += expected;
            }
        }
        assert!(found > 0, "the terms match some seeded names");
    };
    let terms = [
        ("an", "an"),
        ("EL", "el"),
        ("Ré", "re"),
        ("ou", "ou"),
        ("ma", "ma"),
        // Three letters and more: PostgreSQL's name suffixes, written by the seeding.
        ("mar", "mar"),
        ("ÉLLE", "elle"),
        ("pelletier", "pelletier"),
    ];
    check(&terms).await;
    // The seeding wrote PostgreSQL's name suffixes itself, as the trigger would have.
    crate::name_search::suffixes_follow_the_names(&ctx).await;

    new_draft(&ctx, &report, ("Anaëlle", "Maréchal")).await;
    check(&[
        ("ae", "ae"),
        ("an", "an"),
        ("ré", "re"),
        ("zq", "zq"),
        ("anaë", "anae"),
        ("marechal", "marechal"),
    ])
    .await;
    crate::name_search::suffixes_follow_the_names(&ctx).await;
}

pub async fn submissions_after_a_seed_carry_on_from_its_numbers(ctx: Ctx) {
    let report = seeded(&ctx).await;
    let repo = ctx.db.applications();
    let highest_claim = ctx
        .text(
            "SELECT MAX(number) AS n FROM applications WHERE number LIKE 'L%'",
            "n",
        )
        .await;
    let draft = new_draft(&ctx, &report, ("Amara", "Okafor")).await;
    let group = draft.group_id;

    let numbers = repo
        .submit(
            &[draft],
            datetime!(2030-01-15 14:00 UTC),
            &SideEffects::default(),
        )
        .await
        .unwrap();

    let sequence = |n: &str| n[1..].parse::<u64>().unwrap();
    assert_eq!(sequence(numbers[0].as_str()), sequence(&highest_claim) + 1);
    let seeded_groups = format!("group_id >= {}", group.get());
    assert_eq!(
        ctx.count("applications", &seeded_groups).await,
        1,
        "only the new one"
    );
}

pub async fn the_same_seed_gives_the_same_data_on_any_database(ctx: Ctx) {
    let here = seeded(&ctx).await;
    let elsewhere = portal_persistence::Database::connect("sqlite::memory:")
        .await
        .unwrap();
    elsewhere.migrate().await.unwrap();
    let there = seed(&elsewhere, &options(7), |_, _| {}).await.unwrap();

    assert_eq!(here, there);
    for page in [1, 2] {
        let (_, a) = ctx
            .db
            .applications()
            .search(here.heavy_representative, &everything(page))
            .await
            .unwrap();
        let (_, b) = elsewhere
            .applications()
            .search(there.heavy_representative, &everything(page))
            .await
            .unwrap();
        assert_eq!(a, b);
    }
}

pub async fn seeding_again_with_a_new_seed_adds_to_the_data_and_bad_options_are_refused(ctx: Ctx) {
    let first = seeded(&ctx).await;
    let again = seed(&ctx.db, &options(7), |_, _| {}).await;
    assert!(
        matches!(again, Err(SeedError::Storage(_))),
        "emails are unique per seed"
    );

    let other = seed(&ctx.db, &options(8), |_, _| {}).await.unwrap();
    assert_ne!(other.heavy_representative, first.heavy_representative);
    assert_eq!(ctx.rows("applications").await, 400);
    let duplicates =
        "number IN (SELECT number FROM applications GROUP BY number HAVING COUNT(*) > 1)";
    assert_eq!(ctx.count("applications", duplicates).await, 0);

    let too_heavy = SeedOptions {
        heavy_representative_applications: 201,
        ..options(9)
    };
    assert!(matches!(
        seed(&ctx.db, &too_heavy, |_, _| {}).await,
        Err(SeedError::Invalid(_))
    ));
    let nobody = SeedOptions {
        representatives: 0,
        ..options(9)
    };
    assert!(matches!(
        seed(&ctx.db, &nobody, |_, _| {}).await,
        Err(SeedError::Invalid(_))
    ));
}
