// `motcua`: the CLI for IT and automation, a thin shell over the same services as the app.
import os from 'node:os';
import { resolveDataDir } from '../../config/data-dir';
import type { CliCommand } from './commands';

/** Index of the command word: the first argument that is neither an option nor an option's value. */
function commandIndex(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--data-dir') i++;
    else if (!a.startsWith('-')) return i;
  }
  return -1;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const at = commandIndex(argv);
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  if (at < 0) {
    (await import('./commands')).printHelp();
    return wantsHelp ? 0 : 2;
  }
  const name = argv[at]!;
  // `motcua cccd` has a time goal (a 300-dpi A4 scan read within 1 s, issue 20): it loads only its
  // own modules, not the libraries of every other command (spreadsheets, PDF, signing, SQLite…).
  const command: CliCommand | undefined = name === 'cccd' ? (await import('./cccd-command')).cccd : (await import('./commands')).commands[name];
  if (!command) {
    console.error(`Lệnh không tồn tại: ${name}. Xem: motcua --help`);
    return 2;
  }
  if (wantsHelp) {
    console.log(command.usage);
    return 0;
  }
  const rest = argv.filter((_a, i) => i !== at);
  const dataDir = resolveDataDir(argv, process.env, process.platform, os.homedir());
  return command.run(rest, { dataDir });
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`Lỗi: ${(err as Error).message}`);
    process.exit(1);
  },
);
