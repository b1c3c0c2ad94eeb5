// One action (#/actions/<action id>[?from=dashboard&filter]): everything
// recorded about it, why it has its priority, and the two things a person
// does to it: update it (wording, owners, department, date, status, priority
// with a reason, a progress note) and complete it with the date assessed and
// who signed it off. Only what changed is sent; the app's rules check it and
// say which field is wrong, and nothing typed is lost when they do. The back
// link returns to the plan (and filter) the action was opened from.

import { FormErrors, type FormError } from "../components/errors";
import { dateInput, radios, textarea, textInput } from "../components/fields";
import {
  backLink,
  caption,
  focusProgrammatically,
  insetText,
  notificationBanner,
  pageGrid,
  summaryList,
} from "../components/layout";
import { dueText, gapClosedTag, gapReopenedTag, priorityCell, statusTag } from "../components/plan";
import {
  RULES,
  completeAction,
  getAction,
  toAppError,
  updateAction,
  type ActionEdit,
  type ActionView,
  type PlanFilter,
} from "../ipc/api";
import { shortText } from "../lib/catalogue";
import { formatDateTime, formatLongDate, parseDateParts, splitIsoDate } from "../lib/dates";
import { h, replaceChildren, type Children } from "../lib/dom";
import { PRIORITIES, PRIORITY_LABELS, STATUS_LABELS, isPriority, isStatus } from "../lib/plan";
import { paths, type ActionFrom } from "../lib/router";
import { documentTitle, type PageContext, type PageView } from "../state";

type Notice = "updated" | "completed";

function orNotSet(text: string | null | undefined, none = "Not set"): string {
  return text === null || text === undefined || text.trim() === "" ? none : text;
}

/** "Why this priority": the rule (or the person's reason) and, when a person set it, what the rules would give. */
function whyDetails(action: ActionView): HTMLElement {
  const { why } = action;
  const rule = why.rule;
  return h(
    "details",
    { class: "nhsuk-details app-why", id: "priority-why" },
    h("summary", { class: "nhsuk-details__summary" }, h("span", { class: "nhsuk-details__summary-text" }, "Why this priority")),
    h(
      "div",
      { class: "nhsuk-details__text" },
      h("p", { class: "nhsuk-body", id: "priority-why-summary" }, why.summary),
      why.set_by_a_person
        ? h(
            "p",
            { class: "nhsuk-body", id: "priority-why-rule" },
            `The rules would give it ${PRIORITY_LABELS[rule.priority].toLowerCase()} priority`,
            rule.explanation === "" ? "." : `: ${rule.explanation}`,
            rule.weight_label === "" ? null : ` Weight: ${rule.weight_label}${rule.weight_rationale === "" ? "" : ` — ${rule.weight_rationale}`}`,
          )
        : null,
      action.overdue && action.effective_priority !== action.priority
        ? h(
            "p",
            { class: "nhsuk-body" },
            `It is overdue, so the plan shows it as ${PRIORITY_LABELS[action.effective_priority].toLowerCase()} ` +
              `priority until it is done or its completion date changes.`,
          )
        : null,
    ),
  );
}

function notesList(action: ActionView): Children {
  if (action.notes.length === 0) {
    return "None yet";
  }
  return h(
    "ul",
    { class: "nhsuk-list app-notes", id: "action-notes" },
    action.notes.map((note) =>
      h(
        "li",
        { class: "app-notes__item" },
        h("p", { class: "nhsuk-body app-notes__text" }, note.text),
        h("p", { class: "nhsuk-body-s app-cell-note" }, `${note.by}, ${formatDateTime(note.at)}`),
      ),
    ),
  );
}

/** Whether the answer still needs action, with a tag when a person has something to confirm or review. */
function gapValue(action: ActionView): Children {
  if (action.gap_closed_to_confirm) {
    return [gapClosedTag(), h("span", { class: "app-cell-note" }, "The answer no longer needs action. Complete the action to confirm.")];
  }
  if (action.gap_reopened) {
    return [gapReopenedTag(), h("span", { class: "app-cell-note" }, "Open again: the answer needs action again.")];
  }
  return action.gap === "closed" ? "Closed" : "Open: the answer still needs action";
}

