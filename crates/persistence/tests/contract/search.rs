//! Cases for the table's search: every filter, every sort in both directions, paging with
//! exact totals, always over the owner's applications only.

use portal_domain::account::AccountId;
use portal_domain::application::{
    Application, ApplicationId, ApplicationKind, ApplicationQuery, ApplicationRepository,
    ApplicationStatus, ApplicationSummary, ApplicationType, SortColumn, SortDirection,
};
use portal_domain::effects::SideEffects;

use crate::fixtures::{cbsa_claim, new_claim, owner, stored, visitor};
use crate::support::{Ctx, at};

/// Six applications of one owner (two submitted, one unread) and one of a stranger.
struct World {
    rep: AccountId,
    apps: Vec<Application>,
}

async fn world(ctx: &Ctx) -> World {
    let repo = ctx.db.applications();
    let rep = owner(ctx, "rep@example.com").await;
    let stranger = owner(ctx, "stranger@example.com").await;
    let specs: [(ApplicationKind, (&str, &str), i64); 6] = [
        (new_claim(), ("Hélène", "Tremblay"), 0),
        (visitor(), ("José", "Núñez"), 10),
        (ApplicationKind::StudyPermit, ("Zoë", "Ångström"), 20),
        (cbsa_claim(), ("Nguyễn", "Thị Đào"), 30),
        (visitor(), ("helene", "Roy"), 40),
        (ApplicationKind::StudyPermit, ("Liam", "Chen"), 50),
    ];
    let mut apps = Vec::new();
    for (kind, name, minutes) in specs {
        apps.push(stored(ctx, rep, kind, name, at(minutes)).await);
    }
    stored(ctx, stranger, visitor(), ("Hélène", "Stranger"), at(5)).await;
    // Submitted: Zoë (S100000001) then Nguyễn (L100000001).
    for i in [2, 3] {
        let numbers = repo
            .submit(
                std::slice::from_ref(&apps[i]),
                at(100 + i as i64),
                &SideEffects::default(),
            )
            .await
            .unwrap();
        apps[i] = repo.find(rep, apps[i].id).await.unwrap().unwrap();
        assert_eq!(apps[i].number(), numbers.first());
    }
    let mut saved = apps[0].clone();
    saved.last_saved_at = at(200);
    repo.save(&saved, &SideEffects::default()).await.unwrap();
    apps[0] = repo.find(rep, saved.id).await.unwrap().unwrap();
    ctx.execute("UPDATE applications SET has_unread = TRUE WHERE applicant_name = 'José Núñez'")
        .await;
    World { rep, apps }
}

fn all() -> ApplicationQuery {
    ApplicationQuery {
        status: None,
        per_page: 100,
        ..ApplicationQuery::default()
    }
}

async fn run(ctx: &Ctx, rep: AccountId, query: ApplicationQuery) -> (u64, Vec<String>) {
    let (total, items) = ctx.db.applications().search(rep, &query).await.unwrap();
    (total, items.into_iter().map(|i| i.applicant_name).collect())
}

async fn names(ctx: &Ctx, rep: AccountId, query: ApplicationQuery) -> Vec<String> {
    let (total, names) = run(ctx, rep, query).await;
    assert_eq!(total, names.len() as u64, "the total counts every match");
    names
}

pub async fn the_default_view_lists_drafts_newest_first_with_their_details(ctx: Ctx) {
    let w = world(&ctx).await;
    let (total, items) = ctx
        .db
        .applications()
        .search(w.rep, &ApplicationQuery::default())
        .await
        .unwrap();

    assert_eq!(total, 4);
    let order: Vec<_> = items.iter().map(|i| i.applicant_name.as_str()).collect();
    assert_eq!(
        order,
        ["Liam Chen", "helene Roy", "José Núñez", "Hélène Tremblay"]
    );
    let jose = &items[2];
    let expected = &w.apps[1];
    assert_eq!(
        jose,
        &ApplicationSummary {
            id: expected.id,
            group_id: expected.group_id,
            application_type: ApplicationType::VisitorVisa,
            applicant_name: "José Núñez".into(),
            number: None,
            created_at: at(10),
            last_saved_at: at(10),
            expires_on: expected.expires_on().unwrap(),
            submitted_at: None,
            status: ApplicationStatus::InProgress,
            has_unread: true,
            action_required: false,
        }
    );
}

