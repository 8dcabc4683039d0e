// Preloaded into every measured process (`node -r bench/rss.cjs …`): reports the peak resident set size at exit
// on stderr, so that the bench measures whole processes, workers included. Worker threads load this preload
// too: they only say that they started (so the bench can tell how many threads a run used), since maxRSS is
// per process and the main thread reports it.
const { isMainThread } = require('node:worker_threads');

if (isMainThread) {
  process.on('exit', () => {
    process.stderr.write(`\nBENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`);
  });
} else {
  process.stderr.write('\nBENCH_WORKER\n');
}
