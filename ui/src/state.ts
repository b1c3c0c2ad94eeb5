// What the app keeps between pages: the start-up information (including who
// is using the app, which the "you" page updates), the catalogues it has read
// (they never change while the app runs), and where to go back to once the
// person has said who they are.

import { SERVICE_NAME } from "./components/layout";
import { getCatalogue, type AppInfo, type CatalogueView } from "./ipc/api";

export { describeActor } from "./components/layout";

const catalogues = new Map<string, Promise<CatalogueView>>();

/** The catalogue of a framework, read once and then kept. */
export function catalogueFor(frameworkId: string): Promise<CatalogueView> {
  let cached = catalogues.get(frameworkId);
  if (cached === undefined) {
    cached = getCatalogue(frameworkId);
    catalogues.set(frameworkId, cached);
    cached.catch(() => catalogues.delete(frameworkId));
  }
  return cached;
}

/** Forgets the catalogues read so far (for tests). */
export function clearCatalogueCache(): void {
  catalogues.clear();
}

/** Everything a page is given. */
export interface PageContext {
  /** Start-up information; `info.user` is updated when the person says who they are. */
  info: AppInfo;
  navigate(path: string): void;
  /**
   * Where the "you" page continues to once the person has said who they are:
   * the page they were going to (first start) or were on (changing).
   */
  returnTo?: string | null;
}

/** A rendered page: its heading (for the window title), content and back link. */
export interface PageView {
  heading: string;
  content: Node;
  backLink?: HTMLElement | null;
  /** What takes focus once the page is shown; the page's h1 when not given. */
  focus?: HTMLElement | null;
  /** Whether the page opens showing errors (the title then starts "Error: "). */
  hasErrors?: boolean;
}

/** "<heading> – Prevent Self-Assessment", with "Error: " first while a form shows errors. */
export function documentTitle(heading: string, hasErrors = false): string {
  return `${hasErrors ? "Error: " : ""}${heading} – ${SERVICE_NAME}`;
}

/** "Sam Lee (Safeguarding lead)", as the audit trail shows who made a change. */
export function actorWithRole(name: string, role: string): string {
  return role.trim() === "" ? name : `${name} (${role})`;
}
