// Page 2 (#/new): start an assessment — organisation, assessor and date.

import { FormErrors, type FormError, addTextProblem } from "../components/errors";
import { dateInput, textInput } from "../components/fields";
import { backLink, pageGrid } from "../components/layout";
import { createAssessment, toAppError } from "../ipc/api";
import { LIMITS } from "../lib/answers";
import { parseDateParts, todayParts } from "../lib/dates";
import { h } from "../lib/dom";
import { paths } from "../lib/router";
import { documentTitle, type PageContext, type PageView } from "../state";

const DEFAULT_FRAMEWORK_ID = "prevent-toolkit-2011";

export function newAssessmentPage(ctx: PageContext, today: Date = new Date()): PageView {
  const heading = "Start a new assessment";
  const frameworkId = ctx.info.frameworks[0]?.id ?? DEFAULT_FRAMEWORK_ID;

  const organisation = textInput({
    id: "organisation",
    label: "Organisation",
    labelClass: "nhsuk-label--s",
    autocomplete: "organization",
    inputClass: "nhsuk-u-width-two-thirds",
  });
  const assessor = textInput({
    id: "assessor",
    label: "Name of assessor",
    labelClass: "nhsuk-label--s",
    autocomplete: "name",
    spellcheck: false,
    inputClass: "nhsuk-u-width-two-thirds",
  });
  const date = dateInput({
    idPrefix: "assessment-date",
    legend: "Date of assessment",
    legendClass: "nhsuk-fieldset__legend--s",
    hint: "For example, 20 11 2026",
    value: todayParts(today),
  });

  const summarySlot = h("div", { class: "app-error-summary-slot" });
  const errors = new FormErrors(summarySlot, {
    organisation: organisation.control,
    assessor: assessor.control,
    assessment_date: date.control,
  });

  const submit = h(
    "button",
    { class: "nhsuk-button", id: "create-assessment", type: "submit" },
    "Create assessment",
  );

  const showErrors = (list: FormError[]): void => {
    errors.show(list);
    document.title = documentTitle(heading, list.length > 0);
  };

  let busy = false;
  const form = h(
    "form",
    {
      novalidate: true,
      id: "new-assessment-form",
      onSubmit: (event: SubmitEvent) => {
        event.preventDefault();
        if (busy) {
          return;
        }
        const problems: FormError[] = [];
        addTextProblem(problems, "organisation", organisation.input.value, {
          blank: "Enter the organisation",
          name: "Organisation",
          max: LIMITS.organisation,
        });
        addTextProblem(problems, "assessor", assessor.input.value, {
          blank: "Enter the name of the assessor",
          name: "Name of assessor",
          max: LIMITS.assessor,
        });
        const parsed = parseDateParts(date.values(), "Date of assessment", { required: true });
        if (!parsed.ok) {
          problems.push({ field: "assessment_date", message: parsed.message, parts: parsed.parts });
        }
        if (problems.length > 0 || !parsed.ok) {
          showErrors(problems);
          return;
        }

        busy = true;
        submit.setAttribute("aria-disabled", "true");
        createAssessment({
          framework_id: frameworkId,
          organisation: organisation.input.value.trim(),
          assessor: assessor.input.value.trim(),
          assessment_date: parsed.value,
        })
          .then((assessment) => {
            ctx.navigate(paths.overview(assessment.id));
          })
          .catch((reason: unknown) => {
            const error = toAppError(reason);
            showErrors([{ field: error.field ?? null, message: error.message }]);
          })
          .finally(() => {
            busy = false;
            submit.removeAttribute("aria-disabled");
          });
      },
    },
    organisation.group,
    assessor.group,
    date.group,
    submit,
  );

  return {
    heading,
    backLink: backLink(paths.list(), "Back to your assessments"),
    content: pageGrid(
      "two-thirds",
      summarySlot,
      h("h1", null, heading),
      h(
        "p",
        { class: "nhsuk-body" },
        "Check these details before you continue. You cannot change them once the assessment is created.",
      ),
      form,
    ),
  };
}
