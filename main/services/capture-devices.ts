// Scanners the desk PC can reach: SANE (scanimage) on Linux, WIA on Windows. A PC without scanner
// software simply lists none; the scan-to-folder share and file upload always work.
import type { Settings } from '../../shared/contract/api';
import type { z } from 'zod';
import type { CaptureDeviceSchema } from '../../shared/contract/api';

type Device = z.infer<typeof CaptureDeviceSchema>;
import { SaneSource, WiaSource, type CaptureDevice, type CaptureSource, type ScanRequest } from '../capture/sources';
import type { SourceFile } from './digitize';

function scannerSource(): CaptureSource<ScanRequest> & { listDevices(): Promise<CaptureDevice[]> } {
  return process.platform === 'win32' ? new WiaSource() : new SaneSource();
}

export async function listCaptureDevices(settings: Settings): Promise<Device[]> {
  const devices: Device[] = [];
  try {
    for (const d of await scannerSource().listDevices()) devices.push({ id: d.id, name: d.name, kind: d.kind === 'wia' ? 'wia' : 'sane' });
  } catch {
    // No scanner driver or software installed: nothing to list, not an error for the officer.
  }
  if (settings.watchFolder) devices.push({ id: `folder:${settings.watchFolder}`, name: `Thư mục quét: ${settings.watchFolder}`, kind: 'folder' });
  return devices;
}

export async function* scanPages(device: string, opts: { dpi: number; color: boolean; adf: boolean }): AsyncGenerator<SourceFile> {
  const source = scannerSource();
  for await (const f of source.capture({ device, dpi: opts.dpi, color: opts.color, adf: opts.adf })) {
    yield { name: f.name, data: f.data, source: source.kind === 'wia' ? 'wia' : 'sane' };
  }
}
