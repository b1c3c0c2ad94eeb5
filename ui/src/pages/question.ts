// The step page (#/assessments/<id>/entries/<entryId>[/<field>]): one entry
// of the framework in the source's own words, and its answer.
//
// There is no save button. Every change is saved as it is made (radios at
// once, typing after a pause and on leaving the field, dates once all three
// boxes make a real date), sending only the fields that changed; see
// lib/autosave.ts. What is typed is kept in localStorage until it is saved,
// and put back if the page opens with a draft still there. Back, Continue and
// the overview link wait for every save before they go.
//
// An item answered through its sub-points (item 3) has no fields: its response
// is worked out from theirs, so the page shows that and links to each one.
// A complete assessment is shown read-only; so is a signed-off (sealed) one,
// which says to start a new version instead of reopening it.

import { errorSummary, focusField, type FieldControl, type SummaryItem } from "../components/errors";
import { evidenceSection } from "../components/evidence";
import { dateInput, radios, textarea, textInput, type DateInputField } from "../components/fields";
import { insetText, tag } from "../components/layout";
import { trainingFigures } from "../components/training-figures";
import { progressList } from "../components/progress-list";
import {
  confirmCarried,
  getAssessment,
  RULES,
  saveAnswer,
  toAppError,
  type AnswerInput,
  type AnswerRecord,
  type AppError,
  type Assessment,
  type CatalogueEntry,
  type CatalogueView,
  type Review,
} from "../ipc/api";
import {
  ANSWER_FIELD_TARGETS,
  actionRequiredHint,
  canSaveTogether,
  defaultActionRequired,
  formatClockTime,
  isAnswerField,
  isResponse,
  needsReason,
  type AnswerTextField,
} from "../lib/answers";
import { Autosave, allSaved, localDrafts, type DraftStore, type SaveStatus } from "../lib/autosave";
import {
  asksFor,
  linksOf,
  entryQuestion,
  entryStem,
  findEntry,
  partOf,
  responseLabelsForEntry,
  responsesFor,
} from "../lib/catalogue";
import { parseDateParts, splitIsoDate, type DateParts } from "../lib/dates";
import { h, addDescribedBy, removeDescribedBy, visuallyHidden } from "../lib/dom";
import { isRouteHash, paths } from "../lib/router";
import { SEALED_NOTICE, isLocked, isSealed } from "../lib/sealing";
import { checkText, textRule } from "../lib/validation";
import { catalogueFor, documentTitle, type PageContext, type PageView } from "../state";

export const GUIDANCE_HEADING = "Guidance: what usually shows this is met";
/** Under an entry's links to other frameworks: whose mapping it is. */
export const CROSSWALK_NOTE = "These links are the app's own mapping between frameworks, not the sources'.";

export const GUIDANCE_NOTE = "This guidance is ours, not part of the source document.";
export const COMPLETE_NOTICE =
  "This assessment is marked complete. Reopen it from the check your answers page to change it.";

/** Whether a person answers the entry on its own page (not one answered through its sub-points). */
function isAnswerable(entry: CatalogueEntry): boolean {
  return entry.sub_points.length === 0;
}

/**
 * The step after `id` in reading order, for "Continue": the next entry a
 * person answers (an item answered through its sub-points is passed over:
 * its wording opens each sub-point's page). Null after the last.
 */
export function nextStepId(entries: readonly CatalogueEntry[], id: string): string | null {
  const index = entries.findIndex((entry) => entry.id === id);
  if (index === -1) {
    return null;
  }
  return entries.slice(index + 1).find(isAnswerable)?.id ?? null;
}

/** The step before `id` in reading order (as `nextStepId`, backwards), or null before the first. */
export function previousEntryId(entries: readonly CatalogueEntry[], id: string): string | null {
  const index = entries.findIndex((entry) => entry.id === id);
  if (index <= 0) {
    return null;
  }
  return entries.slice(0, index).reverse().find(isAnswerable)?.id ?? null;
}

/** Focuses the element with `id` once `root` is in the document (after the app shows the page). */
function focusWhenShown(root: HTMLElement, id: string): void {
  let tries = 40;
  const attempt = (): void => {
    if (root.isConnected) {
      focusField(id);
      return;
    }
    tries -= 1;
    if (tries > 0) {
      setTimeout(attempt, 25);
    }
  };
  setTimeout(attempt, 0);
}

// --- The entry, in the source's words ------------------------------------------

/**
 * On the first sub-point of an item answered through its sub-points, why
 * "Continue" came here rather than to the item: said on the way in.
 */
function subPointsStart(catalogue: CatalogueView, entry: CatalogueEntry): HTMLElement | null {
  const item = catalogue.entries.find((candidate) => candidate.sub_points[0] === entry.id);
  if (item === undefined) {
    return null;
  }
  const last = item.sub_points.at(-1) ?? entry.id;
  const label = (id: string): string => catalogue.entries.find((candidate) => candidate.id === id)?.label ?? id;
  return insetText(
    h(
      "p",
      { id: "sub-points-start" },
      `${item.label} is answered through its ${item.sub_points.length} sub-points, ${label(entry.id)} to ${label(last)}, ` +
        `one page each. ${item.label}'s own response is worked out from theirs once they are all answered.`,
    ),
  );
}

