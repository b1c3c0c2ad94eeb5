// Reading the catalogue: finding entries, their labels, their order, and the
// parts (sections, then the checklist, or whatever the framework defines)
// they are grouped into. Every heading, label and key comes from the
// framework data; nothing here assumes one framework.

import type { CatalogueEntry } from "../ipc/generated/CatalogueEntry";
import type { CatalogueView } from "../ipc/generated/CatalogueView";
import type { PartKind } from "../ipc/generated/PartKind";
import type { PartView } from "../ipc/generated/PartView";
import type { ResponseLabels } from "../ipc/generated/ResponseLabels";

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
 * the parent item's stem for a sub-point, the checklist question for a
 * checklist entry (the part's own intro, where it has one).
 */
export function entryStem(view: CatalogueView, entry: CatalogueEntry): string | null {
  if (entry.kind === "sub_point" && entry.parent !== null) {
    return findEntry(view, entry.parent)?.text ?? null;
  }
  if (entry.kind === "checklist") {
    return partOf(view, entry)?.intro ?? view.checklist_question;
  }
  return null;
}

/** The response labels a part of this kind shows. */
export function responseLabelsFor(view: CatalogueView, kind: PartKind): ResponseLabels {
  return kind === "checklist" ? view.presentation.checklist_responses : view.presentation.item_responses;
}

/** The response labels an entry shows (by the kind of the part it is in). */
export function responseLabelsForEntry(view: CatalogueView, entry: CatalogueEntry): ResponseLabels {
  const kind: PartKind = partOf(view, entry)?.kind ?? (entry.kind === "checklist" ? "checklist" : "section");
  return responseLabelsFor(view, kind);
}

export interface CataloguePart {
  /** The part's key, as `PartReview.key` and `CatalogueEntry.part_key` use it. */
  key: string;
  heading: string;
  /** Words that introduce the part's entries (the checklist's question). */
  intro: string | null;
  kind: PartKind;
  entries: CatalogueEntry[];
}

/** The catalogue's parts, in reading order, each with its entries. */
export function catalogueParts(view: CatalogueView): CataloguePart[] {
  const byId = new Map(view.entries.map((entry) => [entry.id, entry]));
  return view.parts.map((part) => ({
    key: part.key,
    heading: part.heading,
    intro: part.intro,
    kind: part.kind,
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
