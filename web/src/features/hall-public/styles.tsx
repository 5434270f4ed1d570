/**
 * The look of the hall's public screens. The kiosk and the board are sized from the screen's
 * height (`vh`), so one layout fills a 1366×860 and a 1920×1080 screen alike without scrolling;
 * the ticket page is a phone page. The kiosk's printed ticket is an 80 mm slip: only the slip
 * reaches the paper.
 */

const cjk = `-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", Arial, sans-serif`;
const digits = `"DIN Alternate", "Bahnschrift", "Roboto Condensed", "Helvetica Neue", Arial, ${cjk}`;

const indexCss = `
.hi-page { min-height: 100vh; display: flex; flex-direction: column; background: #f3f5f9; }
.hi-header { background: #0f2f5c; color: #fff; }
.hi-header-inner { max-width: 1120px; margin: 0 auto; padding: 10px 16px; display: flex; align-items: center; gap: 10px; box-sizing: border-box; }
.hi-brand { margin-right: auto; line-height: 1.2; }
.hi-brand-name { font-size: 18px; font-weight: 600; letter-spacing: 1px; }
.hi-brand-sub { font-size: 12px; opacity: 0.75; }
.hi-main { flex: 1; width: 100%; max-width: 1120px; margin: 0 auto; padding: 20px 16px 40px; box-sizing: border-box; }
.hi-title.ant-typography { font-size: 22px; margin: 0 0 4px; }
.hi-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 16px; }
.hi-card .ant-card-body { display: flex; flex-direction: column; gap: 10px; height: 100%; box-sizing: border-box; }
.hi-card-head { display: flex; align-items: flex-start; justify-content: space-between; gap: 8px; }
.hi-card-title.ant-typography { font-size: 18px; margin: 0; }
.hi-facts { list-style: none; margin: 0; padding: 0; color: #4a5a70; font-size: 14px; line-height: 1.7; flex: 1; }
.hi-facts .anticon { color: #1f5fbf; margin-right: 4px; }
.hi-links { display: grid; grid-template-columns: repeat(3, 1fr); gap: 8px; }
.hi-link { display: flex; flex-direction: column; align-items: center; text-align: center; gap: 4px; padding: 10px 6px; border: 1px solid #d6e0ef; border-radius: 8px; color: #0f2f5c; background: #f7faff; transition: border-color .15s, background .15s; }
.hi-link:hover, .hi-link:focus-visible { border-color: #1f5fbf; background: #eaf2ff; color: #0f2f5c; }
.hi-link-icon { font-size: 22px; color: #1f5fbf; }
.hi-link-label { display: block; font-weight: 600; font-size: 15px; }
.hi-link-hint { display: block; font-size: 12px; color: #5b6b82; }
.hi-footer { text-align: center; color: #5b6b82; font-size: 12px; padding: 16px 16px 24px; }
@media (max-width: 420px) { .hi-grid { grid-template-columns: 1fr; } }
`;

