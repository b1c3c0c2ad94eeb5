// The one typed layer over Tauri IPC. Every command the window may call is
// typed by `generated/commands.ts`, which Rust writes from its one command
// list: a command or argument renamed in Rust fails to compile here. Nothing
// else in the UI calls `invoke`. A rejected call always rejects with an
// `AppError` (see `toAppError`), so callers have one shape to handle: show
// `message` as written, and link to `field` when it is set.

import { invoke } from "@tauri-apps/api/core";

import type { AppError } from "./generated/AppError";
import type { CommandName, Commands } from "./generated/commands";
import type { ErrorKind } from "./generated/ErrorKind";
import { RULES } from "./generated/rules";

export type { Commands, CommandName };
export type { ActionCompletion } from "./generated/ActionCompletion";
export type { ActionEdit } from "./generated/ActionEdit";
export type { ActionStatus } from "./generated/ActionStatus";
export type { ActionView } from "./generated/ActionView";
export type { Actor } from "./generated/Actor";
export type { AddEvidenceRequest } from "./generated/AddEvidenceRequest";
export type { AnswerInput } from "./generated/AnswerInput";
export type { AnswerRecord } from "./generated/AnswerRecord";
export type { AnswerSaved } from "./generated/AnswerSaved";
export type { AppError };
export type { AppInfo } from "./generated/AppInfo";
export type { Assessment } from "./generated/Assessment";
export type { AssessmentDetail } from "./generated/AssessmentDetail";
export type { AssessmentPage } from "./generated/AssessmentPage";
export type { AssessmentStatus } from "./generated/AssessmentStatus";
export type { AssessmentSummary } from "./generated/AssessmentSummary";
export type { ShownAuditEntry } from "./generated/ShownAuditEntry";
export type { ShownChange } from "./generated/ShownChange";
export type { BackupView } from "./generated/BackupView";
export type { BackupsScreen } from "./generated/BackupsScreen";
export type { CatalogueEntry } from "./generated/CatalogueEntry";
export type { CatalogueView } from "./generated/CatalogueView";
export type { CertificateView } from "./generated/CertificateView";
export type { ChainBreak } from "./generated/ChainBreak";
export type { ChainCheck } from "./generated/ChainCheck";
export type { EntryReview } from "./generated/EntryReview";
export type { ErrorKind };
export type { Evidence } from "./generated/Evidence";
export type { Finding } from "./generated/Finding";
export type { FrameworkSummary } from "./generated/FrameworkSummary";
export type { DueFilter } from "./generated/DueFilter";
export type { GapState } from "./generated/GapState";
export type { NewAssessmentInput } from "./generated/NewAssessmentInput";
export type { PartReview } from "./generated/PartReview";
export type { PartView } from "./generated/PartView";
export type { PdfCheck } from "./generated/PdfCheck";
export type { PdfOutcome } from "./generated/PdfOutcome";
export type { PlanCounts } from "./generated/PlanCounts";
export type { PlanExportFormat } from "./generated/PlanExportFormat";
export type { PlanFilter } from "./generated/PlanFilter";
export type { PlanView } from "./generated/PlanView";
export type { Priority } from "./generated/Priority";
export type { PriorityRow } from "./generated/PriorityRow";
export type { PriorityRules } from "./generated/PriorityRules";
export type { PriorityWhy } from "./generated/PriorityWhy";
export type { ProgressNote } from "./generated/ProgressNote";
export type { Response } from "./generated/Response";
export type { ResponseCounts } from "./generated/ResponseCounts";
export type { RestoreSummary } from "./generated/RestoreSummary";
export type { ScaleChoice } from "./generated/ScaleChoice";
export type { ScaleView } from "./generated/ScaleView";
export type { Review } from "./generated/Review";
export type { SaveAnswerRequest } from "./generated/SaveAnswerRequest";
export type { SealedSummary } from "./generated/SealedSummary";
export type { SignOffInput } from "./generated/SignOffInput";
export type { SignOffState } from "./generated/SignOffState";
export type { Signatory } from "./generated/Signatory";
export type { StepState } from "./generated/StepState";
export type { UploadedFile } from "./generated/UploadedFile";
export type { SummaryFormat } from "./generated/SummaryFormat";
export type { QuarterlyReturn } from "./generated/QuarterlyReturn";
export type { QuarterlyRequest } from "./generated/QuarterlyRequest";
export type { ImportMapping } from "./generated/ImportMapping";
export type { ResourcesStatement } from "./generated/ResourcesStatement";
export type { BoardReportInput } from "./generated/BoardReportInput";
export type { TrainingLevel } from "./generated/TrainingLevel";
export type { TrainingView } from "./generated/TrainingView";
export type { NeedsAnalysis } from "./generated/NeedsAnalysis";
export type { ImportScreen } from "./generated/ImportScreen";
export type { BoardReportView } from "./generated/BoardReportView";
export type { UserInput } from "./generated/UserInput";
export { RULES } from "./generated/rules";

