// Where Chromium's own files go, derived from the app's data folder. No `electron` import.
import path from 'node:path';
import { APP_FOLDER_NAME, defaultDataDir } from '../../config/data-dir';

export interface ElectronPaths {
  /** Chromium profile + single-instance lock + window state: one per data folder. */
  userData: string;
  /** Caches, local storage, GPU/code cache. */
  sessionData: string;
}

export function electronPaths(dataDir: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform, homedir: string): ElectronPaths {
  const p = platform === 'win32' ? path.win32 : path.posix;
  // A sub-folder keeps Chromium's files apart from the core's database and scans (backups, doctor).
  const userData = p.join(dataDir, 'electron');
  // The default data folder on Windows is %APPDATA% (Roaming). Chromium's caches must not roam
  // with the profile on domain PCs, so they go to %LOCALAPPDATA% when the default is in use.
  if (platform === 'win32' && env.LOCALAPPDATA && p.resolve(dataDir).toLowerCase() === p.resolve(defaultDataDir(env, platform, homedir)).toLowerCase()) {
    return { userData, sessionData: p.join(env.LOCALAPPDATA, APP_FOLDER_NAME, 'Session') };
  }
  return { userData, sessionData: userData };
}
