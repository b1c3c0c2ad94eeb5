// Pictures as well as numbers: a progress bar per part, and stacked bar charts
// (the spread of responses per part; the action plan's actions by priority and
// status). Built with svg(); every picture has the same numbers in words or in
// a table beside it, and a chart tells its series apart by pattern and label
// as well as by colour.

import type { Response, ResponseCounts } from "../ipc/api";
import type { ResponseLabels } from "../lib/catalogue";
import { h, svg } from "../lib/dom";
import { table } from "./layout";

const WIDTH = 640;

/** A horizontal bar: complete, then answered but not complete, then the rest. Decorative: the text beside it says the same. */
export function progressBar(options: { answered: number; complete: number; total: number }): SVGElement {
  const { total } = options;
  const complete = Math.min(options.complete, total);
  const answered = Math.max(Math.min(options.answered, total), complete);
  const scale = (n: number): number => (total === 0 ? 0 : (n / total) * WIDTH);
  return svg(
    "svg",
    {
      class: "app-progress-bar",
      viewBox: `0 0 ${WIDTH} 16`,
      preserveAspectRatio: "none",
      "aria-hidden": "true",
      focusable: "false",
    },
    svg("rect", { class: "app-progress-bar__track", x: 0, y: 0, width: WIDTH, height: 16 }),
    svg("rect", { class: "app-progress-bar__answered", x: 0, y: 0, width: scale(answered), height: 16 }),
    svg("rect", { class: "app-progress-bar__complete", x: 0, y: 0, width: scale(complete), height: 16 }),
  );
}

export type SeriesKey = keyof ResponseCounts;

export const SERIES: readonly SeriesKey[] = ["yes", "partial", "no", "na", "unanswered"];

export const UNANSWERED_LABEL = "Not answered";

export interface ChartPart {
  heading: string;
  responses: ResponseCounts;
  /** The response labels this part shows (they differ between sections and a checklist). */
  labels: ResponseLabels;
  /** The responses its scale offers; every response when not given. */
  offered?: readonly Response[];
}

/** Whether a part's scale offers a series (no answer is always possible). */
function offers(part: ChartPart, key: SeriesKey): boolean {
  return key === "unanswered" || part.offered === undefined || part.offered.includes(key);
}

/** A series' name: the labels used for it across the parts, e.g. "Yes / Included". */
export function seriesLabel(key: SeriesKey, parts: readonly ChartPart[]): string {
  if (key === "unanswered") {
    return UNANSWERED_LABEL;
  }
  const labels: string[] = [];
  for (const part of parts.filter((candidate) => offers(candidate, key))) {
    if (!labels.includes(part.labels[key])) {
      labels.push(part.labels[key]);
    }
  }
  return labels.join(" / ");
}

/**
 * How a series is drawn: a colour AND a pattern, so that no two series are
 * told apart by colour alone.
 */
export type PatternStyle = "solid-green" | "stripes-purple" | "stripes-blue" | "hatch-red" | "dots-grey" | "solid-pale";

/** One series of a stacked bar chart: its key, its name in words and how it is drawn. */
export interface ChartSeries {
  key: string;
  label: string;
  pattern: PatternStyle;
}

/** One bar: its name and a count for each series key (a missing key counts 0). */
export interface ChartRow {
  heading: string;
  values: Readonly<Record<string, number>>;
}

