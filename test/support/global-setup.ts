import type { TestProject } from 'vitest/node';
import postgres from 'postgres';
import { createDatabase } from '../../src/db/client.js';
import { adminUrl, databaseUrl, TEMPLATE_DATABASE } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

/** Migrates a template database once; each test file clones it into a database of its own. */
export default async function setup(project: TestProject) {
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${TEMPLATE_DATABASE} with (force)`);
    await admin.unsafe(`create database ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }

  const template = createDatabase({ databaseUrl: databaseUrl(TEMPLATE_DATABASE) });
  await template.migrate();
  await template.close();
  project.provide('templateDatabase', TEMPLATE_DATABASE);
}
