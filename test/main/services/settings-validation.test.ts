// Cài đặt refuses, with the reason, what would not work: a scan resolution under the 200-dpi rule,
// a watched folder that does not exist or is a file. The test policy allows folders under the temp folder.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testCore, SAMPLE_UNIT } from '../../helpers/core';
import { tempDir } from '../../helpers/temp';

describe('settings.update checks values when saved', () => {
  it('refuses a scan resolution outside 200–1200 DPI, in Vietnamese', async () => {
    const core = await testCore();
    await core.call('setup.initialize', SAMPLE_UNIT);
    for (const scanDpi of [100, 150, 199]) {
      expect(await core.dispatch('settings.update', { scanDpi })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('từ 200 đến 1200 DPI') } });
    }
    expect(await core.dispatch('settings.update', { scanDpi: 200 })).toMatchObject({ ok: true, result: { scanDpi: 200 } });
    await core.close();
  });

  it('refuses a watched folder that is missing or a file, and says which', async () => {
    const core = await testCore();
    await core.call('setup.initialize', SAMPLE_UNIT);
    const home = tempDir('motcua-watch-');
    try {
      const missing = path.join(home, 'khong-co');
      expect(await core.dispatch('settings.update', { watchFolder: missing })).toMatchObject({ ok: false, error: { message: expect.stringContaining(`«${missing}» không tồn tại`) } });
      const file = path.join(home, 'tep.txt');
      fs.writeFileSync(file, '');
      expect(await core.dispatch('settings.update', { watchFolder: file })).toMatchObject({ ok: false, error: { message: expect.stringContaining('không phải thư mục') } });
      expect(await core.dispatch('settings.update', { watchFolder: home })).toMatchObject({ ok: true, result: { watchFolder: home } });
    } finally {
      await core.close();
    }
  });
});
