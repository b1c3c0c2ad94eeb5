// The annual report to the board (#/board-report?organisation=…&year=…):
// "The accountable Prevent lead will present a report on Prevent to the board
// and/or governing body on an annual basis (minimum)". The page first shows
// what the app already knows for the year (the assessments signed off, the
// action plan's progress, training compliance and its trend), then asks for
// what only people know, and saves the PDF: a draft, or signed off and sealed
// like an assessment report. Every fact shown comes from Rust, gathered the
// way the report gathers it. What is typed is kept as the year's draft once
// typing pauses (and on leaving a field), so closing the app loses nothing.

import { FormErrors, addTextProblem, referralsCount, type FormError } from "../components/errors";
import { confirmation, radios, textarea, textInput } from "../components/fields";
import { backLink, insetText, pageGrid, table } from "../components/layout";
import { complianceBars, trendLine } from "../components/training-charts";
import {
  exportBoardReport,
  getBoardReport,
  listOrganisations,
  RULES,
  saveBoardReportDraft,
  toAppError,
  type BoardReportInput,
  type BoardReportView,
  type ResourcesStatement,
} from "../ipc/api";
import { formatLongDate, formatLongDateUtc } from "../lib/dates";
import { h } from "../lib/dom";
import { Autosave } from "../lib/autosave";
import { isRouteHash, navigate, paths } from "../lib/router";
import { textRule } from "../lib/validation";
import { documentTitle, type PageContext, type PageView } from "../state";

const HEADING = "Annual report to the board";
/** How long typing must pause before the draft is kept. */
export const DRAFT_DELAY_MS = 800;

/** Whether an event came from the sign-off fields, which are not part of the draft. */
function isSignOffField(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && ["sign-name", "sign-role", "sign-on-behalf"].includes(target.id);
}