function stripes(id: string, colourClass: string): SVGElement {
  return svg(
    "pattern",
    { id, width: 8, height: 8, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
    svg("rect", { class: "app-chart__fill-white", width: 8, height: 8 }),
    svg("rect", { class: colourClass, width: 4, height: 8 }),
  );
}

function pattern(id: string, style: PatternStyle): SVGElement {
  switch (style) {
    case "solid-green":
      return svg(
        "pattern",
        { id, width: 8, height: 8, patternUnits: "userSpaceOnUse" },
        svg("rect", { class: "app-chart__fill-green", width: 8, height: 8 }),
      );
    case "stripes-purple":
      return stripes(id, "app-chart__fill-purple");
    case "stripes-blue":
      return stripes(id, "app-chart__fill-blue");
    case "hatch-red":
      return svg(
        "pattern",
        { id, width: 8, height: 8, patternUnits: "userSpaceOnUse" },
        svg("rect", { class: "app-chart__fill-red", width: 8, height: 8 }),
        svg("path", { class: "app-chart__hatch", d: "M0 0L8 8M8 0L0 8" }),
      );
    case "dots-grey":
      return svg(
        "pattern",
        { id, width: 8, height: 8, patternUnits: "userSpaceOnUse" },
        svg("rect", { class: "app-chart__fill-white", width: 8, height: 8 }),
        svg("circle", { class: "app-chart__fill-grey", cx: 4, cy: 4, r: 2 }),
      );
    case "solid-pale":
      return svg(
        "pattern",
        { id, width: 8, height: 8, patternUnits: "userSpaceOnUse" },
        svg("rect", { class: "app-chart__fill-pale", width: 8, height: 8 }),
      );
  }
}

function swatch(prefix: string, key: string): SVGElement {
  return svg(
    "svg",
    { class: "app-chart__swatch", viewBox: "0 0 24 16", "aria-hidden": "true", focusable: "false" },
    svg("rect", { class: "app-chart__segment", x: 0.5, y: 0.5, width: 23, height: 15, fill: `url(#${prefix}-${key})` }),
  );
}

function rowTotal(row: ChartRow, series: readonly ChartSeries[]): number {
  return series.reduce((sum, s) => sum + (row.values[s.key] ?? 0), 0);
}

/**
 * How long a bar is drawn. "row": every bar fills the width, its parts the
 * shares of its own total (the spread within each row). "largest": the row
 * with the largest total fills the width and every other bar is as long as
 * its total is, so rows can be compared by how many they hold.
 */
export type ChartScale = "row" | "largest";

/**
 * A stacked horizontal bar chart with a legend, and a table of the same
 * numbers after it. `id` names the figure (its patterns are
 * `<id>-pattern-<series key>`); the table is `tableId`, with `rowHeading`
 * over its first column. `scale` is "row" unless given.
 */
export function stackedBarChart(options: {
  id: string;
  tableId: string;
  caption: string;
  rowHeading: string;
  series: readonly ChartSeries[];
  rows: readonly ChartRow[];
  scale?: ChartScale;
}): HTMLElement {
  const { id, series, rows } = options;
  const scale = options.scale ?? "row";
  const largest = rows.reduce((max, row) => Math.max(max, rowTotal(row, series)), 0);
  const captionId = `${id}-caption`;
  const prefix = `${id}-pattern`;
  const rowHeight = 64;
  const barTop = 24;
  const barHeight = 28;
  const height = Math.max(rows.length * rowHeight, rowHeight);

  const bars = rows.map((row, index) => {
    const top = index * rowHeight;
    const total = rowTotal(row, series);
    // What a bar the whole width stands for.
    const full = scale === "largest" ? largest : total;
    let x = 0;
    const segments: SVGElement[] = [];
    for (const s of series) {
      const count = row.values[s.key] ?? 0;
      if (count === 0 || full === 0) {
        continue;
      }
      const width = (count / full) * WIDTH;
      segments.push(
        svg("rect", {
          class: ["app-chart__segment", `app-chart__segment--${s.key}`],
          x,
          y: top + barTop,
          width,
          height: barHeight,
          fill: `url(#${prefix}-${s.key})`,
        }),
      );
      if (width >= 30) {
        const cx = x + width / 2;
        segments.push(
          svg("rect", { class: "app-chart__count-box", x: cx - 13, y: top + barTop + 4, width: 26, height: 20, rx: 3 }),
          svg("text", { class: "app-chart__count", x: cx, y: top + barTop + 19, "text-anchor": "middle" }, String(count)),
        );
      }
      x += width;
    }
    return svg("g", null, svg("text", { class: "app-chart__label", x: 0, y: top + 16 }, row.heading), segments);
  });

  const figure = h(
    "figure",
    { class: "app-chart", id },
    h("figcaption", { class: "nhsuk-heading-s app-chart__caption", id: captionId }, options.caption),
    svg(
      "svg",
      {
        class: "app-chart__svg",
        viewBox: `0 0 ${WIDTH} ${height}`,
        role: "img",
        "aria-labelledby": captionId,
        focusable: "false",
      },
      svg("defs", null, series.map((s) => pattern(`${prefix}-${s.key}`, s.pattern))),
      bars,
    ),
    h(
      "ul",
      { class: "nhsuk-list app-chart__legend", "aria-label": "Key" },
      series.map((s) => h("li", { class: "app-chart__legend-item" }, swatch(prefix, s.key), " ", s.label)),
    ),
  );

  const numbers = table({
    id: options.tableId,
    caption: `${options.caption}: the numbers`,
    captionClass: "nhsuk-table__caption--s",
    headings: [options.rowHeading, ...series.map((s) => s.label), "Total"],
    rowHeaders: true,
    extraClass: "app-chart__table",
    rows: rows.map((row) => [
      row.heading,
      ...series.map((s) => String(row.values[s.key] ?? 0)),
      String(rowTotal(row, series)),
    ]),
  });

  return h("div", { class: "app-chart-block" }, figure, numbers);
}

const RESPONSE_PATTERNS: Readonly<Record<SeriesKey, PatternStyle>> = {
  yes: "solid-green",
  partial: "stripes-purple",
  no: "hatch-red",
  na: "dots-grey",
  unanswered: "solid-pale",
};

/**
 * The spread of responses in each part as a stacked bar chart, with a legend
 * and a table of the same numbers. `id` names the figure; the table is
 * `tableId`.
 */
export function responseChart(options: {
  id: string;
  tableId: string;
  caption: string;
  parts: readonly ChartPart[];
}): HTMLElement {
  const { parts } = options;
  return stackedBarChart({
    id: options.id,
    tableId: options.tableId,
    caption: options.caption,
    rowHeading: "Part",
    series: SERIES.filter((key) => parts.some((part) => offers(part, key))).map((key) => ({
      key,
      label: seriesLabel(key, parts),
      pattern: RESPONSE_PATTERNS[key],
    })),
    rows: parts.map((part) => ({ heading: part.heading, values: { ...part.responses } })),
  });
}
