// Public surface of the backup domain: mongodump-compatible archives and dump directories.
export { ArchiveFormatError, type ArchiveEvent, type ArchiveHeader, type ArchivedCollection } from './archive-format.js';
export { readArchive } from './archive-reader.js';
export { writeArchive, type ArchiveCollectionDump, type ArchiveWriterOptions, type CollectionDump } from './archive-writer.js';
export { backupDatabase, type BackupLocation, type BackupOptions, type BackupResult } from './backup-database.js';
export { readDumpDirectory } from './dump-directory-reader.js';
export { clearDumpDirectory, writeDumpDirectory, type DumpDirectoryOptions, type DumpDirectoryResult } from './dump-directory-writer.js';
export { findMongoTool, type MongoToolName } from './find-mongo-tool.js';
export { restoreDatabase, type RestoreOptions, type RestoreSummary } from './restore-database.js';
export { compareDigests, digestDatabase, DigestBuilder, verifyBackup, type DatabaseDigest, type VerifyResult } from './verify-backup.js';
