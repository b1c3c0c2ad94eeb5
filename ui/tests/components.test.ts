import { afterEach, describe, expect, it } from "vitest";

import { progressBar, responseChart, seriesLabel, stackedBarChart } from "../src/components/charts";
import { planChart } from "../src/components/plan";
import { errorSummary } from "../src/components/errors";
import { select } from "../src/components/fields";
import { progressList, stepStateLabel } from "../src/components/progress-list";
import { ASSESSMENT_ID, answer, catalogueView, reviewOf, toolkitWords } from "./fixtures";

afterEach(() => {
  document.body.replaceChildren();
});

describe("the progress list", () => {
  it("lists every part and step with its state in words, linking each step", () => {
    const catalogue = catalogueView();
    const review = reviewOf([
      answer({ entry_id: "1" }),
      answer({ entry_id: "2", response: "no", action_required: true }),
      answer({ entry_id: "C1", response: "yes", policy_ref: "P", review_date: "2020-01-01" }),
    ]);
    const nav = progressList({ catalogue, review, assessmentId: ASSESSMENT_ID, currentEntryId: "2" });
    document.body.append(nav);

    expect(nav.tagName).toBe("NAV");
    expect(nav.getAttribute("aria-label")).toBe("Steps in this assessment");
    expect(Array.from(nav.querySelectorAll("h2")).map((el) => el.textContent)).toEqual(
      catalogue.parts.map((part) => part.heading),
    );
    expect(nav.querySelectorAll("a")).toHaveLength(47);
    const link = (id: string): HTMLAnchorElement => document.getElementById(`progress-link-${id}`) as HTMLAnchorElement;
    expect(link("3a").getAttribute("href")).toBe(`#/assessments/${ASSESSMENT_ID}/entries/3a`);
    expect(link("3a").textContent).toBe("Item 3a: obtaining advice");
    expect(link("2").getAttribute("aria-current")).toBe("step");
    expect(nav.querySelectorAll("[aria-current]")).toHaveLength(1);
    const state = (id: string): string | undefined =>
      link(id).closest("li")?.querySelector(".app-progress-list__state .nhsuk-tag")?.textContent ?? undefined;
    expect(state("1")).toBe("Complete");
    expect(state("2")).toBe("Incomplete");
    expect(state("C1")).toBe("Needs attention");
    expect(state("4")).toBe("Not started");
    expect(link("1").closest("li")?.textContent).toContain("Status: Complete");
    expect(nav.querySelector(".app-progress-list__part-state")?.textContent).toBe("Incomplete 1 of 17 complete");
  });

  it("can sit under an h2 with h3 part headings", () => {
    const nav = progressList({
      catalogue: catalogueView(),
      review: reviewOf([]),
      assessmentId: "a",
      headingLevel: 3,
    });
    expect(nav.querySelectorAll("h3")).toHaveLength(4);
    expect(nav.querySelector("[aria-current]")).toBeNull();
    expect(stepStateLabel("needs_attention")).toBe("Needs attention");
  });
});

