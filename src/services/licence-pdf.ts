/**
 * The e-licence as a PDF people can hold (打印版电子证照): one A4 page with the licence type as its
 * title, the signed facts, the full GB/T 36904 identifier, a QR code to the public verification
 * page, the electronic seal area (the issuer, “电子印章 / SM2 签名” and the signing key's id) and
 * the licence's status at the time of printing, marked large when it is not in force.
 *
 * The data is the public verification answer ({@link ELicenceService.verify}), so the paper says
 * exactly what a stranger checking it online is told, never more. The PDF itself is not the
 * licence: its footer says how to verify (scan, type the identifier at /verify, or check the SM2
 * signature with openssl as docs/E-LICENCE.md shows).
 *
 * Chinese text needs a CJK font, embedded as a subset: by default the system's Noto CJK fonts
 * (Debian `fonts-noto-cjk`); `ONEWINDOW_CJK_FONT=/path/font.ttc#PostScriptName` (or a .ttf/.otf
 * path) points elsewhere. Without a usable font every PDF request gets a bilingual 503.
 */
import { existsSync, readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { AppError } from '../domain/errors.ts';
import { chinaDateTime } from '../domain/china-time.ts';
import type { Repositories, UnitOfWork } from '../repositories/index.ts';
import { may, notFound, type Actor, type Clock } from './actor.ts';

type Uses = (typeof LicencePdfService.repositories)[number];

// ---- what the PDF shows: the verification answer (CONTRACT shape; fields added by issue 11 optional) ----

export interface PdfLicence {
  identifier: string;
  licenceType: string;
  licenceTypeCode?: string;
  holderName: string;
  holderRef: string;
  issuer: string;
  issuerUscc?: string;
  issuedOn: string;
  validUntil: string | null;
  caseNo: string | null;
  version?: number;
  status: string;
  revokedAt: Date | string | null;
  revokedReason: string;
  replacedBy?: string | null;
  replaces?: string | null;
}

export interface PdfVerification {
  valid: boolean;
  reason: string;
  licence?: PdfLicence;
  signed?: { keyId: string; algorithm?: string };
}

/** The absolute address a licence's QR code carries: the public page `<origin>/verify/<identifier>`. */
export function licenceVerifyUrl(origin: string, identifier: string): string {
  return `${origin.replace(/\/+$/, '')}/verify/${encodeURIComponent(identifier)}`;
}

/** What the status at printing is called, and the large marking of a licence not in force. */
export function printedStatus(verification: PdfVerification): { valid: boolean; zh: string; en: string; mark: { zh: string; en: string } | null } {
  const licence = verification.licence;
  const reason = verification.reason;
  if (verification.valid) return { valid: true, zh: '有效', en: 'Valid', mark: null };
  if (reason === 'revoked' || licence?.status === 'revoked') {
    const when = licence?.revokedAt ? `,${chinaDateTime(new Date(licence.revokedAt)).slice(0, 10)}` : '';
    const why = licence?.revokedReason ? `,原因:${licence.revokedReason}` : '';
    return { valid: false, zh: `已注销${when}${why}`, en: 'Revoked', mark: { zh: '已注销', en: 'REVOKED' } };
  }
  if (reason === 'expired' || licence?.status === 'expired') {
    return { valid: false, zh: `已过期(有效期至 ${licence?.validUntil ?? '—'})`, en: 'Expired', mark: { zh: '已过期', en: 'EXPIRED' } };
  }
  if (reason === 'superseded' || licence?.status === 'superseded') {
    const by = licence?.replacedBy ? `,新版本:${licence.replacedBy}` : '';
    return { valid: false, zh: `已被新版本替代${by}`, en: 'Superseded by a newer version', mark: { zh: '已替代', en: 'SUPERSEDED' } };
  }
  const invalid: Record<string, { zh: string; en: string }> = {
    bad_signature: { zh: '电子签名验证未通过', en: 'The signature does not verify' },
    tampered: { zh: '证照信息与签发时不一致', en: 'The record differs from what was signed' },
    key_compromised: { zh: '签名密钥已停用,签名不再可信', en: 'The signing key was withdrawn; the signature is no longer trusted' },
  };
  const words = invalid[reason] ?? { zh: '核验未通过', en: 'Does not verify' };
  return { valid: false, zh: `无效:${words.zh}`, en: `Invalid: ${words.en}`, mark: { zh: '无效', en: 'INVALID' } };
}

/** `<licence type>-<identifier>.pdf`, as an attachment header: ASCII fallback plus RFC 5987 UTF-8. */
export function licencePdfDisposition(licence: Pick<PdfLicence, 'licenceType' | 'identifier'>): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what a file name must not carry
  const name = `${licence.licenceType}-${licence.identifier}.pdf`.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_');
  const ascii = `e-licence-${licence.identifier.replace(/[^0-9A-Za-z.]/g, '_')}.pdf`;
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

// ---- fonts ------------------------------------------------------------------------------------

interface FontFace {
  file: string;
  /** The face's PostScript name inside a collection (.ttc); none for a single-font file. */
  name?: string;
}

export interface CjkFonts {
  regular: FontFace;
  title: FontFace;
  mono: FontFace;
}

const notoDirs = ['/usr/share/fonts/opentype/noto', '/usr/share/fonts/noto-cjk', '/usr/share/fonts/google-noto-cjk', '/usr/share/fonts/opentype/noto-cjk'];

function parseFace(setting: string): FontFace {
  const hash = setting.lastIndexOf('#');
  return hash > 0 ? { file: setting.slice(0, hash), name: setting.slice(hash + 1) } : { file: setting };
}

/**
 * The fonts to embed: `setting` (ONEWINDOW_CJK_FONT, `path` or `path#PostScriptName`) for all
 * text, else the system's Noto Sans CJK SC (with Noto Serif CJK SC Bold for the title and Noto Sans
 * Mono CJK SC for the identifier when present). Undefined when none is found.
 */
export function findCjkFonts(setting?: string): CjkFonts | undefined {
  if (setting?.trim()) {
    const face = parseFace(setting.trim());
    return existsSync(face.file) ? { regular: face, title: face, mono: face } : undefined;
  }
  const dir = notoDirs.find((d) => existsSync(`${d}/NotoSansCJK-Regular.ttc`));
  if (!dir) return undefined;
  const sans = `${dir}/NotoSansCJK-Regular.ttc`;
  const serif = `${dir}/NotoSerifCJK-Bold.ttc`;
  return {
    regular: { file: sans, name: 'NotoSansCJKsc-Regular' },
    title: existsSync(serif) ? { file: serif, name: 'NotoSerifCJKsc-Bold' } : { file: sans, name: 'NotoSansCJKsc-Regular' },
    mono: { file: sans, name: 'NotoSansMonoCJKsc-Regular' },
  };
}

const noFont = () =>
  new AppError('UNAVAILABLE', {
    zh: '服务器未安装中文字体,暂时无法生成电子证照 PDF。请管理员安装 fonts-noto-cjk,或用 ONEWINDOW_CJK_FONT 指定字体文件',
    en: 'No Chinese font on the server, so no licence PDF can be made. The administrator should install fonts-noto-cjk or point ONEWINDOW_CJK_FONT to a font file',
  });

/** Font files read once per process (a Noto CJK collection is about 20 MB). */
const fontFiles = new Map<string, Buffer>();
function fontBytes(file: string): Buffer {
  let bytes = fontFiles.get(file);
  if (!bytes) {
    bytes = readFileSync(file);
    fontFiles.set(file, bytes);
  }
  return bytes;
}

// ---- drawing ----------------------------------------------------------------------------------

export interface RenderOptions {
  /** The site the QR code and the footer point to, e.g. `https://zwfw.example.gov.cn`. */
  origin: string;
  fonts: CjkFonts;
  printedAt: Date;
  /** The signing key's id when the answer does not carry it. */
  keyId?: string | null;
}

const ink = '#1a2b44';
const muted = '#5b6b82';
const rule = '#c9d2e0';
const sealBlue = '#1d4e89';

/** Renders the licence page; throws UNAVAILABLE when a font file cannot be used. */
export async function renderLicencePdf(verification: PdfVerification, options: RenderOptions): Promise<Buffer> {
  const licence = verification.licence;
  if (!licence) throw notFound({ zh: '电子证照', en: 'E-licence' });
  const status = printedStatus(verification);
  const url = licenceVerifyUrl(options.origin, licence.identifier);
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });

  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: true,
    info: {
      Title: `${licence.licenceType} ${licence.identifier}`,
      // The status is in the metadata too: what a program reading the file can check without rendering it.
      Subject: `电子证照 E-licence ${licence.identifier} · 打印时状态 status when printed: ${status.zh} / ${status.en}`,
      Author: licence.issuer,
      Keywords: `${licence.identifier} ${url}`,
      Creator: 'OneWindow 一窗通',
      Producer: 'OneWindow 一窗通 (pdfkit)',
      CreationDate: options.printedAt,
      ModDate: options.printedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    for (const [alias, face] of Object.entries(options.fonts)) doc.registerFont(alias, fontBytes(face.file), face.name);
    doc.font('regular');
    doc.font('title');
    doc.font('mono');
  } catch {
    throw noFont();
  }

  const pageWidth = doc.page.width;
  const pageHeight = doc.page.height;
  const left = 64;
  const right = pageWidth - 64;
  const width = right - left;

  // A plain double frame: a certificate, not an imitation of any official form.
  doc
    .lineWidth(1.6)
    .strokeColor(sealBlue)
    .rect(28, 28, pageWidth - 56, pageHeight - 56)
    .stroke();
  doc
    .lineWidth(0.5)
    .rect(34, 34, pageWidth - 68, pageHeight - 68)
    .stroke();

  doc.font('regular').fontSize(9).fillColor(muted).text('电子证照  ·  ELECTRONIC LICENCE', left, 52, { width, align: 'center', characterSpacing: 1 });
  let titleSize = 30;
  doc.font('title');
  while (titleSize > 16 && doc.fontSize(titleSize).widthOfString(licence.licenceType) > width) titleSize -= 2;
  doc.fontSize(titleSize).fillColor(ink).text(licence.licenceType, left, 70, { width, align: 'center' });
  let y = doc.y + 10;
  doc.moveTo(left, y).lineTo(right, y).lineWidth(1).strokeColor(sealBlue).stroke();

  // Fixed from the bottom up: the footer, then the QR code and the seal; the facts fill the rest.
  const footerY = pageHeight - 124;
  const blockTop = footerY - 178;

  // A masked resident ID keeps its asterisks; an organisation is named by its USCC.
  const isUscc = licence.holderRef.length === 18 && !licence.holderRef.includes('*');
  const rows: { zh: string; en: string; value: string; mono?: boolean }[] = [
    { zh: '持证人', en: 'Holder', value: licence.holderName || '—' },
    { zh: isUscc ? '统一社会信用代码' : '身份证件号码', en: isUscc ? 'Holder USCC' : 'Holder ID (masked)', value: licence.holderRef || '—', mono: true },
    { zh: '发证机关', en: 'Issued by', value: licence.issuer },
    ...(licence.issuerUscc ? [{ zh: '发证机关信用代码', en: 'Issuer USCC', value: licence.issuerUscc, mono: true }] : []),
    { zh: '发证日期', en: 'Issued on', value: licence.issuedOn, mono: true },
    { zh: '有效期至', en: 'Valid until', value: licence.validUntil ?? '长期 (no end date)', mono: licence.validUntil !== null },
    { zh: '办件编号', en: 'Case number', value: licence.caseNo ?? '—', mono: true },
    ...(licence.version !== undefined ? [{ zh: '版本', en: 'Version', value: `${String(licence.version).padStart(3, '0')}${licence.replaces ? `(替代 replaces ${licence.replaces})` : ''}`, mono: true }] : []),
    ...(licence.licenceTypeCode ? [{ zh: '证照类型代码', en: 'Licence type code', value: licence.licenceTypeCode, mono: true }] : []),
    { zh: '证照标识', en: 'Identifier', value: licence.identifier, mono: true },
  ];
  const labelWidth = 118;
  const valueX = left + labelWidth + 10;
  const valueWidth = right - valueX;
  // Rows as roomy as the page allows (a long name or a version line may take two lines).
  const available = blockTop - 66 - y;
  const measure = (row: (typeof rows)[number], size: number) =>
    doc
      .font(row.mono ? 'mono' : 'regular')
      .fontSize(size)
      .heightOfString(row.value, { width: valueWidth });
  let padding = 14;
  const rowHeight = (row: (typeof rows)[number]) => Math.max(measure(row, row.mono ? 11 : 12.5), 19) + padding;
  while (padding > 6 && rows.reduce((sum, row) => sum + rowHeight(row), 0) > available) padding -= 1;
  for (const row of rows) {
    const height = rowHeight(row);
    const top = y + (height - Math.max(measure(row, row.mono ? 11 : 12.5), 19)) / 2;
    doc
      .font('regular')
      .fontSize(10.5)
      .fillColor(ink)
      .text(row.zh, left + 4, top - 1, { width: labelWidth });
    doc
      .fontSize(7)
      .fillColor(muted)
      .text(row.en, left + 4, top + 12, { width: labelWidth });
    doc
      .font(row.mono ? 'mono' : 'regular')
      .fontSize(row.mono ? 11 : 12.5)
      .fillColor(ink)
      .text(row.value, valueX, top + 1, { width: valueWidth });
    y += height;
    doc.moveTo(left, y).lineTo(right, y).lineWidth(0.5).strokeColor(rule).stroke();
  }

  // The status when printed, in words, whatever it is.
  y += 12;
  const statusColor = status.valid ? '#237804' : '#b3261e';
  doc
    .roundedRect(left, y, width, 42, 4)
    .lineWidth(1)
    .fillAndStroke(status.valid ? '#f6ffed' : '#fff1f0', statusColor);
  doc
    .font('regular')
    .fontSize(8)
    .fillColor(muted)
    .text(`打印时核验状态 Status when printed · ${chinaDateTime(options.printedAt)} (北京时间 UTC+8)`, left + 12, y + 6, { width: width - 24 });
  doc
    .fontSize(12)
    .fillColor(statusColor)
    .text(`${status.zh} / ${status.en}`, left + 12, y + 20, { width: width - 24, height: 16, lineBreak: false, ellipsis: true });

  // QR code (vector modules, a quiet zone of one) on the left.
  const qrSize = 120;
  const qrTop = blockTop + 8;
  const cell = qrSize / (qr.modules.size + 2);
  doc.fillColor('#000000');
  for (let row = 0; row < qr.modules.size; row++) {
    for (let col = 0; col < qr.modules.size; col++) {
      if (qr.modules.get(row, col)) doc.rect(left + (col + 1) * cell, qrTop + (row + 1) * cell, cell + 0.05, cell + 0.05);
    }
  }
  doc.fill();
  doc
    .font('regular')
    .fontSize(9)
    .fillColor(ink)
    .text('扫码核验 Scan to verify', left + cell, qrTop + qrSize + 2, { width: 240 });
  doc
    .font('mono')
    .fontSize(6)
    .fillColor(muted)
    .text(url, left + cell, qrTop + qrSize + 15, { width: 250 });

  // The electronic seal area on the right: clearly a marking of the SM2 signature, not a stamp image.
  const radius = 60;
  const sealX = right - 84;
  const sealY = blockTop + 8 + radius;
  doc.save();
  doc.circle(sealX, sealY, radius).lineWidth(2).dash(5, { space: 3 }).strokeColor(sealBlue).stroke();
  doc.undash();
  doc
    .circle(sealX, sealY, radius - 5)
    .lineWidth(0.6)
    .strokeColor(sealBlue)
    .stroke();
  doc.restore();
  doc
    .font('regular')
    .fontSize(8)
    .fillColor(sealBlue)
    .text('电子印章 / SM2 签名', sealX - radius, sealY - 38, { width: radius * 2, align: 'center' });
  let issuerSize = 12;
  const issuerWidth = radius * 1.5;
  while (issuerSize > 7 && doc.fontSize(issuerSize).heightOfString(licence.issuer, { width: issuerWidth }) > issuerSize * 2.6) issuerSize -= 1;
  const issuerHeight = doc.fontSize(issuerSize).heightOfString(licence.issuer, { width: issuerWidth });
  doc.text(licence.issuer, sealX - issuerWidth / 2, sealY - 4 - issuerHeight / 2, { width: issuerWidth, align: 'center' });
  const keyId = verification.signed?.keyId ?? options.keyId ?? null;
  doc.fontSize(6).text('Electronic seal · SM2 signature', sealX - radius, sealY + 18, { width: radius * 2, align: 'center' });
  if (keyId)
    doc
      .font('mono')
      .fontSize(5.5)
      .text(keyId, sealX - radius, sealY + 28, { width: radius * 2, align: 'center' });
  doc
    .font('regular')
    .fontSize(9)
    .fillColor(ink)
    .text(`${licence.issuer}\n${licence.issuedOn}`, sealX - 110, sealY + radius + 6, { width: 220, align: 'center' });

  // How anyone checks it.
  doc.moveTo(left, footerY).lineTo(right, footerY).lineWidth(0.5).strokeColor(rule).stroke();
  const site = options.origin.replace(/\/+$/, '');
  doc
    .font('regular')
    .fontSize(8)
    .fillColor(muted)
    .text(
      `核验方法:用手机扫描二维码,或在 ${site}/verify 输入上方的证照标识,以网上核验结果为准;也可按核验页“自行核验”中列出的 openssl 命令,用签名原文、SM2 签名和公开的公钥独立验证(SM3 摘要,默认用户标识 1234567812345678)。本页为电子证照的打印件,证照的效力以电子签名和在线核验为准。`,
      left,
      footerY + 8,
      { width, lineGap: 1.5 },
    );
  doc
    .moveDown(0.3)
    .fontSize(7)
    .text(
      `How to verify: scan the QR code, or enter the identifier above at ${site}/verify; the online answer is what counts. To check without us, run the openssl commands listed under “verify it yourself” on that page (signed text, SM2 signature, published public key; SM3, default ID 1234567812345678). This page is a print of an electronic licence.`,
      { width, lineGap: 1 },
    );

  // A licence not in force is marked across the page, so a print of it cannot pass for a valid one.
  if (status.mark) {
    doc.save();
    doc.rotate(-28, { origin: [pageWidth / 2, pageHeight / 2 - 40] });
    doc.fillColor('#b3261e').fillOpacity(0.2);
    doc
      .font('title')
      .fontSize(120)
      .text(status.mark.zh, 0, pageHeight / 2 - 170, { width: pageWidth, align: 'center', lineBreak: false });
    doc.fontSize(54).text(status.mark.en, 0, pageHeight / 2 - 10, { width: pageWidth, align: 'center', characterSpacing: 6, lineBreak: false });
    doc.restore();
  }

  doc.end();
  return ended;
}

