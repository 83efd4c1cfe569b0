// The IPC_CALL handler body, without `electron`: main.ts extracts the sender facts from the
// IpcMainInvokeEvent and passes them here, so the gatekeeping is unit-tested in plain Node.
import { isMethodName, type CallResult } from '../../../shared/contract/api';
import { ERROR_MESSAGES } from '../../../shared/contract/errors';
import type { Core } from '../../core/types';
import { isTrustedSender } from './policy';

/** What main.ts knows about who sent an IPC_CALL. */
export interface SenderInfo {
  /** `event.senderFrame.url`, or null when the frame is gone (navigated away, destroyed). */
  frameUrl: string | null;
  /** The sending frame is the top-level frame of its WebContents. */
  isMainFrame: boolean;
  /** The sending WebContents is our main window's. */
  isOurWindow: boolean;
  /** The sending WebContents' id: each window is its own caller (session). */
  webContentsId: number;
}

/** The session of a window: main.ts names each window's session by its WebContents. */
export function windowSessionId(webContentsId: number): string {
  return `window:${webContentsId}`;
}

export function createCallHandler(core: Pick<Core, 'dispatch'>, log: (message: string) => void = () => {}) {
  return async function handleCall(sender: SenderInfo, method: unknown, input: unknown): Promise<CallResult<unknown>> {
    if (!sender.isOurWindow || !isTrustedSender(sender.frameUrl, sender.isMainFrame)) {
      log(`refused IPC call from untrusted sender ${String(sender.frameUrl)}`);
      return { ok: false, error: { code: 'FORBIDDEN', message: ERROR_MESSAGES.FORBIDDEN } };
    }
    if (!isMethodName(method)) {
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: ERROR_MESSAGES.UNKNOWN_METHOD } };
    }
    // core.dispatch validates the input and never throws; guard anyway so a bug there cannot turn
    // into an unhandled rejection that Electron would print with a stack trace to the renderer.
    try {
      return await core.dispatch(method, input, { sessionId: windowSessionId(sender.webContentsId) });
    } catch {
      return { ok: false, error: { code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL } };
    }
  };
}
