// Applicant profiles from imported dossiers (issue 20): a dossier imported from the portal's history
// (`motcua import-dossiers`, Cài đặt → Nhập lịch sử hồ sơ) that names its applicant's 12-digit ID
// number updates that citizen's profile with source 'dossier', dated at the dossier's receipt, by no
// officer. A value is taken only where the profile has none for that field or holds an older one:
// a card read, an officer's entry or a later dossier is never overwritten by an older import.
import { checkCitizenId } from '../../shared/domain/citizen-id';
import type { ImportedDossier } from '../data/repos/history-import';
import type { ProfileValues, ValueSource } from '../data/repos/applicants';
import type { Store } from '../data/store';

export function recordImportedApplicant(store: Store, d: ImportedDossier): void {
  const idNumber = d.applicantIdNumber ?? '';
  if (!/^\d{12}$/.test(idNumber) || !checkCitizenId(idNumber).ok) return;
  const current = store.applicants.get(idNumber);
  const given: Partial<Pick<ProfileValues, 'name' | 'phone'>> = { name: d.applicantName, phone: d.applicantPhone ?? '' };
  const values: Partial<ProfileValues> = {};
  const prov: Partial<Record<'name' | 'phone', { source: ValueSource }>> = {};
  for (const [f, v] of Object.entries(given) as ['name' | 'phone', string][]) {
    if (!v) continue;
    const held = current?.provenance[f];
    if (current && current[f] && held && held.at >= d.receivedAt) continue;
    if (current && current[f] === v && held) continue;
    values[f] = v;
    prov[f] = { source: 'dossier' };
  }
  // A profile needs a name to be created.
  if (!current && !values.name) return;
  if (Object.keys(values).length === 0) return;
  store.applicants.set(idNumber, values, prov, d.receivedAt, null);
}
