/*
 * Prevent Self-Assessment: the window's user interface.
 *
 * Plain TypeScript, no framework. The structure:
 *
 *   main.ts                 entry point: loads the styles and starts the app
 *   app.ts                  page frame, hash routing, window title and focus on each page
 *   state.ts                what pages share: start-up info, the catalogue cache, page types
 *   ipc/api.ts              the ONLY place that calls Tauri: one typed function per command;
 *                           every failure becomes an AppError
 *   ipc/generated/          types generated from the Rust code (do not edit)
 *   lib/dom.ts              h(tag, attrs, ...children): builds elements; text is always
 *                           inserted as text nodes, never parsed as markup
 *   lib/dates.ts            the three-box date input <-> YYYY-MM-DD, and date formatting
 *   lib/answers.ts          response labels, the action-required default, AnswerInput building
 *   lib/catalogue.ts        entry lookup, labels, reading order (next entry), parts
 *   lib/router.ts           routes: #/, #/new, #/assessments/<id>[/audit | /entries/<entryId>]
 *   lib/validation.ts       text checks with NHS-style messages
 *   components/             NHS.UK building blocks: fields, error summary, layout pieces
 *   pages/                  one module per screen
 *   styles/main.scss        nhsuk-frontend compiled from SCSS (Arial, no web fonts) + app styles
 *
 * The window runs under a strict CSP (no inline script or style), so nothing
 * here sets HTML from strings or uses inline style attributes. Tests live in
 * ui/tests and run with `npm test`.
 */

import "./styles/main.scss";

import { startApp } from "./app";

// nhsuk-frontend's CSS shows its JavaScript-enhanced states (conditional
// reveals, the character count) only when these classes are present.
document.body.classList.add("js-enabled", "nhsuk-frontend-supported");

const root = document.getElementById("app");
if (root) {
  void startApp(root);
}
