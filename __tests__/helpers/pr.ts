/** A small pull request of our own, shaped as the GitHub adapter returns it. */
import type { PullRequestSnapshot } from '../../src/engine/context.js';

export const APP_PATCH = `@@ -1,5 +1,8 @@
 import { db } from './db';
 
-export function find(id) {
-  return db.query('SELECT * FROM users WHERE id = ' + id);
+export function find(id: string) {
+  const sql = 'SELECT * FROM users WHERE id = ' + id;
+  console.log(sql);
+  return db.query(sql);
 }
+
+export const token = Math.random().toString(36);`;

export function samplePr(overrides: Partial<PullRequestSnapshot> = {}): PullRequestSnapshot {
  return {
    number: 7,
    title: 'Look users up by id',
    body: 'Adds logging.',
    author: 'octocat',
    draft: false,
    labels: [],
    baseRef: 'main',
    baseSha: 'a'.repeat(40),
    headRef: 'feature',
    headSha: 'b'.repeat(40),
    fork: false,
    url: 'https://github.com/o/r/pull/7',
    files: [
      { path: 'src/users.ts', status: 'modified', additions: 6, deletions: 2, patch: APP_PATCH },
      { path: 'assets/logo.png', status: 'added', additions: 0, deletions: 0 },
      { path: 'package-lock.json', status: 'modified', additions: 10, deletions: 4, patch: '@@ -1 +1 @@\n-a\n+b' }
    ],
    filesTotal: 3,
    ...overrides
  };
}
