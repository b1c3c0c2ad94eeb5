// The two calls tests/styles.test.ts makes, typed here rather than through
// @types/node, whose globals (setTimeout returning a Timeout, for one) would
// change how the window's own code type-checks.
declare module "node:fs" {
  export function readFileSync(path: string, encoding: "utf8"): string;
  export function readdirSync(path: string): string[];
}
