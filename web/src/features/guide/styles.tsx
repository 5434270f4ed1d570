/**
 * The guide's own CSS: what inline styles cannot say — narrow screens, the flowchart's arrows,
 * and the printed A4 page (@page, @media print). Rendered once by the guide's layout and by the
 * print views, which sit outside that layout.
 */

const css = `
.gd-page { max-width: 1120px; margin: 0 auto; padding: 20px 24px 48px; box-sizing: border-box; }
.gd-header { background: #0f2f5c; color: #fff; }
.gd-header-inner { max-width: 1120px; margin: 0 auto; padding: 10px 24px; display: flex; align-items: center; gap: 12px; flex-wrap: wrap; box-sizing: border-box; }
.gd-brand { display: flex; align-items: center; gap: 10px; color: #fff; text-decoration: none; margin-right: auto; }
.gd-brand:hover { color: #fff; }
.gd-brand-name { font-size: 18px; font-weight: 600; letter-spacing: 1px; line-height: 1.2; }
.gd-brand-sub { font-size: 12px; opacity: 0.75; }
.gd-header-tools { display: flex; align-items: center; gap: 12px; }
.gd-header a.gd-staff { color: #cfe0ff; font-size: 13px; white-space: nowrap; }
.gd-header a.gd-staff:hover { color: #fff; }
.gd-hero { background: linear-gradient(160deg, #e8f0fc 0%, #f3f5f9 60%, #fdf3e7 100%); padding: 28px 0 20px; }
.gd-hero h1 { margin: 0 0 4px; font-size: 28px; }
.gd-search .ant-input-affix-wrapper, .gd-search input { font-size: 18px; }
.gd-filters { display: flex; flex-wrap: wrap; gap: 12px 16px; align-items: center; margin-top: 14px; }
.gd-filters .ant-select { min-width: 160px; }
.gd-grid { display: grid; grid-template-columns: minmax(0, 1fr) 320px; gap: 24px; align-items: start; }
.gd-result { display: block; background: #fff; border: 1px solid #e3e8ef; border-radius: 8px; padding: 14px 16px; margin-bottom: 10px; color: inherit; }
.gd-result:hover { border-color: #1f5fbf; box-shadow: 0 2px 10px rgba(31, 95, 191, 0.10); color: inherit; }
.gd-result-name { font-size: 17px; font-weight: 600; color: #1f5fbf; margin: 0 0 6px; }
.gd-meta { color: #5b6b82; font-size: 13px; }
.gd-tags { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
.gd-tags .ant-tag { margin: 0; }
.gd-bundle { display: block; padding: 10px 0; border-bottom: 1px dashed #e3e8ef; color: inherit; }
.gd-bundle:last-child { border-bottom: none; }
.gd-bundle-name { font-weight: 600; color: #1f5fbf; }
.gd-title h1 { margin: 0; font-size: 26px; line-height: 1.35; }
.gd-facts { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 10px; margin: 16px 0 8px; }
.gd-fact { background: #fff; border: 1px solid #e3e8ef; border-radius: 8px; padding: 10px 12px; }
.gd-fact-label { font-size: 12px; color: #5b6b82; }
.gd-fact-value { font-size: 16px; font-weight: 600; margin-top: 2px; }
.gd-fact-note { font-size: 12px; color: #5b6b82; margin-top: 2px; }
.gd-fact.good .gd-fact-value { color: #237804; }
.gd-section { background: #fff; border: 1px solid #e3e8ef; border-radius: 8px; padding: 16px 20px; margin-top: 16px; }
.gd-h2 { font-size: 18px; margin: 0 0 12px; padding-left: 10px; border-left: 4px solid #1f5fbf; line-height: 1.3; }
.gd-text { white-space: pre-wrap; line-height: 1.75; margin: 0; }
.gd-skip { color: #5b6b82; }
.ant-table-wrapper .ant-table-tbody > tr.gd-skip > td { background: #f6ffed; }
.gd-skip .gd-mat-name { text-decoration: none; color: #5b6b82; }
.gd-mat-name { font-weight: 600; }
.gd-mat-card { border: 1px solid #e3e8ef; border-radius: 8px; padding: 10px 12px; margin-bottom: 8px; }
.gd-mat-card.gd-skip { background: #f6ffed; border-color: #d9f7be; }
.gd-flow { list-style: none; margin: 0 auto; padding: 0; display: flex; flex-direction: column; align-items: stretch; max-width: 640px; }
.gd-flow > li { position: relative; margin: 0 0 26px; }
.gd-flow > li:not(:last-child)::after { content: ''; position: absolute; left: 50%; bottom: -22px; width: 2px; height: 16px; background: #8aa4c8; transform: translateX(-1px); }
.gd-flow > li:not(:last-child)::before { content: ''; position: absolute; left: 50%; bottom: -24px; transform: translateX(-6px); border: 6px solid transparent; border-top: 7px solid #8aa4c8; border-bottom: 0; }
.gd-node { border: 1px solid #b7c9e4; background: #f5f8fd; border-radius: 8px; padding: 10px 14px; display: flex; gap: 12px; align-items: flex-start; }
.gd-node-no { flex: none; width: 28px; height: 28px; border-radius: 50%; background: #1f5fbf; color: #fff; display: flex; align-items: center; justify-content: center; font-weight: 600; }
.gd-node-body { flex: 1; min-width: 0; }
.gd-node-title { display: flex; flex-wrap: wrap; gap: 4px 10px; align-items: baseline; }
.gd-node-name { font-weight: 600; font-size: 15px; }
.gd-node-days { color: #ad6800; font-size: 13px; white-space: nowrap; }
.gd-node-actor { color: #5b6b82; font-size: 13px; }
.gd-node-desc { font-size: 13px; margin-top: 4px; line-height: 1.6; }
.gd-terminal { text-align: center; border-radius: 999px; padding: 8px 16px; font-weight: 600; max-width: 420px; margin: 0 auto; }
.gd-terminal small { display: block; font-weight: 400; font-size: 12px; }
.gd-terminal.start { background: #e6f4ff; border: 1px solid #91caff; color: #0958d9; }
.gd-terminal.end { background: #f6ffed; border: 1px solid #95de64; color: #237804; }
.gd-footer { text-align: center; color: #8c98aa; font-size: 12px; padding: 24px 16px; }

@media (max-width: 860px) {
  .gd-grid { grid-template-columns: minmax(0, 1fr); }
}
@media (max-width: 600px) {
  .gd-page { padding: 12px 12px 32px; }
  .gd-header-inner { padding: 8px 12px; gap: 8px; }
  .gd-brand-sub { display: none; }
  .gd-brand-name { font-size: 16px; }
  .gd-header-tools { flex-direction: column; align-items: flex-end; gap: 2px; }
  .gd-header a.gd-staff { font-size: 12px; }
  .gd-hero { padding: 16px 0 12px; }
  .gd-hero h1 { font-size: 22px; }
  .gd-filters { gap: 8px; }
  .gd-filters .ant-select { min-width: 0; flex: 1 1 150px; }
  .gd-title h1 { font-size: 21px; }
  .gd-facts { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 8px; }
  .gd-fact-value { font-size: 15px; }
  .gd-section { padding: 12px 12px; }
}

/* ---- print views: one A4 sheet -------------------------------------------------------------- */
.gd-print-toolbar { position: sticky; top: 0; z-index: 10; background: #0f2f5c; padding: 8px 16px; display: flex; gap: 8px; justify-content: center; flex-wrap: wrap; }
.gd-print-toolbar-hint { color: #cfe0ff; font-size: 12px; align-self: center; }
.gd-sheet { width: 210mm; max-width: 100%; box-sizing: border-box; margin: 16px auto; background: #fff; padding: 12mm 13mm; box-shadow: 0 2px 16px rgba(15, 47, 92, 0.15);
  font-size: 10pt; line-height: 1.45; color: #111; }
.gd-sheet h1 { font-size: 16pt; margin: 0; text-align: center; }
.gd-sheet .gd-sheet-sub { text-align: center; font-size: 9pt; color: #333; margin-top: 2px; }
.gd-sheet h2 { font-size: 11pt; margin: 7pt 0 3pt; padding-bottom: 1pt; border-bottom: 1px solid #333; }
.gd-sheet p { margin: 0; }
.gd-sheet table { width: 100%; border-collapse: collapse; }
.gd-sheet th, .gd-sheet td { border: 1px solid #666; padding: 2pt 4pt; text-align: left; vertical-align: top; }
.gd-sheet th { background: #f0f0f0; font-weight: 600; white-space: nowrap; }
.gd-sheet .gd-box { font-size: 12pt; line-height: 1; padding-right: 2pt; }
.gd-sheet .gd-small { font-size: 8.5pt; color: #333; }
.gd-sheet .gd-steps { margin: 0; }
.gd-sheet .gd-steps span.gd-arrow { padding: 0 3pt; color: #555; }
.gd-sheet .gd-foot { margin-top: 6pt; font-size: 8pt; color: #555; text-align: center; }

/* The sheet read on a phone before printing: pairs stack, nothing is squeezed to one character a line. */
@media screen and (max-width: 600px) {
  .gd-sheet { padding: 14px 12px; margin: 0; font-size: 13px; }
  .gd-sheet th, .gd-sheet td { white-space: normal !important; }
  .gd-sheet table.gd-pairs, .gd-sheet table.gd-pairs tbody { display: block; }
  .gd-sheet table.gd-pairs tr { display: grid; grid-template-columns: 6.5em minmax(0, 1fr); }
  .gd-sheet table.gd-pairs td[colspan] { grid-column: auto; }
}

@page { size: A4; margin: 10mm; }
@media print {
  html, body { background: #fff !important; }
  .gd-no-print { display: none !important; }
  .gd-sheet { width: auto; margin: 0; padding: 0; box-shadow: none; }
  .gd-sheet tr, .gd-sheet h2 { break-inside: avoid; page-break-inside: avoid; }
  .gd-sheet h2 { break-after: avoid; page-break-after: avoid; }
}
`;

export function GuideStyles() {
  return <style>{css}</style>;
}
