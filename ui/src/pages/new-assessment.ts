// Start an assessment (#/new): the framework (when there is more than one),
// organisation, assessor and date. Who is creating it is the app's user, so
// it is not asked here.

import { FormErrors, type FormError, addTextProblem } from "../components/errors";
import { dateInput, radios, textInput } from "../components/fields";
import { backLink, pageGrid, summaryList } from "../components/layout";
import { createAssessment, RULES, toAppError } from "../ipc/api";
import { parseDateParts, todayParts } from "../lib/dates";
import { h } from "../lib/dom";
import { paths } from "../lib/router";
import { documentTitle, type PageContext, type PageView } from "../state";

export function newAssessmentPage(ctx: PageContext, today: Date = new Date()): PageView {
  const heading = "Start a new assessment";
  const frameworks = ctx.info.frameworks;
  const onlyFramework = frameworks.length === 1 ? frameworks[0] : undefined;
  const frameworkChoice =
    frameworks.length > 1
      ? radios({
          name: "framework_id",
          idPrefix: "framework",
          legend: "Framework",
          legendClass: "nhsuk-fieldset__legend--s",
          items: frameworks.map((framework) => ({
            id: `framework-${framework.id}`,
            value: framework.id,
            label: `${framework.title} (version ${framework.version})`,
            hint: framework.description,
          })),
          checked: null,
        })
      : null;
  const frameworkId = (): string | null =>
    onlyFramework?.id ?? frameworkChoice?.value() ?? null;

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
    ...(frameworkChoice === null ? {} : { framework_id: frameworkChoice.control }),
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
        const framework = frameworkId();
        if (framework === null) {
          problems.push({
            field: "framework_id",
            message: frameworks.length === 0 ? "There is no framework to assess against" : "Select a framework",
          });
        }
        addTextProblem(problems, "organisation", organisation.input.value, {
          blank: "Enter the organisation",
          name: "Organisation",
          max: RULES.limits.organisation,
        });
        addTextProblem(problems, "assessor", assessor.input.value, {
          blank: "Enter the name of the assessor",
          name: "Name of assessor",
          max: RULES.limits.assessor,
        });
        const parsed = parseDateParts(date.values(), "Date of assessment", { required: true });
        if (!parsed.ok) {
          problems.push({ field: "assessment_date", message: parsed.message, parts: parsed.parts });
        }
        if (problems.length > 0 || !parsed.ok || framework === null) {
          showErrors(problems);
          return;
        }

        busy = true;
        submit.setAttribute("aria-disabled", "true");
        createAssessment({
          framework_id: framework,
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
    frameworkChoice?.group,
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
      onlyFramework === undefined
        ? null
        : summaryList(
            [{ key: "Framework", value: `${onlyFramework.title} (version ${onlyFramework.version})` }],
            { id: "new-assessment-framework" },
          ),
      form,
    ),
  };
}