// ---- the use cases: staff who see the case, and the holder with the query password -----------

/** What the PDF service needs of the verifier and of the case service (their public methods). */
export interface LicencePdfDeps {
  uow: UnitOfWork<Uses>;
  clock: Clock;
  verify(identifier: string): Promise<PdfVerification>;
  /** Throws NOT_FOUND unless the actor sees the case (as reading it would). */
  assertCaseVisible(actor: Actor, caseId: string): Promise<void>;
  /** The identifiers of the licences of the case, after its query password (guesses counted as the progress query counts them). */
  publicLicences(caseNo: string, password: string, clientIp: string): Promise<{ identifier: string }[]>;
  /** ONEWINDOW_CJK_FONT. */
  cjkFont?: string;
}

export interface LicencePdf {
  bytes: Buffer;
  disposition: string;
}

export class LicencePdfService {
  /** The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach. */
  static readonly repositories = ['licences', 'org'] as const;

  private readonly deps: LicencePdfDeps;

  constructor(deps: LicencePdfDeps) {
    this.deps = deps;
  }

  /**
   * For staff who see the case that issued the licence (or, issued outside a case, who may read
   * cases of the issuing department). Anyone else is told there is no such licence.
   */
  async forStaff(actor: Actor, identifier: string, origin: string): Promise<LicencePdf> {
    const repos = this.deps.uow.read;
    const row = await repos.licences.findByNumber(identifier.trim().toUpperCase());
    if (!row) throw notFound(eLicenceWord);
    if (row.caseId) {
      await this.deps.assertCaseVisible(actor, row.caseId);
    } else {
      const issuer = await issuingDepartment(repos, row.number);
      if (!issuer || !may(actor, 'case.view', { regionPath: issuer.regionPath, departmentId: issuer.id })) throw notFound(eLicenceWord);
    }
    return this.render(row.number, origin, row.keyId);
  }

