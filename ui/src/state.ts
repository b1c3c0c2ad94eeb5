// What the app keeps between pages: the start-up information and the
// catalogues it has read (they never change while the app runs).

import { SERVICE_NAME } from "./components/layout";
import { getCatalogue, type AppInfo, type CatalogueView } from "./ipc/api";

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
  info: AppInfo;
  navigate(path: string): void;
}

/** A rendered page: its heading (for the window title), content and back link. */
export interface PageView {
  heading: string;
  content: Node;
  backLink?: HTMLElement | null;
}

/** "<heading> – Prevent Self-Assessment", with "Error: " first while a form shows errors. */
export function documentTitle(heading: string, hasErrors = false): string {
  return `${hasErrors ? "Error: " : ""}${heading} – ${SERVICE_NAME}`;
}
