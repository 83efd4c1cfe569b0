import type { Db } from '../database';

/** The first answer to one idempotent call, by the client's request id. */
export interface LoggedRequest {
  requestId: string;
  officerId: string | null;
  method: string;
  inputHash: string;
  responseJson: string;
  at: string;
}

interface Row {
  request_id: string;
  officer_id: string | null;
  method: string;
  input_hash: string;
  response_json: string;
  at: string;
}

export class RequestLogRepo {
  constructor(private readonly db: Db) {}

  get(requestId: string): LoggedRequest | null {
    const r = this.db.prepare('SELECT * FROM request_log WHERE request_id = ?').get(requestId) as Row | undefined;
    return r
      ? { requestId: r.request_id, officerId: r.officer_id, method: r.method, inputHash: r.input_hash, responseJson: r.response_json, at: r.at }
      : null;
  }

  /** Call in the transaction of the write it answers (a duplicate id fails the whole transaction). */
  insert(e: LoggedRequest): void {
    this.db
      .prepare('INSERT INTO request_log (request_id, officer_id, method, input_hash, response_json, at) VALUES (@requestId, @officerId, @method, @inputHash, @responseJson, @at)')
      .run(e);
  }

  /** Forgets answers older than `before` (ISO instant); returns how many. */
  prune(before: string): number {
    return this.db.prepare('DELETE FROM request_log WHERE at < ?').run(before).changes;
  }
}