pub async fn names_match_in_part_whatever_their_case_and_accents(ctx: Ctx) {
    let w = world(&ctx).await;
    let by_name = |name: &str| ApplicationQuery {
        applicant_name: Some(name.into()),
        sort: SortColumn::DateCreated,
        direction: SortDirection::Ascending,
        ..all()
    };
    let both = ["Hélène Tremblay", "helene Roy"];
    for term in ["helene", "HÉLÈNE", "Hélène", "hel", "ÉLÈ"] {
        assert_eq!(names(&ctx, w.rep, by_name(term)).await, both, "{term}");
    }
    assert_eq!(names(&ctx, w.rep, by_name("nunez")).await, ["José Núñez"]);
    assert_eq!(
        names(&ctx, w.rep, by_name("zoe angstrom")).await,
        ["Zoë Ångström"]
    );
    assert_eq!(
        names(&ctx, w.rep, by_name("NGUYEN THI dao")).await,
        ["Nguyễn Thị Đào"]
    );
    assert!(names(&ctx, w.rep, by_name("stranger")).await.is_empty());
    assert!(names(&ctx, w.rep, by_name("%")).await.is_empty());
    assert!(names(&ctx, w.rep, by_name("_")).await.is_empty());
}

pub async fn numbers_match_by_their_start(ctx: Ctx) {
    let w = world(&ctx).await;
    let by_number = |prefix: &str| ApplicationQuery {
        number_prefix: Some(prefix.into()),
        ..all()
    };
    assert_eq!(names(&ctx, w.rep, by_number("S")).await, ["Zoë Ångström"]);
    assert_eq!(
        names(&ctx, w.rep, by_number("L1000")).await,
        ["Nguyễn Thị Đào"]
    );
    assert_eq!(
        names(&ctx, w.rep, by_number("L100000001")).await,
        ["Nguyễn Thị Đào"]
    );
    assert!(names(&ctx, w.rep, by_number("L100000002")).await.is_empty());
    assert!(names(&ctx, w.rep, by_number("V")).await.is_empty());
}

pub async fn type_status_and_unread_filters_combine(ctx: Ctx) {
    let w = world(&ctx).await;
    let q =
        |t: Option<ApplicationType>, s: Option<ApplicationStatus>, unread: bool| ApplicationQuery {
            application_type: t,
            status: s,
            unread_only: unread,
            sort: SortColumn::DateCreated,
            direction: SortDirection::Ascending,
            ..all()
        };
    use ApplicationStatus::{InProgress, Submitted};
    use ApplicationType::{RefugeeClaim, StudyPermit, VisitorVisa};
    assert_eq!(
        names(&ctx, w.rep, q(Some(StudyPermit), None, false)).await,
        ["Zoë Ångström", "Liam Chen"]
    );
    assert_eq!(
        names(&ctx, w.rep, q(Some(StudyPermit), Some(InProgress), false)).await,
        ["Liam Chen"]
    );
    assert_eq!(
        names(&ctx, w.rep, q(None, Some(Submitted), false)).await,
        ["Zoë Ångström", "Nguyễn Thị Đào"]
    );
    assert_eq!(
        names(&ctx, w.rep, q(Some(RefugeeClaim), Some(Submitted), false)).await,
        ["Nguyễn Thị Đào"]
    );
    assert_eq!(
        names(&ctx, w.rep, q(None, None, true)).await,
        ["José Núñez"]
    );
    assert!(
        names(&ctx, w.rep, q(Some(VisitorVisa), Some(Submitted), false))
            .await
            .is_empty()
    );
    let combined = ApplicationQuery {
        applicant_name: Some("hel".into()),
        ..q(Some(VisitorVisa), Some(InProgress), false)
    };
    assert_eq!(names(&ctx, w.rep, combined).await, ["helene Roy"]);
}