/** Every kind of error a command may reject with, as the app's rules list them. */
const ERROR_KINDS: readonly ErrorKind[] = RULES.error_kinds;

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

type Args<C extends CommandName> = Commands[C]["args"];
type Output<C extends CommandName> = Commands[C]["output"];

/**
 * Calls a command by its generated name with its generated argument shape.
 * Commands without arguments take none.
 */
export async function call<C extends CommandName>(
  command: C,
  ...args: Args<C> extends Record<string, never> ? [] : [Args<C>]
): Promise<Output<C>> {
  const key = earlyKey(command, args[0]);
  const asked = early.get(key);
  if (asked !== undefined) {
    early.delete(key);
    return asked as Promise<Output<C>>;
  }
  try {
    return await invoke<Output<C>>(command, args[0]);
  } catch (reason) {
    throw toAppError(reason);
  }
}

/**
 * Answers asked for before the page that reads them is drawn. Each goes to
 * the first call of the same command with the same arguments, then is
 * forgotten. At start-up the home page's data is asked for alongside the
 * start-up information rather than after it: one round trip fewer before the
 * first screen. Only for commands that change nothing.
 */
const early = new Map<string, Promise<unknown>>();

function earlyKey(command: CommandName, args: unknown): string {
  return `${command} ${JSON.stringify(args ?? null)}`;
}

/** Asks now; the next `call` of the same command and arguments takes the answer. */
export function askEarly<C extends CommandName>(
  command: C,
  ...args: Args<C> extends Record<string, never> ? [] : [Args<C>]
): void {
  const answer = call(command, ...args);
  // A failure belongs to whoever takes the answer; one nobody takes is dropped.
  answer.catch(() => undefined);
  early.set(earlyKey(command, args[0]), answer);
}

/** Drops answers asked for early that no page took (the first page is shown). */
export function forgetEarly(): void {
  early.clear();
}

// Named wrappers, so pages read as what they do.
export const appInfo = () => call("app_info");
export const firstScreenShown = () => call("first_screen_shown");
export const listFrameworks = () => call("list_frameworks");
export const getCatalogue = (frameworkId: string) => call("get_catalogue", { frameworkId });
export const getUser = () => call("get_user");
export const setUser = (input: Args<"set_user">["input"]) => call("set_user", { input });
/** Every assessment, newest first: the choices to start a new one from. */
export const listAssessments = () => call("list_assessments");
/** One page of the same list (from 1; one beyond the last gives the last): home. */
export const listAssessmentPage = (page: number) => call("list_assessment_page", { page });
export const createAssessment = (input: Args<"create_assessment">["input"]) =>
  call("create_assessment", { input });
export const createAssessmentFrom = (input: Args<"create_assessment_from">["input"], from: string) =>
  call("create_assessment_from", { input, from });
export const confirmCarried = (id: string, entryIds: string[]) => call("confirm_carried", { id, entryIds });
export const getAssessment = (id: string) => call("get_assessment", { id });
export const saveAnswer = (request: Args<"save_answer">["request"]) => call("save_answer", { request });
export const markComplete = (id: string) => call("mark_complete", { id });
export const reopenAssessment = (id: string) => call("reopen_assessment", { id });
export const addEvidence = (request: Args<"add_evidence">["request"]) => call("add_evidence", { request });
export const removeEvidence = (id: string) => call("remove_evidence", { id });
export const getAuditTrail = (id: string) => call("get_audit_trail", { id });
export const saveEvidenceFile = (id: string) => call("save_evidence_file", { id });
export const getPlan = (id: string, filter: Args<"get_plan">["filter"]) => call("get_plan", { id, filter });
export const getDashboard = (filter: Args<"get_dashboard">["filter"]) => call("get_dashboard", { filter });
export const getAction = (id: string) => call("get_action", { id });
export const updateAction = (request: Args<"update_action">["request"]) => call("update_action", { request });
export const completeAction = (request: Args<"complete_action">["request"]) =>
  call("complete_action", { request });
