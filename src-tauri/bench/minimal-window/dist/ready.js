// Says the page is shown, one frame after it is, as the app's main.ts does.
requestAnimationFrame(() => {
  window.__TAURI_INTERNALS__.invoke("first_screen_shown").catch(() => undefined);
});
