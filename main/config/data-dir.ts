// Where the app keeps its data: `--data-dir DIR`, else MOTCUA_DATA_DIR, else the OS's per-user
// application-data folder (what IT expects to back up and what roaming profiles handle).
import path from 'node:path';

export const APP_FOLDER_NAME = 'MotCuaSo';

export function argValue(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === name) return argv[i + 1];
    if (a.startsWith(`${name}=`)) return a.slice(name.length + 1);
  }
  return undefined;
}

export function defaultDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, homedir: string): string {
  if (platform === 'win32') return path.win32.join(env.APPDATA || path.win32.join(homedir, 'AppData', 'Roaming'), APP_FOLDER_NAME);
  if (platform === 'darwin') return path.posix.join(homedir, 'Library', 'Application Support', APP_FOLDER_NAME);
  return path.posix.join(env.XDG_DATA_HOME || path.posix.join(homedir, '.local', 'share'), APP_FOLDER_NAME);
}

export function resolveDataDir(argv: readonly string[], env: NodeJS.ProcessEnv, platform: NodeJS.Platform, homedir: string): string {
  const fromArg = argValue(argv, '--data-dir');
  if (fromArg) return path.resolve(fromArg);
  if (env.MOTCUA_DATA_DIR) return path.resolve(env.MOTCUA_DATA_DIR);
  return defaultDataDir(env, platform, homedir);
}
