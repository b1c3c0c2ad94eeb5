// Reading the catalogue: finding entries, their labels, their order, and the
// parts (sections, then the checklist) they are grouped into.

import type { CatalogueEntry } from "../ipc/generated/CatalogueEntry";
import type { CatalogueView } from "../ipc/generated/CatalogueView";

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

/** "Item 7", "Item 3a", "Checklist entry C4". */
export function entryLabel(entry: CatalogueEntry): string {
  return entry.kind === "checklist" ? `Checklist entry ${entry.id}` : `Item ${entry.id}`;
}

/** "Section 1: Organisational". */
export function sectionHeading(number: number, title: string): string {
  return `Section ${number}: ${title}`;
}

/** The part an entry belongs to: its section heading, or the checklist's title. */
export function partHeading(view: CatalogueView, entry: CatalogueEntry): string {
  if (entry.kind === "checklist" || entry.section === null) {
    return view.checklist_title;
  }
  return sectionHeading(entry.section, entry.section_title ?? "");
}

/**
 * The source wording that introduces an entry, if it needs one to make sense:
 * the parent item's stem for a sub-point, the checklist question for a
 * checklist entry.
 */
export function entryStem(view: CatalogueView, entry: CatalogueEntry): string | null {
  if (entry.kind === "sub_point" && entry.parent !== null) {
    return findEntry(view, entry.parent)?.text ?? null;
  }
  if (entry.kind === "checklist") {
    return view.checklist_question;
  }
  return null;
}

export interface CataloguePart {
  /** `section-1`, `section-2`, … or `checklist`, as in `Progress.parts`. */
  key: string;
  heading: string;
  /** Words that introduce the part's entries (the checklist's question). */
  intro: string | null;
  entries: CatalogueEntry[];
}

/** The catalogue's entries grouped into sections, then the checklist, in reading order. */
export function catalogueParts(view: CatalogueView): CataloguePart[] {
  const parts: CataloguePart[] = view.sections.map((section) => ({
    key: `section-${section.number}`,
    heading: sectionHeading(section.number, section.title),
    intro: null,
    entries: view.entries.filter(
      (entry) => entry.kind !== "checklist" && entry.section === section.number,
    ),
  }));
  parts.push({
    key: "checklist",
    heading: view.checklist_title,
    intro: view.checklist_question,
    entries: view.entries.filter((entry) => entry.kind === "checklist"),
  });
  return parts;
}
