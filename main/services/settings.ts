import { DEFAULT_PORTAL_URL_TEMPLATE } from '../../shared/domain/portal-link';
import { SettingsSchema, type Settings } from '../../shared/contract/api';
import { DEFAULT_DOSSIER_CODE_PATTERN } from '../../shared/domain/dossier-code';
import { audit, requireRole, type ServiceContext } from './context';

export const DEFAULT_SETTINGS: Settings = {
  unitName: '',
  deskName: 'Quầy 1',
  dossierCodePattern: DEFAULT_DOSSIER_CODE_PATTERN,
  ocrLanguages: 'vie',
  lowConfidenceThreshold: 60,
  scanDpi: 300,
  scanColor: true,
  watchFolder: '',
  portalUrlTemplate: DEFAULT_PORTAL_URL_TEMPLATE,
  tokenLibraries: [],
  campaign: null,
};

/** Stored values override defaults key by key; a stored value that no longer validates is ignored. */
export function getSettings(ctx: ServiceContext): Settings {
  const stored = ctx.store.settings.all();
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const [key, value] of Object.entries(stored)) {
    const field = SettingsSchema.shape[key as keyof Settings];
    if (field && field.safeParse(value).success) merged[key] = value;
  }
  return SettingsSchema.parse(merged);
}

export function updateSettings(ctx: ServiceContext, patch: Partial<Settings>): Settings {
  requireRole(ctx, 'admin', 'supervisor');
  return ctx.store.tx(() => {
    const before = getSettings(ctx);
    const changed: Record<string, { from: unknown; to: unknown }> = {};
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      if (JSON.stringify(before[key as keyof Settings]) === JSON.stringify(value)) continue;
      ctx.store.settings.set(key, value);
      changed[key] = { from: before[key as keyof Settings], to: value };
    }
    if (Object.keys(changed).length) audit(ctx, 'update', 'settings', null, changed);
    return getSettings(ctx);
  });
}
