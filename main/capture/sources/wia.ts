// Windows scanners through WIA 2 (the "Windows Fax and Scan" layer every driver provides), driven
// by a short PowerShell script using the WIA Automation COM objects. PowerShell ships with Windows,
// so no native module is needed. The script reports JSON lines: devices, saved pages, errors.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AppError, ERROR_MESSAGES, type ErrorCode } from '../../../shared/contract/errors';
import { spawnLines, type ChildResult } from './child-lines';
import type { CaptureDevice, CaptureSource, CapturedFile, ScanRequest } from './types';

export interface WiaSourceOptions {
  /** Default "powershell.exe" (Windows PowerShell 5.1, present on every supported Windows). */
  powershell?: string;
  tmpDir?: string;
  idleTimeoutMs?: number;
  /** Injected spawn (tests). */
  spawnImpl?: typeof spawn;
}

export type WiaMessage =
  | { type: 'device'; id: string; name: string }
  | { type: 'page'; path: string }
  | { type: 'error'; code: string; message: string };

interface WiaJob {
  action: 'list' | 'scan';
  device?: string;
  dpi?: number;
  color?: boolean;
  adf?: boolean;
  duplex?: boolean;
  outDir?: string;
}

// WIA property ids: 3088 WIA_DPS_DOCUMENT_HANDLING_SELECT (1 feeder, 2 flatbed, 4 duplex),
// 6146 WIA_IPS_CUR_INTENT (1 colour, 2 grayscale), 6147/6148 horizontal/vertical resolution.
// 0x80210003 (-2145320957) WIA_ERROR_PAPER_EMPTY ends a feeder run normally.
export const WIA_SCRIPT = String.raw`
$ErrorActionPreference = 'Stop'
[Console]::OutputEncoding = [Text.Encoding]::UTF8
function Emit($o) { [Console]::Out.WriteLine(($o | ConvertTo-Json -Compress)); [Console]::Out.Flush() }
function Hex($e) { '0x{0:X8}' -f $e.HResult }
function SetProp($props, $id, $value) {
  foreach ($p in $props) { if ($p.PropertyID -eq $id) { try { $p.Value = $value } catch { } } }
}
try {
  $job = ConvertFrom-Json ([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($env:MOTCUA_WIA_JOB)))
  $dm = New-Object -ComObject WIA.DeviceManager
  if ($job.action -eq 'list') {
    foreach ($info in $dm.DeviceInfos) {
      if ($info.Type -eq 1) { Emit @{ type = 'device'; id = $info.DeviceID; name = $info.Properties.Item('Name').Value } }
    }
    exit 0
  }
  $info = $null
  foreach ($i in $dm.DeviceInfos) { if ($i.DeviceID -eq $job.device) { $info = $i } }
  if ($null -eq $info) { Emit @{ type = 'error'; code = 'NO_DEVICE'; message = 'Device not found' }; exit 3 }
  $dev = $info.Connect()
  if ($job.adf) { SetProp $dev.Properties 3088 $(if ($job.duplex) { 5 } else { 1 }) } else { SetProp $dev.Properties 3088 2 }
  $item = $dev.Items.Item(1)
  SetProp $item.Properties 6146 $(if ($job.color) { 1 } else { 2 })
  SetProp $item.Properties 6147 $job.dpi
  SetProp $item.Properties 6148 $job.dpi
  $png = '{B96B3CAF-0728-11D3-9D7B-0000F81EF32E}'
  $n = 0
  while ($true) {
    try { $img = $item.Transfer($png) } catch {
      if ($job.adf -and $n -gt 0 -and $_.Exception.HResult -eq -2145320957) { break }
      Emit @{ type = 'error'; code = (Hex $_.Exception); message = $_.Exception.Message }; exit 2
    }
    $n++
    if ($img.FormatID -ne $png) {
      $ip = New-Object -ComObject WIA.ImageProcess
      $ip.Filters.Add($ip.FilterInfos.Item('Convert').FilterID)
      $ip.Filters.Item(1).Properties.Item('FormatID').Value = $png
      $img = $ip.Apply($img)
    }
    $file = Join-Path $job.outDir ('page{0:D4}.png' -f $n)
    $img.SaveFile($file)
    Emit @{ type = 'page'; path = $file }
    if (-not $job.adf) { break }
  }
  exit 0
} catch {
  Emit @{ type = 'error'; code = (Hex $_.Exception); message = $_.Exception.Message }
  exit 2
}
`;

