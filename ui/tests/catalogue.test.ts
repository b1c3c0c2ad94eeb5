import { describe, expect, it } from "vitest";

import {
  catalogueParts,
  entryLabel,
  entryStem,
  findEntry,
  nextEntryId,
  partHeading,
  responseLabelsFor,
  responseLabelsForEntry,
  responsesFor,
  shortText,
} from "../src/lib/catalogue";
import type { CatalogueView } from "../src/ipc/api";
import { catalogueView, toolkitWords } from "./fixtures";

const view = catalogueView();

describe("reading order", () => {
  it("has the 47 entries: 19 items, 3a–3g, C1–C21", () => {
    expect(view.entries).toHaveLength(47);
    const ids = view.entries.map((e) => e.id);
    expect(ids.slice(0, 11)).toEqual(["1", "2", "3", "3a", "3b", "3c", "3d", "3e", "3f", "3g", "4"]);
    expect(ids.at(-1)).toBe("C21");
  });

  it("goes to the next entry in reading order", () => {
    const next = (id: string): string | null => nextEntryId(view.entries, id);
    expect(next("1")).toBe("2");
    expect(next("3")).toBe("3a");
    expect(next("3g")).toBe("4");
    expect(next("11")).toBe("12");
    expect(next("19")).toBe("C1");
    expect(next("C4")).toBe("C5");
    expect(next("C21")).toBeNull();
    expect(next("99")).toBeNull();
  });

  it("walks every entry once from the first to the last", () => {
    const seen: string[] = [];
    let id: string | null = "1";
    while (id !== null) {
      seen.push(id);
      id = nextEntryId(view.entries, id);
    }
    expect(seen).toEqual(view.entries.map((e) => e.id));
  });
});

describe("labels and parts", () => {
  it("labels entries as the framework names them", () => {
    expect(entryLabel(findEntry(view, "7")!)).toBe("Item 7");
    expect(entryLabel(findEntry(view, "3a")!)).toBe("Item 3a");
    expect(entryLabel(findEntry(view, "c4")!)).toBe("Checklist entry C4");
  });

  it("names the part and the words that introduce an entry", () => {
    expect(partHeading(view, findEntry(view, "13")!)).toBe("Section 2: Staff and volunteers");
    expect(partHeading(view, findEntry(view, "C4")!)).toBe("Policies and procedures checklist");
    expect(entryStem(view, findEntry(view, "3c")!)).toBe(findEntry(view, "3")!.text);
    expect(entryStem(view, findEntry(view, "C1")!)).toBe(toolkitWords(view).checklist_question);
    expect(entryStem(view, findEntry(view, "5")!)).toBeNull();
  });

  it("groups entries into the framework's parts, with their keys and labels", () => {
    const parts = catalogueParts(view);
    expect(parts.map((p) => [p.key, p.labels.yes, p.entries.length])).toEqual([
      ["organisational", "Yes", 18],
      ["staff-and-volunteers", "Yes", 4],
      ["partnership-working", "Yes", 4],
      ["policies-and-procedures", "Included", 21],
    ]);
    expect(parts[3]?.intro).toBe(toolkitWords(view).checklist_question);
  });

  it("takes everything from the framework data, not from one framework's words", () => {
    const other: CatalogueView = {
      ...view,
      entries: view.entries.map((entry) => ({ ...entry, part_key: "only" })),
      scales: [
        {
          id: "standard",
          source_note: null,
          choices: [
            { response: "yes", value: "met", label: "Met" },
            { response: "partial", value: "partly-met", label: "Partly met" },
            { response: "no", value: "not-met", label: "Not met" },
          ],
        },
      ],
      parts: [
        {
          key: "only",
          heading: "Standards",
          short_heading: "Standards",
          intro: "Do you…",
          entry_label: "Standard",
          question: "Is it met?",
          scale: "standard",
          answer_fields: [],
          regulation_scheme: null,
          derivation_rule: null,
          source_note: null,
          entry_ids: ["C1", "1"],
        },
      ],
    };
    expect(catalogueParts(other).map((p) => [p.heading, p.entries.map((e) => e.id)])).toEqual([
      ["Standards", ["C1", "1"]],
    ]);
    expect(responseLabelsFor(other, other.parts[0]).partial).toBe("Partly met");
    expect(responsesFor(other, findEntry(other, "1")!)).toEqual(["yes", "partial", "no"]);
    expect(responseLabelsForEntry(view, findEntry(view, "C2")!).no).toBe("Not included");
    expect(responseLabelsForEntry(view, findEntry(view, "3b")!).partial).toBe("Partially");
  });

  it("shortens long wording at a word", () => {
    expect(shortText("Short.")).toBe("Short.");
    const long = "word ".repeat(40).trim();
    const short = shortText(long, 30);
    expect(short.endsWith("…")).toBe(true);
    expect(short.length).toBeLessThanOrEqual(31);
  });
});
