// `idcard.read` and `idcard.parse`: a citizen card read at the desk, from an image (upload, scan or
// document-camera frame) or from the line a keyboard-mode 2D scanner typed. The card's contents are
// returned to the officer's screen only: never logged, never stored here (the dossier stores what
// the officer then saves). Each read leaves one audit entry with the ID number hashed.
import type { CardFrontReadResult, CardReadResult, MethodParsedInput } from '../../shared/contract/api';
import { parseCitizenCard } from '../../shared/domain/citizen-card';
import { maskIdNumbers } from '../services/audit-log';
import { audit, type ServiceContext } from '../services/context';
import type { OcrEngine } from '../services/ocr-engine';
import { readCardFront } from './read-front';
import { readCardFile, type CardRead } from './read-qr';

function auditRead(ctx: ServiceContext, source: 'image' | 'scanner', r: CardRead | CardReadResult): void {
  const detail = r.ok ? { source, ok: true, id: maskIdNumbers(r.card.id) } : { source, ok: false, error: r.error };
  ctx.store.tx(() => audit(ctx, 'read-card', 'citizen-card', null, detail));
}

function view(r: CardRead): CardReadResult {
  return r.ok ? { ok: true, card: r.card } : { ok: false, error: r.error, message: r.message };
}

export async function readCard(ctx: ServiceContext, input: MethodParsedInput<'idcard.read'>): Promise<CardReadResult> {
  const r = await readCardFile({ name: input.file.name, data: Buffer.from(input.file.dataBase64, 'base64') }, { now: ctx.now().getTime() });
  auditRead(ctx, 'image', r);
  return view(r);
}

export function parseCard(ctx: ServiceContext, input: MethodParsedInput<'idcard.parse'>): CardReadResult {
  const p = parseCitizenCard(input.text, { now: ctx.now().getTime() });
  const r: CardReadResult = p.ok ? { ok: true, card: p.card } : { ok: false, error: p.kind, message: p.message };
  auditRead(ctx, 'scanner', r);
  return r;
}

/** OCR of the card's front when its QR cannot be read: every value is returned to check. */
export async function readFront(ctx: ServiceContext, input: MethodParsedInput<'idcard.readFront'>, engine: () => Promise<Pick<OcrEngine, 'recognize'>>): Promise<CardFrontReadResult> {
  const r = await readCardFront({ name: input.file.name, data: Buffer.from(input.file.dataBase64, 'base64') }, await engine(), { now: ctx.now().getTime() });
  const id = r.ok ? r.front.fields.id?.value : undefined;
  ctx.store.tx(() => audit(ctx, 'read-card', 'citizen-card', null, r.ok ? { source: 'ocr', ok: true, ...(id ? { id: maskIdNumbers(id) } : {}) } : { source: 'ocr', ok: false, error: r.error }));
  return r.ok ? { ok: true, kind: r.front.kind, fields: r.front.fields } : { ok: false, error: r.error, message: r.message };
}
