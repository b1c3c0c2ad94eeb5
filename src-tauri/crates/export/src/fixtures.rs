//! A plan for the tests: every status, an overdue action, a closed gap, an
//! action with no date, and text written to break CSV, HTML and iCalendar.

use chrono::{DateTime, NaiveDate, Utc};
use prevent_core::plan::view::PlanSource;
use prevent_core::plan::{
    Action, ActionStatus, EditedFields, GapState, PlanFilter, PlanView, Priority, ProgressNote,
};
use prevent_core::{Assessment, AssessmentStatus, Framework, Frameworks, PREVENT_TOOLKIT_2011};
use uuid::Uuid;

pub const TODAY: &str = "2027-01-10";
pub const HOSTILE: &str = "He said \"no\", then <script>alert('x')</script>; later\r\nline two, with a comma\\backslash — café ✓";
pub const FORMULA: &str = "=HYPERLINK(\"http://example.invalid\",\"click\")";

pub fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a test date")
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("a test time")
        .with_timezone(&Utc)
}

pub fn frameworks() -> &'static Frameworks {
    Frameworks::embedded().expect("the shipped frameworks")
}

pub fn framework() -> &'static Framework {
    frameworks().get(PREVENT_TOOLKIT_2011).expect("the toolkit")
}

pub fn assessment() -> Assessment {
    Assessment {
        id: Uuid::from_u128(0xA55E_55ED),
        framework_id: PREVENT_TOOLKIT_2011.to_owned(),
        framework_version: "2011".to_owned(),
        organisation: "Northshire Community NHS Trust, \"East\"".to_owned(),
        assessor: "Alex Morgan".to_owned(),
        assessment_date: date("2026-11-20"),
        status: AssessmentStatus::InProgress,
        created_at: at("2026-11-20T09:00:00Z"),
        updated_at: at("2026-11-20T09:00:00Z"),
        version: 1,
        previous_version: None,
        next_version: None,
        sealed_at: None,
    }
}

pub struct Spec {
    pub n: u128,
    pub source: &'static str,
    pub action: &'static str,
    pub priority: Priority,
    pub status: ActionStatus,
    pub gap: GapState,
    pub due: Option<&'static str>,
}

pub fn action(spec: &Spec) -> Action {
    let framework = framework();
    Action {
        id: Uuid::from_u128(spec.n),
        assessment_id: assessment().id,
        source: spec.source.to_owned(),
        objective: prevent_core::plan::objective_of(framework, spec.source),
        action: spec.action.to_owned(),
        priority: spec.priority,
        rule: "no-response".to_owned(),
        default_rule: "no-response".to_owned(),
        priority_reason: None,
        status: spec.status,
        deferred_reason: (spec.status == ActionStatus::Deferred)
            .then(|| "Waiting for the new intranet".to_owned()),
        owners: "Head of Safeguarding; A. Khan".to_owned(),
        department: "Safeguarding".to_owned(),
        due: spec.due.map(date),
        gap: spec.gap,
        completed_on: (spec.status == ActionStatus::Completed).then(|| date("2027-01-15")),
        signed_off_by: (spec.status == ActionStatus::Completed).then(|| "Sam Lee".to_owned()),
        edited: EditedFields::default(),
        notes: Vec::new(),
        created_at: at("2026-11-20T09:00:00Z"),
        updated_at: at("2026-11-20T09:00:00Z"),
    }
}

