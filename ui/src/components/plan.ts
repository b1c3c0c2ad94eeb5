// The action plan as the safeguarding lead reads it, shared by one
// assessment's plan page and the dashboard across every assessment: counts,
// overdue and due-soon lists, a chart of actions by priority and status (with
// its numbers in a table; each bar as long as its number of actions), what
// the page puts after the chart, the filter form, the actions table and the
// downloads. Rust works out everything shown (filtering, sorting, effective
// priority, overdue, counts); this module sends a PlanFilter and draws the
// PlanView it gets back.
//
// Applying a filter reads the plan again, redraws the filtered parts in place,
// puts the filter in the address (a new history entry, so back and forward
// step through filters and reload keeps one), moves focus to the results
// heading and announces "N actions shown". A plan of thousands (the
// dashboard) is read a page at a time: the table shows the first PAGE_SIZE
// actions and "Show more actions" reads the next ones.

import {
  exportPlan,
  toAppError,
  type ActionStatus,
  type ActionView,
  type AppError,
  type PlanCounts,
  type PlanExportFormat,
  type PlanFilter,
  type PlanView,
  type Priority,
} from "../ipc/api";
import { shortText } from "../lib/catalogue";
import { formatLongDate } from "../lib/dates";
import { h, visuallyHidden, type Children } from "../lib/dom";
import {
  DUE_SOON_DAYS,
  PAGE_SIZE,
  PRIORITIES,
  PRIORITY_LABELS,
  STATUSES,
  STATUS_LABELS,
  actionCount,
  dueFromToken,
  dueToken,
  isEmptyFilter,
  isPriority,
  isStatus,
  withLimit,
} from "../lib/plan";
import { paths } from "../lib/router";
import { documentTitle } from "../state";
import { stackedBarChart, type ChartSeries } from "./charts";
import { errorSummary } from "./errors";
import { select } from "./fields";
import { focusProgrammatically, notificationBanner, table, tag } from "./layout";

const PRIORITY_COLOURS: Readonly<Record<Priority, string>> = {
  high: "red",
  medium: "orange",
  low: "white",
};

const STATUS_COLOURS: Readonly<Record<ActionStatus, string>> = {
  not_started: "grey",
  in_progress: "blue",
  completed: "green",
  deferred: "yellow",
};

/** The priority in words and colour (the words carry the meaning). */
export function priorityTag(priority: Priority, id?: string): HTMLElement {
  return tag(PRIORITY_LABELS[priority], PRIORITY_COLOURS[priority], id);
}

export function statusTag(status: ActionStatus, id?: string): HTMLElement {
  return tag(STATUS_LABELS[status], STATUS_COLOURS[status], id);
}

/** "Gap closed — confirm": the answer no longer needs action, but the action is not yet completed. */
export function gapClosedTag(id?: string): HTMLElement {
  return tag("Gap closed — confirm", "aqua-green", id);
}

/**
 * "Gap reopened — review": the action was completed but the answer it came
 * from needs action again. The app never changes a status a person set, so a
 * person reviews it.
 */
export function gapReopenedTag(id?: string): HTMLElement {
  return tag("Gap reopened — review", "orange", id);
}

/** "Overdue — raised from Low" (or just "Overdue" when it was already high); null when not overdue. */
export function overdueText(action: Pick<ActionView, "overdue" | "priority" | "effective_priority">): string | null {
  if (!action.overdue) {
    return null;
  }
  return action.effective_priority === action.priority
    ? "Overdue"
    : `Overdue — raised from ${PRIORITY_LABELS[action.priority]}`;
}

/** The effective priority's tag with, when overdue, the words saying so. */
export function priorityCell(action: ActionView, id?: string): Children {
  const overdue = overdueText(action);
  return [
    priorityTag(action.effective_priority, id),
    overdue === null ? null : h("span", { class: "app-overdue-note" }, overdue),
  ];
}

/** The status's tag with, when the gap closed, "Gap closed — confirm" (or, when it opened again, "Gap reopened — review"). */
export function statusCell(action: ActionView): Children {
  return [
    statusTag(action.status),
    action.gap_closed_to_confirm ? h("span", { class: "app-tag-line" }, gapClosedTag()) : null,
    action.gap_reopened ? h("span", { class: "app-tag-line" }, gapReopenedTag()) : null,
  ];
}

