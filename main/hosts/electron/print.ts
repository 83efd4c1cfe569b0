// Printing helper (receipts / "phiếu tiếp nhận"). Not wired to an API method yet: a later issue adds
// the contract method; this is the seam it will call. Type-only import keeps it electron-free at
// load time.
import type { WebContents, WebContentsPrintOptions } from 'electron';

export interface PrintRequest {
  /** From settings: print straight to the default/desk printer without the system dialog. */
  silent: boolean;
  deviceName?: string;
  copies?: number;
}

export function printOptions(req: PrintRequest): WebContentsPrintOptions {
  return {
    silent: req.silent,
    printBackground: true,
    copies: Math.min(Math.max(Math.round(req.copies ?? 1), 1), 99),
    ...(req.deviceName ? { deviceName: req.deviceName } : {}),
  };
}

/** Resolves when the print job was handed to the spooler; rejects with Chromium's reason. */
export function printContents(contents: WebContents, req: PrintRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    contents.print(printOptions(req), (success, failureReason) => {
      if (success) resolve();
      else reject(new Error(failureReason || 'print failed'));
    });
  });
}
