// Sign off and download the report (#/assessments/<id>/sign-off): the end of
// an assessment. Once it is marked complete, each person accountable for it
// (for example the accountable Prevent lead and the assessor) signs it off
// here in turn; the first sign-off seals it, so it can no longer be changed.
// The report PDF can be downloaded at any time (a draft before sign-off,
// signed after), with what an auditor needs to check it. A sealed assessment
// is changed by starting a new version; this one stays as it was.

import { FormErrors, addTextProblem, type FormError } from "../components/errors";
import { confirmation, textInput } from "../components/fields";
import {
  backLink,
  focusProgrammatically,
  insetText,
  notificationBanner,
  pageGrid,
  summaryList,
  type SummaryRow,
} from "../components/layout";
import { reportDownload } from "../components/report-download";
import { certificateRows, longHex, signatoriesTable } from "../components/seal-details";
import {
  RULES,
  getSignOff,
  newVersion,
  signOff,
  toAppError,
  type AppError,
  type SignOffState,
} from "../ipc/api";
import { formatLongDate, formatLongDateUtc } from "../lib/dates";
import { h, replaceChildren } from "../lib/dom";
import { paths } from "../lib/router";
import { isSealed, versionLabel } from "../lib/sealing";
import { documentTitle, type PageContext, type PageView } from "../state";
import { assessmentTag } from "./list";

export const SIGN_OFF_HEADING = "Sign off and download the report";

function summaryRows(state: SignOffState): SummaryRow[] {
  const { assessment } = state;
  const rows: SummaryRow[] = [
    { key: "Organisation", value: assessment.organisation },
    { key: "Date of assessment", value: formatLongDate(assessment.assessment_date) },
  ];
  if (assessment.version > 1) {
    rows.push({
      key: "Version",
      value: [
        versionLabel(assessment.version),
        assessment.previous_version === null
          ? null
          : [
              " (",
              h(
                "a",
                { class: "nhsuk-link", id: "previous-version-link", href: paths.overview(assessment.previous_version) },
                `view version ${assessment.version - 1}`,
              ),
              ")",
            ],
      ],
      valueId: "sign-off-version",
    });
  }
  rows.push({ key: "Status", value: assessmentTag(assessment, "assessment-status-tag") });
  return rows;
}

/** What signing off means, in plain words. */
function statement(state: SignOffState): HTMLElement {
  const { assessment } = state;
  return h(
    "div",
    { id: "sign-off-statement" },
    h(
      "p",
      { class: "nhsuk-body" },
      "By signing off, you confirm that this self-assessment, its answers, evidence and action plan are, " +
        `to the best of your knowledge, an accurate account of ${assessment.organisation}'s arrangements for ` +
        `the Prevent duty on ${formatLongDate(assessment.assessment_date)}.`,
    ),
    h(
      "p",
      { class: "nhsuk-body" },
      isSealed(assessment)
        ? "It is already sealed: each further sign-off is added to it and to the report. Several people can " +
            "sign, for example the accountable Prevent lead and the assessor."
        : "The first sign-off seals it: it can no longer be changed, and the PDF proves it has not been " +
            "changed since. Several people can sign, for example the accountable Prevent lead and the assessor.",
    ),
  );
}

/** The record's SHA-256 and the certificate, and how an auditor checks the PDF. */
function checkingSection(state: SignOffState): HTMLElement {
  const rows: SummaryRow[] = [];
  if (state.record_sha256 !== null) {
    rows.push({ key: "Record SHA-256", value: longHex(state.record_sha256, { id: "record-sha256" }) });
  }
  if (state.certificate !== null) {
    rows.push(...certificateRows(state.certificate, { idPrefix: "signing-certificate" }));
  }
  return h(
    "section",
    { class: "app-sign-off-section", "aria-labelledby": "checking-heading" },
    h("h2", { class: "nhsuk-heading-m", id: "checking-heading" }, "How the report can be checked"),
    rows.length === 0 ? null : summaryList(rows, { id: "seal-details" }),
    state.certificate === null
      ? h(
          "p",
          { class: "nhsuk-body", id: "no-certificate" },
          "No signing certificate yet: one is created when the first assessment is signed off.",
        )
      : null,
    h(
      "p",
      { class: "nhsuk-body" },
      "Auditors can check the PDF with the ",
      h("a", { class: "nhsuk-link", id: "check-pdf-link", href: paths.checkPdf() }, "Check a PDF"),
      " screen of this app, the command ",
      h("code", null, "prevent-sa verify"),
      ", the signature panel of Adobe Acrobat Reader, or ",
      h("code", null, "pdfsig"),
      ". The record SHA-256 and certificate fingerprint they see should match the ones above.",
    ),
  );
}

