//! End-to-end: a representative's account from enrolment to closure, through the JSON API
//! of the real `portal` binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use portal_e2e::{Portal, enrolment};
use serde_json::json;

/// Enrols and has an officer approve; returns the account id.
async fn approved_representative(portal: &Portal, officer: &str, email: &str) -> String {
    portal.enrol_and_approve(officer, email).await
}

async fn sign_in(portal: &Portal, email: &str, password: &str) -> portal_e2e::Reply {
    portal
        .call(
            "POST",
            "/api/v1/sessions",
            None,
            Some(json!({"email": email, "password": password})),
        )
        .await
}

#[tokio::test]
async fn a_representative_enrols_is_approved_and_manages_the_account_end_to_end() {
    let portal = Portal::start();
    let officer = portal.officer_token("officer@ircc.example.ca").await;
    let email = "helene.tremblay@cicc.example.com";

    // Enrol: pending, with the "Enrolment request submitted" mail.
    let enrolled = portal
        .call("POST", "/api/v1/enrolments", None, Some(enrolment(email)))
        .await;
    assert_eq!(enrolled.status, 202);
    let mails = portal.mails_to(email, 1);
    assert!(
        mails[0].subject.contains("Enrolment request submitted"),
        "{:?}",
        mails[0]
    );

    // Pending accounts can sign in but cannot start applications.
    let pending = sign_in(&portal, email, "Maple#Tundra42x").await;
    assert_eq!(pending.status, 201, "{:?}", pending.body);
    assert_eq!(pending.body["account"]["status"], "pending");
    assert_eq!(pending.body["account"]["can_start_applications"], false);
    assert_eq!(pending.body["signed_in_as"], "Hélène Tremblay");

    // The officer approves: an IRCC ID is assigned and the representative is told.
    let queue = portal
        .call("GET", "/api/v1/officer/accounts", Some(&officer), None)
        .await;
    let id = queue
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["email"] == email)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let approved = portal
        .call(
            "POST",
            &format!("/api/v1/officer/accounts/{id}/approve"),
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(approved.status, 200);
    let ircc_id = approved.body["ircc_id"].as_str().unwrap().to_owned();
    assert!(
        ircc_id.starts_with('P')
            && ircc_id.len() == 13
            && ircc_id[1..].bytes().all(|b| b.is_ascii_digit()),
        "{ircc_id}"
    );
    let mails = portal.mails_to(email, 2);
    assert!(mails[1].subject.contains("Enrolment request approved"));
    assert!(mails[1].body.contains(&ircc_id));
    let again = portal
        .call(
            "POST",
            &format!("/api/v1/officer/accounts/{id}/approve"),
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(again.status, 409);

    // Sign in and read the profile.
    let session = sign_in(&portal, email, "Maple#Tundra42x").await;
    assert_eq!(session.status, 201);
    let token = session.body["token"].as_str().unwrap().to_owned();
    let profile = portal
        .call("GET", "/api/v1/account", Some(&token), None)
        .await;
    assert_eq!(profile.status, 200);
    assert_eq!(profile.body["ircc_id"], ircc_id.as_str());
    assert_eq!(profile.body["surname"], "Tremblay");
    assert_eq!(profile.body["can_start_applications"], true);
    assert!(
        profile.body["note"]
            .as_str()
            .unwrap()
            .contains("will not be synchronized back to GCMS")
    );

    // Every bad field of the contact form is reported at once, and nothing is saved.
    let bad = json!({
        "email": "not-an-email", "telephone_type": "pager", "telephone_country": "canada-us",
        "telephone_number": "514-333-4545", "fax_number": "5143334545", "language": "de", "email_updates": "maybe"
    });
    let refused = portal
        .call("PUT", "/api/v1/account/contact", Some(&token), Some(bad))
        .await;
    assert_eq!(refused.status, 422);
    assert_eq!(refused.body["code"], "validation_failed");
    assert_eq!(
        refused.field_codes(),
        [
            "email:invalid",
            "telephone_type:invalid",
            "telephone_number:invalid",
            "fax_number:invalid",
            "language:invalid",
            "email_updates:invalid"
        ]
    );
    assert!(
        refused.body["message"]
            .as_str()
            .unwrap()
            .contains("6 errors")
    );
    let short = json!({
        "email": email, "telephone_type": "other", "telephone_country": "canada-us",
        "telephone_number": "514333454", "language": "en", "email_updates": "no"
    });
    let refused = portal
        .call("PUT", "/api/v1/account/contact", Some(&token), Some(short))
        .await;
    assert_eq!(refused.field_codes(), ["telephone_number:invalid"]);
    assert!(
        refused.body["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("10 digits")
    );
    let unchanged = portal
        .call("GET", "/api/v1/account", Some(&token), None)
        .await;
    assert_eq!(unchanged.body["telephone_type"], "cellular");

    // A valid update is saved (the same email, typed differently, is no change).
    let update = json!({
        "email": "Helene.Tremblay@Cicc.example.com", "telephone_type": "other", "telephone_country": "other",
        "telephone_number": "441632960961", "fax_number": "", "language": "fr", "email_updates": "no"
    });
    let updated = portal
        .call("PUT", "/api/v1/account/contact", Some(&token), Some(update))
        .await;
    assert_eq!(updated.status, 200, "{:?}", updated.body);
    assert_eq!(updated.body["email"], email);
    assert_eq!(updated.body["telephone_number"], "441632960961");
    assert_eq!(updated.body["fax_number"], serde_json::Value::Null);
    assert_eq!(updated.body["language"], "fr");

    // Change password: each policy rule is reported, with the wrong current password.
    let weak =
        json!({"current_password": "wrong", "new_password": "abc", "confirm_password": "abd"});
    let refused = portal
        .call("PUT", "/api/v1/account/password", Some(&token), Some(weak))
        .await;
    assert_eq!(refused.status, 422);
    let codes = refused.field_codes();
    for expected in [
        "current_password:wrong_password",
        "new_password:password_too_short",
        "new_password:password_no_uppercase",
        "new_password:password_no_digit",
        "new_password:password_no_special",
        "new_password:password_guessable",
        "confirm_password:password_confirmation_mismatch",
    ] {
        assert!(
            codes.contains(&expected.to_owned()),
            "{expected} missing from {codes:?}"
        );
    }
    let too_long = json!({"current_password": "Maple#Tundra42x", "new_password": "Maple#Tundra42xQz", "confirm_password": "Maple#Tundra42xQz"});
    let refused = portal
        .call(
            "PUT",
            "/api/v1/account/password",
            Some(&token),
            Some(too_long),
        )
        .await;
    assert_eq!(refused.field_codes(), ["new_password:password_too_long"]);
    let guessable = json!({"current_password": "Maple#Tundra42x", "new_password": "Password1!", "confirm_password": "Password1!"});
    let refused = portal
        .call(
            "PUT",
            "/api/v1/account/password",
            Some(&token),
            Some(guessable),
        )
        .await;
    assert_eq!(refused.field_codes(), ["new_password:password_guessable"]);
    let same = json!({"current_password": "Maple#Tundra42x", "new_password": "Maple#Tundra42x", "confirm_password": "Maple#Tundra42x"});
    let refused = portal
        .call("PUT", "/api/v1/account/password", Some(&token), Some(same))
        .await;
    assert_eq!(refused.field_codes(), ["new_password:password_same_as_old"]);

    let good = json!({"current_password": "Maple#Tundra42x", "new_password": "Cedar&Fjord93k", "confirm_password": "Cedar&Fjord93k"});
    let changed = portal
        .call("PUT", "/api/v1/account/password", Some(&token), Some(good))
        .await;
    assert_eq!(changed.status, 200, "{:?}", changed.body);
    let old_token = token;
    let token = changed.body["token"].as_str().unwrap().to_owned();
    assert_ne!(token, old_token);
    assert_eq!(
        portal
            .call("GET", "/api/v1/account", Some(&old_token), None)
            .await
            .status,
        401
    );
    assert_eq!(
        portal
            .call("GET", "/api/v1/account", Some(&token), None)
            .await
            .status,
        200
    );
    let notice = portal.mails_to(email, 3);
    assert!(
        notice[2].body.contains("mot de passe"),
        "French notice expected: {:?}",
        notice[2]
    );

    // Sign out: the token is dead.
    assert_eq!(
        portal
            .call("DELETE", "/api/v1/sessions/current", Some(&token), None)
            .await
            .status,
        204
    );
    assert_eq!(
        portal
            .call("GET", "/api/v1/account", Some(&token), None)
            .await
            .status,
        401
    );

    // Forgot password: the code from the outbox sets a new password.
    let asked = portal
        .call(
            "POST",
            "/api/v1/password-resets",
            None,
            Some(json!({"email": email})),
        )
        .await;
    assert_eq!(asked.status, 202);
    let mails = portal.mails_to(email, 4);
    let code = mails[3].code();
    let wrong_code = if code == "00000000" {
        "11111111"
    } else {
        "00000000"
    };
    let refused = portal
        .call("POST", "/api/v1/password-resets/confirm", None, Some(json!({"email": email, "code": wrong_code, "new_password": "Birch!Harbor58w", "confirm_password": "Birch!Harbor58w"})))
        .await;
    assert_eq!(refused.field_codes(), ["code:invalid_code"]);
    let reset = portal
        .call("POST", "/api/v1/password-resets/confirm", None, Some(json!({"email": email, "code": code, "new_password": "Birch!Harbor58w", "confirm_password": "Birch!Harbor58w"})))
        .await;
    assert_eq!(reset.status, 204, "{:?}", reset.body);
    let reused = portal
        .call("POST", "/api/v1/password-resets/confirm", None, Some(json!({"email": email, "code": code, "new_password": "Aspen%Coast71r", "confirm_password": "Aspen%Coast71r"})))
        .await;
    assert_eq!(
        reused.field_codes(),
        ["code:invalid_code"],
        "a code works once"
    );
    assert_eq!(
        sign_in(&portal, email, "Cedar&Fjord93k").await.status,
        401,
        "the old password is refused"
    );
    let session = sign_in(&portal, email, "Birch!Harbor58w").await;
    assert_eq!(session.status, 201);
    let token = session.body["token"].as_str().unwrap().to_owned();

    // Closure: requested by the representative, closed by the officer; sign-in refused.
    let asked = portal
        .call(
            "POST",
            "/api/v1/account/closure-request",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(asked.status, 202);
    assert_eq!(
        portal
            .call(
                "POST",
                "/api/v1/account/closure-request",
                Some(&token),
                None
            )
            .await
            .status,
        409
    );
    let queue = portal
        .call(
            "GET",
            "/api/v1/officer/accounts?status=closure_requested",
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(queue.body.as_array().unwrap().len(), 1);
    let closed = portal
        .call(
            "POST",
            &format!("/api/v1/officer/accounts/{id}/close"),
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(closed.status, 200);
    assert_eq!(closed.body["status"], "closed");
    assert_eq!(
        portal
            .call("GET", "/api/v1/account", Some(&token), None)
            .await
            .status,
        401
    );
    assert_eq!(sign_in(&portal, email, "Birch!Harbor58w").await.status, 401);
}

#[tokio::test]
async fn enrolment_reports_every_invalid_field_and_saves_nothing() {
    let portal = Portal::start();
    let body = json!({
        "email": "nobody", "password": "short", "given_name": "", "surname": "R2D2",
        "governing_body": "guild", "membership_id": "", "telephone_type": "",
        "telephone_country": "other", "telephone_number": "12", "fax_number": "(514) 333-45",
        "language": "", "email_updates": "yes"
    });
    let refused = portal
        .call("POST", "/api/v1/enrolments", None, Some(body))
        .await;
    assert_eq!(refused.status, 422);
    let codes = refused.field_codes();
    for expected in [
        "email:invalid",
        "given_name:required",
        "surname:invalid",
        "governing_body:invalid",
        "membership_id:required",
        "telephone_type:required",
        "telephone_number:invalid",
        "fax_number:invalid",
        "language:required",
        "password:password_too_short",
    ] {
        assert!(
            codes.contains(&expected.to_owned()),
            "{expected} missing from {codes:?}"
        );
    }
    let malformed = portal
        .http
        .post(portal.at("/api/v1/enrolments"))
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), 400);
    let body: serde_json::Value = malformed.json().await.unwrap();
    assert_eq!(body["code"], "malformed_json");
    assert!(portal_e2e::read_mails(&portal.outbox()).is_empty());
}

#[tokio::test]
async fn enrolling_twice_answers_the_same_and_warns_the_owner_by_email() {
    let portal = Portal::start();
    let email = "twice@cicc.example.com";
    let first = portal
        .call("POST", "/api/v1/enrolments", None, Some(enrolment(email)))
        .await;
    let second = portal
        .call("POST", "/api/v1/enrolments", None, Some(enrolment(email)))
        .await;
    assert_eq!((first.status, &first.body), (second.status, &second.body));
    let mails = portal.mails_to(email, 2);
    assert!(
        mails
            .iter()
            .any(|m| m.subject.contains("Enrolment attempted")),
        "{mails:?}"
    );
}

#[tokio::test]
async fn sign_in_failures_are_throttled_per_email_alike_for_unknown_emails() {
    let portal = Portal::start();
    let officer = portal.officer_token("officer@ircc.example.ca").await;
    let email = "throttle@cicc.example.com";
    approved_representative(&portal, &officer, email).await;

    for target in [email, "nobody@cicc.example.com"] {
        let mut answers = Vec::new();
        for _ in 0..4 {
            let reply = sign_in(&portal, target, "Wrong#Pass123").await;
            answers.push((reply.status, reply.body.clone()));
        }
        assert!(
            answers
                .iter()
                .all(|(s, b)| *s == 401 && b["code"] == "invalid_credentials"),
            "{answers:?}"
        );
        // The fourth failure imposes a wait: even the right password is refused until it ends.
        let blocked = sign_in(&portal, target, "Maple#Tundra42x").await;
        assert_eq!(blocked.status, 429, "{target}");
        assert_eq!(blocked.body["code"], "too_many_attempts");
        assert_eq!(blocked.headers["retry-after"], "1");
    }
    // Another email is not affected.
    let other = "other@cicc.example.com";
    approved_representative(&portal, &officer, other).await;
    assert_eq!(sign_in(&portal, other, "Maple#Tundra42x").await.status, 201);
}

#[tokio::test]
async fn wrong_email_and_wrong_password_get_the_same_answer_and_so_do_reset_requests() {
    let portal = Portal::start();
    let officer = portal.officer_token("officer@ircc.example.ca").await;
    let email = "known@cicc.example.com";
    approved_representative(&portal, &officer, email).await;

    let wrong_password = sign_in(&portal, email, "Wrong#Pass123").await;
    let wrong_email = sign_in(&portal, "unknown@cicc.example.com", "Maple#Tundra42x").await;
    assert_eq!(
        (wrong_password.status, &wrong_password.body),
        (wrong_email.status, &wrong_email.body)
    );

    let known = portal
        .call(
            "POST",
            "/api/v1/password-resets",
            None,
            Some(json!({"email": email})),
        )
        .await;
    let unknown = portal
        .call(
            "POST",
            "/api/v1/password-resets",
            None,
            Some(json!({"email": "unknown@cicc.example.com"})),
        )
        .await;
    assert_eq!((known.status, &known.body), (unknown.status, &unknown.body));
    assert_eq!(known.status, 202);
    let invalid = portal
        .call(
            "POST",
            "/api/v1/password-resets",
            None,
            Some(json!({"email": "no-at-sign"})),
        )
        .await;
    assert_eq!(invalid.status, 422);
}

#[tokio::test]
async fn a_new_reset_code_voids_the_old_one_and_five_wrong_codes_void_it() {
    let portal = Portal::start();
    let officer = portal.officer_token("officer@ircc.example.ca").await;
    let email = "codes@cicc.example.com";
    approved_representative(&portal, &officer, email).await;
    let reset = |code: String| json!({"email": email, "code": code, "new_password": "Birch!Harbor58w", "confirm_password": "Birch!Harbor58w"});

    portal
        .call(
            "POST",
            "/api/v1/password-resets",
            None,
            Some(json!({"email": email})),
        )
        .await;
    let first = portal.mails_to(email, 3)[2].code();
    portal
        .call(
            "POST",
            "/api/v1/password-resets",
            None,
            Some(json!({"email": email})),
        )
        .await;
    let second = portal.mails_to(email, 4)[3].code();
    if first != second {
        let old = portal
            .call(
                "POST",
                "/api/v1/password-resets/confirm",
                None,
                Some(reset(first)),
            )
            .await;
        assert_eq!(
            old.field_codes(),
            ["code:invalid_code"],
            "the older code is void"
        );
    }
    let wrong = if second == "00000000" {
        "11111111"
    } else {
        "00000000"
    };
    for _ in 0..5 {
        let reply = portal
            .call(
                "POST",
                "/api/v1/password-resets/confirm",
                None,
                Some(reset(wrong.to_owned())),
            )
            .await;
        assert_eq!(reply.field_codes(), ["code:invalid_code"]);
    }
    let after = portal
        .call(
            "POST",
            "/api/v1/password-resets/confirm",
            None,
            Some(reset(second)),
        )
        .await;
    assert_eq!(
        after.field_codes(),
        ["code:invalid_code"],
        "five wrong tries void the code"
    );
}

#[tokio::test]
async fn an_officer_must_replace_the_one_time_password_and_representatives_cannot_act_as_officers()
{
    let portal = Portal::start();
    let out = portal.cli(&[
        "officer",
        "create",
        "--email",
        "new.officer@ircc.example.ca",
    ]);
    let one_time = out
        .lines()
        .find_map(|l| l.strip_prefix("One-time password: "))
        .unwrap()
        .trim()
        .to_owned();
    let session = sign_in(&portal, "new.officer@ircc.example.ca", &one_time).await;
    assert_eq!(session.status, 201);
    assert_eq!(session.body["account"]["must_change_password"], true);
    let token = session.body["token"].as_str().unwrap();
    let queue = portal
        .call("GET", "/api/v1/officer/accounts", Some(token), None)
        .await;
    assert_eq!(queue.status, 403);
    assert_eq!(queue.body["code"], "password_change_required");

    let officer = portal.officer_token("officer@ircc.example.ca").await;
    let id = approved_representative(&portal, &officer, "rep@cicc.example.com").await;
    let rep = sign_in(&portal, "rep@cicc.example.com", "Maple#Tundra42x").await;
    let rep_token = rep.body["token"].as_str().unwrap();
    let denied = portal
        .call(
            "POST",
            &format!("/api/v1/officer/accounts/{id}/close"),
            Some(rep_token),
            None,
        )
        .await;
    assert_eq!(denied.status, 403);
    let unknown = portal
        .call(
            "POST",
            "/api/v1/officer/accounts/not-a-uuid/approve",
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(unknown.status, 404);
    let no_token = portal.call("GET", "/api/v1/account", None, None).await;
    assert_eq!(no_token.status, 401);
    assert_eq!(no_token.body["code"], "unauthenticated");
}

#[tokio::test]
async fn an_officer_rejects_an_enrolment_with_a_reason_the_representative_reads() {
    let portal = Portal::start();
    let officer = portal.officer_token("officer@ircc.example.ca").await;
    let email = "rejected@cicc.example.com";
    portal
        .call("POST", "/api/v1/enrolments", None, Some(enrolment(email)))
        .await;
    let queue = portal
        .call("GET", "/api/v1/officer/accounts", Some(&officer), None)
        .await;
    let id = queue.body[0]["id"].as_str().unwrap().to_owned();
    let empty = portal
        .call(
            "POST",
            &format!("/api/v1/officer/accounts/{id}/reject"),
            Some(&officer),
            Some(json!({"reason": " "})),
        )
        .await;
    assert_eq!(empty.field_codes(), ["reason:required"]);
    let rejected = portal
        .call(
            "POST",
            &format!("/api/v1/officer/accounts/{id}/reject"),
            Some(&officer),
            Some(json!({"reason": "Membership ID not found"})),
        )
        .await;
    assert_eq!(rejected.status, 200);
    let session = sign_in(&portal, email, "Maple#Tundra42x").await;
    assert_eq!(session.body["account"]["status"], "rejected");
    assert_eq!(
        session.body["account"]["rejection_reason"],
        "Membership ID not found"
    );
    assert!(
        portal.mails_to(email, 2)[1]
            .body
            .contains("Membership ID not found")
    );
}

#[tokio::test]
async fn a_new_email_needs_the_code_sent_to_it_and_no_answer_tells_whether_it_is_taken() {
    for portal in Portal::on_every_database().await {
        let officer = portal.officer_token("officer@ircc.example.ca").await;
        approved_representative(&portal, &officer, "first@cicc.example.com").await;
        approved_representative(&portal, &officer, "taken@cicc.example.com").await;
        let signed_in = sign_in(&portal, "first@cicc.example.com", "Maple#Tundra42x").await;
        let token = signed_in.body["token"].as_str().unwrap().to_owned();
        let change_to = |new: &str| {
            json!({
                "email": new, "telephone_type": "cellular", "telephone_country": "canada-us",
                "telephone_number": "5143334545", "language": "en", "email_updates": "yes"
            })
        };

        // To a taken address and to a free one: the same answer, and nothing changes yet.
        let taken = portal
            .call(
                "PUT",
                "/api/v1/account/contact",
                Some(&token),
                Some(change_to("Taken@cicc.example.com")),
            )
            .await;
        let free = portal
            .call(
                "PUT",
                "/api/v1/account/contact",
                Some(&token),
                Some(change_to("free@cicc.example.com")),
            )
            .await;
        assert_eq!(taken.status, 202, "{:?}", taken.body);
        assert_eq!(free.status, 202, "{:?}", free.body);
        assert_eq!(taken.body["message"], free.body["message"]);
        assert_eq!(taken.body["profile"], free.body["profile"]);
        assert_eq!(taken.body["pending_email"], "taken@cicc.example.com");
        assert_eq!(free.body["pending_email"], "free@cicc.example.com");
        assert_eq!(free.body["profile"]["email"], "first@cicc.example.com");

        // The taken address's owner is told, without a code; the free one gets the code;
        // the current address is told of both requests.
        let warned = portal.mails_to("taken@cicc.example.com", 3);
        let warning = warned.last().unwrap();
        assert!(
            warning.body.contains("already has an account"),
            "{}",
            warning.body
        );
        assert!(
            warning
                .body
                .split(|c: char| !c.is_ascii_digit())
                .all(|digits| digits.len() != 8),
            "no code: {}",
            warning.body
        );
        let code = portal.mails_to("free@cicc.example.com", 1)[0].code();
        let told = portal.mails_to("first@cicc.example.com", 4);
        assert!(told[2].body.contains("taken@cicc.example.com"));
        assert!(told[3].body.contains("free@cicc.example.com"));
        assert!(told.iter().all(|m| !m.body.contains(&code)));

        // A wrong code is refused; the right one applies the change.
        let confirm = |code: &str| {
            portal.call(
                "POST",
                "/api/v1/account/email/confirm",
                Some(&token),
                Some(json!({"code": code})),
            )
        };
        let wrong = if code == "00000000" {
            "11111111"
        } else {
            "00000000"
        };
        let refused = confirm(wrong).await;
        assert_eq!(refused.status, 422, "{:?}", refused.body);
        assert_eq!(refused.field_codes(), ["code:invalid_code"]);
        let confirmed = confirm(&code).await;
        assert_eq!(confirmed.status, 200, "{:?}", confirmed.body);
        assert_eq!(confirmed.body["email"], "free@cicc.example.com");
        assert_eq!(confirm(&code).await.status, 422, "the code is single use");

        // Sign-in follows the new address; the former one is told.
        assert_eq!(
            sign_in(&portal, "free@cicc.example.com", "Maple#Tundra42x")
                .await
                .status,
            201
        );
        assert_eq!(
            sign_in(&portal, "first@cicc.example.com", "Maple#Tundra42x")
                .await
                .status,
            401
        );
        let told = portal.mails_to("first@cicc.example.com", 5);
        assert!(
            told[4].body.contains("is now free@cicc.example.com"),
            "{}",
            told[4].body
        );

        // The API document describes both answers of the update and the confirmation.
        let spec = portal.call("GET", "/api/openapi.json", None, None).await;
        let contact = &spec.body["paths"]["/account/contact"]["put"]["responses"];
        assert!(contact.get("202").is_some(), "{contact}");
        let confirm = &spec.body["paths"]["/account/email/confirm"]["post"]["responses"];
        for status in ["200", "401", "422"] {
            assert!(confirm.get(status).is_some(), "{status}: {confirm}");
        }
    }
}

#[tokio::test]
async fn an_enrolment_waits_for_documents_and_a_suspended_representative_reads_but_cannot_start_or_submit()
 {
    use portal_e2e::drafts::{complete, individual, start};
    let portal = Portal::start();
    let officer = portal.officer_token("officer@ircc.example").await;
    let enrolled = portal
        .call(
            "POST",
            "/api/v1/enrolments",
            None,
            Some(enrolment("rep@firm.example")),
        )
        .await;
    assert_eq!(enrolled.status, 202, "{:?}", enrolled.body);
    let pending = portal
        .call("GET", "/api/v1/officer/accounts", Some(&officer), None)
        .await;
    let id = pending.body[0]["id"].as_str().unwrap().to_owned();

    // More documents before the decision: a message that asks for action.
    let asked = portal
        .call(
            "POST",
            &format!("/api/v1/officer/accounts/{id}/document-request"),
            Some(&officer),
            Some(json!({"request": "A copy of your membership card."})),
        )
        .await;
    assert_eq!(asked.status, 200, "{:?}", asked.body);
    assert_eq!(asked.body["status"], "pending");
    let rep = portal.representative_token("rep@firm.example").await;
    let inbox = portal
        .call("GET", "/api/v1/account/messages", Some(&rep), None)
        .await;
    let request = inbox.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["subject"] == "Additional documents requested for your enrolment")
        .expect("the request is in the inbox")
        .clone();
    assert_eq!(request["asks_action"], true);
    let approved = portal
        .call(
            "POST",
            &format!("/api/v1/officer/accounts/{id}/approve"),
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(approved.status, 200, "{:?}", approved.body);

    // A draft, then the governing body suspends the representative.
    let started = start(&portal, &rep, individual("visitor_visa", "Violet", "Parr")).await;
    let draft = started.body["applications"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    complete(&portal, &rep, &draft, "visitor_visa", false).await;
    let suspended = portal
        .call(
            "PUT",
            &format!("/api/v1/officer/accounts/{id}/standing"),
            Some(&officer),
            Some(json!({"standing": "suspended"})),
        )
        .await;
    assert_eq!(suspended.status, 200, "{:?}", suspended.body);
    let profile = portal
        .call("GET", "/api/v1/account", Some(&rep), None)
        .await;
    assert_eq!(profile.body["standing"], "suspended");
    assert_eq!(profile.body["can_start_applications"], false);
    let subjects = portal
        .call("GET", "/api/v1/account/messages", Some(&rep), None)
        .await;
    assert_eq!(
        subjects.body["items"][0]["subject"],
        "Your current standing was updated"
    );

    let refused = start(&portal, &rep, individual("study_permit", "Dash", "Parr")).await;
    assert_eq!(
        (refused.status, refused.body["code"].as_str()),
        (403, Some("not_in_good_standing"))
    );
    let submit = format!("/api/v1/applications/{draft}/submit");
    let refused = portal.call("POST", &submit, Some(&rep), None).await;
    assert_eq!(
        (refused.status, refused.body["code"].as_str()),
        (403, Some("not_in_good_standing"))
    );
    let table = portal
        .call("GET", "/api/v1/applications", Some(&rep), None)
        .await;
    assert_eq!(table.status, 200, "read access stays");
    assert_eq!(table.body["total"], 1);

    // Back in good standing, the draft goes.
    let restored = portal
        .call(
            "PUT",
            &format!("/api/v1/officer/accounts/{id}/standing"),
            Some(&officer),
            Some(json!({"standing": "good"})),
        )
        .await;
    assert_eq!(restored.status, 200, "{:?}", restored.body);
    let sent = portal.call("POST", &submit, Some(&rep), None).await;
    assert_eq!(sent.status, 200, "{:?}", sent.body);
}
