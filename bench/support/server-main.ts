import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createApp, type App } from '../../src/app.js';
import { defineConfig } from '../../src/config.js';
import { retainedMemory, type ServerCommand, type ServerReply, type Usage } from './server.js';

/*
 * The Interdist server of a benchmark, in a process of its own as in production, so that its
 * CPU time (and its profile) is not mixed with the load generator's. It is driven over IPC.
 */

let app: App | null = null;
let profiler: Session | null = null;
let since: { cpu: NodeJS.CpuUsage; elu: ReturnType<typeof performance.eventLoopUtilization> };

async function answer(command: ServerCommand): Promise<ServerReply> {
  switch (command.type) {
    case 'start': {
      app = createApp(
        defineConfig({
          adminApiKey: command.adminApiKey,
          logLevel: command.logLevel,
          databaseUrl: command.databaseUrl,
        }),
      );
      await app.database.migrate();
      app.server.listen(0, '127.0.0.1');
      await once(app.server, 'listening');

      return { type: 'listening', port: (app.server.address() as AddressInfo).port };
    }
    case 'measure': {
      if (command.profile) {
        profiler = new Session();
        profiler.connect();
        await profiler.post('Profiler.enable');
        await profiler.post('Profiler.start');
      }
      since = { cpu: process.cpuUsage(), elu: performance.eventLoopUtilization() };

      return { type: 'measuring' };
    }
    case 'usage': {
      const cpu = process.cpuUsage(since.cpu);
      const usage: Usage = {
        cpuMs: (cpu.user + cpu.system) / 1000,
        systemMs: cpu.system / 1000,
        eventLoopUtilization: performance.eventLoopUtilization(since.elu).utilization,
        profile: null,
      };
      if (profiler && command.profileFile) {
        const { profile } = await profiler.post('Profiler.stop');
        await writeFile(command.profileFile, JSON.stringify(profile));
        profiler.disconnect();
        profiler = null;
        usage.profile = command.profileFile;
      }

      return { type: 'usage', usage };
    }
    case 'memory':
      return { type: 'memory', memory: retainedMemory() };
    case 'stop': {
      await app?.close();
      return { type: 'stopped' };
    }
  }
}

// Without its harness (killed, or interrupted) the server has no one to stop it.
process.on('disconnect', () => process.exit(0));

process.on('message', (message: { id: number; command: ServerCommand }) => {
  answer(message.command).then(
    (reply) => {
      process.send?.({ id: message.id, reply }, undefined, {}, () => {
        if (reply.type === 'stopped') process.exit(0);
      });
    },
    (error: unknown) => {
      console.error(`The benchmark server failed to ${message.command.type}`, error);
      process.exit(1);
    },
  );
});
