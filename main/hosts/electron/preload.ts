// Sandboxed preload (bundled to dist/main/preload.cjs, CJS, `electron` external). It exposes
// exactly the PreloadBridge as `window.motcua` and nothing else: never ipcRenderer, never Node.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld('motcua', createBridge(ipcRenderer));