/** A time of day with seconds: "5:42:07pm". */
function timeWithSeconds(date: Date): string {
  const hours = date.getHours();
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${hours % 12 === 0 ? 12 : hours % 12}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${hours < 12 ? "am" : "pm"}`;
}

function chooser(organisations: readonly string[], organisation: string, year: number): HTMLElement {
  const orgSelect = h(
    "select",
    { class: "nhsuk-select", id: "board-organisation", name: "organisation" },
    organisations.map((name) => h("option", { value: name, selected: name === organisation }, name)),
  );
  const yearInput = h("input", {
    class: "nhsuk-input nhsuk-input--width-4",
    id: "board-year",
    name: "year",
    type: "text",
    inputmode: "numeric",
    value: String(year),
  });
  const form = h(
    "form",
    { class: "app-training-chooser", id: "board-chooser", novalidate: true },
    h(
      "div",
      { class: "nhsuk-form-group" },
      h("label", { class: "nhsuk-label", for: "board-organisation" }, "Organisation"),
      orgSelect,
    ),
    h("div", { class: "nhsuk-form-group" }, h("label", { class: "nhsuk-label", for: "board-year" }, "Year"), yearInput),
    h("button", { class: "nhsuk-button nhsuk-button--secondary", type: "submit", id: "board-show" }, "Show"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const typed = yearInput.value.trim();
    navigate(paths.boardReport(orgSelect.value, /^\d{4}$/.test(typed) ? Number(typed) : undefined));
  });
  return form;
}

function gathered(view: BoardReportView): HTMLElement[] {
  const out: HTMLElement[] = [
    h("h2", { class: "nhsuk-heading-l", id: "board-known-heading" }, `What the app knows for ${view.year}`),
    h(
      "p",
      { class: "nhsuk-body", id: "board-as-at" },
      `As at ${formatLongDate(view.as_at)}. These go into the report as they stand when it is saved.`,
    ),
    h("h3", { class: "nhsuk-heading-m" }, "Assessments signed off"),
  ];
  if (view.assessments.length === 0) {
    out.push(insetText(h("p", { id: "board-no-assessments" }, `No assessment was signed off in ${view.year}.`)));
  } else {
    out.push(
      table({
        id: "board-assessments",
        caption: `Signed off in ${view.year}`,
        captionClass: "nhsuk-u-visually-hidden",
        headings: ["Assessment", "Signed off", "In place", "Partly", "Not in place", "Does not apply"],
        rowHeaders: true,
        rows: view.assessments.map((a) => [
          `${a.framework}, ${formatLongDate(a.assessment_date)}${a.version > 1 ? ` (version ${a.version})` : ""}`,
          `${formatLongDateUtc(a.signed_off_at)} by ${a.signed_off_by.join(" and ")}`,
          String(a.responses.in_place),
          String(a.responses.partly_in_place),
          String(a.responses.not_in_place),
          String(a.responses.does_not_apply),
        ]),
      }),
    );
  }
  out.push(h("h3", { class: "nhsuk-heading-m" }, "Action plan"));
  if (view.plan === null || view.plan_totals === null) {
    out.push(insetText(h("p", { id: "board-no-plan" }, "No action plan: no assessment to report on in the year.")));
  } else {
    const label = (priority: string): string => RULES.priorities.find((p) => p.value === priority)?.label ?? priority;
    const totals = view.plan_totals;
    out.push(
      table({
        id: "board-plan",
        caption:
          `The plan of the assessment of ${formatLongDate(view.plan.assessment_date)}` +
          (view.plan.not_signed_off === true ? ", not yet signed off" : ""),
        captionClass: "nhsuk-table__caption--s",
        headings: ["Priority", "Actions", `Opened in ${view.year}`, `Completed in ${view.year}`, "Open", "Overdue"],
        rowHeaders: true,
        rows: [
          ...view.plan.priorities.map((p) => [
            label(p.priority),
            String(p.total),
            String(p.opened),
            String(p.completed),
            String(p.open),
            String(p.overdue),
          ]),
          ["All", String(totals.total), String(totals.opened), String(totals.completed), String(totals.open), String(totals.overdue)],
        ],
      }),
    );
  }
  out.push(h("h3", { class: "nhsuk-heading-m" }, "Training compliance"));
  const latest = view.training[view.training.length - 1];
  if (latest === undefined) {
    out.push(
      insetText(h("p", { id: "board-no-training" }, `No training figures were recorded for a reporting date in ${view.year}.`)),
    );
  } else {
    const target = RULES.training_target_percent;
    out.push(
      complianceBars({
        id: "board-levels",
        caption: `Compliance by level on ${formatLongDate(latest.as_of)}, against the ${target}% minimum`,
        rowHeading: "Level",
        bars: latest.levels.filter((l) => l.headcount > 0).map((l) => ({ heading: l.label, compliance: l })),
      }),
    );
    if (view.training.length > 1) {
      out.push(
        trendLine({
          id: "board-trend",
          caption: `Overall compliance by reporting date in ${view.year}`,
          points: view.training.map((p) => ({ as_of: p.as_of, compliance: p.overall })),
        }),
      );
    }
  }
  return out;
}

export async function boardReportPage(
  ctx: PageContext,
  organisation: string | null,
  year: number | null,
  today: Date = new Date(),
): Promise<PageView> {
  const organisations = await listOrganisations();
  const chosen = organisation ?? organisations[0] ?? null;
  const back = backLink(chosen === null ? paths.list() : paths.training(chosen), "Back");
  if (chosen === null) {
    return {
      heading: HEADING,
      backLink: backLink(paths.list(), "Back to your assessments"),
      content: pageGrid(
        "two-thirds",
        h("h1", null, HEADING),
        insetText(h("p", null, "There is nothing to report yet: start an assessment or add an organisation's staff groups first.")),
      ),
    };
  }
  const reportYear = year ?? today.getFullYear();
  const view = await getBoardReport(chosen, reportYear);

  const summarySlot = h("div", { class: "app-error-summary-slot" });
  const status = h("div", { class: "nhsuk-body app-report-status", id: "board-status", role: "status", "aria-live": "polite" });
  const referrals = textInput({
    id: "referrals",
    label: "Prevent referrals made in the year",
    labelClass: "nhsuk-label--s",
    hint: "How many. Leave blank if the report should not give a number.",
    inputClass: "nhsuk-input--width-5",
  });
  referrals.input.inputMode = "numeric";
  const breakdown = textarea({
    id: "referrals-breakdown",
    name: "referrals_breakdown",
    label: "Breakdown of referrals (optional)",
    labelClass: "nhsuk-label--s",
    hint: "For example, by month, by service or by type of concern. No names or details that identify anyone.",
    rows: 3,
    maxChars: RULES.limits.referrals_breakdown,
  });
  const incidents = textarea({
    id: "incidents",
    label: "Significant incidents",
    labelClass: "nhsuk-label--s",
    hint: "Any significant incidents in the year, and what was learned. No names or details that identify anyone.",
    rows: 5,
    maxChars: RULES.limits.incidents,
  });
  const resourcesNote = textarea({
    id: "resources-note",
    name: "resources_note",
    label: "About resources (optional)",
    labelClass: "nhsuk-label--s",
    rows: 3,
    maxChars: RULES.limits.resources_note,
  });
  const resources = radios({
    idPrefix: "resources",
    name: "resources",
    legend: `${RULES.resources_question}?`,
    legendClass: "nhsuk-fieldset__legend--s",
    items: RULES.resources_statements.map((r) => ({ id: `resources-${r.value}`, value: r.value, label: r.label })),
  });
  const activity = textarea({
    id: "activity",
    label: "Other Prevent-related activity",
    labelClass: "nhsuk-label--s",
    hint: "For example, training campaigns, partnership work, audits and policy reviews.",
    rows: 5,
    maxChars: RULES.limits.activity,
  });
  const lead = textInput({
    id: "lead",
    label: "Accountable Prevent lead",
    labelClass: "nhsuk-label--s",
    hint: "Their name, as the report presents it to the board.",
    autocomplete: "name",
  });
  const signName = textInput({
    id: "sign-name",
    name: "sign_name",
    label: "Full name of the person signing the report off",
    labelClass: "nhsuk-label--s",
    value: ctx.info.user?.name ?? "",
    autocomplete: "name",
  });
  const signRole = textInput({
    id: "sign-role",
    name: "sign_role",
    label: "Their role",
    labelClass: "nhsuk-label--s",
    value: ctx.info.user?.role ?? "",
  });
  const onBehalf = confirmation({
    id: "sign-on-behalf",
    name: "on_behalf",
    legend: "If you are not the person signing",
    legendClass: "nhsuk-fieldset__legend--s",
    label: "I am recording this sign-off on their behalf, with their agreement",
  });

  const errors = new FormErrors(summarySlot, {
    referrals: referrals.control,
    referrals_breakdown: breakdown.control,
    incidents: incidents.control,
    resources: resources.control,
    resources_note: resourcesNote.control,
    activity: activity.control,
    lead: lead.control,
    sign_name: signName.control,
    name: signName.control,
    sign_role: signRole.control,
    role: signRole.control,
    on_behalf: onBehalf.control,
  });
  const showErrors = (problems: readonly FormError[]): void => {
    errors.show(problems);
    document.title = documentTitle(HEADING, problems.length > 0);
  };

  const readInput = (problems: FormError[]): BoardReportInput => {
    const typed = referrals.input.value.trim();
    const count = referralsCount(typed, problems);
    addTextProblem(problems, "referrals_breakdown", breakdown.textarea.value, textRule("referrals_breakdown"));
    if (typed === "" && breakdown.textarea.value.trim() !== "") {
      problems.push({ field: "referrals", message: "Enter the number of referrals the breakdown is of" });
    }
    addTextProblem(problems, "incidents", incidents.textarea.value, textRule("incidents"));
    addTextProblem(problems, "resources_note", resourcesNote.textarea.value, textRule("resources_note"));
    const statement = resources.value() as ResourcesStatement | null;
    if (statement === null && resourcesNote.textarea.value.trim() !== "") {
      problems.push({ field: "resources", message: "Select whether adequate resources are available, to go with the note" });
    }
    addTextProblem(problems, "activity", activity.textarea.value, textRule("activity"));
    addTextProblem(problems, "lead", lead.input.value, textRule("accountable_lead", { required: true }));
    return {
      referrals: count,
      referrals_breakdown: breakdown.textarea.value,
      incidents: incidents.textarea.value,
      resources: statement,
      resources_note: resourcesNote.textarea.value,
      activity: activity.textarea.value,
      lead: lead.input.value,
    };
  };

  // Start from what was typed before, and keep what is typed as the draft.
  const draft = view.draft;
  if (draft !== null) {
    referrals.input.value = draft.referrals === null ? "" : String(draft.referrals);
    breakdown.textarea.value = draft.referrals_breakdown;
    incidents.textarea.value = draft.incidents;
    resources.check(draft.resources);
    resourcesNote.textarea.value = draft.resources_note;
    activity.textarea.value = draft.activity;
    lead.input.value = draft.lead;
  }
  const draftStatus = h("p", {
    class: "nhsuk-body-s app-save-status",
    id: "board-draft-status",
    role: "status",
    "aria-live": "polite",
  });
  if (draft !== null) {
    draftStatus.textContent = "Started from the draft kept for this year.";
  }
  /** The draft as typed, or null while something in it cannot be kept. */
  const draftInput = (): { input: BoardReportInput } | null => {
    const problems: FormError[] = [];
    const input = readInput(problems);
    // A draft need not name the lead yet; anything else wrong waits to be put right.
    const blocking = problems.filter((p) => p.field !== "lead" || lead.input.value.trim() !== "");
    if (blocking.length > 0) {
      draftStatus.textContent = `Not kept yet: ${blocking[0]?.message ?? ""}.`;
      return null;
    }
    return { input };
  };
  const drafts = new Autosave<{ input: BoardReportInput }>({
    delayMs: DRAFT_DELAY_MS,
    save: async ({ input }) => {
      await saveBoardReportDraft(view.organisation, view.year, input);
    },
    onStatus: (status) => {
      if (status.state === "saved") {
        draftStatus.textContent = `Draft kept at ${timeWithSeconds(status.at)}.`;
      } else if (status.state === "failed") {
        draftStatus.textContent = `Not kept: ${toAppError(status.reason).message}`;
      }
    },
  });
  const typed = (): void => drafts.schedule("input", draftInput);
  const keepDraft = (): void => {
    drafts.schedule("input", draftInput);
    drafts.commit("input");
  };
  // Leaving the page (or the app) sends what is waiting first.
  const flushNow = (): void => void drafts.flush();
  const onHashChange = (): void => {
    if (!isRouteHash(window.location.hash)) {
      return;
    }
    window.removeEventListener("hashchange", onHashChange);
    window.removeEventListener("pagehide", flushNow);
    void drafts.flush().then(() => drafts.dispose());
  };
  window.addEventListener("hashchange", onHashChange);
  window.addEventListener("pagehide", flushNow);

  let busy = false;
  const save = (signed: boolean, button: HTMLButtonElement): void => {
    if (busy) {
      return;
    }
    const problems: FormError[] = [];
    const input = readInput(problems);
    if (signed) {
      addTextProblem(problems, "sign_name", signName.input.value, textRule("actor", { required: true }));
      addTextProblem(problems, "sign_role", signRole.input.value, textRule("role", { required: true }));
    }
    if (problems.length > 0) {
      showErrors(problems);
      return;
    }
    errors.clear();
    document.title = documentTitle(HEADING);
    busy = true;
    button.setAttribute("aria-disabled", "true");
    status.replaceChildren(h("p", { class: "nhsuk-body" }, "Preparing the report…"));
    exportBoardReport({
      organisation: view.organisation,
      year: view.year,
      input,
      sign: signed
        ? { name: signName.input.value, role: signRole.input.value, on_behalf: onBehalf.input.checked }
        : null,
    })
      .then((path) => {
        status.replaceChildren(
          path === null
            ? ""
            : h(
                "p",
                { class: "nhsuk-body" },
                signed ? "Signed, sealed and saved to " : "Draft saved to ",
                h("span", { class: "app-path", id: "board-path" }, path),
              ),
        );
      })
      .catch((reason: unknown) => {
        status.replaceChildren();
        const error = toAppError(reason);
        showErrors([{ field: error.field ?? null, message: error.message }]);
      })
      .finally(() => {
        busy = false;
        button.removeAttribute("aria-disabled");
      });
  };
  const draftButton = h("button", { class: "nhsuk-button nhsuk-button--secondary", type: "button", id: "save-board-draft" }, "Save a draft (PDF)");
  draftButton.addEventListener("click", () => save(false, draftButton));
  const signButton = h("button", { class: "nhsuk-button", type: "button", id: "sign-board-report" }, "Sign off and save (PDF)");
  signButton.addEventListener("click", () => save(true, signButton));

  return {
    heading: HEADING,
    backLink: back,
    content: pageGrid(
      "two-thirds",
      summarySlot,
      h("span", { class: "nhsuk-caption-l", id: "board-caption" }, `${view.organisation}, ${view.year}`),
      h("h1", null, HEADING),
      h(
        "p",
        { class: "nhsuk-body" },
        "The accountable Prevent lead presents a report on Prevent to the board at least once a year. This page gathers " +
          "what the app knows for the year, asks for what only you know, and saves the report as a PDF in the same style " +
          "as the assessment report: a draft to share, or signed off and sealed so anyone can check it has not been changed.",
      ),
      organisations.length > 1 || year === null ? chooser(organisations, view.organisation, view.year) : null,
      ...gathered(view),
      h(
        "form",
        {
          novalidate: true,
          id: "board-form",
          onSubmit: (event: SubmitEvent) => event.preventDefault(),
          onInput: (event: Event) => {
            if (!isSignOffField(event.target)) {
              typed();
            }
          },
          onChange: (event: Event) => {
            if (!isSignOffField(event.target)) {
              keepDraft();
            }
          },
        },
        h("h2", { class: "nhsuk-heading-l" }, "What only you know"),
        h(
          "p",
          { class: "nhsuk-body" },
          "What you type here is kept as this year's draft as you type, and goes into the report you save.",
        ),
        draftStatus,
        referrals.group,
        breakdown.group,
        incidents.group,
        resources.group,
        resourcesNote.group,
        activity.group,
        lead.group,
        h("h2", { class: "nhsuk-heading-l" }, "Save the report"),
        h("p", { class: "nhsuk-body" }, "A draft says DRAFT on every page and is not sealed. To sign the report off, say who signs it:"),
        signName.group,
        signRole.group,
        onBehalf.group,
        h("div", { class: "nhsuk-button-group app-button-row" }, signButton, draftButton),
        status,
      ),
      h(
        "details",
        { class: "nhsuk-details", id: "board-readings" },
        h("summary", { class: "nhsuk-details__summary" }, h("span", { class: "nhsuk-details__summary-text" }, "How the figures are read")),
        h(
          "div",
          { class: "nhsuk-details__text" },
          h("ul", { class: "nhsuk-list nhsuk-list--bullet" }, view.readings.map((reading) => h("li", null, reading))),
        ),
      ),
    ),
  };
}
