// IT's one-time enrollment token in the machine policy: a desk not yet enrolled enrolls itself (named
// after the computer) once the receiver answers, audits it, never shows the token back; a used token
// is refused once with a Vietnamese reason and not tried again.
import os from 'node:os';
import { describe, expect, it, vi } from 'vitest';
import { createEnrollmentToken } from '../../../server/sync/receiver';
import { createCore } from '../../../main/core/create-core';
import { POLICY_ENROLL_REFUSED } from '../../../main/services/sync';
import { asCaller, SAMPLE_UNIT, TEST_POLICY } from '../../helpers/core';
import { tempDir } from '../../helpers/temp';
import { postgresProblem, type Receiver } from '../../server/helpers';
import { receiverForFile } from '../../server/receiver-per-file';

const skip = await postgresProblem();

describe.skipIf(skip)('enrollment from the machine policy', () => {
  let r: Receiver;
  receiverForFile((x) => (r = x));

  async function desk(token: string) {
    const enrollCalls: string[] = [];
    const syncFetch = (async (input: string | URL | Request, init?: RequestInit) => {
      if (String(input).endsWith('/v1/enroll')) enrollCalls.push(String(init?.body));
      return fetch(input, init);
    }) as typeof fetch;
    const core = asCaller(
      await createCore({ dataDir: tempDir(), host: 'test', now: () => new Date(r.clock.now()), ocrPoolSize: 1, policy: { ...TEST_POLICY, upstreamUrl: r.base, syncEnrollmentToken: token }, syncIntervalMs: 40, syncFetch }),
      `w-${token.slice(0, 6)}`,
    );
    await core.call('setup.initialize', SAMPLE_UNIT);
    return { core, enrollCalls };
  }

  it('enrolls itself with the token, audits it and shows only that a token is set', async () => {
    const token = await createEnrollmentToken(r.db, r.clock, { unitCode: SAMPLE_UNIT.unitCode });
    const { core, enrollCalls } = await desk(token);
    try {
      await vi.waitFor(async () => expect(await core.call('sync.status')).toMatchObject({ enrolled: true, unitCode: SAMPLE_UNIT.unitCode }), { timeout: 15_000, interval: 50 });
      expect(enrollCalls).toHaveLength(1);
      expect(JSON.parse(enrollCalls[0]!)).toEqual({ token, deskName: os.hostname() });
      const audit = (await core.call('audit.list', { limit: 50 })).filter((a) => a.action === 'sync-enroll');
      expect(audit).toHaveLength(1);
      expect(JSON.parse(String(audit[0]!.detail))).toMatchObject({ via: 'policy', unitCode: SAMPLE_UNIT.unitCode });
      const policy = await core.call('policy.get');
      expect(policy.values.syncEnrollmentToken).toBe('••••••••');
      expect(JSON.stringify(policy)).not.toContain(token);
      // The desk's row at the receiver carries the computer's name.
      expect((await r.db.query('SELECT name FROM desks')).rows.map((x) => x.name)).toContain(os.hostname());

      // A second machine given the same (now used) token: refused once, with the reason, not retried.
      const other = await desk(token);
      try {
        await vi.waitFor(async () => expect((await other.core.call('sync.status')).lastError ?? '').toContain(POLICY_ENROLL_REFUSED), { timeout: 15_000, interval: 50 });
        const calls = other.enrollCalls.length;
        expect(calls).toBe(1);
        await new Promise((res) => setTimeout(res, 400)); // ten more ticks
        expect(other.enrollCalls).toHaveLength(calls);
        expect(await other.core.call('sync.status')).toMatchObject({ enrolled: false });
      } finally {
        await other.core.close();
      }
    } finally {
      await core.close();
    }
  });
});