export const getPriorityRules = (frameworkId: string) => call("get_priority_rules", { frameworkId });
/**
 * Saves a plan (an assessment's, or with a null id every assessment's) through
 * the native save dialog. Resolves with the path saved to, or null when the
 * person cancelled.
 */
export const exportPlan = (
  id: string | null,
  format: Args<"export_plan">["format"],
  filter: Args<"export_plan">["filter"],
) => call("export_plan", { id, format, filter });

// Sign-off, the sealed report and checking a PDF.
export const getSignOff = (id: string) => call("get_sign_off", { id });
/** Signs a complete assessment off for one person; the first sign-off seals it. */
export const signOff = (id: string, input: Args<"sign_off">["input"]) => call("sign_off", { id, input });
/** Starts a new (in-progress) version of a sealed assessment. */
export const newVersion = (id: string) => call("new_version", { id });
export const verifyAuditTrail = (id: string) => call("verify_audit_trail", { id });
/** This installation's signing certificate, or null before the first sign-off. */
export const getCertificate = () => call("get_certificate");
export const checkUploadedPdf = (file: Args<"check_uploaded_pdf">["file"]) => call("check_uploaded_pdf", { file });
export const trustPdfSigner = (file: Args<"trust_pdf_signer">["file"]) => call("trust_pdf_signer", { file });
/**
 * Saves an assessment's report as a PDF through the native save dialog (a
 * draft before sign-off, signed after). Resolves with the path saved to, or
 * null when the person cancelled.
 */
export const exportPdf = (id: string) => call("export_pdf", { id });
export const listOrganisations = () => call("list_organisations");

// Backups and recovery: these work on the database file, and also when it
// was refused at start-up.
export const listBackups = () => call("list_backups");
/** The newest backup that passes its check (each is read to check it), or null. */
export const latestGoodBackup = () => call("latest_good_backup");
export const createBackup = () => call("create_backup");
/** Replaces the database with a backup; the current file is backed up first. */
export const restoreBackup = (name: string) => call("restore_backup", { name });
/** Asks which database file to open and opens it; null when the person cancelled. */
export const openDatabaseFile = () => call("open_database_file");
export const getTraining = (organisation: string) => call("get_training", { organisation });
export const getTrainingNeeds = (organisation: string) => call("get_training_needs", { organisation });
export const saveTrainingGroup = (organisation: string, group: string, level: Args<"save_training_group">["level"]) =>
  call("save_training_group", { organisation, group, level });
export const deleteTrainingGroup = (organisation: string, group: string) =>
  call("delete_training_group", { organisation, group });
export const saveTrainingValidity = (organisation: string, years: number) =>
  call("save_training_validity", { organisation, years });
/** Records a reporting date's figures for the groups given, all or none. */
export const recordTrainingDate = (input: Args<"record_training_date">["input"]) =>
  call("record_training_date", { input });
/** Reads an export's columns, and counts it when its columns are mapped. Saves nothing. */
export const readTrainingExport = (upload: Args<"read_training_export">["upload"]) =>
  call("read_training_export", { upload });
/** Counts the export again and saves the counts (never its rows). */
export const saveTrainingExport = (upload: Args<"save_training_export">["upload"]) =>
  call("save_training_export", { upload });
/** The quarterly summary for the upward return, as Rust builds it. */
export const getQuarterlyReturn = (request: Args<"get_quarterly_return">["request"]) =>
  call("get_quarterly_return", { request });
/** Saves the quarterly summary as CSV or Excel through the native save dialog; null when cancelled. */
export const exportQuarterlyReturn = (
  request: Args<"export_quarterly_return">["request"],
  format: Args<"export_quarterly_return">["format"],
) => call("export_quarterly_return", { request, format });
export const getBoardReport = (organisation: string, year: number) =>
  call("get_board_report", { organisation, year });
/** Keeps what was typed for a year's report to the board as its draft. */
export const saveBoardReportDraft = (organisation: string, year: number, input: Args<"save_board_report_draft">["input"]) =>
  call("save_board_report_draft", { organisation, year, input });
/**
 * Draws the report to the board (a draft, or signed and sealed) and saves it
 * through the native save dialog. Resolves with the path, or null when the
 * person cancelled.
 */
export const exportBoardReport = (request: Args<"export_board_report">["request"]) =>
  call("export_board_report", { request });
