import { performance } from 'node:perf_hooks';
import { createApp } from '../../src/app.js';
import { adminViewer } from '../../src/auth/viewer.js';
import { defineConfig } from '../../src/config.js';
import { fileFeed } from '../../src/feeds/files.js';
import { importFeed } from '../../src/feeds/service.js';

/*
 * One import in a process of its own, so that its peak memory is the importer's alone. Usage:
 * import-main.ts DATABASE_URL DISTRIBUTOR_ID FILE... Prints one JSON line: time, peak RSS, report.
 */

const [databaseUrl, distributorId, ...files] = process.argv.slice(2);
const app = createApp(
  defineConfig({
    databaseUrl: databaseUrl!,
    adminApiKey: 'bench-admin-key-that-is-long-enough',
    logLevel: 'silent',
  }),
);
try {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const report = await importFeed(app.contextFor(adminViewer), Number(distributorId), {
    format: 'COMMERCEML',
    mode: 'FULL',
    files: files.map((path) => fileFeed(path)),
  });
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  const { warnings, errors, ...counts } = report;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ ms, cpuMs, peakRssMb, counts, warnings: warnings.length, errors }));
} finally {
  await app.close();
}
