//! A complete, realistic record of the 2011 toolkit for tests, examples and
//! the app's benchmark: every entry answered (with a mixture of responses),
//! evidence, an action plan, sign-offs and a long audit trail. One comment is
//! deliberately hostile (quotes, markup, characters the font lacks, a very
//! long unbroken word) to prove that wrapping and text encoding hold.

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use prevent_core::catalogue::AnswerField;
use prevent_core::derive::derived_response;
use prevent_core::record::RecordFramework;
use prevent_core::record::training::RecordTraining;
use prevent_core::record::{
    AssessmentRecord, RECORD_FORMAT, RECORD_FORMAT_1, RecordAction, RecordAuditRow, RecordEvidence,
    RecordHeader, Signatory, sha256_hex,
};
use prevent_core::training::{
    FiguresSource, GroupFigures, RecordedFigures, TrainingLevel, Validity,
};
use prevent_core::{
    ActionStatus, Answer, AssessmentStatus, Frameworks, GapState, PREVENT_TOOLKIT_2011, Priority,
    Recording, Response,
};
use uuid::Uuid;

/// The comment that tries to break the report.
pub const HOSTILE_COMMENT: &str = "Staff said \"it's fine\" & <script>alert('x')</script> \u{2014} café ✓ \
     Reference: Northshireintegratedcarerecordsystemprevententryreferencenumberwithoutanyspacesatall0123456789abcdefghijklmnopqrstuvwxyz";

/// The unbroken word inside [`HOSTILE_COMMENT`] (120 characters).
pub fn hostile_word() -> &'static str {
    HOSTILE_COMMENT
        .rsplit(' ')
        .next()
        .unwrap_or(HOSTILE_COMMENT)
}

/// Comments that fit each response, of varied length.
fn comment_for(response: Response, index: usize) -> &'static str {
    let choices: &[&str] = match response {
        Response::Yes => &[
            "In place and reviewed at the safeguarding committee.",
            "",
            "See the evidence list.",
            "Covered by the trust-wide Prevent policy (version 4), approved by the board in March and linked from every department's safeguarding procedure; the policy was last audited in September with no findings.",
        ],
        Response::Partial => &[
            "Partly met: the induction programme covers Prevent awareness, but refresher training for bank and agency staff is not yet tracked in the Electronic Staff Record, and compliance reports go to divisions only quarterly. The safeguarding team has asked workforce to add the course to the mandatory matrix so that it is reported monthly alongside the other statutory subjects.",
            "Covered by the trust-wide Prevent policy (version 4). Department procedures in estates and HR link to it; pharmacy and outpatients are still drafting theirs.",
        ],
        Response::No => &[
            "Not yet in place.",
            "No protocol has been agreed with the local authority yet; the Prevent lead is drafting one with the county council's Channel panel chair.",
        ],
        Response::Na => &[""],
    };
    choices[index % choices.len()]
}

const LEADS: [&str; 5] = [
    "Head of Safeguarding",
    "Named Nurse, Safeguarding Adults",
    "Director of Workforce",
    "Information Governance Manager",
    "Deputy Chief Nurse",
];

const OWNERS: [(&str, &str); 5] = [
    ("Jordan Ellis", "Safeguarding"),
    ("Sam Lee, Priya Shah", "Nursing"),
    ("Morgan Hughes", "Workforce and Organisational Development"),
    ("Chris Patel", "Information Governance"),
    ("Taylor Brown", "Estates and Facilities"),
];

const SIGNATORIES: [(&str, &str); 4] = [
    ("Dr Priya Shah", "Accountable Prevent lead"),
    ("Alex Morgan", "Assessor"),
    ("Sam Lee", "Director of Nursing"),
    ("Jordan Ellis", "Head of Safeguarding"),
];

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// The 2011 toolkit's record, complete, with `actions` actions and the
/// first `signatories` of four people signed off (none: a draft), drawn
/// with the current layout. The second signatory signed on paper two days
/// before Sam Lee recorded it on their behalf.
pub fn complete_record(actions: usize, signatories: usize) -> AssessmentRecord {
    complete_record_in_layout(actions, signatories, crate::LAYOUT_VERSION)
}

