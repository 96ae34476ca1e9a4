import { BSON, type Document } from 'mongodb';

// The metadata.json document mongodump writes per collection (mongodump/metadata_dump.go):
// {options?, indexes, uuid?, collectionName, type?} as canonical Extended JSON v2, which is
// the only form mongorestore parses (bson.UnmarshalExtJSON with canonicalOnly=true).

export interface CollectionMetadataParts {
  collectionName: string;
  options?: Document;
  indexes: Document[];
  /** Big-endian hex, as mongodump writes it. */
  uuid?: string;
  type?: string;
}

/** Builds the document with mongodump's field order and omissions. */
export function buildCollectionMetadata(parts: CollectionMetadataParts): Document {
  const metadata: Document = {};
  if (parts.options && Object.keys(parts.options).length > 0) metadata.options = parts.options;
  metadata.indexes = parts.indexes;
  if (parts.uuid) metadata.uuid = parts.uuid;
  metadata.collectionName = parts.collectionName;
  if (parts.type) metadata.type = parts.type;
  return metadata;
}

export function serializeCollectionMetadata(metadata: Document): string {
  return BSON.EJSON.stringify(metadata, { relaxed: false });
}

/** Parses metadata JSON; an empty string (mongodump writes one for some views) means none. */
export function parseCollectionMetadata(json: string): Document {
  if (json.trim() === '') return {};
  const parsed: unknown = BSON.EJSON.parse(json, { relaxed: false });
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SyntaxError('collection metadata is not a JSON object');
  }
  return parsed as Document;
}

/** The collection type recorded in metadata, "collection" when absent. */
export function collectionTypeOf(metadata: Document): string {
  return typeof metadata.type === 'string' && metadata.type !== '' ? metadata.type : 'collection';
}
