// The webPreferences every window of the app is created with (the officer's window and the
// citizen window): one function, so a window cannot be made with weaker settings. No `electron`
// import at run time (tests run it in plain Node).
import type { WebPreferences } from 'electron';

export interface SecureWebPreferencesOptions {
  /** Absolute path of the (sandboxed) preload bundle. */
  preload: string;
  /** DevTools only for developers (unpackaged) or IT troubleshooting with --devtools. */
  devTools: boolean;
  /** A session partition of its own (the citizen window: no storage, no files of the officer's). */
  partition?: string;
}

export function secureWebPreferences(opts: SecureWebPreferencesOptions): WebPreferences {
  return {
    preload: opts.preload,
    ...(opts.partition ? { partition: opts.partition } : {}),
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    devTools: opts.devTools,
  };
}