/// The same record as drawn with `layout`: for layout 1 a record in format 1
/// (no layout named, no one recorded as recording the sign-offs).
pub fn complete_record_in_layout(
    actions: usize,
    signatories: usize,
    layout: u32,
) -> AssessmentRecord {
    sample_record(PREVENT_TOOLKIT_2011, actions, signatories, layout)
}

/// The providers' 2024 core standards, a framework that shows training
/// figures.
pub const CORE_STANDARDS_PROVIDERS: &str = "prevent-core-standards-2024-providers";

/// The record of [`complete_record`]'s organisation against the providers'
/// 2024 core standards, drawn with the current layout, carrying the
/// training figures of [`sample_training_figures`] (level 3 below the
/// target on the latest of three reporting dates).
pub fn core_standards_record(actions: usize, signatories: usize) -> AssessmentRecord {
    let mut record = sample_record(
        CORE_STANDARDS_PROVIDERS,
        actions,
        signatories,
        crate::LAYOUT_VERSION,
    );
    record.training = RecordTraining::of(
        record.framework(),
        Validity::default(),
        &sample_training_figures(),
    );
    record
}

/// Three complete reporting dates of five staff groups, one with no staff.
pub fn sample_training_figures() -> Vec<RecordedFigures> {
    let groups = [
        (
            "Registered nurses \u{2014} adult wards",
            TrainingLevel::Level3,
        ),
        ("Medical staff", TrainingLevel::Level3),
        ("Healthcare assistants", TrainingLevel::Basic),
        ("Estates and facilities", TrainingLevel::Basic),
        ("Volunteers", TrainingLevel::Basic),
    ];
    // In date and headcount per group, at each reporting date.
    let dates: [(NaiveDate, [(u32, u32); 5]); 3] = [
        (
            date(2026, 4, 30),
            [(88, 140), (51, 66), (301, 380), (77, 96), (0, 0)],
        ),
        (
            date(2026, 7, 31),
            [(97, 141), (55, 66), (322, 378), (80, 95), (0, 0)],
        ),
        (
            date(2026, 10, 31),
            [(104, 142), (58, 67), (339, 381), (84, 97), (0, 0)],
        ),
    ];
    dates
        .iter()
        .flat_map(|(as_of, counts)| {
            groups
                .iter()
                .zip(counts)
                .map(
                    move |((group, level), (in_date, headcount))| RecordedFigures {
                        as_of: *as_of,
                        figures: GroupFigures {
                            group: (*group).to_owned(),
                            level: *level,
                            headcount: *headcount,
                            in_date: *in_date,
                        },
                        source: FiguresSource::Entered,
                        recorded_at: utc(2026, 11, 2, 9, 0),
                        recorded_by: "Alex Morgan".to_owned(),
                    },
                )
        })
        .collect()
}