export function dueText(due: string | null): string {
  return due === null ? "Not set" : formatLongDate(due);
}

/** Which plan this is: one assessment's, or every assessment's (the dashboard). */
export type PlanScope = { kind: "assessment"; assessmentId: string } | { kind: "dashboard" };

/** The address of the plan with this filter. */
export function planPath(scope: PlanScope, filter: PlanFilter = {}): string {
  return scope.kind === "dashboard" ? paths.dashboard(filter) : paths.plan(scope.assessmentId, filter);
}

function actionPath(scope: PlanScope, action: ActionView, filter: PlanFilter): string {
  return paths.action(action.id, { from: scope.kind === "dashboard" ? "dashboard" : "plan", filter });
}

// --- The parts of the plan. ---

function countCard(id: string, value: number, label: string, extraClass?: string): HTMLElement {
  return h(
    "li",
    { class: ["app-count", extraClass] },
    h("span", { class: "app-count__number", id }, String(value)),
    " ",
    h("span", { class: "app-count__label" }, label),
  );
}

/** The numbers at the top: total, open, overdue, due soon and gaps closed to confirm. */
export function planCounts(counts: PlanCounts, filtered: boolean): HTMLElement {
  return h(
    "ul",
    { class: "app-count-row", id: "plan-counts" },
    countCard(
      "plan-count-total",
      counts.total,
      filtered ? (counts.total === 1 ? "action matches" : "actions match") : counts.total === 1 ? "action" : "actions",
    ),
    countCard("plan-count-open", counts.open, "open"),
    countCard("plan-count-overdue", counts.overdue, "overdue", counts.overdue > 0 ? "app-count--alert" : undefined),
    countCard("plan-count-due-soon", counts.due_soon, `due in the next ${DUE_SOON_DAYS} days`),
    countCard("plan-count-gaps", counts.gaps_to_confirm, counts.gaps_to_confirm === 1 ? "gap closed to confirm" : "gaps closed to confirm"),
  );
}

const STATUS_PATTERNS: readonly ChartSeries[] = [
  { key: "not_started", label: STATUS_LABELS.not_started, pattern: "solid-pale" },
  { key: "in_progress", label: STATUS_LABELS.in_progress, pattern: "stripes-blue" },
  { key: "completed", label: STATUS_LABELS.completed, pattern: "solid-green" },
  { key: "deferred", label: STATUS_LABELS.deferred, pattern: "dots-grey" },
];

/** Actions by effective priority (a bar each) and status (the bar's parts), with the same numbers in a table. */
export function planChart(counts: PlanCounts): HTMLElement {
  const rows = PRIORITIES.map((priority) => {
    const row = counts.by_priority.find((r) => r.priority === priority);
    return {
      heading: PRIORITY_LABELS[priority],
      values: {
        not_started: row?.not_started ?? 0,
        in_progress: row?.in_progress ?? 0,
        completed: row?.completed ?? 0,
        deferred: row?.deferred ?? 0,
      },
    };
  });
  return stackedBarChart({
    id: "plan-chart",
    tableId: "plan-chart-table",
    caption: "Actions by priority and status",
    rowHeading: "Priority",
    series: STATUS_PATTERNS,
    rows,
    // Each bar as long as its number of actions: one high action is visibly fewer than 300 low ones.
    scale: "largest",
  });
}

function sourceLink(scope: PlanScope, action: ActionView, filter: PlanFilter, id?: string): HTMLElement {
  return h(
    "a",
    { class: "nhsuk-link", id, href: actionPath(scope, action, filter) },
    visuallyHidden("View or update the action for "),
    action.source_label,
    scope.kind === "dashboard" ? visuallyHidden(`, ${action.organisation}`) : null,
  );
}

