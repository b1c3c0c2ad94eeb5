// The evidence for one step: what has been recorded (title, where the
// document lives, any attached copy with its size and SHA-256), a way to save
// a copy of an attached file or remove the record, and a small form to add
// evidence. The form is its own form with its own button: evidence is added
// deliberately, never autosaved.

import {
  addEvidence,
  removeEvidence,
  saveEvidenceFile,
  toAppError,
  RULES,
  type Evidence,
} from "../ipc/api";
import { formatDateTime } from "../lib/dates";
import { h, visuallyHidden } from "../lib/dom";
import { textRule } from "../lib/validation";
import { FormErrors, addTextProblem, type FormError } from "./errors";
import { fileInput, textInput } from "./fields";
import { focusProgrammatically } from "./layout";

export interface EvidenceSectionOptions {
  assessmentId: string;
  entryId: string;
  /** This entry's evidence, oldest first. */
  evidence: readonly Evidence[];
  /** When the assessment is complete: list only, with "Save a copy". */
  readOnly: boolean;
}

/** How many characters of a file's SHA-256 are shown (the rest is in the title). */
export const HASH_SHOWN = 12;

/** The message for a file over the limit. */
export function fileTooLargeMessage(): string {
  return `The selected file must be ${RULES.max_file_size} or smaller`;
}

/** Reads a chosen file as base64 (without the `data:…;base64,` prefix). */
export function readFileAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.addEventListener("load", () => {
      const result = typeof reader.result === "string" ? reader.result : "";
      const comma = result.indexOf(",");
      resolve(comma === -1 ? "" : result.slice(comma + 1));
    });
    reader.addEventListener("error", () => {
      reject(new Error("The selected file could not be read. Choose it again."));
    });
    reader.readAsDataURL(file);
  });
}

function evidenceItem(
  evidence: Evidence,
  readOnly: boolean,
  onRemoved: (evidence: Evidence) => void,
): HTMLLIElement {
  const message = h("div", {
    class: "app-evidence-item__message",
    id: `evidence-message-${evidence.id}`,
    role: "status",
    "aria-live": "polite",
  });
  const showMessage = (text: string | null, isError = false, path?: string): void => {
    if (text === null) {
      message.replaceChildren();
      return;
    }
    message.replaceChildren(
      isError
        ? h("p", { class: "nhsuk-error-message" }, visuallyHidden("Error: "), text)
        : h("p", { class: "nhsuk-body-s" }, text, path === undefined ? null : h("span", { class: "app-path" }, path)),
    );
  };

  let busy = false;
  const saveCopy =
    evidence.file === null
      ? null
      : h(
          "button",
          {
            class: "nhsuk-button nhsuk-button--secondary nhsuk-button--small",
            id: `evidence-save-${evidence.id}`,
            type: "button",
            onClick: () => {
              if (busy) {
                return;
              }
              busy = true;
              showMessage(null);
              saveEvidenceFile(evidence.id)
                .then((path) => {
                  if (path !== null) {
                    showMessage("Saved to ", false, path);
                  }
                })
                .catch((reason: unknown) => {
                  showMessage(`The copy was not saved. ${toAppError(reason).message}`, true);
                })
                .finally(() => {
                  busy = false;
                });
            },
          },
          "Save a copy",
          visuallyHidden(` of ${evidence.file.name}`),
        );
  const remove = readOnly
    ? null
    : h(
        "button",
        {
          class: "nhsuk-button nhsuk-button--secondary nhsuk-button--small",
          id: `evidence-remove-${evidence.id}`,
          type: "button",
          onClick: (event: MouseEvent) => {
            if (busy) {
              return;
            }
            busy = true;
            const button = event.currentTarget as HTMLButtonElement;
            button.setAttribute("aria-disabled", "true");
            showMessage(null);
            removeEvidence(evidence.id)
              .then(() => onRemoved(evidence))
              .catch((reason: unknown) => {
                showMessage(`The evidence was not removed. ${toAppError(reason).message}`, true);
              })
              .finally(() => {
                busy = false;
                button.removeAttribute("aria-disabled");
              });
          },
        },
        "Remove",
        visuallyHidden(` ${evidence.title}`),
      );

  const rows: { key: string; value: (Node | string)[] }[] = [
    { key: "Where it lives", value: [evidence.location.trim() === "" ? "Not given" : evidence.location] },
  ];
  if (evidence.file !== null) {
    const hash = evidence.file.sha256;
    rows.push({
      key: "Attached file",
      value: [
        h("span", { class: "app-evidence-item__file-name" }, evidence.file.name),
        ` (${evidence.file.size_text})`,
      ],
    });
    rows.push({
      key: "SHA-256",
      value: [
        h(
          "code",
          { class: "app-hash", title: hash, id: `evidence-hash-${evidence.id}` },
          hash.length > HASH_SHOWN ? `${hash.slice(0, HASH_SHOWN)}…` : hash,
        ),
        visuallyHidden(" (the first 12 characters of the file's fingerprint)"),
      ],
    });
  }
  rows.push({ key: "Added", value: [`${formatDateTime(evidence.added_at)} by ${evidence.added_by}`] });

  return h(
    "li",
    { class: "app-evidence-item", id: `evidence-item-${evidence.id}` },
    h("h3", { class: "nhsuk-heading-s app-evidence-item__title" }, evidence.title),
    h(
      "dl",
      { class: "nhsuk-summary-list app-evidence-item__details" },
      rows.map((row) =>
        h(
          "div",
          { class: "nhsuk-summary-list__row" },
          h("dt", { class: "nhsuk-summary-list__key" }, row.key),
          h("dd", { class: "nhsuk-summary-list__value" }, row.value),
        ),
      ),
    ),
    saveCopy === null && remove === null
      ? null
      : h("div", { class: "nhsuk-button-group app-evidence-item__actions" }, saveCopy, remove),
    message,
  );
}

