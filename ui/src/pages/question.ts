// Page 4 (#/assessments/<id>/entries/<entryId>): one entry's source wording and
// the form to answer it. "Save and continue" goes on to the next entry in
// reading order (the overview after the last); "Save and return" goes back.

import { FormErrors, type FormError, addTextProblem } from "../components/errors";
import { dateInput, radios, textarea, textInput } from "../components/fields";
import { backLink, insetText, pageGrid } from "../components/layout";
import { getAssessment, saveAnswer, toAppError, type AppError, type Response } from "../ipc/api";
import {
  RESPONSE_LABELS,
  LIMITS,
  buildAnswerInput,
  defaultActionRequired,
  isResponse,
} from "../lib/answers";
import { entryLabel, entryStem, findEntry, nextEntryId, partHeading } from "../lib/catalogue";
import { parseDateParts, splitIsoDate } from "../lib/dates";
import { h } from "../lib/dom";
import { paths } from "../lib/router";
import { catalogueFor, documentTitle, type PageContext, type PageView } from "../state";

/** Where the name of the person making changes is remembered between saves. */
export const ACTOR_STORAGE_KEY = "prevent-sa.actor";

/** How the template's regulations column is introduced (the catalogue's regulation scheme, shortened). */
export const REGULATIONS_LABEL = "CQC registration regulations (amended 2010)";

export const SOURCE_WORDING_NOTE = "Wording from the 2011 Department of Health self-assessment tool";

function readStoredActor(): string {
  try {
    return window.localStorage.getItem(ACTOR_STORAGE_KEY) ?? "";
  } catch {
    return "";
  }
}

function storeActor(actor: string): void {
  try {
    window.localStorage.setItem(ACTOR_STORAGE_KEY, actor);
  } catch {
    // Not remembering the name is no reason to stop.
  }
}

const RESPONSE_HINTS: Partial<Record<Response, string>> = {
  na: "Not applicable. You will need to say why.",
};

