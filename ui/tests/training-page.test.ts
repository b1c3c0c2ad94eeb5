// The training page: an organisation's figures as Rust's application layer
// makes them (ui/tests/generated/rust-answers.json), drawn against the 85%
// line with tables of the same numbers, and a trend across reporting dates.
// Driven through the real IPC layer with Tauri's `invoke` replaced.

import axe from "axe-core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const { trainingPage } = await import("../src/pages/training");
const { showPage } = await import("../src/app");
const { buildShell } = await import("../src/components/layout");
import { trainingView } from "./fixtures";

const HOSTILE = "<img src=x onerror=alert(1)>";

let handlers: Record<string, (args: unknown) => unknown>;

function byId(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) {
    throw new Error(`no #${id}`);
  }
  return el;
}

function rows(tableId: string): string[][] {
  return Array.from(byId(tableId).querySelectorAll("tbody tr")).map((row) =>
    Array.from(row.children).map((cell) => cell.textContent ?? ""),
  );
}

async function open(organisation: string | null = null): Promise<void> {
  const shell = buildShell();
  document.body.append(shell.root);
  showPage(shell, await trainingPage(organisation));
}

beforeEach(() => {
  document.documentElement.lang = "en-GB";
  handlers = {
    list_organisations: () => [trainingView().organisation],
    get_training: () => trainingView(),
  };
  invoke.mockImplementation((command: string, args: unknown) => {
    const handler = handlers[command];
    return handler === undefined ? Promise.reject(new Error(`unexpected ${command}`)) : Promise.resolve(handler(args));
  });
});

afterEach(() => {
  document.body.replaceChildren();
});

describe("training compliance", () => {
  it("shows each level and group against the 85% minimum, where figures came from, and the trend", async () => {
    await open();
    expect(invoke).toHaveBeenCalledWith("get_training", { organisation: "Northshire Community NHS Trust" });
    expect(byId("training-organisation-heading").textContent).toBe("Northshire Community NHS Trust");
    expect(byId("training-as-of").textContent).toBe("Reporting date: 20 November 2026");
    expect(byId("training-overall").textContent).toContain("Overall: 85.0% in date");
    expect(rows("training-levels-table")).toEqual([
      ["Level 1 and 2 (basic Prevent awareness)", "34", "40", "85.0%", "meets the minimum"],
      ["Level 3 (Awareness of Prevent)", "17", "20", "85.0%", "meets the minimum"],
    ]);
    expect(rows("training-groups-table").map((row) => row[0])).toEqual([
      "Estates (level 1-2)",
      "Registered nurses - adult wards (level 3)",
    ]);
    expect(rows("training-sources")[0]?.[1]).toContain("Entered by hand (Sam Lee");
    // Last month level 3 was 71.4%: the trend shows both dates, oldest first.
    expect(rows("training-trend-table")).toEqual([
      ["20 October 2026", "133", "173", "76.8%", "below the minimum: 15 more staff needed"],
      ["20 November 2026", "51", "60", "85.0%", "meets the minimum"],
    ]);
    expect(byId("training-readings").textContent).toContain("exactly 85.0% meets it");
    expect(document.getElementById("training-chooser")).toBeNull();
    const results = await axe.run(document, {
      rules: { "color-contrast": { enabled: false } },
      resultTypes: ["violations"],
    });
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });

  it("offers a choice of organisation when there are several, and names them as text", async () => {
    handlers["list_organisations"] = () => [HOSTILE, "Northshire Community NHS Trust"];
    await open("Northshire Community NHS Trust");
    const options = Array.from(byId("training-organisation").querySelectorAll("option"));
    expect(options.map((o) => o.textContent)).toEqual([HOSTILE, "Northshire Community NHS Trust"]);
    expect(document.querySelector("img")).toBeNull();
    expect((byId("training-organisation") as HTMLSelectElement).value).toBe("Northshire Community NHS Trust");
  });

  it("says how to start when no organisation has a training needs analysis", async () => {
    handlers["list_organisations"] = () => [];
    await open();
    expect(document.querySelector(".nhsuk-inset-text")?.textContent).toContain("Start with its staff groups");
    expect(byId("start-training").getAttribute("href")).toBe("#/training/groups");
    expect(invoke).not.toHaveBeenCalledWith("get_training", expect.anything());
  });
});
