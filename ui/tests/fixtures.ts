// Test data: the real catalogues as Rust's `Framework::view()` gives them to
// the window (ui/tests/generated/catalogues.json, written by
// `cargo xtask bindings`), and builders for
// assessments, answers and evidence, with the review and saved answers Rust
// makes of them (ui/tests/generated/rust-answers.json).

import { responseLabelsFor } from "../src/lib/catalogue";
import catalogues from "./generated/catalogues.json";
import rustAnswersFile from "./generated/rust-answers.json";
import priorityRulesFile from "../../assets/frameworks/prevent-toolkit-2011.priorities.json";
import type { TrainingBeside } from "../src/ipc/generated/TrainingBeside";
import type { TrainingView } from "../src/ipc/generated/TrainingView";
import type {
  ActionView,
  AnswerInput,
  Actor,
  AnswerRecord,
  AppInfo,
  Assessment,
  AssessmentDetail,
  AssessmentPage,
  AssessmentSummary,
  CertificateView,
  CatalogueView,
  Evidence,
  PdfCheck,
  PlanCounts,
  PlanFilter,
  PlanView,
  PriorityRules,
  BoardReportView,
  ImportScreen,
  NeedsAnalysis,
  QuarterlyReturn,
  Review,
  SignOffState,
  Signatory,
} from "../src/ipc/api";

/** An answer as Rust's `Answer` holds it (an `AnswerRecord` without who and when). */
type Answer = Omit<AnswerRecord, "updated_at" | "updated_by">;

/** What Rust made of the cases in ui/tests/rust-cases.json. */
const rustAnswers = rustAnswersFile as unknown as {
  reviews: { assessment_date: string; today: string; answers: Answer[]; review: Review }[];
  saves: {
    entry_id: string;
    existing: Answer | null;
    input: AnswerInput;
    result: { answer: Answer } | { error: string };
  }[];
  plans: { actions: ActionView[]; counts: PlanCounts; owners: string[]; departments: string[] }[];
  training: { framework: string; as_of: string; beside: TrainingBeside | null }[];
  training_page: TrainingView;
  training_screens: {
    needs: NeedsAnalysis;
    import_columns: ImportScreen;
    import_counted: ImportScreen;
    board: BoardReportView;
    quarterly: QuarterlyReturn;
  };
};

/**
 * What Rust's application layer gives the training screens (the staff
 * groups, an export read and then counted, the board report's facts) for
 * the cases in ui/tests/rust-cases.json.
 */
export function trainingScreens(): typeof rustAnswers.training_screens {
  return structuredClone(rustAnswers.training_screens);
}

/** The training page's view as Rust's application layer makes it from the training cases. */
export function trainingView(): TrainingView {
  return structuredClone(rustAnswers.training_page);
}

/**
 * The training figures Rust shows beside a framework's training standards,
 * for the `index`th case of "training" in ui/tests/rust-cases.json.
 */
export function trainingBeside(index: number): TrainingBeside {
  const found = rustAnswers.training[index]?.beside;
  if (found === undefined || found === null) {
    throw new Error(`ui/tests/rust-cases.json has no training case ${index} that shows figures`);
  }
  return structuredClone(found);
}

/** Any shipped framework's catalogue exactly as the Rust side sends it to the window. */
export function catalogueOf(id: keyof typeof catalogues): CatalogueView {
  return structuredClone(catalogues[id]) as CatalogueView;
}

/** The 2011 toolkit's catalogue exactly as the Rust side sends it to the window. */
export function catalogueView(): CatalogueView {
  return structuredClone(catalogues["prevent-toolkit-2011"]) as CatalogueView;
}

export const ASSESSMENT_ID = "0b7d1a52-4a0e-4c1b-9f5c-2f1a3c4d5e6f";
export const ASSESSMENT_DATE = "2026-11-20";
/** "Today" for the review's review-date check. */
export const TODAY = "2026-11-21";

export const USER: Actor = { name: "Sam Lee", role: "Safeguarding lead" };

export function appInfo(overrides: Partial<AppInfo> = {}): AppInfo {
  const view = catalogueView();
  return {
    app_version: "0.1.0",
    database_path: "/home/user/.local/share/prevent-self-assessment/prevent.sqlite3",
    frameworks: [view.framework],
    user: { ...USER },
    startup_error: null,
    storage_warning: null,
    ...overrides,
  };
}

export function answer(overrides: Partial<AnswerRecord> & { entry_id: string }): AnswerRecord {
  return {
    updated_at: "2026-11-20T10:00:00Z",
    updated_by: "Sam Patel",
    response: "yes",
    na_reason: null,
    action_required: false,
    comment: "",
    lead: "",
    due_date: null,
    policy_ref: "",
    review_date: null,
    ...overrides,
  };
}