function entryHeader(catalogue: CatalogueView, entry: CatalogueEntry): HTMLElement[] {
  const part = catalogue.parts.find((candidate) => candidate.key === entry.part_key);
  const stem = entryStem(catalogue, entry);
  const caption = [part?.heading, entry.label].filter((text) => text !== undefined && text !== "").join(" – ");
  const children: HTMLElement[] = [
    h("span", { class: "nhsuk-caption-l", id: "entry-caption" }, caption),
    h(
      "div",
      { class: "app-source-wording", id: "entry-source-wording" },
      stem === null ? null : h("p", { class: "nhsuk-body-l app-source-stem", id: "entry-stem" }, stem),
      h(
        "h1",
        {
          class: ["app-entry-heading", entry.text.length > 150 ? "nhsuk-heading-m" : "nhsuk-heading-l"],
          id: "entry-text",
        },
        entry.text,
      ),
      h(
        "p",
        { class: "nhsuk-body-s app-source-label", id: "entry-source" },
        visuallyHidden("Source: "),
        catalogue.source_attribution,
      ),
    ),
  ];
  const scheme = partOf(catalogue, entry)?.regulation_scheme ?? null;
  if (entry.kind === "entry" && entry.regulations_printed !== null && scheme !== null) {
    children.push(
      h(
        "p",
        { class: "nhsuk-body", id: "entry-regulations" },
        h("strong", null, `${scheme}:`),
        ` ${entry.regulations_printed}`,
      ),
    );
  }
  const links = linksOf(catalogue, entry);
  if (links.length > 0) {
    children.push(
      h(
        "div",
        { class: "nhsuk-body-s", id: "entry-crosswalk" },
        links.map((group) =>
          h("p", { class: "nhsuk-body-s nhsuk-u-margin-bottom-1" }, h("strong", null, `In ${group.frameworkTitle}:`), ` ${group.entryLabels.join(", ")}`),
        ),
        h("p", { class: "nhsuk-body-s nhsuk-u-secondary-text-colour" }, CROSSWALK_NOTE),
      ),
    );
  }
  if (part?.source_note != null && part.source_note !== "") {
    children.push(
      h(
        "div",
        { id: "part-source-note" },
        insetText(h("p", null, h("strong", null, `About the heading "${part.heading}": `), part.source_note)),
      ),
    );
  }
  if (entry.source_note !== null && entry.source_note !== "") {
    children.push(
      h("div", { id: "entry-source-note" }, insetText(h("p", null, h("strong", null, "About the source: "), entry.source_note))),
    );
  }
  if (entry.guidance !== null && entry.guidance !== "") {
    children.push(
      h(
        "div",
        { class: "nhsuk-card app-guidance", id: "entry-guidance" },
        h(
          "div",
          { class: "nhsuk-card__content" },
          h("h2", { class: "nhsuk-card__heading nhsuk-heading-s" }, GUIDANCE_HEADING),
          h("p", { class: "nhsuk-card__description" }, entry.guidance),
          h("p", { class: "nhsuk-body-s app-guidance__note", id: "entry-guidance-note" }, GUIDANCE_NOTE),
        ),
      ),
    );
  }
  return children;
}

/**
 * An answer carried over from an earlier assessment: where it came from, and
 * a button to confirm it as it stands. Changing any field confirms it too.
 */
function carriedNotice(
  assessmentId: string,
  entry: CatalogueEntry,
  from: string,
  onReview: (review: Review) => void,
): HTMLElement {
  const status = h("p", { class: "nhsuk-body", id: "carried-status", role: "status" });
  const button = h(
    "button",
    { class: "nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0", id: "confirm-carried", type: "button" },
    "Confirm this answer",
  );
  const notice = h(
    "div",
    { class: "nhsuk-warning-callout", id: "carried-notice" },
    h("h2", { class: "nhsuk-warning-callout__label" }, h("span", { role: "text" }, visuallyHidden("Important: "), "Carried over: confirm")),
    h("p", null, `This answer was carried over from ${from}. It counts as not answered until you confirm it or change it.`),
    button,
    status,
  );
  button.addEventListener("click", () => {
    button.setAttribute("aria-disabled", "true");
    confirmCarried(assessmentId, [entry.id])
      .then(() => getAssessment(assessmentId))
      .then((detail) => {
        onReview(detail.review);
        button.remove();
        status.textContent = "Confirmed: this answer now counts as answered.";
      })
      .catch((reason: unknown) => {
        button.removeAttribute("aria-disabled");
        status.textContent = toAppError(reason).message;
      });
  });
  return notice;
}

function completeNotice(assessmentId: string, sealed: boolean): HTMLElement {
  if (sealed) {
    return h(
      "div",
      { id: "assessment-sealed-notice" },
      insetText(
        h("p", null, SEALED_NOTICE),
        h("p", null, h("a", { href: paths.signOff(assessmentId), id: "sign-off-link" }, "Go to sign-off and the report")),
      ),
    );
  }
  return h(
    "div",
    { id: "assessment-complete-notice" },
    insetText(
      h("p", null, COMPLETE_NOTICE),
      h("p", null, h("a", { href: paths.review(assessmentId), id: "review-link" }, "Go to check your answers")),
    ),
  );
}

// --- An item answered through its sub-points -----------------------------------

