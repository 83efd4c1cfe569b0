// The national portal through the provincial integration gateway (LGSP), as the open
// implementations in ../shared/domain/one-stop-rules.md §9 call it: a session token from the
// gateway's login, then every call a POST of {session, madonvi, service, ...}; error_code 0 is
// success; "already exists" means resend as an update. Our reading where no document is public:
// the login answers {session}; an expired or unknown session answers error_code -1 (or a message
// naming the session), and the adapter logs in again and repeats the call once.
import { PortalUnavailable, type NationalDossier, type PortalAdapter, type PortalAnswer, type ProgressStep } from './adapter';

export interface LgspOptions {
  /** The gateway's service endpoint (every call POSTs here). */
  serviceUrl: string;
  /** The gateway's login endpoint ({username, password} → {session}). */
  authUrl: string;
  username: string;
  password: string;
  /** The province's unit code at the portal. */
  madonvi: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const ALREADY_EXISTS = /đã tồn tại|already exist/i;
const SESSION_PROBLEM = /session|phiên/i;

export class LgspPortalAdapter implements PortalAdapter {
  private session: string | null = null;
  private readonly fetch: typeof fetch;

  constructor(private readonly opts: LgspOptions) {
    this.fetch = opts.fetch ?? fetch;
  }

  private async post(url: string, body: unknown): Promise<unknown> {
    let res: Response;
    try {
      res = await this.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 30_000),
      });
    } catch (e) {
      throw new PortalUnavailable(`Không kết nối được cổng LGSP: ${(e as Error).message}`);
    }
    const text = await res.text();
    if (res.status >= 500 || res.status === 429) throw new PortalUnavailable(`Cổng LGSP trả lỗi HTTP ${res.status}`, res.status);
    try {
      return JSON.parse(text);
    } catch {
      throw new PortalUnavailable(`Cổng LGSP trả về dữ liệu không đọc được (HTTP ${res.status})`, res.status);
    }
  }

  private async login(): Promise<string> {
    const r = (await this.post(this.opts.authUrl, { username: this.opts.username, password: this.opts.password })) as { session?: unknown; error_code?: unknown; message?: unknown };
    if (typeof r.session !== 'string' || !r.session) throw new PortalUnavailable(`Không lấy được phiên làm việc từ cổng LGSP: ${String(r.message ?? '')}`);
    this.session = r.session;
    return r.session;
  }

  private async call(service: string, body: Record<string, unknown>): Promise<PortalAnswer> {
    for (let attempt = 0; ; attempt++) {
      const session = this.session ?? (await this.login());
      const raw = (await this.post(this.opts.serviceUrl, { session, madonvi: this.opts.madonvi, service, ...body })) as Record<string, unknown>;
      const errorCode = (raw.error_code ?? null) as number | string | null;
      const message = String(raw.message ?? raw.error_message ?? '');
      const ok = errorCode === 0 || errorCode === '0';
      if (!ok && attempt === 0 && (errorCode === -1 || errorCode === '-1' || SESSION_PROBLEM.test(message))) {
        this.session = null;
        continue;
      }
      return { ok, alreadyExists: !ok && ALREADY_EXISTS.test(message), errorCode, message, raw };
    }
  }

  async lookup(maHoSo: string): Promise<{ found: boolean; answer: PortalAnswer }> {
    const answer = await this.call('TraCuuHoSo', { mahoso: maHoSo });
    const result = (answer.raw as { result?: unknown }).result;
    return { found: answer.ok && result !== null && result !== undefined && !(Array.isArray(result) && result.length === 0), answer };
  }

  pushDossiers(batch: NationalDossier[], isUpdating: boolean): Promise<PortalAnswer> {
    return this.call('DongBoHoSoMC', { isUpdating, data: batch });
  }

  pushProgress(steps: ProgressStep[]): Promise<PortalAnswer> {
    return this.call('CapNhatTienDoHoSoMC', { data: steps });
  }
}