/** The objective, shortened, with the whole of it a click away when it was shortened. */
function objectiveCell(action: ActionView): Children {
  const short = shortText(action.objective, 80);
  if (short === action.objective.replace(/\s+/g, " ").trim()) {
    return action.objective;
  }
  return [
    h("span", { class: "app-objective-short" }, short),
    h(
      "details",
      { class: "nhsuk-details app-details--compact" },
      h(
        "summary",
        { class: "nhsuk-details__summary" },
        h("span", { class: "nhsuk-details__summary-text" }, "Full objective", visuallyHidden(` for ${action.source_label}`)),
      ),
      h("div", { class: "nhsuk-details__text" }, action.objective),
    ),
  ];
}

function ownersCell(action: ActionView): Children {
  return [
    action.owners.trim() === "" ? "Not set" : action.owners,
    action.department.trim() === ""
      ? null
      : h("span", { class: "app-cell-note" }, `Department: ${action.department}`),
  ];
}

/** Every filtered action, in the order Rust gives them. */
export function actionsTable(scope: PlanScope, actions: readonly ActionView[], filter: PlanFilter): HTMLElement {
  const dashboard = scope.kind === "dashboard";
  return table({
    id: "plan-table",
    caption: "Actions",
    captionClass: "nhsuk-u-visually-hidden",
    extraClass: "app-plan-table",
    headings: [
      ...(dashboard ? ["Organisation"] : []),
      "Source and objective",
      "Action",
      "Priority",
      "Status",
      "Completion date",
      "Owners",
    ],
    rows: actions.map((action) => [
      ...(dashboard
        ? [
            [
              action.organisation,
              h("span", { class: "app-cell-note" }, `${action.framework_title}, assessed ${formatLongDate(action.assessment_date)}`),
            ],
          ]
        : []),
      [
        h("span", { class: "app-nowrap" }, sourceLink(scope, action, filter, `action-link-${action.id}`)),
        h("div", { class: "app-cell-note" }, objectiveCell(action)),
      ],
      action.action,
      priorityCell(action),
      statusCell(action),
      h("span", { class: "app-nowrap" }, dueText(action.due)),
      ownersCell(action),
    ]),
  });
}

/** A short list of actions (overdue, due soon): a link each, with when it is due and who owns it. */
function actionList(
  scope: PlanScope,
  id: string,
  linkPrefix: string,
  actions: readonly ActionView[],
  filter: PlanFilter,
  empty: string,
): HTMLElement {
  if (actions.length === 0) {
    return h("p", { class: "nhsuk-body", id }, empty);
  }
  return h(
    "ul",
    { class: "nhsuk-list app-action-list", id },
    actions.map((action) => {
      const details = [
        scope.kind === "dashboard" ? action.organisation : null,
        `Due ${dueText(action.due)}`,
        action.owners.trim() === "" ? null : action.owners,
        overdueText(action),
      ].filter((part): part is string => part !== null);
      return h(
        "li",
        { class: "app-action-list__item" },
        h(
          "a",
          { class: "nhsuk-link", id: `${linkPrefix}-${action.id}`, href: actionPath(scope, action, filter) },
          `${action.source_label}: ${shortText(action.objective, 90)}`,
        ),
        h("span", { class: "app-cell-note" }, details.join(" · ")),
      );
    }),
  );
}

// --- The filter form. ---

function withCurrent(values: readonly string[], current: string | undefined): string[] {
  const all = [...values];
  if (current !== undefined && current !== "" && !all.some((v) => v.toLowerCase() === current.toLowerCase())) {
    all.push(current);
  }
  return all;
}

interface FilterForm {
  form: HTMLFormElement;
  read(): PlanFilter;
  set(filter: PlanFilter): void;
}