/** A complete answer for every entry a person answers: all "yes". */
export function allYes(): AnswerRecord[] {
  const view = catalogueView();
  return view.entries.filter((e) => e.sub_points.length === 0).map((e) => answer({ entry_id: e.id }));
}

export function evidence(overrides: Partial<Evidence> & { entry_id: string }): Evidence {
  return {
    id: `ev-${overrides.entry_id}`,
    assessment_id: ASSESSMENT_ID,
    title: "Prevent policy",
    location: "Intranet",
    file: null,
    added_at: "2026-11-20T10:00:00Z",
    added_by: USER.name,
    ...overrides,
  };
}

// --- The review and saved answers, as the app's own Rust code makes them. ---
//
// The tests list each set of answers they review and each save they make in
// ui/tests/rust-cases.json; `cargo xtask bindings` runs prevent-core's
// `review::review` and `Answer::apply` on them into
// ui/tests/generated/rust-answers.json, read here. A rule changed in Rust
// changes what the tests see.

/** An answer as Rust's `Answer` holds it: no who or when, no carried_from unless carried. */
function rustAnswer(record: AnswerRecord | Answer): Answer {
  const answer: Answer = {
    entry_id: record.entry_id,
    response: record.response,
    na_reason: record.na_reason,
    action_required: record.action_required,
    comment: record.comment,
    lead: record.lead,
    due_date: record.due_date,
    policy_ref: record.policy_ref,
    review_date: record.review_date,
  };
  if (record.carried_from != null) {
    answer.carried_from = record.carried_from;
  }
  return answer;
}

/**
 * JSON with object keys sorted and null fields left out, for comparing values
 * whatever order their keys were written in (Rust writes a field left out of
 * an `AnswerInput` as null; both mean "keep what is recorded").
 */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.entries(inner)
            .filter(([, field]) => field !== null)
            .sort(([a], [b]) => a.localeCompare(b)),
        )
      : inner,
  );
}

function byEntry(answers: readonly (AnswerRecord | Answer)[]): Answer[] {
  return answers.map(rustAnswer).sort((a, b) => a.entry_id.localeCompare(b.entry_id));
}

function missingCase(list: "reviews" | "saves" | "plans", wanted: unknown): Error {
  // Also on the console: a mocked command's error may be caught and shown by the page under test.
  console.error(`Rust has not worked this case out (${list}):\n${JSON.stringify(wanted)}`);
  return new Error(
    `Rust has not worked this case out: add it to "${list}" in ui/tests/rust-cases.json and run ` +
      `\`cargo xtask bindings\` (UPDATE_BINDINGS=1 cargo test --test bindings):\n${JSON.stringify(wanted)}`,
  );
}

/** The review of `answers`, as prevent-core's `review::review` works it out. */
export function reviewOf(
  answers: readonly AnswerRecord[],
  options: { assessmentDate?: string; today?: string } = {},
): Review {
  const wanted = {
    assessment_date: options.assessmentDate ?? ASSESSMENT_DATE,
    today: options.today ?? TODAY,
    answers: byEntry(answers),
  };
  const key = canonical(wanted);
  const found = rustAnswers.reviews.find(
    (c) => canonical({ assessment_date: c.assessment_date, today: c.today, answers: byEntry(c.answers) }) === key,
  );
  if (found === undefined) {
    throw missingCase("reviews", wanted);
  }
  return structuredClone(found.review);
}

/**
 * The answer saving `input` over `existing` makes, as prevent-core's
 * `Answer::apply` works it out; throws what Rust refused with.
 */
export function savedAnswer(entryId: string, existing: AnswerRecord | undefined, input: AnswerInput): Answer {
  const wanted = { entry_id: entryId, existing: existing === undefined ? null : rustAnswer(existing), input };
  const key = canonical(wanted);
  const found = rustAnswers.saves.find(
    (c) => canonical({ entry_id: c.entry_id, existing: c.existing === null ? null : rustAnswer(c.existing), input: c.input }) === key,
  );
  if (found === undefined) {
    throw missingCase("saves", wanted);
  }
  if ("error" in found.result) {
    throw new Error(found.result.error);
  }
  return structuredClone(found.result.answer);
}

export function assessment(overrides: Partial<Assessment> = {}): Assessment {
  return {
    id: ASSESSMENT_ID,
    framework_id: "prevent-toolkit-2011",
    framework_version: "2011",
    organisation: "Northshire Community Health NHS Trust",
    assessor: "Alex Morgan",
    assessment_date: ASSESSMENT_DATE,
    status: "in_progress",
    created_at: "2026-11-20T09:00:00Z",
    updated_at: "2026-11-20T09:00:00Z",
    version: 1,
    previous_version: null,
    next_version: null,
    sealed_at: null,
    ...overrides,
  };
}

