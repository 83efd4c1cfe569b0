// Entry of the core process (bundled by scripts/build.mjs to dist/main/core-process.cjs). The
// Electron host starts it with utilityProcess.fork so SQLite, image clean-up, PDF building and
// signing never run on the thread that serves the window; tests start it with child_process.fork.
// Options (data folder, host kind, OCR pool size…) arrive in the host's first message ('init').
import { createCore } from './create-core';
import { parentChannel } from './core-channel';
import { serveCore } from './core-server';

const channel = parentChannel();
if (!channel) {
  console.error('core-process: chạy bởi ứng dụng (utilityProcess hoặc child_process.fork), không chạy trực tiếp. (Started without a parent channel.)');
  process.exit(2);
}
serveCore(channel, { create: createCore, exit: (code) => process.exit(code) });