export async function signOffPage(ctx: PageContext, id: string): Promise<PageView> {
  let state = await getSignOff(id);
  const root = h("div", { class: "app-sign-off" });
  let busy = false;

  /** Fills the page; returns what should take focus (null: the h1). */
  const render = (signedBy: string | null): HTMLElement | null => {
    const { assessment } = state;
    const sealed = isSealed(assessment);
    const canSign = (assessment.status === "complete" || sealed) && assessment.next_version === null;
    const summarySlot = h("div", { class: "app-error-summary-slot" });

    // --- Sign-off form --------------------------------------------------------
    // Never filled in with the person using the app: the name is whoever is
    // signing, typed each time, and recording someone else's sign-off is
    // said in so many words.
    const user = ctx.info.user;
    const name = textInput({
      id: "sign-off-name",
      name: "name",
      label: "Full name of the person signing off",
      labelClass: "nhsuk-label--s",
      autocomplete: "off",
      spellcheck: false,
      inputClass: "nhsuk-u-width-two-thirds",
    });
    const role = textInput({
      id: "sign-off-role",
      name: "role",
      label: "Their role",
      labelClass: "nhsuk-label--s",
      hint: "For example, Accountable Prevent lead or Assessor",
      autocomplete: "off",
      inputClass: "nhsuk-u-width-two-thirds",
    });
    const behalf = confirmation({
      id: "sign-off-on-behalf",
      name: "on_behalf",
      legend: "Recording someone else's sign-off",
      legendClass: "nhsuk-fieldset__legend--s",
      label: "I am recording this sign-off on behalf of the person named above",
      hint:
        (user === null ? "" : `You are using the app as ${user.name}. `) +
        "Tick this when the person signing off is not you, for example when they signed on paper. " +
        "The report will say that you recorded it on their behalf.",
    });
    const errors = new FormErrors(summarySlot, {
      name: name.control,
      role: role.control,
      on_behalf: behalf.control,
    });
    const showErrors = (problems: readonly FormError[]): void => {
      errors.show(problems);
      document.title = documentTitle(SIGN_OFF_HEADING, problems.length > 0);
    };
    const showError = (error: AppError): void => {
      showErrors([{ field: error.field ?? null, message: error.message }]);
    };
    const clearErrors = (): void => {
      errors.clear();
      document.title = documentTitle(SIGN_OFF_HEADING);
    };

    // Once someone has signed, adding another sign-off is no longer the page's main action.
    const submit = h(
      "button",
      { class: ["nhsuk-button", state.signatories.length > 0 && "nhsuk-button--secondary"], id: "sign-off", type: "submit" },
      "Sign off",
    );
    const onSubmit = (event: SubmitEvent): void => {
      event.preventDefault();
      if (busy) {
        return;
      }
      const problems: FormError[] = [];
      addTextProblem(problems, "name", name.input.value, {
        blank: "Enter the full name of the person signing off",
        name: "Full name",
        max: RULES.limits.actor,
      });
      addTextProblem(problems, "role", role.input.value, {
        blank: "Enter the role of the person signing off",
        name: "Role",
        max: RULES.limits.role,
      });
      if (problems.length > 0) {
        showErrors(problems);
        return;
      }
      busy = true;
      submit.setAttribute("aria-disabled", "true");
      const input = {
        name: name.input.value.trim(),
        role: role.input.value.trim(),
        on_behalf: behalf.input.checked,
        signed_at: null,
      };
      signOff(assessment.id, input)
        .then((next) => {
          state = next;
          show(input.name);
        })
        .catch((reason: unknown) => showError(toAppError(reason)))
        .finally(() => {
          busy = false;
          submit.removeAttribute("aria-disabled");
        });
    };
    const form = canSign
      ? h(
          "section",
          { class: "app-sign-off-section", "aria-labelledby": "sign-off-form-heading" },
          h(
            "h2",
            { class: "nhsuk-heading-m", id: "sign-off-form-heading" },
            state.signatories.length === 0 ? "Sign off" : "Add another sign-off",
          ),
          statement(state),
          h("form", { novalidate: true, id: "sign-off-form", onSubmit }, name.group, role.group, behalf.group, submit),
        )
      : null;

    // --- Not ready yet --------------------------------------------------------
    const notReady =
      assessment.status !== "complete" && !sealed
        ? h(
            "div",
            { id: "sign-off-not-ready" },
            insetText(
              h("p", null, "This assessment must be marked complete before it can be signed off."),
              h(
                "p",
                null,
                h("a", { class: "nhsuk-link", id: "review-link", href: paths.review(assessment.id) }, "Go to check your answers"),
                " to see what is left and mark it complete.",
              ),
            ),
          )
        : null;

    // --- Sealed, and starting a new version ----------------------------------
    const sealedNotice =
      sealed && assessment.sealed_at !== null
        ? h(
            "div",
            { id: "sealed-notice" },
            insetText(
              h(
                "p",
                null,
                `Signed off and sealed on ${formatLongDateUtc(assessment.sealed_at)}. It can no longer be changed.`,
              ),
            ),
          )
        : null;

    const newVersionButton = h(
      "button",
      {
        class: "nhsuk-button nhsuk-button--secondary",
        id: "start-new-version",
        type: "button",
        onClick: () => {
          if (busy) {
            return;
          }
          busy = true;
          clearErrors();
          newVersionButton.setAttribute("aria-disabled", "true");
          newVersion(assessment.id)
            .then((created) => ctx.navigate(paths.overview(created.id)))
            .catch((reason: unknown) => showError(toAppError(reason)))
            .finally(() => {
              busy = false;
              newVersionButton.removeAttribute("aria-disabled");
            });
        },
      },
      "Start a new version",
    );
    const versions = !sealed
      ? null
      : h(
          "section",
          { class: "app-sign-off-section", "aria-labelledby": "new-version-heading" },
          h("h2", { class: "nhsuk-heading-m", id: "new-version-heading" }, "Making changes"),
          assessment.next_version !== null
            ? h(
                "p",
                { class: "nhsuk-body", id: "newer-version" },
                h(
                  "a",
                  { class: "nhsuk-link", id: "newer-version-link", href: paths.overview(assessment.next_version) },
                  `A newer version exists: ${versionLabel(assessment.version + 1).toLowerCase()}`,
                ),
              )
            : [
                h(
                  "p",
                  { class: "nhsuk-body" },
                  "Starting a new version copies this assessment into a new version you can change. " +
                    "This signed-off version stays as it is, and so does its report.",
                ),
                newVersionButton,
              ],
        );

    // --- Success ---------------------------------------------------------------
    const banner =
      signedBy === null
        ? null
        : notificationBanner({
            id: "sign-off-status",
            title: "Success",
            heading: `Signed off by ${signedBy}`,
            body: h(
              "p",
              { class: "nhsuk-body" },
              state.signatories.length === 1
                ? "The assessment is sealed. Download the signed report below."
                : "Their sign-off is added to the assessment and to the report.",
            ),
            success: true,
          });

    replaceChildren(
      root,
      pageGrid(
        "two-thirds",
        summarySlot,
        banner,
        h("span", { class: "nhsuk-caption-l" }, assessment.organisation),
        h("h1", null, SIGN_OFF_HEADING),
        sealedNotice,
        summaryList(summaryRows(state), { id: "sign-off-summary" }),
        notReady,
        state.signatories.length === 0
          ? null
          : h(
              "section",
              { class: "app-sign-off-section", "aria-labelledby": "signatories-heading" },
              h("h2", { class: "nhsuk-heading-m", id: "signatories-heading" }, "Signed off by"),
              signatoriesTable(state.signatories, "signatories"),
            ),
        form,
        reportDownload({
          assessmentId: assessment.id,
          signed: sealed,
          onStart: clearErrors,
          onError: showError,
        }),
        sealed ? checkingSection(state) : null,
        versions,
      ),
    );
    return banner;
  };

  /** Renders again after a sign-off, moving focus to the success banner. */
  const show = (signedBy: string): void => {
    const focus = render(signedBy);
    document.title = documentTitle(SIGN_OFF_HEADING);
    const target = focus ?? root.querySelector("h1");
    if (target instanceof HTMLElement) {
      focusProgrammatically(target);
    }
  };

  render(null);
  return {
    heading: SIGN_OFF_HEADING,
    backLink: backLink(paths.overview(id), "Back to the assessment"),
    content: root,
  };
}
