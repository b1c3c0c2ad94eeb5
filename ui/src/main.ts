/*
 * Prevent Self-Assessment: the window's user interface.
 *
 * Plain TypeScript, no framework. The structure:
 *
 *   main.ts                 entry point: loads the styles and starts the app
 *   app.ts                  page frame, hash routing, window title and focus on each page;
 *                           sends every route to #/you until the person has said who they are
 *   state.ts                what pages share: start-up info (with `info.user`, who is using
 *                           the app), the catalogue cache, page types
 *   ipc/api.ts              the ONLY place that calls Tauri: one typed function per command;
 *                           every failure becomes an AppError
 *   ipc/generated/          types, command list and form rules generated from Rust (do not edit)
 *   lib/dom.ts              h(tag, attrs, ...children) and svg(): build elements; text is always
 *                           inserted as text nodes, never parsed as markup
 *   lib/dates.ts            the three-box date input <-> YYYY-MM-DD, and date formatting
 *   lib/answers.ts          response labels, the action-required default, AnswerInput building
 *   lib/autosave.ts         saving the step page as the person types
 *   lib/catalogue.ts        entry lookup, reading order (next entry), parts, response labels
 *   lib/router.ts           routes: #/, #/you, #/new, #/assessments/<id>
 *                           [/audit | /review | /plan[?filter] | /entries/<entryId>[/<field>]],
 *                           #/actions[?filter] (dashboard), #/actions/<actionId>[?from=dashboard&filter]
 *   lib/plan.ts             the action plan's words, and its filter written in the hash query
 *   lib/validation.ts       text checks with NHS-style messages
 *   components/             NHS.UK building blocks: fields, error summary, layout pieces, the
 *                           progress list of steps, charts (SVG, each with its numbers in words),
 *                           plan (the action plan drawing the plan page and dashboard share)
 *   pages/                  one module per screen: you, list (home), new-assessment,
 *                           overview (task list), question (a step), review (check your
 *                           answers, mark complete), audit, plan (an assessment's action plan),
 *                           dashboard (every assessment's actions), action (update, complete),
 *                           problem
 *   styles/main.scss        nhsuk-frontend compiled from SCSS (Arial, no web fonts) + app styles
 *
 * Every heading, label, part key and response label comes from the framework
 * data (CatalogueView): no screen assumes one framework.
 *
 * The window runs under a strict CSP (no inline script or style), so nothing
 * here sets HTML from strings or uses inline style attributes. Tests live in
 * ui/tests and run with `npm test`.
 */

import "./styles/main.scss";

import { startApp } from "./app";
import { firstScreenShown } from "./ipc/api";

// nhsuk-frontend's CSS shows its JavaScript-enhanced states (conditional
// reveals, the character count) only when these classes are present.
document.body.classList.add("js-enabled", "nhsuk-frontend-supported");

const root = document.getElementById("app");
if (root) {
  // Once the first page is shown and has focus, and has been painted, say so:
  // the day's backup waits for this, and the cold-start benchmark
  // (`cargo xtask bench`) times launch to this call.
  void startApp(root).then(() => {
    requestAnimationFrame(() => {
      firstScreenShown().catch(() => undefined);
    });
  });
}
