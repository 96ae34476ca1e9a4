// Delivery reports come from Core page by page; nothing is stored or buffered in MC.
import { Readable } from 'node:stream';
import type { AppContext } from '../app-context.js';
import { csvRow } from '../audit/audit-csv.js';
import type { CoreMessage, CoreMessagePage } from '../core/core-types.js';

/** Rows per Core page while exporting: large enough to keep the calls few, small enough to stay far below CORE_MAX_RESPONSE_BYTES. */
export const EXPORT_PAGE_SIZE = 1000;
/** A cursor loop in Core must not make an export run forever: 10 billion rows is beyond any campaign. */
const MAX_EXPORT_PAGES = 10_000_000;

export const REPORT_CSV_HEADER = csvRow(['number', 'status', 'error', 'parts', 'time']);

export const reportCsvRow = (m: CoreMessage): string => csvRow([m.number, m.status, m.error, String(m.parts), m.updated_at]);

/**
 * The CSV export as a stream. The first page is fetched by the caller before answering (so a Core
 * outage is still a clean 503); each later page is fetched only when the client has read the
 * previous one, so a slow download never piles rows up in memory, and a client that leaves stops it.
 */
export function deliveryReportCsv(app: AppContext, jobId: string, first: CoreMessagePage, requestId: string): Readable {
  async function* rows(): AsyncGenerator<string> {
    yield REPORT_CSV_HEADER;
    let page = first;
    for (let n = 0; n < MAX_EXPORT_PAGES; n++) {
      yield page.items.map(reportCsvRow).join('');
      if (page.next_cursor === null) return;
      page = await app.core.core.listMessages(jobId, page.next_cursor, EXPORT_PAGE_SIZE, requestId);
    }
  }
  const stream = Readable.from(rows(), { objectMode: false });
  stream.on('error', (err) => app.logger.warn({ err: err.message, jobId, requestId }, 'delivery report export stopped'));
  return stream;
}
