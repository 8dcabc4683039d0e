// Preloaded into every measured process (`node -r bench/rss.cjs …`): reports the peak resident set size at exit
// on stderr, so that the bench measures whole processes, workers included.
process.on('exit', () => {
  process.stderr.write(`\nBENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`);
});