export function assessmentDetail(
  answers: AnswerRecord[] = [],
  options: { assessment?: Partial<Assessment>; evidence?: Evidence[]; training?: TrainingBeside } = {},
): AssessmentDetail {
  const header = assessment(options.assessment);
  return {
    assessment: header,
    answers,
    evidence: options.evidence ?? [],
    review: reviewOf(answers, { assessmentDate: header.assessment_date }),
    training: options.training ?? null,
  };
}

export function assessmentSummary(
  answered: number,
  overrides: Partial<Assessment> = {},
  total = 46,
): AssessmentSummary {
  return { assessment: assessment(overrides), answered, total };
}

/** One page of home's list as Rust sends it: `summaries` on page `page` of `pages`. */
export function assessmentPageOf(
  summaries: AssessmentSummary[],
  place: { page?: number; pages?: number; total?: number; skipped?: number } = {},
): AssessmentPage {
  return {
    assessments: summaries,
    page: place.page ?? 1,
    pages: place.pages ?? 1,
    total: place.total ?? summaries.length,
    skipped: place.skipped ?? 0,
  };
}

// --- The action plan. Counts here are test data worked out simply; the app's
// own counting, sorting and filtering live in Rust and are tested there. ---

export const ACTION_ID = "7f3c9a10-2b4d-4e6f-8a1b-3c5d7e9f1a2b";

/** The wording of an entry of the real catalogue. */
export function entryText(id: string): string {
  return catalogueView().entries.find((e) => e.id === id)?.text ?? id;
}

export function actionView(overrides: Partial<ActionView> = {}): ActionView {
  const source = overrides.source ?? "5";
  return {
    id: ACTION_ID,
    assessment_id: ASSESSMENT_ID,
    source,
    source_label: `Item ${source}`,
    organisation: "Northshire Community Health NHS Trust",
    assessment_date: ASSESSMENT_DATE,
    framework_title: "Prevent self-assessment tool for internal use",
    objective: entryText(source),
    action: "Add Prevent incidents to the governance and risk report",
    priority: "high",
    effective_priority: "high",
    overdue: false,
    due_soon: false,
    gap_closed_to_confirm: false,
    gap_reopened: false,
    why: {
      set_by_a_person: false,
      summary:
        'Not in place, and the 2024 core standards require it. Rule "core-no". Weight: Core standard — ' +
        "The 2024 core standards require a report on Prevent to the board.",
      rule: {
        rule: "core-no",
        priority: "high",
        explanation: "Not in place, and the 2024 core standards require it.",
        weight: "core",
        weight_label: "Core standard",
        weight_rationale: "The 2024 core standards require a report on Prevent to the board.",
      },
    },
    rule: "core-no",
    default_rule: "core-no",
    priority_reason: null,
    status: "not_started",
    deferred_reason: null,
    owners: "A. Khan; B. Jones",
    department: "Governance",
    due: "2027-03-31",
    gap: "open",
    completed_on: null,
    signed_off_by: null,
    edited: { action: false, owners: false, due: false, priority: false },
    notes: [],
    created_at: "2026-11-20T10:00:00Z",
    updated_at: "2026-11-20T10:00:00Z",
    ...overrides,
  };
}

/** The real priority rules (assets/frameworks/prevent-toolkit-2011.priorities.json), as get_priority_rules sends them. */
export function priorityRules(): PriorityRules {
  return structuredClone(priorityRulesFile) as PriorityRules;
}

/** A varied plan: overdue (raised from low), due soon, in progress, deferred, a closed gap, completed. */
export function sampleActions(): ActionView[] {
  return [
    actionView({ id: "a-1", source: "1", action: "Write the Prevent policy", priority: "high", effective_priority: "high" }),
    actionView({
      id: "a-2",
      source: "3b",
      source_label: "Item 3b",
      action: "Agree how staff raise concerns",
      priority: "low",
      effective_priority: "medium",
      overdue: true,
      due: "2026-10-01",
      owners: "C. Patel",
      department: "Safeguarding",
    }),
    actionView({
      id: "a-3",
      source: "6",
      action: "Feed back near misses to staff",
      priority: "medium",
      effective_priority: "medium",
      status: "in_progress",
      due: "2026-12-01",
      due_soon: true,
    }),
    actionView({
      id: "a-4",
      source: "C4",
      source_label: "Checklist entry C4",
      action: "Review the policy",
      priority: "low",
      effective_priority: "low",
      status: "deferred",
      deferred_reason: "Waiting for the new national guidance",
      due: null,
      owners: "",
      department: "",
    }),
    actionView({
      id: "a-5",
      source: "2",
      action: "Train staff",
      priority: "medium",
      effective_priority: "medium",
      gap: "closed",
      gap_closed_to_confirm: true,
    }),
    actionView({
      id: "a-6",
      source: "4",
      action: "Assess the local risk",
      priority: "low",
      effective_priority: "low",
      status: "completed",
      completed_on: "2026-11-15",
      signed_off_by: "Sam Lee",
    }),
  ];
}