function actionSummary(action: ActionView): HTMLElement {
  const completed = action.status === "completed";
  return summaryList(
    [
      {
        key: "Assessment",
        value: `${action.organisation}, assessed ${formatLongDate(action.assessment_date)}`,
        valueId: "action-summary-assessment",
      },
      {
        key: "Source",
        value: [
          action.source_label,
          " ",
          h(
            "a",
            { class: "nhsuk-link app-nowrap", href: paths.question(action.assessment_id, action.source) },
            `View the answer to ${action.source_label}`,
          ),
        ],
        valueId: "action-summary-source",
      },
      { key: "Action required", value: action.action, valueId: "action-summary-action" },
      {
        key: "Priority",
        value: [priorityCell(action, "action-priority-tag"), whyDetails(action)],
        valueId: "action-summary-priority",
      },
      {
        key: "Status",
        value: [
          statusTag(action.status, "action-status-tag"),
          action.status === "deferred" && action.deferred_reason !== null
            ? h("span", { class: "app-cell-note" }, `Reason for deferring: ${action.deferred_reason}`)
            : null,
        ],
        valueId: "action-summary-status",
      },
      {
        key: "Gap",
        value: gapValue(action),
        valueId: "action-summary-gap",
      },
      { key: "Responsible individual(s)", value: orNotSet(action.owners), valueId: "action-summary-owners" },
      { key: "Department", value: orNotSet(action.department), valueId: "action-summary-department" },
      { key: "Completion date", value: dueText(action.due), valueId: "action-summary-due" },
      { key: "Completed", value: completed ? "Yes" : "No", valueId: "action-summary-completed" },
      {
        key: "Date assessed",
        value: action.completed_on === null ? "Not completed" : formatLongDate(action.completed_on),
        valueId: "action-summary-assessed",
      },
      { key: "Signed off by", value: orNotSet(action.signed_off_by, "Not completed"), valueId: "action-summary-signed-off-by" },
      { key: "Progress notes", value: notesList(action), valueId: "action-summary-notes" },
    ],
    { id: "action-summary" },
  );
}

/** Why a completed action whose gap opened again needs a person to look at it. */
function gapReopenedText(): HTMLElement {
  const inset = insetText(
    h(
      "p",
      null,
      "This action was completed, but the answer it came from needs action again. " +
        "Check whether the work still stands; change the status if it needs doing again.",
    ),
  );
  inset.id = "action-gap-reopened";
  return inset;
}

interface FormContext {
  /** Clears both forms' errors before either shows its own. */
  clearAll(): void;
  showErrors(errors: FormErrors, list: FormError[]): void;
  saved(next: ActionView, notice: Notice): void;
}

