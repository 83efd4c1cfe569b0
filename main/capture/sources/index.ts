export * from './types';
export { FileSource } from './files';
export { FolderWatcher, MemorySeenStore, type SeenStore, type FolderWatchEvent, type FolderWatchOptions, type FolderFileHandler, type WatchedFile } from './folder-watch';
export { SaneSource, type SaneSourceOptions, type SaneDeviceOptions } from './sane';
export { WiaSource, type WiaSourceOptions } from './wia';
