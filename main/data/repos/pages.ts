import type { Db } from '../database';
import type { Page } from '../../../shared/domain/schemas';
import type { OcrLine } from '../../ocr/types';
import type { ImagePlacement, QuarterTurn } from '../../imaging/placement';
import { bool, json } from './rows';

interface PageRow {
  id: string;
  component_id: string;
  sequence: number;
  image_id: string;
  image_ext: string;
  thumb_id: string | null;
  source_name: string;
  width: number;
  height: number;
  dpi: number;
  color: number;
  rotation: number;
  blank: number;
  ocr_status: Page['ocrStatus'];
  confidence: number | null;
  needs_review: number;
  error: string | null;
  text: string;
  lines_json: string;
  text_source: string;
  source_pdf_id: string | null;
  source_pdf_page: number | null;
  image_turn: number;
  image_skew: number;
}

const placementOf = (r: { image_turn: number; image_skew: number }): ImagePlacement | null =>
  r.image_turn === 0 && r.image_skew === 0 ? null : { turn: r.image_turn as QuarterTurn, skew: r.image_skew };

const toPage = (r: PageRow): Page => ({
  id: r.id,
  componentId: r.component_id,
  sequence: r.sequence,
  imageId: r.image_id,
  sourceName: r.source_name,
  width: r.width,
  height: r.height,
  dpi: r.dpi,
  color: bool(r.color),
  rotation: r.rotation as Page['rotation'],
  blank: bool(r.blank),
  ocrStatus: r.ocr_status,
  confidence: r.confidence,
  needsReview: bool(r.needs_review),
  error: r.error,
});

export interface StoredPage extends Page {
  imageExt: string;
  thumbId: string | null;
  text: string;
  lines: OcrLine[];
  textSource: 'ocr' | 'pdf' | 'manual';
  sourcePdfId: string | null;
  sourcePdfPage: number | null;
  /** How the stored image is laid upright (null: it is upright); width and height are the page's. */
  placement: ImagePlacement | null;
}

const toStored = (r: PageRow): StoredPage => ({
  ...toPage(r),
  imageExt: r.image_ext,
  thumbId: r.thumb_id,
  text: r.text,
  lines: json<OcrLine[]>(r.lines_json, []),
  textSource: r.text_source as StoredPage['textSource'],
  sourcePdfId: r.source_pdf_id,
  sourcePdfPage: r.source_pdf_page,
  placement: placementOf(r),
});

export interface NewPage {
  id: string;
  componentId: string;
  imageId: string;
  imageExt: string;
  thumbId: string | null;
  sourceName: string;
  sourceSha256: string | null;
  width: number;
  height: number;
  dpi: number;
  color: boolean;
  rotation: number;
  blank: boolean;
  ocrStatus: Page['ocrStatus'];
  text: string;
  textSource: StoredPage['textSource'];
  sourcePdfId: string | null;
  sourcePdfPage: number | null;
  placement: ImagePlacement | null;
  at: string;
}

export class PagesRepo {
  constructor(private readonly db: Db) {}

  insert(p: NewPage): void {
    const { placement, ...row } = p;
    const seq = (this.db.prepare('SELECT coalesce(max(sequence), 0) + 1 AS s FROM pages WHERE component_id = ?').get(p.componentId) as { s: number }).s;
    this.db
      .prepare(
        `INSERT INTO pages (id, component_id, sequence, image_id, image_ext, thumb_id, source_name, source_sha256, width, height, dpi, color,
           rotation, blank, ocr_status, text, text_source, source_pdf_id, source_pdf_page, image_turn, image_skew, created_at, updated_at)
         VALUES (@id, @componentId, @seq, @imageId, @imageExt, @thumbId, @sourceName, @sourceSha256, @width, @height, @dpi, @color,
           @rotation, @blank, @ocrStatus, @text, @textSource, @sourcePdfId, @sourcePdfPage, @imageTurn, @imageSkew, @at, @at)`,
      )
      .run({ ...row, seq, color: p.color ? 1 : 0, blank: p.blank ? 1 : 0, imageTurn: placement?.turn ?? 0, imageSkew: placement?.skew ?? 0 });
  }

  get(id: string): StoredPage | null {
    const r = this.db.prepare('SELECT * FROM pages WHERE id = ?').get(id) as PageRow | undefined;
    return r ? toStored(r) : null;
  }

  list(componentId: string): StoredPage[] {
    return (this.db.prepare('SELECT * FROM pages WHERE component_id = ? ORDER BY sequence').all(componentId) as PageRow[]).map(toStored);
  }

  /** Pages whose OCR was interrupted (killed process) or never ran: resumed at start-up. */
  unfinished(): StoredPage[] {
    return (this.db.prepare("SELECT * FROM pages WHERE ocr_status IN ('pending','running') ORDER BY created_at").all() as PageRow[]).map(toStored);
  }

  /** Pages whose OCR failed fewer than `maxAttempts` times (a full disk, a worker that died): retried at start. */
  retryable(maxAttempts: number): StoredPage[] {
    return (this.db.prepare("SELECT * FROM pages WHERE ocr_status = 'failed' AND text_source = 'ocr' AND blank = 0 AND ocr_attempts < ? ORDER BY created_at").all(maxAttempts) as PageRow[]).map(toStored);
  }

  /** OCR starts on the page: 'running', one more attempt counted. */
  startOcr(id: string, at: string): number {
    this.db.prepare("UPDATE pages SET ocr_status = 'running', ocr_attempts = ocr_attempts + 1, updated_at = ? WHERE id = ?").run(at, id);
    return (this.db.prepare('SELECT ocr_attempts AS n FROM pages WHERE id = ?').get(id) as { n: number } | undefined)?.n ?? 0;
  }