function updateForm(action: ActionView, errors: HTMLElement, ctx: FormContext): { form: HTMLElement; errors: FormErrors } {
  const text = textarea({
    id: "action-text",
    maxChars: RULES.limits.action,
    label: "Action required",
    labelClass: "nhsuk-label--s",
    hint: "What will be done to meet the standard",
    rows: 4,
    value: action.action,
  });
  const owners = textInput({
    id: "action-owners",
    label: "Responsible individual(s)",
    labelClass: "nhsuk-label--s",
    hint: "Separate names with a semicolon, for example A. Khan; B. Jones",
    spellcheck: false,
    value: action.owners,
  });
  const department = textInput({
    id: "action-department",
    label: "Department",
    labelClass: "nhsuk-label--s",
    inputClass: "nhsuk-u-width-two-thirds",
    value: action.department,
  });
  const due = dateInput({
    idPrefix: "action-due",
    legend: "Completion date",
    legendClass: "nhsuk-fieldset__legend--s",
    hint: "For example, 31 3 2027. Leave it blank if there is no date yet.",
    value: splitIsoDate(action.due),
  });

  const deferredReason = textarea({
    id: "deferred-reason",
    maxChars: RULES.limits.deferred_reason,
    label: "Reason for deferring",
    rows: 3,
    value: action.deferred_reason ?? "",
  });
  const status = radios({
    name: "status",
    idPrefix: "status",
    legend: "Status",
    legendClass: "nhsuk-fieldset__legend--s",
    hint:
      action.status === "completed"
        ? "This action is completed. Choose a status only to reopen it."
        : "To complete the action, use “Complete this action” below.",
    items: (["not_started", "in_progress", "deferred"] as const).map((value) => ({
      id: `status-${value}`,
      value,
      label: STATUS_LABELS[value],
      ...(value === "deferred" ? { conditional: deferredReason.group } : {}),
    })),
    checked: action.status === "completed" ? null : action.status,
  });

  // One reason, asked for whichever priority is chosen, as long as it is not the one stored.
  const priorityReason = textarea({
    id: "priority-reason",
    maxChars: RULES.limits.priority_reason,
    label: "Reason for changing the priority",
    hint: "The audit trail keeps it, and the plan shows it as why the action has this priority.",
    rows: 3,
  });
  const reasonPanel = h(
    "div",
    { class: "nhsuk-radios__conditional", id: "priority-reason-conditional" },
    priorityReason.group,
  );
  const priority = radios({
    name: "priority",
    idPrefix: "priority",
    legend: "Priority",
    legendClass: "nhsuk-fieldset__legend--s",
    hint: "An overdue action is shown one level higher until it is done or its date changes.",
    items: PRIORITIES.map((value) => ({ id: `priority-${value}`, value, label: PRIORITY_LABELS[value] })),
    checked: action.priority,
  });
  for (const input of priority.inputs) {
    if (input.value !== action.priority) {
      input.setAttribute("aria-controls", reasonPanel.id);
    }
  }
  priority.group.querySelector(".nhsuk-radios")?.append(reasonPanel);
  const priorityChanged = (): boolean => {
    const chosen = priority.value();
    return chosen !== null && chosen !== action.priority;
  };
  const syncReason = (): void => {
    reasonPanel.classList.toggle("nhsuk-radios__conditional--hidden", !priorityChanged());
  };
  priority.group.addEventListener("change", syncReason);
  syncReason();

  const note = textarea({
    id: "action-note",
    maxChars: RULES.limits.note,
    label: "Add a progress note (optional)",
    labelClass: "nhsuk-label--s",
    hint: "It is saved with your name and the date and time.",
    rows: 3,
  });

  const formErrors = new FormErrors(errors, {
    action: text.control,
    owners: owners.control,
    department: department.control,
    due: due.control,
    status: status.control,
    deferred_reason: deferredReason.control,
    priority: priority.control,
    priority_reason: priorityReason.control,
    note: note.control,
  });

  const submit = h("button", { class: "nhsuk-button", id: "save-action", type: "submit" }, "Save changes");
  let busy = false;
  const form = h(
    "form",
    {
      id: "action-form",
      novalidate: true,
      "aria-labelledby": "action-form-heading",
      onSubmit: (event: SubmitEvent) => {
        event.preventDefault();
        if (busy) {
          return;
        }
        const problems: FormError[] = [];
        const edit: ActionEdit = {};

        const actionText = text.textarea.value.trim();
        if (actionText !== action.action.trim()) {
          if (actionText === "") {
            problems.push({ field: "action", message: "Enter the action required" });
          }
          edit.action = actionText;
        }
        const ownersText = owners.input.value.trim();
        if (ownersText !== action.owners.trim()) {
          edit.owners = ownersText;
        }
        const departmentText = department.input.value.trim();
        if (departmentText !== action.department.trim()) {
          edit.department = departmentText;
        }
        const dueDate = parseDateParts(due.values(), "Completion date", { required: false });
        if (!dueDate.ok) {
          problems.push({ field: "due", message: dueDate.message, parts: dueDate.parts });
        } else if (dueDate.value !== (action.due ?? "")) {
          edit.due = dueDate.value;
        }

        const chosenStatus = status.value();
        const reasonText = deferredReason.textarea.value.trim();
        if (isStatus(chosenStatus) && chosenStatus !== action.status) {
          edit.status = chosenStatus;
          if (chosenStatus === "deferred") {
            if (reasonText === "") {
              problems.push({ field: "deferred_reason", message: "Enter the reason for deferring the action" });
            }
            edit.deferred_reason = reasonText;
          }
        } else if (chosenStatus === "deferred" && reasonText !== (action.deferred_reason ?? "").trim()) {
          if (reasonText === "") {
            problems.push({ field: "deferred_reason", message: "Enter the reason for deferring the action" });
          }
          edit.deferred_reason = reasonText;
        }

        const chosenPriority = priority.value();
        if (isPriority(chosenPriority) && chosenPriority !== action.priority) {
          const reason = priorityReason.textarea.value.trim();
          if (reason === "") {
            problems.push({
              field: "priority_reason",
              message: `Enter the reason for changing the priority from ${PRIORITY_LABELS[action.priority].toLowerCase()} to ${PRIORITY_LABELS[chosenPriority].toLowerCase()}`,
            });
          }
          edit.priority = chosenPriority;
          edit.priority_reason = reason;
        }

        const noteText = note.textarea.value.trim();
        if (noteText !== "") {
          edit.note = noteText;
        }

        ctx.clearAll();
        if (problems.length > 0) {
          ctx.showErrors(formErrors, problems);
          return;
        }
        if (Object.keys(edit).length === 0) {
          ctx.showErrors(formErrors, [
            { field: null, message: "There are no changes to save. Change something or add a progress note first." },
          ]);
          return;
        }
        busy = true;
        submit.setAttribute("aria-disabled", "true");
        updateAction({ action_id: action.id, edit })
          .then((next) => ctx.saved(next, "updated"))
          .catch((reason: unknown) => {
            const error = toAppError(reason);
            ctx.showErrors(formErrors, [{ field: error.field ?? null, message: error.message }]);
          })
          .finally(() => {
            busy = false;
            submit.removeAttribute("aria-disabled");
          });
      },
    },
    h("h2", { class: "nhsuk-heading-m", id: "action-form-heading" }, "Update the action"),
    text.group,
    owners.group,
    department.group,
    due.group,
    status.group,
    priority.group,
    note.group,
    submit,
  );
  return { form, errors: formErrors };
}

