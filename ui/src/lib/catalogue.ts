// Reading the catalogue: finding entries, their labels, their order, and the
// parts (sections, then the checklist, or whatever the framework defines)
// they are grouped into. Every heading, label and key comes from the
// framework data; nothing here assumes one framework.

import type { AnswerField } from "../ipc/generated/AnswerField";
import type { CatalogueEntry } from "../ipc/generated/CatalogueEntry";
import type { CatalogueView } from "../ipc/generated/CatalogueView";
import type { PartView } from "../ipc/generated/PartView";
import type { Response } from "../ipc/generated/Response";
import type { ScaleView } from "../ipc/generated/ScaleView";

/** How one scale labels each response it offers (a response it does not offer reads as stored). */
export type ResponseLabels = Readonly<Record<Response, string>>;

/** Finds an entry by id (ids are matched ignoring case, as the app does). */
export function findEntry(view: CatalogueView, id: string): CatalogueEntry | undefined {
  const wanted = id.trim().toLowerCase();
  return view.entries.find((entry) => entry.id.toLowerCase() === wanted);
}

/**
 * The entry after `id` in reading order (items with their sub-points, then the
 * checklist), or null after the last entry or for an unknown id.
 */
export function nextEntryId(entries: readonly CatalogueEntry[], id: string): string | null {
  const index = entries.findIndex((entry) => entry.id === id);
  if (index === -1) {
    return null;
  }
  return entries[index + 1]?.id ?? null;
}

/** How a person names the entry, as the framework words it ("Item 3a"). */
export function entryLabel(entry: CatalogueEntry): string {
  return entry.label;
}

/** The part an entry belongs to, or undefined if the view does not list it. */
export function partOf(view: CatalogueView, entry: CatalogueEntry): PartView | undefined {
  return view.parts.find((part) => part.key === entry.part_key);
}

/** The heading of the part an entry belongs to. */
export function partHeading(view: CatalogueView, entry: CatalogueEntry): string {
  return partOf(view, entry)?.heading ?? "";
}

/**
 * The source wording that introduces an entry, if it needs one to make sense:
 * the parent entry's stem for a sub-point, the part's own intro (the
 * checklist's question) for an entry of a part that has one.
 */
export function entryStem(view: CatalogueView, entry: CatalogueEntry): string | null {
  if (entry.kind === "sub_point" && entry.parent !== null) {
    return findEntry(view, entry.parent)?.text ?? null;
  }
  return partOf(view, entry)?.intro ?? null;
}

const EMPTY_SCALE: ScaleView = { id: "", choices: [], source_note: null };

/** The scale a part is answered on. */
export function scaleOfPart(view: CatalogueView, part: PartView | undefined): ScaleView {
  return view.scales.find((scale) => scale.id === part?.scale) ?? EMPTY_SCALE;
}

/** The scale an entry is answered on. */
export function scaleOfEntry(view: CatalogueView, entry: CatalogueEntry): ScaleView {
  return scaleOfPart(view, partOf(view, entry));
}

/** The responses an entry offers, in its scale's order. */
export function responsesFor(view: CatalogueView, entry: CatalogueEntry): Response[] {
  return scaleOfEntry(view, entry).choices.map((choice) => choice.response);
}

/** A scale's label for each response. */
export function labelsOf(scale: ScaleView): ResponseLabels {
  const label = (response: Response) => scale.choices.find((c) => c.response === response)?.label ?? response;
  return { yes: label("yes"), partial: label("partial"), no: label("no"), na: label("na") };
}

/** The response labels a part shows. */
export function responseLabelsFor(view: CatalogueView, part: PartView | undefined): ResponseLabels {
  return labelsOf(scaleOfPart(view, part));
}

/** The response labels an entry shows (those of its part's scale). */
export function responseLabelsForEntry(view: CatalogueView, entry: CatalogueEntry): ResponseLabels {
  return responseLabelsFor(view, partOf(view, entry));
}

/** The question above the responses on an entry's page. */
export function entryQuestion(view: CatalogueView, entry: CatalogueEntry): string {
  return partOf(view, entry)?.question ?? "";
}

/** Whether an entry's answers record `field` (its part asks for it). */
export function asksFor(view: CatalogueView, entry: CatalogueEntry, field: AnswerField): boolean {
  return partOf(view, entry)?.answer_fields.includes(field) ?? false;
}

export interface CataloguePart {
  /** The part's key, as `PartReview.key` and `CatalogueEntry.part_key` use it. */
  key: string;
  heading: string;
  /** Words that introduce the part's entries (the checklist's question). */
  intro: string | null;
  /** How its scale labels each response. */
  labels: ResponseLabels;
  entries: CatalogueEntry[];
}

/** The catalogue's parts, in reading order, each with its entries. */
export function catalogueParts(view: CatalogueView): CataloguePart[] {
  const byId = new Map(view.entries.map((entry) => [entry.id, entry]));
  return view.parts.map((part) => ({
    key: part.key,
    heading: part.heading,
    intro: part.intro,
    labels: responseLabelsFor(view, part),
    entries: part.entry_ids
      .map((id) => byId.get(id))
      .filter((entry): entry is CatalogueEntry => entry !== undefined),
  }));
}

/** A short version of an entry's wording, for lists: its first sentence, cut at `max` characters. */
export function shortText(text: string, max = 90): string {
  const clean = text.replace(/\s+/g, " ").trim();
  const sentence = /^(.+?[.?!:;])(\s|$)/.exec(clean)?.[1] ?? clean;
  if (sentence.length <= max) {
    return sentence;
  }
  const cut = sentence.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, "")}…`;
}

/** An entry's links to one other framework, through the product's crosswalk. */
export interface EntryLinks {
  frameworkId: string;
  frameworkTitle: string;
  /** The other framework's entries, as it names them ("Item 3b"), in the crosswalk's order. */
  entryLabels: string[];
}

/** How an entry relates to other frameworks' entries ("In the 2024 core standards: P8, P9b"). */
export function linksOf(view: CatalogueView, entry: CatalogueEntry): EntryLinks[] {
  const groups: EntryLinks[] = [];
  for (const link of view.links.filter((candidate) => candidate.from_entry === entry.id)) {
    let group = groups.find((candidate) => candidate.frameworkId === link.framework_id);
    if (group === undefined) {
      const title = view.linked_frameworks.find((f) => f.id === link.framework_id)?.title ?? link.framework_id;
      group = { frameworkId: link.framework_id, frameworkTitle: title, entryLabels: [] };
      groups.push(group);
    }
    group.entryLabels.push(link.entry_label);
  }
  return groups;
}
