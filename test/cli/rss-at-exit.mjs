// Preloaded into a `steward` child (node --import) by log-profile-cli.test.ts: prints the process's
// peak RSS (getrusage, KiB) on stderr as it exits, so the test measures the whole real process.
process.on('exit', () => process.stderr.write(`steward-max-rss-kib ${process.resourceUsage().maxRSS}\n`));