function completeForm(
  action: ActionView,
  signer: string,
  errors: HTMLElement,
  ctx: FormContext,
): { form: HTMLElement; errors: FormErrors } {
  const assessed = dateInput({
    idPrefix: "assessed",
    legend: "Date assessed",
    legendClass: "nhsuk-fieldset__legend--s",
    hint: "The date the action was checked as done, for example 15 1 2027",
    value: { day: "", month: "", year: "" },
  });
  const signedOffBy = textInput({
    id: "signed-off-by",
    label: "Signed off by",
    labelClass: "nhsuk-label--s",
    hint: "The name of the person signing the action off",
    autocomplete: "name",
    spellcheck: false,
    inputClass: "nhsuk-u-width-two-thirds",
    value: signer,
  });
  const formErrors = new FormErrors(errors, {
    assessed: assessed.control,
    signed_off_by: signedOffBy.control,
  });
  const submit = h("button", { class: "nhsuk-button", id: "complete-action", type: "submit" }, "Complete this action");
  let busy = false;
  const form = h(
    "form",
    {
      id: "complete-form",
      novalidate: true,
      "aria-labelledby": "complete-form-heading",
      onSubmit: (event: SubmitEvent) => {
        event.preventDefault();
        if (busy) {
          return;
        }
        const problems: FormError[] = [];
        const date = parseDateParts(assessed.values(), "Date assessed", { required: true });
        if (!date.ok) {
          problems.push({ field: "assessed", message: date.message, parts: date.parts });
        }
        const name = signedOffBy.input.value.trim();
        if (name === "") {
          problems.push({ field: "signed_off_by", message: "Enter the name of the person signing the action off" });
        }
        ctx.clearAll();
        if (problems.length > 0 || !date.ok) {
          ctx.showErrors(formErrors, problems);
          return;
        }
        busy = true;
        submit.setAttribute("aria-disabled", "true");
        completeAction({ action_id: action.id, completion: { assessed: date.value, signed_off_by: name } })
          .then((next) => ctx.saved(next, "completed"))
          .catch((reason: unknown) => {
            const error = toAppError(reason);
            ctx.showErrors(formErrors, [{ field: error.field ?? null, message: error.message }]);
          })
          .finally(() => {
            busy = false;
            submit.removeAttribute("aria-disabled");
          });
      },
    },
    h("h2", { class: "nhsuk-heading-m", id: "complete-form-heading" }, "Complete the action"),
    action.gap_closed_to_confirm
      ? insetText(
          h(
            "p",
            null,
            "The answer behind this action no longer needs action. Completing the action confirms the gap is closed.",
          ),
        )
      : null,
    assessed.group,
    signedOffBy.group,
    submit,
  );
  return { form, errors: formErrors };
}

