/**
 * `npm run kb:check`: compiles the knowledge base and runs the editorial checks; exits
 * non-zero on any problem, listing each with its file and id.
 */
import { compileFromDisk } from './kb/load-sources';
import { KbError, formatProblem } from '../utils/kb/compile';
import { editorialChecks } from '../utils/kb/check';

try {
  // --only kb/actors/x.yml [...]: check those actor files alone (with the countries).
  const at = process.argv.indexOf('--only');
  const only = at >= 0 ? process.argv.slice(at + 1) : undefined;
  const kb = compileFromDisk(process.cwd(), only);
  const problems = [...kb.warnings, ...editorialChecks(kb)];
  const { stats } = kb;
  console.log(`${stats.entities} entities, ${stats.aliases} aliases (en ${stats.aliasesByLang.en}, fr ${stats.aliasesByLang.fr})`);
  console.log(Object.entries(stats.byKind).map(([k, n]) => `${k} ${n}`).join(', '));
  if (problems.length) {
    console.error(`\n${problems.length} problem(s):\n` + problems.map(formatProblem).join('\n'));
    process.exit(1);
  }
  console.log('kb: ok');
} catch (err) {
  if (err instanceof KbError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
