// Generated from prevent-core's rules (src-tauri/crates/core/src/limits.rs) by tests/bindings.rs. Do not edit.

import type { FormRules } from "./FormRules";

/** The limits and defaults the app's rules enforce, as the forms show them. */
export const RULES: FormRules = {
  "limits": {
    "organisation": 200,
    "assessor": 200,
    "actor": 200,
    "role": 200,
    "comment": 5000,
    "lead": 200,
    "na_reason": 2000,
    "policy_ref": 300,
    "evidence_title": 200,
    "evidence_location": 500,
    "action": 2000,
    "owners": 300,
    "department": 200,
    "note": 2000,
    "priority_reason": 1000,
    "deferred_reason": 1000,
    "signed_off_by": 200,
    "staff_group": 200,
    "referrals_breakdown": 2000,
    "incidents": 10000,
    "resources_note": 4000,
    "activity": 10000,
    "accountable_lead": 200
  },
  "labels": {
    "organisation": "the organisation",
    "assessor": "the name of the assessor",
    "actor": "your name",
    "role": "your role",
    "comment": "the comment",
    "lead": "the department lead / nominated lead",
    "na_reason": "the reason it does not apply",
    "policy_ref": "the policy name or reference",
    "evidence_title": "the title of the evidence",
    "evidence_location": "where the document lives",
    "action": "the action required",
    "owners": "the responsible individual(s)",
    "department": "the department",
    "note": "the progress note",
    "priority_reason": "the reason for changing the priority",
    "deferred_reason": "the reason for deferring",
    "signed_off_by": "the name of the person signing the action off",
    "staff_group": "the staff group",
    "referrals_breakdown": "the breakdown of Prevent referrals",
    "incidents": "the significant incidents",
    "resources_note": "the note on resources",
    "activity": "the other Prevent-related activity",
    "accountable_lead": "the accountable Prevent lead's name"
  },
  "max_file_bytes": 10485760,
  "max_file_size": "10 MB",
  "default_action_required": {
    "yes": false,
    "partial": true,
    "no": true,
    "na": false
  },
  "reason_required": {
    "yes": false,
    "partial": false,
    "no": false,
    "na": true
  },
  "missing_reason": "Enter why this does not apply",
  "audit_field_labels": {
    "accountable_lead": "Accountable Prevent lead",
    "action_required": "Action required",
    "activity": "Other Prevent-related activity",
    "assessment_date": "Date of assessment",
    "assessor": "Name of assessor",
    "carried_over_from": "Carried over from (to confirm)",
    "comment": "Comment",
    "copied_from_previous_version": "Copied from the previous version",
    "due_date": "Date for completion",
    "framework_id": "Framework",
    "framework_version": "Framework version",
    "incidents": "Significant incidents",
    "lead": "Lead",
    "na_reason": "Why it does not apply",
    "next_version": "Newer version",
    "organisation": "Organisation",
    "policy_ref": "Policy name or reference",
    "previous_version": "Previous version",
    "referrals": "Prevent referrals",
    "referrals_breakdown": "Breakdown of referrals",
    "resources": "Adequate resources",
    "resources_note": "About resources",
    "response": "Response",
    "review_date": "Policy review date",
    "signed_off_by": "Signed off by",
    "started_from": "Started from",
    "status": "Status",
    "version": "Version"
  },
  "statuses": [
    {
      "value": "not_started",
      "label": "Not started"
    },
    {
      "value": "in_progress",
      "label": "In progress"
    },
    {
      "value": "completed",
      "label": "Completed"
    },
    {
      "value": "deferred",
      "label": "Deferred"
    }
  ],
  "priorities": [
    {
      "value": "high",
      "label": "High"
    },
    {
      "value": "medium",
      "label": "Medium"
    },
    {
      "value": "low",
      "label": "Low"
    }
  ],
  "due_soon_days": 30,
  "step_states": [
    {
      "value": "not_started",
      "label": "Not started"
    },
    {
      "value": "incomplete",
      "label": "Incomplete"
    },
    {
      "value": "needs_attention",
      "label": "Needs attention"
    },
    {
      "value": "complete",
      "label": "Complete"
    }
  ],
  "assessment_statuses": [
    {
      "value": "in_progress",
      "label": "In progress"
    },
    {
      "value": "complete",
      "label": "Complete"
    }
  ],
  "error_kinds": [
    "invalid_input",
    "not_found",
    "conflict",
    "database",
    "newer_database",
    "damaged_database",
    "internal"
  ],
  "responses": [
    "yes",
    "partial",
    "no",
    "na"
  ],
  "training_levels": [
    {
      "value": "1-2",
      "label": "Level 1 and 2 (basic Prevent awareness)"
    },
    {
      "value": "3",
      "label": "Level 3 (Awareness of Prevent)"
    }
  ],
  "training_target_percent": 85,
  "default_validity_years": 3,
  "max_validity_years": 10,
  "max_training_export_bytes": 67108864,
  "max_training_export_size": "64 MB",
  "resources_statements": [
    {
      "value": "adequate",
      "label": "Yes"
    },
    {
      "value": "inadequate",
      "label": "No"
    },
    {
      "value": "partly",
      "label": "Partly"
    }
  ],
  "resources_question": "Adequate resources are available to meet the core standards",
  "max_referrals": 100000
};
