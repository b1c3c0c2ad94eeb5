// Pictures as well as numbers: a progress bar per part and a stacked bar chart
// of the spread of responses per part. Built with svg(); every picture has the
// same numbers in words or in a table beside it, and the chart tells its
// series apart by pattern and label as well as by colour.

import type { ResponseCounts, ResponseLabels } from "../ipc/api";
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
}

/** A series' name: the labels used for it across the parts, e.g. "Yes / Included". */
export function seriesLabel(key: SeriesKey, parts: readonly ChartPart[]): string {
  if (key === "unanswered") {
    return UNANSWERED_LABEL;
  }
  const labels: string[] = [];
  for (const part of parts) {
    if (!labels.includes(part.labels[key])) {
      labels.push(part.labels[key]);
    }
  }
  return labels.join(" / ");
}

function partTotal(counts: ResponseCounts): number {
  return SERIES.reduce((sum, key) => sum + counts[key], 0);
}

function patternDefs(prefix: string): SVGElement {
  return svg(
    "defs",
    null,
    svg(
      "pattern",
      { id: `${prefix}-yes`, width: 8, height: 8, patternUnits: "userSpaceOnUse" },
      svg("rect", { class: "app-chart__fill-yes", width: 8, height: 8 }),
    ),
    svg(
      "pattern",
      { id: `${prefix}-partial`, width: 8, height: 8, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
      svg("rect", { class: "app-chart__fill-white", width: 8, height: 8 }),
      svg("rect", { class: "app-chart__fill-partial", width: 4, height: 8 }),
    ),
    svg(
      "pattern",
      { id: `${prefix}-no`, width: 8, height: 8, patternUnits: "userSpaceOnUse" },
      svg("rect", { class: "app-chart__fill-no", width: 8, height: 8 }),
      svg("path", { class: "app-chart__hatch", d: "M0 0L8 8M8 0L0 8" }),
    ),
    svg(
      "pattern",
      { id: `${prefix}-na`, width: 8, height: 8, patternUnits: "userSpaceOnUse" },
      svg("rect", { class: "app-chart__fill-white", width: 8, height: 8 }),
      svg("circle", { class: "app-chart__fill-na", cx: 4, cy: 4, r: 2 }),
    ),
    svg(
      "pattern",
      { id: `${prefix}-unanswered`, width: 8, height: 8, patternUnits: "userSpaceOnUse" },
      svg("rect", { class: "app-chart__fill-unanswered", width: 8, height: 8 }),
    ),
  );
}

function swatch(prefix: string, key: SeriesKey): SVGElement {
  return svg(
    "svg",
    { class: "app-chart__swatch", viewBox: "0 0 24 16", "aria-hidden": "true", focusable: "false" },
    svg("rect", { class: "app-chart__segment", x: 0.5, y: 0.5, width: 23, height: 15, fill: `url(#${prefix}-${key})` }),
  );
}

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
  const { id, parts } = options;
  const captionId = `${id}-caption`;
  const prefix = `${id}-pattern`;
  const rowHeight = 64;
  const barTop = 24;
  const barHeight = 28;
  const height = Math.max(parts.length * rowHeight, rowHeight);

  const rows = parts.map((part, index) => {
    const top = index * rowHeight;
    const total = partTotal(part.responses);
    let x = 0;
    const segments: SVGElement[] = [];
    for (const key of SERIES) {
      const count = part.responses[key];
      if (count === 0 || total === 0) {
        continue;
      }
      const width = (count / total) * WIDTH;
      segments.push(
        svg("rect", {
          class: ["app-chart__segment", `app-chart__segment--${key}`],
          x,
          y: top + barTop,
          width,
          height: barHeight,
          fill: `url(#${prefix}-${key})`,
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
    return svg(
      "g",
      null,
      svg("text", { class: "app-chart__label", x: 0, y: top + 16 }, part.heading),
      segments,
    );
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
      patternDefs(prefix),
      rows,
    ),
    h(
      "ul",
      { class: "nhsuk-list app-chart__legend", "aria-label": "Key" },
      SERIES.map((key) => h("li", { class: "app-chart__legend-item" }, swatch(prefix, key), " ", seriesLabel(key, parts))),
    ),
  );

  const numbers = table({
    id: options.tableId,
    caption: `${options.caption}: the numbers`,
    captionClass: "nhsuk-table__caption--s",
    headings: ["Part", ...SERIES.map((key) => seriesLabel(key, parts)), "Total"],
    rowHeaders: true,
    extraClass: "app-chart__table",
    rows: parts.map((part) => [
      part.heading,
      ...SERIES.map((key) => String(part.responses[key])),
      String(partTotal(part.responses)),
    ]),
  });

  return h("div", { class: "app-chart-block" }, figure, numbers);
}
