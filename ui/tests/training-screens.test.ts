// The screens that record training figures and prepare the board report,
// driven through the real IPC layer with Tauri's `invoke` replaced. What
// Rust answers comes from its application layer on a real SQLite file
// (ui/tests/generated/rust-answers.json, "training_screens"), so the pages
// are tested against what Rust really sends: an export's columns (one of
// them hostile), its counts and unreadable rows, and the year's facts.

import axe from "axe-core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const { trainingImportPage } = await import("../src/pages/training-import");
const { trainingGroupsPage } = await import("../src/pages/training-groups");
const { trainingRecordPage } = await import("../src/pages/training-record");
const { boardReportPage } = await import("../src/pages/board-report");
const { trainingQuarterlyPage } = await import("../src/pages/training-quarterly");
const { showPage } = await import("../src/app");
const { buildShell } = await import("../src/components/layout");
import type { PageView } from "../src/state";
import { settle, trainingScreens, trainingView } from "./fixtures";

const HOSTILE = "<img src=x onerror=alert(1)>";
const ORGANISATION = "Northshire Community NHS Trust";
const TODAY = new Date(2026, 10, 30);

let handlers: Record<string, (args: unknown) => unknown>;

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) {
    throw new Error(`no #${id}`);
  }
  return el as T;
}

function rows(tableId: string): string[][] {
  return Array.from(byId(tableId).querySelectorAll("tbody tr")).map((row) =>
    Array.from(row.children).map((cell) => cell.textContent ?? ""),
  );
}

async function show(page: Promise<PageView>): Promise<void> {
  const shell = buildShell();
  document.body.append(shell.root);
  showPage(shell, await page);
}

async function noAxeViolations(): Promise<void> {
  const results = await axe.run(document, {
    rules: { "color-contrast": { enabled: false } },
    resultTypes: ["violations"],
  });
  expect(results.violations.map((v) => `${v.id}: ${v.nodes[0]?.target.join(" ") ?? ""}`)).toEqual([]);
}

function summaryItems(): string[] {
  return Array.from(document.querySelectorAll(".nhsuk-error-summary__list li")).map((li) => li.textContent ?? "");
}

beforeEach(() => {
  document.documentElement.lang = "en-GB";
  invoke.mockReset();
  const screens = trainingScreens();
  handlers = {
    list_organisations: () => [ORGANISATION],
    get_training: () => trainingView(),
    get_training_needs: () => screens.needs,
    get_board_report: () => screens.board,
  };
  invoke.mockImplementation((command: string, args: unknown) => {
    const handler = handlers[command];
    return handler === undefined
      ? Promise.reject(new Error(`unexpected command ${command}`))
      : Promise.resolve().then(() => handler(args));
  });
});

afterEach(() => {
  document.body.replaceChildren();
  window.location.hash = "";
});

describe("importing a training export", () => {
  function choose(): void {
    const file = new File(["Staff Group\nEstates\n"], "esr-export-november.csv", { type: "text/csv" });
    Object.defineProperty(byId("export-file"), "files", { value: [file], configurable: true });
  }

  it("says rows are never stored, maps the file's columns as text, and shows the counts before saving", async () => {
    const screens = trainingScreens();
    const reads: unknown[] = [];
    handlers["read_training_export"] = (args) => {
      reads.push(args);
      return reads.length === 1 ? screens.import_columns : screens.import_counted;
    };
    await show(trainingImportPage(ORGANISATION, TODAY));
    expect(byId("import-personal-data").textContent).toContain("Personal data is never stored");
    await noAxeViolations();

    choose();
    byId("read-file").click();
    await settle();
    await settle();
    expect(reads[0]).toMatchObject({ upload: { organisation: ORGANISATION, as_of: "2026-11-30", mapping: null } });
    // The file's own column names are offered as text, never as markup.
    const offered = Array.from(byId<HTMLSelectElement>("map-l12").options).map((o) => o.textContent);
    expect(offered).toContain("<b>L1-2</b> completed");
    expect(document.querySelector("#import-result b")).toBeNull();
    expect(document.getElementById("save-import")).toBeNull();

    byId<HTMLSelectElement>("map-group").value = "Staff Group";
    byId<HTMLSelectElement>("map-l12").value = "<b>L1-2</b> completed";
    byId<HTMLSelectElement>("map-l3").value = "Prevent L3 completed";
    byId<HTMLSelectElement>("map-person").value = "Assignment Number";
    byId("count-file").click();
    await settle();
    expect(reads[1]).toMatchObject({
      upload: {
        mapping: {
          group: "Staff Group",
          l12: "<b>L1-2</b> completed",
          l3: "Prevent L3 completed",
          person: "Assignment Number",
        },
      },
    });
    expect(rows("import-groups")).toEqual([
      ["Estates", "1-2", "2", "1", "50.0%"],
      ["Registered nurses - adult wards", "3", "2", "1", "50.0%"],
    ]);
    // Each row not counted as it stands, by line, in Rust's words.
    expect(rows("import-malformed").map((row) => [row[0], row[2]])).toEqual([
      ["3", "Yes, not in date"],
      ["5", "Yes, not in date"],
      ["6", "No"],
    ]);
    await noAxeViolations();

    let saved: unknown = null;
    handlers["save_training_export"] = (args) => {
      saved = args;
      return trainingView();
    };
    byId("save-import").click();
    await settle();
    // Saving sends the same file again with the fingerprint of the counts shown.
    expect(saved).toMatchObject({
      upload: { counted_sha256: screens.import_counted.sha256, mapping: screens.import_counted.mapping },
    });
    expect(new URLSearchParams(window.location.hash.split("?")[1]).get("organisation")).toBe(ORGANISATION);
  });

  it("asks for a file and a mapping before reading or counting", async () => {
    handlers["read_training_export"] = () => trainingScreens().import_columns;
    await show(trainingImportPage(ORGANISATION, TODAY));
    byId("read-file").click();
    await settle();
    expect(summaryItems()).toEqual(["Select the training export to import"]);
    choose();
    byId("read-file").click();
    await settle();
    byId("count-file").click();
    await settle();
    expect(summaryItems()).toEqual([
      "Choose the column that holds each person's staff group or role",
      "Choose the column of level 1 and 2 completion dates, of level 3, or both",
    ]);
    expect(invoke).toHaveBeenCalledTimes(2);
  });

  it("sends organisations without staff groups to add them first", async () => {
    handlers["get_training_needs"] = () => ({ organisation: HOSTILE, validity_years: 3, groups: [] });
    await show(trainingImportPage(HOSTILE, TODAY));
    const href = byId("add-groups-first").getAttribute("href") ?? "";
    expect(new URLSearchParams(href.split("?")[1]).get("organisation")).toBe(HOSTILE);
    expect(document.querySelector("img")).toBeNull();
  });
});