pub fn actions() -> Vec<Action> {
    use ActionStatus::*;
    use GapState::*;
    use Priority::*;
    let spec = |n, source, action, priority, status, gap, due| Spec {
        n,
        source,
        action,
        priority,
        status,
        gap,
        due,
    };
    let mut list: Vec<Action> = [
        spec(
            1,
            "3b",
            "Put in place: a route for raising concerns.",
            High,
            NotStarted,
            Open,
            Some("2027-03-31"),
        ),
        spec(
            2,
            "C4",
            HOSTILE,
            Medium,
            InProgress,
            Open,
            Some("2026-12-01"),
        ),
        spec(
            3,
            "1",
            "Adopt the Prevent policy.",
            Low,
            Completed,
            Open,
            Some("2026-12-20"),
        ),
        spec(
            4,
            "5",
            "Review the training records.",
            Low,
            NotStarted,
            Open,
            None,
        ),
        spec(
            5,
            "7",
            "Deferred work.",
            Medium,
            Deferred,
            Open,
            Some("2027-02-01"),
        ),
        spec(
            6,
            "9",
            "A gap that closed.",
            Medium,
            NotStarted,
            Closed,
            Some("2027-02-02"),
        ),
        spec(7, "C5", FORMULA, Low, NotStarted, Open, Some("2027-06-30")),
    ]
    .iter()
    .map(action)
    .collect();
    list[1].notes = vec![
        ProgressNote {
            at: at("2026-12-02T10:00:00Z"),
            by: "Sam Lee".to_owned(),
            text: "Draft shared, \"v2\"".to_owned(),
        },
        ProgressNote {
            at: at("2026-12-09T10:00:00Z"),
            by: "A. Khan".to_owned(),
            text: "Board to approve".to_owned(),
        },
    ];
    list[6].rule = prevent_core::plan::SET_BY_A_PERSON.to_owned();
    list[6].priority_reason = Some("Lower risk here".to_owned());
    list
}

pub fn plan() -> PlanView {
    let assessment = assessment();
    PlanView::build(
        frameworks(),
        vec![PlanSource {
            assessment: &assessment,
            actions: actions(),
        }],
        PlanFilter::default(),
        date(TODAY),
    )
}

/// The providers' core standards, as its file ships.
pub const PROVIDERS: &str = "prevent-core-standards-2024-providers";

/// The providers' framework with an action plan template of its own: the
/// shipped frameworks share their columns, and grouping is for when they do
/// not.
pub fn providers_with_own_columns() -> &'static Framework {
    use prevent_core::catalogue::TemplateColumn;
    static FRAMEWORK: std::sync::OnceLock<Framework> = std::sync::OnceLock::new();
    FRAMEWORK.get_or_init(|| {
        let mut framework = frameworks().get(PROVIDERS).expect("providers").clone();
        framework.action_plan_template.title = "Provider action plan".to_owned();
        framework.action_plan_template.columns = [
            ("objectives", "Standard"),
            ("action_required", "Action required"),
            ("responsible", "Lead"),
            ("completion_date", "Target date"),
            ("rag_rating", "RAG rating"),
        ]
        .iter()
        .map(|(id, label)| TemplateColumn {
            id: (*id).to_owned(),
            label: (*label).to_owned(),
        })
        .collect();
        framework
    })
}

/// An assessment against the providers' standards, with two open actions.
pub fn providers_assessment() -> Assessment {
    Assessment {
        id: Uuid::from_u128(0xB0B),
        framework_id: PROVIDERS.to_owned(),
        framework_version: "2024".to_owned(),
        organisation: "Southvale Care Ltd".to_owned(),
        ..assessment()
    }
}

/// The dashboard across the toolkit assessment and a providers' one, and
/// the frameworks behind it, the providers' with columns of its own.
pub fn mixed_plan() -> (PlanView, crate::PlanFrameworks<'static>) {
    let toolkit = assessment();
    let providers = providers_assessment();
    let providers_actions: Vec<Action> = [
        (11, "P1", "Name a Prevent lead."),
        (12, "P2", "Train the board."),
    ]
    .iter()
    .map(|(n, source, text)| Action {
        assessment_id: providers.id,
        objective: prevent_core::plan::objective_of(
            frameworks().get(PROVIDERS).expect("providers"),
            source,
        ),
        ..action(&Spec {
            n: *n,
            source,
            action: text,
            priority: Priority::High,
            status: ActionStatus::NotStarted,
            gap: GapState::Open,
            due: Some("2027-02-15"),
        })
    })
    .collect();
    let plan = PlanView::build(
        frameworks(),
        vec![
            PlanSource {
                assessment: &toolkit,
                actions: actions(),
            },
            PlanSource {
                assessment: &providers,
                actions: providers_actions,
            },
        ],
        PlanFilter::default(),
        date(TODAY),
    );
    let by_assessment = [
        (toolkit.id, framework()),
        (providers.id, providers_with_own_columns()),
    ]
    .into_iter()
    .collect();
    (plan, crate::PlanFrameworks::new(framework(), by_assessment))
}
