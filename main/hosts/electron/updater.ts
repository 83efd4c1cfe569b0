// Seam for automatic updates. Nothing is downloaded today: electron-updater is not a dependency.
//
// How it plugs in (once the lead adds `electron-updater`):
//   import { autoUpdater } from 'electron-updater';
//   autoUpdater.setFeedURL({ provider: 'generic', url });   // url from `updateFeedUrl()` below
//   autoUpdater.autoDownload = true; autoUpdater.autoInstallOnAppQuit = true;
//   await autoUpdater.checkForUpdates();                    // errors → log only, never a dialog
// The generic provider reads latest.yml (Windows) / latest-linux.yml next to the installers on
// any static web server or file share that IT controls (electron-builder.yml `publish` holds a
// placeholder). IT can point PCs elsewhere without rebuilding via MOTCUA_UPDATE_URL, or turn
// updates off with MOTCUA_UPDATE_URL=off (GPO/SCCM-managed desks update by redeploying the MSI).
// Per-machine NSIS installs need elevation to update; electron-updater handles that via the
// elevate helper that the NSIS target packs.

export interface Updater {
  /** Looks for an update in the background; never throws. */
  check(): Promise<void>;
}

/** The feed URL IT configured, or null when updates are disabled/not configured. */
export function updateFeedUrl(env: NodeJS.ProcessEnv): string | null {
  const v = env.MOTCUA_UPDATE_URL?.trim();
  if (!v || v.toLowerCase() === 'off') return null;
  try {
    const u = new URL(v);
    // Only https (or a file share mapped as file://) — never plain http for executable updates.
    return u.protocol === 'https:' || u.protocol === 'file:' ? u.toString() : null;
  } catch {
    return null;
  }
}

export function createUpdater(_opts: { isPackaged: boolean; env: NodeJS.ProcessEnv; log: (m: string) => void }): Updater {
  return {
    async check() {
      // Intentionally a no-op until electron-updater is added (see the comment at the top).
    },
  };
}
