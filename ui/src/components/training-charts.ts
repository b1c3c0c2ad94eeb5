// Training compliance as pictures: bars against the 85% line (per level, per
// staff group) and a trend line across reporting dates. Every picture has a
// table of the same numbers after it; a bar below the line is told apart by
// pattern and by the words beside it as well as by colour. The percentages
// are Rust's (`compliance_percent`, rounded down); nothing is worked out here
// but where to draw them.

import type { ComplianceView } from "../ipc/generated/ComplianceView";
import { RULES } from "../ipc/generated/rules";
import { formatLongDate } from "../lib/dates";
import { h, svg } from "../lib/dom";
import { table } from "./layout";

const WIDTH = 640;
const LABEL_WIDTH = 0;

export interface ComplianceBar {
  heading: string;
  compliance: ComplianceView;
}

/** The chart's numbers as a table after it: one row a bar or point. */
function numbersTable(
  chart: { id: string; caption: string },
  rowHeading: string,
  rows: readonly (readonly [string, ComplianceView])[],
): HTMLElement {
  const target = RULES.training_target_percent;
  return table({
    id: `${chart.id}-table`,
    caption: `${chart.caption}: the numbers`,
    captionClass: "nhsuk-table__caption--s",
    headings: [rowHeading, "In date", "Staff", "Compliance", `${target}% minimum`],
    rowHeaders: true,
    extraClass: "app-chart__table",
    rows: rows.map(([heading, c]) => [heading, String(c.in_date), String(c.headcount), c.percent_text, c.verdict]),
  });
}

/** Where `percent` falls across the chart's width. */
function across(percent: number): number {
  return LABEL_WIDTH + (Math.max(0, Math.min(percent, 100)) / 100) * (WIDTH - LABEL_WIDTH);
}

/** One bar a row, 0–100%, with the target as a dashed line down the chart. */
export function complianceBars(options: {
  id: string;
  caption: string;
  rowHeading: string;
  bars: readonly ComplianceBar[];
}): HTMLElement {
  const target = RULES.training_target_percent;
  const captionId = `${options.id}-caption`;
  const rowHeight = 64;
  const height = Math.max(options.bars.length, 1) * rowHeight + 24;
  const rows = options.bars.map((bar, index) => {
    const top = index * rowHeight + 24;
    const percent = bar.compliance.compliance_percent ?? 0;
    const below = bar.compliance.meets_target === false;
    return svg(
      "g",
      null,
      svg("text", { class: "app-chart__label", x: 0, y: top + 16 }, `${bar.heading}: ${bar.compliance.percent_text}`),
      svg("rect", { class: "app-training-bar__track", x: 0, y: top + 24, width: WIDTH, height: 24 }),
      svg("rect", {
        class: ["app-training-bar", below ? "app-training-bar--below" : "app-training-bar--meets"],
        x: 0,
        y: top + 24,
        width: across(percent),
        height: 24,
      }),
    );
  });
  const line = across(target);
  const figure = h(
    "figure",
    { class: "app-chart", id: options.id },
    h("figcaption", { class: "nhsuk-heading-s app-chart__caption", id: captionId }, options.caption),
    svg(
      "svg",
      { class: "app-chart__svg", viewBox: `0 0 ${WIDTH} ${height}`, role: "img", "aria-labelledby": captionId, focusable: "false" },
      rows,
      svg("line", { class: "app-training-target", x1: line, x2: line, y1: 16, y2: height }),
      svg("text", { class: "app-chart__count", x: line, y: 12, "text-anchor": "middle" }, `${target}%`),
    ),
  );
  const numbers = numbersTable(
    options,
    options.rowHeading,
    options.bars.map((bar) => [bar.heading, bar.compliance]),
  );
  return h("div", { class: "app-chart-block" }, figure, numbers);
}

export interface TrendPoint {
  as_of: string;
  compliance: ComplianceView;
}

/** Overall compliance at each reporting date, oldest first, with the target line. */
export function trendLine(options: { id: string; caption: string; points: readonly TrendPoint[] }): HTMLElement {
  const target = RULES.training_target_percent;
  const captionId = `${options.id}-caption`;
  const height = 220;
  const top = 20;
  const bottom = height - 30;
  const y = (percent: number): number => bottom - (Math.max(0, Math.min(percent, 100)) / 100) * (bottom - top);
  const step = options.points.length > 1 ? (WIDTH - 80) / (options.points.length - 1) : 0;
  const x = (index: number): number => 40 + index * step;
  const plotted = options.points
    .map((point, index) => ({ point, index, percent: point.compliance.compliance_percent }))
    .filter((p): p is { point: TrendPoint; index: number; percent: number } => p.percent !== null);
  const figure = h(
    "figure",
    { class: "app-chart", id: options.id },
    h("figcaption", { class: "nhsuk-heading-s app-chart__caption", id: captionId }, options.caption),
    svg(
      "svg",
      { class: "app-chart__svg", viewBox: `0 0 ${WIDTH} ${height}`, role: "img", "aria-labelledby": captionId, focusable: "false" },
      svg("line", { class: "app-training-axis", x1: 40, x2: WIDTH - 40, y1: bottom, y2: bottom }),
      svg("line", { class: "app-training-target", x1: 40, x2: WIDTH - 40, y1: y(target), y2: y(target) }),
      svg("text", { class: "app-chart__count", x: 0, y: y(target) + 5 }, `${target}%`),
      svg("polyline", {
        class: "app-training-trend",
        points: plotted.map((p) => `${x(p.index)},${y(p.percent)}`).join(" "),
      }),
      plotted.map((p) => svg("circle", { class: "app-training-trend__point", cx: x(p.index), cy: y(p.percent), r: 5 })),
      options.points.map((point, index) =>
        svg(
          "text",
          { class: "app-chart__count", x: x(index), y: height - 8, "text-anchor": "middle" },
          point.as_of.slice(0, 7),
        ),
      ),
    ),
  );
  const numbers = numbersTable(
    options,
    "Reporting date",
    options.points.map((point) => [formatLongDate(point.as_of), point.compliance]),
  );
  return h("div", { class: "app-chart-block" }, figure, numbers);
}
