// `npm run bench -- catalog` (or `npm run bench:catalog`): procedure search per keystroke on a
// catalog of 5,000 procedures, ours (main/services/procedures.ts: the in-memory index of
// shared/text/procedure-search.ts, ranked by the desk's use, then the 50 procedures read by id)
// against the naive baseline measured in the same run: the search the app had before, a full scan
// of the procedures table with one `REPLACE(search_folded, 'y', 'i') LIKE '%term%'` per term
// (no initials, no ranking), then the same 50 rows read. Goal: under 20 ms median per query.
// Queries: "dang ky khai sinh" typed letter by letter, "dkks" likewise, a code prefix likewise.
// Options: --procedures N (5000), --rounds N (30).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { databasePath, openDatabase } from '../main/data/database';
import { Store } from '../main/data/store';
import { procedureSearchText, searchProcedureIds } from '../main/services/procedures';
import type { Procedure } from '../shared/domain/schemas';
import { searchTerms } from '../shared/text/fold';

const { values } = parseArgs({ options: { procedures: { type: 'string', default: '5000' }, rounds: { type: 'string', default: '30' } } });
const COUNT = Number(values.procedures);
const ROUNDS = Number(values.rounds);

const VERBS = ['Đăng ký', 'Cấp', 'Cấp lại', 'Cấp đổi', 'Điều chỉnh', 'Gia hạn', 'Thu hồi', 'Xác nhận', 'Chứng thực', 'Thẩm định', 'Phê duyệt', 'Công nhận', 'Thay đổi', 'Hỗ trợ', 'Giải quyết'];
const OBJECTS = [
  'khai sinh', 'khai tử', 'kết hôn', 'giám hộ', 'nhận cha, mẹ, con', 'thường trú', 'tạm trú', 'giấy phép xây dựng nhà ở riêng lẻ', 'giấy chứng nhận quyền sử dụng đất',
  'hộ kinh doanh', 'hợp tác xã', 'giấy phép kinh doanh rượu', 'chế độ trợ cấp xã hội hàng tháng', 'chế độ mai táng phí', 'bản sao từ bản chính', 'chữ ký trong giấy tờ, văn bản',
  'hợp đồng, giao dịch về nhà ở', 'di chúc', 'văn bản thỏa thuận phân chia di sản', 'giấy phép khai thác nước mặt', 'phương án bảo vệ môi trường', 'danh hiệu gia đình văn hóa',
  'thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi', 'trợ cấp người có công với cách mạng', 'sổ hộ nghèo', 'giấy phép lái xe', 'biển hiệu quảng cáo', 'lễ hội truyền thống',
];
const QUALIFIERS = ['', ' có yếu tố nước ngoài', ' lưu động', ' cho người nước ngoài', ' đối với doanh nghiệp', ' tại cấp xã', ' trong trường hợp bị mất', ' theo yêu cầu', ' lần đầu', ' cho người khuyết tật', ' đối với cá nhân', ' trên môi trường điện tử'];
const FIELDS = ['Hộ tịch', 'Chứng thực', 'Cư trú', 'Đất đai', 'Xây dựng', 'Bảo trợ xã hội', 'Kinh doanh', 'Môi trường', 'Văn hóa'];

/** A catalog of `n` procedures named like the national catalog's (verb + object + qualifier). */
function catalog(n: number): Procedure[] {
  const out: Procedure[] = [];
  const seen = new Set<string>();
  for (let i = 0; out.length < n; i++) {
    const name = `${VERBS[i % VERBS.length]} ${OBJECTS[Math.floor(i / VERBS.length) % OBJECTS.length]}${QUALIFIERS[Math.floor(i / (VERBS.length * OBJECTS.length)) % QUALIFIERS.length]}${i >= VERBS.length * OBJECTS.length * QUALIFIERS.length ? ` (mẫu ${i})` : ''}`;
    if (seen.has(name)) continue;
    seen.add(name);
    out.push({
      id: `p${i}`,
      code: `${1 + (i % 2)}.${String(1000 + i).padStart(6, '0')}`,
      name,
      field: FIELDS[i % FIELDS.length]!,
      level: 'xa',
      processingDays: (i % 10) + 1,
      processingHours: null,
      after15hRule: false,
      fullyOnline: i % 3 === 0,
      resultIsPaper: true,
      feeBearing: false,
      fees: [],
      portalUrl: '',
      retired: i % 50 === 49,
      components: [
        { id: `c${i}a`, name: `Tờ khai ${name.toLowerCase()} theo mẫu`, required: true, copies: 1, kind: 'original' },
        { id: `c${i}b`, name: 'Giấy tờ tùy thân của người yêu cầu', required: true, copies: 1, kind: 'shown' },
      ],
    });
  }
  return out;
}

