import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { sniffFileKind } from './file-sniff.ts';

/** A ZIP of the given entries (stored, or deflated), as office and OFD packages are. */
function zip(entries: Record<string, string>, deflate = false): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text);
    const stored = deflate ? deflateRawSync(data) : data;
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(stored.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(deflate ? 8 : 0, 10);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(stored.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, stored);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + stored.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const ofdXml = '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD"><ofd:DocBody/></ofd:OFD>';

/** An OLE2 compound file header followed by a directory holding these stream names. */
function compoundFile(...streams: string[]): Buffer {
  const header = Buffer.alloc(512);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(header);
  const directory = Buffer.alloc(512);
  for (const [i, name] of streams.entries()) Buffer.from(`${name}\0`, 'utf16le').copy(directory, i * 128);
  return Buffer.concat([header, directory]);
}

test('documents and images are told by their content', async () => {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('表').addRow(['姓名']);
  const cases: [string, Buffer, string | undefined][] = [
    ['pdf', Buffer.from('%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'), 'pdf'],
    ['png', Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'), 'png'],
    ['jpeg', Buffer.from('ffd8ffe000104a46494600010100000100010000ffdb0043', 'hex'), 'jpeg'],
    ['xlsx', Buffer.from(await workbook.xlsx.writeBuffer()), 'xlsx'],
    [
      'docx',
      zip({ '[Content_Types].xml': '<Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>', 'word/document.xml': '<w:document/>' }),
      'docx',
    ],
    ['ofd', zip({ 'OFD.xml': ofdXml, 'Doc_0/Document.xml': '<ofd:Document/>' }), 'ofd'],
    ['ofd, deflated', zip({ 'Doc_0/Document.xml': '<ofd:Document/>', 'OFD.xml': ofdXml }, true), 'ofd'],
    ['doc (and WPS)', compoundFile('Root Entry', 'WordDocument', '1Table'), 'doc'],
    ['xls (and ET)', compoundFile('Root Entry', 'Workbook'), 'xls'],
  ];
  for (const [name, data, kind] of cases) assert.equal(await sniffFileKind(data), kind, name);
});

test('anything else is none of ours, whatever its name: pages, drawings, archives, macros', async () => {
  const cases: [string, Buffer][] = [
    ['html', Buffer.from('<!DOCTYPE html><html><script>alert(document.cookie)</script></html>')],
    ['html after a BOM', Buffer.from('\ufeff<html><body onload="alert(1)">')],
    ['svg', Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
    ['script', Buffer.from('#!/bin/sh\nrm -rf /\n')],
    ['zip', zip({ 'index.html': '<script>alert(1)</script>' })],
    ['zip with an OFD.xml that is not OFD', zip({ 'OFD.xml': '<html/>' })],
    ['zip with OFD.xml below the root', zip({ 'x/OFD.xml': ofdXml })],
    ['doc with macros', compoundFile('Root Entry', 'WordDocument', 'Macros', '_VBA_PROJECT')],
    ['other compound file (an installer)', compoundFile('Root Entry', '\u4840\u3b3f\u4577')],
    ['gif', Buffer.from('GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;')],
    ['empty', Buffer.alloc(0)],
  ];
  for (const [name, data] of cases) assert.equal(await sniffFileKind(data), undefined, name);
});
