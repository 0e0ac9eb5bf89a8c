//! Contract tests of the storage adapters: every case runs against SQLite (a fresh file per
//! test) and, when `PORTAL_TEST_DATABASE_URL` names a PostgreSQL server, against a fresh
//! PostgreSQL database per test.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod accounts;
mod applications;
mod audit;
mod casework;
mod database;
mod document_store;
mod email_changes;
mod enquiries;
mod fixtures;
mod inbox;
mod name_search;
mod outbox;
mod reset_codes;
mod search;
mod seeding;
mod sessions;
mod submissions;
mod support;
mod throttle;

/// Declares each case once and generates one test per database, named
/// `sqlite::<case>` and `postgres::<case>`. Cases under `migrated` get a migrated
/// database; those under `empty` get one with no tables.
macro_rules! contract_tests {
    (
        migrated: [$($module:ident :: $case:ident),+ $(,)?],
        empty: [$($e_module:ident :: $e_case:ident),+ $(,)?] $(,)?
    ) => {
        mod sqlite {
            use crate::support::{Schema, on_sqlite};
            $(
                #[tokio::test]
                async fn $case() {
                    on_sqlite(Schema::Migrated, crate::$module::$case).await;
                }
            )+
            $(
                #[tokio::test]
                async fn $e_case() {
                    on_sqlite(Schema::Empty, crate::$e_module::$e_case).await;
                }
            )+
        }
        mod postgres {
            use crate::support::{Schema, on_postgres};
            $(
                #[tokio::test]
                async fn $case() {
                    on_postgres(Schema::Migrated, crate::$module::$case).await;
                }
            )+
            $(
                #[tokio::test]
                async fn $e_case() {
                    on_postgres(Schema::Empty, crate::$e_module::$e_case).await;
                }
            )+
        }
    };
}

