//! The completion gate against a second writer: another process (here a
//! second connection on another thread, as the CLI beside the window would
//! be) keeps opening and closing a gap while this one tries to mark the
//! assessment complete. Whenever marking complete succeeds, the assessment
//! it marked has no gap: the review is read inside the transaction that
//! changes the status, so no save can slip between them.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use common::{alex, answer_everything, at, db, sam, store_with_assessment, today};
use prevent_app::Ledger;
use prevent_core::AnswerInput;
use tempfile::TempDir;

#[test]
fn the_gate_never_passes_with_a_gap_while_another_writer_saves() {
    let dir = TempDir::new().expect("temp dir");
    let (mut store, id) = store_with_assessment(&dir);
    answer_everything(&mut store, id);
    let path = db(&dir);
    let stop = Arc::new(AtomicBool::new(false));

    // The other writer: item 1 needs action; its lead goes and comes back.
    let writer = {
        let stop = Arc::clone(&stop);
        let path = path.clone();
        std::thread::spawn(move || {
            let mut other = Ledger::open(&path, at(3)).expect("second connection");
            let mut saves = 0u32;
            while !stop.load(Ordering::Relaxed) {
                for lead in ["", "Head of Safeguarding"] {
                    let input = AnswerInput {
                        lead: Some(lead.to_owned()),
                        ..AnswerInput::default()
                    };
                    // Refused while the assessment is complete: that is the lock working.
                    if other.save_answer(id, "1", input, &sam(), at(4)).is_ok() {
                        saves += 1;
                    }
                }
            }
            saves
        })
    };

    let mut completions = 0;
    for _ in 0..400 {
        if store.mark_complete(id, &alex(), at(5), today()).is_ok() {
            completions += 1;
            let detail = store.assessment_detail(id, today()).expect("detail");
            assert!(
                detail.review.can_complete(),
                "marked complete with a gap: {:?}",
                detail.review.blocking
            );
            store.reopen(id, &alex(), at(6)).expect("reopen");
        }
    }
    stop.store(true, Ordering::Relaxed);
    let saves = writer.join().expect("writer");
    assert!(completions > 0, "the gate passed at least once");
    assert!(saves > 0, "the other writer saved at least once");
}
