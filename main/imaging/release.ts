// Frees large pixel buffers as soon as a page step is done with them.
//
// A page passes through some 30 MB of decoded copies (colour and grey reductions, ink maps, the OCR
// copy). Their memory lives outside the JavaScript heap, and V8 frees it only when a full garbage
// collection finds the buffer unreachable; the growth of that outside memory is also what makes V8
// start those collections, two per page, each marking the whole heap. Detaching a buffer (moving
// its contents into a zero-length one) returns the memory at once and is not counted against that
// limit any more.

// ES2024's ArrayBuffer.prototype.transfer (Node 21+, Electron 29+), which the ES2023 library
// declarations main/ compiles against do not yet know.
interface Transferable {
  transfer?: (length?: number) => ArrayBuffer;
  detached?: boolean;
}

/**
 * Only whole buffers this large are released: small Node Buffers share one pooled slab with other
 * data, and a view onto part of a buffer may have siblings that are still in use.
 */
const MIN_RELEASE_BYTES = 1 << 16;

/**
 * Releases the memory of each view's buffer now. Only for buffers nothing else will read again: a
 * released view reads as empty (length 0). Views onto part of a buffer, shared memory and small
 * buffers are left to the garbage collector.
 */
export function release(...views: (ArrayBufferView | null | undefined)[]): void {
  for (const v of views) {
    if (!v) continue;
    const buf = v.buffer as ArrayBuffer & Transferable;
    if (!(buf instanceof ArrayBuffer) || buf.detached || typeof buf.transfer !== 'function') continue;
    if (v.byteOffset !== 0 || v.byteLength !== buf.byteLength || buf.byteLength < MIN_RELEASE_BYTES) continue;
    try {
      buf.transfer(0);
    } catch {
      // Not detachable (WebAssembly memory, a host-owned buffer): the collector frees it later.
    }
  }
}
