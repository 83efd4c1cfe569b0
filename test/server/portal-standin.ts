// A stand-in for the national portal behind the provincial gateway (LGSP), for tests: login,
// TraCuuHoSo, DongBoHoSoMC, CapNhatTienDoHoSoMC, with faults to inject (5xx, expired sessions,
// an answer lost after the portal acted, a lookup that does not yet see a dossier).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandinState {
  dossiers: Map<string, Record<string, unknown>>;
  /** How many times each dossier was created (must stay 1). */
  creates: Map<string, number>;
  updates: Map<string, number>;
  /** History steps by dossier, identical steps kept once (the portal's idempotency, our reading). */
  steps: Map<string, Record<string, unknown>[]>;
  calls: { service: string; body: Record<string, unknown> }[];
  logins: number;
}

export interface Standin {
  url: string;
  authUrl: string;
  serviceUrl: string;
  state: StandinState;
  /** The next n service calls answer HTTP 500 without doing anything. */
  failNext(n: number): void;
  /** The next n calls (of `service`, or any) do their work, then answer HTTP 502 (the answer is lost). */
  loseAnswers(n: number, service?: string): void;
  /** Every current session becomes invalid. */
  expireSessions(): void;
  /** TraCuuHoSo answers "not found" for these codes even when they exist. */
  blindLookup: Set<string>;
  close(): Promise<void>;
}

export async function startPortalStandin(): Promise<Standin> {
  const state: StandinState = { dossiers: new Map(), creates: new Map(), updates: new Map(), steps: new Map(), calls: [], logins: 0 };
  const sessions = new Set<string>();
  let fail = 0;
  let lose = 0;
  let loseService: string | undefined;
  const blindLookup = new Set<string>();

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    const reply = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    if (req.url === '/auth') {
      state.logins++;
      if (body.username !== 'motcua' || body.password !== 'matkhau') return reply(200, { error_code: 1, message: 'Sai tài khoản' });
      const s = `s${state.logins}-${Math.random().toString(36).slice(2)}`;
      sessions.add(s);
      return reply(200, { session: s });
    }
    state.calls.push({ service: body.service, body });
    if (fail > 0) {
      fail--;
      return reply(500, { message: 'Internal Server Error' });
    }
    if (!sessions.has(body.session)) return reply(200, { error_code: -1, message: 'Session không hợp lệ hoặc đã hết hạn' });
    if (!body.madonvi) return reply(200, { error_code: 3, message: 'Thiếu madonvi' });
    let answer: Record<string, unknown>;
    switch (body.service) {
      case 'TraCuuHoSo': {
        const d = blindLookup.has(body.mahoso) ? undefined : state.dossiers.get(body.mahoso);
        answer = { error_code: 0, message: d ? 'Thành công' : 'Không tìm thấy hồ sơ', result: d ?? null };
        break;
      }
      case 'DongBoHoSoMC': {
        answer = { error_code: 0, message: 'Thành công' };
        for (const d of body.data as Record<string, unknown>[]) {
          const code = String(d.MaHoSo);
          if (!/^\d{14}$/.test(String(d.NgayTiepNhan))) {
            answer = { error_code: 4, message: `NgayTiepNhan sai định dạng: ${d.NgayTiepNhan}` };
            break;
          }
          if (!body.isUpdating && state.dossiers.has(code)) {
            answer = { error_code: 2, message: `Hồ sơ ${code} đã tồn tại` };
            break;
          }
          if (body.isUpdating && !state.dossiers.has(code)) {
            answer = { error_code: 5, message: `Không tìm thấy hồ sơ ${code} để cập nhật` };
            break;
          }
          state.dossiers.set(code, d);
          const m = body.isUpdating ? state.updates : state.creates;
          m.set(code, (m.get(code) ?? 0) + 1);
        }
        break;
      }
      case 'CapNhatTienDoHoSoMC': {
        answer = { error_code: 0, message: 'Thành công' };
        for (const s of body.data as Record<string, unknown>[]) {
          const code = String(s.MaHoSo);
          if (!state.dossiers.has(code)) {
            answer = { error_code: 5, message: `Không tìm thấy hồ sơ ${code}` };
            break;
          }
          const list = state.steps.get(code) ?? [];
          if (!list.some((x) => JSON.stringify(x) === JSON.stringify(s))) list.push(s);
          state.steps.set(code, list);
        }
        break;
      }
      default:
        answer = { error_code: 9, message: `Dịch vụ không tồn tại: ${body.service}` };
    }
    if (lose > 0 && (!loseService || loseService === body.service)) {
      lose--;
      return reply(502, { message: 'Bad Gateway' });
    }
    reply(200, answer);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    authUrl: `${url}/auth`,
    serviceUrl: `${url}/service`,
    state,
    failNext: (n) => void (fail = n),
    loseAnswers: (n, service) => {
      lose = n;
      loseService = service;
    },
    expireSessions: () => sessions.clear(),
    blindLookup,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
