//! The dashboard reads only a page of the live plan, through the store's plan
//! rows (indexes, running counts, owners split into rows of their own); one
//! assessment's plan, and these tests, read every action in memory and let
//! the core's rules decide. The two must never drift: over varied plans
//! (no date, due today, overdue, gaps closed, completed and deferred
//! actions, several owners in several cases, departments typed loosely,
//! priorities set by a person, an assessment replaced by a new version),
//! for every filter and several "todays", they give the same view.

mod common;

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Days, NaiveDate, Utc};
use prevent_app::sample;
use prevent_app::{
    ActorSource, Clock, CompleteActionRequest, Ledger, SaveAnswerRequest, Service,
    UpdateActionRequest,
};
use prevent_core::plan::view::PlanSource;
use prevent_core::plan::{
    ActionCompletion, ActionEdit, ActionStatus, DueFilter, PlanFilter, PlanView, Priority,
};
use prevent_core::{AnswerInput, NewAssessmentInput, PREVENT_TOOLKIT_2011, Response};
use tempfile::TempDir;
use uuid::Uuid;

/// A clock whose "today" the test moves.
struct MovableClock {
    now: DateTime<Utc>,
    today: Mutex<NaiveDate>,
}

impl Clock for MovableClock {
    fn now(&self) -> DateTime<Utc> {
        self.now
    }
    fn today(&self) -> NaiveDate {
        *self.today.lock().expect("clock")
    }
}

/// A small deterministic generator: the same plans on every run.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, sides: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % sides as u64) as usize
    }

    fn pick<'a, T>(&mut self, from: &'a [T]) -> &'a T {
        &from[self.roll(from.len())]
    }
}

const OWNERS: [&str; 7] = [
    "A. Khan",
    "a. khan; B. Jones",
    "B. JONES;Head of HR",
    "",
    "Head of HR ; head of hr",
    "Ångström, É.",
    "ångström, é.; A. Khan",
];

const DEPARTMENTS: [&str; 5] = ["HR", " hr ", "Safeguarding", "", "Ångström ward"];

fn day_offset(today: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        today.checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        today.checked_sub_days(Days::new(days.unsigned_abs()))
    }
    .expect("date")
}

