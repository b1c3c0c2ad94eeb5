/// <reference types="vitest/config" />
import { defineConfig } from "vite";

// The app runs inside a Tauri window with a strict CSP (script-src 'self';
// style-src 'self'), so the build must emit external files only: no inline
// scripts (the module-preload polyfill is one), no inline styles.
export default defineConfig({
  base: "/",
  clearScreen: false,
  server: { strictPort: true, port: 5173 },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    modulePreload: { polyfill: false },
    // Emit every asset (the icons nhsuk-frontend's CSS refers to) as a file
    // served from the app itself rather than inlining it as a data: URL.
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    sourcemap: false,
  },
  css: {
    preprocessorOptions: {
      scss: {
        // nhsuk-frontend's own deprecation notices are not ours to fix.
        quietDeps: true,
      },
    },
  },
  test: {
    environment: "jsdom",
    include: ["tests/**/*.test.ts"],
    restoreMocks: true,
  },
});
