// Printed receipts (Form 01) for received dossiers, and the other papers made on request (Forms
// 02–06 and the register's Excel, main/services/forms.ts), served the same way (file kind 'receipt'). The PDF is made on request from the dossier as
// stored, written content-addressed beside the other files, and served only while this core runs
// (a receipt is reprinted from the dossier, never kept as a record of its own).
import path from 'node:path';
import { buildReceiptPdf } from '../pdf/receipt-pdf';
import { BlobStore } from '../storage/blob-store';
import type { StoredFile } from '../core/types';
import { audit, requireSession, type AppContext, type ServiceContext } from './context';
import { getDossier } from './dossiers';
import { getSettings } from './settings';

export interface Receipts {
  issue(ctx: ServiceContext, dossierId: string): Promise<{ fileId: string; fileName: string }>;
  resolve(fileId: string): StoredFile | null;
  /** Keeps a paper made on request (Forms 02–06, the register's Excel) to be served like a receipt. */
  keep(bytes: Uint8Array, ext: 'pdf' | 'xlsx', fileName: string): Promise<{ fileId: string; fileName: string }>;
}

const MIME: Record<string, string> = { pdf: 'application/pdf', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };

export function createReceipts(app: AppContext): Receipts {
  const blobs = new BlobStore(path.join(app.dataDir, 'files'));
  const issued = new Map<string, { name: string; ext: string }>();
  return {
    async issue(ctx, dossierId) {
      const session = requireSession(ctx);
      const d = getDossier(ctx, dossierId);
      const procedure = ctx.store.procedures.get(d.procedureId);
      const settings = getSettings(ctx);
      const officer = d.officerId ? ctx.store.people.officer(d.officerId) : null;
      const unitName = settings.unitName || session.unit.name;
      const pdf = await buildReceiptPdf({
        unitName,
        // The desk of the officer who received the dossier, else the one printing, else the PC's.
        deskName: officer?.desk || session.desk || settings.deskName,
        dossierCode: d.code,
        procedureCode: d.procedureCode,
        procedureName: d.procedureName,
        processingDays: procedure?.processingDays ?? 0,
        processingHours: procedure?.processingHours ?? null,
        applicant: d.applicant,
        // Only what was actually handed in is listed.
        components: d.components.filter((c) => c.received).map((c) => ({ name: c.name, copies: c.copies })),
        // …and the required ones that were not: the citizen's copy says what is still owed.
        missing: d.components.filter((c) => c.required && !c.received).map((c) => c.name),
        receivedAt: new Date(d.receivedAt),
        dueAt: d.dueAt ? new Date(d.dueAt) : null,
        officerName: officer?.fullName ?? session.officer.fullName,
        issuedAt: ctx.now(),
        systemName: `Một Cửa Số — ${unitName}`,
      });
      const ref = await blobs.put(pdf, 'pdf');
      const fileName = `${d.code}-giay-tiep-nhan.pdf`;
      issued.set(ref.id, { name: fileName, ext: 'pdf' });
      audit(ctx, 'receipt', 'dossier', d.id, { code: d.code });
      return { fileId: ref.id, fileName };
    },
    resolve(fileId) {
      const f = issued.get(fileId);
      if (!f) return null;
      return { path: blobs.pathOf(fileId, f.ext), mime: MIME[f.ext]!, name: f.name };
    },
    async keep(bytes, ext, fileName) {
      const ref = await blobs.put(bytes, ext);
      issued.set(ref.id, { name: fileName, ext });
      return { fileId: ref.id, fileName };
    },
  };
}
