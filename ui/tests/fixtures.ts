// Test data: the real catalogues as Rust's `Framework::view()` gives them to
// the window (ui/tests/generated/catalogues.json, written by
// `cargo xtask bindings`), and builders for
// assessments, answers, evidence and the review (a port of the Rust
// `review::review`, so pages are tested against realistic states and findings).

import { responseLabelsFor } from "../src/lib/catalogue";
import catalogues from "./generated/catalogues.json";
import priorityRulesFile from "../../assets/frameworks/prevent-toolkit-2011.priorities.json";
import type {
  ActionView,
  Actor,
  AnswerRecord,
  AppInfo,
  Assessment,
  AssessmentDetail,
  AssessmentSummary,
  CatalogueEntry,
  CertificateView,
  CatalogueView,
  EntryReview,
  Evidence,
  Finding,
  PartReview,
  PdfCheck,
  PlanCounts,
  PlanFilter,
  PlanView,
  PriorityRules,
  Response,
  ResponseCounts,
  Review,
  SignOffState,
  Signatory,
  StepState,
} from "../src/ipc/api";

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

// --- The review, as prevent-core's review::review works it out. ---

function derivedResponse(responses: readonly (Response | null)[]): Response | null {
  if (responses.length === 0 || responses.some((r) => r === null)) {
    return null;
  }
  const applicable = responses.filter((r) => r !== "na");
  if (applicable.length === 0) {
    return "na";
  }
  if (applicable.every((r) => r === "yes")) {
    return "yes";
  }
  if (applicable.every((r) => r === "no")) {
    return "no";
  }
  return "partial";
}

function combine(states: readonly StepState[]): StepState {
  if (states.length === 0 || states.every((s) => s === "not_started")) {
    return "not_started";
  }
  if (states.some((s) => s === "not_started" || s === "incomplete")) {
    return "incomplete";
  }
  return states.includes("needs_attention") ? "needs_attention" : "complete";
}

function longDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  const month = new Date(Date.UTC(y ?? 2000, (m ?? 1) - 1, 1)).toLocaleString("en-GB", {
    month: "long",
    timeZone: "UTC",
  });
  return `${d} ${month} ${y}`;
}

function reviewAnswer(
  entry: CatalogueEntry,
  record: AnswerRecord | undefined,
  assessmentDate: string,
  today: string,
): EntryReview {
  const findings: Finding[] = [];
  const finding = (field: string, message: string, blocks: boolean): void => {
    findings.push({ entry_id: entry.id, field, message, blocks_completion: blocks });
  };
  const subject = entry.label.charAt(0).toLowerCase() + entry.label.slice(1);
  if (record?.carried_from != null) {
    finding("carried_from", `Confirm or change the answer carried over for ${subject} from ${record.carried_from}`, true);
    return {
      entry_id: entry.id,
      state: "incomplete",
      response: null,
      derived: false,
      findings,
      carried_from: record.carried_from,
      carried_response: record.response,
    };
  }
  const started =
    record !== undefined &&
    (record.response !== null ||
      record.comment !== "" ||
      record.lead !== "" ||
      record.due_date !== null ||
      record.policy_ref !== "" ||
      record.review_date !== null);
  const response = record?.response ?? null;
  if (response === null) {
    finding("response", `Select a response for ${subject}`, true);
  } else if (record !== undefined) {
    if (response === "na" && record.na_reason === null) {
      finding("na_reason", `Enter why ${subject} does not apply`, true);
    }
    if (record.action_required) {
      if (record.lead === "") {
        finding("lead", `Enter the department lead or nominated lead for ${subject}, as action is required`, true);
      }
      if (record.due_date === null) {
        finding("due_date", `Enter the date for completion for ${subject}, as action is required`, true);
      }
    }
    if (record.due_date !== null && record.due_date < assessmentDate) {
      finding(
        "due_date",
        `The date for completion for ${subject} is before the date of assessment: check it is right`,
        false,
      );
    }
    const asksReviewDate = catalogueView().parts.some(
      (part) => part.key === entry.part_key && part.answer_fields.includes("review_date"),
    );
    if (asksReviewDate && record.review_date !== null && record.review_date < today) {
      finding(
        "review_date",
        `The policy for ${subject} was due for review on ${longDate(record.review_date)}: review it or record the new review date`,
        false,
      );
    }
  }
  let state: StepState;
  if (!started) {
    state = "not_started";
  } else if (findings.some((f) => f.blocks_completion)) {
    state = "incomplete";
  } else {
    state = findings.length === 0 ? "complete" : "needs_attention";
  }
  return {
    entry_id: entry.id,
    state,
    response,
    derived: false,
    findings: started ? findings : findings.filter((f) => f.field === "response"),
    carried_from: null,
    carried_response: null,
  };
}