contract_tests!(
    migrated: [
    accounts::a_new_account_is_found_by_id_and_by_email,
    accounts::an_officer_without_representative_details_round_trips,
    accounts::an_email_that_is_taken_is_refused_and_nothing_is_written,
    accounts::an_update_saves_the_changes_and_advances_the_version,
    accounts::an_update_from_a_stale_version_is_a_conflict_and_writes_nothing,
    accounts::updating_an_account_that_does_not_exist_is_not_found,
    accounts::an_ircc_id_already_assigned_is_refused_and_nothing_is_written,
    accounts::changing_to_a_taken_email_is_refused,
    accounts::side_effects_are_written_with_the_update,
    accounts::an_update_ends_sessions_deletes_the_reset_code_and_clears_the_throttle,
    accounts::record_writes_side_effects_that_change_no_account,
    accounts::record_refuses_to_end_sessions_without_an_account,
    accounts::accounts_are_listed_by_status_oldest_first_up_to_the_limit,
    accounts::a_stored_row_that_does_not_convert_is_an_error_not_skipped,
    sessions::a_session_is_stored_found_touched_and_deleted,
    sessions::expired_sessions_are_deleted_by_idle_time_or_by_age,
    sessions::touching_or_deleting_a_missing_session_is_not_an_error,
    sessions::a_session_for_an_unknown_account_is_refused,
    sessions::each_session_is_found_with_its_own_account,
    sessions::a_session_whose_account_is_deleted_is_not_found,
    sessions::a_session_whose_account_row_does_not_convert_is_an_error,
    sessions::lookups_made_together_each_find_their_own_session_until_it_ends,
    reset_codes::replacing_a_reset_code_voids_the_old_one_and_queues_its_mail,
    reset_codes::tries_are_granted_one_by_one_up_to_the_limit_while_the_code_is_valid,
    reset_codes::thirty_concurrent_tries_from_two_processes_are_granted_exactly_five,
    reset_codes::a_deleted_reset_code_is_gone_and_deleting_again_is_fine,
    throttle::attempts_count_up_and_the_wait_begins_after_the_free_ones,
    throttle::a_window_that_is_over_starts_the_count_again,
    throttle::concurrent_attempts_from_two_processes_each_get_their_own_count,
    throttle::concurrent_attempts_never_outrun_the_wait,
    throttle::a_refund_takes_one_failure_back_and_never_goes_below_zero,
    throttle::clearing_an_address_spares_the_others_and_clearing_the_email_clears_all,
    throttle::a_typed_email_with_control_characters_is_counted_like_any_other,
    email_changes::a_pending_change_is_stored_with_its_request_and_replaces_the_earlier_one,
    email_changes::tries_are_counted_up_to_the_limit_and_never_after_expiry,
    email_changes::concurrent_tries_never_get_the_change_more_than_the_limit,
    email_changes::a_confirmation_deletes_the_change_and_a_taken_email_writes_nothing,
    outbox::due_mail_is_claimed_once_until_its_lease_expires,
    outbox::a_claim_takes_at_most_the_limit_oldest_first,
    outbox::concurrent_claims_never_take_the_same_mail,
    outbox::a_sent_mail_loses_its_body_and_is_not_claimed_again,
    outbox::a_failed_mail_is_retried_at_the_given_time,
    outbox::a_mail_given_up_on_is_never_claimed_again,
    applications::a_group_is_found_by_id_and_by_group_only_by_its_owner,
    applications::every_kind_of_application_round_trips,
    applications::group_ids_are_handed_out_once_in_order,
    applications::a_save_stores_the_answers_and_advances_the_version,
    applications::a_save_from_a_stale_version_is_a_conflict_and_writes_nothing,
    applications::saving_someone_elses_or_a_missing_application_is_not_found,
    audit::entries_carry_the_requests_address_and_are_written_only_with_their_change,
    audit::the_trail_is_searched_by_account_kind_and_time,
    casework::an_action_is_stored_whole_and_the_case_file_reads_it_back,
    casework::opening_and_answering_follow_the_owner_and_clear_the_flags,
    casework::the_department_searches_submitted_applications_only,
    enquiries::an_enquiry_round_trips_and_the_queue_filters_and_pages,
    enquiries::a_reply_is_written_until_the_enquiry_is_resolved,
    enquiries::an_account_change_stores_or_resolves_an_enquiry_in_its_transaction,
    inbox::the_inbox_lists_an_accounts_messages_newest_first_page_by_page,
    inbox::a_subject_search_ignores_case_and_accents_and_wildcards,
    inbox::opening_a_message_marks_it_read_once_and_only_for_its_owner,
    submissions::a_draft_is_warned_of_its_last_day_once_with_its_message_and_mail,
    submissions::closing_an_account_deletes_its_drafts_with_their_documents_in_the_same_change,
    submissions::submission_numbers_follow_one_sequence_per_letter,
    submissions::a_submitted_application_is_found_by_number_only_by_its_owner,
    submissions::a_group_is_submitted_whole_in_the_order_given,
    submissions::a_group_with_a_changed_member_is_a_conflict_and_nothing_is_submitted,
    submissions::submitting_an_application_again_is_a_conflict_and_writes_nothing,
    submissions::submitting_someone_elses_application_is_not_found,
    submissions::numbers_are_never_reused_after_drafts_are_deleted,
    submissions::deleting_drafts_spares_submitted_and_other_owners_and_removes_documents,
    submissions::expired_drafts_are_listed_oldest_first_up_to_the_limit,
    submissions::a_stored_application_that_does_not_convert_is_an_error_not_skipped,
    submissions::documents_are_listed_oldest_first_and_found_only_under_their_application,
    search::the_default_view_lists_drafts_newest_first_with_their_details,
    search::names_match_in_part_whatever_their_case_and_accents,
    search::numbers_match_by_their_start,
    search::type_status_and_unread_filters_combine,
    search::every_column_sorts_both_ways_with_ties_broken_the_same_way,
    search::pages_split_the_rows_and_the_total_is_exact,
    search::totals_stay_exact_through_submissions_and_deletions,
    name_search::the_name_search_matches_a_reference_through_every_change,
    seeding::a_small_seed_is_read_back_whole_by_the_repositories,
    seeding::seeded_names_are_found_without_their_accents,
    seeding::name_totals_are_exact_after_a_seed_and_kept_up_afterwards,
    seeding::submissions_after_a_seed_carry_on_from_its_numbers,
    seeding::the_same_seed_gives_the_same_data_on_any_database,
    seeding::seeding_again_with_a_new_seed_adds_to_the_data_and_bad_options_are_refused,
    database::migrating_again_changes_nothing,
    database::the_database_answers_a_ping,
    database::optimizing_the_statistics_works_on_every_backend,
    ],
    empty: [database::processes_starting_together_all_migrate_the_schema_once],
);
