// Who is using the app (#/you): their name and role, recorded against every
// change they make. Asked on first start, before anything else; can be changed
// at any time from the link under the header.

import { FormErrors, type FormError, addTextProblem } from "../components/errors";
import { textRule } from "../lib/validation";
import { textInput } from "../components/fields";
import { backLink, pageGrid } from "../components/layout";
import { setUser, toAppError } from "../ipc/api";
import { h } from "../lib/dom";
import { paths } from "../lib/router";
import { documentTitle, type PageContext, type PageView } from "../state";

export function youPage(ctx: PageContext): PageView {
  const firstTime = ctx.info.user === null;
  const heading = firstTime ? "Before you start: who are you?" : "Change who you are";
  const continueTo = (): string => ctx.returnTo ?? paths.list();

  const name = textInput({
    id: "user-name",
    label: "Your full name",
    labelClass: "nhsuk-label--s",
    autocomplete: "name",
    spellcheck: false,
    inputClass: "nhsuk-u-width-two-thirds",
    value: ctx.info.user?.name ?? "",
  });
  const role = textInput({
    id: "user-role",
    label: "Your role",
    labelClass: "nhsuk-label--s",
    hint: "For example, Accountable Prevent lead or Safeguarding lead",
    autocomplete: "organization-title",
    inputClass: "nhsuk-u-width-two-thirds",
    value: ctx.info.user?.role ?? "",
  });

  const summarySlot = h("div", { class: "app-error-summary-slot" });
  const errors = new FormErrors(summarySlot, {
    actor: name.control,
    role: role.control,
  });
  const showErrors = (list: FormError[]): void => {
    errors.show(list);
    document.title = documentTitle(heading, list.length > 0);
  };

  const submit = h("button", { class: "nhsuk-button", id: "save-user", type: "submit" }, "Save and continue");
  let busy = false;
  const form = h(
    "form",
    {
      novalidate: true,
      id: "user-form",
      onSubmit: (event: SubmitEvent) => {
        event.preventDefault();
        if (busy) {
          return;
        }
        const problems: FormError[] = [];
        addTextProblem(problems, "actor", name.input.value, textRule("actor", { required: true }));
        addTextProblem(problems, "role", role.input.value, textRule("role", { required: true }));
        if (problems.length > 0) {
          showErrors(problems);
          return;
        }
        busy = true;
        submit.setAttribute("aria-disabled", "true");
        setUser({ name: name.input.value.trim(), role: role.input.value.trim() })
          .then((actor) => {
            ctx.info.user = actor;
            const next = continueTo();
            ctx.returnTo = null;
            ctx.navigate(next);
          })
          .catch((reason: unknown) => {
            const error = toAppError(reason);
            showErrors([{ field: error.field ?? null, message: error.message }]);
          })
          .finally(() => {
            busy = false;
            submit.removeAttribute("aria-disabled");
          });
      },
    },
    name.group,
    role.group,
    submit,
  );

  return {
    heading,
    backLink: firstTime ? null : backLink(continueTo(), "Back"),
    content: pageGrid(
      "two-thirds",
      summarySlot,
      h("h1", null, heading),
      h(
        "p",
        { class: "nhsuk-body" },
        "The app records your name and role against every change you make, in each assessment's audit trail. " +
          "It remembers them on this computer until you change them.",
      ),
      h(
        "p",
        { class: "nhsuk-body" },
        "If someone else uses this computer to make changes, they should change this first.",
      ),
      form,
    ),
  };
}