describe("charts", () => {
  const labels = toolkitWords();
  const parts = [
    {
      heading: "Section A",
      responses: { yes: 3, partial: 2, no: 1, na: 0, unanswered: 4 },
      labels: labels.item_responses,
    },
    {
      heading: "Checklist B",
      responses: { yes: 5, partial: 0, no: 0, na: 1, unanswered: 0 },
      labels: labels.checklist_responses,
    },
  ];

  it("draws a stacked bar chart labelled by its caption, with the numbers in a table", () => {
    const block = responseChart({ id: "response-chart", tableId: "response-table", caption: "Responses", parts });
    document.body.append(block);
    const img = block.querySelector("#response-chart svg[role='img']");
    expect(img?.getAttribute("aria-labelledby")).toBe("response-chart-caption");
    expect(document.getElementById("response-chart-caption")?.textContent).toBe("Responses");
    // One segment per non-zero count, each filled with its series' pattern.
    const segments = Array.from(block.querySelectorAll("rect.app-chart__segment[class*='--']"));
    expect(segments.map((s) => s.getAttribute("fill"))).toEqual([
      "url(#response-chart-pattern-yes)",
      "url(#response-chart-pattern-partial)",
      "url(#response-chart-pattern-no)",
      "url(#response-chart-pattern-unanswered)",
      "url(#response-chart-pattern-yes)",
      "url(#response-chart-pattern-na)",
    ]);
    for (const key of ["yes", "partial", "no", "na", "unanswered"]) {
      expect(block.querySelector(`pattern#response-chart-pattern-${key}`)).not.toBeNull();
    }
    const widths = segments.slice(0, 4).map((s) => Number(s.getAttribute("width")));
    expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(640);
    expect(widths[0]).toBeCloseTo(192);

    const rows = Array.from(block.querySelectorAll("#response-table tbody tr")).map((tr) =>
      Array.from(tr.children).map((cell) => cell.textContent),
    );
    expect(rows).toEqual([
      ["Section A", "3", "2", "1", "0", "4", "10"],
      ["Checklist B", "5", "0", "0", "1", "0", "6"],
    ]);
    expect(seriesLabel("yes", parts)).toBe("Yes / Included");
    expect(seriesLabel("na", parts)).toBe("Not applicable");
    expect(seriesLabel("unanswered", parts)).toBe("Not answered");
  });

  /** Each bar's length: the widths of its segments added up, bar by bar. */
  function barLengths(block: Element): number[] {
    return Array.from(block.querySelectorAll("svg.app-chart__svg > g")).map((g) =>
      Array.from(g.querySelectorAll("rect.app-chart__segment")).reduce(
        (sum, rect) => sum + Number(rect.getAttribute("width")),
        0,
      ),
    );
  }

  it("fills the width with every bar of the overview's chart, its parts the shares of its own total", () => {
    const block = responseChart({ id: "response-chart", tableId: "response-table", caption: "Responses", parts });
    // Section A has 10 responses and Checklist B 6: both bars are the whole width.
    const lengths = barLengths(block);
    expect(lengths).toHaveLength(2);
    expect(lengths[0]).toBeCloseTo(640);
    expect(lengths[1]).toBeCloseTo(640);
    const checklist = Array.from(block.querySelectorAll("svg.app-chart__svg > g"))[1];
    const yes = checklist?.querySelector("rect.app-chart__segment--yes");
    expect(Number(yes?.getAttribute("width"))).toBeCloseTo((5 / 6) * 640);
  });

  it("draws the plan's bars as long as their totals, the largest the whole width", () => {
    const block = planChart({
      total: 301,
      open: 301,
      overdue: 0,
      due_soon: 0,
      gaps_to_confirm: 0,
      by_priority: [
        { priority: "high", not_started: 1, in_progress: 0, completed: 0, deferred: 0 },
        { priority: "medium", not_started: 20, in_progress: 10, completed: 0, deferred: 0 },
        { priority: "low", not_started: 150, in_progress: 50, completed: 60, deferred: 40 },
      ],
    });
    const totals = [1, 30, 300];
    const lengths = barLengths(block);
    expect(lengths).toHaveLength(3);
    lengths.forEach((length, index) => {
      expect(length).toBeCloseTo(((totals[index] ?? 0) / 300) * 640);
    });
    // One high action is visibly shorter than 300 low ones.
    expect((lengths[0] ?? 0) * 100).toBeLessThan(lengths[2] ?? 0);
    // Within a bar, each status's part is its count on the same scale.
    const low = Array.from(block.querySelectorAll("svg.app-chart__svg > g"))[2];
    expect(Number(low?.querySelector("rect.app-chart__segment--completed")?.getAttribute("width"))).toBeCloseTo(
      (60 / 300) * 640,
    );
    // The numbers are still in the table, unchanged.
    const rows = Array.from(block.querySelectorAll("#plan-chart-table tbody tr")).map((tr) =>
      Array.from(tr.children).map((cell) => cell.textContent),
    );
    expect(rows).toEqual([
      ["High", "1", "0", "0", "0", "1"],
      ["Medium", "20", "10", "0", "0", "30"],
      ["Low", "150", "50", "60", "40", "300"],
    ]);
  });

  it("draws nothing for bars with no counts, whatever the scale", () => {
    const options = {
      id: "c",
      tableId: "c-table",
      caption: "C",
      rowHeading: "Row",
      series: [{ key: "a", label: "A", pattern: "solid-green" as const }],
      rows: [
        { heading: "None", values: { a: 0 } },
        { heading: "Some", values: { a: 4 } },
      ],
    };
    expect(barLengths(stackedBarChart(options))).toEqual([0, 640]);
    expect(barLengths(stackedBarChart({ ...options, scale: "largest" }))).toEqual([0, 640]);
    const empty = stackedBarChart({ ...options, rows: [{ heading: "None", values: {} }], scale: "largest" });
    expect(barLengths(empty)).toEqual([0]);
  });

  it("draws progress bars as decoration beside their numbers", () => {
    const bar = progressBar({ answered: 5, complete: 2, total: 10 });
    expect(bar.getAttribute("aria-hidden")).toBe("true");
    expect(bar.querySelector(".app-progress-bar__answered")?.getAttribute("width")).toBe("320");
    expect(bar.querySelector(".app-progress-bar__complete")?.getAttribute("width")).toBe("128");
    const empty = progressBar({ answered: 0, complete: 0, total: 0 });
    expect(empty.querySelector(".app-progress-bar__answered")?.getAttribute("width")).toBe("0");
  });
});