export interface ActionRoute {
  actionId: string;
  from: ActionFrom;
  filter: PlanFilter;
}

export async function actionPage(ctx: PageContext, route: ActionRoute): Promise<PageView> {
  let action = await getAction(route.actionId);
  const root = h("div", { class: "app-action" });
  const headingOf = (a: ActionView): string => `${a.source_label}: ${shortText(a.objective, 60)}`;

  /** Fills the page; returns what should take focus (null: the h1). */
  const render = (notice: Notice | null): HTMLElement | null => {
    const slot = h("div", { class: "app-error-summary-slot" });
    const title = headingOf(action);
    let all: FormErrors[] = [];
    const formCtx: FormContext = {
      clearAll: () => {
        for (const errors of all) {
          errors.clear();
        }
        document.title = documentTitle(title);
      },
      showErrors: (errors, list) => {
        errors.show(list);
        document.title = documentTitle(title, list.length > 0);
      },
      saved: (next, done) => {
        action = next;
        const focus = render(done);
        document.title = documentTitle(headingOf(action));
        const target = focus ?? root.querySelector("h1");
        if (target instanceof HTMLElement) {
          focusProgrammatically(target);
        }
      },
    };
    const update = updateForm(action, slot, formCtx);
    const complete = action.status === "completed" ? null : completeForm(action, ctx.info.user?.name ?? "", slot, formCtx);
    all = complete === null ? [update.errors] : [update.errors, complete.errors];

    const banner =
      notice === null
        ? null
        : notificationBanner({
            id: "action-status",
            title: "Success",
            heading: notice === "updated" ? "Action updated" : "Action completed",
            body: h("p", { class: "nhsuk-body" }, "The audit trail records the change, with your name and the time."),
            success: true,
          });

    replaceChildren(
      root,
      pageGrid(
        "two-thirds",
        slot,
        banner,
        caption(action.organisation),
        h("h1", { class: "nhsuk-heading-l" }, `${action.source_label}: ${action.objective}`),
        action.gap_reopened ? gapReopenedText() : null,
        actionSummary(action),
        h("div", { class: "app-plan-section" }, update.form),
        h(
          "div",
          { class: "app-plan-section" },
          complete === null
            ? [
                h("h2", { class: "nhsuk-heading-m", id: "complete-form-heading" }, "Completed"),
                h(
                  "p",
                  { class: "nhsuk-body", id: "action-completed-note" },
                  `This action was completed on ${formatLongDate(action.completed_on)} and signed off by ${orNotSet(action.signed_off_by, "no one")}. ` +
                    "To reopen it, choose another status above.",
                ),
              ]
            : complete.form,
        ),
      ),
    );
    return banner;
  };

  const focus = render(null);
  const back =
    route.from === "dashboard"
      ? backLink(paths.dashboard(route.filter), "Back to all actions")
      : backLink(paths.plan(action.assessment_id, route.filter), "Back to the action plan");
  return {
    heading: headingOf(action),
    backLink: back,
    content: root,
    focus,
  };
}