function filterForm(view: PlanView, onApply: (filter: PlanFilter) => void, clearHref: string): FilterForm {
  const { filter } = view;
  const status = select({
    id: "filter-status",
    label: "Status",
    choices: [{ value: "", label: "Any status" }, ...STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))],
    value: filter.status ?? "",
  });
  const owner = select({
    id: "filter-owner",
    label: "Owner",
    choices: [{ value: "", label: "Anyone" }, ...withCurrent(view.owners, filter.owner).map((o) => ({ value: o, label: o }))],
    value: filter.owner ?? "",
  });
  const department = select({
    id: "filter-department",
    label: "Department",
    choices: [
      { value: "", label: "Any department" },
      ...withCurrent(view.departments, filter.department).map((d) => ({ value: d, label: d })),
    ],
    value: filter.department ?? "",
  });
  const priority = select({
    id: "filter-priority",
    label: "Priority",
    choices: [{ value: "", label: "Any priority" }, ...PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABELS[p] }))],
    value: filter.priority ?? "",
  });
  const due = select({
    id: "filter-due",
    label: "Due",
    choices: [
      { value: "", label: "Any date" },
      { value: "overdue", label: "Overdue" },
      { value: dueToken({ kind: "within", days: DUE_SOON_DAYS }), label: `Due in the next ${DUE_SOON_DAYS} days` },
    ],
    value: dueToken(filter.due),
  });

  const read = (): PlanFilter => {
    const next: PlanFilter = {};
    if (isStatus(status.select.value)) {
      next.status = status.select.value;
    }
    if (owner.select.value !== "") {
      next.owner = owner.select.value;
    }
    if (department.select.value !== "") {
      next.department = department.select.value;
    }
    if (isPriority(priority.select.value)) {
      next.priority = priority.select.value;
    }
    const dueFilter = dueFromToken(due.select.value);
    if (dueFilter !== undefined) {
      next.due = dueFilter;
    }
    return next;
  };
  const set = (next: PlanFilter): void => {
    status.select.value = next.status ?? "";
    owner.select.value = next.owner ?? "";
    department.select.value = next.department ?? "";
    priority.select.value = next.priority ?? "";
    due.select.value = dueToken(next.due);
  };

  const form = h(
    "form",
    {
      id: "plan-filters",
      class: "app-plan-filters",
      novalidate: true,
      "aria-labelledby": "plan-filters-heading",
      onSubmit: (event: SubmitEvent) => {
        event.preventDefault();
        onApply(read());
      },
    },
    h("h2", { class: "nhsuk-heading-m", id: "plan-filters-heading" }, "Filter the actions"),
    h("div", { class: "app-plan-filters__fields" }, status.group, owner.group, department.group, priority.group, due.group),
    h(
      "div",
      { class: "nhsuk-button-group app-plan-filters__actions" },
      h("button", { class: "nhsuk-button nhsuk-button--secondary", id: "apply-filters", type: "submit" }, "Apply filters"),
      h(
        "a",
        {
          class: "nhsuk-link",
          id: "clear-filters",
          href: clearHref,
          onClick: (event: MouseEvent) => {
            event.preventDefault();
            set({});
            onApply({});
          },
        },
        "Clear filters",
      ),
    ),
  );
  return { form, read, set };
}

// --- The whole plan. ---

export interface PlanViewOptions {
  scope: PlanScope;
  /** The plan as first read (its `filter` is the one the address asked for). */
  view: PlanView;
  /** Reads the plan again with another filter (get_plan or get_dashboard). */
  load(filter: PlanFilter): Promise<PlanView>;
  /** What goes above the plan: the caption, the h1 and any introduction. */
  header: Children;
  /** The page's heading, for the window title ("Error: " is put before it while errors show). */
  title: string;
  /** Shown instead of the plan when it has no actions at all. */
  emptyText: string;
  /** What goes after the chart ("How priorities are set"); it stays as filters change. */
  afterChart?: Children;
}

/** "3 actions shown", or, when only the first page of them is, "Showing 50 of 1,234 actions". */
export function shownText(shown: number, total: number): string {
  return shown >= total
    ? `${actionCount(total)} shown`
    : `Showing ${shown.toLocaleString("en-GB")} of ${actionCount(total)}`;
}

const EXPORTS: readonly { format: PlanExportFormat; id: string; label: string }[] = [
  { format: "csv", id: "export-csv", label: "Download as CSV" },
  { format: "xlsx", id: "export-xlsx", label: "Download as Excel (.xlsx)" },
  { format: "ics", id: "export-ics", label: "Add due dates to calendar (.ics)" },
];