describe("the error summary for another page's fields", () => {
  it("takes a title and description and leaves route links to the router", () => {
    const summary = errorSummary([{ message: "Select a response for item 1", href: "#/assessments/a/entries/1/response" }], {
      id: "review-error-summary",
      description: "You cannot mark this assessment complete yet.",
    });
    document.body.append(summary);
    expect(summary.id).toBe("review-error-summary");
    expect(summary.querySelector("h2")?.id).toBe("review-error-summary-title");
    expect(summary.querySelector("h2")?.textContent).toBe("There is a problem");
    expect(summary.querySelector("p")?.textContent).toBe("You cannot mark this assessment complete yet.");
    const event = new MouseEvent("click", { bubbles: true, cancelable: true });
    summary.querySelector("a")?.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(false);
  });
});

describe("the select field", () => {
  it("labels the select, starts on the value given (or the first choice), and shows an inline error", () => {
    const field = select({
      id: "filter-status",
      label: "Status",
      hint: "Any status shows every action",
      choices: [
        { value: "", label: "Any status" },
        { value: "deferred", label: "Deferred" },
      ],
      value: "deferred",
    });
    document.body.append(field.group);
    expect(document.querySelector("label")?.getAttribute("for")).toBe("filter-status");
    expect(field.select.classList.contains("nhsuk-select")).toBe(true);
    expect(field.select.value).toBe("deferred");
    expect(field.select.getAttribute("aria-describedby")).toBe("filter-status-hint");
    field.control.setError("Select a status");
    expect(field.group.classList.contains("nhsuk-form-group--error")).toBe(true);
    expect(field.select.classList.contains("nhsuk-select--error")).toBe(true);
    expect(field.select.getAttribute("aria-describedby")).toBe("filter-status-hint filter-status-error");
    field.control.setError(null);
    expect(field.select.getAttribute("aria-describedby")).toBe("filter-status-hint");

    const unknown = select({ id: "x", label: "X", choices: [{ value: "a", label: "A" }], value: "gone" });
    expect(unknown.select.value).toBe("a");
  });
});