function derivedItem(catalogue: CatalogueView, entry: CatalogueEntry, review: Review, assessmentId: string): HTMLElement {
  const labels = responseLabelsForEntry(catalogue, entry);
  const reviewOf = (id: string) => review.entries.find((candidate) => candidate.entry_id === id);
  const derived = reviewOf(entry.id)?.response ?? null;
  const subPoints = entry.sub_points
    .map((id) => findEntry(catalogue, id))
    .filter((sub): sub is CatalogueEntry => sub !== undefined);
  const count = subPoints.length;

  return h(
    "div",
    { class: "app-derived", id: "derived-item" },
    h(
      "p",
      { class: "nhsuk-body-l", id: "derived-response" },
      derived === null
        ? ["Response: ", h("strong", null, `Not worked out yet: answer all ${count} points below`)]
        : ["Response: ", h("strong", null, labels[derived])],
    ),
    h("p", { class: "nhsuk-hint", id: "derivation-rule" }, partOf(catalogue, entry)?.derivation_rule ?? ""),
    h("h2", { class: "nhsuk-heading-m", id: "sub-points-heading" }, "Answer each point"),
    h(
      "ul",
      { class: "nhsuk-list app-sub-points", id: "sub-points", "aria-labelledby": "sub-points-heading" },
      subPoints.map((sub) => {
        const response = reviewOf(sub.id)?.response ?? null;
        return h(
          "li",
          { class: "app-sub-points__item" },
          h(
            "a",
            { class: "nhsuk-link", href: paths.question(assessmentId, sub.id), id: `sub-point-link-${sub.id}` },
            `${sub.label}: ${sub.text}`,
          ),
          " ",
          h(
            "span",
            { class: "app-sub-points__response" },
            visuallyHidden("Response: "),
            tag(response === null ? "Not answered" : labels[response], response === null ? "white" : "grey", `sub-point-response-${sub.id}`),
          ),
        );
      }),
    ),
  );
}

// --- The answer form ---------------------------------------------------------------

interface FieldError {
  message: string;
  parts?: readonly string[];
  /** Why it is shown: a value held back by a check, the app refusing a save, or advice. */
  source: "check" | "app" | "advice";
}

/** The page's errors: inline by each field and in a summary at the top, which never takes focus by itself. */
class PageErrors {
  readonly #slot: HTMLElement;
  readonly #controls: Map<string, FieldControl>;
  readonly #order: string[];
  readonly #heading: string;
  readonly #errors = new Map<string, FieldError>();
  #formError: string | null = null;
  #shown = "";

  constructor(slot: HTMLElement, controls: Record<string, FieldControl>, heading: string) {
    this.#slot = slot;
    this.#controls = new Map(Object.entries(controls));
    this.#order = Object.keys(controls);
    this.#heading = heading;
  }

  get(field: string): FieldError | undefined {
    return this.#errors.get(field);
  }

  set(field: string, error: FieldError | null): void {
    const control = this.#controls.get(field);
    if (control === undefined) {
      this.setFormError(error?.message ?? null);
      return;
    }
    const before = this.#errors.get(field);
    if (error === null) {
      if (before === undefined) {
        return;
      }
      this.#errors.delete(field);
      control.setError(null);
    } else {
      this.#errors.set(field, error);
      if (before?.message !== error.message || before.parts?.join() !== error.parts?.join()) {
        control.setError(error.message, error.parts);
      }
    }
    this.render();
  }

  /** Clears the field's error if it came from `source`. */
  clear(field: string, ...sources: FieldError["source"][]): void {
    const error = this.#errors.get(field);
    if (error !== undefined && sources.includes(error.source)) {
      this.set(field, null);
    }
  }

  setFormError(message: string | null): void {
    this.#formError = message;
    this.render();
  }

