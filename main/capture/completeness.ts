// Is a scanner's file written to the end? A scanner or copier writing to a share can pause
// mid-file for seconds (a slow network, the next sheet feeding). A file that has stopped changing
// is not necessarily finished, so the watcher also checks that the file's own structure ends:
//  - JPEG: the End Of Image marker (FF D9) at the end (trailing zero padding allowed);
//  - PNG: the IEND chunk;
//  - PDF: `%%EOF` near the end, preceded by `startxref N` whose N points at an xref table or an
//    xref stream object inside the file;
//  - TIFF: every IFD of the chain (and its strips or tiles) lies inside the file, the chain ends
//    with a zero offset.
// Anything else (unknown kinds) is judged by the watcher's quiet time alone.

export type Completeness = { complete: true } | { complete: false; reason: string };

const COMPLETE: Completeness = { complete: true };
const incomplete = (reason: string): Completeness => ({ complete: false, reason });

export function checkComplete(data: Buffer): Completeness {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return jpeg(data);
  if (data.length >= 8 && data.readUInt32BE(0) === 0x89504e47) return png(data);
  if (data.length >= 5 && data.toString('latin1', 0, 5) === '%PDF-') return pdf(data);
  if (data.length >= 4 && (data.toString('latin1', 0, 4) === 'II*\0' || data.toString('latin1', 0, 4) === 'MM\0*')) return tiff(data);
  return COMPLETE;
}

function jpeg(d: Buffer): Completeness {
  let end = d.length;
  while (end > 2 && d[end - 1] === 0) end--; // some writers pad with zeros
  return d[end - 2] === 0xff && d[end - 1] === 0xd9 ? COMPLETE : incomplete('ảnh JPEG chưa có dấu kết thúc (EOI)');
}

function png(d: Buffer): Completeness {
  const tail = d.subarray(Math.max(0, d.length - 12));
  return tail.length === 12 && tail.toString('latin1', 4, 8) === 'IEND' ? COMPLETE : incomplete('ảnh PNG chưa có khối kết thúc (IEND)');
}

function pdf(d: Buffer): Completeness {
  const tail = d.toString('latin1', Math.max(0, d.length - 2048));
  const eof = tail.lastIndexOf('%%EOF');
  if (eof < 0 || tail.slice(eof + 5).trim() !== '') return incomplete('tệp PDF chưa có dấu kết thúc %%EOF');
  const m = /startxref\s+(\d+)\s*$/.exec(tail.slice(0, eof));
  if (!m) return incomplete('tệp PDF thiếu startxref');
  const at = Number(m[1]);
  if (!Number.isSafeInteger(at) || at <= 0 || at >= d.length) return incomplete('bảng xref của tệp PDF nằm ngoài tệp');
  const head = d.toString('latin1', at, Math.min(d.length, at + 32));
  return /^\s*(xref\b|\d+\s+\d+\s+obj\b)/.test(head) ? COMPLETE : incomplete('startxref của tệp PDF không trỏ tới bảng xref');
}

const TYPE_SIZES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 16: 8, 17: 8, 18: 8 };
const STRIP_OFFSETS = 273;
const STRIP_COUNTS = 279;
const TILE_OFFSETS = 324;
const TILE_COUNTS = 325;

function tiff(d: Buffer): Completeness {
  const le = d[0] === 0x49;
  const u16 = (o: number) => (le ? d.readUInt16LE(o) : d.readUInt16BE(o));
  const u32 = (o: number) => (le ? d.readUInt32LE(o) : d.readUInt32BE(o));
  if (d.length < 8) return incomplete('tệp TIFF quá ngắn');
  let ifd = u32(4);
  const seen = new Set<number>();
  let pages = 0;
  while (ifd !== 0) {
    if (seen.has(ifd)) return incomplete('chuỗi trang của tệp TIFF bị lặp');
    seen.add(ifd);
    if (ifd + 2 > d.length) return incomplete(`trang ${pages + 1} của tệp TIFF chưa được ghi`);
    const n = u16(ifd);
    const next = ifd + 2 + n * 12;
    if (next + 4 > d.length) return incomplete(`trang ${pages + 1} của tệp TIFF chưa được ghi hết`);
    const values = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const e = ifd + 2 + i * 12;
      const tag = u16(e);
      const type = u16(e + 2);
      const count = u32(e + 4);
      const size = (TYPE_SIZES[type] ?? 1) * count;
      // Values larger than 4 bytes live elsewhere in the file: they must be inside it.
      const where = size > 4 ? u32(e + 8) : e + 8;
      if (size > 4 && where + size > d.length) return incomplete(`thẻ ${tag} của trang ${pages + 1} nằm ngoài tệp TIFF`);
      if (tag === STRIP_OFFSETS || tag === STRIP_COUNTS || tag === TILE_OFFSETS || tag === TILE_COUNTS) {
        const read = type === 3 ? u16 : u32;
        const step = type === 3 ? 2 : 4;
        const list: number[] = [];
        for (let k = 0; k < count; k++) list.push(read(where + k * step));
        values.set(tag, list);
      }
    }
    const offsets = values.get(STRIP_OFFSETS) ?? values.get(TILE_OFFSETS) ?? [];
    const counts = values.get(STRIP_COUNTS) ?? values.get(TILE_COUNTS) ?? [];
    for (let k = 0; k < offsets.length; k++) {
      if (offsets[k]! + (counts[k] ?? 0) > d.length) return incomplete(`ảnh của trang ${pages + 1} trong tệp TIFF chưa được ghi hết`);
    }
    pages++;
    ifd = u32(next);
  }
  return pages > 0 ? COMPLETE : incomplete('tệp TIFF không có trang nào');
}
