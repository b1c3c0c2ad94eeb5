// Pages shown instead of content: the database could not be opened at start-up,
// a page that does not exist, or a page that could not be loaded.

import type { AppError } from "../ipc/api";
import { pageGrid } from "../components/layout";
import { h } from "../lib/dom";
import { paths } from "../lib/router";
import type { PageView } from "../state";

/** Shown (and nothing else) when the app started but its database could not be opened. */
export function databaseErrorPage(error: AppError, databasePath: string): PageView {
  const heading = "The database could not be opened";
  return {
    heading,
    content: pageGrid(
      "two-thirds",
      h("h1", null, heading),
      h("p", { class: "nhsuk-body", id: "startup-error-message" }, error.message),
      h(
        "p",
        { class: "nhsuk-body" },
        "Database file: ",
        h("span", { class: "app-path", id: "startup-error-path" }, databasePath),
      ),
    ),
  };
}

/** Shown when the app cannot reach its own back end at all. */
export function startFailedPage(error: AppError): PageView {
  const heading = "The app could not start";
  return {
    heading,
    content: pageGrid(
      "two-thirds",
      h("h1", null, heading),
      h("p", { class: "nhsuk-body" }, error.message),
      h("p", { class: "nhsuk-body" }, "Close the app and open it again."),
    ),
  };
}

export function notFoundPage(): PageView {
  const heading = "Page not found";
  return {
    heading,
    content: h(
      "div",
      null,
      h("h1", null, heading),
      h("p", { class: "nhsuk-body" }, h("a", { class: "nhsuk-link", href: paths.list() }, "Go to your assessments")),
    ),
  };
}

/** Shown when a page's data could not be loaded: the app's message, as written. */
export function loadFailedPage(error: AppError): PageView {
  const heading = error.kind === "not_found" ? "Not found" : "Sorry, there is a problem";
  return {
    heading,
    content: pageGrid(
      "two-thirds",
      h("h1", null, heading),
      h("p", { class: "nhsuk-body", id: "load-error-message" }, error.message),
      h("p", { class: "nhsuk-body" }, h("a", { class: "nhsuk-link", href: paths.list() }, "Go to your assessments")),
    ),
  };
}