/** The review of `answers`, as the app works it out. */
export function reviewOf(
  answers: readonly AnswerRecord[],
  options: { assessmentDate?: string; today?: string } = {},
): Review {
  const view = catalogueView();
  const assessmentDate = options.assessmentDate ?? ASSESSMENT_DATE;
  const today = options.today ?? TODAY;
  const byId = new Map(answers.map((a) => [a.entry_id, a]));
  const reviews = new Map<string, EntryReview>();
  for (const entry of view.entries) {
    if (entry.sub_points.length === 0) {
      reviews.set(entry.id, reviewAnswer(entry, byId.get(entry.id), assessmentDate, today));
    }
  }
  for (const entry of view.entries) {
    if (entry.sub_points.length === 0) {
      continue;
    }
    const children = entry.sub_points
      .map((id) => reviews.get(id))
      .filter((r): r is EntryReview => r !== undefined);
    reviews.set(entry.id, {
      entry_id: entry.id,
      state: combine(children.map((c) => c.state)),
      response: derivedResponse(children.map((c) => c.response)),
      derived: true,
      carried_from: null,
      carried_response: null,
      findings: [],
    });
  }
  const entries: EntryReview[] = [];
  const parts: PartReview[] = [];
  let answered = 0;
  let total = 0;
  for (const part of view.parts) {
    const responses: ResponseCounts = { yes: 0, partial: 0, no: 0, na: 0, unanswered: 0 };
    const partReview: PartReview = {
      key: part.key,
      heading: part.heading,
      state: "not_started",
      total: 0,
      complete: 0,
      answered: 0,
      responses,
    };
    const states: StepState[] = [];
    for (const id of part.entry_ids) {
      const review = reviews.get(id);
      if (review === undefined) {
        continue;
      }
      if (!review.derived) {
        partReview.total += 1;
        partReview.answered += review.response === null ? 0 : 1;
        partReview.complete += review.state === "complete" || review.state === "needs_attention" ? 1 : 0;
        if (review.response === null) {
          responses.unanswered += 1;
        } else {
          responses[review.response] += 1;
        }
        states.push(review.state);
      }
      entries.push(review);
    }
    partReview.state = combine(states);
    answered += partReview.answered;
    total += partReview.total;
    parts.push(partReview);
  }
  const findings = entries.flatMap((e) => e.findings);
  return {
    entries,
    parts,
    answered,
    total,
    blocking: findings.filter((f) => f.blocks_completion),
    warnings: findings.filter((f) => !f.blocks_completion),
  };
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
  options: { assessment?: Partial<Assessment>; evidence?: Evidence[] } = {},
): AssessmentDetail {
  const header = assessment(options.assessment);
  return {
    assessment: header,
    answers,
    evidence: options.evidence ?? [],
    review: reviewOf(answers, { assessmentDate: header.assessment_date }),
  };
}

export function assessmentSummary(
  answered: number,
  overrides: Partial<Assessment> = {},
  total = 46,
): AssessmentSummary {
  return { assessment: assessment(overrides), answered, total };
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

function countsOf(actions: readonly ActionView[]): PlanCounts {
  const live = (a: ActionView): boolean => (a.status === "not_started" || a.status === "in_progress") && a.gap === "open";
  return {
    total: actions.length,
    open: actions.filter(live).length,
    overdue: actions.filter((a) => a.overdue).length,
    due_soon: actions.filter((a) => a.due_soon).length,
    gaps_to_confirm: actions.filter((a) => a.gap_closed_to_confirm).length,
    by_priority: (["high", "medium", "low"] as const).map((priority) => {
      const of = (status: ActionView["status"]): number =>
        actions.filter((a) => a.effective_priority === priority && a.status === status).length;
      return {
        priority,
        not_started: of("not_started"),
        in_progress: of("in_progress"),
        completed: of("completed"),
        deferred: of("deferred"),
      };
    }),
  };
}

/** A PlanView showing `actions` (already filtered, in order), as Rust would send it. */
export function planViewOf(
  actions: readonly ActionView[],
  options: { filter?: PlanFilter; all?: readonly ActionView[]; total?: PlanCounts } = {},
): PlanView {
  const all = options.all ?? actions;
  const names = (values: string[]): string[] =>
    [...new Set(values.map((v) => v.trim()).filter((v) => v !== ""))].sort((a, b) => a.localeCompare(b));
  const overdue = all.filter((a) => a.overdue);
  const dueSoon = all.filter((a) => a.due_soon);
  return {
    today: TODAY,
    filter: options.filter ?? {},
    actions: [...actions],
    counts: options.total ?? countsOf(actions),
    overdue: overdue.slice(0, 10),
    overdue_total: overdue.length,
    due_soon: dueSoon.slice(0, 10),
    due_soon_total: dueSoon.length,
    owners: names(all.flatMap((a) => a.owners.split(/[;,\n]/))),
    departments: names(all.map((a) => a.department)),
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
    summary: "The PDF is signed, and has not been changed since it was signed off.",
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