export async function questionPage(ctx: PageContext, id: string, entryId: string): Promise<PageView> {
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
  const assessmentId = detail.assessment.id;
  const answer = detail.answers.find((record) => record.entry_id === entry.id);
  const label = entryLabel(entry);
  const heading = `${label}: ${entry.text}`;
  const stem = entryStem(catalogue, entry);

  // --- The fields --------------------------------------------------------
  const naReason = textarea({
    id: "na-reason",
    name: "na_reason",
    label: "Why does this not apply?",
    value: answer?.na_reason ?? "",
    rows: 3,
  });
  const response = radios({
    idPrefix: "response",
    name: "response",
    legend: "How far is this in place?",
    legendClass: "nhsuk-fieldset__legend--m",
    checked: answer?.response ?? null,
    items: (["yes", "partial", "no", "na"] as const).map((value) => {
      const item = {
        id: `response-${value}`,
        value,
        label: RESPONSE_LABELS[value],
        ...(RESPONSE_HINTS[value] === undefined ? {} : { hint: RESPONSE_HINTS[value] }),
        ...(value === "na" ? { conditional: naReason.group } : {}),
      };
      return item;
    }),
  });
  const actionRequired = radios({
    idPrefix: "action-required",
    name: "action_required",
    legend: "Is action required?",
    legendClass: "nhsuk-fieldset__legend--m",
    hint: "We suggest an answer from how far this is in place (Partial and No usually need action). You can change it.",
    inline: true,
    checked: answer === undefined ? null : answer.action_required ? "yes" : "no",
    items: [
      { id: "action-required-yes", value: "yes", label: "Yes" },
      { id: "action-required-no", value: "no", label: "No" },
    ],
  });
  const comment = textarea({
    id: "comment",
    label: "Comment",
    labelClass: "nhsuk-label--s",
    value: answer?.comment ?? "",
    rows: 5,
    maxChars: LIMITS.comment,
  });
  const lead = textInput({
    id: "lead",
    label: "Department lead / nominated lead",
    labelClass: "nhsuk-label--s",
    value: answer?.lead ?? "",
    inputClass: "nhsuk-u-width-two-thirds",
  });
  const dueDate = dateInput({
    idPrefix: "due-date",
    legend: "Date for completion (optional)",
    legendClass: "nhsuk-fieldset__legend--s",
    hint: "For example, 31 3 2027",
    value: splitIsoDate(answer?.due_date),
  });
  const actor = textInput({
    id: "actor",
    label: "Your name",
    labelClass: "nhsuk-label--s",
    hint: "Recorded in the audit trail with this change",
    value: readStoredActor(),
    autocomplete: "name",
    spellcheck: false,
    inputClass: "nhsuk-u-width-two-thirds",
  });

  // Action required follows the response until the person changes it themselves.
  let actionTouched = false;
  for (const input of actionRequired.inputs) {
    input.addEventListener("change", () => {
      actionTouched = true;
    });
  }
  for (const input of response.inputs) {
    input.addEventListener("change", () => {
      const chosen = response.value();
      if (!actionTouched && isResponse(chosen)) {
        actionRequired.check(defaultActionRequired(chosen) ? "yes" : "no");
      }
    });
  }

  // --- Saving ------------------------------------------------------------
  const summarySlot = h("div", { class: "app-error-summary-slot" });
  const errors = new FormErrors(summarySlot, {
    response: response.control,
    na_reason: naReason.control,
    action_required: actionRequired.control,
    comment: comment.control,
    lead: lead.control,
    due_date: dueDate.control,
    actor: actor.control,
  });
  const showErrors = (list: FormError[]): void => {
    errors.show(list);
    document.title = documentTitle(heading, list.length > 0);
  };

  const saveButton = h(
    "button",
    { class: "nhsuk-button", id: "save-answer", type: "submit" },
    "Save and continue",
  );
  const returnButton = h(
    "button",
    { class: "nhsuk-button nhsuk-button--secondary", id: "save-and-return", type: "submit" },
    "Save and return to the assessment",
  );
  let intent: "continue" | "return" = "continue";
  saveButton.addEventListener("click", () => {
    intent = "continue";
  });
  returnButton.addEventListener("click", () => {
    intent = "return";
  });

  let busy = false;
  const onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    const submitter = event.submitter;
    const goBack = submitter ? submitter.id === "save-and-return" : intent === "return";
    intent = "continue";
    if (busy) {
      return;
    }

    const problems: FormError[] = [];
    const chosen = response.value();
    if (!isResponse(chosen)) {
      problems.push({ field: "response", message: "Select how far this is in place" });
    }
    if (chosen === "na") {
      addTextProblem(problems, "na_reason", naReason.textarea.value, {
        blank: "Enter why this does not apply",
        name: "The reason it does not apply",
        max: LIMITS.naReason,
      });
    }
    addTextProblem(problems, "comment", comment.textarea.value, { name: "Comment", max: LIMITS.comment });
    addTextProblem(problems, "lead", lead.input.value, {
      name: "Department lead / nominated lead",
      max: LIMITS.lead,
    });
    const due = parseDateParts(dueDate.values(), "Date for completion", { required: false });
    if (!due.ok) {
      problems.push({ field: "due_date", message: due.message, parts: due.parts });
    }
    addTextProblem(problems, "actor", actor.input.value, {
      blank: "Enter your name",
      name: "Your name",
      max: LIMITS.actor,
    });
    if (problems.length > 0 || !isResponse(chosen) || !due.ok) {
      showErrors(problems);
      return;
    }

    const action = actionRequired.value();
    const actorName = actor.input.value.trim();
    busy = true;
    saveButton.setAttribute("aria-disabled", "true");
    returnButton.setAttribute("aria-disabled", "true");
    saveAnswer({
      assessment_id: assessmentId,
      entry_id: entry.id,
      actor: actorName,
      answer: buildAnswerInput({
        response: chosen,
        naReason: naReason.textarea.value,
        actionRequired: action === null ? null : action === "yes",
        comment: comment.textarea.value,
        lead: lead.input.value,
        dueDate: due.value,
      }),
    })
      .then(() => {
        storeActor(actorName);
        const next = nextEntryId(catalogue.entries, entry.id);
        ctx.navigate(
          goBack || next === null ? paths.overview(assessmentId) : paths.question(assessmentId, next),
        );
      })
      .catch((reason: unknown) => {
        const error = toAppError(reason);
        showErrors([{ field: error.field ?? null, message: error.message }]);
      })
      .finally(() => {
        busy = false;
        saveButton.removeAttribute("aria-disabled");
        returnButton.removeAttribute("aria-disabled");
      });
  };

  const form = h(
    "form",
    { novalidate: true, id: "answer-form", onSubmit },
    response.group,
    actionRequired.group,
    comment.group,
    lead.group,
    dueDate.group,
    actor.group,
    h("div", { class: "nhsuk-button-group" }, saveButton, returnButton),
  );

  // --- The entry, in the source's words ------------------------------------
  const regulations =
    entry.regulations_printed === null
      ? null
      : h(
          "p",
          { class: "nhsuk-body", id: "entry-regulations" },
          h("strong", null, `${REGULATIONS_LABEL}:`),
          ` ${entry.regulations_printed}`,
        );
  const sourceNote =
    entry.source_note === null
      ? null
      : h(
          "div",
          { id: "entry-source-note" },
          insetText(h("p", null, h("strong", null, "About the source: "), entry.source_note)),
        );

  return {
    heading,
    backLink: backLink(paths.overview(assessmentId), "Back to the assessment"),
    content: pageGrid(
      "two-thirds",
      summarySlot,
      h(
        "span",
        { class: "nhsuk-caption-l", id: "entry-caption" },
        `${partHeading(catalogue, entry)} – ${label}`,
      ),
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
        h("p", { class: "nhsuk-body-s app-source-label" }, SOURCE_WORDING_NOTE),
      ),
      regulations,
      sourceNote,
      form,
    ),
  };
}