/** The message slot above the plan: an error summary or a success banner. */
interface PlanMessages {
  slot: HTMLElement;
  showError(error: AppError): void;
  showSaved(path: string): void;
  clear(): void;
}

function planMessages(title: string): PlanMessages {
  const slot = h("div", { class: "app-message-slot" });
  return {
    slot,
    showError: (error) => {
      const summary = errorSummary([{ message: error.message }], { id: "plan-error-summary" });
      slot.replaceChildren(summary);
      document.title = documentTitle(title, true);
      focusProgrammatically(summary);
    },
    showSaved: (path) => {
      const banner = notificationBanner({
        id: "plan-export-status",
        title: "Success",
        heading: `Saved to ${path}`,
        success: true,
      });
      slot.replaceChildren(banner);
      focusProgrammatically(banner);
    },
    clear: () => {
      slot.replaceChildren();
      document.title = documentTitle(title);
    },
  };
}

/** The parts of the plan a filter changes. */
interface FilteredParts {
  summaryNote: HTMLElement;
  countsSlot: HTMLElement;
  chartSlot: HTMLElement;
  resultsHeading: HTMLElement;
  resultsCount: HTMLElement;
  /** Says, to screen readers, what a filter or "Show more" changed. */
  live: HTMLElement;
  resultsSlot: HTMLElement;
  moreSlot: HTMLElement;
}

function filteredParts(): FilteredParts {
  return {
    summaryNote: h("p", { class: "nhsuk-body-s app-plan-note", id: "plan-filter-note" }),
    countsSlot: h("div"),
    chartSlot: h("div"),
    resultsHeading: h("h2", { class: "nhsuk-heading-m", id: "plan-results-heading", tabindex: "-1" }, "Actions"),
    resultsCount: h("p", { class: "nhsuk-body", id: "plan-results-count" }),
    live: h("div", {
      class: "nhsuk-u-visually-hidden",
      id: "plan-results-status",
      role: "status",
      "aria-live": "polite",
    }),
    resultsSlot: h("div"),
    moreSlot: h("div"),
  };
}

/** Draws the counts, the chart and the results of `view` into the parts a filter changes. */
function drawFiltered(parts: FilteredParts, scope: PlanScope, view: PlanView, showMore: () => void): void {
  const filtered = !isEmptyFilter(view.filter);
  parts.summaryNote.textContent = filtered
    ? "These numbers and the chart are for the actions that match the filters."
    : "";
  parts.summaryNote.hidden = !filtered;
  parts.countsSlot.replaceChildren(planCounts(view.counts, filtered));
  parts.chartSlot.replaceChildren(planChart(view.counts));
  parts.resultsCount.textContent = shownText(view.actions.length, view.counts.total);
  parts.resultsSlot.replaceChildren(
    view.actions.length === 0
      ? h(
          "p",
          { class: "nhsuk-body", id: "plan-no-results" },
          "No actions match the filters. Choose other filters or clear them.",
        )
      : actionsTable(scope, view.actions, view.filter),
  );
  const rest = view.counts.total - view.actions.length;
  parts.moreSlot.replaceChildren(
    ...(rest > 0 && view.actions.length > 0
      ? [
          h(
            "button",
            { class: "nhsuk-button nhsuk-button--secondary", id: "show-more-actions", type: "button", onClick: showMore },
            `Show ${Math.min(rest, PAGE_SIZE).toLocaleString("en-GB")} more actions`,
          ),
        ]
      : []),
  );
}

/** Says `message` in the live region (again, if it is the same words as last time). */
function announce(live: HTMLElement, message: string): void {
  // The same words again would not be announced; a trailing space makes them new.
  live.textContent = live.textContent === message ? `${message}\u00a0` : message;
}

/** A link that applies a filter in place (and is an ordinary link to it as well). */
function filterLink(scope: PlanScope, id: string, text: string, filter: PlanFilter, apply: (filter: PlanFilter) => void): HTMLElement {
  return h(
    "a",
    {
      class: "nhsuk-link",
      id,
      href: planPath(scope, filter),
      onClick: (event: MouseEvent) => {
        event.preventDefault();
        apply(filter);
      },
    },
    text,
  );
}

