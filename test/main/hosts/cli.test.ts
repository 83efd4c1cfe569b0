import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { motcua } from '../../helpers/cli';
import { tempDir } from '../../helpers/temp';
import { execFileSync, spawnSync } from 'node:child_process';
import { makeTestP12 } from '../../helpers/certificates';
import { scannedPage } from '../../helpers/pages';
import { SAMPLE_APPLICANT, SAMPLE_PROCEDURE, SAMPLE_UNIT, testCore } from '../../helpers/core';

describe('motcua CLI', () => {
  it('prints help in Vietnamese and lists its commands', () => {
    const r = motcua(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Cách dùng: motcua <lệnh>');
    for (const c of ['doctor', 'ocr', 'pdf', 'report', 'backup']) expect(r.stdout).toContain(c);
    expect(motcua([]).code).toBe(2);
    const unknown = motcua(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Lệnh không tồn tại');
  });

  it('doctor checks the store, free disk and bundled language data (--data-dir and MOTCUA_DATA_DIR)', () => {
    const dir = tempDir();
    const r = motcua(['doctor', '--json', '--data-dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(['store', 'disk', 'data-dir', 'lang-vie', 'lang-eng', 'lang-osd']));
    expect(fs.existsSync(path.join(dir, 'motcua.sqlite'))).toBe(true);

    const other = tempDir();
    const viaEnv = motcua(['doctor'], { env: { MOTCUA_DATA_DIR: other } });
    expect(viaEnv.code).toBe(0);
    expect(viaEnv.stdout).toContain('[ OK ] Cơ sở dữ liệu');
    expect(fs.existsSync(path.join(other, 'motcua.sqlite'))).toBe(true);
  });

  it('doctor reports a corrupt store with a non-zero exit instead of crashing', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'motcua.sqlite'), Buffer.alloc(8192, 7));
    const r = motcua(['doctor', '--data-dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\[LỖI\] Cơ sở dữ liệu: .*(không phải cơ sở dữ liệu hợp lệ|bị lỗi)/);
  });

  it('report prints the index criteria and totals of a period, as text or JSON, and refuses a bad period', async () => {
    const dir = tempDir();
    const core = await testCore({ dataDir: dir, now: () => new Date('2026-11-02T08:00:00+07:00') });
    try {
      await core.call('setup.initialize', SAMPLE_UNIT);
      const procedure = await core.call('procedures.upsert', SAMPLE_PROCEDURE);
      for (const channel of [1, 2] as const) {
        await core.call('dossiers.create', { procedureId: procedure.id, channel, applicant: SAMPLE_APPLICANT, components: [{ name: 'Tờ khai', required: true, copies: 1, received: true }] });
      }
    } finally {
      await core.close();
    }
    const json = motcua(['report', '--data-dir', dir, '--from', '2026-11-01', '--to', '2026-11-30', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const r = JSON.parse(json.stdout);
    expect(r).toMatchObject({ received: 2, period: { from: '2026-11-01', to: '2026-11-30' }, byDay: [{ day: '2026-11-02', received: 2, online: 1 }] });
    expect(r.byOfficer[0]).toMatchObject({ name: SAMPLE_UNIT.fullName, received: 2 });
    const text = motcua(['report', '--data-dir', dir, '--from', '2026-11-01', '--to', '2026-11-30']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('từ 01/11/2026 đến 30/11/2026');
    expect(text.stdout).toMatch(/Hồ sơ tiếp nhận: 2/);
    expect(text.stdout).toMatch(/Nộp trực tuyến\s+0\/2/); // paper result, no electronic copy yet
    expect(text.stdout).toContain(SAMPLE_UNIT.fullName);
    const bad = motcua(['report', '--data-dir', dir, '--from', '2026-11-31']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Ngày phải là một ngày có thật');
    const none = motcua(['report', '--data-dir', tempDir()]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('Chưa có dữ liệu');
  });

  it('backup writes a consistent copy that opens on its own', () => {
    const dir = tempDir();
    expect(motcua(['doctor', '--data-dir', dir]).code).toBe(0);
    const out = path.join(tempDir(), 'sao-luu.sqlite');
    const r = motcua(['backup', '--out', out, '--data-dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    const db = new Database(out, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(2);
    db.close();
  });

  it('backup --out FOLDER writes a verified folder that restore puts back; restore refuses a tampered one', () => {
    const dir = tempDir();
    expect(motcua(['doctor', '--data-dir', dir]).code).toBe(0);
    fs.mkdirSync(path.join(dir, 'files', 'ab', 'cd'), { recursive: true });
    const blob = Buffer.from('ảnh trang');
    fs.writeFileSync(path.join(dir, 'files', 'ab', 'cd', `${'ab'.repeat(32)}.jpg`), blob);
    const out = tempDir();
    const r = motcua(['backup', '--out', out, '--keep', '3', '--data-dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Đã sao lưu vào');
    const [name] = fs.readdirSync(out);
    expect(name).toMatch(/^motcua-backup-/);
    const target = path.join(tempDir(), 'moi');
    const ok = motcua(['restore', '--from', path.join(out, name!), '--data-dir', target]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(fs.readFileSync(path.join(target, 'files', 'ab', 'cd', `${'ab'.repeat(32)}.jpg`)).equals(blob)).toBe(true);
    const again = motcua(['restore', '--from', path.join(out, name!), '--data-dir', target]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('--force');
    fs.appendFileSync(path.join(out, name!, 'files', 'ab', 'cd', `${'ab'.repeat(32)}.jpg`), 'x');
    const bad = motcua(['restore', '--from', path.join(out, name!), '--data-dir', path.join(tempDir(), 'khac')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/không toàn vẹn.*abab.*\.jpg/);
    const doctor = motcua(['doctor', '--data-dir', target, '--deep']);
    expect(doctor.stdout).toContain('Tệp không thuộc hồ sơ nào');
  });

  describe('OCR and PDF commands (real tesseract.js pool, bundled Vietnamese data)', () => {
    const lines1 = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'TỜ KHAI ĐĂNG KÝ KHAI SINH', 'Họ và tên người yêu cầu: Trần Văn Đức'];
    const lines2 = ['GIẤY CHỨNG SINH', 'Họ tên mẹ: Nguyễn Thị Hoa', 'Dân tộc: Kinh'];
    async function pages() {
      const dir = tempDir();
      const a = path.join(dir, 'to-khai.png');
      const b = path.join(dir, 'chung-sinh.jpg');
      fs.writeFileSync(a, await scannedPage(lines1, { dpi: 300 }));
      fs.writeFileSync(b, await scannedPage(lines2, { dpi: 300, format: 'jpeg' }));
      return { a, b, dir };
    }

    it('ocr FILE prints the recognized Vietnamese text', async () => {
      const { a } = await pages();
      const r = motcua(['ocr', a, '--workers', '1', '--data-dir', tempDir()]);
      expect(r.code, r.stderr).toBe(0);
      for (const l of lines1) expect(r.stdout).toContain(l);
    });

    it('ocr --out-dir writes one .txt per file and reports a bad file without stopping the batch', async () => {
      const { a, b, dir } = await pages();
      const bad = path.join(dir, 'hong.png');
      fs.writeFileSync(bad, 'không phải ảnh');
      const out = path.join(tempDir(), 'ket-qua');
      const r = motcua(['ocr', '--out-dir', out, a, bad, b, '--workers', '2', '--data-dir', tempDir()]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/hong\.png.*không phải ảnh/);
      expect(fs.readFileSync(path.join(out, 'to-khai.txt'), 'utf8')).toContain('TỜ KHAI ĐĂNG KÝ KHAI SINH');
      expect(fs.readFileSync(path.join(out, 'chung-sinh.txt'), 'utf8')).toContain('Họ tên mẹ: Nguyễn Thị Hoa');
      expect(fs.existsSync(path.join(out, 'hong.txt'))).toBe(false);
    });

    it('pdf --out builds a searchable PDF: pdftotext -raw gives the text back, qpdf --check passes', async () => {
      const { a, b } = await pages();
      const out = path.join(tempDir(), 'ho-so.pdf');
      const r = motcua(['pdf', '--out', out, a, b, '--code', '000.00.53.H48-261123-0001', '--officer', 'Nguyễn Thị Lan', '--workers', '2', '--data-dir', tempDir()]);
      expect(r.code, r.stderr).toBe(0);
      const text = execFileSync('pdftotext', ['-raw', out, '-'], { encoding: 'utf8' });
      for (const l of [...lines1, ...lines2]) expect(text).toContain(l);
      expect(execFileSync('qpdf', ['--check', out], { encoding: 'utf8' })).toContain('No syntax or stream encoding errors');
      const info = execFileSync('pdfinfo', [out], { encoding: 'utf8' });
      expect(info).toMatch(/Keywords:\s+000\.00\.53\.H48-261123-0001/);
      expect(info).toMatch(/Author:\s+Nguyễn Thị Lan/);
      expect(info).toMatch(/Pages:\s+2/);
    });

    it('pdf --p12 signs the PDF with the passphrase from the environment, and stops before OCR on a wrong one', async () => {
      const { a } = await pages();
      // The CLI signs at its own process clock (no clock option): the certificate is valid around it.
      const cert = makeTestP12({ cn: 'Nguyễn Thị Lan', now: new Date() });
      const p12 = path.join(tempDir(), 'lan.p12');
      fs.writeFileSync(p12, cert.p12);
      const out = path.join(tempDir(), 'ky-so.pdf');
      const wrong = motcua(['pdf', '--out', out, a, '--p12', p12, '--data-dir', tempDir()], { env: { MOTCUA_P12_PASSPHRASE: 'sai' } });
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toContain('Mật khẩu chứng thư số không đúng');
      expect(fs.existsSync(out)).toBe(false);
      const missing = motcua(['pdf', '--out', out, a, '--p12', p12 + '.khong-co', '--data-dir', tempDir()]);
      expect(missing.stderr).toContain('không tìm thấy tệp chứng thư số');

      const r = motcua(['pdf', '--out', out, a, '--p12', p12, '--officer', 'Nguyễn Thị Lan', '--data-dir', tempDir()], { env: { MOTCUA_P12_PASSPHRASE: cert.passphrase } });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('đã ký số');
      expect(spawnSync('pdfsig', [out], { encoding: 'utf8' }).stdout).toContain('Signature is Valid.');
      for (const l of lines1) expect(execFileSync('pdftotext', ['-raw', out, '-'], { encoding: 'utf8' })).toContain(l);
    });
  });
});

describe('motcua due and calendar', () => {
  it('prints the due moment with +07:00 from the shipped calendar or the data folder’s, flags unconfirmed years, refuses bad input in Vietnamese', () => {
    const empty = tempDir();
    const tet = motcua(['due', '--received', '2026-02-13T10:30+07:00', '--days', '5', '--data-dir', empty]);
    expect(tet.code, tet.stderr).toBe(0);
    expect(tet.stdout.trim()).toBe('2026-02-27T17:00:00+07:00');
    expect(tet.stderr).toBe('');
    expect(fs.existsSync(path.join(empty, 'motcua.sqlite'))).toBe(false);
    expect(motcua(['due', '--received', '2026-02-12T15:30+07:00', '--days', '1', '--after-15h-rule', '--data-dir', empty]).stdout.trim()).toBe('2026-02-23T17:00:00+07:00');
    expect(motcua(['due', '--received', '2026-02-23T10:30+07:00', '--hours', '8', '--data-dir', empty]).stdout.trim()).toBe('2026-02-24T10:30:00+07:00');
    const later = motcua(['due', '--received', '2027-02-04T10:00+07:00', '--days', '1', '--data-dir', empty]);
    expect(later.code).toBe(0);
    expect(later.stdout.trim()).toBe('2027-02-12T17:00:00+07:00');
    expect(later.stderr).toMatch(/Lưu ý: Năm 2027 .*cần xác nhận theo thông báo của năm/);
    for (const args of [
      ['--received', '2026-02-30T10:30+07:00', '--days', '1'],
      ['--received', '2026-02-13T10:30', '--days', '1'],
      ['--received', '2026-02-13T25:30+07:00', '--days', '1'],
      ['--received', '2026-02-13T10:30+07:00', '--days', '-1'],
      ['--received', '2026-02-13T10:30+07:00', '--days', 'năm'],
      ['--received', '2026-02-13T10:30+07:00'],
    ]) {
      const r = motcua(['due', ...args, '--data-dir', empty]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/không hợp lệ|không âm|Thiếu/);
    }
  });

  it('uses the data folder’s calendar: an imported day off moves the due moment; a file with impossible dates changes nothing', () => {
    const dir = tempDir();
    const file = path.join(dir, 'lich.json');
    fs.writeFileSync(file, motcua(['calendar', 'export', '--data-dir', dir]).stdout);
    const days = JSON.parse(fs.readFileSync(file, 'utf8')).days;
    fs.writeFileSync(file, JSON.stringify({ days: [...days, { date: '2026-03-03', kind: 'off', name: 'Nghỉ thử', basis: 'thử', confirmed: true }] }));
    expect(motcua(['calendar', 'import', file, '--data-dir', dir]).code).toBe(0);
    expect(motcua(['due', '--received', '2026-03-02T10:00+07:00', '--days', '1', '--data-dir', dir]).stdout.trim()).toBe('2026-03-04T17:00:00+07:00');
    fs.writeFileSync(file, JSON.stringify({ days: [{ date: '2026-02-31', kind: 'off', name: 'x', basis: 'x' }] }));
    const bad = motcua(['calendar', 'import', file, '--data-dir', dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/2026-02-31.*không tồn tại/);
    expect(motcua(['due', '--received', '2026-03-02T10:00+07:00', '--days', '1', '--data-dir', dir]).stdout.trim()).toBe('2026-03-04T17:00:00+07:00');
    expect(motcua(['calendar', 'export', '--ics', '--data-dir', dir]).stdout).toContain('DTSTART;VALUE=DATE:20260303');
  });
});
