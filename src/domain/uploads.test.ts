import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptAttribute, assertUploadAllowed, storedFileName } from './uploads.ts';

test('each purpose takes its own kinds: forms the office formats too, materials only PDF, OFD and images', () => {
  for (const kind of ['pdf', 'ofd', 'doc', 'docx', 'xls', 'xlsx', 'jpeg', 'png'] as const) assert.equal(assertUploadAllowed('form', kind, 1000), kind);
  for (const kind of ['pdf', 'ofd', 'jpeg', 'png'] as const) assert.equal(assertUploadAllowed('material', kind, 1000), kind);
  assert.throws(
    () => assertUploadAllowed('material', 'docx', 1000),
    (e: { code: string; messageZh: string; message: string }) => {
      assert.equal(e.code, 'UNSUPPORTED_MEDIA_TYPE');
      assert.equal(e.messageZh, '申请材料只接受 PDF、OFD、JPEG、PNG 格式;按文件内容判断,改扩展名无效');
      assert.equal(e.message, 'An application material must be PDF, OFD, JPEG, PNG; the content decides, not the file name');
      return true;
    },
  );
  assert.throws(() => assertUploadAllowed('form', undefined, 1000), { code: 'UNSUPPORTED_MEDIA_TYPE' });
});

test('an empty or oversize file is refused before its kind matters', () => {
  assert.throws(() => assertUploadAllowed('form', 'pdf', 0), { code: 'VALIDATION_FAILED', messageZh: '文件为空' });
  assert.throws(() => assertUploadAllowed('material', 'pdf', 10 * 1024 * 1024 + 1), { code: 'PAYLOAD_TOO_LARGE', messageZh: '申请材料不能超过 10 MB' });
  assert.equal(assertUploadAllowed('material', 'pdf', 10 * 1024 * 1024), 'pdf');
});

test('a stored name keeps its words and gets the extension of what it holds', () => {
  assert.equal(storedFileName('低保申请书.docx', 'docx'), '低保申请书.docx');
  assert.equal(storedFileName('通知.html', 'pdf'), '通知.pdf');
  assert.equal(storedFileName('样表.WPS', 'doc'), '样表.wps');
  assert.equal(storedFileName('C:\\Users\\王\\申请表', 'xls'), '申请表.xls');
  assert.equal(storedFileName('../../etc/passwd', 'png'), 'passwd.png');
  assert.equal(storedFileName('a"b<c>\r\n.pdf', 'pdf'), 'abc.pdf');
  assert.equal(storedFileName('.htaccess', 'pdf'), 'htaccess.pdf');
  assert.equal(storedFileName('', 'jpeg'), 'file.jpg');
  assert.equal(storedFileName(`${'长'.repeat(300)}.pdf`, 'pdf'), `${'长'.repeat(100)}.pdf`);
});

test('the file picker offers the extensions of the kinds the purpose takes', () => {
  assert.equal(acceptAttribute('material'), '.pdf,.ofd,.jpg,.jpeg,.png');
  assert.match(acceptAttribute('form'), /\.wps.*\.et/);
});
