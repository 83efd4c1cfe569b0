// Electron transport: the preload exposes exactly the contract as `window.motcua`.
import type { PreloadBridge } from '../../shared/contract/transport';
import { TransportError, type Transport } from './transport';

declare global {
  interface Window {
    motcua?: PreloadBridge;
  }
}

export function electronBridge(): PreloadBridge | null {
  const bridge = typeof window === 'undefined' ? undefined : window.motcua;
  if (!bridge || typeof bridge.call !== 'function' || typeof bridge.on !== 'function' || typeof bridge.fileUrl !== 'function') {
    return null;
  }
  return bridge;
}

export function createElectronTransport(bridge: PreloadBridge): Transport {
  return {
    kind: 'electron',
    async call(method, input) {
      try {
        return await bridge.call(method, input);
      } catch (err) {
        // The main process answers with a CallResult; a rejection means IPC itself failed.
        throw new TransportError('NETWORK', err instanceof Error ? err.message : String(err));
      }
    },
    on: (event, listener) => bridge.on(event, listener),
    fileUrl: (kind, id) => bridge.fileUrl(kind, id),
    connected: () => true,
    onConnection: () => () => {},
  };
}
