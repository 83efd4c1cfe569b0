// Sandboxed preload of the citizen window (bundled to dist/main/citizen-preload.cjs). It exposes
// only `window.motcuaCitizen.onGuide`: the citizen window receives what the officer's window
// pushes and cannot call the API (no `window.motcua` there at all).
import { contextBridge, ipcRenderer } from 'electron';
import { createCitizenBridge } from './bridge';

contextBridge.exposeInMainWorld('motcuaCitizen', createCitizenBridge(ipcRenderer));