/// The expected order of the table for a column, computed here independently.
fn expected(
    apps: &[Application],
    column: SortColumn,
    direction: SortDirection,
) -> Vec<ApplicationId> {
    let fold = |s: &str| {
        s.to_lowercase()
            .replace(['é', 'è'], "e")
            .replace('ú', "u")
            .replace('ñ', "n")
            .replace('ë', "e")
            .replace('å', "a")
            .replace('ö', "o")
            .replace('ễ', "e")
            .replace('ị', "i")
            .replace('đ', "d")
            .replace('à', "a")
    };
    let mut sorted: Vec<&Application> = apps.iter().collect();
    sorted.sort_by(|a, b| {
        let key = match column {
            SortColumn::Id => a.group_id.cmp(&b.group_id),
            SortColumn::ApplicationType => a
                .kind
                .application_type()
                .code()
                .cmp(b.kind.application_type().code()),
            SortColumn::ApplicantName => fold(&a.applicant_name).cmp(&fold(&b.applicant_name)),
            SortColumn::ApplicationNumber => a.number().cmp(&b.number()),
            SortColumn::DateCreated => a.created_at.cmp(&b.created_at),
            SortColumn::DateLastSaved => a.last_saved_at.cmp(&b.last_saved_at),
            SortColumn::DaysLeft => (a.status(), a.expires_on()).cmp(&(b.status(), b.expires_on())),
            SortColumn::DateSubmitted => a.submitted_at().cmp(&b.submitted_at()),
            SortColumn::Status => a.status().cmp(&b.status()),
        };
        key.then(a.id.cmp(&b.id))
    });
    if direction == SortDirection::Descending {
        sorted.reverse();
    }
    sorted.into_iter().map(|a| a.id).collect()
}

pub async fn every_column_sorts_both_ways_with_ties_broken_the_same_way(ctx: Ctx) {
    let w = world(&ctx).await;
    let repo = ctx.db.applications();
    for column in SortColumn::ALL {
        for direction in [SortDirection::Ascending, SortDirection::Descending] {
            let query = ApplicationQuery {
                sort: column,
                direction,
                ..all()
            };
            let (_, items) = repo.search(w.rep, &query).await.unwrap();
            let ids: Vec<_> = items.iter().map(|i| i.id).collect();
            assert_eq!(
                ids,
                expected(&w.apps, column, direction),
                "{column:?} {direction:?}"
            );
        }
    }
}

pub async fn pages_split_the_rows_and_the_total_is_exact(ctx: Ctx) {
    let w = world(&ctx).await;
    let page = |page: u32| ApplicationQuery {
        page,
        per_page: 5,
        sort: SortColumn::DateCreated,
        direction: SortDirection::Ascending,
        ..all()
    };
    let (total, first) = run(&ctx, w.rep, page(1)).await;
    assert_eq!((total, first.len()), (6, 5));
    assert_eq!(
        run(&ctx, w.rep, page(2)).await,
        (6, vec!["Liam Chen".to_owned()])
    );
    assert_eq!(run(&ctx, w.rep, page(3)).await, (6, vec![]));
    let stranger = owner(&ctx, "nobody@example.com").await;
    assert_eq!(run(&ctx, stranger, page(1)).await, (0, vec![]));
}

/// The totals without a name or number come from the kept per-status, per-type counts; they
/// stay exact through submissions and deletions.
pub async fn totals_stay_exact_through_submissions_and_deletions(ctx: Ctx) {
    let w = world(&ctx).await;
    let repo = ctx.db.applications();
    let total = |status: Option<ApplicationStatus>, application_type: Option<ApplicationType>| {
        let query = ApplicationQuery {
            status,
            application_type,
            per_page: 5,
            ..ApplicationQuery::default()
        };
        let repo = ctx.db.applications();
        async move { repo.search(w.rep, &query).await.unwrap().0 }
    };
    use ApplicationStatus::{InProgress, Submitted};
    assert_eq!(total(None, None).await, 6);
    assert_eq!(total(Some(InProgress), None).await, 4);
    assert_eq!(total(Some(Submitted), None).await, 2);
    assert_eq!(total(None, Some(ApplicationType::StudyPermit)).await, 2);
    assert_eq!(
        total(Some(Submitted), Some(ApplicationType::StudyPermit)).await,
        1
    );

    assert_eq!(
        repo.delete_drafts(w.rep, &[w.apps[0].id], &SideEffects::default())
            .await
            .unwrap(),
        1
    );
    repo.submit(
        std::slice::from_ref(&w.apps[1]),
        at(300),
        &SideEffects::default(),
    )
    .await
    .unwrap();
    assert_eq!(total(None, None).await, 5);
    assert_eq!(total(Some(InProgress), None).await, 2);
    assert_eq!(
        total(Some(Submitted), Some(ApplicationType::VisitorVisa)).await,
        1
    );
    assert_eq!(total(None, Some(ApplicationType::RefugeeClaim)).await, 1);
    // A submission that is refused changes no total.
    assert!(
        repo.submit(
            std::slice::from_ref(&w.apps[1]),
            at(301),
            &SideEffects::default()
        )
        .await
        .is_err()
    );
    assert_eq!(total(Some(Submitted), None).await, 3);
}