/** The counts and the filter's lists Rust's `plan::view` makes of `actions`. */
function rustPlan(actions: readonly ActionView[]): (typeof rustAnswers.plans)[number] {
  const key = canonical(actions);
  const found = rustAnswers.plans.find((c) => canonical(c.actions) === key);
  if (found === undefined) {
    throw missingCase("plans", { actions });
  }
  return structuredClone(found);
}

/** A PlanView showing `actions` (already filtered, in order), as Rust would send it. */
export function planViewOf(
  actions: readonly ActionView[],
  options: { filter?: PlanFilter; all?: readonly ActionView[]; total?: PlanCounts } = {},
): PlanView {
  const all = options.all ?? actions;
  const lists = rustPlan(all);
  const overdue = all.filter((a) => a.overdue);
  const dueSoon = all.filter((a) => a.due_soon);
  return {
    today: TODAY,
    filter: options.filter ?? {},
    actions: [...actions],
    counts: options.total ?? rustPlan(actions).counts,
    overdue: overdue.slice(0, 10),
    overdue_total: overdue.length,
    due_soon: dueSoon.slice(0, 10),
    due_soon_total: dueSoon.length,
    owners: lists.owners,
    departments: lists.departments,
  };
}

// --- Sign-off, the seal and checking a PDF. ---

export const SEALED_AT = "2026-11-22T14:05:00Z";
export const RECORD_SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
export const FINGERPRINT =
  "3A:7F:00:C2:91:5E:4B:D8:6A:12:EE:0F:73:B9:24:C1:58:AD:3E:97:02:FB:6C:41:D0:8E:25:B7:19:CA:64:F3";

export function signatory(overrides: Partial<Signatory> = {}): Signatory {
  return { name: "Priya Shah", role: "Accountable Prevent lead", signed_at: SEALED_AT, ...overrides };
}

export function certificate(overrides: Partial<CertificateView> = {}): CertificateView {
  return {
    subject: "CN=Northshire Community Health NHS Trust (Prevent Self-Assessment)",
    fingerprint: FINGERPRINT,
    not_before: "2026-11-22T14:05:00Z",
    not_after: "2036-11-22T14:05:00Z",
    trusted: true,
    own: true,
    ...overrides,
  };
}

/** The sign-off state of the fixture assessment: complete, sealed by `signatories` when any. */
export function signOffState(
  signatories: Signatory[] = [],
  overrides: Partial<Assessment> = {},
): SignOffState {
  const sealed = signatories.length > 0;
  return {
    assessment: assessment({ status: "complete", sealed_at: sealed ? SEALED_AT : null, ...overrides }),
    signatories,
    record_sha256: sealed ? RECORD_SHA256 : null,
    certificate: sealed ? certificate() : null,
  };
}

export function pdfCheck(overrides: Partial<PdfCheck> = {}): PdfCheck {
  return {
    outcome: "valid",
    summary: "Valid: unchanged since it was signed off by Dr Priya Shah (Accountable Prevent lead), signed with this installation's own certificate.",
    detail: "Signed off by Dr Priya Shah (Accountable Prevent lead), signed with this installation's own certificate.",
    reasons: [],
    sealed: {
      organisation: "Northshire Community Health NHS Trust",
      assessment_id: ASSESSMENT_ID,
      assessment_date: ASSESSMENT_DATE,
      version: 1,
      framework: "Prevent self-assessment toolkit (2011)",
      signatories: [signatory(), signatory({ name: "Alex Morgan", role: "Assessor", signed_at: "2026-11-23T09:30:00Z" })],
      digest: RECORD_SHA256,
      layout: 2,
    },
    certificate: certificate(),
    ...overrides,
  };
}

/** Lets pending promise callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

/** The toolkit's own words, read from the generated catalogue by part. */
export function toolkitWords(view: CatalogueView = catalogueView()) {
  const part = (key: string) => {
    const found = view.parts.find((candidate) => candidate.key === key);
    if (found === undefined) {
      throw new Error(`the toolkit has a part ${key}`);
    }
    return found;
  };
  const items = part("organisational");
  const checklist = part("policies-and-procedures");
  return {
    item_label: items.entry_label,
    checklist_entry_label: checklist.entry_label,
    source_attribution: view.source_attribution,
    item_question: items.question,
    checklist_entry_question: checklist.question,
    item_responses: responseLabelsFor(view, items),
    checklist_responses: responseLabelsFor(view, checklist),
    regulation_scheme: items.regulation_scheme ?? "",
    checklist_question: checklist.intro ?? "",
    derivation_rule: items.derivation_rule ?? "",
  };
}