/**
 * The powershell invocation. The script goes in -EncodedCommand (UTF-16LE base64: no quoting
 * issues) and the job as base64 JSON in an environment variable, so no request value (device id,
 * folder path) is ever parsed as PowerShell code.
 */
export function buildWiaInvocation(job: WiaJob, powershell = 'powershell.exe'): { command: string; args: string[]; env: Record<string, string> } {
  return {
    command: powershell,
    args: ['-NoProfile', '-NonInteractive', '-Sta', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', Buffer.from(WIA_SCRIPT, 'utf16le').toString('base64')],
    env: { MOTCUA_WIA_JOB: Buffer.from(JSON.stringify(job), 'utf8').toString('base64') },
  };
}

export function parseWiaLine(line: string): WiaMessage | null {
  const t = line.trim().replace(/^\uFEFF/, '');
  if (!t.startsWith('{')) return null;
  try {
    const o = JSON.parse(t) as Record<string, unknown>;
    if (o.type === 'device' && typeof o.id === 'string') return { type: 'device', id: o.id, name: typeof o.name === 'string' ? o.name : o.id };
    if (o.type === 'page' && typeof o.path === 'string') return { type: 'page', path: o.path };
    if (o.type === 'error') return { type: 'error', code: String(o.code ?? ''), message: String(o.message ?? '') };
  } catch {
    // not ours (PowerShell warnings)
  }
  return null;
}

const WIA_ERRORS: Record<string, [ErrorCode, string]> = {
  '0x80210002': ['SCANNER_ERROR', 'Kẹt giấy trong khay nạp. Gỡ giấy bị kẹt rồi quét lại từ tờ chưa quét.'],
  '0x80210003': ['SCANNER_ERROR', 'Khay nạp giấy không có tài liệu.'],
  '0x80210004': ['SCANNER_ERROR', 'Giấy đặt không đúng. Kiểm tra khay nạp.'],
  '0x80210005': ['SCANNER_UNAVAILABLE', 'Máy quét đang tắt hoặc mất kết nối.'],
  '0x80210006': ['SCANNER_UNAVAILABLE', 'Máy quét đang bận (có thể một chương trình khác đang dùng).'],
  '0x80210007': ['SCANNER_ERROR', 'Máy quét đang khởi động, hãy thử lại sau ít giây.'],
  '0x80210008': ['SCANNER_ERROR', 'Máy quét cần thao tác trên máy (xem màn hình của máy quét).'],
  '0x8021000A': ['SCANNER_UNAVAILABLE', 'Không liên lạc được với máy quét. Kiểm tra cáp hoặc kết nối mạng.'],
  '0x8021000D': ['SCANNER_UNAVAILABLE', 'Máy quét đang bị khóa.'],
  '0x80210015': ['SCANNER_UNAVAILABLE', 'Không tìm thấy máy quét.'],
  '0x80210016': ['SCANNER_ERROR', 'Nắp máy quét đang mở. Đóng nắp rồi quét lại.'],
  '0x80210017': ['SCANNER_ERROR', 'Đèn máy quét bị tắt.'],
  NO_DEVICE: ['SCANNER_UNAVAILABLE', 'Không tìm thấy máy quét đã chọn. Kiểm tra máy đã bật và đã kết nối.'],
};

export function wiaError(code: string, message: string): AppError {
  const [errCode, vi] = WIA_ERRORS[code.toUpperCase().replace(/^0X/, '0x')] ?? ['SCANNER_ERROR', ERROR_MESSAGES.SCANNER_ERROR];
  return new AppError(errCode, message ? `${vi} (Máy quét báo: "${message}")` : vi, { wia: code, scanner: message });
}

export class WiaSource implements CaptureSource<ScanRequest> {
  readonly id = 'wia';
  readonly kind = 'wia' as const;
  private readonly opts: WiaSourceOptions;

  constructor(options: WiaSourceOptions = {}) {
    this.opts = options;
  }

  async listDevices(): Promise<CaptureDevice[]> {
    const devices: CaptureDevice[] = [];
    let error: AppError | null = null;
    const child = this.start({ action: 'list' });
    for await (const line of child.lines) {
      const msg = parseWiaLine(line);
      if (msg?.type === 'device') devices.push({ id: msg.id, name: msg.name, kind: 'wia' });
      if (msg?.type === 'error') error = wiaError(msg.code, msg.message);
    }
    const res = await child.result;
    if (error) throw error;
    if (res.code !== 0) throw processError(res);
    return devices;
  }

  async *capture(request: ScanRequest, signal?: AbortSignal): AsyncGenerator<CapturedFile> {
    const dir = await fs.mkdtemp(path.join(this.opts.tmpDir ?? os.tmpdir(), 'motcua-wia-'));
    const child = this.start({ action: 'scan', device: request.device, dpi: request.dpi ?? 300, color: request.color !== false, adf: !!request.adf, duplex: !!request.duplex, outDir: dir }, signal);
    let count = 0;
    let finished = false;
    let error: AppError | null = null;
    try {
      for await (const line of child.lines) {
        const msg = parseWiaLine(line);
        if (msg?.type === 'error') error = wiaError(msg.code, msg.message);
        if (msg?.type !== 'page') continue;
        // Only files inside our temp folder are read, whatever the script printed.
        const file = path.resolve(msg.path);
        if (path.dirname(file) !== path.resolve(dir)) continue;
        const data = await fs.readFile(file);
        await fs.rm(file, { force: true });
        count++;
        yield { name: `scan-${String(count).padStart(4, '0')}.png`, data };
      }
      const res = await child.result;
      finished = true;
      if (signal?.aborted || res.killed) return;
      if (error) throw error;
      if (res.code !== 0) throw processError(res);
      if (count === 0) throw new AppError('SCANNER_ERROR', `${ERROR_MESSAGES.SCANNER_ERROR} Không nhận được trang nào.`);
    } finally {
      if (!finished) child.kill();
      await child.result.catch(() => undefined);
      await fs.rm(dir, { recursive: true, force: true });
    }
  }

  private start(job: WiaJob, signal?: AbortSignal) {
    const inv = buildWiaInvocation(job, this.opts.powershell);
    return spawnLines(inv.command, inv.args, {
      env: { ...process.env, ...inv.env },
      idleTimeoutMs: this.opts.idleTimeoutMs ?? 180_000,
      signal,
      spawnImpl: this.opts.spawnImpl,
    });
  }
}

function processError(res: ChildResult): AppError {
  if (res.spawnError?.code === 'ENOENT') {
    return new AppError('SCANNER_UNAVAILABLE', `${ERROR_MESSAGES.SCANNER_UNAVAILABLE} Không chạy được PowerShell (chức năng quét WIA chỉ có trên Windows).`);
  }
  if (res.timedOut) return new AppError('SCANNER_ERROR', `${ERROR_MESSAGES.SCANNER_ERROR} Máy quét không phản hồi.`);
  const said = res.stderr.trim().split(/\r?\n/).at(-1) ?? '';
  return new AppError('SCANNER_ERROR', said ? `${ERROR_MESSAGES.SCANNER_ERROR} (${said})` : ERROR_MESSAGES.SCANNER_ERROR, { exitCode: res.code });
}
