// Test data: the real catalogue (assets/frameworks/prevent-toolkit-2011.json),
// flattened the way the Rust side's `Framework::view()` does, plus builders
// for assessments and answers.

import framework from "../../assets/frameworks/prevent-toolkit-2011.json";
import type {
  AnswerRecord,
  AppInfo,
  AssessmentDetail,
  CatalogueEntry,
  CatalogueView,
} from "../src/ipc/api";

interface SourceItem {
  id: string;
  text: string;
  regulations: number[];
  source_note?: string;
  sub_points?: { id: string; text: string }[];
}

function printRegulations(numbers: number[]): string {
  if (numbers.length === 0) {
    return "none legible";
  }
  return `${numbers.length === 1 ? "regulation" : "regulations"} ${numbers.join(", ")}`;
}

export function catalogueView(): CatalogueView {
  const entries: CatalogueEntry[] = [];
  for (const section of framework.sections) {
    for (const item of section.items as SourceItem[]) {
      entries.push({
        id: item.id,
        kind: "item",
        section: section.number,
        section_title: section.title,
        parent: null,
        text: item.text,
        regulations: item.regulations,
        regulations_printed: printRegulations(item.regulations),
        source_note: item.source_note ?? null,
      });
      for (const sub of item.sub_points ?? []) {
        entries.push({
          id: sub.id,
          kind: "sub_point",
          section: section.number,
          section_title: section.title,
          parent: item.id,
          text: sub.text,
          regulations: null,
          regulations_printed: null,
          source_note: null,
        });
      }
    }
  }
  for (const entry of framework.checklist.entries as { id: string; text: string; source_note?: string }[]) {
    entries.push({
      id: entry.id,
      kind: "checklist",
      section: null,
      section_title: null,
      parent: null,
      text: entry.text,
      regulations: null,
      regulations_printed: null,
      source_note: entry.source_note ?? null,
    });
  }
  const items = entries.filter((e) => e.kind === "item").length;
  const subPoints = entries.filter((e) => e.kind === "sub_point").length;
  const checklist = entries.filter((e) => e.kind === "checklist").length;
  return {
    framework: {
      id: framework.id,
      version: framework.version,
      title: framework.title,
      item_count: items,
      sub_point_count: subPoints,
      checklist_count: checklist,
    },
    regulation_scheme: framework.regulation_scheme,
    sections: framework.sections.map((s) => ({ number: s.number, title: s.title })),
    checklist_title: framework.checklist.title,
    checklist_question: framework.checklist.question,
    entries,
  };
}

export const ASSESSMENT_ID = "0b7d1a52-4a0e-4c1b-9f5c-2f1a3c4d5e6f";

export function appInfo(overrides: Partial<AppInfo> = {}): AppInfo {
  const view = catalogueView();
  return {
    app_version: "0.1.0",
    database_path: "/home/user/.local/share/prevent-self-assessment/prevent.sqlite3",
    frameworks: [view.framework],
    startup_error: null,
    ...overrides,
  };
}

export function answer(overrides: Partial<AnswerRecord> & { entry_id: string }): AnswerRecord {
  return {
    updated_at: "2026-11-20T10:00:00Z",
    updated_by: "Sam Patel",
    response: "yes",
    na_reason: null,
    action_required: false,
    comment: "",
    lead: "",
    due_date: null,
    ...overrides,
  };
}

export function assessmentDetail(answers: AnswerRecord[] = []): AssessmentDetail {
  return {
    assessment: {
      id: ASSESSMENT_ID,
      framework_id: "prevent-toolkit-2011",
      framework_version: "2011",
      organisation: "Northshire Community Health NHS Trust",
      assessor: "Alex Morgan",
      assessment_date: "2026-11-20",
      created_at: "2026-11-20T09:00:00Z",
      updated_at: "2026-11-20T09:00:00Z",
    },
    answers,
    progress: {
      answered: answers.length,
      total: 47,
      parts: [
        { key: "section-1", title: "Organisational", answered: 0, total: 18, status: "not_started" },
        { key: "section-2", title: "Staff and volunteers", answered: 0, total: 4, status: "not_started" },
        { key: "section-3", title: "Partnership working", answered: 0, total: 4, status: "not_started" },
        { key: "checklist", title: "Policies and procedures checklist", answered: 0, total: 21, status: "not_started" },
      ],
    },
  };
}

/** Lets pending promise callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}
