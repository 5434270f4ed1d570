/**
 * The look of a printed notice: an A4 sheet in the style of a Chinese official document (title in
 * bold Song, body in FangSong, first-line indent of two characters, seal and date at the lower
 * right), an on-screen toolbar that never reaches the paper, and the public query page's frame.
 */

const fangSong = `"FangSong", "仿宋", "FangSong_GB2312", "仿宋_GB2312", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", serif`;
const song = `"SimSun", "宋体", "STSong", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", serif`;
const hei = `"SimHei", "黑体", "STHeiti", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif`;

const css = `
.od-toolbar { position: sticky; top: 0; z-index: 10; background: #0f2f5c; padding: 8px 16px; display: flex; gap: 8px; justify-content: center; align-items: center; flex-wrap: wrap; }
.od-toolbar-hint { color: #cfe0ff; font-size: 12px; }
.od-screen { background: #e9edf3; min-height: 100vh; padding-bottom: 24px; }
.od-message { max-width: 210mm; margin: 16px auto 0; }
.od-sheet { width: 210mm; min-height: 297mm; max-width: 100%; box-sizing: border-box; margin: 16px auto; background: #fff; padding: 20mm 24mm 18mm 26mm;
  box-shadow: 0 2px 16px rgba(15, 47, 92, 0.15); color: #000; font-family: ${fangSong}; font-size: 14pt; line-height: 1.65; }
.od-organ { text-align: center; font-family: ${hei}; font-size: 14pt; letter-spacing: 2px; }
.od-title { text-align: center; font-family: ${song}; font-weight: 700; font-size: 21pt; letter-spacing: 6px; margin: 4pt 0 2pt; line-height: 1.4; }
.od-number { text-align: center; font-size: 12pt; margin-bottom: 8pt; }
.od-addressee { margin: 6pt 0 0; }
.od-sheet p { margin: 0; text-align: justify; }
.od-sheet p.od-para { text-indent: 2em; }
.od-sheet .od-label { font-family: ${hei}; }
.od-table { width: 100%; border-collapse: collapse; margin: 5pt 0 6pt; font-size: 12pt; line-height: 1.45; }
.od-table th, .od-table td { border: 1px solid #000; padding: 2pt 5pt; text-align: left; vertical-align: top; }
.od-table th { font-family: ${hei}; font-weight: 400; text-align: center; white-space: nowrap; }
.od-table td.od-center { text-align: center; white-space: nowrap; }
.od-query { display: flex; gap: 12pt; align-items: center; margin: 6pt 0 2pt; }
.od-query table { flex: 1; margin: 0; }
.od-query figure { margin: 0; text-align: center; font-size: 10.5pt; line-height: 1.4; }
.od-password { font-family: "Consolas", "Menlo", monospace; font-size: 15pt; letter-spacing: 3px; font-weight: 700; }
.od-commitment { border: 1px solid #000; padding: 6pt 10pt; margin-top: 8pt; }
.od-commitment .od-sign-line { display: flex; justify-content: space-between; gap: 12pt; margin-top: 10pt; flex-wrap: wrap; }
.od-sign { display: flex; justify-content: flex-end; margin-top: 22pt; }
.od-seal { position: relative; min-width: 64mm; text-align: center; padding-top: 4mm; }
.od-seal-stamp { position: absolute; left: 50%; top: -7mm; width: 40mm; height: 40mm; transform: translateX(-50%); border: 1.5pt dashed #c8102e; border-radius: 50%;
  color: #c8102e; display: flex; align-items: flex-start; justify-content: center; padding-top: 4mm; box-sizing: border-box; font-size: 11pt; opacity: 0.75; }
.od-seal-organ, .od-seal-date { position: relative; }
.od-foot { margin-top: 16pt; padding-top: 3pt; border-top: 1px solid #000; font-size: 10.5pt; line-height: 1.5; }

@media screen and (max-width: 640px) {
  .od-sheet { padding: 18px 14px; min-height: 0; margin: 0; font-size: 15px; }
  .od-title { font-size: 22px; letter-spacing: 2px; }
  .od-query { flex-direction: column; align-items: stretch; }
}

@page { size: A4; margin: 20mm 24mm 18mm 26mm; }
@media print {
  html, body, .od-screen { background: #fff !important; }
  .od-no-print { display: none !important; }
  .od-screen { padding: 0; min-height: 0; }
  .od-sheet { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
  .od-table tr, .od-commitment, .od-sign { break-inside: avoid; page-break-inside: avoid; }
  .od-seal-stamp { opacity: 1; }
}
`;

export function DocumentStyles() {
  return <style>{css}</style>;
}
