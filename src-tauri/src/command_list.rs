// Every command the window may call, declared once. This one list drives:
// - the Tauri commands themselves (`commands.rs` generates a thin async
//   wrapper per line that calls the `Service` method of the same name, or the
//   shell function for `shell` lines);
// - their registration (`lib.rs`) and their ACL permissions (`build.rs`);
// - the UI's typed bindings (`tests/bindings.rs` writes `ui/src/ipc/generated/commands.ts`),
//   so a command or argument renamed here fails to compile in the UI.
//
// Argument names cross IPC in camelCase (Tauri's default). Types are written
// with `$crate::wire::…` so every user of the list resolves them the same way.
// This file is `include!`d by build.rs, which only reads the names.

#[macro_export]
macro_rules! for_each_command {
    ($then:ident) => {
        $then! {
            shell app_info() -> $crate::wire::AppInfo;
            shell first_screen_shown() -> ();
            service list_frameworks() -> Vec<$crate::wire::FrameworkSummary>;
            service get_catalogue(framework_id: String) -> $crate::wire::CatalogueView;
            service get_user() -> Option<$crate::wire::Actor>;
            service set_user(input: $crate::wire::UserInput) -> $crate::wire::Actor;
            service list_assessments() -> Vec<$crate::wire::AssessmentSummary>;
            service list_assessment_page(page: u32) -> $crate::wire::AssessmentPage;
            service create_assessment(input: $crate::wire::NewAssessmentInput) -> $crate::wire::Assessment;
            service create_assessment_from(input: $crate::wire::NewAssessmentInput, from: $crate::wire::Uuid) -> $crate::wire::Assessment;
            service confirm_carried(id: $crate::wire::Uuid, entry_ids: Vec<String>) -> Vec<String>;
            service get_assessment(id: $crate::wire::Uuid) -> $crate::wire::AssessmentDetail;
            service save_answer(request: $crate::wire::SaveAnswerRequest) -> $crate::wire::AnswerSaved;
            service mark_complete(id: $crate::wire::Uuid) -> $crate::wire::Assessment;
            service reopen_assessment(id: $crate::wire::Uuid) -> $crate::wire::Assessment;
            service add_evidence(request: $crate::wire::AddEvidenceRequest) -> $crate::wire::Evidence;
            service remove_evidence(id: $crate::wire::Uuid) -> $crate::wire::Evidence;
            service get_audit_trail(id: $crate::wire::Uuid) -> Vec<$crate::wire::ShownAuditEntry>;
            shell save_evidence_file(id: $crate::wire::Uuid) -> Option<String>;
            service get_plan(id: $crate::wire::Uuid, filter: $crate::wire::PlanFilter) -> $crate::wire::PlanView;
            service get_dashboard(filter: $crate::wire::PlanFilter) -> $crate::wire::PlanView;
            service get_action(id: $crate::wire::Uuid) -> $crate::wire::ActionView;
            service update_action(request: $crate::wire::UpdateActionRequest) -> $crate::wire::ActionView;
            service complete_action(request: $crate::wire::CompleteActionRequest) -> $crate::wire::ActionView;
            service get_priority_rules(framework_id: String) -> $crate::wire::PriorityRules;
            shell export_plan(id: Option<$crate::wire::Uuid>, format: $crate::wire::PlanExportFormat, filter: $crate::wire::PlanFilter) -> Option<String>;
            service get_sign_off(id: $crate::wire::Uuid) -> $crate::wire::SignOffState;
            service sign_off(id: $crate::wire::Uuid, input: $crate::wire::SignOffInput) -> $crate::wire::SignOffState;
            service new_version(id: $crate::wire::Uuid) -> $crate::wire::Assessment;
            service verify_audit_trail(id: $crate::wire::Uuid) -> $crate::wire::ChainCheck;
            service get_certificate() -> Option<$crate::wire::CertificateView>;
            service check_uploaded_pdf(file: $crate::wire::UploadedFile) -> $crate::wire::PdfCheck;
            service trust_pdf_signer(file: $crate::wire::UploadedFile) -> $crate::wire::CertificateView;
            shell export_pdf(id: $crate::wire::Uuid) -> Option<String>;
            service list_organisations() -> Vec<String>;
            service get_training(organisation: String) -> $crate::wire::TrainingView;
            service get_training_needs(organisation: String) -> $crate::wire::NeedsAnalysis;
            service save_training_group(organisation: String, group: String, level: $crate::wire::TrainingLevel) -> $crate::wire::NeedsAnalysis;
            service delete_training_group(organisation: String, group: String) -> $crate::wire::NeedsAnalysis;
            service save_training_validity(organisation: String, years: u32) -> $crate::wire::NeedsAnalysis;
            service record_training_date(input: $crate::wire::DateFiguresInput) -> $crate::wire::TrainingView;
            service read_training_export(upload: $crate::wire::TrainingExportUpload) -> $crate::wire::ImportScreen;
            service save_training_export(upload: $crate::wire::TrainingExportUpload) -> $crate::wire::TrainingView;
            service get_quarterly_return(request: $crate::wire::QuarterlyRequest) -> $crate::wire::QuarterlyReturn;
            shell export_quarterly_return(request: $crate::wire::QuarterlyRequest, format: $crate::wire::SummaryFormat) -> Option<String>;
            service get_board_report(organisation: String, year: i32) -> $crate::wire::BoardReportView;
            service save_board_report_draft(organisation: String, year: i32, input: $crate::wire::BoardReportInput) -> $crate::wire::DraftSaved;
            shell export_board_report(request: $crate::wire::BoardReportRequest) -> Option<String>;
            shell list_backups() -> $crate::wire::BackupsScreen;
            shell latest_good_backup() -> Option<$crate::wire::BackupView>;
            shell create_backup() -> $crate::wire::BackupView;
            shell restore_backup(name: String) -> $crate::wire::RestoreSummary;
            shell open_database_file() -> Option<String>;
        }
    };
}
