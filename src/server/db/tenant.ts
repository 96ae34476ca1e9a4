import { ObjectId, type Collection, type Db, type Document, type Filter, type FindOptions, type UpdateFilter, type FindOneAndUpdateOptions, type OptionalUnlessRequiredId, type UpdateOptions, type CountDocumentsOptions, type WithId } from 'mongodb';

/**
 * A workspace id that came from a checked membership (or a super admin's explicit choice).
 * Tenant queries require this brand, so a query that forgets the workspace does not compile.
 */
export type WorkspaceId = ObjectId & { readonly __brand: 'WorkspaceId' };

export const asWorkspaceId = (id: ObjectId): WorkspaceId => id as WorkspaceId;

export interface TenantDocument extends Document {
  workspace_id: ObjectId;
}

/** Every filter on tenant data names its workspace. */
export type TenantFilter<T extends TenantDocument> = Filter<T> & { workspace_id: WorkspaceId };

/** A collection of tenant documents whose methods only accept workspace-keyed filters. */
export class TenantCollection<T extends TenantDocument> {
  readonly raw: Collection<T>;

  constructor(readonly db: Db, name: string) {
    this.raw = db.collection<T>(name);
  }

  findOne(filter: TenantFilter<T>, options?: FindOptions): Promise<WithId<T> | null> {
    return this.raw.findOne(filter, options);
  }

  find(filter: TenantFilter<T>, options?: FindOptions) {
    return this.raw.find(filter, options);
  }

  insertOne(doc: OptionalUnlessRequiredId<T> & { workspace_id: WorkspaceId }) {
    return this.raw.insertOne(doc);
  }

  updateOne(filter: TenantFilter<T>, update: UpdateFilter<T>, options?: UpdateOptions) {
    return this.raw.updateOne(filter, update, options);
  }

  findOneAndUpdate(filter: TenantFilter<T>, update: UpdateFilter<T>, options: FindOneAndUpdateOptions = {}) {
    return this.raw.findOneAndUpdate(filter, update, { returnDocument: 'after', ...options });
  }

  deleteOne(filter: TenantFilter<T>) {
    return this.raw.deleteOne(filter);
  }

  countDocuments(filter: TenantFilter<T>, options?: CountDocumentsOptions) {
    return this.raw.countDocuments(filter, options);
  }
}

/** Parses an id from a URL; malformed ids are simply "not found" (api.md). */
export function parseObjectId(value: string): ObjectId | null {
  return /^[0-9a-f]{24}$/i.test(value) ? new ObjectId(value) : null;
}
