// What the desk shows of its own sync (the Đồng bộ screen, `motcua sync status --json`): the wire
// protocol with the province receiver is in ./sync.ts.
import { z } from 'zod';
import { InstantSchema } from '../domain/schemas';
import { DeskRoleSchema, OutboxKindSchema } from './sync';

export const SyncFailedItemSchema = z.object({
  seq: z.number().int(),
  kind: OutboxKindSchema,
  entityId: z.string(),
  /** The dossier's code when the item is about a dossier. */
  dossierCode: z.string().nullable(),
  code: z.string().nullable(),
  /** Why it was set aside (Vietnamese, from the receiver or the desk). */
  message: z.string().nullable(),
  at: z.string(),
  attempts: z.number().int(),
});
export type SyncFailedItem = z.infer<typeof SyncFailedItemSchema>;

export const SyncStatusSchema = z.object({
  /** The machine policy names a receiver (upstreamUrl). */
  configured: z.boolean(),
  upstreamUrl: z.string().nullable(),
  enrolled: z.boolean(),
  deskId: z.string().nullable(),
  unitCode: z.string().nullable(),
  role: DeskRoleSchema.nullable(),
  /** How the enrollment secret is kept: encrypted by the OS, or the plain-file fallback (0600). */
  secretProtection: z.enum(['encrypted', 'plain-file']),
  /** null: never tried; false: the last pass could not reach the receiver. */
  online: z.boolean().nullable(),
  running: z.boolean(),
  lastAttemptAt: InstantSchema.nullable(),
  lastSuccessAt: InstantSchema.nullable(),
  lastError: z.string().nullable(),
  clockWarning: z.string().nullable(),
  counts: z.object({ pending: z.number().int(), failed: z.number().int(), done: z.number().int() }),
  failed: z.array(SyncFailedItemSchema),
  upload: z.object({ sha256: z.string(), sent: z.number().int(), total: z.number().int() }).nullable(),
  /** When changes were last pulled from the receiver (null: never). */
  lastPulledAt: InstantSchema.nullable(),
  /** Dossiers received at other desks of the unit held here read-only (a supervisor's install), and from how many desks. */
  remote: z.object({ dossiers: z.number().int(), desks: z.number().int() }),
  /**
   * Pulled changes waiting for their dossier (a step or file that came first), and the codes of
   * other desks' dossiers not held because this install already uses the code.
   */
  parked: z.object({ changes: z.number().int(), codeTaken: z.array(z.string()) }),
});
export type SyncStatus = z.infer<typeof SyncStatusSchema>;

export const SyncPassSchema = z.object({
  ok: z.boolean(),
  uploaded: z.number().int(),
  accepted: z.number().int(),
  duplicate: z.number().int(),
  rejected: z.number().int(),
  pulled: z.number().int(),
  applied: z.number().int(),
  pending: z.number().int(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  clockWarning: z.string().nullable(),
});
export type SyncPass = z.infer<typeof SyncPassSchema>;