const kioskCss = `
.hk-screen { height: 100vh; min-height: 560px; display: flex; flex-direction: column; overflow: hidden; box-sizing: border-box;
  font-family: ${cjk}; font-size: clamp(15px, 2.2vh, 28px); color: #0f2340; user-select: none; -webkit-user-select: none;
  background: linear-gradient(160deg, #e8f0fc 0%, #f6f9fe 55%, #e4edf9 100%); }
.hk-header { flex: none; display: flex; align-items: center; gap: 0.8em; padding: 0.7em 1.6em; background: #0f2f5c; color: #fff; box-shadow: 0 2px 12px rgba(15,47,92,.25); }
.hk-header img { width: 2.4em; height: 2.4em; }
.hk-header-name { margin-right: auto; min-width: 0; line-height: 1.25; }
.hk-center { font-size: 1.6em; font-weight: 700; letter-spacing: 0.06em; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.hk-header-sub { font-size: 0.9em; opacity: 0.8; letter-spacing: 0.1em; }
.hk-clock { font-family: ${digits}; font-size: 2em; font-weight: 600; font-variant-numeric: tabular-nums; }
.hk-lang { zoom: 1.3; }
.hk-main { flex: 1; min-height: 0; display: flex; flex-direction: column; padding: 1.1em 2.2em 1.2em; gap: 0.9em; box-sizing: border-box; }
.hk-title { flex: none; margin: 0; font-size: 1.8em; font-weight: 700; text-align: center; letter-spacing: 0.08em; color: #0f2f5c; }
.hk-lead { margin: -0.4em 0 0; text-align: center; font-size: 1.1em; color: #3b4d66; }
.hk-alert.ant-alert { flex: none; font-size: 1.25em; padding: 0.6em 1em; border-radius: 12px; }
.hk-alert .ant-alert-icon { font-size: 1.3em; }
.hk-alert .ant-alert-title { font-size: 1em; }
.hk-loading { margin: auto; }

.hk-classes { flex: 1; min-height: 0; display: grid; gap: 1em; grid-template-columns: repeat(3, 1fr); grid-auto-rows: minmax(0, 1fr); max-height: 27em; }
.hk-classes-1, .hk-classes-2, .hk-classes-4 { grid-template-columns: repeat(2, 1fr); }
.hk-classes-7, .hk-classes-8, .hk-classes-9 { max-height: none; }
.hk-class { display: flex; align-items: center; gap: 0.8em; padding: 0.8em 1.2em; min-height: 5em; border: 0; border-radius: 18px; cursor: pointer; text-align: left; font: inherit; color: #fff;
  background: linear-gradient(145deg, #1f6fd6, #1450a8); box-shadow: 0 6px 16px rgba(20,80,168,.28), inset 0 1px 0 rgba(255,255,255,.2); transition: transform .08s, box-shadow .08s, filter .15s; }
.hk-class:nth-child(6n+2) { background: linear-gradient(145deg, #12a087, #0b7a68); box-shadow: 0 6px 16px rgba(11,122,104,.28); }
.hk-class:nth-child(6n+3) { background: linear-gradient(145deg, #e58a17, #c46a06); box-shadow: 0 6px 16px rgba(196,106,6,.28); }
.hk-class:nth-child(6n+4) { background: linear-gradient(145deg, #8a4fd3, #6a34b0); box-shadow: 0 6px 16px rgba(106,52,176,.28); }
.hk-class:nth-child(6n+5) { background: linear-gradient(145deg, #d8505e, #b3343f); box-shadow: 0 6px 16px rgba(179,52,63,.28); }
.hk-class:nth-child(6n+6) { background: linear-gradient(145deg, #3f7f9d, #2b6079); box-shadow: 0 6px 16px rgba(43,96,121,.28); }
.hk-class:active:not(:disabled) { transform: scale(0.97); }
.hk-class:disabled { cursor: default; filter: saturate(0.5) brightness(0.95); }
.hk-class:focus-visible { outline: 4px solid #ffc53d; outline-offset: 3px; }
.hk-class-code { flex: none; width: 2.1em; height: 2.1em; border-radius: 50%; display: flex; align-items: center; justify-content: center;
  font-family: ${digits}; font-size: 2.3em; font-weight: 700; background: rgba(255,255,255,.18); border: 2px solid rgba(255,255,255,.55); }
.hk-class-code .ant-spin-dot-item { background: #fff; }
.hk-class-text { display: flex; flex-direction: column; min-width: 0; gap: 0.15em; }
.hk-class-name { font-size: 1.55em; font-weight: 700; line-height: 1.25; letter-spacing: 0.04em; }
.hk-class-en { font-size: 1em; opacity: 0.92; line-height: 1.2; }
.hk-class-waiting { font-size: 0.95em; opacity: 0.88; }

.hk-bottom { flex: none; display: flex; align-items: center; gap: 1.4em; padding: 0.9em 1.2em; border-radius: 16px; background: #fff; box-shadow: 0 2px 10px rgba(15,47,92,.08); }
.hk-hints { font-size: 1em; line-height: 1.5; color: #3b4d66; }
.hk-green { margin-top: 0.2em; color: #237804; font-weight: 600; }
.hk-button { display: inline-flex; align-items: center; justify-content: center; gap: 0.5em; min-height: 2.9em; padding: 0 1.4em; border-radius: 14px; font: inherit; font-size: 1.3em; font-weight: 700;
  cursor: pointer; border: 2px solid transparent; letter-spacing: 0.06em; transition: transform .08s; }
.hk-button:active:not(:disabled) { transform: scale(0.97); }
.hk-button:disabled { opacity: 0.6; cursor: default; }
.hk-button-primary { background: #1f5fbf; color: #fff; }
.hk-button-ghost { background: #fff; color: #1f5fbf; border-color: #1f5fbf; }
.hk-button-checkin { flex: none; background: #fff7e6; color: #ad4e00; border-color: #fa8c16; min-width: 8em; }
.hk-button .ant-spin-dot-item { background: #fff; }

.hk-checkin { flex: 1; min-height: 0; display: flex; flex-direction: column; align-items: center; gap: 0.8em; }
.hk-input.ant-input { width: min(100%, 23em); font-family: ${digits}; font-size: 2em; height: 1.9em; text-align: center; letter-spacing: 0.12em; border-radius: 14px; border-width: 2px; }
.hk-keys { display: flex; flex-direction: column; align-items: center; gap: 0.45em; }
.hk-key-row { display: flex; gap: 0.45em; }
.hk-key { width: 3.3em; height: 2.7em; border-radius: 10px; border: 1px solid #b8c7de; background: #fff; font: inherit; font-size: 1.25em; font-weight: 700; color: #0f2340;
  font-family: ${digits}; cursor: pointer; box-shadow: 0 2px 0 #c9d5e6; }
.hk-key:active { background: #e6efff; transform: translateY(1px); box-shadow: none; }
.hk-key-wide { width: auto; min-width: 3.3em; padding: 0 0.7em; font-family: ${cjk}; color: #1f5fbf; }
.hk-actions { display: flex; gap: 1.2em; margin-top: 0.2em; }
.hk-actions .hk-button { min-width: 8em; }

.hk-ticket-layout { flex: 1; min-height: 0; display: flex; align-items: center; justify-content: center; gap: 3em; }
.hk-slip { flex: none; width: 21em; max-height: 100%; box-sizing: border-box; padding: 1em 1.4em 0.9em; background: #fff; color: #000; border-radius: 6px; text-align: center;
  box-shadow: 0 10px 30px rgba(15,47,92,.22); border-top: 6px solid #1f5fbf; display: flex; flex-direction: column; align-items: center; gap: 0.3em; overflow: hidden; }
.hk-slip-center { font-size: 1.05em; font-weight: 700; letter-spacing: 0.05em; }
.hk-slip-class { font-size: 1.1em; display: flex; align-items: center; gap: 0.4em; flex-wrap: wrap; justify-content: center; }
.hk-slip-tag.ant-tag { font-size: 0.85em; line-height: 1.6; margin: 0; }
.hk-slip-slot { font-size: 0.95em; font-weight: 600; color: #1f5fbf; }
.hk-slip-label { margin-top: 0.2em; font-size: 0.9em; color: #555; }
.hk-slip-number { font-family: ${digits}; font-size: 5.2em; font-weight: 800; line-height: 1; letter-spacing: 0.03em; color: #0f2f5c; }
.hk-slip-ahead { font-size: 1.15em; font-weight: 600; }
.hk-slip-qr { display: flex; flex-direction: column; align-items: center; gap: 0.2em; margin-top: 0.2em; }
.hk-slip-qr img, .hk-slip-qr > span { width: 7.2em !important; height: 7.2em !important; }
.hk-slip-scan { font-size: 0.85em; color: #333; }
.hk-slip-time { font-size: 0.85em; color: #333; font-variant-numeric: tabular-nums; }
.hk-slip-note { font-size: 0.75em; color: #666; border-top: 1px dashed #bbb; padding-top: 0.4em; width: 100%; }
.hk-ticket-side { display: flex; flex-direction: column; align-items: stretch; gap: 0.9em; width: 17em; }
.hk-ticket-ok { font-size: 1.8em; font-weight: 700; color: #237804; display: flex; align-items: center; gap: 0.4em; }
.hk-ticket-hint { margin: 0; font-size: 1.05em; line-height: 1.6; color: #3b4d66; }
.hk-countdown { text-align: center; color: #5b6b82; font-size: 1em; font-variant-numeric: tabular-nums; }

@media (max-width: 1100px) {
  .hk-main { padding: 1em 1.2em; }
  .hk-ticket-layout { gap: 1.5em; }
}
@media (max-aspect-ratio: 1/1) {
  .hk-classes { grid-template-columns: repeat(2, 1fr); max-height: none; }
  .hk-ticket-layout { flex-direction: column; }
  .hk-bottom { flex-direction: column; align-items: stretch; }
}

/* Letter-spacing suits Chinese headings, not English words. */
html[lang='en'] .hk-screen * { letter-spacing: normal !important; }

@page { size: 80mm 150mm; margin: 4mm 4mm; }
@media print {
  html, body { background: #fff !important; }
  .hk-no-print { display: none !important; }
  .hk-screen { height: auto; min-height: 0; overflow: visible; background: #fff; display: block; font-size: 11pt; }
  .hk-main, .hk-ticket-layout { display: block; padding: 0; height: auto; }
  .hk-slip { width: 72mm; max-height: none; margin: 0; padding: 0; box-shadow: none; border: 0; border-radius: 0; gap: 1.5mm; font-size: 10.5pt; }
  .hk-slip-center { font-size: 12pt; }
  .hk-slip-class { font-size: 11pt; }
  .hk-slip-number { font-size: 40pt; color: #000; }
  .hk-slip-ahead { font-size: 11pt; }
  .hk-slip-slot { color: #000; }
  .hk-slip-qr img, .hk-slip-qr > span { width: 28mm !important; height: 28mm !important; }
  .hk-slip-tag.ant-tag { border: 1px solid #000; color: #000; background: #fff; }
}
`;

