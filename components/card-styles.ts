/**
 * Styles for everything we render in the page (card, and later the selection toolbar),
 * adopted by our closed shadow root. `:host` rules are !important because the page's own
 * rules for our host element would otherwise win the cascade.
 */
export const IN_PAGE_CSS = `
:host {
  all: initial !important;
  position: fixed !important;
  inset: 0 auto auto 0 !important;
  width: 0 !important;
  height: 0 !important;
  margin: 0 !important;
  padding: 0 !important;
  border: 0 !important;
  background: transparent !important;
  overflow: visible !important;
  pointer-events: none !important;
  z-index: 2147483647 !important;
}
:host(:not(:popover-open)) { display: none !important; }
.layer {
  --bg: #ffffff; --fg: #1c1d21; --muted: #5b5f6b; --line: #e3e5ea; --chip: #eef1f6; --accent: #2456c7;
  --shadow: 0 10px 30px rgb(15 23 42 / 0.18), 0 2px 6px rgb(15 23 42 / 0.12);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--fg);
  -webkit-font-smoothing: antialiased;
}
@media (prefers-color-scheme: dark) {
  .layer { --bg: #1f2229; --fg: #eceef3; --muted: #a4a9b6; --line: #343843; --chip: #2c313b; --accent: #8ab4ff;
    --shadow: 0 10px 30px rgb(0 0 0 / 0.5), 0 2px 6px rgb(0 0 0 / 0.4); }
}
.card {
  position: fixed; top: 0; left: 0;
  box-sizing: border-box; width: min(340px, calc(100vw - 16px)); max-height: min(70vh, 480px); overflow: auto;
  padding: 12px 14px 10px; border-radius: 10px; border: 1px solid var(--line);
  background: var(--bg); color: var(--fg); box-shadow: var(--shadow);
  pointer-events: auto; text-align: left; direction: ltr;
}
.card header { display: flex; align-items: flex-start; gap: 10px; }
.flag { font-size: 26px; line-height: 1; margin-top: 1px; }
.flag .code { display: inline-block; font-size: 11px; font-weight: 700; letter-spacing: 0.04em; line-height: 1; padding: 4px 5px;
  border: 1px solid var(--line); border-radius: 4px; color: var(--muted); }
.titles { flex: 1; min-width: 0; }
.name { margin: 0; font-size: 16px; font-weight: 650; line-height: 1.25; }
.kind { display: inline-block; margin-top: 3px; font-size: 11px; letter-spacing: 0.04em; text-transform: uppercase; color: var(--muted); }
.close { all: unset; cursor: pointer; width: 24px; height: 24px; margin: -4px -6px 0 0; border-radius: 6px;
  display: grid; place-items: center; font-size: 18px; color: var(--muted); }
.close:hover { background: var(--chip); color: var(--fg); }
.close:focus-visible, a:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
.via { margin: 8px 0 0; font-size: 13px; font-style: italic; color: var(--muted); }
.description { margin: 8px 0 0; }
.roles h3 { margin: 10px 0 2px; font-size: 11px; font-weight: 600; letter-spacing: 0.04em; text-transform: uppercase; color: var(--muted); }
.roles ul, .relations { list-style: none; margin: 0; padding: 0; }
.roles li, .relations li { margin: 2px 0; }
.role-title { font-weight: 550; }
.role-when, .role-of { color: var(--muted); }
.relations { margin-top: 8px; color: var(--muted); font-size: 13px; }
.chips { display: flex; flex-wrap: wrap; gap: 4px; align-items: center; margin-top: 10px; }
.chips-label { font-size: 11px; letter-spacing: 0.04em; text-transform: uppercase; color: var(--muted); margin-right: 2px; }
.chip { font-size: 12px; padding: 1px 7px; border-radius: 999px; background: var(--chip); }
footer { margin-top: 10px; padding-top: 8px; border-top: 1px solid var(--line); display: flex; flex-wrap: wrap; gap: 4px 12px;
  align-items: baseline; justify-content: space-between; font-size: 12px; }
.links { display: flex; flex-wrap: wrap; gap: 10px; }
.links a { color: var(--accent); text-decoration: none; }
.links a:hover { text-decoration: underline; }
.checked { margin: 0; color: var(--muted); }
.status { margin: 0; color: var(--muted); }
.note-text { white-space: pre-wrap; }

/* The selection toolbar and its note form. */
.toolbar {
  position: fixed; top: 0; left: 0; pointer-events: auto; box-sizing: border-box;
  display: flex; gap: 6px; align-items: center; padding: 6px; border-radius: 9px;
  border: 1px solid var(--line); background: var(--bg); color: var(--fg); box-shadow: var(--shadow);
  max-width: min(360px, calc(100vw - 16px));
}
.toolbar.form { flex-direction: column; align-items: stretch; gap: 8px; padding: 10px; width: min(340px, calc(100vw - 16px)); }
.toolbar button { font: inherit; font-size: 13px; cursor: pointer; border-radius: 6px; padding: 4px 10px;
  border: 1px solid var(--line); background: var(--chip); color: var(--fg); }
.toolbar button:hover { filter: brightness(0.96); }
.toolbar button.primary { background: var(--accent); border-color: var(--accent); color: var(--bg); font-weight: 600; }
.toolbar button:focus-visible, .toolbar textarea:focus-visible, .toolbar input:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
.toolbar label { display: flex; flex-direction: column; gap: 3px; }
.toolbar .label { font-size: 11px; letter-spacing: 0.04em; text-transform: uppercase; color: var(--muted); }
.toolbar textarea, .toolbar input { font: inherit; font-size: 13px; color: var(--fg); background: var(--bg);
  border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; resize: vertical; }
.toolbar .actions { display: flex; gap: 6px; justify-content: flex-end; flex-wrap: wrap; }
.toolbar .message { margin: 0; font-size: 13px; max-width: 320px; }
.toolbar .message.error { color: #b42318; }
@media (prefers-color-scheme: dark) { .toolbar .message.error { color: #ff8a80; } }
`;
