//! Sign-off, the seal and the hash-chained audit trail on a real SQLite file:
//! the first sign-off locks the content (in the store and in the database
//! itself), each sign-off stores the record it sealed, a new version copies
//! and leaves the sealed one intact, and an edit made to the file behind the
//! app's back breaks the chain where it was made.

mod common;

use common::{alex, answer_everything, at, sam, store_with_assessment, today};
use prevent_app::{AppError, Ledger};
use prevent_core::{AnswerInput, AssessmentStatus, ErrorKind, Response, RuleError, SignOffInput};
use tempfile::TempDir;
use uuid::Uuid;

fn signatory(name: &str, role: &str) -> SignOffInput {
    SignOffInput {
        name: name.to_owned(),
        role: role.to_owned(),
        on_behalf: true,
        signed_at: None,
    }
}

/// The store's sign-off with layout 2 and a stand-in for the signed report.
fn test_sign_off(
    store: &Ledger,
    id: Uuid,
    input: &SignOffInput,
    actor: &prevent_core::Actor,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<prevent_store::SealedRecord, AppError> {
    store.sign_off(id, input, actor, now, 2, |record, bytes| {
        Ok(format!("%PDF of {} ({} bytes)", record.digest(), bytes.len()).into_bytes())
    })
}

fn complete_assessment(dir: &TempDir) -> (Ledger, Uuid) {
    let (mut store, id) = store_with_assessment(dir);
    answer_everything(&mut store, id);
    store
        .mark_complete(id, &sam(), at(3), today())
        .expect("complete");
    (store, id)
}

/// The error the app shows for a broken rule.
fn refusal(rule: RuleError) -> AppError {
    rule.into()
}

#[test]
fn only_a_complete_assessment_can_be_signed_off() {
    let dir = TempDir::new().expect("temp dir");
    let (store, id) = store_with_assessment(&dir);
    let refused = test_sign_off(
        &store,
        id,
        &signatory("Dr Priya Shah", "Accountable Prevent lead"),
        &alex(),
        at(4),
    )
    .expect_err("in progress");
    assert_eq!(refused, refusal(RuleError::SignOffNeedsComplete));
    assert!(store.signatories(id).expect("none").is_empty());
    assert_eq!(store.assessment(id).expect("header").sealed_at, None);
}

#[test]
fn the_first_sign_off_seals_and_later_ones_add_signatories() {
    let dir = TempDir::new().expect("temp dir");
    let (mut store, id) = complete_assessment(&dir);

    let first = test_sign_off(
        &store,
        id,
        &signatory("Dr Priya Shah", "Accountable Prevent lead"),
        &alex(),
        at(4),
    )
    .expect("first sign-off");
    let header = store.assessment(id).expect("header");
    assert_eq!(header.sealed_at, Some(at(4)));
    assert_eq!(first.record.signatories.len(), 1);
    assert_eq!(first.record.prepared_at, at(4));
    assert_eq!(first.sha256, first.record.digest());
    assert_eq!(first.bytes, first.record.to_canonical_json());
    assert_eq!(
        first.record.audit_head,
        store.verify_audit_chain(id).expect("chain").head,
        "the record seals the head of the chain, its own sign-off row included"
    );

    let twice = test_sign_off(
        &store,
        id,
        &signatory("dr priya shah", "Assessor"),
        &alex(),
        at(5),
    )
    .expect_err("the same person twice");
    assert_eq!(
        twice,
        refusal(RuleError::AlreadySigned {
            name: "dr priya shah".to_owned()
        })
    );

    let second = test_sign_off(
        &store,
        id,
        &signatory("Alex Morgan", "Assessor"),
        &alex(),
        at(6),
    )
    .expect("second sign-off");
    assert_eq!(
        second
            .record
            .signatories
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>(),
        ["Dr Priya Shah", "Alex Morgan"]
    );
    assert_eq!(second.record.prepared_at, at(6));
    assert_eq!(store.assessment(id).expect("header").sealed_at, Some(at(4)));
    assert_eq!(
        store
            .sealed_record(id)
            .expect("read")
            .expect("sealed")
            .sha256,
        second.sha256,
        "the latest sign-off's record is what is exported"
    );

    // Sealed: every content change is refused, by the store and by the file.
    let edit = store
        .save_answer(
            id,
            "2",
            AnswerInput {
                comment: Some("changed".to_owned()),
                ..AnswerInput::default()
            },
            &alex(),
            at(7),
        )
        .expect_err("sealed");
    assert_eq!(edit, refusal(RuleError::AssessmentSealed));
    assert_eq!(
        store.reopen(id, &alex(), at(7)).expect_err("sealed"),
        refusal(RuleError::AssessmentSealed)
    );
    let conn = store.connection_for_tests();
    for sql in [
        "UPDATE answers SET comment = 'behind the app' WHERE entry_id = '2'",
        "DELETE FROM answers WHERE entry_id = '2'",
        "UPDATE assessments SET organisation = 'Someone else'",
        "UPDATE assessments SET sealed_at = NULL",
        "UPDATE sign_offs SET name = 'Someone else'",
    ] {
        let refused = conn.execute(sql, []).expect_err(sql);
        assert!(
            refused.to_string().contains("sealed") || refused.to_string().contains("cannot"),
            "{sql}: {refused}"
        );
    }
    let check = store.verify_audit_chain(id).expect("chain");
    assert_eq!(check.broken, None);
    assert_eq!(
        check.head,
        store
            .audit_trail(id)
            .expect("trail")
            .last()
            .expect("rows")
            .hash
    );
}

#[test]
fn tracking_goes_on_after_the_seal_without_changing_the_sealed_record() {
    let dir = TempDir::new().expect("temp dir");
    let (mut store, id) = complete_assessment(&dir);
    let sealed = test_sign_off(
        &store,
        id,
        &signatory("Dr Priya Shah", "Accountable Prevent lead"),
        &alex(),
        at(4),
    )
    .expect("sign-off");
    let action = store.actions_of(id).expect("actions")[0].clone();
    store
        .update_action(
            action.id,
            prevent_core::ActionEdit {
                status: Some(prevent_core::ActionStatus::InProgress),
                note: Some("Policy drafted".to_owned()),
                ..prevent_core::ActionEdit::default()
            },
            &sam(),
            at(8),
        )
        .expect("tracking goes on");
    assert_eq!(
        store
            .sealed_record(id)
            .expect("read")
            .expect("sealed")
            .sha256,
        sealed.sha256,
        "the sealed record is what was signed"
    );
    assert_eq!(store.verify_audit_chain(id).expect("chain").broken, None);
}

#[test]
fn a_new_version_copies_and_leaves_the_sealed_one_intact() {
    let dir = TempDir::new().expect("temp dir");
    let (mut store, id) = complete_assessment(&dir);
    let refused = store
        .new_version(id, &alex(), at(4))
        .expect_err("not sealed");
    assert_eq!(refused, refusal(RuleError::NewVersionNeedsSeal));
    let sealed = test_sign_off(
        &store,
        id,
        &signatory("Dr Priya Shah", "Accountable Prevent lead"),
        &alex(),
        at(4),
    )
    .expect("sign-off");

    let next = store.new_version(id, &alex(), at(9)).expect("new version");
    assert_eq!(next.version, 2);
    assert_eq!(next.previous_version, Some(id));
    assert_eq!(next.status, AssessmentStatus::InProgress);
    assert_eq!(next.sealed_at, None);
    let old = store.assessment(id).expect("old");
    assert_eq!(old.next_version, Some(next.id));
    assert_eq!(
        store.answers(next.id).expect("copied").len(),
        store.answers(id).expect("old").len()
    );
    assert_eq!(
        store.actions_of(next.id).expect("copied").len(),
        store.actions_of(id).expect("old").len()
    );
    assert_eq!(
        store.new_version(id, &alex(), at(10)).expect_err("twice"),
        refusal(RuleError::HasNewerVersion {
            id: next.id.to_string()
        })
    );

    // The new version can change; the sealed one cannot and keeps its record.
    store
        .save_answer(next.id, "2", common::respond(Response::No), &alex(), at(11))
        .expect("the new version is editable");
    assert_eq!(
        store
            .sealed_record(id)
            .expect("read")
            .expect("sealed")
            .sha256,
        sealed.sha256
    );
    assert_eq!(store.verify_audit_chain(id).expect("chain").broken, None);
    assert_eq!(
        store.verify_audit_chain(next.id).expect("chain").broken,
        None
    );
    assert_eq!(
        store.list_assessments().expect("list").len(),
        2,
        "both listed"
    );
    // The dashboard follows the live plan: the newest version's.
    let live = common::live_plan(&store);
    assert!(!live.is_empty());
    assert!(live.iter().all(|a| a.assessment_id == next.id));
}

#[test]
fn an_audit_row_edited_in_the_file_breaks_the_chain_where_it_was_edited() {
    let dir = TempDir::new().expect("temp dir");
    let (store, id) = complete_assessment(&dir);
    let trail = store.audit_trail(id).expect("trail");
    assert!(trail.len() > 40);
    let intact = store.verify_audit_chain(id).expect("chain");
    assert_eq!(intact.broken, None);
    assert_eq!(intact.rows as usize, trail.len());
    let target = &trail[10];
    let conn = store.connection_for_tests();
    conn.execute_batch("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;")
        .expect("someone with sqlite3 can drop the triggers");
    conn.execute(
        "UPDATE audit_log SET new_value = 'edited behind the app' WHERE seq = ?1",
        [target.seq],
    )
    .expect("edit");
    let check = store.verify_audit_chain(id).expect("chain");
    let broken = check.broken.expect("broken");
    assert_eq!(broken.seq, target.seq);
    assert!(
        broken.problem.contains("changed since it was written"),
        "{}",
        broken.problem
    );

    // A removed row shows at the row after it.
    let dir = TempDir::new().expect("temp dir");
    let (store, id) = complete_assessment(&dir);
    let trail = store.audit_trail(id).expect("trail");
    let conn = store.connection_for_tests();
    conn.execute_batch("DROP TRIGGER audit_log_no_delete;")
        .expect("drop");
    conn.execute("DELETE FROM audit_log WHERE seq = ?1", [trail[5].seq])
        .expect("delete");
    let broken = store
        .verify_audit_chain(id)
        .expect("chain")
        .broken
        .expect("broken");
    assert_eq!(broken.seq, trail[6].seq);
    assert!(
        broken.problem.contains("does not follow"),
        "{}",
        broken.problem
    );
}

#[test]
fn sign_off_needs_a_name_and_a_role() {
    let dir = TempDir::new().expect("temp dir");
    let (store, id) = complete_assessment(&dir);
    let blank = test_sign_off(&store, id, &signatory("  ", "Assessor"), &alex(), at(4))
        .expect_err("blank name");
    assert_eq!(blank.kind, ErrorKind::InvalidInput);
    assert_eq!(blank.field.as_deref(), Some("name"));
    let no_role = test_sign_off(&store, id, &signatory("Dr Priya Shah", ""), &alex(), at(4))
        .expect_err("blank role");
    assert_eq!(no_role.field.as_deref(), Some("role"));
    assert_eq!(store.assessment(id).expect("header").sealed_at, None);
}