const boardCss = `
.hb-screen { position: fixed; inset: 0; overflow: hidden; display: grid; grid-template-columns: minmax(0, 1fr); grid-template-rows: auto minmax(0, 1fr) auto; gap: 1.6vh; box-sizing: border-box; padding: 1.6vh 2vw 1.2vh;
  font-family: ${cjk}; font-size: 2vh; color: #e6eefc; cursor: default;
  background: radial-gradient(ellipse at 20% 0%, #12305e 0%, #081a36 55%, #050f22 100%); }
.hb-screen-message { display: flex; align-items: center; justify-content: center; }
.hb-screen .ant-result-title, .hb-message { color: #e6eefc; }
.hb-header { display: flex; align-items: center; gap: 1.4vw; padding-bottom: 1.2vh; border-bottom: 2px solid rgba(120,170,255,.25); }
.hb-logo { width: 6vh; height: 6vh; }
.hb-heading { margin-right: auto; min-width: 0; }
.hb-center { font-size: 4.2vh; font-weight: 800; letter-spacing: 0.12em; line-height: 1.15; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; color: #fff; }
.hb-sub { font-size: 2vh; color: #8fb3ea; letter-spacing: 0.3em; }
.hb-clock { text-align: right; line-height: 1.1; }
.hb-time { font-family: ${digits}; font-size: 5.2vh; font-weight: 700; font-variant-numeric: tabular-nums; color: #fff; }
.hb-date { font-size: 1.9vh; color: #8fb3ea; }

.hb-main { display: grid; grid-template-columns: minmax(0, 1.3fr) minmax(0, 1fr) minmax(0, 1fr); gap: 1.6vw; min-height: 0; }
.hb-col { min-height: 0; display: flex; flex-direction: column; gap: 1.6vh; }
.hb-panel { background: rgba(18,44,88,.55); border: 1px solid rgba(120,170,255,.22); border-radius: 1.4vh; padding: 1.4vh 1.2vw; min-height: 0; overflow: hidden; display: flex; flex-direction: column; }
.hb-panel-title { font-size: 2.5vh; font-weight: 700; color: #8fc1ff; letter-spacing: 0.2em; margin-bottom: 1vh; flex: none; }

.hb-latest { flex: 1.25; min-height: 0; display: flex; flex-direction: column; border-radius: 1.4vh; padding: 1.4vh 1.4vw; overflow: hidden;
  background: linear-gradient(150deg, rgba(255,196,46,.2), rgba(255,140,0,.08)); border: 2px solid rgba(255,196,46,.6); box-shadow: 0 0 4vh rgba(255,170,0,.15) inset; }
.hb-latest .hb-panel-title { color: #ffd666; }
.hb-latest-body { flex: 1; min-height: 0; display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 0.6vh; animation: hb-flash 1.2s ease-out 3; }
.hb-latest-number { font-family: ${digits}; font-size: min(15vh, 10vw); font-weight: 800; line-height: 1; color: #ffd24d; letter-spacing: 0.04em; text-shadow: 0 0 3vh rgba(255,196,46,.45); font-variant-numeric: tabular-nums; }
.hb-latest-window { font-size: min(7.4vh, 4.6vw); font-weight: 800; color: #fff; line-height: 1.1; display: flex; align-items: center; gap: 1vw; white-space: nowrap; }
.hb-arrow { color: #ffd24d; font-size: 0.8em; }
.hb-latest-text { font-size: 2.6vh; color: #ffe7a3; text-align: center; }
.hb-latest-none { flex: 1; display: flex; align-items: center; justify-content: center; font-size: 4vh; color: #6f8fbf; }
@keyframes hb-flash { 0% { opacity: .35; transform: scale(.96); } 35% { opacity: 1; transform: scale(1.03); } 100% { transform: scale(1); } }

.hb-waiting { flex: 1; }
.hb-classes { flex: 1; min-height: 0; display: grid; grid-template-columns: repeat(3, 1fr); grid-auto-rows: minmax(0, 1fr); gap: 1vh 0.8vw; }
.hb-classes-1, .hb-classes-2, .hb-classes-4 { grid-template-columns: repeat(2, 1fr); }
.hb-class { display: grid; grid-template-columns: auto 1fr; grid-template-rows: auto auto; column-gap: 0.6vw; align-items: center; padding: 0.8vh 0.7vw; min-height: 0; overflow: hidden;
  border-radius: 1vh; background: rgba(255,255,255,.06); border: 1px solid rgba(120,170,255,.18); }
.hb-class-code { grid-row: 1 / span 2; width: 5vh; height: 5vh; border-radius: 50%; display: flex; align-items: center; justify-content: center; background: #1f5fbf; color: #fff;
  font-family: ${digits}; font-size: 3vh; font-weight: 800; }
.hb-class-name { font-size: 1.8vh; line-height: 1.25; color: #b9cdee; min-width: 0; overflow: hidden; display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; line-clamp: 2; word-break: break-word; }
.hb-class-count { font-family: ${digits}; font-size: 4.2vh; font-weight: 800; color: #fff; line-height: 1.05; font-variant-numeric: tabular-nums; }
.hb-class-unit { font-family: ${cjk}; font-size: 2vh; font-weight: 400; color: #8fb3ea; margin-left: 0.3vw; }

.hb-tables { display: grid; grid-auto-flow: column; grid-auto-columns: minmax(0, 1fr); gap: 1vw; min-height: 0; }
.hb-table { width: 100%; border-collapse: collapse; table-layout: fixed; }
.hb-tables-dense .hb-table td { font-size: 3vh; padding: 0.5vh 0.5vw; }
.hb-tables-dense .hb-table th { padding-left: 0.5vw; padding-right: 0.5vw; }
.hb-table th { font-size: 2.1vh; font-weight: 400; color: #8fb3ea; text-align: left; padding: 0 0.8vw 0.8vh; border-bottom: 1px solid rgba(120,170,255,.3); }
.hb-table td { font-size: 3.6vh; font-weight: 700; padding: 0.55vh 0.8vw; border-bottom: 1px solid rgba(120,170,255,.12); line-height: 1.25; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.hb-table-number { font-family: ${digits}; color: #ffd24d; letter-spacing: 0.04em; font-variant-numeric: tabular-nums; }
.hb-row-latest td { background: rgba(255,196,46,.16); }
.hb-empty { color: #6f8fbf; font-size: 2.4vh; padding-top: 2vh; text-align: center; }

.hb-recent { list-style: none; margin: 0; padding: 0; flex: 1; min-height: 0; display: grid; grid-template-rows: repeat(10, minmax(0, 1fr)); }
.hb-recent li { display: grid; grid-template-columns: minmax(0, 1fr) auto; align-content: center; column-gap: 0.6vw; padding: 0 0.4vw; min-height: 0; overflow: hidden; border-bottom: 1px solid rgba(120,170,255,.12); }
.hb-recent-number { font-family: ${digits}; font-size: 2.8vh; font-weight: 800; color: #fff; line-height: 1.1; font-variant-numeric: tabular-nums; }
.hb-recent-window { font-size: 2.6vh; font-weight: 700; color: #ffd24d; text-align: right; align-self: center; white-space: nowrap; }
.hb-recent-meta { grid-column: 1 / span 2; display: flex; justify-content: space-between; gap: 0.6vw; font-size: 1.55vh; color: #7f9cc8; line-height: 1.2; }
.hb-recent-class { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; min-width: 0; }
.hb-recent-time { font-variant-numeric: tabular-nums; }
.hb-recent-first .hb-recent-number { color: #ffd24d; }

.hb-footer { position: relative; display: flex; align-items: center; gap: 1.2vw; padding-top: 1vh; border-top: 2px solid rgba(120,170,255,.25); }
.hb-notice { flex: 1; min-width: 0; font-size: 2.1vh; color: #b9cdee; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.hb-controls { display: flex; align-items: center; gap: 0.8vw; flex: none; }
.hb-speech { display: inline-flex; align-items: center; gap: 0.4em; font: inherit; font-size: 1.8vh; padding: 0.5vh 0.9vw; border-radius: 999px; cursor: pointer;
  color: #b7eb8f; background: rgba(82,196,26,.12); border: 1px solid rgba(82,196,26,.5); }
.hb-speech-off { color: #fff; background: #d46b08; border-color: #fa8c16; font-weight: 700; font-size: 2.1vh; padding: 0.8vh 1.2vw; animation: hb-pulse 2s ease-in-out infinite; }
.hb-speech-none { cursor: default; color: #8fb3ea; background: transparent; border-color: rgba(120,170,255,.3); }
@keyframes hb-pulse { 50% { box-shadow: 0 0 0 0.8vh rgba(250,140,22,.25); } }
.hb-connection { display: inline-flex; align-items: center; gap: 0.4em; font-size: 1.8vh; padding: 0.5vh 0.9vw; border-radius: 999px; white-space: nowrap; }
.hb-connection-open { color: #95de64; background: rgba(82,196,26,.12); }
.hb-connection-reconnecting { color: #ffc069; background: rgba(250,140,22,.16); }
.hb-lang .ant-segmented { background: rgba(255,255,255,.12); }
.hb-lang .ant-segmented-item { color: #b9cdee; }
.hb-lang .ant-segmented-item-selected { color: #0f2340; }
/* Letter-spacing suits Chinese headings, not English words. */
html[lang='en'] .hb-screen * { letter-spacing: normal !important; }
/* Read by screen readers and browser tests; not meant for the hall. */
.hb-spoken { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;

const ticketCss = `
.ht-page { min-height: 100vh; background: #f3f5f9; display: flex; flex-direction: column; }
.ht-header { display: flex; align-items: center; gap: 8px; padding: 10px 16px; background: #0f2f5c; color: #fff; }
.ht-brand { margin-right: auto; font-size: 17px; font-weight: 600; letter-spacing: 1px; }
.ht-main { width: 100%; max-width: 520px; margin: 0 auto; padding: 16px; box-sizing: border-box; }
.ht-card { background: #fff; border-radius: 14px; padding: 20px 18px; box-shadow: 0 2px 12px rgba(15,47,92,.08); display: flex; flex-direction: column; align-items: center; gap: 8px; text-align: center; }
.ht-center { font-size: 15px; font-weight: 600; color: #0f2f5c; }
.ht-class { font-size: 15px; color: #4a5a70; }
.ht-number { font-family: ${digits}; font-size: 68px; line-height: 1.05; font-weight: 800; color: #0f2f5c; letter-spacing: 1px; font-variant-numeric: tabular-nums; }
.ht-status.ant-tag { font-size: 15px; padding: 2px 14px; margin: 0; }
.ht-state { width: 100%; box-sizing: border-box; margin-top: 6px; padding: 14px 12px; border-radius: 12px; background: #f0f5ff; color: #0f2f5c; font-size: 16px; line-height: 1.5; }
.ht-state-label { font-size: 15px; color: #4a5a70; }
.ht-state-big { font-size: 34px; font-weight: 800; line-height: 1.2; }
.ht-state-next { font-size: 26px; }
.ht-state-unit { font-size: 17px; font-weight: 400; margin-left: 4px; }
.ht-state-hint { margin-top: 6px; font-size: 14px; color: #4a5a70; }
.ht-state-called { background: #fff7e6; border: 2px solid #fa8c16; color: #ad4e00; }
.ht-state-called .ht-state-label { color: #ad4e00; font-weight: 600; }
.ht-state-serving { background: #f6ffed; color: #237804; }
.ht-state-serving .ht-state-big { font-size: 24px; }
.ht-state-done { background: #f5f5f5; color: #4a5a70; }
.ht-state-noshow { background: #fff1f0; color: #a8071a; }
.ht-facts { display: grid; grid-template-columns: auto 1fr; gap: 4px 12px; margin: 6px 0 4px; font-size: 14px; text-align: left; width: 100%; }
.ht-facts dt { color: #5b6b82; }
.ht-facts dd { margin: 0; font-variant-numeric: tabular-nums; }
.ht-stale.ant-alert { width: 100%; text-align: left; }
.ht-auto { font-size: 12px; color: #8090a8; }
`;

export function HallIndexStyles() {
  return <style>{indexCss}</style>;
}

export function KioskStyles() {
  return <style>{kioskCss}</style>;
}

export function BoardStyles() {
  return <style>{boardCss}</style>;
}

export function TicketStyles() {
  return <style>{ticketCss}</style>;
}
