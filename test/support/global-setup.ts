import type { TestProject } from 'vitest/node';
import postgres from 'postgres';
import { createDatabase } from '../../src/db/client.js';
import { adminUrl, databaseUrl, templateDatabaseName } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

/** Migrates a template database once; each test file clones it into a database of its own. */
export default async function setup(project: TestProject) {
  const name = templateDatabaseName();
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);

  const template = createDatabase({ databaseUrl: databaseUrl(name) });
  await template.migrate();
  await template.close();
  project.provide('templateDatabase', name);

  return async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
}