describe("staff groups", () => {
  it("lists the groups, adds one with its level and shows what Rust saved", async () => {
    const needs = trainingScreens().needs;
    await show(trainingGroupsPage(ORGANISATION));
    expect(rows("training-groups-table").map((row) => row[0])).toEqual(needs.groups.map((g) => g.name));
    await noAxeViolations();
    let sent: unknown = null;
    handlers["save_training_group"] = (args) => {
      sent = args;
      return { ...needs, groups: [...needs.groups, { name: HOSTILE, level: "3", position: 9 }] };
    };
    (byId<HTMLInputElement>("group-name")).value = HOSTILE;
    byId("group-level-3").click();
    byId("add-group").click();
    await settle();
    expect(sent).toEqual({ organisation: ORGANISATION, group: HOSTILE, level: "3" });
    expect(rows("training-groups-table").map((row) => row[0])).toContain(HOSTILE);
    expect(byId("groups-status").textContent).toContain(`${HOSTILE} saved`);
    expect(document.querySelector("img")).toBeNull();
  });

  it("starts a new organisation by asking its name", async () => {
    await show(trainingGroupsPage(null));
    byId("add-group").click();
    await settle();
    expect(summaryItems()).toEqual(["Enter the organisation", "Enter the staff group"]);
  });
});

describe("figures by hand", () => {
  it("checks each group's figures, then saves the date's together", async () => {
    await show(trainingRecordPage(ORGANISATION, TODAY));
    await noAxeViolations();
    // Headcounts start from the latest reporting date's.
    expect(byId<HTMLInputElement>("headcount-1").value).not.toBe("");
    byId<HTMLInputElement>("headcount-1").value = "10";
    byId<HTMLInputElement>("in-date-1").value = "11";
    byId<HTMLInputElement>("headcount-2").value = "";
    byId<HTMLInputElement>("in-date-2").value = "";
    byId("save-figures").click();
    await settle();
    expect(summaryItems()).toEqual(["Estates: in date (11) cannot be more than the headcount (10)"]);
    expect(invoke).not.toHaveBeenCalledWith("record_training_date", expect.anything());

    let sent: unknown = null;
    handlers["record_training_date"] = (args) => {
      sent = args;
      return trainingView();
    };
    byId<HTMLInputElement>("in-date-1").value = "9";
    byId("save-figures").click();
    await settle();
    expect(sent).toEqual({
      input: { organisation: ORGANISATION, as_of: "2026-11-30", groups: [{ group: "Estates", headcount: 10, in_date: 9 }] },
    });
  });
});