/// Assessments of several organisations and dates (two with the same
/// organisation and date, so their actions interleave by reading order),
/// each entry answered at random, then actions edited, completed, deferred
/// and closed; and one assessment signed off and replaced by a new version.
fn varied_plans(dir: &TempDir, seed: u64) -> (Service, Arc<MovableClock>) {
    let now = common::at(0);
    let today = common::today();
    let clock = Arc::new(MovableClock {
        now,
        today: Mutex::new(today),
    });
    let ledger = Ledger::open(&common::db(dir), now).expect("open");
    let mut service = Service::new(ledger, clock.clone(), ActorSource::Given(common::alex()))
        .with_signing_folder(dir.path().join("keys"));
    let mut dice = Dice(seed);

    // One signed-off assessment, replaced by a new version: only the new
    // version's actions are live.
    let sealed = sample::complete_assessment(&mut service, 12).expect("complete");
    sample::sign_off(&mut service, sealed, 1).expect("sign-off");
    let replacing = service.new_version(sealed).expect("new version");

    let places = [
        ("Northshire Community NHS Trust", 0),
        ("Southshire Mental Health Trust", -30),
        ("Northshire Community NHS Trust", -30),
        ("Eastshire Hospitals", -400),
        ("Southshire Mental Health Trust", -30),
    ];
    let entries: Vec<String> = prevent_app::framework(PREVENT_TOOLKIT_2011)
        .expect("framework")
        .answerable_ids()
        .into_iter()
        .map(str::to_owned)
        .collect();
    let dues = [
        None,
        Some(-200),
        Some(-1),
        Some(0),
        Some(1),
        Some(30),
        Some(31),
        Some(90),
    ];
    let mut assessments = vec![replacing.id];
    for (organisation, days) in places {
        let assessment = service
            .create_assessment(NewAssessmentInput {
                framework_id: PREVENT_TOOLKIT_2011.to_owned(),
                organisation: organisation.to_owned(),
                assessor: "Alex Morgan".to_owned(),
                assessment_date: day_offset(today, days).to_string(),
            })
            .expect("create");
        for entry in &entries {
            let response = *dice.pick(&[
                Some(Response::No),
                Some(Response::Partial),
                Some(Response::Yes),
                None,
            ]);
            let gap = matches!(response, Some(Response::No | Response::Partial));
            let due = dice.pick(&dues).map(|d| day_offset(today, d).to_string());
            service
                .save_answer(SaveAnswerRequest {
                    assessment_id: assessment.id,
                    entry_id: entry.clone(),
                    answer: AnswerInput {
                        response,
                        lead: gap.then(|| (*dice.pick(&OWNERS)).to_owned()),
                        due_date: if gap { due } else { None },
                        ..AnswerInput::default()
                    },
                })
                .expect("answer");
        }
        assessments.push(assessment.id);
    }

    for id in assessments {
        let actions = service
            .get_plan(id, PlanFilter::default())
            .expect("plan")
            .actions;
        for view in actions {
            let action_id = view.action.id;
            let edit = match dice.roll(8) {
                0 => ActionEdit {
                    status: Some(ActionStatus::InProgress),
                    department: Some((*dice.pick(&DEPARTMENTS)).to_owned()),
                    ..ActionEdit::default()
                },
                1 => ActionEdit {
                    status: Some(ActionStatus::Deferred),
                    deferred_reason: Some("Waiting for the new policy".to_owned()),
                    ..ActionEdit::default()
                },
                2 => ActionEdit {
                    priority: Some(*dice.pick(&Priority::ALL)),
                    priority_reason: Some("Agreed at the committee".to_owned()),
                    owners: Some((*dice.pick(&OWNERS)).to_owned()),
                    ..ActionEdit::default()
                },
                3 => ActionEdit {
                    department: Some((*dice.pick(&DEPARTMENTS)).to_owned()),
                    due: Some(String::new()),
                    ..ActionEdit::default()
                },
                4 => {
                    service
                        .complete_action(CompleteActionRequest {
                            action_id,
                            completion: ActionCompletion {
                                assessed: common::today().to_string(),
                                signed_off_by: "Dr Priya Shah".to_owned(),
                            },
                        })
                        .expect("complete");
                    continue;
                }
                5 => {
                    // The gap closes: "gap closed — confirm".
                    let assessment_id = view.action.assessment_id;
                    service
                        .save_answer(SaveAnswerRequest {
                            assessment_id,
                            entry_id: view.action.source.clone(),
                            answer: AnswerInput {
                                response: Some(Response::Yes),
                                ..AnswerInput::default()
                            },
                        })
                        .expect("closed");
                    continue;
                }
                _ => continue,
            };
            service
                .update_action(UpdateActionRequest { action_id, edit })
                .expect("edit");
        }
    }
    (service, clock)
}

/// The same view from every live action in memory.
fn in_memory(service: &Service, filter: PlanFilter, today: NaiveDate) -> PlanView {
    let live: Vec<_> = service
        .store()
        .all_assessment_headers()
        .expect("headers")
        .into_iter()
        .filter(|a| a.next_version.is_none())
        .collect();
    let sources = live
        .iter()
        .map(|assessment| PlanSource {
            assessment,
            actions: service.ledger().actions_of(assessment.id).expect("actions"),
        })
        .collect();
    PlanView::build(service.frameworks(), sources, filter, today)
}

fn every_filter() -> Vec<PlanFilter> {
    let mut filters = vec![PlanFilter::default()];
    for status in ActionStatus::ALL {
        filters.push(PlanFilter {
            status: Some(status),
            ..PlanFilter::default()
        });
    }
    for priority in Priority::ALL {
        filters.push(PlanFilter {
            priority: Some(priority),
            ..PlanFilter::default()
        });
    }
    for due in [
        DueFilter::Overdue,
        DueFilter::Within(0),
        DueFilter::Within(30),
        DueFilter::Within(31),
        DueFilter::Within(u32::MAX),
    ] {
        filters.push(PlanFilter {
            due: Some(due),
            ..PlanFilter::default()
        });
    }
    for owner in [
        "a. KHAN",
        " b. jones ",
        "HEAD OF HR",
        "ÅNGSTRÖM, É.",
        "Khan",
        "  ",
    ] {
        filters.push(PlanFilter {
            owner: Some(owner.to_owned()),
            ..PlanFilter::default()
        });
    }
    for department in ["hr", "SAFEGUARDING ", "ångström ward", "Ångström Ward", ""] {
        filters.push(PlanFilter {
            department: Some(department.to_owned()),
            ..PlanFilter::default()
        });
    }
    filters.push(PlanFilter {
        status: Some(ActionStatus::NotStarted),
        owner: Some("a. khan".to_owned()),
        department: Some("HR".to_owned()),
        priority: Some(Priority::High),
        ..PlanFilter::default()
    });
    filters.push(PlanFilter {
        owner: Some("B. Jones".to_owned()),
        due: Some(DueFilter::Overdue),
        ..PlanFilter::default()
    });
    let mut limited = Vec::new();
    for filter in &filters {
        for limit in [None, Some(0), Some(1), Some(5), Some(17), Some(100)] {
            limited.push(PlanFilter {
                limit,
                ..filter.clone()
            });
        }
    }
    limited
}