  setOcrStatus(id: string, status: Page['ocrStatus'], at: string, error: string | null = null): void {
    this.db.prepare('UPDATE pages SET ocr_status = ?, error = ?, updated_at = ? WHERE id = ?').run(status, error, at, id);
  }

  setText(id: string, t: { text: string; lines: OcrLine[]; confidence: number | null; needsReview: boolean; source: StoredPage['textSource']; folded: string; at: string }): void {
    this.db
      .prepare(
        `UPDATE pages SET text = ?, lines_json = ?, confidence = ?, needs_review = ?, text_source = ?, ocr_status = ?, error = NULL, updated_at = ? WHERE id = ?`,
      )
      // Text taken from a PDF's own text layer was never OCRed: the page stays 'skipped'.
      .run(t.text, JSON.stringify(t.lines), t.confidence, t.needsReview ? 1 : 0, t.source, t.source === 'pdf' ? 'skipped' : 'done', t.at, id);
    this.db.prepare('DELETE FROM page_text_fts WHERE page_id = ?').run(id);
    if (t.folded) this.db.prepare('INSERT INTO page_text_fts (page_id, folded) VALUES (?, ?)').run(id, t.folded);
  }

  setImage(id: string, img: { imageId: string; imageExt: string; thumbId: string | null; width: number; height: number; rotation: number; placement: ImagePlacement | null; at: string }): void {
    this.db
      .prepare('UPDATE pages SET image_id = ?, image_ext = ?, thumb_id = ?, width = ?, height = ?, rotation = ?, image_turn = ?, image_skew = ?, updated_at = ? WHERE id = ?')
      .run(img.imageId, img.imageExt, img.thumbId, img.width, img.height, img.rotation, img.placement?.turn ?? 0, img.placement?.skew ?? 0, img.at, id);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM page_text_fts WHERE page_id = ?').run(id);
    this.db.prepare('DELETE FROM pages WHERE id = ?').run(id);
  }

  /** Rewrites the sequence 1..n in the given order (ids not listed keep their relative order after). */
  renumber(componentId: string, orderedIds: string[]): void {
    const rest = this.list(componentId)
      .map((p) => p.id)
      .filter((id) => !orderedIds.includes(id));
    const all = [...orderedIds, ...rest];
    // Two passes: negative sequences first so no intermediate state breaks ordering assumptions.
    const set = this.db.prepare('UPDATE pages SET sequence = ?, component_id = ? WHERE id = ?');
    all.forEach((id, i) => set.run(-(i + 1), componentId, id));
    all.forEach((id, i) => set.run(i + 1, componentId, id));
  }

  move(pageIds: string[], toComponentId: string): void {
    const base = (this.db.prepare('SELECT coalesce(max(sequence), 0) AS s FROM pages WHERE component_id = ?').get(toComponentId) as { s: number }).s;
    const set = this.db.prepare('UPDATE pages SET component_id = ?, sequence = ? WHERE id = ?');
    pageIds.forEach((id, i) => set.run(toComponentId, base + i + 1, id));
  }

  search(match: string, limit: number): { pageId: string; snippet: string }[] {
    return this.db
      .prepare(`SELECT page_id AS pageId, snippet(page_text_fts, 1, '[', ']', '…', 12) AS snippet FROM page_text_fts WHERE page_text_fts MATCH ? LIMIT ?`)
      .all(match, limit) as { pageId: string; snippet: string }[];
  }

  hitContext(pageId: string): { dossierId: string; dossierCode: string; componentId: string; componentName: string; pageSequence: number } | null {
    const r = this.db
      .prepare(
        `SELECT d.id AS dossierId, d.code AS dossierCode, c.id AS componentId, c.name AS componentName, p.sequence AS pageSequence
         FROM pages p JOIN components c ON c.id = p.component_id JOIN dossiers d ON d.id = c.dossier_id WHERE p.id = ?`,
      )
      .get(pageId);
    return (r as ReturnType<PagesRepo['hitContext']>) ?? null;
  }

  imageRef(imageId: string): { ext: string; placement: ImagePlacement | null } | null {
    const r = this.db.prepare('SELECT image_ext, image_turn, image_skew FROM pages WHERE image_id = ? LIMIT 1').get(imageId) as
      | { image_ext: string; image_turn: number; image_skew: number }
      | undefined;
    return r ? { ext: r.image_ext, placement: placementOf(r) } : null;
  }

  /** The renderer names a thumbnail by its page image (the id it knows); the thumb has its own hash. */
  thumbOfImage(imageId: string): string | null {
    const r = this.db.prepare('SELECT thumb_id FROM pages WHERE image_id = ? AND thumb_id IS NOT NULL LIMIT 1').get(imageId) as { thumb_id: string } | undefined;
    return r?.thumb_id ?? null;
  }

  sourcePdfKnown(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM pages WHERE source_pdf_id = ? LIMIT 1').get(id) !== undefined;
  }

  // --- de-duplication of imported source files ---------------------------------------------------
  importedFile(sha256: string): { name: string; componentId: string | null } | null {
    const r = this.db.prepare('SELECT name, component_id AS componentId FROM imported_files WHERE sha256 = ?').get(sha256);
    return (r as { name: string; componentId: string | null } | undefined) ?? null;
  }

  rememberImport(sha256: string, name: string, source: string, componentId: string | null, at: string): boolean {
    const info = this.db
      .prepare('INSERT OR IGNORE INTO imported_files (sha256, name, source, component_id, imported_at) VALUES (?, ?, ?, ?, ?)')
      .run(sha256, name, source, componentId, at);
    return info.changes === 1;
  }

  forgetImport(sha256: string): void {
    this.db.prepare('DELETE FROM imported_files WHERE sha256 = ?').run(sha256);
  }
}
