// TEMPORARY stub until the capture/OCR/PDF modules land (replaced in the next slice).
import type { Handlers } from '../api/dispatch';
import { AppError } from '../../shared/contract/errors';
import type { ServiceContext } from './context';
import type { StoredFile } from '../core/types';
import type { FileKind } from '../../shared/contract/transport';

type DigitizeMethods = 'capture.devices' | 'capture.status' | 'capture.setTarget' | 'digitize.importFiles' | 'digitize.scan' | 'digitize.pages' | 'digitize.reorder' | 'digitize.rotate' | 'digitize.deletePage' | 'digitize.movePages' | 'digitize.pageText' | 'digitize.correctPage' | 'digitize.buildPdf' | 'jobs.get' | 'search.fullText';

export function createDigitizer(_ctx: ServiceContext, _opts: { ocrPoolSize?: number; ocrFactory?: unknown }) {
  const notYet = () => {
    throw new AppError('NOT_FOUND', 'Chức năng số hóa đang được xây dựng.');
  };
  const handlers = Object.fromEntries(
    (['capture.devices', 'capture.status', 'capture.setTarget', 'digitize.importFiles', 'digitize.scan', 'digitize.pages', 'digitize.reorder', 'digitize.rotate', 'digitize.deletePage', 'digitize.movePages', 'digitize.pageText', 'digitize.correctPage', 'digitize.buildPdf', 'jobs.get', 'search.fullText'] as const).map((m) => [m, notYet]),
  ) as unknown as Pick<Handlers, DigitizeMethods>;
  return {
    handlers,
    resolveFile: (_kind: FileKind, _id: string): StoredFile | null => null,
    close: async () => {},
  };
}