/// A complete record of the framework `framework_id`, as
/// [`complete_record_in_layout`] describes it.
fn sample_record(
    framework_id: &str,
    actions: usize,
    signatories: usize,
    layout: u32,
) -> AssessmentRecord {
    let first_format = layout == 1;
    // The embedded frameworks are part of this build; their absence is a build defect.
    let Some(framework) = Frameworks::embedded()
        .ok()
        .and_then(|f| f.get(framework_id))
    else {
        panic!("the embedded framework {framework_id} is missing or invalid");
    };
    let framework = framework.clone();
    let assessment_date = date(2026, 11, 14);

    let signatories: Vec<Signatory> = SIGNATORIES
        .iter()
        .cycle()
        .take(signatories)
        .enumerate()
        .map(|(i, (name, role))| Signatory {
            name: if i < SIGNATORIES.len() {
                (*name).to_owned()
            } else {
                format!("{name} ({})", i + 1)
            },
            role: (*role).to_owned(),
            signed_at: utc(2026, 11, 21, 14, 5) + chrono::Duration::minutes(i as i64 * 47)
                - chrono::Duration::days(if i == 1 && !first_format { 2 } else { 0 }),
            recorded: (!first_format).then(|| Recording {
                at: utc(2026, 11, 21, 14, 5) + chrono::Duration::minutes(i as i64 * 47),
                by: if i == 1 {
                    "Sam Lee".to_owned()
                } else {
                    (*name).to_owned()
                },
                by_role: if i == 1 {
                    "Safeguarding lead".to_owned()
                } else {
                    (*role).to_owned()
                },
                on_behalf: i == 1,
            }),
        })
        .collect();
    let prepared_at = signatories
        .iter()
        .map(Signatory::recorded_at)
        .max()
        .unwrap_or(utc(2026, 11, 20, 9, 30));
    let today = prepared_at.date_naive();

    // Answers, in reading order.
    let pattern = [
        Response::Yes,
        Response::Partial,
        Response::Yes,
        Response::No,
        Response::Yes,
        Response::Na,
        Response::Partial,
        Response::Yes,
    ];
    let mut answers: Vec<Answer> = Vec::new();
    let entries = framework.entry_list();
    for (index, entry) in entries.iter().enumerate() {
        if !entry.sub_points.is_empty() {
            continue;
        }
        let response = pattern[index % pattern.len()];
        let gap = response.default_action_required();
        let comment = if entry.id == "7" {
            HOSTILE_COMMENT.to_owned()
        } else {
            comment_for(response, index / 3).to_owned()
        };
        let checklist = framework
            .entry(&entry.id)
            .is_some_and(|e| e.asks_for(AnswerField::PolicyRef));
        answers.push(Answer {
            entry_id: entry.id.clone(),
            response: Some(response),
            na_reason: (response == Response::Na).then(|| {
                if index % 2 == 0 {
                    "The trust runs no services of this kind: community mental health services are provided by the neighbouring trust under contract.".to_owned()
                } else {
                    "Not applicable to an acute trust.".to_owned()
                }
            }),
            action_required: gap,
            comment,
            lead: if gap || index % 3 == 0 {
                LEADS[index % LEADS.len()].to_owned()
            } else {
                String::new()
            },
            due_date: gap.then(|| assessment_date + Days::new(30 + (index as u64 * 11) % 150)),
            policy_ref: if checklist && response != Response::Na {
                format!("POL-{:03} {}", 100 + index, ["Recruitment and selection", "Safeguarding adults", "Prevent", "Equality, diversity and inclusion"][index % 4])
            } else {
                String::new()
            },
            review_date: (checklist && response != Response::Na)
                .then(|| date(2027, 1 + (index as u32 % 12), 1)),
            carried_from: None,
        });
    }
    // Items answered through their sub-points get their derived response,
    // placed before their sub-points as the record keeps reading order.
    for entry in entries.iter().filter(|e| !e.sub_points.is_empty()) {
        let responses: Vec<Option<Response>> = entry
            .sub_points
            .iter()
            .map(|id| {
                answers
                    .iter()
                    .find(|a| &a.entry_id == id)
                    .and_then(|a| a.response)
            })
            .collect();
        let position = answers
            .iter()
            .position(|a| entry.sub_points.first() == Some(&a.entry_id))
            .unwrap_or(answers.len());
        answers.insert(
            position,
            Answer {
                entry_id: entry.id.clone(),
                response: derived_response(&responses),
                na_reason: None,
                action_required: false,
                comment: "Each protocol is in the safeguarding policy's appendices.".to_owned(),
                lead: "Head of Safeguarding".to_owned(),
                due_date: None,
                policy_ref: String::new(),
                review_date: None,
                carried_from: None,
            },
        );
    }

    let evidence = sample_evidence(prepared_at);
    let actions = sample_actions(actions, &answers, &framework, today);
    let audit = sample_audit(&answers, &signatories);

    AssessmentRecord {
        format: if first_format {
            RECORD_FORMAT_1
        } else {
            RECORD_FORMAT
        }
        .to_owned(),
        layout: (!first_format).then_some(layout),
        assessment: RecordHeader {
            id: Uuid::from_u128(0x5d3c_1f2a_9b7e_4c11_8a2d_6e0f_3b9a_7c41),
            organisation: "Northshire NHS Foundation Trust".to_owned(),
            assessor: "Alex Morgan".to_owned(),
            assessment_date,
            status: AssessmentStatus::Complete,
            version: 2,
            previous_version: Some(Uuid::from_u128(0x1a2b_3c4d_5e6f_4a1b_9c2d_3e4f_5a6b_7c8d)),
        },
        framework: RecordFramework::Current(framework),
        answers,
        evidence,
        actions,
        training: None,
        audit_head: sha256_hex(format!("audit head {}", audit.len()).as_bytes()),
        audit,
        signatories,
        prepared_at,
    }
}

