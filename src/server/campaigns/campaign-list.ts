import { escapeRegex } from '../http/literal-search.js';
import { ObjectId, type Db, type Filter } from 'mongodb';
import type { WorkspaceId } from '../db/tenant.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { badRequest } from '../http/errors.js';
import type { CampaignMode, CampaignStatus } from '../../domain/campaign-lifecycle.js';
import { campaignsCollection, type CampaignDoc } from './campaign-store.js';

/** Search input is matched literally (security.md). */

export interface CampaignListFilter {
  archived: boolean;
  status?: CampaignStatus | undefined;
  mode?: CampaignMode | undefined;
  author?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  q?: string | undefined;
}

interface PageCursor {
  t: string;
  id: string;
}

function parseCursor(raw: string | undefined): { t: Date; id: ObjectId } | null {
  const c = decodeCursor<PageCursor>(raw);
  if (c === null) return null;
  const t = new Date(typeof c.t === 'string' ? c.t : Number.NaN);
  if (Number.isNaN(t.getTime()) || typeof c.id !== 'string' || !/^[0-9a-f]{24}$/.test(c.id))
    throw badRequest([{ path: 'query.cursor', reason: 'not a cursor from this API', rule: 'invalid_cursor' }]);
  return { t, id: new ObjectId(c.id) };
}

/**
 * One workspace's page, newest first. The filter starts with equality on workspace_id and
 * `archived` (or `status`), which FerretDB pushes down and the `workspace_list` /
 * `workspace_status_list` indexes serve; the rest is applied to that bounded set.
 */
function pageQuery(
  workspaceId: WorkspaceId,
  f: CampaignListFilter,
  after: { t: Date; id: ObjectId } | null,
): Filter<CampaignDoc> & { workspace_id: WorkspaceId } {
  const filter: Filter<CampaignDoc> & { workspace_id: WorkspaceId } = { workspace_id: workspaceId, archived: f.archived };
  if (f.status) filter.status = f.status;
  if (f.mode) filter.mode = f.mode;
  if (f.author) filter.created_by = new ObjectId(f.author);
  const and: Filter<CampaignDoc>[] = [];
  if (f.from || f.to) filter.created_at = { ...(f.from ? { $gte: f.from } : {}), ...(f.to ? { $lte: f.to } : {}) };
  if (f.q) and.push({ $or: [{ name: { $regex: escapeRegex(f.q), $options: 'i' } }, { external_id: f.q.toLowerCase() }] });
  if (after) and.push({ $or: [{ created_at: { $lt: after.t } }, { created_at: after.t, _id: { $lt: after.id } }] });
  if (and.length) filter.$and = and;
  return filter;
}

const newestFirst = (a: CampaignDoc, b: CampaignDoc) =>
  b.created_at.getTime() - a.created_at.getTime() || b._id.toHexString().localeCompare(a._id.toHexString());

/** A page over one or several workspaces (each queried by equality, then merged newest first). */
export async function listCampaigns(
  db: Db,
  workspaceIds: WorkspaceId[],
  f: CampaignListFilter,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ items: CampaignDoc[]; next_cursor: string | null }> {
  const after = parseCursor(page.cursor);
  const coll = campaignsCollection(db);
  const rows = (
    await Promise.all(
      workspaceIds.map((id) => coll.find(pageQuery(id, f, after)).sort({ created_at: -1, _id: -1 }).limit(page.limit + 1).toArray()),
    )
  )
    .flat()
    .sort(newestFirst);
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items,
    next_cursor: rows.length > page.limit && last ? encodeCursor({ t: last.created_at.toISOString(), id: last._id.toHexString() } satisfies PageCursor) : null,
  };
}
