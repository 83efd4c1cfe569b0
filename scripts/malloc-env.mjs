// Environment for the processes we launch on Linux (the desk app via `npm start`, the benchmarks).
// glibc's allocator keeps freed memory of large page buffers instead of returning it:
//  - each libvips thread gets its own malloc arena (MALLOC_ARENA_MAX caps them at two);
//  - after a large block is freed, glibc raises its mmap threshold to that block's size (up to
//    32 MB), so later page-sized buffers come from the main heap, which fragments and only shrinks
//    from the top. Measured over a 50-page run: 270 MB of heap held, 39 MB with a fixed threshold.
// A fixed MALLOC_MMAP_THRESHOLD_ keeps every buffer over 128 KB in its own mapping, returned to
// the system when freed. Other platforms' allocators are not affected and get nothing.
export function mallocEnv(env = process.env) {
  if (process.platform !== 'linux') return { ...env };
  return { ...env, MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? '2', MALLOC_MMAP_THRESHOLD_: env.MALLOC_MMAP_THRESHOLD_ ?? '131072' };
}
