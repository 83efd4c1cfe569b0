import Database from 'better-sqlite3';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readyCore } from '../../helpers/core';
import { databasePath } from '../../../main/data/database';
import { maskIdNumbers } from '../../../main/services/audit-log';
import { SAMPLE_CARDS, cardOnA4, cardQrText, degrade } from '../../helpers/cccd-card';
import { fakeOcr } from '../../helpers/fake-ocr';

describe('idcard.read and idcard.parse', () => {
  it('read a card from an uploaded scan or a scanner line, audit the read with the ID hashed, never the contents', async () => {
    const { core } = await readyCore({ idleLockMinutes: 0, now: () => new Date('2026-11-02T08:05:00+07:00') });
    try {
      const card = SAMPLE_CARDS[1]!;
      const scan = await cardOnA4(cardQrText(card), { dpi: 200, angle: 12, otherQr: true }).then((p) => degrade(p, { jpeg: 80 }));
      const r = await core.call('idcard.read', { file: { name: 'the.jpg', dataBase64: scan.toString('base64') } });
      expect(r).toEqual({ ok: true, card: { id: card.id, oldId: '', name: card.name, dob: '1995-11-23', sex: 'female', address: card.address, issueDate: '2022-03-02' } });

      const typed = await core.call('idcard.parse', { text: `${cardQrText(card)}\n` });
      expect(typed).toMatchObject({ ok: true, card: { id: card.id } });
      const garbled = await core.call('idcard.parse', { text: new TextDecoder('windows-1252').decode(new TextEncoder().encode(cardQrText(card))) });
      expect(garbled).toMatchObject({ ok: false, error: 'mangled' });
      const nothing = await core.call('idcard.read', { file: { name: 'x.png', dataBase64: Buffer.from('not an image').toString('base64') } });
      expect(nothing).toMatchObject({ ok: false, error: 'unreadable' });

      const log = (await core.call('audit.list', { limit: 20 })).filter((e) => e.action === 'read-card');
      expect(log).toHaveLength(4);
      expect(log.map((e) => JSON.parse(e.detail))).toEqual(
        expect.arrayContaining([
          { source: 'image', ok: true, id: maskIdNumbers(card.id) },
          { source: 'scanner', ok: false, error: 'mangled' },
        ]),
      );
      const raw = new Database(databasePath(core.dataDir), { readonly: true });
      const dump = JSON.stringify(raw.prepare('SELECT * FROM audit_log').all());
      raw.close();
      expect(dump).not.toContain(card.id);
      expect(dump).not.toContain('Bích Ngọc');
    } finally {
      await core.close();
    }
  }, 60_000);

  it('idcard.readFront: the OCR fallback returns the printed fields to check, audits the read with the ID hashed', async () => {
    const printed = ['CĂN CƯỚC CÔNG DÂN', 'Số / No.: 079195004321', 'Họ và tên / Full name:', 'TRẦN THỊ BÍCH NGỌC', 'Ngày sinh / Date of birth: 23/11/1995', 'Giới tính / Sex: Nam'].join('\n');
    let text = printed;
    const { core } = await readyCore({ idleLockMinutes: 0, now: () => new Date('2026-11-02T08:05:00+07:00'), ocrFactory: async () => fakeOcr(() => text) });
    try {
      const png = await sharp({ create: { width: 600, height: 380, channels: 3, background: '#ffffff' } }).png().toBuffer();
      const file = { name: 'front.png', dataBase64: png.toString('base64') };
      const r = await core.call('idcard.readFront', { file });
      // The ID says female (4th digit 1): kept, with the reason, never passed as valid.
      expect(r).toEqual({
        ok: true,
        kind: 'cccd',
        fields: {
          id: { value: '079195004321', problem: expect.stringContaining('giới tính') },
          name: { value: 'Trần Thị Bích Ngọc', problem: null },
          dob: { value: '1995-11-23', problem: null },
          sex: { value: 'Nam', problem: null },
        },
      });
      text = 'Biên bản họp tổ dân phố';
      expect(await core.call('idcard.readFront', { file })).toMatchObject({ ok: false, error: 'no-fields' });
      const log = (await core.call('audit.list', { limit: 20 })).filter((e) => e.action === 'read-card').map((e) => JSON.parse(e.detail));
      expect(log).toEqual(expect.arrayContaining([{ source: 'ocr', ok: true, id: maskIdNumbers('079195004321') }, { source: 'ocr', ok: false, error: 'no-fields' }]));
      expect(JSON.stringify(log)).not.toContain('079195004321');
    } finally {
      await core.close();
    }
  }, 60_000);
});
