// The machine policy: settings only IT may set, in a JSON file the app reads and never writes
// (installed by IT, e.g. through Group Policy or the installer, in a folder officers cannot write):
//   Windows  %ProgramData%\MotCuaSo\policy.json
//   macOS    /Library/Application Support/MotCuaSo/policy.json
//   Linux    /etc/motcua/policy.json
// MOTCUA_POLICY_FILE names another file (IT's trials, tests). A missing file is an empty policy; a
// file that does not parse is reported (Cài đặt, `motcua doctor`) and treated as empty, except that
// nothing it would have allowed (token libraries, watched-folder roots) is allowed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MachinePolicySchema, type MachinePolicy, type PolicyView } from '../../shared/contract/api';
import { APP_FOLDER_NAME } from './data-dir';

export type { MachinePolicy } from '../../shared/contract/api';

export function defaultPolicyPath(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  if (env.MOTCUA_POLICY_FILE) return path.resolve(env.MOTCUA_POLICY_FILE);
  if (platform === 'win32') return path.win32.join(env.ProgramData || env.PROGRAMDATA || 'C:\\ProgramData', APP_FOLDER_NAME, 'policy.json');
  if (platform === 'darwin') return path.posix.join('/Library/Application Support', APP_FOLDER_NAME, 'policy.json');
  return '/etc/motcua/policy.json';
}

export interface LoadedPolicy {
  policy: MachinePolicy;
  view: Omit<PolicyView, 'locked'>;
}

const EMPTY: MachinePolicy = MachinePolicySchema.parse({});

/** The policy as Cài đặt shows it: the enrollment token is a credential, shown only as set. */
export function shownPolicy(p: MachinePolicy): MachinePolicy {
  return p.syncEnrollmentToken ? { ...p, syncEnrollmentToken: '••••••••' } : p;
}

export function loadPolicy(file: string): LoadedPolicy {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    return {
      policy: EMPTY,
      view: { path: file, loaded: false, error: missing ? null : `Không đọc được tệp chính sách máy: ${(err as Error).message}`, values: EMPTY },
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { policy: EMPTY, view: { path: file, loaded: false, error: 'Tệp chính sách máy không phải JSON hợp lệ; các thiết lập do CNTT quản lý đang để trống.', values: EMPTY } };
  }
  const parsed = MachinePolicySchema.safeParse(json);
  if (!parsed.success) {
    const fields = [
      ...new Set(parsed.error.issues.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys.map((k) => `${k} (không có trường này)`) : [i.path.join('.') || '(gốc)']))),
    ].join(', ');
    return { policy: EMPTY, view: { path: file, loaded: false, error: `Tệp chính sách máy có trường sai (${fields}); các thiết lập do CNTT quản lý đang để trống.`, values: EMPTY } };
  }
  return { policy: parsed.data, view: { path: file, loaded: true, error: null, values: shownPolicy(parsed.data) } };
}

/** Folders a watched folder may never be, whatever the policy says (system and program folders). */
const FORBIDDEN_ROOTS_POSIX = ['/etc', '/proc', '/sys', '/dev', '/boot', '/bin', '/sbin', '/usr', '/lib', '/lib64', '/var/lib', '/root'];

function within(child: string, root: string, p: typeof path.posix | typeof path.win32): boolean {
  const rel = p.relative(root, child);
  return rel === '' || (!rel.startsWith('..') && !p.isAbsolute(rel));
}

/**
 * Where a watched scan folder may live: under one of the policy's roots, or (no roots in the
 * policy) under the officer's home folder. Returns a Vietnamese reason when it may not, else null.
 */
export function watchFolderRefusal(folder: string, policy: MachinePolicy, platform: NodeJS.Platform = process.platform, home = os.homedir()): string | null {
  const p = platform === 'win32' ? path.win32 : path.posix;
  if (!p.isAbsolute(folder)) return 'Thư mục quét phải là đường dẫn đầy đủ (ví dụ D:\\Scans hoặc \\\\may-chu\\scan).';
  const resolved = p.resolve(folder);
  const norm = (s: string) => (platform === 'win32' ? s.toLowerCase() : s);
  if (platform === 'win32') {
    const winDir = process.env.SystemRoot || 'C:\\Windows';
    if ([winDir, 'C:\\Program Files', 'C:\\Program Files (x86)'].some((r) => within(norm(resolved), norm(r), p))) return 'Không được theo dõi thư mục hệ thống hoặc thư mục chương trình.';
  } else if (resolved === '/' || FORBIDDEN_ROOTS_POSIX.some((r) => within(resolved, r, p))) {
    return 'Không được theo dõi thư mục hệ thống.';
  }
  const roots = policy.watchRoots.length ? policy.watchRoots : [home];
  if (!roots.some((r) => within(norm(resolved), norm(p.resolve(r)), p))) {
    return `Thư mục quét phải nằm trong thư mục được bộ phận CNTT cho phép: ${roots.join('; ')}.`;
  }
  return null;
}
