// Start an assessment (#/new): the framework (when there is more than one),
// organisation, assessor and date. Who is creating it is the app's user, so
// it is not asked here.

import { FormErrors, type FormError, addTextProblem } from "../components/errors";
import { textRule } from "../lib/validation";
import { dateInput, radios, select, textInput } from "../components/fields";
import { backLink, pageGrid, summaryList } from "../components/layout";
import {
  createAssessment,
  createAssessmentFrom,
  getCatalogue,
  listAssessments,
  toAppError,
  type AssessmentSummary,
} from "../ipc/api";
import { formatLongDate, parseDateParts, todayParts } from "../lib/dates";

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

  // Starting from an earlier assessment of a framework the app's crosswalk
  // links to the chosen one: offered only when there is one to start from.
  const startFrom = select({
    id: "start-from",
    label: "Start from an earlier assessment (optional)",
    labelClass: "nhsuk-label--s",
    hint: "Answers, comments, leads, dates and evidence are copied where the app's mapping links an entry of that assessment to one of this framework. You then confirm or change each one: until then it counts as not answered.",
    choices: [{ value: "", label: "No: start with every entry unanswered" }],
  });
  startFrom.group.hidden = true;
  let linkedTo = new Map<string, string[]>();
  let earlier: AssessmentSummary[] = [];
  const offerStartingPoints = (): void => {
    const framework = frameworkId();
    const linked = framework === null ? [] : (linkedTo.get(framework) ?? []);
    const choices = earlier
      .filter((summary) => linked.includes(summary.assessment.framework_id))
      .sort((a, b) => b.assessment.assessment_date.localeCompare(a.assessment.assessment_date));
    const kept = startFrom.select.value;
    startFrom.select.replaceChildren(
      h("option", { value: "" }, "No: start with every entry unanswered"),
      ...choices.map((summary) => {
        const title = frameworks.find((f) => f.id === summary.assessment.framework_id)?.title ?? summary.assessment.framework_id;
        return h(
          "option",
          { value: summary.assessment.id },
          `${summary.assessment.organisation}: ${title}, ${formatLongDate(summary.assessment.assessment_date)}`,
        );
      }),
    );
    startFrom.select.value = choices.some((c) => c.assessment.id === kept) ? kept : "";
    startFrom.group.hidden = choices.length === 0;
  };
  Promise.all([
    listAssessments(),
    ...frameworks.map((framework) =>
      getCatalogue(framework.id).then((view) => [framework.id, view.linked_frameworks.map((f) => f.id)] as const),
    ),
  ])
    .then(([list, ...links]) => {
      earlier = list;
      linkedTo = new Map(links);
      offerStartingPoints();
    })
    .catch(() => {
      // Without the list there is nothing to start from: the choice stays hidden.
    });
  for (const input of frameworkChoice?.inputs ?? []) {
    input.addEventListener("change", offerStartingPoints);
  }

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
        addTextProblem(problems, "organisation", organisation.input.value, textRule("organisation", { required: true }));
        addTextProblem(problems, "assessor", assessor.input.value, textRule("assessor", { required: true }));
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
        const input = {
          framework_id: framework,
          organisation: organisation.input.value.trim(),
          assessor: assessor.input.value.trim(),
          assessment_date: parsed.value,
        };
        const from = startFrom.group.hidden ? "" : startFrom.select.value;
        (from === "" ? createAssessment(input) : createAssessmentFrom(input, from))
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
    startFrom.group,
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