/** A shortened list's "Showing the first 10 of 37. See all 37 overdue actions", or null when it shows them all. */
function listMore(
  scope: PlanScope,
  list: { id: string; shown: number; total: number; words: string; filter: PlanFilter },
  apply: (filter: PlanFilter) => void,
): HTMLElement | null {
  const { id, shown, total, words, filter } = list;
  return total > shown
    ? h(
        "p",
        { class: "nhsuk-body-s" },
        `Showing the first ${shown} of ${total.toLocaleString("en-GB")}. `,
        filterLink(scope, id, `See all ${total.toLocaleString("en-GB")} ${words}`, filter, apply),
      )
    : null;
}

/** The download buttons: each saves the actions the current filter keeps, one download at a time. */
function exportButtons(scope: PlanScope, currentFilter: () => PlanFilter, messages: PlanMessages): HTMLElement[] {
  let exporting = false;
  const buttons: HTMLElement[] = EXPORTS.map(({ format, id, label }) =>
    h(
      "button",
      {
        class: "nhsuk-button nhsuk-button--secondary",
        id,
        type: "button",
        onClick: () => {
          if (exporting) {
            return;
          }
          exporting = true;
          for (const button of buttons) {
            button.setAttribute("aria-disabled", "true");
          }
          exportPlan(scope.kind === "dashboard" ? null : scope.assessmentId, format, currentFilter())
            .then((path) => {
              messages.clear();
              if (path !== null) {
                messages.showSaved(path);
              }
            })
            .catch((reason: unknown) => messages.showError(toAppError(reason)))
            .finally(() => {
              exporting = false;
              for (const button of buttons) {
                button.removeAttribute("aria-disabled");
              }
            });
        },
      },
      label,
    ),
  );
  return buttons;
}

/** The overdue and due-soon lists (the filters do not change them). */
function dueListsRow(scope: PlanScope, view: PlanView, apply: (filter: PlanFilter) => void): HTMLElement {
  const dueSoonFilter: PlanFilter = { due: { kind: "within", days: DUE_SOON_DAYS } };
  return h(
    "div",
    { class: "nhsuk-grid-row" },
    h(
      "section",
      { class: "nhsuk-grid-column-one-half app-plan-section", "aria-labelledby": "plan-overdue-heading" },
      h("h2", { class: "nhsuk-heading-m", id: "plan-overdue-heading" }, "Overdue"),
      actionList(scope, "plan-overdue-list", "overdue-link", view.overdue, view.filter, "No actions are overdue."),
      listMore(
        scope,
        {
          id: "plan-overdue-all",
          shown: view.overdue.length,
          total: view.overdue_total,
          words: "overdue actions",
          filter: { due: { kind: "overdue" } },
        },
        apply,
      ),
    ),
    h(
      "section",
      { class: "nhsuk-grid-column-one-half app-plan-section", "aria-labelledby": "plan-due-soon-heading" },
      h("h2", { class: "nhsuk-heading-m", id: "plan-due-soon-heading" }, `Due in the next ${DUE_SOON_DAYS} days`),
      actionList(
        scope,
        "plan-due-soon-list",
        "due-soon-link",
        view.due_soon,
        view.filter,
        `No open actions are due in the next ${DUE_SOON_DAYS} days.`,
      ),
      listMore(
        scope,
        {
          id: "plan-due-soon-all",
          shown: view.due_soon.length,
          total: view.due_soon_total,
          words: "actions due soon",
          filter: dueSoonFilter,
        },
        apply,
      ),
    ),
  );
}

