/**
 * Reads the knowledge-base sources from disk for the compiler (Node only: the build,
 * `kb:check`, eval and bench).
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { compileKb, KbError, type CompiledKb, type KbSources, type SourceFile, type WorldCountry } from '../../utils/kb/compile';

const require = createRequire(import.meta.url);

function readYaml(root: string, path: string): SourceFile {
  const file = relative(root, path);
  try {
    return { file, data: parse(readFileSync(path, 'utf8'), { prettyErrors: true }) };
  } catch (err) {
    throw new KbError([{ file, message: `not valid YAML: ${(err as Error).message}` }]);
  }
}

/** `only`: load just these actor files (paths relative to the root), to check one file alone. */
export function loadKbSources(root = process.cwd(), only?: string[]): KbSources {
  const kb = join(root, 'kb');
  const actorsDir = join(kb, 'actors');
  const entityFiles = existsSync(actorsDir)
    ? readdirSync(actorsDir)
        .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
        .sort()
        .map((f) => join(actorsDir, f))
        .filter((path) => !only || only.some((o) => join(root, o) === path))
        .map((path) => readYaml(root, path))
    : [];
  const countriesPath = join(kb, 'countries.yml');
  const blockersPath = join(kb, 'blockers.yml');
  const pkg = require('world-countries/package.json') as { version: string };
  return {
    entityFiles,
    countryFile: existsSync(countriesPath) ? readYaml(root, countriesPath) : undefined,
    blockerFile: existsSync(blockersPath) ? readYaml(root, blockersPath) : undefined,
    countries: require('world-countries') as WorldCountry[],
    countriesSource: `world-countries ${pkg.version}`,
  };
}

export function compileFromDisk(root = process.cwd(), only?: string[]): CompiledKb {
  return compileKb(loadKbSources(root, only));
}