  /** Whether something typed is held back (it fails a check or the app refused it). */
  get holdsUnsaved(): boolean {
    return Array.from(this.#errors.values()).some((error) => error.source !== "advice");
  }

  get any(): boolean {
    return this.#errors.size > 0 || this.#formError !== null;
  }

  render(): void {
    const items: SummaryItem[] = [];
    if (this.#formError !== null) {
      items.push({ message: this.#formError });
    }
    for (const field of this.#order) {
      const error = this.#errors.get(field);
      const control = this.#controls.get(field);
      if (error !== undefined && control !== undefined) {
        items.push({ message: error.message, href: `#${control.targetId(error.parts)}` });
      }
    }
    const key = JSON.stringify(items);
    if (key !== this.#shown) {
      this.#shown = key;
      this.#slot.replaceChildren(...(items.length > 0 ? [errorSummary(items)] : []));
    }
    document.title = documentTitle(this.#heading, items.length > 0);
  }

  /** Shows the summary and moves focus to it (when leaving is held up). */
  focusSummary(): void {
    const summary = this.#slot.querySelector<HTMLElement>(".nhsuk-error-summary");
    summary?.focus();
  }
}

interface AnswerFormOptions {
  catalogue: CatalogueView;
  entry: CatalogueEntry;
  assessment: Assessment;
  answer: AnswerRecord | undefined;
  readOnly: boolean;
  summarySlot: HTMLElement;
  heading: string;
  /** Where the assessment stands as the page opens: its warnings show by their fields. */
  review: Review;
  onReview(review: Review): void;
  drafts: DraftStore;
}

interface AnswerForm {
  elements: HTMLElement[];
  /** Saves everything typed; resolves false if something typed is held back by an error. */
  settle(): Promise<boolean>;
  autosave: Autosave<AnswerInput> | null;
  /** The control to focus for a field named in the route. */
  targetFor(field: string): string | null;
}

function warningText(id: string): HTMLElement {
  const el = h("p", { class: "app-field-warning", id });
  el.hidden = true;
  return el;
}

function showWarning(el: HTMLElement, describedEl: HTMLElement, text: string | null): void {
  if (text === null) {
    el.hidden = true;
    el.replaceChildren();
    removeDescribedBy(describedEl, el.id);
    return;
  }
  el.hidden = false;
  el.replaceChildren(visuallyHidden("Warning: "), text);
  addDescribedBy(describedEl, el.id);
}

/** The review's warning (one that does not block completion) about `field` of an entry, if any. */
function warningFor(review: Review, entryId: string, field: string): string | null {
  const entryReview = review.entries.find((candidate) => candidate.entry_id === entryId);
  const found = entryReview?.findings.find((finding) => finding.field === field && !finding.blocks_completion);
  return found?.message ?? null;
}

/** The answer's fields, filled from the saved answer. */
interface AnswerFields {
  response: RadiosField;
  naReason: TextareaField;
  actionRequired: RadiosField;
  comment: TextareaField;
  lead: TextInputField;
  dueDate: DateInputField;
  /** Only in parts that ask for them. */
  policyRef: TextInputField | null;
  reviewDate: DateInputField | null;
}

type RadiosField = ReturnType<typeof radios>;
type TextareaField = ReturnType<typeof textarea>;
type TextInputField = ReturnType<typeof textInput>;

/** Builds the fields the entry's part asks for, filled from `answer`. */
function answerFields(catalogue: CatalogueView, entry: CatalogueEntry, answer: AnswerRecord | undefined): AnswerFields {
  const labels = responseLabelsForEntry(catalogue, entry);
  const naReason = textarea({
    id: "na-reason",
    name: "na_reason",
    label: "Why does this not apply?",
    value: answer?.na_reason ?? "",
    rows: 3,
    maxChars: RULES.limits.na_reason,
  });
  const response = radios({
    idPrefix: "response",
    name: "response",
    legend: entryQuestion(catalogue, entry),
    legendClass: "nhsuk-fieldset__legend--m",
    checked: answer?.response ?? null,
    items: responsesFor(catalogue, entry).map((value) => ({
      id: `response-${value}`,
      value,
      label: labels[value],
      ...(needsReason(value) ? { hint: "You will need to say why.", conditional: naReason.group } : {}),
    })),
  });
  const actionRequired = radios({
    idPrefix: "action-required",
    name: "action_required",
    legend: "Is action required?",
    legendClass: "nhsuk-fieldset__legend--s",
    hint: actionRequiredHint(labels),
    inline: true,
    checked: answer?.response == null ? null : answer.action_required ? "yes" : "no",
    items: [
      { id: "action-required-yes", value: "yes", label: "Yes" },
      { id: "action-required-no", value: "no", label: "No" },
    ],
  });
  const comment = textarea({
    id: "comment",
    name: "comment",
    label: "Comment",
    labelClass: "nhsuk-label--s",
    hint: "What is in place, and any gaps",
    value: answer?.comment ?? "",
    rows: 5,
    maxChars: RULES.limits.comment,
  });
  const lead = textInput({
    id: "lead",
    name: "lead",
    label: "Department lead / nominated lead",
    labelClass: "nhsuk-label--s",
    hint: "A name or job title",
    value: answer?.lead ?? "",
    inputClass: "nhsuk-u-width-two-thirds",
  });
  const dueDate = dateInput({
    idPrefix: "due-date",
    legend: "Date for completion",
    legendClass: "nhsuk-fieldset__legend--s",
    hint: "For example, 31 3 2027",
    value: splitIsoDate(answer?.due_date),
  });
  const policyRef = asksFor(catalogue, entry, "policy_ref")
    ? textInput({
        id: "policy-ref",
        name: "policy_ref",
        label: "Policy name or reference",
        labelClass: "nhsuk-label--s",
        hint: "The policy or procedure that includes this",
        value: answer?.policy_ref ?? "",
      })
    : null;
  const reviewDate = asksFor(catalogue, entry, "review_date")
    ? dateInput({
        idPrefix: "review-date",
        legend: "Next review date",
        legendClass: "nhsuk-fieldset__legend--s",
        hint: "When the policy is next due for review. For example, 30 6 2027",
        value: splitIsoDate(answer?.review_date),
      })
    : null;
  return { response, naReason, actionRequired, comment, lead, dueDate, policyRef, reviewDate };
}

/** Each field's control, by the field name errors use. */
function fieldControls(fields: AnswerFields): Record<string, FieldControl> {
  const controls: Record<string, FieldControl> = {
    response: fields.response.control,
    na_reason: fields.naReason.control,
    action_required: fields.actionRequired.control,
    comment: fields.comment.control,
    lead: fields.lead.control,
    due_date: fields.dueDate.control,
  };
  if (fields.policyRef !== null && fields.reviewDate !== null) {
    controls["policy_ref"] = fields.policyRef.control;
    controls["review_date"] = fields.reviewDate.control;
  }
  return controls;
}

/**
 * Puts a warning line in each date's fieldset; the function returned shows
 * there the review's warnings (worked out in Rust) about those dates.
 */
function dateWarnings(fields: AnswerFields, entryId: string): (review: Review) => void {
  const dueWarning = warningText("due-date-warning");
  const dueFieldset = fields.dueDate.group.querySelector("fieldset") ?? fields.dueDate.group;
  dueFieldset.append(dueWarning);
  const reviewWarning = warningText("review-date-warning");
  const reviewFieldset = fields.reviewDate?.group.querySelector("fieldset") ?? null;
  reviewFieldset?.append(reviewWarning);
  return (review) => {
    showWarning(dueWarning, dueFieldset, warningFor(review, entryId, "due_date"));
    if (reviewFieldset !== null) {
      showWarning(reviewWarning, reviewFieldset, warningFor(review, entryId, "review_date"));
    }
  };
}

/** The form around the fields; Enter in a text box calls `onEnter`. */
function answerFormElement(fields: AnswerFields, onEnter: () => void): HTMLFormElement {
  return h(
    "form",
    {
      class: "app-answer-form",
      id: "answer-form",
      novalidate: true,
      onSubmit: (event: SubmitEvent) => {
        // Enter in a text box: nothing to submit, just save what is typed.
        event.preventDefault();
        onEnter();
      },
    },
    fields.response.group,
    fields.actionRequired.group,
    fields.comment.group,
    fields.lead.group,
    fields.dueDate.group,
    fields.policyRef?.group,
    fields.reviewDate?.group,
  );
}

/** Which control to focus for a field named in the route, if the form has it. */
function fieldTarget(fields: AnswerFields, controls: Record<string, FieldControl>, field: string): string | null {
  if (field === "response") {
    return fields.response.inputs.find((input) => input.checked)?.id ?? "response-yes";
  }
  if (field === "action_required") {
    return fields.actionRequired.inputs.find((input) => input.checked)?.id ?? "action-required-yes";
  }
  if (field === "na_reason" && !needsReason(fields.response.value())) {
    return "response-na";
  }
  if (isAnswerField(field) && (controls[field] !== undefined || field === "na_reason")) {
    return ANSWER_FIELD_TARGETS[field];
  }
  return null;
}

/** The status line's words for a save's progress. */
function saveStatusText(status: SaveStatus): string {
  switch (status.state) {
    case "saving":
      return "Saving…";
    case "saved":
      return `Saved at ${formatClockTime(status.at)}`;
    case "failed":
      return `Not saved: ${toAppError(status.reason).message}`;
  }
}

/** What the form's parts share while it saves as the person types. */
interface FormContext {
  fields: AnswerFields;
  errors: PageErrors;
  autosave: Autosave<AnswerInput>;
  drafts: DraftStore;
  /** The answer as last saved. */
  saved: AnswerRecord | undefined;
  /** Whether the person chose "action required" themselves (it no longer follows the response). */
  actionTouched: boolean;
  /** Whether a draft from last time was put back. */
  restored: boolean;
}

/** The queue that saves each change, showing its progress and the app's refusals. */
function answerAutosave(
  options: AnswerFormOptions,
  context: () => FormContext,
  controls: Record<string, FieldControl>,
  statusLine: HTMLElement,
  showDateWarnings: (review: Review) => void,
): Autosave<AnswerInput> {
  return new Autosave<AnswerInput>({
    drafts: options.drafts,
    canMerge: canSaveTogether,
    save: async (patch) => {
      const ctx = context();
      const result = await saveAnswer({ assessment_id: options.assessment.id, entry_id: options.entry.id, answer: patch });
      ctx.saved = result.record;
      const actionRequired = ctx.fields.actionRequired;
      if (!ctx.actionTouched && ctx.saved.response !== null && actionRequired.value() !== (ctx.saved.action_required ? "yes" : "no")) {
        actionRequired.check(ctx.saved.action_required ? "yes" : "no");
      }
      showDateWarnings(result.review);
      options.onReview(result.review);
    },
    faultyFields: (reason, patch) => {
      const field = toAppError(reason).field;
      return field !== undefined && field in patch ? [field] : [];
    },
    onStatus: (status) => {
      statusLine.textContent = saveStatusText(status);
    },
    onSaved: (patch) => {
      const { errors } = context();
      for (const field of Object.keys(patch)) {
        errors.clear(field, "app");
      }
      errors.setFormError(null);
    },
    onError: (reason, patch) => {
      const { errors } = context();
      const error: AppError = toAppError(reason);
      if (error.field !== undefined && controls[error.field] !== undefined) {
        errors.set(error.field, { message: error.message, source: "app" });
        return;
      }
      if (Object.keys(patch).length > 0) {
        errors.setFormError(error.message);
      }
    },
  });
}

/** Text: saved after a pause in typing and on leaving the field. */
function watchText(ctx: FormContext, field: AnswerTextField, el: HTMLInputElement | HTMLTextAreaElement): void {
  const { errors, autosave } = ctx;
  const build = (): AnswerInput | null => {
    const problem = checkText(el.value, textRule(field));
    if (problem !== null) {
      errors.set(field, { message: problem, source: "check" });
      return null;
    }
    errors.clear(field, "check");
    return { [field]: el.value };
  };
  el.addEventListener("input", () => {
    if (field === "na_reason" && el.value.trim() !== "") {
      errors.clear(field, "advice");
    }
    autosave.schedule(field, build, el.value);
  });
  el.addEventListener("blur", () => {
    autosave.commit(field);
    if (field === "na_reason" && needsReason(ctx.fields.response.value()) && el.value.trim() === "" && errors.get(field) === undefined) {
      errors.set(field, { message: RULES.missing_reason, source: "advice" });
    }
  });
}

/** The date's three boxes read back from a stored draft, or null if it is not one. */
function draftDateParts(stored: string): DateParts | null {
  try {
    const parsed: unknown = JSON.parse(stored);
    if (typeof parsed === "object" && parsed !== null) {
      const record = parsed as Record<string, unknown>;
      return {
        day: typeof record["day"] === "string" ? record["day"] : "",
        month: typeof record["month"] === "string" ? record["month"] : "",
        year: typeof record["year"] === "string" ? record["year"] : "",
      };
    }
  } catch {
    return null;
  }
  return null;
}

/**
 * Dates: saved once the three boxes make a real date (or are all cleared);
 * problems are shown when focus leaves the date. A draft left from last
 * time goes back in and is saved. Returns the date's commit (save what is
 * typed now, showing its problems).
 */
function watchDate(ctx: FormContext, field: "due_date" | "review_date", date: DateInputField, label: string): () => void {
  const { errors, autosave, drafts } = ctx;
  let dirty = false;
  const read = (showProblems: boolean): string | null => {
    const parts = date.values();
    const filled = [parts.day, parts.month, parts.year].filter((part) => part.trim() !== "").length;
    if (!showProblems && filled !== 0 && filled !== 3) {
      return null;
    }
    const result = parseDateParts(parts, label, { required: false });
    if (!result.ok) {
      if (showProblems) {
        errors.set(field, { message: result.message, parts: result.parts, source: "check" });
      }
      return null;
    }
    errors.clear(field, "check");
    return result.value;
  };
  const draft = (): string => JSON.stringify(date.values());
  const commit = (): void => {
    if (!dirty) {
      return;
    }
    autosave.cancel(field);
    const value = read(true);
    if (value !== null) {
      dirty = false;
      autosave.saveNow(field, { [field]: value }, draft());
    }
  };
  for (const input of Object.values(date.inputs)) {
    input.addEventListener("input", () => {
      dirty = true;
      autosave.schedule(
        field,
        () => {
          const value = read(false);
          if (value === null) {
            return null;
          }
          dirty = false;
          return { [field]: value };
        },
        draft(),
      );
    });
  }
  date.group.addEventListener("focusout", (event: FocusEvent) => {
    const next = event.relatedTarget;
    if (next instanceof Node && date.group.contains(next)) {
      return;
    }
    commit();
  });

  const stored = drafts.read(field);
  if (stored !== null) {
    const parts = draftDateParts(stored);
    const current = date.values();
    if (parts === null) {
      drafts.remove(field);
    } else if (parts.day !== current.day || parts.month !== current.month || parts.year !== current.year) {
      date.inputs.day.value = parts.day;
      date.inputs.month.value = parts.month;
      date.inputs.year.value = parts.year;
      dirty = true;
      ctx.restored = true;
      commit();
    } else {
      drafts.remove(field);
    }
  }
  return commit;
}

/**
 * Response: saved at once. Action required follows it until the person
 * changes it themselves; then it is sent with the response, so the app
 * keeps their choice.
 */
function watchResponse(ctx: FormContext): void {
  const { fields, errors, autosave } = ctx;
  const onResponseChange = (): void => {
    const chosen = fields.response.value();
    if (!isResponse(chosen)) {
      return;
    }
    const reason = fields.naReason.textarea.value;
    if (needsReason(chosen)) {
      // A reason typed (or kept) while the response was something else goes with N/A.
      if (reason !== (ctx.saved?.na_reason ?? "") || autosave.isPending("na_reason")) {
        autosave.schedule(
          "na_reason",
          () => {
            const problem = checkText(reason, textRule("na_reason"));
            return problem === null ? { na_reason: reason } : null;
          },
          reason,
        );
      }
    } else {
      // A reason still waiting is saved first, while the saved response is N/A.
      autosave.commit("na_reason");
      errors.clear("na_reason", "advice", "check");
    }
    const patch: AnswerInput = { response: chosen };
    if (ctx.actionTouched) {
      const shown = fields.actionRequired.value();
      if (shown !== null) {
        patch.action_required = shown === "yes";
      }
    } else {
      fields.actionRequired.check(defaultActionRequired(chosen) ? "yes" : "no");
    }
    errors.clear("response", "app");
    if (needsReason(chosen)) {
      autosave.commit("na_reason");
    }
    autosave.saveNow("response", patch);
  };
  for (const input of fields.response.inputs) {
    input.addEventListener("change", onResponseChange);
  }
}

/** Action required: saved at once; from then on it is the person's own choice. */
function watchActionRequired(ctx: FormContext): void {
  const { actionRequired } = ctx.fields;
  for (const input of actionRequired.inputs) {
    input.addEventListener("change", () => {
      ctx.actionTouched = true;
      const shown = actionRequired.value();
      if (shown !== null) {
        ctx.autosave.saveNow("action_required", { action_required: shown === "yes" });
      }
    });
  }
}

/** Puts back a text draft left from last time (a crash, a closed window, a failed save) and saves it. */
function restoreText(ctx: FormContext, field: AnswerTextField, el: HTMLInputElement | HTMLTextAreaElement, savedValue: string): void {
  const stored = ctx.drafts.read(field);
  if (stored === null) {
    return;
  }
  if (stored === savedValue) {
    ctx.drafts.remove(field);
    return;
  }
  el.value = stored;
  if (field === "na_reason" && !needsReason(ctx.fields.response.value())) {
    // Kept in the box (and the draft); it is saved if N/A is chosen.
    return;
  }
  ctx.restored = true;
  el.dispatchEvent(new Event("input"));
  ctx.autosave.commit(field);
}

/** The step's answer form: its fields, saved as the person types (or read-only). */
function answerForm(options: AnswerFormOptions): AnswerForm {
  const { answer, readOnly } = options;
  const fields = answerFields(options.catalogue, options.entry, answer);
  const controls = fieldControls(fields);
  const errors = new PageErrors(options.summarySlot, controls, options.heading);
  const showDateWarnings = dateWarnings(fields, options.entry.id);
  showDateWarnings(options.review);

  const statusLine = h(
    "p",
    { class: "nhsuk-body-s app-save-status", id: "save-status", role: "status", "aria-live": "polite" },
    readOnly ? "" : "Your answers are saved as you go.",
  );
  const restoredNote = h("p", { class: "nhsuk-body-s app-draft-restored", id: "draft-restored" });
  restoredNote.hidden = true;

  let autosave: Autosave<AnswerInput> | null = null;
  const form = answerFormElement(fields, () => void autosave?.flush());
  const targetFor = (field: string): string | null => fieldTarget(fields, controls, field);

  if (readOnly) {
    for (const control of form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>("input, textarea")) {
      control.disabled = true;
    }
    return {
      elements: [form],
      settle: () => Promise.resolve(true),
      autosave: null,
      targetFor,
    };
  }

  const saving = answerAutosave(options, () => ctx, controls, statusLine, showDateWarnings);
  autosave = saving;
  const ctx: FormContext = {
    fields,
    errors,
    autosave: saving,
    drafts: options.drafts,
    saved: answer,
    actionTouched:
      answer !== undefined && answer.response !== null && answer.action_required !== defaultActionRequired(answer.response),
    restored: false,
  };

  watchText(ctx, "na_reason", fields.naReason.textarea);
  watchText(ctx, "comment", fields.comment.textarea);
  watchText(ctx, "lead", fields.lead.input);
  if (fields.policyRef !== null) {
    watchText(ctx, "policy_ref", fields.policyRef.input);
  }
  watchResponse(ctx);
  watchActionRequired(ctx);
  restoreText(ctx, "na_reason", fields.naReason.textarea, answer?.na_reason ?? "");
  restoreText(ctx, "comment", fields.comment.textarea, answer?.comment ?? "");
  restoreText(ctx, "lead", fields.lead.input, answer?.lead ?? "");
  if (fields.policyRef !== null) {
    restoreText(ctx, "policy_ref", fields.policyRef.input, answer?.policy_ref ?? "");
  }
  const dateCommitters = [watchDate(ctx, "due_date", fields.dueDate, "Date for completion")];
  if (fields.reviewDate !== null) {
    dateCommitters.push(watchDate(ctx, "review_date", fields.reviewDate, "Next review date"));
  }
  if (ctx.restored) {
    restoredNote.hidden = false;
    restoredNote.textContent = "Changes you typed last time had not been saved. They have been put back and are being saved.";
  }

  return {
    elements: [restoredNote, form, statusLine],
    autosave: saving,
    targetFor,
    settle: async () => {
      for (const commit of dateCommitters) {
        commit();
      }
      await saving.flush();
      if (errors.holdsUnsaved) {
        errors.focusSummary();
        return false;
      }
      return true;
    },
  };
}

// --- Findings for this step --------------------------------------------------------

function stepFindings(review: Review, entryId: string): HTMLElement | null {
  const entryReview = review.entries.find((candidate) => candidate.entry_id === entryId);
  if (entryReview === undefined || entryReview.state === "not_started" || entryReview.findings.length === 0) {
    return null;
  }
  return h(
    "div",
    { class: "app-step-findings" },
    h("h2", { class: "nhsuk-heading-s" }, "Still to do for this step"),
    h(
      "ul",
      { class: "nhsuk-list nhsuk-list--bullet" },
      entryReview.findings.map((finding) =>
        h("li", null, finding.blocks_completion ? null : visuallyHidden("Check: "), finding.message),
      ),
    ),
  );
}

// --- The page ------------------------------------------------------------------------

export async function questionPage(
  ctx: PageContext,
  id: string,
  entryId: string,
  field?: string | null,
): Promise<PageView> {
  const started = performance.now();
  // Whatever the page before was still saving is saved before this one reads.
  await allSaved();
  const detail = await getAssessment(id);
  const catalogue = await catalogueFor(detail.assessment.framework_id);
  const entry = findEntry(catalogue, entryId);
  if (entry === undefined) {
    const notFound: AppError = {
      kind: "not_found",
      message: `There is no entry "${entryId}" in this assessment.`,
    };
    throw notFound;
  }
  const assessment = detail.assessment;
  const assessmentId = assessment.id;
  const readOnly = isLocked(assessment);
  const heading = `${entry.label}: ${entry.text}`;
  const derived = entry.sub_points.length > 0;

  // --- Side column: every step and where it stands --------------------------
  const side = h("div", { class: "nhsuk-grid-column-one-third app-step-side", id: "step-progress" });
  let review = detail.review;
  let staleProgress = false;
  const drawProgress = (): void => {
    side.replaceChildren(progressList({ catalogue, review, assessmentId, currentEntryId: entry.id }));
    staleProgress = false;
  };
  side.addEventListener("focusout", (event: FocusEvent) => {
    const next = event.relatedTarget;
    if (staleProgress && !(next instanceof Node && side.contains(next))) {
      drawProgress();
    }
  });
  drawProgress();

  const findingsSlot = h("div", { id: "step-findings" });
  const drawFindings = (): void => {
    findingsSlot.replaceChildren(...[stepFindings(review, entry.id)].filter((el): el is HTMLElement => el !== null));
  };
  drawFindings();

  const onReview = (next: Review): void => {
    review = next;
    drawFindings();
    // Not redrawn under the person's focus: once focus leaves the list.
    if (side.contains(document.activeElement)) {
      staleProgress = true;
    } else {
      drawProgress();
    }
  };

  // --- Main column ------------------------------------------------------------
  const summarySlot = h("div", { class: "app-error-summary-slot" });
  const main: (Node | null)[] = [
    summarySlot,
    ...entryHeader(catalogue, entry),
    subPointsStart(catalogue, entry),
    trainingFigures(detail.training, entry, responseLabelsForEntry(catalogue, entry)),
  ];
  if (readOnly) {
    main.push(completeNotice(assessmentId, isSealed(assessment)));
  }

  const recorded = detail.answers.find((record) => record.entry_id === entry.id);
  if (!readOnly && !derived && recorded?.carried_from != null) {
    main.push(carriedNotice(assessmentId, entry, recorded.carried_from, onReview));
  }

  let form: AnswerForm | null = null;
  if (derived) {
    main.push(derivedItem(catalogue, entry, review, assessmentId));
  } else {
    form = answerForm({
      catalogue,
      entry,
      assessment,
      answer: recorded,
      readOnly,
      summarySlot,
      heading,
      review,
      onReview,
      drafts: localDrafts(assessmentId, entry.id),
    });
    main.push(...form.elements, findingsSlot);
    main.push(
      evidenceSection({
        assessmentId,
        entryId: entry.id,
        evidence: detail.evidence.filter((evidence) => evidence.entry_id === entry.id),
        readOnly,
      }),
    );
  }

  // --- Leaving: every link waits for the saves -------------------------------
  const autosave = form?.autosave ?? null;
  let leaving = false;
  const leave = async (href: string): Promise<void> => {
    if (leaving) {
      return;
    }
    leaving = true;
    try {
      const ok = form === null ? true : await form.settle();
      if (ok) {
        ctx.navigate(href);
      }
    } finally {
      leaving = false;
    }
  };
  const navLink = (attrs: { id: string; class?: string }, href: string, ...text: (string | Node)[]): HTMLAnchorElement =>
    h(
      "a",
      {
        ...attrs,
        href,
        onClick: (event: MouseEvent) => {
          event.preventDefault();
          void leave(href);
        },
      },
      ...text,
    );

  const next = nextStepId(catalogue.entries, entry.id);
  const previous = previousEntryId(catalogue.entries, entry.id);
  const previousEntry = previous === null ? undefined : findEntry(catalogue, previous);
  const nextHref = next === null ? paths.review(assessmentId) : paths.question(assessmentId, next);
  main.push(
    h(
      "div",
      { class: "app-step-nav" },
      navLink({ id: "next-step", class: "nhsuk-button" }, nextHref, "Continue"),
      h(
        "p",
        { class: "nhsuk-body" },
        navLink({ id: "back-to-overview", class: "nhsuk-link" }, paths.overview(assessmentId), "Return to the assessment overview"),
      ),
    ),
  );
  const backLink =
    previousEntry === undefined
      ? navLink({ id: "back-link", class: "nhsuk-back-link" }, paths.overview(assessmentId), "Back to the assessment overview")
      : navLink(
          { id: "previous-step", class: "nhsuk-back-link" },
          paths.question(assessmentId, previousEntry.id),
          `Back to ${previousEntry.label}`,
        );

  // --- Saving when the window goes away or the route changes ----------------
  if (autosave !== null) {
    const flushNow = (): void => {
      void autosave.flush();
    };
    const onVisibility = (): void => {
      if (document.visibilityState === "hidden") {
        flushNow();
      }
    };
    const teardown = (): void => {
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("pagehide", flushNow);
      window.removeEventListener("beforeunload", flushNow);
      autosave.dispose();
    };
    const onHashChange = (): void => {
      if (!isRouteHash(window.location.hash)) {
        return;
      }
      window.removeEventListener("hashchange", onHashChange);
      void autosave.flush().then(teardown);
    };
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("pagehide", flushNow);
    window.addEventListener("beforeunload", flushNow);
    window.addEventListener("hashchange", onHashChange);
  }

  const root = h(
    "div",
    { class: "nhsuk-grid-row app-step", id: "step-page" },
    h("div", { class: "nhsuk-grid-column-two-thirds", id: "step-main" }, main),
    side,
  );
  root.setAttribute("data-render-ms", (performance.now() - started).toFixed(1));

  // A field named in the route takes focus once the app has shown the page
  // (not through `PageView.focus`, which would take an input out of the tab order).
  if (field !== undefined && field !== null && field !== "") {
    let target: string | null = null;
    if (form !== null) {
      target = form.targetFor(field);
    } else if (field === "response") {
      target = entry.sub_points[0] === undefined ? null : `sub-point-link-${entry.sub_points[0]}`;
    }
    if (target === null && field.startsWith("evidence")) {
      target = "evidence-title";
    }
    if (target !== null) {
      focusWhenShown(root, target);
    }
  }

  return { heading, backLink, content: root, hasErrors: summarySlot.childElementCount > 0 };
}
