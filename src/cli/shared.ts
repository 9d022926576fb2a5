/** Where the CLI reads shared loops: npm: from the repository's node_modules (loadProject's default), github: through the API with GITHUB_TOKEN. */
import { apiUrlFromEnv, createOctokit, GitHubSharedLoops } from '../github/index.js';
import type { SharedLoopReaders } from '../loop/extends.js';
import type { LoadOptions, LoopFileSource } from '../loop/load.js';

/** loadProject's options for the CLI: a `github:` shared loop without GITHUB_TOKEN is an error naming the variable. */
export function sharedLoopOptions(env: NodeJS.ProcessEnv): LoadOptions {
  const token = env.GITHUB_TOKEN;
  return token ? { github: new GitHubSharedLoops(createOctokit({ token, baseUrl: apiUrlFromEnv(env) })) } : {};
}

/** The readers `loopkit pin` reads the shared files through: the same as loading the project. */
export function sharedReaders(packages: LoopFileSource, env: NodeJS.ProcessEnv): SharedLoopReaders {
  const { github } = sharedLoopOptions(env);
  return { packages, ...(github ? { github } : {}) };
}
