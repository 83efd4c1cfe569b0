// Shared fixtures for the e2e specs: the running host, a typed-enough API helper over `request`, and
// "make sure the unit is set up and an officer is signed in" so each spec can also run alone.
import crypto from 'node:crypto';
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';
import { parseHostUrl, startHost, type RunningHost } from './host';
import { SAMPLE_PROCEDURE } from '../helpers/samples';

export const UNIT = {
  unitCode: '000.00.53.H48',
  unitName: 'Trung tâm Phục vụ hành chính công xã Tân Lập',
  unitLevel: 'Cấp xã',
};
export const ADMIN = { username: 'quantri', fullName: 'Nguyễn Thị Quản Trị', pin: '246810' };

export interface HostInfo {
  url: string;
  origin: string;
  token: string;
  /** The test's own session (a browser tab's id): the API helper and the page share it. */
  sessionId: string;
}

export function newSessionId(): string {
  return `e2e${crypto.randomBytes(12).toString('hex')}`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CallResult = { ok: true; result: any } | { ok: false; error: { code: string; message: string } };

export class HostApi {
  constructor(
    private readonly request: APIRequestContext,
    readonly host: HostInfo,
  ) {}

  async call(method: string, input: unknown = {}): Promise<CallResult> {
    const res = await this.request.post(`${this.host.origin}/api/${method}`, {
      headers: { 'x-motcua-token': this.host.token, 'x-motcua-session': this.host.sessionId, 'content-type': 'application/json' },
      data: input,
    });
    return (await res.json()) as CallResult;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async ok<T = any>(method: string, input: unknown = {}): Promise<T> {
    const r = await this.call(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
    return r.result as T;
  }

  /** First run (if needed) and a signed-in administrator in this test's session. */
  async ensureSignedIn(): Promise<void> {
    const info = await this.ok<{ needsSetup: boolean; session: unknown }>('app.info');
    if (info.needsSetup) await this.ok('setup.initialize', { ...UNIT, ...ADMIN });
    else if (!info.session) await this.ok('auth.signIn', { username: ADMIN.username, pin: ADMIN.pin });
  }

  async createProcedure(overrides: Record<string, unknown> = {}): Promise<{ id: string; code: string; name: string }> {
    const suffix = Math.random().toString(36).slice(2, 7);
    return this.ok('procedures.upsert', {
      ...SAMPLE_PROCEDURE,
      code: `1.00${suffix}`,
      name: `Đăng ký khai sinh ${suffix}`,
      ...overrides,
    });
  }

  async createDossier(procedureId: string, applicantName = 'Trần Văn Bình'): Promise<{ id: string; code: string; components: { id: string; name: string }[] }> {
    return this.ok('dossiers.create', {
      procedureId,
      channel: 1,
      applicant: { name: applicantName, idNumber: '001203004567', address: 'Thôn Đông, xã Tân Lập', phone: '0912345678', email: '' },
      components: [
        { name: 'Tờ khai đăng ký khai sinh', required: true, copies: 1, received: true },
        { name: 'Giấy chứng sinh', required: true, copies: 1, received: true },
      ],
      note: '',
    });
  }
}

function sharedHost(): HostInfo {
  const url = process.env.MOTCUA_E2E_URL;
  if (!url) throw new Error('MOTCUA_E2E_URL chưa có: global setup chưa khởi động máy chủ.');
  return { url, ...parseHostUrl(url), sessionId: newSessionId() };
}

/**
 * Opens the app with the token URL (the page then stores it and removes it from the address bar),
 * as the tab of the test's session (so what the API helper signed in is what the page shows).
 */
export async function openApp(page: Page, host: HostInfo, hash = ''): Promise<void> {
  await page.addInitScript((id) => {
    try {
      window.sessionStorage.setItem('motcua.session', id);
    } catch {
      // about:blank has no storage; the app's own page does.
    }
  }, host.sessionId);
  await page.goto(`${host.url}${hash}`);
}

export async function expectShell(page: Page): Promise<void> {
  await expect(page.getByTestId('shell')).toBeVisible();
}

export const test = base.extend<{ host: HostInfo; api: HostApi; freshHost: RunningHost }>({
  host: async ({}, use) => {
    await use(sharedHost());
  },
  api: async ({ request, host }, use) => {
    await use(new HostApi(request, host));
  },
  /** A host of its own, on an empty data folder (for first-run setup). */
  freshHost: async ({}, use) => {
    const h = await startHost({ label: 'fresh' });
    try {
      await use(h);
    } finally {
      await h.stop();
    }
  },
});

export { expect };
