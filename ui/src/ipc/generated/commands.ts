// Generated from src-tauri/src/command_list.rs by tests/bindings.rs. Do not edit.

import type { ActionView } from "./ActionView";
import type { Actor } from "./Actor";
import type { AddEvidenceRequest } from "./AddEvidenceRequest";
import type { AnswerSaved } from "./AnswerSaved";
import type { AppInfo } from "./AppInfo";
import type { Assessment } from "./Assessment";
import type { AssessmentDetail } from "./AssessmentDetail";
import type { AssessmentSummary } from "./AssessmentSummary";
import type { AuditEntry } from "./AuditEntry";
import type { CatalogueView } from "./CatalogueView";
import type { CertificateView } from "./CertificateView";
import type { ChainCheck } from "./ChainCheck";
import type { CompleteActionRequest } from "./CompleteActionRequest";
import type { Evidence } from "./Evidence";
import type { FrameworkSummary } from "./FrameworkSummary";
import type { NewAssessmentInput } from "./NewAssessmentInput";
import type { PdfCheck } from "./PdfCheck";
import type { PlanExportFormat } from "./PlanExportFormat";
import type { PlanFilter } from "./PlanFilter";
import type { PlanView } from "./PlanView";
import type { PriorityRules } from "./PriorityRules";
import type { SaveAnswerRequest } from "./SaveAnswerRequest";
import type { SignOffInput } from "./SignOffInput";
import type { SignOffState } from "./SignOffState";
import type { TrainingView } from "./TrainingView";
import type { UpdateActionRequest } from "./UpdateActionRequest";
import type { UploadedFile } from "./UploadedFile";
import type { UserInput } from "./UserInput";

/** Every command the window may call: its arguments and its result. */
export interface Commands {
  app_info: { args: Record<string, never>; output: AppInfo };
  list_frameworks: { args: Record<string, never>; output: Array<FrameworkSummary> };
  get_catalogue: { args: { frameworkId: string }; output: CatalogueView };
  get_user: { args: Record<string, never>; output: Actor | null };
  set_user: { args: { input: UserInput }; output: Actor };
  list_assessments: { args: Record<string, never>; output: Array<AssessmentSummary> };
  create_assessment: { args: { input: NewAssessmentInput }; output: Assessment };
  create_assessment_from: { args: { input: NewAssessmentInput; from: string }; output: Assessment };
  confirm_carried: { args: { id: string; entryIds: Array<string> }; output: Array<string> };
  get_assessment: { args: { id: string }; output: AssessmentDetail };
  save_answer: { args: { request: SaveAnswerRequest }; output: AnswerSaved };
  mark_complete: { args: { id: string }; output: Assessment };
  reopen_assessment: { args: { id: string }; output: Assessment };
  add_evidence: { args: { request: AddEvidenceRequest }; output: Evidence };
  remove_evidence: { args: { id: string }; output: Evidence };
  get_audit_trail: { args: { id: string }; output: Array<AuditEntry> };
  save_evidence_file: { args: { id: string }; output: string | null };
  get_plan: { args: { id: string; filter: PlanFilter }; output: PlanView };
  get_dashboard: { args: { filter: PlanFilter }; output: PlanView };
  get_action: { args: { id: string }; output: ActionView };
  update_action: { args: { request: UpdateActionRequest }; output: ActionView };
  complete_action: { args: { request: CompleteActionRequest }; output: ActionView };
  get_priority_rules: { args: { frameworkId: string }; output: PriorityRules };
  export_plan: { args: { id: string | null; format: PlanExportFormat; filter: PlanFilter }; output: string | null };
  get_sign_off: { args: { id: string }; output: SignOffState };
  sign_off: { args: { id: string; input: SignOffInput }; output: SignOffState };
  new_version: { args: { id: string }; output: Assessment };
  verify_audit_trail: { args: { id: string }; output: ChainCheck };
  get_certificate: { args: Record<string, never>; output: CertificateView | null };
  check_uploaded_pdf: { args: { file: UploadedFile }; output: PdfCheck };
  trust_pdf_signer: { args: { file: UploadedFile }; output: CertificateView };
  export_pdf: { args: { id: string }; output: string | null };
  list_organisations: { args: Record<string, never>; output: Array<string> };
  get_training: { args: { organisation: string }; output: TrainingView };
}

export type CommandName = keyof Commands;