/** The evidence section of a step page. */
export function evidenceSection(options: EvidenceSectionOptions): HTMLElement {
  const heading = h("h2", { class: "nhsuk-heading-m", id: "evidence-heading" }, "Evidence");
  const status = h("div", {
    class: "nhsuk-body-s app-evidence-status",
    id: "evidence-status",
    role: "status",
    "aria-live": "polite",
  });
  const empty = h(
    "p",
    { class: "nhsuk-body", id: "evidence-empty" },
    "No evidence has been recorded for this step yet.",
  );
  const list = h("ul", { class: "nhsuk-list app-evidence-list", id: "evidence-list" });

  const syncEmpty = (): void => {
    const none = list.children.length === 0;
    empty.hidden = !none;
    list.hidden = none;
  };

  const onRemoved = (evidence: Evidence): void => {
    document.getElementById(`evidence-item-${evidence.id}`)?.remove();
    syncEmpty();
    status.textContent = `Removed “${evidence.title}”.`;
    focusProgrammatically(heading);
  };
  const append = (evidence: Evidence): void => {
    list.append(evidenceItem(evidence, options.readOnly, onRemoved));
    syncEmpty();
  };
  for (const evidence of options.evidence) {
    append(evidence);
  }
  syncEmpty();

  const section = h(
    "section",
    { class: "app-evidence", id: "evidence", "aria-labelledby": "evidence-heading" },
    heading,
    h(
      "p",
      { class: "nhsuk-body" },
      "Record the documents that show this is in place and where they live. You can attach a copy of a file.",
    ),
    empty,
    list,
    status,
  );
  if (options.readOnly) {
    return section;
  }

  // --- Adding evidence ------------------------------------------------------
  const title = textInput({
    id: "evidence-title",
    name: "evidence_title",
    label: "Title",
    labelClass: "nhsuk-label--s",
    hint: "For example, Prevent policy, version 4",
  });
  const location = textInput({
    id: "evidence-location",
    name: "evidence_location",
    label: "Where the document lives (optional)",
    labelClass: "nhsuk-label--s",
    hint: "A shared drive folder, intranet page or document reference",
  });
  const file = fileInput({
    id: "evidence-file",
    name: "evidence_file",
    label: "Attach a copy of the file (optional)",
    labelClass: "nhsuk-label--s",
    hint: `The file must be ${RULES.max_file_size} or smaller. A copy is kept with this assessment.`,
  });
  const button = h(
    "button",
    { class: "nhsuk-button nhsuk-button--secondary", id: "add-evidence", type: "submit" },
    "Add evidence",
  );
  const summarySlot = h("div", { class: "app-error-summary-slot", id: "evidence-error-summary" });
  const errors = new FormErrors(summarySlot, {
    evidence_title: title.control,
    evidence_location: location.control,
    file: file.control,
  });

  // The page's own error summary may be showing too: give this one its own ids.
  const showErrors = (problems: readonly FormError[]): void => {
    const summary = errors.show(problems);
    const title = summary?.querySelector("#error-summary-title");
    if (summary && title) {
      title.id = "evidence-error-summary-title";
      summary.setAttribute("aria-labelledby", title.id);
    }
  };

  const chosenFile = (): File | null => file.input.files?.[0] ?? null;
  const fileProblem = (chosen: File | null): string | null =>
    chosen !== null && chosen.size > RULES.max_file_bytes ? fileTooLargeMessage() : null;

  file.input.addEventListener("change", () => {
    file.control.setError(fileProblem(chosenFile()));
  });

  let busy = false;
  const onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    if (busy) {
      return;
    }
    status.textContent = "";
    const problems: FormError[] = [];
    addTextProblem(problems, "evidence_title", title.input.value, textRule("evidence_title", { required: true }));
    addTextProblem(problems, "evidence_location", location.input.value, textRule("evidence_location"));
    const chosen = chosenFile();
    const tooBig = fileProblem(chosen);
    if (tooBig !== null) {
      problems.push({ field: "file", message: tooBig });
    }
    if (problems.length > 0) {
      showErrors(problems);
      return;
    }
    errors.clear();

    busy = true;
    button.setAttribute("aria-disabled", "true");
    let readFailed = false;
    const upload =
      chosen === null
        ? Promise.resolve(null)
        : readFileAsBase64(chosen).then(
            (base64) => ({ name: chosen.name, base64 }),
            (reason: unknown) => {
              readFailed = true;
              throw reason;
            },
          );
    upload
      .then((uploaded) =>
        addEvidence({
          assessment_id: options.assessmentId,
          entry_id: options.entryId,
          title: title.input.value,
          location: location.input.value,
          file: uploaded,
        }),
      )
      .then((added) => {
        append(added);
        title.input.value = "";
        location.input.value = "";
        file.input.value = "";
        status.textContent = `Added “${added.title}”.`;
      })
      .catch((reason: unknown) => {
        const error = toAppError(reason);
        showErrors([{ field: error.field ?? (readFailed ? "file" : null), message: error.message }]);
      })
      .finally(() => {
        busy = false;
        button.removeAttribute("aria-disabled");
      });
  };

  const form = h(
    "form",
    { class: "app-evidence-form", id: "evidence-form", novalidate: true, onSubmit },
    h("h3", { class: "nhsuk-heading-s", id: "add-evidence-heading" }, "Add evidence"),
    summarySlot,
    title.group,
    location.group,
    file.group,
    button,
  );
  section.append(form);
  return section;
}