  /** For the holder: the licence must belong to the case whose number and query password are given. */
  async forHolder(input: { caseNo: string; password: string; identifier: string }, clientIp: string, origin: string): Promise<LicencePdf> {
    const licences = await this.deps.publicLicences(input.caseNo, input.password, clientIp);
    const identifier = input.identifier.trim().toUpperCase();
    if (!licences.some((l) => l.identifier === identifier)) {
      throw new AppError('NOT_FOUND', { zh: '该办件没有这份电子证照', en: 'This case has no such e-licence' });
    }
    const row = await this.deps.uow.read.licences.findByNumber(identifier);
    return this.render(identifier, origin, row?.keyId ?? null);
  }

  /**
   * For an applicant signed in online (一网通办): `assertMay` is the online service's check (their
   * own case issued it, and their binding is verified) and runs before anything is read.
   */
  async forOnlineHolder(identifier: string, origin: string, assertMay: () => Promise<void>): Promise<LicencePdf> {
    await assertMay();
    const row = await this.deps.uow.read.licences.findByNumber(identifier.trim().toUpperCase());
    if (!row) throw notFound(eLicenceWord);
    return this.render(row.number, origin, row.keyId);
  }

  private async render(identifier: string, origin: string, keyId: string | null): Promise<LicencePdf> {
    const fonts = findCjkFonts(this.deps.cjkFont);
    if (!fonts) throw noFont();
    const verification = await this.deps.verify(identifier);
    if (!verification.licence) throw notFound(eLicenceWord);
    const bytes = await renderLicencePdf(verification, { origin, fonts, printedAt: this.deps.clock.now(), keyId });
    return { bytes, disposition: licencePdfDisposition(verification.licence) };
  }
}

const eLicenceWord = { zh: '电子证照', en: 'E-licence' };

/** The department whose USCC the identifier carries (`1.2.156.3005.2.<type>.<issuer USCC>.…`). */
async function issuingDepartment(repos: Pick<Repositories, Uses>, identifier: string) {
  const uscc = identifier.split('.')[6];
  return (await repos.org.listDepartments()).find((d) => d.uscc !== null && d.uscc === uscc);
}