/** The plan's sections, in reading order, around the parts a filter changes. */
function planSections(
  options: PlanViewOptions,
  parts: FilteredParts,
  dueLists: HTMLElement,
  filterForm: HTMLElement,
  downloads: HTMLElement[],
): HTMLElement[] {
  return [
    h("div", null, options.header),
    h(
      "section",
      { class: "app-plan-section", "aria-labelledby": "plan-summary-heading" },
      h("h2", { class: "nhsuk-heading-m", id: "plan-summary-heading" }, "Summary"),
      parts.summaryNote,
      parts.countsSlot,
    ),
    dueLists,
    h("p", { class: "nhsuk-body-s app-plan-note" }, "The filters do not change these two lists."),
    h(
      "section",
      { class: "app-plan-section", "aria-labelledby": "plan-chart-heading" },
      h("h2", { class: "nhsuk-heading-m", id: "plan-chart-heading" }, "Priority and status"),
      h(
        "p",
        { class: "nhsuk-body" },
        "An overdue action is counted, and shown, one priority higher than the priority it was given.",
      ),
      parts.chartSlot,
      options.afterChart ?? null,
    ),
    h(
      "section",
      { class: "app-plan-section", "aria-labelledby": "plan-results-heading" },
      filterForm,
      parts.resultsHeading,
      parts.resultsCount,
      parts.live,
      parts.resultsSlot,
      parts.moreSlot,
    ),
    h(
      "section",
      { class: "app-plan-section", "aria-labelledby": "plan-downloads-heading" },
      h("h2", { class: "nhsuk-heading-m", id: "plan-downloads-heading" }, "Download the plan"),
      h(
        "p",
        { class: "nhsuk-body" },
        options.scope.kind === "dashboard"
          ? "Save the actions the filters keep, across every assessment, as a file you choose where to keep."
          : "Save the actions the filters keep as a file you choose where to keep.",
      ),
      h("div", { class: "nhsuk-button-group" }, downloads),
    ),
  ];
}

/**
 * The plan: one assessment's or (with a dashboard scope) every assessment's,
 * with an Organisation column. Returns the page's content.
 */
export function planView(options: PlanViewOptions): HTMLElement {
  const { scope } = options;
  let view = options.view;
  const root = h("div", { class: "app-plan" });
  const messages = planMessages(options.title);

  if (view.counts.total === 0 && isEmptyFilter(view.filter)) {
    root.append(
      messages.slot,
      h("div", null, options.header),
      h("p", { class: "nhsuk-body", id: "plan-empty" }, options.emptyText),
    );
    return root;
  }

  const parts = filteredParts();
  let token = 0;
  /** Reads the plan with `filter`; once shown, `then` moves focus and says what changed. */
  const load = (filter: PlanFilter, then: () => void): void => {
    const mine = ++token;
    options
      .load(filter)
      .then((next) => {
        if (mine !== token || !root.isConnected) {
          return;
        }
        view = next;
        const hash = planPath(scope, view.filter);
        if (window.location.hash !== hash) {
          // A history entry of its own, without a hashchange (which would draw the page again).
          window.history.pushState(window.history.state, "", hash);
        }
        messages.clear();
        drawFiltered(parts, scope, view, showMore);
        then();
      })
      .catch((reason: unknown) => {
        if (mine === token) {
          messages.showError(toAppError(reason));
        }
      });
  };

  /** Applies a filter from the first page: focus goes to the results heading. */
  const apply = (filter: PlanFilter): void => {
    load(withLimit(filter, PAGE_SIZE), () => {
      filters.set(view.filter);
      focusProgrammatically(parts.resultsHeading);
      announce(parts.live, shownText(view.actions.length, view.counts.total));
    });
  };

  /** Shows the next page: focus goes to the first action added. */
  const showMore = (): void => {
    const shown = view.actions.length;
    load(withLimit(view.filter, shown + PAGE_SIZE), () => {
      const first = view.actions[shown];
      const link = first === undefined ? null : document.getElementById(`action-link-${first.id}`);
      focusProgrammatically(link ?? parts.resultsHeading);
      announce(parts.live, shownText(view.actions.length, view.counts.total));
    });
  };

  const filters = filterForm(view, apply, planPath(scope));
  drawFiltered(parts, scope, view, showMore);
  /** A link's filter: shown in the form at once, then applied. */
  const applyLinked = (filter: PlanFilter): void => {
    filters.set(filter);
    apply(filter);
  };
  root.append(
    messages.slot,
    ...planSections(
      options,
      parts,
      dueListsRow(scope, view, applyLinked),
      filters.form,
      exportButtons(scope, () => view.filter, messages),
    ),
  );
  return root;
}
