#ifndef CQMARKSYSTEM_H
#define CQMARKSYSTEM_H

/// Exchanges two paths in one atomic step (Linux renameat2 RENAME_EXCHANGE, macOS renamex_np
/// RENAME_SWAP): at every moment each path names one of the two folders. Returns 0, or -1 with
/// errno set (ENOSYS or EINVAL where the platform or file system cannot).
int qmark_exchange_paths(const char *first, const char *second);

#endif