function typed(text: string): string[] {
  return Array.from({ length: text.length }, (_, i) => text.slice(0, i + 1)).filter((q) => !q.endsWith(' '));
}

const QUERIES: { label: string; queries: string[] }[] = [
  { label: '"dang ky khai sinh", letter by letter', queries: typed('dang ky khai sinh') },
  { label: '"dkks", letter by letter', queries: typed('dkks') },
  { label: 'code prefix "1.0012", letter by letter', queries: typed('1.0012') },
];

function stats(ms: number[]): { median: number; p95: number } {
  const s = [...ms].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]! };
}

function time(fn: () => unknown): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-bench-catalog-'));
  const store = new Store(openDatabase(databasePath(dir)));
  try {
    const procedures = catalog(COUNT);
    const at = new Date().toISOString();
    store.tx(() => {
      for (const p of procedures) store.procedures.upsert(p, procedureSearchText(p), at);
    });
    // The desk's use: a few hundred procedures received, the common ones often (8 % make 80 %).
    const unitId = 'u';
    const use = store.db.prepare('INSERT INTO procedure_usage (unit_id, procedure_id, dossiers, last_received_at) VALUES (?, ?, ?, ?)');
    store.tx(() => {
      for (let i = 0; i < procedures.length; i += 13) use.run(unitId, procedures[i]!.id, i % 8 === 0 ? 400 - (i % 300) : 1 + (i % 7), at);
    });

    // The baseline: the search the app had before (full scan, LIKE per term, ordered by name).
    const like = (query: string) => {
      const terms = searchTerms(query);
      const where = terms.map(() => "REPLACE(search_folded, 'y', 'i') LIKE ? ESCAPE '\\'").join(' AND ') || '1 = 1';
      const args = terms.map((t) => `%${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      const ids = (store.db.prepare(`SELECT id FROM procedures WHERE ${where} ORDER BY name LIMIT 50`).all(...args) as { id: string }[]).map((r) => r.id);
      return store.procedures.byIds(ids);
    };
    const ours = (query: string) => store.procedures.byIds(searchProcedureIds(store, unitId, query, { limit: 50 }));

    const coldBuild = time(() => ours('dang'));
    // What each finds for the finished queries (the baseline has no initials).
    const shown = (r: Procedure[]) => (r.length ? `${r.length} (first: ${r[0]!.name})` : '0');
    console.log(`Catalog: ${procedures.length} procedures (${procedures.filter((p) => p.retired).length} retired), use counted on ${Math.ceil(procedures.length / 13)}; ${ROUNDS} rounds per query.`);
    console.log(`Index build on first search after a change: ${coldBuild.toFixed(1)} ms.`);
    for (const q of ['dang ky khai sinh', 'dkks', '1.001200']) console.log(`  "${q}": ours ${shown(ours(q))}; baseline ${shown(like(q))}`);

    const rows: string[][] = [];
    const all = { ours: [] as number[], base: [] as number[] };
    for (const group of QUERIES) {
      const o: number[] = [];
      const b: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        // Alternate which goes first, so drift weighs on both.
        for (const q of group.queries) {
          if (round % 2) {
            o.push(time(() => ours(q)));
            b.push(time(() => like(q)));
          } else {
            b.push(time(() => like(q)));
            o.push(time(() => ours(q)));
          }
        }
      }
      all.ours.push(...o);
      all.base.push(...b);
      const so = stats(o);
      const sb = stats(b);
      rows.push([group.label, `${so.median.toFixed(2)} / ${so.p95.toFixed(2)}`, `${sb.median.toFixed(2)} / ${sb.p95.toFixed(2)}`, `${(sb.median / so.median).toFixed(1)}×`]);
    }
    const so = stats(all.ours);
    const sb = stats(all.base);
    rows.push(['all keystrokes', `${so.median.toFixed(2)} / ${so.p95.toFixed(2)}`, `${sb.median.toFixed(2)} / ${sb.p95.toFixed(2)}`, `${(sb.median / so.median).toFixed(1)}×`]);
    const header = ['queries', 'ours ms (median / p95)', 'LIKE scan ms (median / p95)', 'baseline ÷ ours'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
    console.log(line(header));
    console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
    for (const r of rows) console.log(line(r));
    const met = so.median < 20;
    console.log(`Goal: under 20 ms median per query: ${met ? 'met' : 'NOT met'} (${so.median.toFixed(2)} ms).`);
    if (!met) process.exitCode = 1;
  } finally {
    store.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