describe("the annual report to the board", () => {
  const ctx = {
    info: {
      app_version: "test",
      database_path: "/tmp/x",
      frameworks: [],
      user: { name: "Alex Morgan", role: "Accountable Prevent lead" },
      startup_error: null,
      storage_warning: null,
    },
    navigate: () => undefined,
  };

  it("starts from the year's draft and keeps what is typed as the draft", async () => {
    const board = trainingScreens().board;
    handlers["get_board_report"] = () => ({
      ...board,
      draft: {
        referrals: 3,
        referrals_breakdown: "",
        incidents: HOSTILE,
        resources: "adequate",
        resources_note: "",
        activity: "",
        lead: "",
      },
    });
    const kept: unknown[] = [];
    handlers["save_board_report_draft"] = (args) => {
      kept.push(args);
      return { saved_at: "2026-11-30T17:42:07Z" };
    };
    await show(boardReportPage(ctx, ORGANISATION, 2026, TODAY));
    expect(byId<HTMLInputElement>("referrals").value).toBe("3");
    expect(byId<HTMLTextAreaElement>("incidents").value).toBe(HOSTILE);
    expect(byId<HTMLInputElement>("resources-adequate").checked).toBe(true);
    expect(byId("board-draft-status").textContent).toContain("Started from the draft");

    byId<HTMLTextAreaElement>("activity").value = "Awareness week";
    byId("activity").dispatchEvent(new Event("change", { bubbles: true }));
    await settle();
    expect(kept).toEqual([
      {
        organisation: ORGANISATION,
        year: 2026,
        input: {
          referrals: 3,
          referrals_breakdown: "",
          incidents: HOSTILE,
          resources: "adequate",
          resources_note: "",
          activity: "Awareness week",
          lead: "",
        },
      },
    ]);
    expect(byId("board-draft-status").textContent).toMatch(/^Draft kept at \d{1,2}:\d{2}:\d{2}(am|pm)\.$/);
    // The sign-off fields are not part of the draft.
    byId("sign-name").dispatchEvent(new Event("change", { bubbles: true }));
    await settle();
    expect(kept).toHaveLength(1);
    expect(document.querySelector("img")).toBeNull();
  });

  it("shows what the app knows for the year and saves a signed report with what people typed", async () => {
    const board = trainingScreens().board;
    await show(boardReportPage(ctx, ORGANISATION, 2026, TODAY));
    expect(byId("board-caption").textContent).toBe(`${board.organisation}, 2026`);
    expect(byId("board-no-assessments").textContent).toContain("No assessment was signed off in 2026");
    expect(rows("board-levels-table").map((row) => row[3])).toEqual(
      board.training[board.training.length - 1]?.levels.filter((l) => l.headcount > 0).map((l) => l.percent_text),
    );
    await noAxeViolations();

    byId("sign-board-report").click();
    await settle();
    expect(summaryItems()).toEqual(["Enter the accountable Prevent lead's name"]);

    let sent: unknown = null;
    handlers["export_board_report"] = (args) => {
      sent = args;
      return "/home/alex/board report.pdf";
    };
    byId<HTMLInputElement>("referrals").value = "4";
    byId<HTMLTextAreaElement>("incidents").value = HOSTILE;
    byId("resources-partly").click();
    byId<HTMLInputElement>("lead").value = "Alex Morgan";
    byId("sign-board-report").click();
    await settle();
    expect(sent).toEqual({
      request: {
        organisation: ORGANISATION,
        year: 2026,
        input: {
          referrals: 4,
          referrals_breakdown: "",
          incidents: HOSTILE,
          resources: "partly",
          resources_note: "",
          activity: "",
          lead: "Alex Morgan",
        },
        sign: { name: "Alex Morgan", role: "Accountable Prevent lead", on_behalf: false },
      },
    });
    expect(byId("board-path").textContent).toBe("/home/alex/board report.pdf");
  });
});

describe("the quarterly summary", () => {
  it("offers the quarters with figures, shows Rust's rows and saves them as CSV or Excel", async () => {
    const quarterly = trainingScreens().quarterly;
    const asked: unknown[] = [];
    handlers["get_quarterly_return"] = (args) => {
      asked.push(args);
      return quarterly;
    };
    handlers["export_quarterly_return"] = (args) => {
      asked.push(args);
      return "/home/alex/q4.xlsx";
    };
    await show(trainingQuarterlyPage(ORGANISATION));
    const offered = Array.from(byId<HTMLSelectElement>("quarter").options).map((o) => [o.value, o.textContent]);
    expect(offered).toEqual(trainingView().quarters.map((q) => [q.code, q.label]));
    await noAxeViolations();

    byId<HTMLInputElement>("quarterly-referrals").value = "lots";
    byId("show-quarterly").click();
    await settle();
    expect(summaryItems()).toEqual(["Enter the number of referrals as a whole number from 0 to 100,000"]);

    byId<HTMLInputElement>("quarterly-referrals").value = "2";
    byId<HTMLInputElement>("accountable-lead").value = "Dr Priya Shah";
    byId("show-quarterly").click();
    await settle();
    const request = {
      organisation: ORGANISATION,
      quarter: quarterly.quarter_label.startsWith("2026 Q4") ? "2026-Q4" : "",
      referrals: 2,
      accountable_lead: "Dr Priya Shah",
      operational_lead: "",
    };
    expect(asked[0]).toEqual({ request });
    const shown = rows("quarterly-rows");
    expect(shown).toHaveLength(quarterly.rows.length);
    expect(shown[shown.length - 2]).toEqual(["For the quarter", "Accountable Prevent lead", "Dr Priya Shah"]);
    await noAxeViolations();

    byId("save-quarterly-xlsx").click();
    await settle();
    expect(asked[1]).toEqual({ request, format: "xlsx" });
    expect(byId("quarterly-path").textContent).toBe("/home/alex/q4.xlsx");
  });
});
