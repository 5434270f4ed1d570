/**
 * Tells what an uploaded file holds from its bytes (file-type's signatures), never from its name or
 * declared type. Containers are looked into: a ZIP is OFD only with an `OFD.xml` whose root is an
 * OFD element (GB/T 33190), and an OLE2 compound file is Word or Excel only with their main stream
 * and without a VBA project.
 */
import { inflateRawSync } from 'node:zlib';
import { fileTypeFromBuffer } from 'file-type';
import type { FileKind } from '../domain/uploads.ts';

/**
 * The kind of the content, or undefined when it is none OneWindow knows (HTML, SVG, scripts,
 * archives, executables, macro-enabled office files …).
 *
 * @example await sniffFileKind(await readFile('form.pdf')) // 'pdf'
 */
export async function sniffFileKind(data: Uint8Array): Promise<FileKind | undefined> {
  const type = await fileTypeFromBuffer(data);
  switch (type?.ext) {
    case 'pdf':
      return 'pdf';
    case 'jpg':
      return 'jpeg';
    case 'png':
      return 'png';
    case 'docx':
      return 'docx';
    case 'xlsx':
      return 'xlsx';
    case 'zip':
      return isOfd(Buffer.from(data.buffer, data.byteOffset, data.byteLength)) ? 'ofd' : undefined;
    case 'cfb':
      return compoundFileKind(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    default:
      return undefined;
  }
}

/** Word and Excel keep their text in these streams; a VBA project is macros, which no form needs. */
const utf16 = (name: string) => Buffer.from(`${name}\0`, 'utf16le');
const wordStream = utf16('WordDocument');
const excelStreams = [utf16('Workbook'), utf16('Book')];
const vbaProject = Buffer.from('_VBA_PROJECT', 'utf16le');

/**
 * Word or Excel binary (WPS Office writes the same formats) by the names in the compound file's
 * directory, which are stored as UTF-16. A name found in the content by chance only ever picks one
 * of the two office kinds, both served as downloads.
 */
function compoundFileKind(data: Buffer): FileKind | undefined {
  if (data.includes(vbaProject)) return undefined;
  if (data.includes(wordStream)) return 'doc';
  if (excelStreams.some((name) => data.includes(name))) return 'xls';
  return undefined;
}

const endOfCentralDirectory = 0x06054b50;
const centralEntry = 0x02014b50;
const localEntry = 0x04034b50;

/** An OFD package: a ZIP whose root `OFD.xml` has an `OFD` root element. */
function isOfd(zip: Buffer): boolean {
  try {
    const entry = zipEntry(zip, 'OFD.xml');
    if (!entry) return false;
    const xml = entry.toString('utf8');
    return /<(?:[A-Za-z_][\w.-]*:)?OFD[\s>/]/.test(xml);
  } catch {
    return false;
  }
}

/** The content of one ZIP entry (stored or deflated, at most 1 MB), found through the central directory. */
function zipEntry(zip: Buffer, wanted: string): Buffer | undefined {
  // The end record sits in the last 22 bytes plus a comment of up to 64 KB.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === endOfCentralDirectory) {
      end = i;
      break;
    }
  }
  if (end < 0) return undefined;
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let n = 0; n < entries; n++) {
    if (zip.readUInt32LE(at) !== centralEntry) return undefined;
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localOffset = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    if (name === wanted) {
      if (zip.readUInt32LE(localOffset) !== localEntry) return undefined;
      const start = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
      const raw = zip.subarray(start, start + compressedSize);
      if (method === 0) return raw;
      if (method === 8) return inflateRawSync(raw, { maxOutputLength: 1024 * 1024 });
      return undefined;
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
  return undefined;
}
