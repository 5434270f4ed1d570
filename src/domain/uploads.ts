/**
 * What may be uploaded (DESIGN §9), by purpose. The server decides a file's kind from its content
 * (the client's file name and type are not trusted) and refuses every kind the purpose does not
 * list: HTML, SVG, scripts, archives, executables and macro-bearing office files never get in.
 *
 * - A blank form or sample (空白表格/样表) published with an item's materials: PDF and OFD (版式文件,
 *   GB/T 33190) to print, images of a filled-in sample, and the office formats centers publish forms
 *   in so applicants can fill them in on a computer: Word (.doc/.docx), Excel (.xls/.xlsx), and WPS
 *   Office's .wps/.et, which are Word's and Excel's binary formats. Only administrators upload them.
 * - A material an applicant hands in (申请材料): PDF, OFD and photos or scans (JPEG, PNG), the
 *   formats e-government platforms accept as evidence; an editable office file is a draft, not one.
 */
import { AppError } from './errors.ts';

export const fileKinds = {
  pdf: { mime: 'application/pdf', extensions: ['pdf'], label: 'PDF' },
  ofd: { mime: 'application/ofd', extensions: ['ofd'], label: 'OFD' },
  jpeg: { mime: 'image/jpeg', extensions: ['jpg', 'jpeg'], label: 'JPEG' },
  png: { mime: 'image/png', extensions: ['png'], label: 'PNG' },
  doc: { mime: 'application/msword', extensions: ['doc', 'wps'], label: 'Word/WPS (.doc .wps)' },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'], label: 'Word (.docx)' },
  xls: { mime: 'application/vnd.ms-excel', extensions: ['xls', 'et'], label: 'Excel/WPS (.xls .et)' },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'], label: 'Excel (.xlsx)' },
} as const;

export type FileKind = keyof typeof fileKinds;

export const uploadPurposes = {
  form: {
    name: { zh: '空白表格或样表', en: 'a blank form or sample' },
    kinds: ['pdf', 'ofd', 'doc', 'docx', 'xls', 'xlsx', 'jpeg', 'png'],
    maxBytes: 20 * 1024 * 1024,
  },
  material: {
    name: { zh: '申请材料', en: 'an application material' },
    kinds: ['pdf', 'ofd', 'jpeg', 'png'],
    maxBytes: 10 * 1024 * 1024,
  },
} as const satisfies Record<string, { name: { zh: string; en: string }; kinds: readonly FileKind[]; maxBytes: number }>;

export type UploadPurpose = keyof typeof uploadPurposes;

/**
 * Refuses what the purpose does not take: an empty file, one over the size limit, or content of a
 * kind not on its list (`kind` is what the content was sniffed as; undefined when it is none of ours).
 *
 * @example assertUploadAllowed('form', 'pdf', 52_000) // returns 'pdf'
 */
export function assertUploadAllowed(purpose: UploadPurpose, kind: FileKind | undefined, size: number): FileKind {
  const rule = uploadPurposes[purpose];
  if (size === 0) throw new AppError('VALIDATION_FAILED', { zh: '文件为空', en: 'The file is empty' });
  if (size > rule.maxBytes) {
    const mb = rule.maxBytes / 1024 / 1024;
    throw new AppError('PAYLOAD_TOO_LARGE', { zh: `${rule.name.zh}不能超过 ${mb} MB`, en: `${capitalise(rule.name.en)} may not exceed ${mb} MB` });
  }
  if (!kind || !(rule.kinds as readonly FileKind[]).includes(kind)) {
    const allowed = rule.kinds.map((k) => fileKinds[k].label).join('、');
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
      zh: `${rule.name.zh}只接受 ${allowed} 格式;按文件内容判断,改扩展名无效`,
      en: `${capitalise(rule.name.en)} must be ${rule.kinds.map((k) => fileKinds[k].label).join(', ')}; the content decides, not the file name`,
    });
  }
  return kind;
}

/** The `accept` attribute of a file picker for the purpose (a hint for the user; the server decides). */
export function acceptAttribute(purpose: UploadPurpose): string {
  return uploadPurposes[purpose].kinds.flatMap((k) => fileKinds[k].extensions.map((e) => `.${e}`)).join(',');
}

/** The kind whose content type this is, for files stored with one. */
export function kindOfContentType(contentType: string): FileKind | undefined {
  return (Object.keys(fileKinds) as FileKind[]).find((k) => fileKinds[k].mime === contentType);
}

/**
 * The name a file is stored and downloaded under: no folders or control characters, at most 100
 * characters before an extension of its kind (`通知.html` holding a PDF becomes `通知.pdf`), so the
 * program that opens a download is the one for what it holds.
 */
export function storedFileName(name: string, kind: FileKind): string {
  const extensions: readonly string[] = fileKinds[kind].extensions;
  const base = (name.split(/[\\/]/).at(-1) ?? '')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this strips from a file name
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')
    .trim()
    .replace(/^\.+/, '');
  const dot = base.lastIndexOf('.');
  const extension = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  const stem = (dot > 0 ? base.slice(0, dot) : base).slice(0, 100) || 'file';
  return `${stem}.${extensions.includes(extension) ? extension : extensions[0]}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
