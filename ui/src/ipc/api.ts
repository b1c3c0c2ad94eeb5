// The one typed layer over Tauri IPC. Every command the window may call has a
// function here; nothing else in the UI calls `invoke`. A rejected call always
// rejects with an `AppError` (see `toAppError`), so callers have one shape to
// handle: show `message` as written, and link to `field` when it is set.

import { invoke } from "@tauri-apps/api/core";

import type { AnswerRecord } from "./generated/AnswerRecord";
import type { AppError } from "./generated/AppError";
import type { AppInfo } from "./generated/AppInfo";
import type { Assessment } from "./generated/Assessment";
import type { AssessmentDetail } from "./generated/AssessmentDetail";
import type { AssessmentSummary } from "./generated/AssessmentSummary";
import type { AuditEntry } from "./generated/AuditEntry";
import type { CatalogueView } from "./generated/CatalogueView";
import type { ErrorKind } from "./generated/ErrorKind";
import type { FrameworkSummary } from "./generated/FrameworkSummary";
import type { NewAssessmentInput } from "./generated/NewAssessmentInput";
import type { SaveAnswerRequest } from "./generated/SaveAnswerRequest";

export type {
  AnswerRecord,
  AppError,
  AppInfo,
  Assessment,
  AssessmentDetail,
  AssessmentSummary,
  AuditEntry,
  CatalogueView,
  ErrorKind,
  FrameworkSummary,
  NewAssessmentInput,
  SaveAnswerRequest,
};
export type { AnswerInput } from "./generated/AnswerInput";
export type { CatalogueEntry } from "./generated/CatalogueEntry";
export type { Response } from "./generated/Response";

const ERROR_KINDS: readonly ErrorKind[] = [
  "invalid_input",
  "not_found",
  "database",
  "newer_database",
  "internal",
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** Whether `value` is already an `AppError` as the app's commands send it. */
export function isAppError(value: unknown): value is AppError {
  return (
    isRecord(value) &&
    typeof value["kind"] === "string" &&
    (ERROR_KINDS as readonly string[]).includes(value["kind"]) &&
    typeof value["message"] === "string" &&
    (value["field"] === undefined || value["field"] === null || typeof value["field"] === "string")
  );
}

/**
 * Turns whatever a failed call rejected with into an `AppError`. The app's
 * commands reject with an `AppError` object; anything else (Tauri itself
 * failing, no Tauri at all) becomes an `internal` error.
 */
export function toAppError(reason: unknown): AppError {
  if (isAppError(reason)) {
    const error: AppError = { kind: reason.kind, message: reason.message };
    if (typeof reason.field === "string" && reason.field !== "") {
      error.field = reason.field;
    }
    return error;
  }
  if (typeof reason === "string" && reason.trim() !== "") {
    return { kind: "internal", message: reason };
  }
  if (reason instanceof Error && reason.message !== "") {
    return { kind: "internal", message: reason.message };
  }
  return {
    kind: "internal",
    message: "Something went wrong in the app. Try again, and if it happens again report it.",
  };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw toAppError(reason);
  }
}

export function appInfo(): Promise<AppInfo> {
  return call<AppInfo>("app_info");
}

export function listFrameworks(): Promise<FrameworkSummary[]> {
  return call<FrameworkSummary[]>("list_frameworks");
}

export function getCatalogue(frameworkId: string): Promise<CatalogueView> {
  return call<CatalogueView>("get_catalogue", { frameworkId });
}

export function listAssessments(): Promise<AssessmentSummary[]> {
  return call<AssessmentSummary[]>("list_assessments");
}

export function createAssessment(input: NewAssessmentInput): Promise<Assessment> {
  return call<Assessment>("create_assessment", { input });
}

export function getAssessment(id: string): Promise<AssessmentDetail> {
  return call<AssessmentDetail>("get_assessment", { id });
}

export function saveAnswer(request: SaveAnswerRequest): Promise<AnswerRecord> {
  return call<AnswerRecord>("save_answer", { request });
}

export function getAuditTrail(id: string): Promise<AuditEntry[]> {
  return call<AuditEntry[]>("get_audit_trail", { id });
}