fn assert_dashboard_matches_memory(service: &Service, clock: &MovableClock) {
    for offset in [0, -45, 31, 400] {
        let today = day_offset(common::today(), offset);
        *clock.today.lock().expect("clock") = today;
        for filter in every_filter() {
            let dashboard = service.get_dashboard(filter.clone()).expect("dashboard");
            let memory = in_memory(service, filter.clone(), today);
            assert_eq!(
                dashboard, memory,
                "the dashboard read a page differently from the rules in memory, with {filter:?} on {today}"
            );
        }
    }
}

#[test]
fn the_dashboard_read_a_page_at_a_time_is_the_plan_the_rules_give_in_memory() {
    for seed in [1, 7] {
        let dir = TempDir::new().expect("temp dir");
        let (service, clock) = varied_plans(&dir, seed);
        let all = service.get_dashboard(PlanFilter::default()).expect("all");
        assert!(all.counts.total > 100, "a plan worth comparing");
        assert!(all.overdue_total > 0 && all.due_soon_total > 0);
        assert!(all.owners.len() >= 4 && all.departments.len() >= 2);
        assert_dashboard_matches_memory(&service, &clock);
    }
}

#[test]
fn an_upgraded_file_gets_its_plan_rows_from_the_actions_already_there() {
    let dir = TempDir::new().expect("temp dir");
    let (service, clock) = varied_plans(&dir, 3);
    let audit_rows = |service: &Service| -> i64 {
        service
            .store()
            .connection_for_tests()
            .query_row("SELECT count(*) FROM audit_log", [], |row| row.get(0))
            .expect("count")
    };
    let before = audit_rows(&service);
    drop(service);

    // The file as version 9 left it: no plan rows.
    {
        let conn = rusqlite::Connection::open(common::db(&dir)).expect("raw");
        conn.execute_batch(
            "DROP TABLE plan_rows; DROP TABLE plan_tally; DROP TABLE plan_owner_names;
             DROP INDEX assessments_newest_first;
             DELETE FROM schema_migrations WHERE version = 10;
             PRAGMA user_version = 9;",
        )
        .expect("back to version 9");
    }

    let ledger = Ledger::open(&common::db(&dir), common::at(30)).expect("upgrade");
    assert_eq!(
        ledger.schema_version().expect("version"),
        prevent_store::latest_schema_version()
    );
    let service = Service::new(ledger, clock.clone(), ActorSource::Given(common::alex()));
    assert_eq!(
        audit_rows(&service),
        before,
        "derived rows are never audited"
    );
    assert_dashboard_matches_memory(&service, &clock);
}

#[test]
fn plan_rows_follow_every_write_without_an_audit_row_of_their_own() {
    let dir = TempDir::new().expect("temp dir");
    let (mut service, _clock) = varied_plans(&dir, 11);
    let action: Uuid = service
        .get_dashboard(PlanFilter::default())
        .expect("dashboard")
        .actions[0]
        .action
        .id;
    let trail_of = |service: &Service| {
        service
            .store()
            .connection_for_tests()
            .query_row("SELECT count(*) FROM audit_log", [], |row| {
                row.get::<_, i64>(0)
            })
            .expect("count")
    };
    let before = trail_of(&service);
    service
        .update_action(UpdateActionRequest {
            action_id: action,
            edit: ActionEdit {
                owners: Some("Zoë Adams".to_owned()),
                ..ActionEdit::default()
            },
        })
        .expect("edit");
    assert_eq!(trail_of(&service), before + 1, "one row: the owners field");
    let filtered = service
        .get_dashboard(PlanFilter {
            owner: Some("ZOË ADAMS".to_owned()),
            ..PlanFilter::default()
        })
        .expect("owner");
    assert_eq!(filtered.counts.total, 1);
    assert_eq!(filtered.actions[0].action.id, action);
    assert!(filtered.owners.iter().any(|o| o == "Zoë Adams"));
    let refused = service
        .store()
        .connection_for_tests()
        .execute("UPDATE plan_rows SET live = 1", [])
        .expect_err("rewritten, never updated");
    assert!(refused.to_string().contains("never updated"), "{refused}");
}
