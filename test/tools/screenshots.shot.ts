// A tool, not a test: `npm run screenshots` (playwright.screenshots.config.ts) takes a picture of
// every area with some data in it, for visual review: test-results/areas/*.png. `npm test` does not
// run it and counts nothing from it. (The shell alone is test-results/shell.png, from app.spec.ts.)
import path from 'node:path';
import { expect, expectShell, openApp, test } from '../e2e/fixtures';

const OUT = path.resolve(__dirname, '..', '..', 'test-results', 'areas');
const AREAS = ['tiep-nhan', 'so-hoa', 'huong-dan-truc-tuyen', 'ho-so', 'thong-ke', 'dong-bo', 'cai-dat'];

/** Waits for running CSS transitions (drawer slide-in, fading dropdowns) so pictures are not mid-motion. */
async function settled(page: import('@playwright/test').Page): Promise<void> {
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
}

test('chụp ảnh từng khu vực', async ({ page, host, api }) => {
  await api.ensureSignedIn();
  const proc = await api.createProcedure();
  const dossier = await api.createDossier(proc.id, 'Phạm Minh Châu');
  await openApp(page, host);
  await expectShell(page);
  for (let i = 0; i < AREAS.length; i++) {
    await page.keyboard.press(`Alt+${i + 1}`);
    await expect(page).toHaveURL(new RegExp(`#/${AREAS[i]}`));
    await page.waitForLoadState('networkidle');
    await settled(page);
    await page.screenshot({ path: path.join(OUT, `${i + 1}-${AREAS[i]}.png`) });
  }
  await page.keyboard.press('Alt+1');
  await page.getByTestId('procedure-item').first().click();
  await page.screenshot({ path: path.join(OUT, '1b-tiep-nhan-form.png') });
  await page.keyboard.press('Alt+4');
  await page.getByTestId('dossier-row').filter({ hasText: dossier.code }).click();
  await expect(page.getByRole('dialog')).toContainText(dossier.code);
  await settled(page);
  await page.screenshot({ path: path.join(OUT, '4b-ho-so-chi-tiet.png') });
});
