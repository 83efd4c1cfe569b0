// Starts one browser host for the whole e2e run and stops it at the end. Workers read its address
// from MOTCUA_E2E_URL (set here; Playwright passes globalSetup's env to the workers). Set
// MOTCUA_E2E_URL yourself to run the specs against a host you started.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHost } from './host';
import { makeTestP12 } from '../helpers/certificates';
import { makeSoftToken, pkcs11jsAvailable, softHsmLibrary } from '../helpers/softhsm';
import { ADMIN } from './fixtures';

/**
 * A SoftHSM2 token with the administrator's certificate, for the USB-token spec: the host inherits
 * SOFTHSM2_CONF, the specs read MOTCUA_E2E_TOKEN. Without SoftHSM2 or pkcs11js the spec says why
 * it skips.
 */
function softToken(): string | null {
  if (!softHsmLibrary()) return 'SoftHSM2 chưa được cài (apt-get install softhsm2)';
  if (!pkcs11jsAvailable()) return 'pkcs11js (phụ thuộc tùy chọn) chưa được cài';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-e2e-token-'));
  const token = makeSoftToken(dir, makeTestP12({ cn: ADMIN.fullName, org: 'UBND xã Tân Lập', now: new Date() /* the host's real clock */ }), { label: 'motcua-e2e' });
  process.env.MOTCUA_E2E_TOKEN = JSON.stringify(token);
  tokenDir = dir;
  return null;
}
let tokenDir: string | null = null;

export default async function globalSetup(): Promise<(() => Promise<void>) | void> {
  if (process.env.MOTCUA_E2E_URL) return;
  const noToken = softToken();
  if (noToken) process.env.MOTCUA_E2E_NO_TOKEN = noToken;
  const host = await startHost({ label: 'shared' });
  process.env.MOTCUA_E2E_URL = host.url;
  process.env.MOTCUA_E2E_DATA_DIR = host.dataDir;
  return async () => {
    await host.stop();
    if (tokenDir) fs.rmSync(tokenDir, { recursive: true, force: true });
  };
}
