// Starts one browser host for the whole e2e run and stops it at the end. Workers read its address
// from MOTCUA_E2E_URL (set here; Playwright passes globalSetup's env to the workers). Set
// MOTCUA_E2E_URL yourself to run the specs against a host you started.
import { startHost } from './host';

export default async function globalSetup(): Promise<(() => Promise<void>) | void> {
  if (process.env.MOTCUA_E2E_URL) return;
  const host = await startHost({ label: 'shared' });
  process.env.MOTCUA_E2E_URL = host.url;
  process.env.MOTCUA_E2E_DATA_DIR = host.dataDir;
  return async () => {
    await host.stop();
  };
}