/// Entry, title, location, and the attached file's name and size.
type EvidenceRow = (
    &'static str,
    &'static str,
    &'static str,
    Option<(&'static str, u64)>,
);

fn sample_evidence(prepared_at: DateTime<Utc>) -> Vec<RecordEvidence> {
    let rows: [EvidenceRow; 8] = [
        (
            "1",
            "Prevent policy, version 4",
            "Intranet > Policies > Safeguarding",
            Some(("prevent-policy-v4.pdf", 482_113)),
        ),
        (
            "2",
            "Mandatory training matrix 2026/27",
            "Workforce SharePoint > Training",
            Some(("training-matrix-2026.xlsx", 96_240)),
        ),
        (
            "3a",
            "Safeguarding team contact card",
            "Intranet > Safeguarding > Contacts",
            None,
        ),
        (
            "3e",
            "Information sharing protocol with Northshire County Council",
            "Governance drive > Agreements > ISP-2025-14",
            Some(("isp-2025-14-prevent-channel.pdf", 1_204_877)),
        ),
        (
            "4",
            "Prevent risk assessment and risk register extract",
            "Risk management system, risk 2214",
            None,
        ),
        (
            "12",
            "Board report: Prevent annual update",
            "Board papers, September 2026, item 9",
            Some(("board-2026-09-item-9.pdf", 356_002)),
        ),
        (
            "C1",
            "Recruitment and selection policy",
            "Intranet > Policies > HR",
            Some(("recruitment-selection-policy.docx", 64_512)),
        ),
        (
            "C4",
            "Equality impact assessment of the Prevent policy",
            "Equality team > EIAs > 2026",
            None,
        ),
    ];
    rows.iter()
        .enumerate()
        .map(|(i, (entry, title, location, file))| RecordEvidence {
            entry_id: (*entry).to_owned(),
            title: (*title).to_owned(),
            location: (*location).to_owned(),
            file_name: file.map(|(name, _)| name.to_owned()),
            file_size: file.map(|(_, size)| size),
            file_sha256: file.map(|(name, _)| sha256_hex(name.as_bytes())),
            added_at: prepared_at - chrono::Duration::days(20 - i as i64),
            added_by: if i % 2 == 0 {
                "Alex Morgan"
            } else {
                "Jordan Ellis"
            }
            .to_owned(),
        })
        .collect()
}

fn sample_actions(
    count: usize,
    answers: &[Answer],
    framework: &prevent_core::Framework,
    today: NaiveDate,
) -> Vec<RecordAction> {
    let gaps: Vec<&Answer> = answers.iter().filter(|a| a.action_required).collect();
    let texts = [
        "Add Prevent refresher training for bank and agency staff to the mandatory training matrix and report compliance monthly.",
        "Publish the escalation flow chart on the intranet.",
        "Agree an information sharing protocol for Channel referrals with the county council and the police, covering what is shared, how it is recorded and who decides when consent is not given; brief the safeguarding team and the information governance leads on it.",
        "Review the policy.",
        "Add Prevent to the organisational risk register and review it quarterly at the risk committee.",
    ];
    let mut actions: Vec<RecordAction> = (0..count)
        .map(|i| {
            let source = gaps.get(i % gaps.len().max(1));
            let entry = source.and_then(|a| framework.entry(&a.entry_id));
            let (owners, department) = OWNERS[i % OWNERS.len()];
            let status = [
                ActionStatus::NotStarted,
                ActionStatus::InProgress,
                ActionStatus::InProgress,
                ActionStatus::Completed,
                ActionStatus::NotStarted,
                ActionStatus::Deferred,
            ][i % 6];
            // Every fourth open action is past its date.
            let due = if i % 4 == 1 {
                today.checked_sub_days(Days::new(5 + i as u64))
            } else if i % 7 == 6 {
                None
            } else {
                today.checked_add_days(Days::new(14 + 9 * i as u64))
            };
            RecordAction {
                source: entry.map(|e| e.label()).unwrap_or_default(),
                objective: framework
                    .entry_list()
                    .iter()
                    .find(|e| entry.is_some_and(|r| r.id == e.id))
                    .map(|e| e.text.clone())
                    .unwrap_or_default(),
                action: texts[i % texts.len()].to_owned(),
                priority: [Priority::High, Priority::Medium, Priority::Low][i % 3],
                status,
                deferred_reason: (status == ActionStatus::Deferred).then(|| {
                    "Waiting for the regional Prevent coordinator's new guidance.".to_owned()
                }),
                owners: owners.to_owned(),
                department: department.to_owned(),
                due,
                gap: if i % 9 == 8 {
                    GapState::Closed
                } else {
                    GapState::Open
                },
                completed_on: (status == ActionStatus::Completed)
                    .then(|| today - Days::new(3 + i as u64)),
                signed_off_by: (status == ActionStatus::Completed)
                    .then(|| "Dr Priya Shah".to_owned()),
            }
        })
        .collect();
    // The plan's order: effective priority, then date.
    actions.sort_by(|a, b| {
        let priority = |x: &RecordAction| prevent_core::plan::effective_priority(x, today);
        priority(b)
            .cmp(&priority(a))
            .then_with(|| match (a.due, b.due) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
    });
    actions
}

struct AuditTrail {
    rows: Vec<RecordAuditRow>,
    start: DateTime<Utc>,
}

impl AuditTrail {
    fn push(
        &mut self,
        entity: &str,
        entry: Option<&str>,
        field: &str,
        change: (Option<String>, Option<String>),
        who: (&str, &str),
    ) {
        let seq = self.rows.len() as i64 + 1;
        self.rows.push(RecordAuditRow {
            seq,
            at: self.start + chrono::Duration::minutes(seq * 53),
            actor: who.0.to_owned(),
            actor_role: who.1.to_owned(),
            entity: entity.to_owned(),
            entry_id: entry.map(str::to_owned),
            field: field.to_owned(),
            old_value: change.0,
            new_value: change.1,
        });
    }
}

fn sample_audit(answers: &[Answer], signatories: &[Signatory]) -> Vec<RecordAuditRow> {
    let people = [
        ("Alex Morgan", "Assessor"),
        ("Jordan Ellis", "Head of Safeguarding"),
        ("Dr Priya Shah", "Accountable Prevent lead"),
    ];
    let mut trail = AuditTrail {
        rows: Vec::new(),
        start: utc(2026, 11, 1, 9, 0),
    };
    trail.push(
        "assessment",
        None,
        "created",
        (
            None,
            Some("Northshire NHS Foundation Trust, 2026-11-14".to_owned()),
        ),
        people[0],
    );
    let wanted = 300 - signatories.len().min(300);
    let response = |a: &Answer| a.response.map(|r| r.as_str().to_owned());
    let mut round = 0;
    while trail.rows.len() < wanted && !answers.is_empty() {
        for (i, answer) in answers.iter().enumerate() {
            if trail.rows.len() >= wanted {
                break;
            }
            let who = people[(i + round) % people.len()];
            let entry = Some(answer.entry_id.as_str());
            match round % 4 {
                0 => trail.push("answer", entry, "response", (None, response(answer)), who),
                1 if !answer.comment.is_empty() => trail.push(
                    "answer",
                    entry,
                    "comment",
                    (None, Some(answer.comment.chars().take(90).collect())),
                    who,
                ),
                2 if !answer.lead.is_empty() => trail.push(
                    "answer",
                    entry,
                    "lead",
                    (
                        Some("Safeguarding team".to_owned()),
                        Some(answer.lead.clone()),
                    ),
                    who,
                ),
                3 => trail.push(
                    "answer",
                    entry,
                    "response",
                    (Some("partial".to_owned()), response(answer)),
                    who,
                ),
                _ => trail.push(
                    "evidence",
                    entry,
                    "title",
                    (None, Some("Prevent policy, version 4".to_owned())),
                    who,
                ),
            }
        }
        round += 1;
    }
    for signatory in signatories {
        trail.push(
            "sign_off",
            None,
            "signed_off",
            (
                None,
                Some(format!("{} ({})", signatory.name, signatory.role)),
            ),
            (&signatory.name, &signatory.role),
        );
    }
    trail.rows
}

/// A board report record for 2026 of the organisation of
/// [`complete_record`]: that assessment signed off, a plan's progress,
/// three reporting dates of training figures and every narrative filled
/// in; signed off by the accountable lead when `signed`, else a draft.
pub fn board_record(signed: bool) -> prevent_core::board::BoardReportRecord {
    use prevent_core::board::{
        BOARD_RECORD_FORMAT, BoardAssessment, BoardNarrative, BoardPlan, BoardReportRecord,
        BoardTraining, LevelFigures, PriorityProgress, ResourcesStatement, TrainingPoint,
    };
    // The assessment as sealed in layout 2, not the current layout: its
    // digest is printed, and a new assessment layout must not move the
    // pinned board report.
    let assessment = complete_record_in_layout(6, 2, 2);
    let progress = |priority, total, opened, completed, open, overdue| PriorityProgress {
        priority,
        total,
        opened,
        completed,
        open,
        overdue,
    };
    let point = |month, basic: (u32, u32), level3: (u32, u32)| TrainingPoint {
        as_of: date(2026, month, 28),
        levels: vec![
            LevelFigures {
                level: TrainingLevel::Basic,
                in_date: basic.0,
                headcount: basic.1,
            },
            LevelFigures {
                level: TrainingLevel::Level3,
                in_date: level3.0,
                headcount: level3.1,
            },
        ],
    };
    let prepared_at = utc(2026, 12, 2, 10, 30);
    BoardReportRecord {
        format: BOARD_RECORD_FORMAT.to_owned(),
        layout: crate::BOARD_LAYOUT_VERSION,
        organisation: assessment.assessment.organisation.clone(),
        year: 2026,
        as_at: date(2026, 12, 2),
        narrative: BoardNarrative {
            referrals: Some(7),
            referrals_breakdown: "5 to Channel panels\n2 advice-only consultations with the regional Prevent coordinator".to_owned(),
            incidents: "One significant incident in the emergency department in May, reviewed by the safeguarding team.\n\nLessons shared with all ward managers.".to_owned(),
            resources: Some(ResourcesStatement::Partly),
            resources_note: "The Prevent lead post is funded; the level 3 trainer post is vacant until March.".to_owned(),
            activity: "Prevent awareness week in October; new e-learning for estates staff.".to_owned(),
            lead: "Dr Priya Shah".to_owned(),
        },
        plan: Some(BoardPlan {
            assessment_id: assessment.assessment.id,
            assessment_date: assessment.assessment.assessment_date,
            priorities: vec![
                progress(Priority::High, 3, 3, 1, 2, 1),
                progress(Priority::Medium, 2, 2, 1, 1, 0),
                progress(Priority::Low, 1, 1, 0, 1, 0),
            ],
            not_signed_off: false,
        }),
        assessments: vec![BoardAssessment::from_sealed(&assessment)],
        training: BoardTraining {
            validity_years: 3,
            points: vec![
                point(2, (812, 1000), (50, 70)),
                point(6, (851, 1000), (55, 70)),
                point(11, (902, 1000), (58, 70)),
            ],
        },
        // Written out, not taken from the core, so that rewording a
        // reading changes new reports, never this pinned sample.
        readings: [
            "The year is the calendar year, 1 January to 31 December.",
            "An assessment is reported in the year its latest sign-off was recorded.",
            "Percentages are shown to one decimal place, rounded down, so a figure below the target never shows as 85.0%.",
        ]
        .map(str::to_owned)
        .to_vec(),
        signatories: if signed {
            vec![Signatory {
                name: "Dr Priya Shah".to_owned(),
                role: "Accountable Prevent lead".to_owned(),
                signed_at: prepared_at,
                recorded: Some(Recording {
                    at: prepared_at,
                    by: "Dr Priya Shah".to_owned(),
                    by_role: "Accountable Prevent lead".to_owned(),
                    on_behalf: false,
                }),
            }]
        } else {
            Vec::new()
        },
        prepared_at,
    }
}
